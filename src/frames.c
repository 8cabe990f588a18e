/* frames.c -- coordinate frames as SEACAS stores them (ex_put_coordinate_
 * frames): frame_ids(num_cframes), frame_tags(num_cframes) characters,
 * frame_coordinates(num_cframes_9), nine values per frame. */
#include <string.h>

#include "model_x.h"
#include "reader.h"

int exs_num_frames(const exs_file *f, int64_t *n)
{
    if (!f || !n)
        return EXS_EINVAL;
    *n = f->xm ? f->xm->nframes : 0;
    return 0;
}

/* One of the three arrays, `width` values per frame. */
static int frame_part(exs_file *f, const char *var, int64_t width, int want_float,
                      int64_t start, int64_t count, int t, void *buf)
{
    exsi_read_arr arr;
    int rc = exsi_read_arr_init(f, &arr, var, 0, 0, "the coordinate frames");
    if (rc != 0)
        return rc;
    arr.n = f->xm ? f->xm->nframes : 0;
    arr.width = width;
    if (t == EXS_TEXT) {
        rc = exsi_util_check_slab(f, arr.what, start, count, arr.n);
        if (rc == 0 && arr.found && arr.vi.xtype != EXS_NC_CHAR)
            rc = exsi_err(f, EXS_EBADMODEL, "%s is stored as %s, not characters",
                         arr.what, exsi_read_xtype_name(arr.vi.xtype));
    } else {
        rc = exsi_read_arr_check(f, &arr, start, count, (exs_type)t, want_float, buf);
    }
    return rc ? rc : exsi_read_arr_read(f, &arr, start, count, (exs_type)t, buf);
}

int exs_get_frames(exs_file *f, int64_t start, int64_t count, int64_t *ids,
                   exs_type t, void *coords, char *tags)
{
    if (!f)
        return EXS_EINVAL;
    int rc = exsi_util_check_slab(f, "coordinate frames", start, count,
                            f->xm ? f->xm->nframes : 0);
    if (rc == 0 && ids)
        rc = frame_part(f, "frame_ids", 1, 0, start, count, EXS_I64, ids);
    if (rc == 0 && coords)
        rc = frame_part(f, "frame_coordinates", 9, 1, start, count, t, coords);
    if (rc == 0 && tags)
        rc = frame_part(f, "frame_tags", 1, 0, start, count, EXS_TEXT, tags);
    return rc;
}
