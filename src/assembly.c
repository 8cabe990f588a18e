/* assembly.c -- assemblies and blobs as the reader sees them: counts, ids,
 * info, assembly members, blob variables (the model from scan_model.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_x.h"
#include "reader.h"

exsi_core_xmodel *exsi_xm(exs_file *f)
{
    if (!f->xm) {
        f->xm = calloc(1, sizeof *f->xm);
        if (!f->xm)
            exsi_err(f, EXS_ENOMEM, "model of assemblies, blobs and frames");
    }
    return f->xm;
}

/* ---- SEACAS entity types of the members ---- */

static const struct {
    int kind;
    int type;
    const char *name;
} member_types[] = {
    {EXS_ELEM_BLOCK, 1, "element block"}, {EXS_NODE_SET, 2, "node set"},
    {EXS_SIDE_SET, 3, "side set"},        {EXS_ELEM_MAP, 4, "element map"},
    {EXS_NODE_MAP, 5, "node map"},        {EXS_EDGE_BLOCK, 6, "edge block"},
    {EXS_EDGE_SET, 7, "edge set"},        {EXS_FACE_BLOCK, 8, "face block"},
    {EXS_FACE_SET, 9, "face set"},        {EXS_ELEM_SET, 10, "element set"},
    {EXS_EDGE_MAP, 11, "edge map"},       {EXS_FACE_MAP, 12, "face map"},
    {EXS_ASSEMBLY, EXS_SEACAS_ASSEMBLY, "assembly"},
    {EXS_BLOB, EXS_SEACAS_BLOB, "blob"},
};
#define N_MEMBER_TYPES (sizeof member_types / sizeof member_types[0])

int exsi_xm_seacas_type(int member_kind)
{
    for (size_t i = 0; i < N_MEMBER_TYPES; i++)
        if (member_types[i].kind == member_kind)
            return member_types[i].type;
    return -1;
}

const char *exsi_xm_seacas_type_name(int member_kind)
{
    for (size_t i = 0; i < N_MEMBER_TYPES; i++)
        if (member_types[i].kind == member_kind)
            return member_types[i].name;
    return NULL;
}

int exsi_xm_member_kind_of(int seacas_type)
{
    for (size_t i = 0; i < N_MEMBER_TYPES; i++)
        if (member_types[i].type == seacas_type)
            return member_types[i].kind;
    return -1;
}

/* ---- lookups ---- */

int exsi_xm_assembly_lookup(exs_file *f, int64_t id, exsi_xm_assembly_rec **a)
{
    for (int64_t i = 0; f->xm && i < f->xm->nasm; i++)
        if (f->xm->asm_[i].id == id) {
            *a = &f->xm->asm_[i];
            return 0;
        }
    return exsi_err(f, EXS_ENOTFOUND, "no assembly with id %lld", (long long)id);
}

int exsi_xm_blob_lookup(exs_file *f, int64_t id, exsi_xm_blob_rec **b)
{
    for (int64_t i = 0; f->xm && i < f->xm->nblob; i++)
        if (f->xm->blob[i].id == id) {
            *b = &f->xm->blob[i];
            return 0;
        }
    return exsi_err(f, EXS_ENOTFOUND, "no blob with id %lld", (long long)id);
}

/* ---- assemblies ---- */

int exs_num_assemblies(const exs_file *f, int64_t *n)
{
    if (!f || !n)
        return EXS_EINVAL;
    *n = f->xm ? f->xm->nasm : 0;
    return 0;
}

int exs_get_assembly_ids(const exs_file *f, int64_t *ids)
{
    if (!f || !ids)
        return EXS_EINVAL;
    for (int64_t i = 0; f->xm && i < f->xm->nasm; i++)
        ids[i] = f->xm->asm_[i].id;
    return 0;
}

int exs_get_assembly(const exs_file *f, int64_t id, exs_assembly_info *info)
{
    exsi_xm_assembly_rec *a = NULL;
    if (!f || !info)
        return EXS_EINVAL;
    int rc = exsi_xm_assembly_lookup((exs_file *)f, id, &a);
    if (rc != 0)
        return rc;
    info->id = a->id;
    info->index = (a - f->xm->asm_) + 1;
    info->member_kind = a->member_kind;
    info->stored_type = a->stored_type;
    info->num_members = a->num_members;
    info->name = a->name;
    info->member_type = a->member_type;
    return 0;
}

int exs_get_assembly_members(exs_file *f, int64_t id, int64_t start, int64_t count,
                             exs_type t, void *buf)
{
    exsi_xm_assembly_rec *a = NULL;
    exsi_read_arr arr;
    char owner[48];
    if (!f)
        return EXS_EINVAL;
    int rc = exsi_xm_assembly_lookup(f, id, &a);
    if (rc != 0)
        return rc;
    snprintf(owner, sizeof owner, "assembly %lld", (long long)id);
    rc = exsi_read_arr_init(f, &arr, "assembly_entity%lld", id, 0, owner);
    if (rc != 0)
        return rc;
    arr.n = a->num_members;
    rc = exsi_read_arr_check(f, &arr, start, count, t, 0, buf);
    return rc ? rc : exsi_read_arr_read(f, &arr, start, count, t, buf);
}

/* ---- blobs ---- */

int exs_num_blobs(const exs_file *f, int64_t *n)
{
    if (!f || !n)
        return EXS_EINVAL;
    *n = f->xm ? f->xm->nblob : 0;
    return 0;
}

int exs_get_blob_ids(const exs_file *f, int64_t *ids)
{
    if (!f || !ids)
        return EXS_EINVAL;
    for (int64_t i = 0; f->xm && i < f->xm->nblob; i++)
        ids[i] = f->xm->blob[i].id;
    return 0;
}

int exs_get_blob(const exs_file *f, int64_t id, exs_blob_info *info)
{
    exsi_xm_blob_rec *b = NULL;
    if (!f || !info)
        return EXS_EINVAL;
    int rc = exsi_xm_blob_lookup((exs_file *)f, id, &b);
    if (rc != 0)
        return rc;
    info->id = b->id;
    info->index = (b - f->xm->blob) + 1;
    info->num_entries = b->num_entries;
    info->name = b->name;
    return 0;
}

int exs_num_blob_vars(const exs_file *f, int *n)
{
    if (!f || !n)
        return EXS_EINVAL;
    *n = f->xm ? f->xm->blob_vars.n : 0;
    return 0;
}

int exs_get_blob_var_name(const exs_file *f, int var, const char **name)
{
    if (!f || !name)
        return EXS_EINVAL;
    int n = f->xm ? f->xm->blob_vars.n : 0;
    if (var < 0 || var >= n)
        return exsi_err((exs_file *)f, EXS_ERANGE, "blob variable %d of %d", var, n);
    *name = f->xm->blob_vars.names[var];
    return 0;
}

int exs_get_blob_var(exs_file *f, int64_t id, int var, int64_t step, int64_t start,
                     int64_t count, exs_type t, void *buf)
{
    exsi_xm_blob_rec *b = NULL;
    exsi_read_arr arr;
    char owner[48];
    if (!f)
        return EXS_EINVAL;
    int rc = exsi_xm_blob_lookup(f, id, &b);
    int n = f->xm ? f->xm->blob_vars.n : 0;
    if (rc == 0 && (var < 0 || var >= n))
        rc = exsi_err(f, EXS_ERANGE, "blob variable %d of %d", var, n);
    if (rc == 0 && (step < 0 || step >= f->num_times))
        rc = exsi_err(f, EXS_ERANGE, "blob %lld: step %lld of %lld", (long long)id,
                     (long long)step, (long long)f->num_times);
    if (rc != 0)
        return rc;
    snprintf(owner, sizeof owner, "blob %lld", (long long)id);
    rc = exsi_read_arr_init(f, &arr, "vals_blob_var%lldblob%lld", var + 1, id, owner);
    if (rc == 0 && !arr.found)
        rc = exsi_err(f, EXS_ENOTFOUND, "%s: blob variable %d is not stored", owner,
                     var);
    if (rc != 0)
        return rc;
    arr.n = b->num_entries;
    arr.nlead = 1;
    arr.lead_start[0] = step;
    arr.lead_count[0] = 1;
    rc = exsi_read_arr_check(f, &arr, start, count, t, 1, buf);
    return rc ? rc : exsi_read_arr_read(f, &arr, start, count, t, buf);
}
