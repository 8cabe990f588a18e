/* copy_entity_atts.c -- exs_copy's part for entity attributes (SEACAS's
 * ex_put_attribute ones and the field metadata, basis and quadrature
 * attributes stored alike; src/entity_atts.c): defined on dst (phase 0)
 * for every owner dst has. An entity the selection dropped is not on dst,
 * so neither are its attributes. Public accessors only. */
#include <stdlib.h>

#include "internal.h"

/* dst has a non-null entity `id` of kind k. */
static int dst_has(const exs_file *dst, int k, int64_t id)
{
    const exsi_core_entity_list *l = &dst->ents[k];
    for (int64_t i = 0; i < l->n; i++)
        if (l->e[i].id == id)
            return l->e[i].num_entries > 0;
    return 0;
}

static int copy_one(exs_file *src, exs_file *dst, int owner, int64_t id, int i)
{
    char name[EXS_VARNAME_CAP];
    int type;
    int64_t len;
    int rc = exs_get_entity_att_info(src, owner, id, i, name, sizeof name, &type, &len);
    void *buf = rc == 0 ? calloc((size_t)len + 1, type == EXS_ATT_CHAR ? 1 : 8) : NULL;
    if (rc == 0 && !buf)
        rc = exsi_err(dst, EXS_ENOMEM, "entity attribute %s", name);
    if (rc == 0)
        rc = exs_get_entity_att(src, owner, id, name, type, len + 1, buf);
    if (rc != 0 && src->errmsg[0])
        exsi_err(dst, rc, "%s", src->errmsg);
    if (rc == 0)
        rc = exs_put_entity_att(dst, owner, id, name, type, len, buf);
    free(buf);
    return rc;
}

static int copy_owner(exs_file *src, exs_file *dst, int owner, int64_t id)
{
    int n = 0;
    int rc = exs_num_entity_atts(src, owner, id, &n);
    for (int i = 0; rc == 0 && i < n; i++)
        rc = copy_one(src, dst, owner, id, i);
    return rc;
}

/* Assemblies (blobs: 1) src and dst both have. */
static int copy_model_owners(exs_file *src, exs_file *dst, int blobs)
{
    int64_t n = 0, m = 0;
    int owner = blobs ? EXS_BLOB : EXS_ASSEMBLY;
    int rc = blobs ? exs_num_blobs(src, &n) : exs_num_assemblies(src, &n);
    if (rc == 0)
        rc = blobs ? exs_num_blobs(dst, &m) : exs_num_assemblies(dst, &m);
    int64_t *ids = rc == 0 ? malloc((size_t)(n > 0 ? n : 1) * sizeof *ids) : NULL;
    if (rc == 0 && !ids)
        rc = exsi_err(dst, EXS_ENOMEM, "entity attributes");
    if (rc == 0 && n > 0)
        rc = blobs ? exs_get_blob_ids(src, ids) : exs_get_assembly_ids(src, ids);
    for (int64_t i = 0; rc == 0 && m > 0 && i < n; i++) {
        exs_assembly_info a;
        exs_blob_info b;
        int there = blobs ? exs_get_blob(dst, ids[i], &b) : exs_get_assembly(dst, ids[i], &a);
        rc = there == 0 ? copy_owner(src, dst, owner, ids[i]) : 0;
    }
    dst->errmsg[0] = rc ? dst->errmsg[0] : '\0';
    free(ids);
    return rc;
}

int exsi_copy_part_entity_atts(exs_file *src, exs_file *dst, int phase)
{
    if (!src || !dst || (phase != 0 && phase != 1))
        return EXS_EINVAL;
    if (phase == 1)
        return 0;
    int rc = copy_owner(src, dst, EXS_GLOBAL, 0);
    for (int k = 0; rc == 0 && k < EXS_NUM_KINDS; k++) {
        if (!exsi_core_is_block((exs_kind)k) && !exsi_core_is_set((exs_kind)k))
            continue;
        const exsi_core_entity_list *l = &src->ents[k];
        for (int64_t i = 0; rc == 0 && i < l->n; i++)
            if (l->e[i].num_entries > 0 && dst_has(dst, k, l->e[i].id))
                rc = copy_owner(src, dst, k, l->e[i].id);
    }
    if (rc == 0)
        rc = copy_model_owners(src, dst, 0);
    return rc ? rc : copy_model_owners(src, dst, 1);
}
