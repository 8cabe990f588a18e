/* coords.c -- coordinate components: coordx/coordy/coordz, or the legacy
 * combined coord(num_dim, num_nodes). One resolver, exsi_coord_arr, for
 * the get and the put. */
#include "reader.h"
#include "write.h"

int exsi_coord_arr(exs_file *f, int axis, exsi_read_arr *arr)
{
    int rc;
    if (axis < 0 || axis >= f->num_dim)
        return exsi_err(f, EXS_ERANGE, "coordinate axis %d: the file has %d", axis,
                       f->num_dim);
    if (f->coord_varid[axis] >= 0 || f->coord_combined < 0) {
        rc = exsi_read_arr_init(f, arr, exsi_core_coord_vars[axis], 0, 0, "the nodes");
    } else {
        rc = exsi_read_arr_init(f, arr, "coord", 0, 0, "the nodes");
        arr->nlead = 1;
        arr->lead_start[0] = axis;
        arr->lead_count[0] = 1;
    }
    arr->n = f->num_nodes;
    return rc;
}

int exs_get_coord(exs_file *f, int axis, int64_t start, int64_t count,
                  exs_type t, void *buf)
{
    exsi_read_arr arr;
    if (!f)
        return EXS_EINVAL;
    int rc = exsi_coord_arr(f, axis, &arr);
    if (rc != 0)
        return rc;
    if ((rc = exsi_read_arr_check(f, &arr, start, count, t, 1, buf)) != 0)
        return rc;
    return exsi_read_arr_read(f, &arr, start, count, t, buf);
}

int exs_put_coord(exs_file *f, int axis, int64_t start, int64_t count, exs_type t,
                  const void *buf)
{
    exsi_read_arr arr;
    int rc = exsi_w_enter(f);
    if (rc == 0 && (axis < 0 || axis >= f->num_dim))
        rc = exsi_err(f, EXS_ERANGE, "exs_put_coord: axis %d of %d", axis, f->num_dim);
    if (rc == 0)
        rc = exsi_w_put_pre(f, "exs_put_coord", t, 1, start, count, f->num_nodes);
    if (rc == 0 && f->num_nodes > 0 && (rc = exsi_coord_arr(f, axis, &arr)) == 0)
        rc = exsi_w_put_arr(f, &arr, start, count, t, buf);
    if (rc == 0 && exsi_core_io_executes(f)) /* close checks them all */
        f->w->coord_written[axis] = 1;
    return rc;
}
