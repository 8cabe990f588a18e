/* copy_attrs.c -- the part of a copy (exs_copy) that carries set and node
 * attributes and the legacy order map from one handle to another, in the
 * two phases of a writer: definitions, then data (see internal.h). */
#include <stdlib.h>

#include "internal.h"

/* Rows per piece of a data copy: bounded memory whatever the file. */
enum { PIECE_ROWS = 1 << 16 };

/* A failure on src: its message, onto dst (the handle the caller
 * reports), with the code. */
static int from_src(exs_file *src, exs_file *dst, int rc)
{
    return exsi_err(dst, rc, "copy: reading the source: %s", exs_errmsg(src));
}

/* The destination's owner of the same attributes, if it has them to the
 * same shape (a copy that left the set out, or changed it, skips it). */
static exsi_core_entity *dst_owner(exs_file *dst, exs_kind k, const exsi_core_entity *se)
{
    exsi_core_entity *de = NULL;
    if (k != EXS_NODAL && exsi_util_entity_lookup(dst, k, se->id, &de) != 0)
        return NULL;
    if (k == EXS_NODAL && exsi_util_attr_owner(dst, k, 0, &de) != 0)
        return NULL;
    exsi_err_clear(dst); /* a skipped set is no error */
    return de && de->num_entries == se->num_entries ? de : NULL;
}

static int def_one(exs_file *src, exs_file *dst, exs_kind k, const exsi_core_entity *se)
{
    (void)src; /* the signature each_owner calls */
    exsi_core_entity *de = dst_owner(dst, k, se);
    if (!de || se->num_attr <= 0 || se->num_entries <= 0)
        return 0;
    int rc = k == EXS_NODAL ? exs_def_node_attr(dst, se->num_attr)
                            : exs_def_set_attr(dst, k, se->id, se->num_attr);
    if (rc != 0 || !se->attr_names)
        return rc; /* src's names live in its model: no read needed */
    return exs_put_attr_names(dst, k, se->id, (const char *const *)se->attr_names);
}

/* Values of one owner's attributes, PIECE_ROWS entries at a time. */
static int data_one(exs_file *src, exs_file *dst, exs_kind k, const exsi_core_entity *se)
{
    exsi_core_entity *de = dst_owner(dst, k, se);
    size_t bytes;
    if (!de || de->num_attr != se->num_attr || se->num_attr <= 0 ||
        se->num_entries <= 0)
        return 0;
    int64_t rows = se->num_entries < PIECE_ROWS ? se->num_entries : PIECE_ROWS;
    double *buf = exsi_bytes(rows * se->num_attr, sizeof *buf, &bytes) == 0
                      ? malloc(bytes) : NULL;
    if (!buf)
        return exsi_err(dst, EXS_ENOMEM, "copy: attributes of %s %lld",
                       exsi_kind_kinds[k].label, (long long)se->id);
    int rc = 0;
    for (int64_t at = 0; rc == 0 && at < se->num_entries; at += rows) {
        int64_t n = se->num_entries - at < rows ? se->num_entries - at : rows;
        if ((rc = exs_get_attr(src, k, se->id, at, n, EXS_F64, buf)) != 0)
            rc = from_src(src, dst, rc);
        else
            rc = exs_put_attr(dst, k, se->id, at, n, EXS_F64, buf);
    }
    free(buf);
    return rc;
}

static int copy_order_map(exs_file *src, exs_file *dst)
{
    size_t bytes;
    int64_t n = src->num_elem, rows = n < PIECE_ROWS ? n : PIECE_ROWS;
    if (!src->order_map || !dst->order_map || n <= 0 || dst->num_elem != n)
        return 0;
    int64_t *buf = exsi_bytes(rows, sizeof *buf, &bytes) == 0 ? malloc(bytes) : NULL;
    int rc = buf ? 0 : exsi_err(dst, EXS_ENOMEM, "copy: the order map");
    for (int64_t at = 0; rc == 0 && at < n; at += rows) {
        int64_t c = n - at < rows ? n - at : rows;
        if ((rc = exs_get_order_map(src, at, c, EXS_I64, buf)) != 0)
            rc = from_src(src, dst, rc);
        else
            rc = exs_put_order_map(dst, at, c, EXS_I64, buf);
    }
    free(buf);
    return rc;
}

/* One phase over the nodes and every set of every set kind. */
static int each_owner(exs_file *src, exs_file *dst,
                      int (*fn)(exs_file *, exs_file *, exs_kind, const exsi_core_entity *))
{
    exsi_core_entity *ne;
    int rc = exsi_util_attr_owner(src, EXS_NODAL, 0, &ne);
    if (rc == 0)
        rc = fn(src, dst, EXS_NODAL, ne);
    for (int k = EXS_NODE_SET; rc == 0 && k <= EXS_ELEM_SET; k++)
        for (int64_t i = 0; rc == 0 && i < src->ents[k].n; i++)
            rc = fn(src, dst, (exs_kind)k, &src->ents[k].e[i]);
    return rc;
}

int exsi_copy_part_attrs(exs_file *src, exs_file *dst, int phase)
{
    if (!src || !dst)
        return EXS_EINVAL;
    if (phase == 0) {
        int rc = each_owner(src, dst, def_one);
        return rc == 0 && src->order_map && src->num_elem > 0 ? exs_def_order_map(dst)
                                                               : rc;
    }
    if (phase == 1) {
        int rc = each_owner(src, dst, data_one);
        return rc ? rc : copy_order_map(src, dst);
    }
    return exsi_err(dst, EXS_EINVAL, "exsi_copy_part_attrs: phase %d (0: define, "
                   "1: data)", phase);
}
