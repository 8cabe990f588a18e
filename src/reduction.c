/* reduction.c -- reduction variables (one value per entity and step) of
 * blocks, sets, assemblies and blobs, in SEACAS's layout
 * (exodusII_int.h: DIM_NUM_ELE_RED_VAR, VAR_ELEM_RED_VAR ...). Global
 * variables are reductions by nature and answer through vars.c. */
#include <stdio.h>
#include <string.h>

#include "model_x.h"
#include "reader.h"
#include "write.h"

static const exsi_xm_red_desc red_table[EXS_RED_SLOTS] = {
    {EXS_ELEM_BLOCK, "num_elem_red_var", "name_elem_red_var", "vals_red_var_eb%lld", 0},
    {EXS_EDGE_BLOCK, "num_edge_red_var", "name_edge_red_var", "vals_red_var_edb%lld", 0},
    {EXS_FACE_BLOCK, "num_face_red_var", "name_face_red_var", "vals_red_var_fb%lld", 0},
    {EXS_NODE_SET, "num_nset_red_var", "name_nset_red_var", "vals_red_var_nset%lld", 0},
    {EXS_SIDE_SET, "num_sset_red_var", "name_sset_red_var", "vals_red_var_sset%lld", 0},
    {EXS_EDGE_SET, "num_eset_red_var", "name_eset_red_var", "vals_red_var_eset%lld", 0},
    {EXS_FACE_SET, "num_fset_red_var", "name_fset_red_var", "vals_red_var_fset%lld", 0},
    {EXS_ELEM_SET, "num_elset_red_var", "name_elset_red_var", "vals_red_var_elset%lld",
     0},
    {EXS_ASSEMBLY, "num_assembly_red_var", "name_assembly_red_var",
     "vals_red_var_assembly%lld", 1},
    {EXS_BLOB, "num_blob_red_var", "name_blob_red_var", "vals_red_var_blob%lld", 1},
};

const exsi_xm_red_desc *exsi_xm_red_desc_of(int kind, int *slot)
{
    for (int i = 0; i < EXS_RED_SLOTS; i++)
        if (red_table[i].kind == kind) {
            if (slot)
                *slot = i;
            return &red_table[i];
        }
    return NULL;
}

const exsi_xm_red_desc *exsi_xm_red_desc_at(int slot)
{
    return slot >= 0 && slot < EXS_RED_SLOTS ? &red_table[slot] : NULL;
}

static const char *red_label(int kind)
{
    if (kind == EXS_ASSEMBLY)
        return "assembly";
    if (kind == EXS_BLOB)
        return "blob";
    return exsi_core_kind_valid(kind) ? exsi_kind_kinds[kind].label : "?";
}

int exsi_xm_red_suffix(exs_file *f, const exsi_xm_red_desc *d, int64_t id, int64_t *suffix)
{
    exsi_core_entity *e;
    int rc = 0;
    if (d->kind == EXS_ASSEMBLY) {
        exsi_xm_assembly_rec *a;
        rc = exsi_xm_assembly_lookup(f, id, &a);
    } else if (d->kind == EXS_BLOB) {
        exsi_xm_blob_rec *b;
        rc = exsi_xm_blob_lookup(f, id, &b);
    }
    if (d->by_id) {
        *suffix = id;
        return rc;
    }
    rc = exsi_util_entity_lookup(f, (exs_kind)d->kind, id, &e);
    if (rc == 0 && e->num_entries <= 0)
        rc = exsi_err(f, EXS_ENOTFOUND, "%s %lld has no entries: no reduction values "
                     "are stored for it", red_label(d->kind), (long long)id);
    *suffix = rc == 0 ? e->index : 0;
    return rc;
}

/* The row of kind, or EXS_EINVAL naming the call. */
static int red_row(const exs_file *f, int kind, const char *call, int *slot)
{
    if (exsi_xm_red_desc_of(kind, slot))
        return 0;
    return exsi_err((exs_file *)f, EXS_EINVAL, "%s: kind %d has no reduction "
                   "variables (blocks, sets, EXS_ASSEMBLY, EXS_BLOB, EXS_GLOBAL)",
                   call, kind);
}

int exs_num_red_vars(const exs_file *f, int kind, int *n)
{
    int slot = 0;
    if (!f || !n)
        return EXS_EINVAL;
    if (kind == EXS_GLOBAL)
        return exs_num_vars(f, EXS_GLOBAL, n);
    int rc = red_row(f, kind, "exs_num_red_vars", &slot);
    if (rc == 0)
        *n = f->xm ? f->xm->red[slot].n : 0;
    return rc;
}

int exs_get_red_var_name(const exs_file *f, int kind, int var, const char **name)
{
    int slot = 0;
    if (!f || !name)
        return EXS_EINVAL;
    if (kind == EXS_GLOBAL)
        return exs_get_var_name(f, EXS_GLOBAL, var, name);
    int rc = red_row(f, kind, "exs_get_red_var_name", &slot);
    if (rc != 0)
        return rc;
    int n = f->xm ? f->xm->red[slot].n : 0;
    if (var < 0 || var >= n)
        return exsi_err((exs_file *)f, EXS_ERANGE, "%s reduction variable %d of %d",
                       red_label(kind), var, n);
    *name = f->xm->red[slot].names[var];
    return 0;
}

int exs_get_red_vars(exs_file *f, int kind, int64_t id, int64_t step, int64_t start,
                     int64_t count, exs_type t, void *buf)
{
    int slot = 0;
    int64_t suffix = 0;
    exsi_read_arr arr;
    char owner[64];
    if (!f)
        return EXS_EINVAL;
    if (kind == EXS_GLOBAL)
        return exs_get_var(f, EXS_GLOBAL, 0, 0, step, start, count, t, buf);
    int rc = red_row(f, kind, "exs_get_red_vars", &slot);
    if (rc == 0 && (step < 0 || step >= f->num_times))
        rc = exsi_err(f, EXS_ERANGE, "exs_get_red_vars: step %lld of %lld",
                     (long long)step, (long long)f->num_times);
    const exsi_xm_red_desc *d = exsi_xm_red_desc_at(slot);
    if (rc == 0)
        rc = exsi_xm_red_suffix(f, d, id, &suffix);
    if (rc != 0)
        return rc;
    snprintf(owner, sizeof owner, "%s %lld", red_label(kind), (long long)id);
    rc = exsi_read_arr_init(f, &arr, d->vals_fmt, suffix, 0, owner);
    if (rc == 0 && !arr.found)
        rc = exsi_err(f, EXS_ENOTFOUND, "%s: no reduction values stored (%s)", owner,
                     arr.name);
    if (rc != 0)
        return rc;
    arr.n = f->xm ? f->xm->red[slot].n : 0;
    arr.nlead = 1;
    arr.lead_start[0] = step;
    arr.lead_count[0] = 1;
    rc = exsi_read_arr_check(f, &arr, start, count, t, 1, buf);
    return rc ? rc : exsi_read_arr_read(f, &arr, start, count, t, buf);
}

int64_t exsi_xm_red_nent(const exs_file *f, const exsi_xm_red_desc *d)
{
    if (d->kind == EXS_ASSEMBLY || d->kind == EXS_BLOB)
        return !f->xm ? 0 : d->kind == EXS_ASSEMBLY ? f->xm->nasm : f->xm->nblob;
    return f->ents[d->kind].n;
}

int64_t exsi_xm_red_id(const exs_file *f, const exsi_xm_red_desc *d, int64_t i)
{
    return d->kind == EXS_ASSEMBLY ? f->xm->asm_[i].id
           : d->kind == EXS_BLOB   ? f->xm->blob[i].id
                                   : f->ents[d->kind].e[i].id;
}

int exs_get_red_truth(exs_file *f, int kind, int *tab)
{
    int slot = 0;
    exsi_core_varinfo vi;
    char name[64];
    if (!f || !tab)
        return EXS_EINVAL;
    int rc = red_row(f, kind, "exs_get_red_truth", &slot);
    const exsi_xm_red_desc *d = exsi_xm_red_desc_at(slot);
    for (int64_t i = 0; rc == 0 && i < exsi_xm_red_nent(f, d); i++) {
        int64_t suffix = 0;
        if (f->w && f->w->defining) { /* not in the file yet: the definition */
            const exsi_xm_name_list *l = f->xm ? &f->xm->red[slot] : NULL;
            tab[i] = l && l->n > 0 && (i >= l->ntruth || !l->truth || l->truth[i]);
            continue;
        }
        tab[i] = exsi_xm_red_suffix(f, d, exsi_xm_red_id(f, d, i), &suffix) == 0 &&
                 exsi_kind_fmt_name(name, sizeof name, d->vals_fmt, suffix, 0) == 0 &&
                 exsi_util_var_lookup(f, name, &vi) == 0;
    }
    if (rc == 0)
        exsi_err_clear(f); /* null entities are not failures */
    return rc;
}
