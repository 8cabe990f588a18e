/* sets.c -- bulk reads of node, side, edge, face and element sets: members,
 * sides or orientations, distribution factors. */
#include "reader.h"

static int set_lookup(exs_file *f, exs_kind kind, int64_t id, exsi_core_entity **e,
                      char *owner, size_t cap)
{
    if (!f)
        return EXS_EINVAL;
    if (!exsi_core_kind_valid((int)kind) || !exsi_core_is_set(kind))
        return exsi_err(f, EXS_EINVAL, "kind %d is not a set kind", (int)kind);
    int rc = exsi_util_entity_lookup(f, kind, id, e);
    if (rc == 0)
        exsi_read_owner_label(owner, cap, kind, id);
    return rc;
}

/* One integer array of the set (members or extra), n entries. */
static int set_arr(exs_file *f, const char *fmt, const exsi_core_entity *e,
                   const char *owner, exsi_read_arr *arr)
{
    int rc = exsi_read_arr_init(f, arr, fmt, e->index, 0, owner);
    arr->n = e->num_entries;
    return rc;
}

int exs_get_set(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                int64_t count, exs_type t, void *entries, void *extra)
{
    exsi_core_entity *e;
    exsi_read_arr mem, ext;
    char owner[96];
    int rc = set_lookup(f, kind, id, &e, owner, sizeof owner);
    if (rc != 0)
        return rc;
    const char *extra_fmt = exsi_kind_kinds[kind].extra_var;
    if (extra && !extra_fmt)
        return exsi_err(f, EXS_EINVAL, "%s has no sides or orientations: pass "
                       "extra = NULL", owner);
    if ((rc = set_arr(f, exsi_kind_kinds[kind].conn_var, e, owner, &mem)) != 0 ||
        (rc = exsi_read_arr_check(f, &mem, start, count, t, 0, entries)) != 0)
        return rc;
    if (extra) {
        if ((rc = set_arr(f, extra_fmt, e, owner, &ext)) != 0 ||
            (rc = exsi_read_arr_check(f, &ext, start, count, t, 0, extra)) != 0)
            return rc;
    }
    rc = exsi_read_arr_read(f, &mem, start, count, t, entries);
    if (rc == 0 && extra)
        rc = exsi_read_arr_read(f, &ext, start, count, t, extra);
    return rc;
}

int exs_get_df(exs_file *f, exs_kind kind, int64_t id, int64_t start,
               int64_t count, exs_type t, void *buf)
{
    exsi_core_entity *e;
    exsi_read_arr arr;
    char owner[96];
    int rc = set_lookup(f, kind, id, &e, owner, sizeof owner);
    if (rc != 0)
        return rc;
    if ((rc = exsi_read_arr_init(f, &arr, exsi_kind_kinds[kind].df_var, e->index, 0, owner)) != 0)
        return rc;
    arr.n = e->num_df;
    if ((rc = exsi_read_arr_check(f, &arr, start, count, t, 1, buf)) != 0)
        return rc;
    return exsi_read_arr_read(f, &arr, start, count, t, buf);
}
