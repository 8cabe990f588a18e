/*
 * io.c -- the one path from the model to the store's data operations.
 *
 * exsi_io_read and exsi_io_write are the only callers of the store's get/put
 * (and nonblocking iget/iput) operations. What they do depends on the
 * handle's I/O mode, set by the collective engine (src/parallel/):
 *
 *   EXS_IO_NOW    the store call, now (serial, and a collective's execution)
 *   EXS_IO_CHECK  validation only: the slab's size, a write's values against
 *                 the stored type; nothing touches the file or the counters
 *   EXS_IO_POST   a nonblocking request, completed by the store's wait_all
 *
 * Every accessor therefore runs the same code whether it validates, reads
 * now or posts; side effects on the model happen only when exsi_core_io_executes.
 */
#include <string.h>

#include "write.h"

static int64_t slab_values(const exsi_core_varinfo *vi, const int64_t *count)
{
    int64_t n = 1;
    for (int d = 0; d < vi->ndims; d++)
        n *= count[d];
    return n;
}

/* Bytes of a slab of type t, checked; -1 if it does not fit. */
static int64_t slab_bytes_checked(const exsi_core_varinfo *vi, const int64_t *count, int t)
{
    int64_t n = (int64_t)exsi_util_type_size(t);
    for (int d = 0; d < vi->ndims; d++)
        if (exsi_mul64(n, count[d], &n) != 0)
            return -1;
    return n;
}

/* The check mode's slab test (a negative count: EXS_ERANGE, the value or
 * byte count overflowing: EXS_EOVERFLOW), the bytes into *bytes. */
static int check_slab(exs_file *f, const exsi_core_varinfo *vi, const int64_t *count,
                      int t, int64_t *bytes)
{
    int64_t n = 1;
    int rc = 0;
    for (int d = 0; rc == 0 && d < vi->ndims; d++)
        rc = count[d] < 0 ? EXS_ERANGE : exsi_mul64(n, count[d], &n);
    if (rc == 0)
        rc = exsi_mul64(n, (int64_t)exsi_util_type_size(t), bytes);
    if (rc != 0)
        return exsi_err(f, rc, "slab of varid %d: bad or overflowing count", vi->varid);
    return 0;
}

/* A value the stored type cannot hold makes the library's own write fail
 * on this rank alone, inside a collective call (netCDF-4: the others then
 * hang in HDF5). The check finds it first: narrowing writes only. */
static int fits_stored(exs_file *f, const exsi_core_varinfo *vi, int t, const void *buf,
                       int64_t n)
{
    int64_t i = 0, x = vi->xtype;
    if (t == EXS_I64 && (x == EXS_NC_INT || x == EXS_NC_SHORT || x == EXS_NC_BYTE)) {
        const int64_t *v = buf;
        int64_t lim = x == EXS_NC_INT ? INT32_MAX : x == EXS_NC_SHORT ? INT16_MAX : 127;
        while (i < n && v[i] >= -lim - 1 && v[i] <= lim)
            i++;
    } else if (t == EXS_F64 && x == EXS_NC_FLOAT) {
        const double *v = buf;
        while (i < n && !(v[i] > 3.4028234663852886e38 || v[i] < -3.4028234663852886e38))
            i++;
    } else {
        return 0;
    }
    return i == n ? 0
                  : exsi_err(f, EXS_EOVERFLOW, "entry %lld of the slab written to "
                            "varid %d does not fit its stored type", (long long)i,
                            vi->varid);
}

/* Checking a read: small slabs are zeroed, so code that inspects a value
 * it read (a property, a count) sees a plain value; bulk slabs are left
 * alone (clearing them would be a second pass over the caller's buffer:
 * it cost 20 % of a collective read). Never more than the slab's bytes. */
#define CHECK_ZERO_MAX 4096
static int check_read(exs_file *f, const exsi_core_varinfo *vi, const int64_t *count,
                      int t, void *buf)
{
    int64_t bytes = 0;
    int rc = check_slab(f, vi, count, t, &bytes);
    if (rc != 0)
        return rc;
    if (buf && bytes > 0 && bytes <= CHECK_ZERO_MAX)
        memset(buf, 0, (size_t)bytes);
    return 0;
}

int exsi_io_read(exs_file *f, const exsi_core_varinfo *vi, const int64_t *start,
             const int64_t *count, int t, void *buf)
{
    exsi_core_store *s = f->store;
    if (f->io_mode == EXS_IO_CHECK)
        return check_read(f, vi, count, t, buf);
    int rc = f->io_mode == EXS_IO_POST ? s->ops->iget_vara(s, vi, start, count, t, buf)
                                       : s->ops->get_vara(s, vi, start, count, t, buf);
    f->stats.storage_calls++;
    if (rc == 0)
        f->stats.bytes_read += slab_values(vi, count) * (int64_t)exsi_util_type_size(t);
    return rc;
}

static int write_now(exs_file *f, const exsi_core_varinfo *vi, const int64_t *start,
                     const int64_t *count, int t, const void *buf, int64_t bytes)
{
    exsi_core_store *s = f->store;
    if (f->io_mode == EXS_IO_CHECK) {
        int rc = check_slab(f, vi, count, t, &bytes);
        return rc == 0 && buf ? fits_stored(f, vi, t, buf, slab_values(vi, count)) : rc;
    }
    int rc = f->io_mode == EXS_IO_POST ? s->ops->iput_vara(s, vi, start, count, t, buf)
                                       : s->ops->put_vara(s, vi, start, count, t, buf);
    f->stats.storage_calls++;
    if (rc == 0 && exsi_add64(f->stats.bytes_written, bytes, &f->stats.bytes_written))
        f->stats.bytes_written = INT64_MAX;
    return rc;
}

int exsi_io_write(exs_file *f, const exsi_core_varinfo *vi, const int64_t *start,
              const int64_t *count, int t, const void *buf)
{
    if (!buf && slab_values(vi, count) > 0) /* checked before any rank writes */
        return exsi_err(f, EXS_EINVAL, "writing variable varid %d: buffer is NULL",
                       vi->varid);
    int64_t bytes = slab_bytes_checked(vi, count, t);
    if (bytes < 0)
        return exsi_err(f, EXS_EOVERFLOW, "write of varid %d: the slab's byte count "
                       "overflows", vi->varid);
    int rc = write_now(f, vi, start, count, t, buf, bytes);
    /* A failed storage write leaves the file partly written: the handle
     * stays failed from here on. */
    return rc == 0 ? 0 : exsi_w_fail(f, exsi_err_as_write(f, rc));
}
