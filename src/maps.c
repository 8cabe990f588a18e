/* maps.c -- id maps (node_num_map...), named maps (node_map1...) and the
 * legacy element order map (elem_map). A missing id or order map reads as
 * the identity 1..n. */
#include "reader.h"
#include "write.h"

static int check_map_kind(exs_file *f, exs_kind k)
{
    if (!f)
        return EXS_EINVAL;
    if (!exsi_core_kind_valid((int)k) || !exsi_core_is_map(k))
        return exsi_err(f, EXS_EINVAL, "kind %d is not a map kind", (int)k);
    return 0;
}

/* Read arr, or the identity when the file does not store it. */
static int read_or_identity(exs_file *f, exsi_read_arr *arr, int64_t start,
                            int64_t count, exs_type t, void *buf)
{
    int rc = exsi_read_arr_check(f, arr, start, count, t, 0, buf);
    if (rc != 0)
        return rc;
    if (!arr->found)
        return exsi_read_fill_identity(f, arr->what, start, count, t, buf);
    return exsi_read_arr_read(f, arr, start, count, t, buf);
}

int exs_get_id_map(exs_file *f, exs_kind map_kind, int64_t start, int64_t count,
                   exs_type t, void *buf)
{
    exsi_read_arr arr;
    int rc = check_map_kind(f, map_kind);
    if (rc == 0)
        rc = exsi_read_arr_init(f, &arr, exsi_kind_kinds[map_kind].id_map, 0, 0, NULL);
    if (rc != 0)
        return rc;
    arr.n = exsi_kind_total(f, map_kind);
    return read_or_identity(f, &arr, start, count, t, buf);
}

int exs_get_map(exs_file *f, exs_kind map_kind, int64_t id, int64_t start,
                int64_t count, exs_type t, void *buf)
{
    exsi_core_entity *e;
    exsi_read_arr arr;
    char owner[96];
    int rc = check_map_kind(f, map_kind);
    if (rc == 0)
        rc = exsi_util_entity_lookup(f, map_kind, id, &e);
    if (rc != 0)
        return rc;
    exsi_read_owner_label(owner, sizeof owner, map_kind, id);
    if ((rc = exsi_read_arr_init(f, &arr, exsi_kind_kinds[map_kind].conn_var, e->index, 0,
                           owner)) != 0)
        return rc;
    arr.n = exsi_kind_total(f, map_kind);
    if ((rc = exsi_read_arr_check(f, &arr, start, count, t, 0, buf)) != 0)
        return rc;
    if (!arr.found && arr.n > 0)
        return exsi_err(f, EXS_ENOTFOUND, "%s: the file has no variable %s",
                       arr.what, arr.name);
    return exsi_read_arr_read(f, &arr, start, count, t, buf);
}

int exs_get_order_map(exs_file *f, int64_t start, int64_t count, exs_type t,
                      void *buf)
{
    exsi_read_arr arr;
    if (!f)
        return EXS_EINVAL;
    /* "elem_map" without a number; named maps are elem_map1, elem_map2... */
    int rc = exsi_read_arr_init(f, &arr, "elem_map", 0, 0, "the element order map");
    if (rc != 0)
        return rc;
    arr.n = f->num_elem;
    if (arr.found && arr.vi.ndims != 1)
        arr.found = 0; /* not the legacy 1-D order map: treat as absent */
    return read_or_identity(f, &arr, start, count, t, buf);
}

int exs_has_id_map(const exs_file *f, exs_kind map_kind, int *has)
{
    exs_file *m = (exs_file *)f; /* messages only */
    int rc = check_map_kind(m, map_kind);
    if (rc == 0 && !has)
        rc = exsi_err(m, EXS_EINVAL, "exs_has_id_map: has is NULL");
    if (rc != 0)
        return rc;
    if (f->w && f->w->created) {
        *has = f->w->id_map_wanted[map_kind] || f->w->id_map_defined[map_kind];
        return 0;
    }
    exsi_core_varinfo vi;
    *has = exsi_kind_total(f, map_kind) > 0 &&
           exsi_util_var_lookup(m, exsi_kind_kinds[map_kind].id_map, &vi) == 0;
    return 0;
}
