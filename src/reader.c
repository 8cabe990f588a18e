/* reader.c -- resolving a stored array and the single read of a slab of
 * it, shared by the bulk-read topic files. */
#include <stdio.h>
#include <string.h>

#include "reader.h"

void exsi_read_owner_label(char *buf, size_t cap, exs_kind kind, int64_t id)
{
    snprintf(buf, cap, "%s %lld", exsi_kind_kinds[kind].label, (long long)id);
}

int exsi_read_arr_init(exs_file *f, exsi_read_arr *arr, const char *fmt, int64_t a,
                 int64_t b, const char *owner)
{
    memset(arr, 0, sizeof *arr);
    exsi_err_clear(f); /* a read that succeeds leaves no stale message */
    if (!fmt || exsi_kind_fmt_name(arr->name, sizeof arr->name, fmt, a, b) != 0)
        return exsi_err(f, EXS_EINVAL, "no variable name for %s",
                       owner ? owner : "this array");
    if (owner)
        snprintf(arr->what, sizeof arr->what, "%s of %s", arr->name, owner);
    else
        snprintf(arr->what, sizeof arr->what, "%s", arr->name);
    arr->width = 1;
    int rc = exsi_util_var_lookup(f, arr->name, &arr->vi);
    if (rc == 0)
        arr->found = 1;
    else if (rc != EXS_ENOTFOUND)
        return rc;
    exsi_err_clear(f); /* an absent variable is no failure here */
    return 0;
}

int exsi_read_arr_check(exs_file *f, const exsi_read_arr *arr, int64_t start, int64_t count,
                  exs_type t, int want_float, const void *buf)
{
    int rc = exsi_util_check_type(f, arr->what, t, want_float);
    if (rc == 0 && arr->found && !want_float && !exsi_read_xtype_integral(arr->vi.xtype))
        return exsi_err(f, EXS_EBADMODEL, "%s is stored as %s: integer data must "
                       "be stored as integers", arr->what,
                       exsi_read_xtype_name(arr->vi.xtype));
    if (rc == 0 && arr->found && want_float && arr->vi.xtype == EXS_NC_CHAR)
        return exsi_err(f, EXS_EBADMODEL, "%s is stored as text, not numbers",
                       arr->what);
    if (rc == 0)
        rc = exsi_util_check_slab(f, arr->what, start, count, arr->n);
    if (rc == 0 && !buf && count > 0 && arr->width > 0)
        rc = exsi_err(f, EXS_EINVAL, "%s: buffer is NULL", arr->what);
    return rc;
}

/* Start/count of the stored dimensions after the leading ones. */
static int tail_slab(exs_file *f, const exsi_read_arr *arr, int64_t start, int64_t count,
                     int64_t *st, int64_t *ct)
{
    const exsi_core_varinfo *vi = &arr->vi;
    int d = arr->nlead, rest = vi->ndims - arr->nlead;
    if (rest == 2 && vi->dimlen[d] >= arr->n && vi->dimlen[d + 1] == arr->width) {
        st[d] = start;
        ct[d] = count;
        st[d + 1] = 0;
        ct[d + 1] = arr->width;
        return 0;
    }
    /* dimlen >= n * width, by division: the product of a corrupt file's
     * dimensions may overflow. start + count <= n was checked, so the
     * products below fit. */
    if (rest == 1 && (arr->width == 0 || vi->dimlen[d] / arr->width >= arr->n) &&
        exsi_mul64(start, arr->width, &st[d]) == 0 &&
        exsi_mul64(count, arr->width, &ct[d]) == 0)
        return 0;
    return exsi_err(f, EXS_EBADMODEL,
                   "%s: stored with %d dimensions (%lld x %lld) but holds %lld "
                   "entries of %lld values",
                   arr->what, vi->ndims, rest > 0 ? (long long)vi->dimlen[d] : 0LL,
                   rest > 1 ? (long long)vi->dimlen[d + 1] : 1LL, (long long)arr->n,
                   (long long)arr->width);
}

int exsi_read_arr_slab(exs_file *f, const exsi_read_arr *arr, int64_t start, int64_t count,
                 int64_t *st, int64_t *ct)
{
    for (int d = 0; d < arr->nlead; d++) {
        st[d] = arr->lead_start[d];
        ct[d] = arr->lead_count[d];
    }
    return tail_slab(f, arr, start, count, st, ct);
}

int exsi_read_arr_read(exs_file *f, const exsi_read_arr *arr, int64_t start, int64_t count,
                 exs_type t, void *buf)
{
    int64_t st[EXS_MAX_DIMS], ct[EXS_MAX_DIMS];
    if (!arr->found) {
        /* An empty entity may have no variable at all. */
        if (arr->n == 0 || arr->width == 0)
            return 0;
        return exsi_err(f, EXS_EBADMODEL, "%s: variable %s is missing", arr->what,
                       arr->name);
    }
    int rc = exsi_read_arr_slab(f, arr, start, count, st, ct);
    if (rc != 0)
        return rc;
    rc = exsi_io_read(f, &arr->vi, st, ct, (int)t, buf);
    return exsi_err_context(f, rc, arr->what);
}

int exsi_read_fill_identity(exs_file *f, const char *what, int64_t start,
                      int64_t count, exs_type t, void *buf)
{
    int64_t end = 0;
    if (exsi_add64(start, count, &end) != 0 || (t == EXS_I32 && end > INT32_MAX))
        return exsi_err(f, EXS_EOVERFLOW, "%s: entry %lld + %lld does not fit %s",
                       what, (long long)start, (long long)count,
                       t == EXS_I32 ? "EXS_I32" : "int64");
    for (int64_t i = 0; i < count; i++) {
        if (t == EXS_I32)
            ((int32_t *)buf)[i] = (int32_t)(start + i + 1);
        else
            ((int64_t *)buf)[i] = start + i + 1;
    }
    return 0;
}

int exsi_read_fill_const(exs_file *f, const char *what, int64_t v, int64_t count,
                   exs_type t, void *buf)
{
    if (t == EXS_I32 && (v > INT32_MAX || v < INT32_MIN))
        return exsi_err(f, EXS_EOVERFLOW, "%s: %lld does not fit EXS_I32", what,
                       (long long)v);
    for (int64_t i = 0; i < count; i++) {
        if (t == EXS_I32)
            ((int32_t *)buf)[i] = (int32_t)v;
        else
            ((int64_t *)buf)[i] = v;
    }
    return 0;
}
