/* check_model.c -- exs_check_references's part for assemblies: every
 * member id must name an entity of the assembly's member kind that the
 * file has (a block, set or map of that kind, an assembly, a blob), and
 * the stored member type must name a kind at all. Members are read in
 * slabs and looked up in the sorted ids of the member kind. */
#include <stdlib.h>

#include "model_x.h"

#define MEMBER_SLAB 65536

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The ids of member kind mk, sorted, in a new array of *n. */
static int kind_ids(exs_file *f, int mk, int64_t **out, int64_t *n)
{
    const exsi_core_xmodel *xm = f->xm;
    *n = mk == EXS_ASSEMBLY ? xm->nasm : mk == EXS_BLOB ? xm->nblob : f->ents[mk].n;
    int64_t *ids = malloc((size_t)(*n > 0 ? *n : 1) * sizeof *ids);
    if (!ids)
        return exsi_err(f, EXS_ENOMEM, "checking assembly members");
    for (int64_t i = 0; i < *n; i++)
        ids[i] = mk == EXS_ASSEMBLY ? xm->asm_[i].id
                 : mk == EXS_BLOB   ? xm->blob[i].id
                                    : f->ents[mk].e[i].id;
    qsort(ids, (size_t)*n, sizeof *ids, cmp_i64);
    *out = ids;
    return 0;
}

static const char *kind_word(int mk)
{
    return mk == EXS_ASSEMBLY ? "assembly" : mk == EXS_BLOB ? "blob" : exsi_kind_kinds[mk].label;
}

static int check_members(exs_file *f, const exsi_xm_assembly_rec *a, const int64_t *ids,
                         int64_t nids, int64_t *buf)
{
    for (int64_t s = 0; s < a->num_members; s += MEMBER_SLAB) {
        int64_t n = a->num_members - s < MEMBER_SLAB ? a->num_members - s : MEMBER_SLAB;
        int rc = exs_get_assembly_members(f, a->id, s, n, EXS_I64, buf);
        if (rc != 0)
            return rc;
        for (int64_t i = 0; i < n; i++)
            if (!bsearch(&buf[i], ids, (size_t)nids, sizeof *ids, cmp_i64))
                return exsi_err(f, EXS_EBADMODEL, "assembly %lld: member %lld (0-based) "
                               "is %s %lld, which the file does not have",
                               (long long)a->id, (long long)(s + i), kind_word(a->member_kind),
                               (long long)buf[i]);
    }
    return 0;
}

static int check_assembly(exs_file *f, const exsi_xm_assembly_rec *a)
{
    int64_t *ids = NULL, nids = 0;
    if (a->member_kind < 0)
        return exsi_err(f, EXS_EBADMODEL, "assembly %lld: member type %d (_type) names "
                       "no kind of entity", (long long)a->id, a->stored_type);
    int64_t slab = a->num_members < MEMBER_SLAB ? a->num_members : MEMBER_SLAB;
    int64_t *buf = malloc((size_t)(slab > 0 ? slab : 1) * sizeof *buf);
    int rc = buf ? kind_ids(f, a->member_kind, &ids, &nids)
                 : exsi_err(f, EXS_ENOMEM, "checking assembly members");
    if (rc == 0)
        rc = check_members(f, a, ids, nids, buf);
    free(ids);
    free(buf);
    return rc;
}

int exsi_check_assemblies(exs_file *f)
{
    int rc = 0;
    for (int64_t i = 0; rc == 0 && f->xm && i < f->xm->nasm; i++)
        rc = check_assembly(f, &f->xm->asm_[i]);
    return rc;
}
