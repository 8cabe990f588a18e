/* write_data.c -- the machinery every bulk write shares: the checks each
 * makes (mode, buffer class, slab), the values checked against the stored
 * type, and the one exsi_io_write() of a resolved array straight from the
 * caller's buffer. The puts themselves live in their topic files
 * (coords.c, blocks.c, attrs.c, sets.c, maps.c, vars.c), beside the gets
 * and sharing their resolvers. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "write.h"

int exsi_w_put_pre(exs_file *f, const char *what, exs_type t, int want_float,
                   int64_t start, int64_t count, int64_t n)
{
    int rc = exsi_w_ready(f, what);
    if (rc == 0)
        rc = exsi_util_check_type(f, what, t, want_float);
    if (rc == 0)
        rc = exsi_util_check_slab(f, what, start, count, n);
    return rc;
}

/* Values the stored type cannot hold are refused before anything is
 * written: netCDF would store them wrapped (or refuse the whole call
 * after writing part of it) and return NC_ERANGE. */
static int check_values(exs_file *f, const exsi_core_varinfo *vi, int64_t n, exs_type t,
                        const void *buf)
{
    if (t == EXS_I64 && vi->xtype == EXS_NC_INT) {
        const int64_t *v = buf;
        for (int64_t i = 0; i < n; i++)
            if (v[i] < INT32_MIN || v[i] > INT32_MAX)
                return exsi_err(f, EXS_EOVERFLOW, "value %lld (#%lld of the slab) does "
                               "not fit the file's 32-bit integer storage (int64 off: "
                               "%d..%d); nothing was written", (long long)v[i],
                               (long long)i, INT32_MIN, INT32_MAX);
    }
    if (t == EXS_F64 && vi->xtype == EXS_NC_FLOAT) {
        const double *v = buf;
        for (int64_t i = 0; i < n; i++)
            if (fabs(v[i]) > FLT_MAX)
                return exsi_err(f, EXS_EOVERFLOW, "value %g (#%lld of the slab) does "
                               "not fit the file's 32-bit float storage (float_size 4: "
                               "|v| <= %g, infinities refused by netCDF); nothing was "
                               "written", v[i], (long long)i, (double)FLT_MAX);
    }
    return 0;
}

/* Checked values, then one write of the slab (values in the buffer). */
int exsi_w_put_checked(exs_file *f, const exsi_core_varinfo *vi, const int64_t *st,
                       const int64_t *ct, exs_type t, const void *buf)
{
    int64_t n = 1;
    for (int d = 0; d < vi->ndims; d++)
        if (exsi_mul64(n, ct[d], &n) != 0)
            return exsi_err(f, EXS_EOVERFLOW, "slab of %d dimensions: value count "
                           "overflows", vi->ndims);
    int rc = check_values(f, vi, n, t, buf);
    return rc ? rc : exsi_io_write(f, vi, st, ct, (int)t, buf);
}

/* Entries [start, start+count) of a resolved array: the slab reads use
 * (exsi_read_arr_slab), its values checked, one write. */
int exsi_w_put_arr(exs_file *f, const exsi_read_arr *arr, int64_t start, int64_t count,
                   exs_type t, const void *buf)
{
    int64_t st[EXS_MAX_DIMS], ct[EXS_MAX_DIMS];
    if (!arr->found)
        return exsi_err(f, EXS_ENOTFOUND, "variable %s is not in the file", arr->name);
    int rc = exsi_read_arr_slab(f, arr, start, count, st, ct);
    return rc ? rc : exsi_w_put_checked(f, &arr->vi, st, ct, t, buf);
}


int exsi_w_entity_of(exs_file *f, exs_kind kind, int64_t id, int want,
                     exsi_core_entity **e)
{
    int rc = exsi_w_enter(f);
    if (rc != 0)
        return rc;
    int ok = want == 0 ? exsi_core_is_block(kind) : want == 1 ? exsi_core_is_set(kind)
                                                        : exsi_core_is_map(kind);
    if (!exsi_core_kind_valid((int)kind) || !ok)
        return exsi_err(f, EXS_EINVAL, "kind %d does not suit this call", (int)kind);
    return exsi_util_entity_lookup(f, kind, id, e);
}
