/* attrs.c -- attributes of blocks, sets and nodes: who owns them, and the
 * bulk read. SEACAS's layout: per entity index i a dimension
 * (num_att_in_blk<i>, num_att_in_ns<i>, ...; the nodes' num_att_in_nblk),
 * a float variable (entries, attributes) (attrib<i>, nsattrb<i>, ...;
 * nattrb) and its names (attrib_name<i>, nsattrib_name<i>, ...;
 * nattrib_name). The kind table (kinds.c) spells them. One resolver,
 * exsi_attr_arr, for the get and the put; their definitions are
 * write_attrs.c's. */
#include <stdio.h>

#include "reader.h"
#include "write.h"

int exsi_attr_owner(exs_file *f, exs_kind kind, int64_t id, exsi_core_entity **e)
{
    if (!f)
        return EXS_EINVAL;
    if (kind == EXS_NODAL) {
        f->node_attr.id = 0;
        f->node_attr.index = 0;
        f->node_attr.num_entries = f->num_nodes;
        f->node_attr.status = 1;
        *e = &f->node_attr;
        return 0;
    }
    if (!exsi_core_kind_valid((int)kind) || !(exsi_core_is_block(kind) || exsi_core_is_set(kind)))
        return exsi_err(f, EXS_EINVAL, "kind %d has no attributes (blocks, sets and "
                       "EXS_NODAL have)", (int)kind);
    return exsi_util_entity_lookup(f, kind, id, e);
}

/* "element block 10", "node set 3", or "the nodes". */
static void attr_label(char *buf, size_t cap, exs_kind kind, int64_t id)
{
    if (kind == EXS_NODAL)
        snprintf(buf, cap, "the nodes");
    else
        exsi_read_owner_label(buf, cap, kind, id);
}

int exsi_attr_arr(exs_file *f, exs_kind kind, int64_t id, const exsi_core_entity *e,
                  exsi_read_arr *arr)
{
    char owner[96];
    attr_label(owner, sizeof owner, kind, id);
    int rc = exsi_read_arr_init(f, arr, exsi_kind_kinds[kind].attr_var, e->index, 0,
                                owner);
    arr->n = e->num_entries;
    arr->width = e->num_attr;
    return rc;
}

int exs_get_attr(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                 int64_t count, exs_type t, void *buf)
{
    exsi_core_entity *e;
    exsi_read_arr arr;
    int rc = exsi_attr_owner(f, kind, id, &e);
    if (rc == 0)
        rc = exsi_attr_arr(f, kind, id, e, &arr);
    if (rc == 0)
        rc = exsi_read_arr_check(f, &arr, start, count, t, 1, buf);
    return rc ? rc : exsi_read_arr_read(f, &arr, start, count, t, buf);
}

int exs_put_attr(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                 int64_t count, exs_type t, const void *buf)
{
    exsi_core_entity *e;
    exsi_read_arr arr;
    int rc = exsi_w_enter(f);
    if (rc == 0) /* blocks, sets, or the nodes (EXS_NODAL) */
        rc = exsi_attr_owner(f, kind, id, &e);
    if (rc == 0)
        rc = exsi_w_put_pre(f, "exs_put_attr", t, 1, start, count, e->num_entries);
    if (rc != 0 || e->num_entries == 0)
        return rc;
    if (e->num_attr == 0)
        return exsi_err(f, EXS_ENOTFOUND, "%s %lld has no attributes",
                       exsi_kind_kinds[kind].label, (long long)id);
    rc = exsi_attr_arr(f, kind, id, e, &arr);
    return rc ? rc : exsi_w_put_arr(f, &arr, start, count, t, buf);
}
