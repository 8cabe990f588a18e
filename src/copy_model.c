/* copy_model.c -- exs_copy's part for the model of model_x.h: define on
 * dst the assemblies, blobs, blob and reduction variables and frames src
 * has (phase 0), then copy their data (phase 1), through the public
 * accessors only. */
#include <stdlib.h>

#include "model_x.h"

/* dst has entity `id` of kind k (a block, set or map kind). */
static int dst_has(const exs_file *dst, int k, int64_t id)
{
    const exsi_core_entity_list *l = &dst->ents[k];
    for (int64_t i = 0; i < l->n; i++)
        if (l->e[i].id == id)
            return 1;
    return 0;
}

static int kept_members_at(exs_file *src, exs_file *dst, const exsi_xm_assembly_rec *a,
                           int depth, int64_t **out, int64_t *n);

/* Nested assembly `id` is copied: it keeps at least one member. depth
 * bounds the walk (a cycle of assemblies keeps nothing it loops through). */
static int child_kept(exs_file *src, exs_file *dst, int64_t id, int depth, int *kept)
{
    const exsi_core_xmodel *xm = src->xm;
    *kept = 0;
    for (int64_t i = 0; i < xm->nasm && depth <= xm->nasm; i++)
        if (xm->asm_[i].id == id && xm->asm_[i].member_kind >= 0) {
            int64_t *m, n;
            int rc = kept_members_at(src, dst, &xm->asm_[i], depth + 1, &m, &n);
            free(m);
            *kept = rc == 0 && n > 0;
            return rc;
        }
    return 0;
}

/* Member `id` of a survives into dst. */
static int member_kept(exs_file *src, exs_file *dst, const exsi_xm_assembly_rec *a,
                       int64_t id, int depth, int *kept)
{
    *kept = 1;
    if (a->member_kind == EXS_ASSEMBLY)
        return child_kept(src, dst, id, depth, kept);
    if (exsi_core_kind_valid(a->member_kind))
        *kept = dst_has(dst, a->member_kind, id);
    return 0;
}

/* The members of assembly a that dst has, into a new array (*n of them):
 * a selection that dropped a block or set drops it from the assemblies
 * naming it too, and a nested assembly left with no member (so not
 * copied) leaves its parents alike. Blob members are kept. */
static int kept_members_at(exs_file *src, exs_file *dst, const exsi_xm_assembly_rec *a,
                           int depth, int64_t **out, int64_t *n)
{
    int64_t *buf = malloc((size_t)(a->num_members > 0 ? a->num_members : 1) * sizeof *buf);
    *n = 0;
    *out = NULL;
    if (!buf)
        return exsi_err(dst, EXS_ENOMEM, "members of assembly %lld", (long long)a->id);
    int rc = exs_get_assembly_members(src, a->id, 0, a->num_members, EXS_I64, buf);
    if (rc != 0)
        exsi_err(dst, rc, "%s", exs_errmsg(src));
    for (int64_t i = 0; rc == 0 && i < a->num_members; i++) {
        int kept = 0;
        rc = member_kept(src, dst, a, buf[i], depth, &kept);
        if (kept)
            buf[(*n)++] = buf[i];
    }
    if (rc != 0)
        free(buf);
    *out = rc == 0 ? buf : NULL;
    return rc;
}

static int kept_members(exs_file *src, exs_file *dst, const exsi_xm_assembly_rec *a,
                        int64_t **out, int64_t *n)
{
    return kept_members_at(src, dst, a, 0, out, n);
}

/* An assembly left with no member (all dropped) is not copied: SEACAS
 * requires at least one. */
static int define_assembly(exs_file *src, exs_file *dst, const exsi_xm_assembly_rec *a)
{
    int64_t *m, n;
    if (a->member_kind < 0)
        return exsi_err(dst, EXS_ENOTSUP, "assembly %lld of %s: members of SEACAS "
                       "type %d cannot be copied", (long long)a->id, src->path,
                       a->stored_type);
    int rc = kept_members(src, dst, a, &m, &n);
    if (rc == 0 && n > 0)
        rc = exs_def_assembly(dst, a->id, a->name, a->member_kind, n);
    free(m);
    return rc;
}

static int define_entities(exs_file *src, exs_file *dst)
{
    const exsi_core_xmodel *xm = src->xm;
    int rc = 0;
    for (int64_t i = 0; rc == 0 && i < xm->nasm; i++)
        rc = define_assembly(src, dst, &xm->asm_[i]);
    for (int64_t i = 0; rc == 0 && i < xm->nblob; i++)
        rc = exs_def_blob(dst, xm->blob[i].id, xm->blob[i].name, xm->blob[i].num_entries);
    return rc;
}

/* dst's truth row for the entity of id: src's where src has it, else 1. */
static int truth_of(exs_file *src, const exsi_xm_red_desc *d, const int *tab, int64_t id)
{
    for (int64_t i = 0; i < exsi_xm_red_nent(src, d); i++)
        if (exsi_xm_red_id(src, d, i) == id)
            return tab[i];
    return 1;
}

/* Which entities store values: as in src, matched by id (a selection may
 * have dropped some of src's entities). */
static int copy_truth(exs_file *src, exs_file *dst, const exsi_xm_red_desc *d)
{
    int64_t n = exsi_xm_red_nent(src, d), m = exsi_xm_red_nent(dst, d);
    int *tab = malloc((size_t)(n > 0 ? n : 1) * sizeof *tab);
    int *out = malloc((size_t)(m > 0 ? m : 1) * sizeof *out);
    int rc = tab && out ? exs_get_red_truth(src, d->kind, tab)
                        : exsi_err(dst, EXS_ENOMEM, "reduction truth table");
    if (rc != 0 && !dst->errmsg[0])
        exsi_err(dst, rc, "%s", exs_errmsg(src));
    for (int64_t j = 0; rc == 0 && j < m; j++)
        out[j] = truth_of(src, d, tab, exsi_xm_red_id(dst, d, j));
    if (rc == 0)
        rc = exs_def_red_truth(dst, d->kind, out);
    free(tab);
    free(out);
    return rc;
}

static int define_vars(exs_file *src, exs_file *dst)
{
    const exsi_core_xmodel *xm = src->xm;
    int rc = 0;
    if (xm->blob_vars.n > 0)
        rc = exs_def_blob_vars(dst, xm->blob_vars.n,
                               (const char *const *)xm->blob_vars.names);
    for (int s = 0; rc == 0 && s < EXS_RED_SLOTS; s++)
        if (xm->red[s].n > 0) {
            rc = exs_def_red_vars(dst, exsi_xm_red_desc_at(s)->kind, xm->red[s].n,
                                  (const char *const *)xm->red[s].names);
            if (rc == 0)
                rc = copy_truth(src, dst, exsi_xm_red_desc_at(s));
        }
    if (rc == 0 && xm->nframes > 0)
        rc = exs_def_frames(dst, xm->nframes);
    return rc;
}

static int copy_members(exs_file *src, exs_file *dst)
{
    const exsi_core_xmodel *xm = src->xm;
    int rc = 0;
    for (int64_t i = 0; rc == 0 && i < xm->nasm; i++) {
        int64_t *m, n;
        rc = kept_members(src, dst, &xm->asm_[i], &m, &n);
        if (rc == 0 && n > 0)
            rc = exs_put_assembly_members(dst, xm->asm_[i].id, 0, n, EXS_I64, m);
        free(m);
    }
    return rc;
}

static int copy_frames(exs_file *src, exs_file *dst)
{
    int64_t n = src->xm->nframes;
    if (n == 0)
        return 0;
    int64_t *ids = malloc((size_t)n * sizeof *ids);
    double *c = malloc((size_t)n * 9 * sizeof *c);
    char *tags = malloc((size_t)n);
    int rc = ids && c && tags ? 0 : exsi_err(dst, EXS_ENOMEM, "coordinate frames");
    if (rc == 0 && (rc = exs_get_frames(src, 0, n, ids, EXS_F64, c, tags)) != 0)
        exsi_err(dst, rc, "%s", exs_errmsg(src));
    if (rc == 0)
        rc = exs_put_frames(dst, 0, n, ids, EXS_F64, c, tags);
    free(ids);
    free(c);
    free(tags);
    return rc;
}

/* Reduction values of one step; entities without stored values in src
 * (or without room in dst: a null block) are left out. */
static int copy_red_step(exs_file *src, exs_file *dst, int64_t step, double *buf)
{
    int rc = 0;
    for (int s = 0; rc == 0 && s < EXS_RED_SLOTS; s++) {
        const exsi_xm_red_desc *d = exsi_xm_red_desc_at(s);
        int n = src->xm->red[s].n;
        for (int64_t i = 0; n > 0 && rc == 0 && i < exsi_xm_red_nent(src, d); i++) {
            int64_t id = exsi_xm_red_id(src, d, i);
            if (exs_get_red_vars(src, d->kind, id, step, 0, n, EXS_F64, buf) != 0)
                continue;
            rc = exs_put_red_vars(dst, d->kind, id, step, 0, n, EXS_F64, buf);
            if (rc == EXS_ENOTFOUND)
                rc = 0;
        }
    }
    return rc;
}

static int copy_blob_step(exs_file *src, exs_file *dst, int64_t step)
{
    const exsi_core_xmodel *xm = src->xm;
    int rc = 0;
    for (int64_t i = 0; rc == 0 && i < xm->nblob; i++) {
        int64_t n = xm->blob[i].num_entries, id = xm->blob[i].id;
        double *buf = malloc((size_t)n * sizeof *buf);
        if (!buf)
            return exsi_err(dst, EXS_ENOMEM, "blob %lld", (long long)id);
        for (int v = 0; rc == 0 && v < xm->blob_vars.n; v++)
            if (exs_get_blob_var(src, id, v, step, 0, n, EXS_F64, buf) == 0)
                rc = exs_put_blob_var(dst, id, v, step, 0, n, EXS_F64, buf);
        free(buf);
    }
    return rc;
}

static int copy_steps(exs_file *src, exs_file *dst)
{
    int most = 1;
    for (int s = 0; s < EXS_RED_SLOTS; s++)
        if (src->xm->red[s].n > most)
            most = src->xm->red[s].n;
    double *buf = malloc((size_t)most * sizeof *buf);
    if (!buf)
        return exsi_err(dst, EXS_ENOMEM, "reduction variables");
    int64_t steps = src->num_times < dst->num_times ? src->num_times : dst->num_times;
    int rc = 0;
    for (int64_t t = 0; rc == 0 && t < steps; t++) {
        rc = copy_red_step(src, dst, t, buf);
        if (rc == 0)
            rc = copy_blob_step(src, dst, t);
    }
    free(buf);
    return rc;
}

int exsi_copy_part_model(exs_file *src, exs_file *dst, int phase)
{
    if (!src || !dst || (phase != 0 && phase != 1))
        return EXS_EINVAL;
    if (!src->xm)
        return 0;
    int rc;
    if (phase == 0) {
        rc = define_entities(src, dst);
        return rc ? rc : define_vars(src, dst);
    }
    rc = copy_members(src, dst);
    if (rc == 0)
        rc = copy_frames(src, dst);
    return rc ? rc : copy_steps(src, dst);
}
