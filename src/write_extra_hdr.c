/* write_extra_hdr.c -- the header pieces of assemblies, blobs, blob and
 * reduction variables and coordinate frames, in SEACAS's layout
 * (ex_put_assemblies, ex_put_blobs, ex_put_reduction_variable_param,
 * ex_put_coordinate_frames), called by write_header.c: definitions in
 * define mode, then names and placeholders once the header is written. */
#include <stdio.h>
#include <string.h>

#include "model_x.h"
#include "write.h"

typedef struct xhdr {
    exs_file *f;
    exsi_core_store *s;
    const exsi_core_store_ops *op;
    int d_time, d_len_name;
} xhdr;

static int def_dim(xhdr *h, const char *fmt, int64_t a, int64_t len, int *id)
{
    char name[64];
    if (exsi_kind_fmt_name(name, sizeof name, fmt, a, 0) != 0)
        return EXS_EINVAL;
    return h->op->def_dim(h->s, name, len, id);
}

static int def_var(xhdr *h, const char *fmt, int64_t a, int64_t b, int xtype, int nd,
                   const int *dims, int *varid)
{
    char name[64];
    int tmp;
    if (exsi_kind_fmt_name(name, sizeof name, fmt, a, b) != 0)
        return EXS_EINVAL;
    return h->op->def_var(h->s, name, xtype, nd, dims, varid ? varid : &tmp);
}

/* _id (the file's id width), _name and, for assemblies, _type/_typename. */
static int put_id_atts(xhdr *h, int varid, int64_t id, const char *name)
{
    int xt = h->f->int_size == 8 ? EXS_NC_INT64 : EXS_NC_INT;
    int rc = h->op->put_att_i64(h->s, varid, "_id", xt, 1, &id);
    return rc ? rc : h->op->put_att_text(h->s, varid, "_name", name ? name : "");
}

static int def_assembly(xhdr *h, const exsi_xm_assembly_rec *a)
{
    int dim, varid;
    int64_t type = a->stored_type;
    int rc = def_dim(h, "num_entity_assembly%lld", a->id, a->num_members, &dim);
    if (rc == 0)
        rc = def_var(h, "assembly_entity%lld", a->id, 0, exsi_w_int_xtype(h->f), 1,
                     &dim, &varid);
    if (rc == 0)
        rc = put_id_atts(h, varid, a->id, a->name);
    if (rc == 0)
        rc = h->op->put_att_i64(h->s, varid, "_type", EXS_NC_INT, 1, &type);
    if (rc == 0)
        rc = h->op->put_att_text(h->s, varid, "_typename", a->member_type);
    return rc;
}

static int def_blobs(xhdr *h, const exsi_core_xmodel *xm)
{
    int d_one = -1, dim, varid, rc = 0;
    if (xm->nblob > 0)
        rc = h->op->def_dim(h->s, "blob_entity", 1, &d_one);
    for (int64_t i = 0; rc == 0 && i < xm->nblob; i++) {
        const exsi_xm_blob_rec *b = &xm->blob[i];
        rc = def_dim(h, "num_values_blob%lld", b->id, b->num_entries, &dim);
        if (rc == 0)
            rc = def_var(h, "blob_entity%lld", b->id, 0, EXS_NC_INT, 1, &d_one, &varid);
        if (rc == 0)
            rc = put_id_atts(h, varid, b->id, b->name);
        for (int v = 0; rc == 0 && v < xm->blob_vars.n; v++)
            rc = def_var(h, "vals_blob_var%lldblob%lld", v + 1, b->id,
                         exsi_w_float_xtype(h->f), 2, (int[]){h->d_time, dim}, NULL);
    }
    return rc;
}

/* Count dimension and names variable of n variables. */
static int def_names(xhdr *h, const char *count_dim, const char *names_var, int n,
                     int *dim)
{
    int rc = def_dim(h, count_dim, 0, n, dim);
    return rc ? rc : def_var(h, names_var, 0, 0, EXS_NC_CHAR, 2,
                             (int[]){*dim, h->d_len_name}, NULL);
}

/* Whether the i-th entity of a reduction kind stores values (null blocks
 * and sets never do; a truth table may leave others out), and its suffix. */
static int red_stored(const exs_file *f, const exsi_xm_red_desc *d,
                      const exsi_xm_name_list *l, int64_t i, int64_t *suffix)
{
    if (l->truth && i < l->ntruth && !l->truth[i])
        return 0;
    if (d->by_id) {
        *suffix = exsi_xm_red_id(f, d, i);
        return 1;
    }
    const exsi_core_entity *e = &f->ents[d->kind].e[i];
    *suffix = e->index;
    return e->num_entries > 0;
}

static int def_red(xhdr *h, int slot)
{
    const exsi_xm_red_desc *d = exsi_xm_red_desc_at(slot);
    const exsi_xm_name_list *l = &h->f->xm->red[slot];
    int dim, rc;
    int64_t suffix;
    if (l->n == 0)
        return 0;
    rc = def_names(h, d->count_dim, d->names_var, l->n, &dim);
    for (int64_t i = 0; rc == 0 && i < exsi_xm_red_nent(h->f, d); i++)
        if (red_stored(h->f, d, l, i, &suffix))
            rc = def_var(h, d->vals_fmt, suffix, 0, exsi_w_float_xtype(h->f), 2,
                         (int[]){h->d_time, dim}, NULL);
    return rc;
}

static int def_frames(xhdr *h, int64_t n)
{
    int d1, d9;
    int rc = h->op->def_dim(h->s, "num_cframes", n, &d1);
    if (rc == 0)
        rc = h->op->def_dim(h->s, "num_cframes_9", 9 * n, &d9);
    if (rc == 0)
        rc = def_var(h, "frame_coordinates", 0, 0, exsi_w_float_xtype(h->f), 1, &d9,
                     NULL);
    if (rc == 0)
        rc = def_var(h, "frame_ids", 0, 0, EXS_NC_INT, 1, &d1, NULL);
    return rc ? rc : def_var(h, "frame_tags", 0, 0, EXS_NC_CHAR, 1, &d1, NULL);
}

int exsi_w_def_model_x(exs_file *f)
{
    xhdr h = {.f = f, .s = f->store, .op = f->store->ops};
    const exsi_core_xmodel *xm = f->xm;
    if (!xm)
        return 0;
    int rc = h.op->inq_dim(h.s, "time_step", &h.d_time, NULL);
    if (rc == 0)
        rc = h.op->inq_dim(h.s, "len_name", &h.d_len_name, NULL);
    for (int64_t i = 0; rc == 0 && i < xm->nasm; i++)
        rc = def_assembly(&h, &xm->asm_[i]);
    int dim;
    if (rc == 0 && xm->blob_vars.n > 0)
        rc = def_names(&h, "num_blob_var", "name_blob_var", xm->blob_vars.n, &dim);
    if (rc == 0)
        rc = def_blobs(&h, xm);
    for (int s = 0; rc == 0 && s < EXS_RED_SLOTS; s++)
        rc = def_red(&h, s);
    if (rc == 0 && xm->nframes > 0)
        rc = def_frames(&h, xm->nframes);
    return rc ? rc : exsi_eatt_w_def_entity_atts(f);
}

/* ---- after the header: names, the blobs' placeholder values ---- */

int exsi_w_fill_model_x(exs_file *f)
{
    const exsi_core_xmodel *xm = f->xm;
    exsi_core_varinfo vi;
    int rc = 0;
    if (!xm)
        return 0;
    for (int s = 0; rc == 0 && s < EXS_RED_SLOTS; s++)
        if (xm->red[s].n > 0)
            rc = exsi_w_put_names_var(f, exsi_xm_red_desc_at(s)->names_var, 0, xm->red[s].n,
                                     xm->red[s].names, f->name_len + 1);
    if (rc == 0 && xm->blob_vars.n > 0)
        rc = exsi_w_put_names_var(f, "name_blob_var", 0, xm->blob_vars.n,
                                 xm->blob_vars.names, f->name_len + 1);
    for (int64_t i = 0; rc == 0 && i < xm->nblob; i++) {
        char name[64];
        int64_t zero = 0, st = 0, ct = 1;
        snprintf(name, sizeof name, "blob_entity%lld", (long long)xm->blob[i].id);
        rc = exsi_util_var_lookup(f, name, &vi);
        if (rc == 0)
            rc = exsi_io_write(f, &vi, &st, &ct, EXS_I64, &zero);
    }
    return rc;
}

/* ---- the definitions as a hash ---- */

static uint64_t hash_str(uint64_t h, const char *s)
{
    return exsi_comm_hash(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

static uint64_t hash_names(uint64_t h, const exsi_xm_name_list *l)
{
    h = exsi_comm_hash(h, &l->n, sizeof l->n);
    if (l->truth)
        h = exsi_comm_hash(h, l->truth, (size_t)l->ntruth * sizeof *l->truth);
    for (int i = 0; i < l->n; i++)
        h = hash_str(h, l->names[i]);
    return h;
}

uint64_t exsi_w_model_x_hash(const exs_file *f, uint64_t h)
{
    const exsi_core_xmodel *xm = f->xm;
    if (!xm)
        return h;
    int64_t v[3] = {xm->nasm, xm->nblob, xm->nframes};
    h = exsi_comm_hash(h, v, sizeof v);
    for (int64_t i = 0; i < xm->nasm; i++) {
        int64_t a[3] = {xm->asm_[i].id, xm->asm_[i].stored_type, xm->asm_[i].num_members};
        h = hash_str(exsi_comm_hash(h, a, sizeof a), xm->asm_[i].name);
    }
    for (int64_t i = 0; i < xm->nblob; i++) {
        int64_t b[2] = {xm->blob[i].id, xm->blob[i].num_entries};
        h = hash_str(exsi_comm_hash(h, b, sizeof b), xm->blob[i].name);
    }
    for (int s = 0; s < EXS_RED_SLOTS; s++)
        h = hash_names(h, &xm->red[s]);
    return exsi_eatt_entity_atts_hash(f, hash_names(h, &xm->blob_vars));
}
