/* sets.c -- bulk reads and writes of node, side, edge, face and element
 * sets: members, sides or orientations, distribution factors, each part
 * resolved once (exsi_set_arr) for the get and the put. */
#include "reader.h"
#include "write.h"

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

int exsi_set_arr(exs_file *f, exs_kind kind, const exsi_core_entity *e,
                 exsi_set_part part, exsi_read_arr *arr)
{
    const exsi_core_kind_desc *k = &exsi_kind_kinds[kind];
    const char *fmt = part == EXSI_SET_MEMBERS ? k->conn_var
                      : part == EXSI_SET_EXTRA ? k->extra_var
                                               : k->df_var;
    char owner[96];
    exsi_read_owner_label(owner, sizeof owner, kind, e->id);
    int rc = exsi_read_arr_init(f, arr, fmt, e->index, 0, owner);
    arr->n = part == EXSI_SET_DF ? e->num_df : e->num_entries;
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
    if ((rc = exsi_set_arr(f, kind, e, EXSI_SET_MEMBERS, &mem)) != 0 ||
        (rc = exsi_read_arr_check(f, &mem, start, count, t, 0, entries)) != 0)
        return rc;
    if (extra) {
        if ((rc = exsi_set_arr(f, kind, e, EXSI_SET_EXTRA, &ext)) != 0 ||
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
    if ((rc = exsi_set_arr(f, kind, e, EXSI_SET_DF, &arr)) != 0)
        return rc;
    if ((rc = exsi_read_arr_check(f, &arr, start, count, t, 1, buf)) != 0)
        return rc;
    return exsi_read_arr_read(f, &arr, start, count, t, buf);
}

/* ---- writes ---- */

/* One part of the set: its array, then entries [start, start+count). */
static int put_part(exs_file *f, exs_kind kind, const exsi_core_entity *e,
                    exsi_set_part part, int64_t start, int64_t count, exs_type t,
                    const void *buf)
{
    exsi_read_arr arr;
    int rc = exsi_set_arr(f, kind, e, part, &arr);
    return rc ? rc : exsi_w_put_arr(f, &arr, start, count, t, buf);
}

int exs_put_set(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                int64_t count, exs_type t, const void *entries, const void *extra)
{
    exsi_core_entity *e;
    int rc = exsi_w_entity_of(f, kind, id, 1, &e);
    if (rc == 0)
        rc = exsi_w_put_pre(f, "exs_put_set", t, 0, start, count, e->num_entries);
    if (rc != 0 || e->num_entries == 0) /* no entries: no variables */
        return rc;
    if (extra && !exsi_kind_kinds[kind].extra_var)
        return exsi_err(f, EXS_EINVAL, "%ss have no sides or orientations",
                       exsi_kind_kinds[kind].label);
    if (entries)
        rc = put_part(f, kind, e, EXSI_SET_MEMBERS, start, count, t, entries);
    if (rc == 0 && extra)
        rc = put_part(f, kind, e, EXSI_SET_EXTRA, start, count, t, extra);
    return rc;
}

int exs_put_df(exs_file *f, exs_kind kind, int64_t id, int64_t start, int64_t count,
               exs_type t, const void *buf)
{
    exsi_core_entity *e;
    int rc = exsi_w_entity_of(f, kind, id, 1, &e);
    if (rc == 0)
        rc = exsi_w_put_pre(f, "exs_put_df", t, 1, start, count, e->num_df);
    if (rc != 0 || e->num_df == 0)
        return rc;
    return put_part(f, kind, e, EXSI_SET_DF, start, count, t, buf);
}
