/* attrs.c -- attributes of blocks, sets and nodes: the bulk get and put
 * and the set and node definitions (who owns them: exsi_util_attr_owner,
 * util.c). SEACAS's layout: per entity index i a dimension
 * (num_att_in_blk<i>, num_att_in_ns<i>, ...; the nodes' num_att_in_nblk),
 * a float variable (entries, attributes) (attrib<i>, nsattrb<i>, ...;
 * nattrb) and its names (attrib_name<i>, nsattrib_name<i>, ...;
 * nattrib_name). The kind table (kinds.c) spells them. One resolver,
 * exsi_attr_arr, for the get and the put; a block's attributes are
 * defined with the block (exs_def_block). */
#include <stdio.h>

#include "reader.h"
#include "write.h"

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
    int rc = exsi_util_attr_owner(f, kind, id, &e);
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
        rc = exsi_util_attr_owner(f, kind, id, &e);
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

/* ---- definitions (recorded in the model; write_header.c defines the
 * variables from it) ---- */

/* num_attr >= 0 that fits a dimension and, times the entries, an int64. */
static int check_attr_count(exs_file *f, const char *what, const char *owner,
                            int64_t entries, int64_t num_attr)
{
    int64_t values;
    if (num_attr < 0)
        return exsi_err(f, EXS_EINVAL, "%s: %s: %lld attributes", what, owner,
                       (long long)num_attr);
    int rc = exsi_w_check_count(f, what, num_attr);
    if (rc == 0 && exsi_mul64(entries, num_attr, &values) != 0)
        rc = exsi_err(f, EXS_EOVERFLOW, "%s: %s: %lld entries times %lld attributes "
                     "overflow", what, owner, (long long)entries, (long long)num_attr);
    return rc;
}

/* Give e num_attr attributes with empty names (once). */
static int set_attr_count(exs_file *f, const char *what, const char *owner,
                          exsi_core_entity *e, int64_t num_attr)
{
    if (e->num_attr > 0)
        return exsi_err(f, EXS_EDEFINED, "%s: %s already has %lld attributes", what,
                       owner, (long long)e->num_attr);
    int rc = check_attr_count(f, what, owner, e->num_entries, num_attr);
    if (rc != 0 || num_attr == 0)
        return rc;
    char **names = exsi_w_empty_names(num_attr);
    if (!names)
        return exsi_err(f, EXS_ENOMEM, "%s", what);
    e->attr_names = names;
    e->num_attr = num_attr;
    return 0;
}

int exs_def_set_attr(exs_file *f, exs_kind kind, int64_t id, int64_t num_attr)
{
    exsi_core_entity *e;
    char owner[96];
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_check_define(f, "exs_def_set_attr");
    if (rc != 0)
        return rc;
    if (!exsi_core_kind_valid((int)kind) || !exsi_core_is_set(kind))
        return exsi_err(f, EXS_EINVAL, "exs_def_set_attr: kind %d is not a set kind",
                       (int)kind);
    if ((rc = exsi_util_entity_lookup(f, kind, id, &e)) != 0)
        return rc;
    snprintf(owner, sizeof owner, "%s %lld", exsi_kind_kinds[kind].label, (long long)id);
    return set_attr_count(f, "exs_def_set_attr", owner, e, num_attr);
}

int exs_def_node_attr(exs_file *f, int64_t num_attr)
{
    exsi_core_entity *e;
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_check_define(f, "exs_def_node_attr");
    if (rc != 0)
        return rc;
    if (!f->w->mesh_defined)
        return exsi_err(f, EXS_EINVAL, "exs_def_node_attr: define the mesh "
                       "(exs_def_mesh) first");
    if ((rc = exsi_util_attr_owner(f, EXS_NODAL, 0, &e)) != 0)
        return rc;
    return set_attr_count(f, "exs_def_node_attr", "the nodes", e, num_attr);
}
