/* write.c -- creating files, ending the definitions, syncing, and the
 * close steps: the orchestration on top of the writer. It calls
 * write_header.c, write_commit.c and the topic files' fills; none of them
 * calls back here (the shared helpers are write_state.c's). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write.h"

static int is_netcdf4(exs_format fmt)
{
    return fmt == EXS_FORMAT_NETCDF4 || fmt == EXS_FORMAT_NETCDF4_CLASSIC;
}

/* Check options before anything touches the disk. */
int exsi_w_write_check_opts(exs_file *f, const exs_create_opts *o)
{
    if ((int)o->format < EXS_FORMAT_DEFAULT || o->format > EXS_FORMAT_NETCDF4_CLASSIC)
        return exsi_err(f, EXS_EINVAL, "unknown format %d", (int)o->format);
    if (o->float_size != 4 && o->float_size != 8)
        return exsi_err(f, EXS_EINVAL, "float_size %d (4 or 8)", o->float_size);
    if (o->name_len < 1 || o->name_len > 255)
        return exsi_err(f, EXS_EINVAL, "name_len %d (1..255)", o->name_len);
    if (o->deflate < 0 || o->deflate > 9 || o->zstd < 0)
        return exsi_err(f, EXS_EINVAL, "deflate level %d (0..9)", o->deflate);
    if ((o->deflate || o->zstd) && !is_netcdf4(o->format))
        return exsi_err(f, EXS_ENOTSUP, "compression needs a netCDF-4 format");
    if (o->zstd && !exsi_store_has_zstd())
        return exsi_err(f, EXS_ENOTSUP, "zstd compression: this netCDF build has no "
                       "zstd filter (use deflate)");
    if (o->int64 && o->format != EXS_FORMAT_CDF5 && o->format != EXS_FORMAT_NETCDF4)
        return exsi_err(f, EXS_ENOTSUP, "64-bit integers need CDF-5 or netCDF-4 "
                       "(not the classic model)");
    if (o->node_chunk < 0 || o->elem_chunk < 0 || o->nparts < 0)
        return exsi_err(f, EXS_EINVAL, "negative chunk length or part count");
    if (o->flags & ~EXS_SYNC)
        return exsi_err(f, EXS_EINVAL, "unknown create flags 0x%x (EXS_SYNC is 0x%x)",
                       o->flags & ~EXS_SYNC, EXS_SYNC);
    return 0;
}

int exsi_w_write_begin(exs_file *f, const exs_create_opts *o)
{
    exs_create_opts dflt;
    if (!o) {
        exs_create_opts_init(&dflt);
        o = &dflt;
    }
    int rc = exsi_w_write_check_opts(f, o);
    if (rc != 0)
        return rc;
    exsi_core_write_state *w = f->w ? f->w : calloc(1, sizeof *w);
    if (!w)
        return exsi_err(f, EXS_ENOMEM, "writer state");
    if (!f->w)
        w->lock_fd = -1;
    w->opts = *o;
    if (w->opts.format == EXS_FORMAT_DEFAULT)
        w->opts.format = EXS_FORMAT_64BIT_OFFSET;
    if (w->opts.nparts < 1)
        w->opts.nparts = 1;
    w->defining = 1;
    w->created = 1;
    w->len_string = 33;
    w->len_line = 81;
    f->w = w;
    f->mode = EXS_WRITE;
    f->format = f->store->format;
    f->name_len = o->name_len;
    f->float_size = o->float_size;
    f->int_size = o->int64 ? 8 : 4;
    f->int64_status = o->int64 ? 0x1C00 : 0; /* maps, ids, bulk: as libexodus */
    f->compressed = o->deflate > 0 || o->zstd > 0;
    f->title = exsi_w_strdup("");
    return f->title ? 0 : exsi_err(f, EXS_ENOMEM, "title");
}

/* In a parallel handle every rank must take the same branch: the outcome
 * of a collective stage is agreed on before the next one. Serial: rc. */
static int agree_on(exs_file *f, int rc)
{
    return f->parallel ? exsi_err_agree(f, rc) : rc;
}

/* Rank 0 reserved the temporary: every rank learns its name. */
static int share_names(exs_file *f, exsi_core_write_state *w)
{
    int r0 = exsi_comm_rank(f->comm) == 0;
    int64_t len[2] = {0, 0};
    if (r0)
        len[0] = (int64_t)strlen(w->tmp_path) + 1, len[1] = (int64_t)strlen(w->final_path) + 1;
    if (exsi_comm_bcast(f->comm, len, sizeof len, 0) != 0)
        return exsi_err(f, EXS_EMPI, "sharing the temporary's name");
    if (!r0) {
        w->tmp_path = calloc((size_t)len[0], 1);
        w->final_path = calloc((size_t)len[1], 1);
    }
    /* Every rank makes both broadcasts, also one whose allocation failed. */
    char scratch[1];
    int rc = exsi_comm_bcast(f->comm, w->tmp_path ? w->tmp_path : scratch,
                            w->tmp_path ? (size_t)len[0] : 0, 0);
    int rc2 = exsi_comm_bcast(f->comm, w->final_path ? w->final_path : scratch,
                             w->final_path ? (size_t)len[1] : 0, 0);
    if (!w->tmp_path || !w->final_path)
        return exsi_err(f, EXS_ENOMEM, "temporary name");
    return rc || rc2 ? exsi_err(f, EXS_EMPI, "sharing the temporary's name") : 0;
}

static int create_store(exs_file *f, const exs_create_opts *o)
{
    exs_create_opts t = *o;
    t.clobber = 1; /* the temporary exists: rank 0 reserved it */
    if (f->parallel && !is_netcdf4(o->format))
        return exsi_store_pnetcdf_create(f, f->w->tmp_path, &t, f->comm, &f->store);
    return exsi_store_netcdf_create(f, f->w->tmp_path, &t, f->comm, &f->store);
}

int exsi_w_write_create(exs_file *f, const exs_create_opts *o)
{
    int r0 = exsi_comm_rank(f->comm) == 0;
    exsi_core_write_state *w = calloc(1, sizeof *w);
    int rc = w ? 0 : exsi_err(f, EXS_ENOMEM, "writer state");
    if (w) {
        w->lock_fd = -1;
        w->clobber = o->clobber != 0;
        f->w = w;
    }
    if (rc == 0 && r0)
        rc = exsi_w_tmp_reserve(f, w);
    rc = agree_on(f, rc);
    if (rc == 0 && f->parallel)
        rc = agree_on(f, share_names(f, w));
    if (rc == 0)
        rc = agree_on(f, create_store(f, o));
    if (rc == 0 && r0)
        rc = exsi_w_tmp_verify(f, w);
    rc = agree_on(f, rc);
    if (rc == 0)
        rc = agree_on(f, exsi_w_write_begin(f, o));
    return rc ? exsi_w_fail(f, rc) : 0;
}

int exs_create_err(const char *path, const exs_create_opts *opts, exs_file **out,
                   char *msg, size_t msglen)
{
    exs_create_opts dflt;
    if (msg && msglen)
        msg[0] = '\0';
    if (!out)
        return exsi_err_nohandle(msg, msglen, EXS_EINVAL, "exs_create", "f is NULL");
    *out = NULL;
    if (!path)
        return exsi_err_nohandle(msg, msglen, EXS_EINVAL, "exs_create", "path is NULL");
    if (!opts) {
        exs_create_opts_init(&dflt);
        opts = &dflt;
    }
    exs_file *f = exsi_file_alloc(path);
    if (!f)
        return exsi_err_nohandle(msg, msglen, EXS_ENOMEM, "exs_create", "no memory for the handle");
    f->mode = EXS_WRITE;
    int rc = exsi_w_write_check_opts(f, opts);
    if (rc == 0)
        rc = exsi_comm_serial(&f->comm);
    if (rc == 0)
        rc = exsi_w_write_create(f, opts);
    if (rc != 0) {
        if (msg && msglen)
            snprintf(msg, msglen, "%s", f->errmsg);
        exs_close(f);
        return rc;
    }
    *out = f;
    return 0;
}

int exs_create(const char *path, const exs_create_opts *opts, exs_file **out)
{
    return exs_create_err(path, opts, out, NULL, 0);
}

int exs_end_define(exs_file *f)
{
    int rc = exsi_w_enter(f);
    return rc ? rc : exsi_w_ready(f, "exs_end_define");
}

int exs_sync(exs_file *f)
{
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_ready(f, "exs_sync");
    if (rc == 0 && (rc = f->store->ops->sync(f->store)) != 0)
        rc = exsi_w_fail(f, exsi_err_as_write(f, rc));
    if (rc == 0 && (rc = exsi_w_fsync(f)) != 0)
        rc = exsi_w_fail(f, rc);
    return rc;
}

/* A mesh whose coordinates were written at all must have every
 * component written: a missing one would read back as zeros. Agreed over
 * the ranks (a rank with an empty slab still made the call). */
static int check_coords(exs_file *f, exsi_core_write_state *w)
{
    static const char axis[3] = {'x', 'y', 'z'};
    int64_t mine[3] = {0}, any[3] = {0}, some = 0;
    if (!w->created || f->num_nodes <= 0 || f->num_dim <= 0)
        return 0;
    for (int a = 0; a < 3; a++)
        mine[a] = w->coord_written[a];
    if (exsi_comm_allreduce_i64(f->comm, mine, any, 3, EXS_OP_MAX) != 0)
        return exsi_err(f, EXS_EMPI, "agreeing on the coordinates written");
    for (int a = 0; a < f->num_dim; a++)
        some |= any[a];
    for (int a = 0; some && a < f->num_dim; a++)
        if (!any[a])
            return exsi_err(f, EXS_EINVAL, "coordinate %c (axis %d) of the %d-D mesh "
                           "was never written: every component must be (or none)",
                           axis[a], a, f->num_dim);
    return 0;
}

int exsi_w_write_finish(exs_file *f)
{
    exsi_core_write_state *w = f->w;
    if (!w)
        return 0;
    if (w->failed)
        exsi_err_set(f, &w->fail);
    /* A failure on any rank: nobody defines or fills anything more. Each
     * status is agreed once (an agreement prefixes the rank). */
    int rc = agree_on(f, w->failed);
    if (rc == 0 && w->defining && !w->broken && f->store)
        rc = agree_on(f, exsi_w_write_header(f));
    if (rc == 0 && f->store)
        rc = agree_on(f, exsi_map_fill_id_maps(f));
    if (rc == 0 && f->store)
        rc = agree_on(f, exsi_map_fill_order_map(f));
    if (rc == 0 && f->store) /* after the bulk data: write_header.c */
        rc = agree_on(f, exsi_w_fill_tail(f));
    if (rc == 0)
        rc = agree_on(f, check_coords(f, w));
    /* A header that failed mid-definition still leaves define mode; enddef
     * is collective in parallel, so every rank does it if any rank must. */
    int64_t broken = w->broken, any_broken = broken;
    if (f->parallel && exsi_comm_allreduce_i64(f->comm, &broken, &any_broken, 1,
                                              EXS_OP_MAX) != 0 && rc == 0)
        rc = exsi_err(f, EXS_EMPI, "agreeing on the header state");
    if (any_broken && f->store)
        f->store->ops->enddef(f->store);
    if (rc == 0 && f->store && (w->opts.flags & EXS_SYNC)) { /* durability */
        int src = f->store->ops->sync(f->store);
        rc = agree_on(f, src ? exsi_err_as_write(f, src) : 0);
    }
    return exsi_w_fail(f, rc);
}

int exsi_w_write_end(exs_file *f, int rc)
{
    exsi_core_write_state *w = f->w;
    if (!w)
        return rc;
    int r0 = exsi_comm_rank(f->comm) == 0;
    if (w->tmp_path && rc == 0) /* rc is agreed: publish, then agree on that */
        rc = agree_on(f, r0 ? exsi_w_tmp_publish(f, w) : 0);
    else if (w->tmp_path && r0)
        exsi_w_tmp_discard(w);
    exsi_w_tmp_discard(w); /* no-op unless publishing was never reached */
    free(w->tmp_path);
    free(w->final_path);
    free(w->props);
    free(w);
    f->w = NULL;
    return rc;
}
