/* maps.c -- id maps (node_num_map...), named maps (node_map1...) and the
 * legacy element order map (elem_map). A missing id or order map reads as
 * the identity 1..n. One resolver per map (exsi_map_arr, exsi_map_order_arr)
 * for the get and the put. */
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

int exsi_map_arr(exs_file *f, exs_kind map_kind, const exsi_core_entity *e,
                 exsi_read_arr *arr)
{
    char owner[96];
    const exsi_core_kind_desc *k = &exsi_kind_kinds[map_kind];
    int rc;
    if (e) {
        exsi_read_owner_label(owner, sizeof owner, map_kind, e->id);
        rc = exsi_read_arr_init(f, arr, k->conn_var, e->index, 0, owner);
    } else {
        rc = exsi_read_arr_init(f, arr, k->id_map, 0, 0, NULL);
    }
    arr->n = exsi_kind_total(f, map_kind);
    return rc;
}

int exsi_map_order_arr(exs_file *f, exsi_read_arr *arr)
{
    /* "elem_map" without a number; named maps are elem_map1, elem_map2... */
    int rc = exsi_read_arr_init(f, arr, "elem_map", 0, 0, "the element order map");
    arr->n = f->num_elem;
    if (rc == 0 && arr->found && arr->vi.ndims != 1)
        arr->found = 0; /* not the legacy 1-D order map: treat as absent */
    return rc;
}

int exs_get_id_map(exs_file *f, exs_kind map_kind, int64_t start, int64_t count,
                   exs_type t, void *buf)
{
    exsi_read_arr arr;
    int rc = check_map_kind(f, map_kind);
    if (rc == 0)
        rc = exsi_map_arr(f, map_kind, NULL, &arr);
    return rc ? rc : read_or_identity(f, &arr, start, count, t, buf);
}

int exs_get_map(exs_file *f, exs_kind map_kind, int64_t id, int64_t start,
                int64_t count, exs_type t, void *buf)
{
    exsi_core_entity *e;
    exsi_read_arr arr;
    int rc = check_map_kind(f, map_kind);
    if (rc == 0)
        rc = exsi_util_entity_lookup(f, map_kind, id, &e);
    if (rc == 0)
        rc = exsi_map_arr(f, map_kind, e, &arr);
    if (rc == 0)
        rc = exsi_read_arr_check(f, &arr, start, count, t, 0, buf);
    if (rc != 0)
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
    int rc = exsi_map_order_arr(f, &arr);
    return rc ? rc : read_or_identity(f, &arr, start, count, t, buf);
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

/* ---- writes ---- */

/* The id map's variable exists (or will, with the header) once a caller
 * gives the map. A parallel handle defines it late only in the collective
 * put (exs_put_id_map_all), which every rank makes. */
static int id_map_ready(exs_file *f, exs_kind k)
{
    exsi_core_write_state *w = f->w;
    if (!w)
        return 0; /* exsi_w_ready below sets up an opened file */
    if (!f->parallel || w->defining)
        return exsi_w_ensure_id_map(f, k);
    if (w->created && !w->id_map_defined[k] && exsi_kind_total(f, k) > 0)
        return exsi_err(f, EXS_EMODE, "exs_put_id_map: the %s id map was not defined "
                       "before the header was written; on a parallel handle define "
                       "it with exs_def_id_map or write it with exs_put_id_map_all",
                       exsi_kind_kinds[k].label);
    return 0;
}

int exs_put_id_map(exs_file *f, exs_kind map_kind, int64_t start, int64_t count,
                   exs_type t, const void *buf)
{
    exsi_read_arr arr;
    int rc = exsi_w_enter(f);
    if (rc != 0)
        return rc;
    if (!exsi_core_kind_valid((int)map_kind) || !exsi_core_is_map(map_kind))
        return exsi_err(f, EXS_EINVAL, "exs_put_id_map: kind %d is not a map kind",
                       (int)map_kind);
    int64_t n = exsi_kind_total(f, map_kind);
    rc = id_map_ready(f, map_kind);
    if (rc == 0)
        rc = exsi_w_put_pre(f, "exs_put_id_map", t, 0, start, count, n);
    if (rc != 0 || n == 0)
        return rc;
    if ((rc = exsi_map_arr(f, map_kind, NULL, &arr)) == 0)
        rc = exsi_w_put_arr(f, &arr, start, count, t, buf);
    if (rc == 0 && exsi_core_io_executes(f))
        f->w->id_map_written[map_kind] = 1;
    return rc;
}

/* The legacy order map: declared by exs_def_order_map, or by this call
 * while the definitions are still open (a serial handle's first bulk
 * write ends them just after). */
int exs_put_order_map(exs_file *f, int64_t start, int64_t count, exs_type t,
                      const void *buf)
{
    exsi_read_arr arr;
    int rc = exsi_w_enter(f);
    if (rc != 0)
        return rc;
    if (f->w && f->w->defining && !f->w->broken && exsi_core_io_executes(f))
        f->order_map = 1;
    rc = exsi_w_put_pre(f, "exs_put_order_map", t, 0, start, count, f->num_elem);
    if (rc != 0 || f->num_elem == 0)
        return rc;
    if (!f->order_map)
        return exsi_err(f, EXS_ENOTFOUND, "exs_put_order_map: the file has no order "
                       "map (elem_map): declare it with exs_def_order_map");
    if ((rc = exsi_map_order_arr(f, &arr)) == 0)
        rc = exsi_w_put_arr(f, &arr, start, count, t, buf);
    if (rc == 0 && exsi_core_io_executes(f))
        f->w->order_map_written = 1;
    return rc;
}

int exs_put_map(exs_file *f, exs_kind map_kind, int64_t id, int64_t start,
                int64_t count, exs_type t, const void *buf)
{
    exsi_core_entity *e;
    exsi_read_arr arr;
    int rc = exsi_w_entity_of(f, map_kind, id, 2, &e);
    int64_t n = rc == 0 ? exsi_kind_total(f, map_kind) : 0;
    if (rc == 0)
        rc = exsi_w_put_pre(f, "exs_put_map", t, 0, start, count, n);
    if (rc != 0 || n == 0)
        return rc;
    rc = exsi_map_arr(f, map_kind, e, &arr);
    return rc ? rc : exsi_w_put_arr(f, &arr, start, count, t, buf);
}
