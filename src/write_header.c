/* write_header.c -- define the whole netCDF header of a model in one go,
 * in the layout libexodus writes: global attributes, dimensions, then
 * coordinates, blocks, sets, maps, QA/info and results variables. Every
 * call goes through the store's function table. Also exsi_w_ready, the
 * step every data put takes first (the header, if not written yet). */
#include <stdlib.h>
#include <string.h>

#include "model_x.h"
#include "write.h"

#define EXS_API_VERSION 8.03

typedef struct hdr {
    exs_file *f;
    exsi_core_store *s;
    const exsi_core_store_ops *op;
    int d_time, d_len_name, d_num_dim, d_nodes, d_four, d_len_string, d_len_line;
} hdr;

static int dimid(hdr *h, const char *fmt, int64_t a, int *id)
{
    char name[64];
    if (exsi_kind_fmt_name(name, sizeof name, fmt, a, 0) != 0)
        return EXS_EINVAL;
    int rc = h->op->inq_dim(h->s, name, id, NULL);
    return rc == 0 ? 0 : exsi_err(h->f, EXS_EBADMODEL, "dimension %s missing", name);
}

/* A dimension named fmt(a), of length len > 0. */
static int def_dim(hdr *h, const char *fmt, int64_t a, int64_t len, int *id)
{
    char name[64];
    int tmp;
    if (exsi_kind_fmt_name(name, sizeof name, fmt, a, 0) != 0)
        return EXS_EINVAL;
    return h->op->def_dim(h->s, name, len, id ? id : &tmp);
}

static int64_t clamp(int64_t c, int64_t n) { return c < 1 ? 1 : c > n ? n : c; }

/* A variable; bulk ones (chunks non-NULL) get the file's chunk lengths
 * and compression (netCDF-4; other backends ignore the layout). */
static int def_var(hdr *h, const char *fmt, int64_t a, int64_t b, int xtype,
                   int nd, const int *dims, const int64_t *chunks, int *varid)
{
    char name[64];
    int tmp, *vid = varid ? varid : &tmp;
    const exs_create_opts *o = &h->f->w->opts;
    if (exsi_kind_fmt_name(name, sizeof name, fmt, a, b) != 0)
        return EXS_EINVAL;
    int rc = h->op->def_var(h->s, name, xtype, nd, dims, vid);
    if (rc != 0 || !chunks)
        return rc;
    return h->op->def_var_layout(h->s, *vid, chunks, o->deflate, o->shuffle, o->zstd);
}

static int put_name_att(hdr *h, int varid, const char *att, const char *text)
{
    return h->op->put_att_text(h->s, varid, att, text);
}

/* ---- globals ---- */

static int def_globals(hdr *h)
{
    exs_file *f = h->f;
    const double ver = EXS_API_VERSION;
    int64_t iv[4] = {f->float_size, 1, f->max_name_used > 32 ? f->max_name_used : 32,
                     f->int64_status};
    int rc = h->op->put_att_f64(h->s, -1, "api_version", EXS_NC_FLOAT, 1, &ver);
    if (rc == 0)
        rc = h->op->put_att_f64(h->s, -1, "version", EXS_NC_FLOAT, 1, &ver);
    if (rc == 0)
        rc = h->op->put_att_i64(h->s, -1, "floating_point_word_size", EXS_NC_INT, 1,
                                &iv[0]);
    if (rc == 0)
        rc = h->op->put_att_i64(h->s, -1, "file_size", EXS_NC_INT, 1, &iv[1]);
    if (rc == 0)
        rc = h->op->put_att_i64(h->s, -1, "maximum_name_length", EXS_NC_INT, 1, &iv[2]);
    if (rc == 0)
        rc = h->op->put_att_i64(h->s, -1, "int64_status", EXS_NC_INT, 1, &iv[3]);
    if (rc == 0)
        rc = put_name_att(h, -1, "title", f->title ? f->title : "");
    return rc;
}

static int def_base_dims(hdr *h)
{
    exs_file *f = h->f;
    int rc = def_dim(h, "len_string", 0, f->w->len_string, &h->d_len_string);
    if (rc == 0)
        rc = def_dim(h, "len_line", 0, f->w->len_line, &h->d_len_line);
    if (rc == 0)
        rc = def_dim(h, "four", 0, 4, &h->d_four);
    if (rc == 0)
        rc = def_dim(h, "len_name", 0, f->name_len + 1, &h->d_len_name);
    if (rc == 0)
        rc = h->op->def_dim(h->s, "time_step", 0, &h->d_time);
    if (rc == 0)
        rc = def_var(h, "time_whole", 0, 0, exsi_w_float_xtype(f), 1, &h->d_time, NULL,
                     NULL);
    if (rc == 0 && f->num_dim > 0)
        rc = def_dim(h, "num_dim", 0, f->num_dim, &h->d_num_dim);
    if (rc == 0 && f->num_nodes > 0)
        rc = def_dim(h, "num_nodes", 0, f->num_nodes, &h->d_nodes);
    static const char *const totals[3] = {"num_elem", "num_edge", "num_face"};
    const int64_t n[3] = {f->num_elem, f->num_edge, f->num_face};
    for (int i = 0; rc == 0 && i < 3; i++)
        if (n[i] > 0)
            rc = def_dim(h, totals[i], 0, n[i], NULL);
    return rc;
}

static int def_attrs(hdr *h, exs_kind k, const exsi_core_entity *e, int d_entries);

static int def_coords(hdr *h)
{
    exs_file *f = h->f;
    int rc = 0;
    for (int a = 0; f->num_nodes > 0 && rc == 0 && a < f->num_dim; a++)
        rc = def_var(h, exsi_core_coord_vars[a], 0, 0, exsi_w_float_xtype(f), 1, &h->d_nodes,
                     (int64_t[]){clamp(f->w->node_chunk, f->num_nodes)}, NULL);
    int dims[2] = {h->d_num_dim, h->d_len_name};
    if (rc == 0 && f->num_dim > 0)
        rc = def_var(h, "coor_names", 0, 0, EXS_NC_CHAR, 2, dims, NULL, NULL);
    exsi_core_entity *na;
    if (rc == 0 && f->num_nodes > 0 && exsi_util_attr_owner(f, EXS_NODAL, 0, &na) == 0)
        rc = def_attrs(h, EXS_NODAL, na, h->d_nodes);
    return rc;
}

/* ---- entity lists: count dim, status, ids, names, properties ---- */

static int def_entity_list(hdr *h, exs_kind k)
{
    const exsi_core_kind_desc *d = &exsi_kind_kinds[k];
    exsi_core_entity_list *l = &h->f->ents[k];
    int dc, varid, rc;
    if (l->n == 0)
        return 0;
    if ((rc = def_dim(h, d->count_dim, 0, l->n, &dc)) != 0)
        return rc;
    if (d->status_var && (rc = def_var(h, d->status_var, 0, 0, EXS_NC_INT, 1, &dc, NULL,
                                       NULL)) != 0)
        return rc;
    for (int p = 0; p < (l->nprops ? l->nprops : 1); p++) {
        rc = def_var(h, d->prop_fmt, p + 1, 0, exsi_w_int_xtype(h->f), 1, &dc, NULL,
                     &varid);
        if (rc == 0)
            rc = put_name_att(h, varid, "name", p == 0 ? "ID" : l->prop_names[p]);
        if (rc != 0)
            return rc;
    }
    int dims[2] = {dc, h->d_len_name};
    return def_var(h, d->names_var, 0, 0, EXS_NC_CHAR, 2, dims, NULL, NULL);
}

/* ---- blocks ---- */

static int def_attrs(hdr *h, exs_kind k, const exsi_core_entity *e, int d_entries)
{
    const exsi_core_kind_desc *d = &exsi_kind_kinds[k];
    int da, rc;
    if (e->num_attr <= 0)
        return 0;
    if ((rc = def_dim(h, d->attr_dim, e->index, e->num_attr, &da)) != 0)
        return rc;
    int dims[2] = {d_entries, da};
    int64_t ch[2] = {clamp(h->f->w->elem_chunk, e->num_entries), e->num_attr};
    rc = def_var(h, d->attr_var, e->index, 0, exsi_w_float_xtype(h->f), 2, dims, ch,
                 NULL);
    int nd[2] = {da, h->d_len_name};
    return rc ? rc : def_var(h, d->attr_names, e->index, 0, EXS_NC_CHAR, 2, nd, NULL, NULL);
}

/* connect-like variable: (entries, per) or flat (per) with elem_type. */
static int def_conn(hdr *h, const char *var, const char *per_dim, int64_t index,
                    int64_t per, int d_entries, int flat, const char *type,
                    int64_t n)
{
    int dp, varid, rc;
    if (per <= 0)
        return 0;
    if ((rc = def_dim(h, per_dim, index, per, &dp)) != 0)
        return rc;
    int dims[2] = {flat ? dp : d_entries, dp};
    int64_t ch[2] = {flat ? clamp(h->f->w->elem_chunk * 4, per)
                          : clamp(h->f->w->elem_chunk, n), per};
    rc = def_var(h, var, index, 0, exsi_w_int_xtype(h->f), flat ? 1 : 2, dims, ch,
                 &varid);
    if (rc == 0 && type)
        rc = put_name_att(h, varid, "elem_type", type);
    return rc;
}

static int def_epecnt(hdr *h, exs_kind k, const exsi_core_entity *e, int d_entries,
                      const char *t1)
{
    int varid;
    int rc = def_var(h, exsi_kind_kinds[k].epec_var, e->index, 0, exsi_w_int_xtype(h->f), 1,
                     &d_entries, (int64_t[]){clamp(h->f->w->elem_chunk, e->num_entries)},
                     &varid);
    if (rc == 0)
        rc = put_name_att(h, varid, "entity_type1", t1);
    if (rc == 0)
        rc = put_name_att(h, varid, "entity_type2", k == EXS_FACE_BLOCK ? "FACE" : "ELEM");
    return rc;
}

static int def_block(hdr *h, exs_kind k, const exsi_core_entity *e)
{
    const exsi_core_kind_desc *d = &exsi_kind_kinds[k];
    int de, rc;
    int nsided = e->topo == EXS_TOPO_NSIDED, nfaced = e->topo == EXS_TOPO_NFACED;
    if (e->num_entries <= 0)
        return 0;
    if ((rc = def_dim(h, d->entry_dim, e->index, e->num_entries, &de)) != 0)
        return rc;
    if (!nfaced)
        rc = def_conn(h, d->conn_var, d->npe_dim, e->index, e->nodes_per_entry, de,
                      nsided, e->type, e->num_entries);
    if (rc == 0 && k == EXS_ELEM_BLOCK)
        rc = def_conn(h, "edgconn%lld", "num_edg_per_el%lld", e->index,
                      e->edges_per_entry, de, 0, NULL, e->num_entries);
    if (rc == 0 && k == EXS_ELEM_BLOCK)
        rc = def_conn(h, "facconn%lld", "num_fac_per_el%lld", e->index,
                      e->faces_per_entry, de, nfaced, nfaced ? e->type : NULL,
                      e->num_entries);
    if (rc == 0 && (nsided || nfaced) && d->epec_var)
        rc = def_epecnt(h, k, e, de, nsided ? "NODE" : "FACE");
    return rc ? rc : def_attrs(h, k, e, de);
}

/* ---- sets ---- */

static int def_set(hdr *h, exs_kind k, const exsi_core_entity *e)
{
    const exsi_core_kind_desc *d = &exsi_kind_kinds[k];
    exs_file *f = h->f;
    int de, ddf, rc;
    if (e->num_entries <= 0)
        return 0;
    const int64_t c[1] = {clamp(f->w->elem_chunk, e->num_entries)};
    if ((rc = def_dim(h, d->entry_dim, e->index, e->num_entries, &de)) != 0)
        return rc;
    rc = def_var(h, d->conn_var, e->index, 0, exsi_w_int_xtype(f), 1, &de, c, NULL);
    if (rc == 0 && d->extra_var)
        rc = def_var(h, d->extra_var, e->index, 0, exsi_w_int_xtype(f), 1, &de, c, NULL);
    if (rc == 0)
        rc = def_attrs(h, k, e, de);
    if (rc != 0 || e->num_df <= 0)
        return rc;
    ddf = de;
    if (k == EXS_SIDE_SET &&
        (rc = def_dim(h, "num_df_ss%lld", e->index, e->num_df, &ddf)) != 0)
        return rc;
    return def_var(h, d->df_var, e->index, 0, exsi_w_float_xtype(f), 1, &ddf,
                   (int64_t[]){clamp(f->w->elem_chunk, e->num_df)}, NULL);
}

/* ---- maps ---- */

static int def_maps(hdr *h, exs_kind k)
{
    exs_file *f = h->f;
    int dt, rc = 0;
    int64_t n = exsi_kind_total(f, k);
    if (n <= 0)
        return 0;
    if ((rc = dimid(h, exsi_kind_kinds[k].total_dim, 0, &dt)) != 0)
        return rc;
    const int64_t c[1] = {
        clamp(k == EXS_NODE_MAP ? f->w->node_chunk : f->w->elem_chunk, n)};
    /* The id map only when the caller gives one: absent stays absent. */
    if (f->w->id_map_wanted[k]) {
        rc = def_var(h, exsi_kind_kinds[k].id_map, 0, 0, exsi_w_int_xtype(f), 1, &dt, c, NULL);
        f->w->id_map_defined[k] = rc == 0;
    }
    if (rc == 0 && k == EXS_ELEM_MAP && f->order_map) /* legacy order map */
        rc = def_var(h, "elem_map", 0, 0, exsi_w_int_xtype(f), 1, &dt, c, NULL);
    for (int64_t i = 0; rc == 0 && i < f->ents[k].n; i++)
        rc = def_var(h, exsi_kind_kinds[k].conn_var, f->ents[k].e[i].index, 0,
                     exsi_w_int_xtype(f), 1, &dt, c, NULL);
    return rc;
}

/* ---- QA, info ---- */

static int def_records(hdr *h)
{
    exs_file *f = h->f;
    int dq, di, rc = 0;
    if (f->num_qa > 0) {
        rc = def_dim(h, "num_qa_rec", 0, f->num_qa, &dq);
        int dims[3] = {dq, h->d_four, h->d_len_string};
        if (rc == 0)
            rc = def_var(h, "qa_records", 0, 0, EXS_NC_CHAR, 3, dims, NULL, NULL);
    }
    if (rc == 0 && f->num_info > 0) {
        rc = def_dim(h, "num_info", 0, f->num_info, &di);
        int dims[2] = {di, h->d_len_line};
        if (rc == 0)
            rc = def_var(h, "info_records", 0, 0, EXS_NC_CHAR, 2, dims, NULL, NULL);
    }
    return rc;
}

/* ---- results variables ---- */

static int def_entity_vals(hdr *h, exs_kind k)
{
    const exsi_core_kind_desc *d = &exsi_kind_kinds[k];
    exs_file *f = h->f;
    exsi_core_var_list *v = &f->vars[k];
    int rc = 0;
    for (int64_t i = 0; rc == 0 && i < f->ents[k].n; i++) {
        const exsi_core_entity *e = &f->ents[k].e[i];
        int dims[2] = {h->d_time, 0};
        if (e->num_entries <= 0)
            continue;
        if ((rc = dimid(h, d->entry_dim, e->index, &dims[1])) != 0)
            return rc;
        for (int j = 0; rc == 0 && j < v->n; j++)
            if (!v->truth || v->truth[i * v->n + j])
                rc = def_var(h, d->var_vals, j + 1, e->index, exsi_w_float_xtype(f), 2,
                             dims, (int64_t[]){1, clamp(f->w->elem_chunk,
                                                        e->num_entries)}, NULL);
    }
    return rc;
}

static int def_vars(hdr *h, exs_kind k)
{
    const exsi_core_kind_desc *d = &exsi_kind_kinds[k];
    exs_file *f = h->f;
    int dn, rc;
    int n = f->vars[k].n;
    if (n == 0)
        return 0;
    if ((rc = def_dim(h, d->nvar_dim, 0, n, &dn)) != 0)
        return rc;
    int nd[2] = {dn, h->d_len_name};
    if ((rc = def_var(h, d->var_names, 0, 0, EXS_NC_CHAR, 2, nd, NULL, NULL)) != 0)
        return rc;
    if (k == EXS_GLOBAL) {
        int dims[2] = {h->d_time, dn};
        return def_var(h, d->var_vals, 0, 0, exsi_w_float_xtype(f), 2, dims,
                       (int64_t[]){1, n}, NULL);
    }
    if (k == EXS_NODAL) {
        int dims[2] = {h->d_time, h->d_nodes};
        for (int j = 0; f->num_nodes > 0 && rc == 0 && j < n; j++)
            rc = def_var(h, d->var_vals, j + 1, 0, exsi_w_float_xtype(f), 2, dims,
                         (int64_t[]){1, clamp(f->w->node_chunk, f->num_nodes)}, NULL);
        return rc;
    }
    if (f->ents[k].n == 0)
        return 0;
    int dc, dims[2];
    if ((rc = dimid(h, d->count_dim, 0, &dc)) != 0)
        return rc;
    dims[0] = dc, dims[1] = dn;
    rc = def_var(h, d->var_tab, 0, 0, EXS_NC_INT, 2, dims, NULL, NULL);
    return rc ? rc : def_entity_vals(h, k);
}

/* ---- chunk lengths ---- */

/* Each of nparts writers' share, capped. Writers whose slabs come from the
 * partition (chunk-aligned by construction) then write whole chunks; no
 * divisibility is needed, and none is sought (it gave tiny chunks for
 * counts without small factors). */
static int64_t auto_chunk(int64_t n, int nparts, int64_t cap)
{
    int64_t s = (n + nparts - 1) / nparts;
    if (s < 1)
        s = 1;
    return s < cap ? s : cap;
}

static void choose_chunks(exs_file *f)
{
    exsi_core_write_state *w = f->w;
    int64_t maxe = 1;
    for (int k = EXS_ELEM_BLOCK; k <= EXS_ELEM_SET; k++)
        for (int64_t i = 0; i < f->ents[k].n; i++)
            if (f->ents[k].e[i].num_entries > maxe)
                maxe = f->ents[k].e[i].num_entries;
    if (f->num_elem > maxe)
        maxe = f->num_elem;
    /* At most 1 MiB of doubles per node chunk, so that a file written by
     * one process still splits for many readers. */
    w->node_chunk = w->opts.node_chunk > 0 ? w->opts.node_chunk
                                           : auto_chunk(f->num_nodes, w->opts.nparts,
                                                        1 << 17);
    w->elem_chunk = w->opts.elem_chunk > 0 ? w->opts.elem_chunk
                                           : auto_chunk(maxe, w->opts.nparts, 1 << 16);
}

/* ---- the whole header ---- */

static int def_all(hdr *h)
{
    int rc = def_globals(h);
    if (rc == 0)
        rc = def_base_dims(h);
    for (int k = EXS_ELEM_BLOCK; rc == 0 && k < EXS_NUM_KINDS; k++)
        rc = def_entity_list(h, (exs_kind)k);
    if (rc == 0)
        rc = def_coords(h);
    for (int k = EXS_ELEM_BLOCK; rc == 0 && k < EXS_NUM_KINDS; k++)
        for (int64_t i = 0; rc == 0 && i < h->f->ents[k].n; i++) {
            if (exsi_core_is_block((exs_kind)k))
                rc = def_block(h, (exs_kind)k, &h->f->ents[k].e[i]);
            else if (exsi_core_is_set((exs_kind)k))
                rc = def_set(h, (exs_kind)k, &h->f->ents[k].e[i]);
        }
    for (int k = EXS_NODE_MAP; rc == 0 && k <= EXS_ELEM_MAP; k++)
        rc = def_maps(h, (exs_kind)k);
    if (rc == 0)
        rc = def_records(h);
    for (int k = 0; rc == 0 && k < EXS_NUM_KINDS; k++)
        if (exsi_core_has_vars((exs_kind)k))
            rc = def_vars(h, (exs_kind)k);
    if (rc == 0)
        rc = exsi_w_def_model_x(h->f); /* assemblies, blobs, reductions, frames */
    return rc;
}

/* In a classic file the fixed-size arrays lie in definition order, and
 * the small ones defined after the first bulk array (coor_names, the
 * attribute and variable names, truth tables, QA/info, the model parts)
 * lie after it, the last of them at the end of the fixed-size region.
 * Written right after enddef they would make the whole bulk region a
 * hole before any bulk write, and netCDF-C reads back every block of a
 * hole it writes into (a classic file's I/O is read-modify-write of whole
 * blocks); written at close, after the bulk data, the file grows in order
 * and a block being written lies past the end, where a read finds
 * nothing. netCDF-4 places data by chunk, not by offset: there they are
 * written now. The bytes of the file are the same either way. */
static int classic_layout(const exs_file *f)
{
    return f->format != EXS_FORMAT_NETCDF4 && f->format != EXS_FORMAT_NETCDF4_CLASSIC;
}

static int write_tail(exs_file *f)
{
    int rc = exsi_w_fill_metadata_tail(f);
    return rc ? rc : exsi_w_fill_model_x(f);
}

/* Header room for the id maps a caller may still put after the header
 * (exsi_w_ensure_id_map defines them then). Without it the classic
 * header grows past the first variable's offset at that redef, and
 * netCDF-C moves every fixed-size array, written or not, by the growth:
 * twice the whole bulk region read and written for the node and element
 * maps. One variable's entry takes at most 68 bytes (CDF-5). */
enum { LATE_MAP_ROOM = 128 };

static int leave_define(hdr *h)
{
    exs_file *f = h->f;
    int64_t room = 0;
    for (int k = EXS_NODE_MAP; k <= EXS_ELEM_MAP; k++)
        if (!f->w->id_map_defined[k] && exsi_kind_total(f, (exs_kind)k) > 0)
            room += LATE_MAP_ROOM;
    if (room == 0 || !classic_layout(f) || !h->op->enddef_reserve)
        return h->op->enddef(h->s);
    return h->op->enddef_reserve(h->s, room);
}

int exsi_w_write_header(exs_file *f)
{
    hdr h = {.f = f, .s = f->store, .op = f->store->ops, .d_time = -1,
             .d_nodes = -1, .d_num_dim = -1};
    choose_chunks(f);
    int rc = exsi_par_agree_model(f); /* parallel: same definitions everywhere */
    if (rc == 0)
        rc = def_all(&h);
    if (rc == 0)
        rc = leave_define(&h);
    if (rc != 0) {
        f->w->broken = 1;
        return exsi_w_fail(f, exsi_err_as_write(f, rc));
    }
    f->w->defining = 0;
    rc = exsi_w_fill_metadata(f);
    f->w->tail_pending = rc == 0 && classic_layout(f);
    if (rc == 0 && !f->w->tail_pending)
        rc = write_tail(f);
    return exsi_w_fail(f, rc);
}

int exsi_w_fill_tail(exs_file *f)
{
    if (!f->w || !f->w->tail_pending)
        return 0;
    f->w->tail_pending = 0;
    return exsi_w_fail(f, write_tail(f));
}

/* An id map put after the header: defined late, in one redef. */
static int def_late_id_map(hdr *h, exs_kind k)
{
    exs_file *f = h->f;
    int dt, rc = dimid(h, exsi_kind_kinds[k].total_dim, 0, &dt);
    int64_t chunk = k == EXS_NODE_MAP ? f->w->node_chunk : f->w->elem_chunk;
    const int64_t c[1] = {clamp(chunk, exsi_kind_total(f, k))};
    if (rc == 0)
        rc = def_var(h, exsi_kind_kinds[k].id_map, 0, 0, exsi_w_int_xtype(f), 1, &dt, c, NULL);
    return rc;
}

int exsi_w_ensure_id_map(exs_file *f, exs_kind k)
{
    exsi_core_write_state *w = f->w;
    if (!w || !w->created || w->id_map_defined[k])
        return 0;
    if (w->defining) {
        w->id_map_wanted[k] = 1;
        return 0;
    }
    if (exsi_kind_total(f, k) <= 0)
        return 0;
    hdr h = {.f = f, .s = f->store, .op = f->store->ops};
    int rc = h.op->redef(h.s);
    if (rc == 0) {
        rc = def_late_id_map(&h, k);
        int rc2 = h.op->enddef(h.s);
        rc = rc ? rc : rc2;
    }
    if (rc != 0)
        return exsi_w_fail(f, exsi_err_as_write(f, rc));
    w->id_map_wanted[k] = w->id_map_defined[k] = 1;
    return 0;
}

/* Every data put starts here (write.h): the header is defined now if the
 * definitions are still open. Here, beside exsi_w_write_header, so that
 * the puts reach the header without passing through write.c's close. */
int exsi_w_ready(exs_file *f, const char *what)
{
    int rc = exsi_w_usable(f, what);
    if (rc != 0)
        return rc;
    if (f->w->broken)
        return exsi_err(f, EXS_EMODE, "%s: defining the header failed earlier", what);
    return f->w->defining ? exsi_w_write_header(f) : 0;
}
