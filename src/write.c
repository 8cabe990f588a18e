/* write.c -- creating files, the writer's mode, finishing and syncing. */
#include <stdlib.h>
#include <string.h>

#include "write.h"

void exs_create_opts_init(exs_create_opts *opts)
{
    if (!opts)
        return;
    memset(opts, 0, sizeof *opts);
    opts->format = EXS_FORMAT_DEFAULT;
    opts->float_size = 8;
    opts->name_len = 32;
    opts->nparts = 1;
}

char *exs_w_strdup(const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (out)
        memcpy(out, s, n + 1);
    return out;
}

static int is_netcdf4(exs_format fmt)
{
    return fmt == EXS_FORMAT_NETCDF4 || fmt == EXS_FORMAT_NETCDF4_CLASSIC;
}

/* Check options before anything touches the disk. */
int exs_write_check_opts(exs_file *f, const exs_create_opts *o)
{
    if ((int)o->format < EXS_FORMAT_DEFAULT || o->format > EXS_FORMAT_NETCDF4_CLASSIC)
        return exs_err(f, EXS_EINVAL, "unknown format %d", (int)o->format);
    if (o->float_size != 4 && o->float_size != 8)
        return exs_err(f, EXS_EINVAL, "float_size %d (4 or 8)", o->float_size);
    if (o->name_len < 1 || o->name_len > 255)
        return exs_err(f, EXS_EINVAL, "name_len %d (1..255)", o->name_len);
    if (o->deflate < 0 || o->deflate > 9 || o->zstd < 0)
        return exs_err(f, EXS_EINVAL, "deflate level %d (0..9)", o->deflate);
    if ((o->deflate || o->zstd) && !is_netcdf4(o->format))
        return exs_err(f, EXS_ENOTSUP, "compression needs a netCDF-4 format");
    if (o->zstd && !exs_store_has_zstd())
        return exs_err(f, EXS_ENOTSUP, "zstd compression: this netCDF build has no "
                       "zstd filter (use deflate)");
    if (o->int64 && o->format != EXS_FORMAT_CDF5 && o->format != EXS_FORMAT_NETCDF4)
        return exs_err(f, EXS_ENOTSUP, "64-bit integers need CDF-5 or netCDF-4 "
                       "(not the classic model)");
    if (o->node_chunk < 0 || o->elem_chunk < 0 || o->nparts < 0)
        return exs_err(f, EXS_EINVAL, "negative chunk length or part count");
    return 0;
}

int exs_write_begin(exs_file *f, const exs_create_opts *o)
{
    exs_create_opts dflt;
    if (!o) {
        exs_create_opts_init(&dflt);
        o = &dflt;
    }
    int rc = exs_write_check_opts(f, o);
    if (rc != 0)
        return rc;
    exs_write_state *w = calloc(1, sizeof *w);
    if (!w)
        return exs_err(f, EXS_ENOMEM, "writer state");
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
    f->title = exs_w_strdup("");
    return f->title ? 0 : exs_err(f, EXS_ENOMEM, "title");
}

int exs_create(const char *path, const exs_create_opts *opts, exs_file **out)
{
    exs_create_opts dflt;
    if (!out)
        return EXS_EINVAL;
    *out = NULL;
    if (!path)
        return EXS_EINVAL;
    if (!opts) {
        exs_create_opts_init(&dflt);
        opts = &dflt;
    }
    exs_file *f = exs_file_alloc(path);
    if (!f)
        return EXS_ENOMEM;
    f->mode = EXS_WRITE;
    int rc = exs_write_check_opts(f, opts);
    if (rc == 0)
        rc = exs_comm_serial(&f->comm);
    if (rc == 0)
        rc = exs_store_netcdf_create(f, path, opts, f->comm, &f->store);
    if (rc == 0)
        rc = exs_write_begin(f, opts);
    if (rc != 0) {
        exs_close(f);
        return rc;
    }
    *out = f;
    return 0;
}

int exs_write_open(exs_file *f)
{
    if (f->w)
        return 0;
    if (f->mode != EXS_WRITE)
        return exs_err(f, EXS_EMODE, "file was opened read-only");
    exs_write_state *w = calloc(1, sizeof *w);
    if (!w)
        return exs_err(f, EXS_ENOMEM, "writer state");
    exs_create_opts_init(&w->opts);
    w->opts.format = (exs_format)f->format;
    w->opts.float_size = f->float_size;
    w->opts.name_len = f->name_len;
    w->opts.int64 = f->int_size == 8;
    w->mesh_defined = f->has_mesh;
    f->w = w;
    return 0;
}

int exs_w_check_define(exs_file *f, const char *what)
{
    if (!f)
        return EXS_EINVAL;
    if (f->mode != EXS_WRITE)
        return exs_err(f, EXS_EMODE, "%s: file is open read-only", what);
    int rc = exs_write_open(f);
    if (rc != 0)
        return rc;
    if (!f->w->defining)
        return exs_err(f, EXS_EMODE, "%s: the header is already written (%s)", what,
                       f->w->created ? "definitions end at the first bulk write"
                                     : "file opened for appending");
    return 0;
}

int exs_w_ready(exs_file *f, const char *what)
{
    if (!f)
        return EXS_EINVAL;
    if (f->mode != EXS_WRITE)
        return exs_err(f, EXS_EMODE, "%s: file is open read-only", what);
    int rc = exs_write_open(f);
    if (rc != 0)
        return rc;
    if (f->w->broken)
        return exs_err(f, EXS_EMODE, "%s: defining the header failed earlier", what);
    return f->w->defining ? exs_write_header(f) : 0;
}

int exs_end_define(exs_file *f)
{
    return exs_w_ready(f, "exs_end_define");
}

int exs_sync(exs_file *f)
{
    int rc = exs_w_ready(f, "exs_sync");
    return rc ? rc : f->store->ops->sync(f->store);
}

/* Values 1..n for an id map nobody wrote, in bounded pieces, each rank a
 * share: every rank makes the same number of calls. */
static int fill_identity(exs_file *f, exs_kind k)
{
    int64_t n = k == EXS_NODE_MAP ? f->num_nodes : k == EXS_ELEM_MAP ? f->num_elem
              : k == EXS_EDGE_MAP ? f->num_edge : f->num_face;
    enum { PIECE = 8192 };
    int64_t *buf = malloc(PIECE * sizeof *buf);
    int rc = buf ? 0 : exs_err(f, EXS_ENOMEM, "identity map");
    int64_t nr = exs_comm_size(f->comm), r = exs_comm_rank(f->comm);
    int64_t share = (n + nr - 1) / nr, lo = share * r;
    int64_t hi = lo + share < n ? lo + share : n;
    for (int64_t at = 0; rc == 0 && at < share; at += PIECE) {
        int64_t st = lo + at, ct = hi - st < PIECE ? hi - st : PIECE;
        if (ct < 0)
            ct = 0, st = n;
        for (int64_t i = 0; i < ct; i++)
            buf[i] = st + i + 1;
        rc = exs_put_id_map(f, k, st, ct, EXS_I64, buf);
    }
    free(buf);
    return rc;
}

/* In a parallel handle every rank must take the same branch: the outcome
 * of a collective stage is agreed on before the next one. Serial: rc. */
static int agree_on(exs_file *f, int rc)
{
    return f->parallel ? exs_comm_agree(f->comm, rc, f->errmsg, sizeof f->errmsg) : rc;
}

/* Fill the id maps nobody wrote. "Nobody": a map one rank wrote alone
 * (independently) counts as written on every rank, so that all ranks
 * make the same fill calls. */
static int fill_unwritten_maps(exs_file *f, exs_write_state *w)
{
    int64_t mine[EXS_NUM_KINDS] = {0}, any[EXS_NUM_KINDS] = {0};
    for (int k = EXS_NODE_MAP; k <= EXS_ELEM_MAP; k++)
        mine[k] = w->id_map_written[k];
    if (exs_comm_allreduce_i64(f->comm, mine, any, EXS_NUM_KINDS, EXS_OP_MAX) != 0)
        return exs_err(f, EXS_EMPI, "agreeing on the id maps written");
    int rc = 0;
    for (int k = EXS_NODE_MAP; rc == 0 && k <= EXS_ELEM_MAP; k++)
        if (w->id_map_defined[k] && !any[k])
            rc = fill_identity(f, (exs_kind)k);
    return rc;
}

int exs_write_finish(exs_file *f)
{
    exs_write_state *w = f->w;
    int rc = 0;
    if (w && w->defining && !w->broken && f->store)
        rc = exs_write_header(f);
    rc = agree_on(f, rc);
    if (rc == 0 && w && f->store)
        rc = agree_on(f, fill_unwritten_maps(f, w));
    /* A header that failed mid-definition still leaves define mode; enddef
     * is collective in parallel, so every rank does it if any rank must. */
    int64_t broken = w && w->broken, any_broken = broken;
    if (f->parallel && exs_comm_allreduce_i64(f->comm, &broken, &any_broken, 1,
                                              EXS_OP_MAX) != 0 && rc == 0)
        rc = exs_err(f, EXS_EMPI, "agreeing on the header state");
    if (any_broken && f->store)
        f->store->ops->enddef(f->store);
    if (rc == 0 && f->store)
        rc = f->store->ops->sync(f->store);
    if (w)
        free(w->props);
    free(w);
    f->w = NULL;
    return rc;
}
