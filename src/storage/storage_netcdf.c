/*
 * storage_netcdf.c -- the netCDF-C backend: every container format, serial
 * opens and (through storage_netcdf_mpi.c) parallel-HDF5 ones; and the
 * library lock every backend runs under (storage_netcdf.h).
 */
#define _GNU_SOURCE 1 /* sync_file_range */
#include <fcntl.h>
#include <unistd.h>
#include <netcdf.h>
#include <netcdf_filter.h>
#include <hdf5.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cdf_direct.h"
#include "h5_direct.h"
#include "internal.h"
#include "storage_netcdf.h"

/* ---- The library lock (storage_netcdf.h) ------------------------------
 * The one piece of process-wide mutable state in the library, on purpose:
 * it guards the process-wide state of netCDF, HDF5 and PnetCDF. */
static pthread_once_t lib_lock_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t lib_lock;
static _Thread_local int hdf5_quiet; /* this thread's HDF5 printing is off */

static void lib_lock_init(void)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&lib_lock, &a);
    pthread_mutexattr_destroy(&a);
}

void exsi_store_storage_lock(void)
{
    pthread_once(&lib_lock_once, lib_lock_init);
    pthread_mutex_lock(&lib_lock);
    if (!hdf5_quiet) {
        H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
        hdf5_quiet = 1;
    }
}

void exsi_store_storage_unlock(void) { pthread_mutex_unlock(&lib_lock); }

/* The I/O block of a serial classic file open for writing (netCDF-C's
 * chunk size hint, nc__create / nc__open). netCDF-C moves every byte of a
 * classic file through one buffer of this size, reading each block before
 * it writes into it; its default (twice the filesystem block, 8 KiB) made
 * a bulk write three syscalls per 8 KiB (lseek, read, write). The hint
 * changes no byte of the file: only how it is written. Read-only opens
 * keep netCDF's default (the direct path reads their bulk data). */
#define EXSI_CDF_WRITE_BLOCK ((size_t)1 << 20)

/* Per-variable state: whether we turned the chunk cache off for it, and
 * (parallel) the access mode it is in. */
typedef struct nc_impl {
    int nvars_cap;
    signed char *cache_off; /* 1: cache disabled, 0: default, -1 unknown,
                               2: left alone (named as a dimension) */
    signed char *par_mode;  /* 1 collective, 0 independent, -1 unknown */
    int collective;         /* the mode data calls should run in */
    int unlimdim;           /* the record dimension, or -1 */
    int64_t nrec_open;      /* its length when the file was opened */
    exsi_store_cdf_direct *direct; /* classic read-only serial opens: pread path */
    exsi_store_h5_direct *h5direct; /* netCDF-4 read-only serial opens: the same */
    int wb_fd;              /* parallel netCDF-4 creates: writeback kick, or -1 */
    int64_t wb_pending;     /* bytes put since the last kick */
} nc_impl;

/* netCDF status -> ours. PnetCDF uses the same NC_* numbers, so its
 * backend shares this table (storage_netcdf.h). */
int exsi_store_nc_code(int ncrc)
{
    switch (ncrc) {
    case NC_NOERR:
        return 0;
    case NC_ERANGE:
        return EXS_EOVERFLOW;
    case NC_ENOMEM:
        return EXS_ENOMEM;
    case NC_EINVALCOORDS:
    case NC_EEDGE:
        return EXS_ERANGE;
    case NC_ENOTNC:
        return EXS_ENOTNC;
    case NC_ENOTVAR:
    case NC_EBADDIM:
    case NC_ENOTATT:
        return EXS_ENOTFOUND;
    case NC_EPERM:
        return EXS_EMODE;
    case NC_EEXIST:
        return EXS_EEXIST;
    case NC_ENAMEINUSE:
        return EXS_EDEFINED;
    case NC_EHDFERR:
    case NC_EDIMMETA:
    case NC_EVARMETA:
    case NC_ENCZARR:
    case NC_ETRUNC:
        return EXS_ECORRUPT;
    case NC_EPARINIT:
    case NC_EMPI:
        return EXS_EMPI;
    default:
        return EXS_ENETCDF;
    }
}

/* Turn a netCDF status into ours, naming the variable. */
static int nc_fail(exsi_core_store *s, int ncrc, int varid, const char *what)
{
    char name[NC_MAX_NAME + 1] = "(global)";
    if (varid >= 0 && nc_inq_varname(s->ncid, varid, name) != NC_NOERR)
        snprintf(name, sizeof name, "varid %d", varid);
    return exsi_err(s->file, exsi_store_nc_code(ncrc), "%s of variable %s: %s", what, name,
                   nc_strerror(ncrc));
}

static nc_impl *impl_of(exsi_core_store *s) { return s->impl; }

static int ensure_var_state(exsi_core_store *s, int varid)
{
    nc_impl *im = impl_of(s);
    if (varid < im->nvars_cap)
        return 0;
    int cap = varid + 64;
    signed char *p = realloc(im->cache_off, (size_t)cap);
    if (p)
        im->cache_off = p;
    signed char *q = p ? realloc(im->par_mode, (size_t)cap) : NULL;
    if (!q)
        return EXS_ENOMEM;
    im->par_mode = q;
    memset(p + im->nvars_cap, -1, (size_t)(cap - im->nvars_cap));
    memset(q + im->nvars_cap, -1, (size_t)(cap - im->nvars_cap));
    im->nvars_cap = cap;
    return 0;
}

static int ncs_close(exsi_core_store *s)
{
    int rc = 0;
    nc_impl *im = impl_of(s);
    if (im) { /* its HDF5 handle first: netCDF's close must be the last */
        exsi_store_h5_direct_close(im->h5direct);
        im->h5direct = NULL;
    }
    if (s->ncid >= 0) {
        int ncrc = nc_close(s->ncid);
        if (im && im->wb_fd >= 0)
            close(im->wb_fd);
        if (ncrc != NC_NOERR)
            rc = exsi_err(s->file, exsi_store_nc_code(ncrc) == EXS_ENETCDF ? EXS_EWRITE : exsi_store_nc_code(ncrc),
                         "closing: %s", nc_strerror(ncrc));
    }
    if (im) {
        free(im->cache_off);
        free(im->par_mode);
        exsi_store_cdf_direct_close(im->direct);
    }
    free(im);
    free(s);
    return rc;
}

/* In a parallel netCDF-4 open, asking the record dimension's length is a
 * collective call (ranks agree on the count), which a lone rank would hang
 * in; in a serial one it walks every record variable (netCDF-C 4.9.0's
 * nc4_find_dim_len: one HDF5 dataspace query each), so a step of V
 * variables cost O(V^2). The model's step count answers instead, or the
 * length read at open. Classic formats keep the count in memory: asked. */
static int dim_length(exsi_core_store *s, int dimid, int64_t *len)
{
    nc_impl *im = s->impl;
    size_t l = 0;
    int nc4 = s->format == EXS_FORMAT_NETCDF4 || s->format == EXS_FORMAT_NETCDF4_CLASSIC;
    if ((s->parallel || nc4) && dimid == im->unlimdim) {
        int64_t steps = s->file->num_times;
        *len = steps > im->nrec_open ? steps : im->nrec_open;
        return NC_NOERR;
    }
    int ncrc = nc_inq_dimlen(s->ncid, dimid, &l);
    *len = (int64_t)l;
    return ncrc;
}

static int ncs_inq_dim(exsi_core_store *s, const char *name, int *dimid, int64_t *len)
{
    int id;
    int64_t l;
    if (nc_inq_dimid(s->ncid, name, &id) != NC_NOERR)
        return EXS_ENOTFOUND;
    int ncrc = dim_length(s, id, &l);
    if (ncrc != NC_NOERR)
        return exsi_err(s->file, exsi_store_nc_code(ncrc), "dimension %s: %s", name,
                       nc_strerror(ncrc));
    if (dimid)
        *dimid = id;
    if (len)
        *len = l;
    return 0;
}

static int ncs_inq_var(exsi_core_store *s, const char *name, exsi_core_varinfo *vi)
{
    int varid, ncrc;
    nc_type xt;
    int ndims;
    if (nc_inq_varid(s->ncid, name, &varid) != NC_NOERR)
        return EXS_ENOTFOUND;
    ncrc = nc_inq_var(s->ncid, varid, NULL, &xt, &ndims, NULL, NULL);
    if (ncrc != NC_NOERR)
        return nc_fail(s, ncrc, varid, "inquiry");
    if (ndims > EXS_MAX_DIMS)
        return exsi_err(s->file, EXS_EBADMODEL, "variable %s has %d dimensions",
                       name, ndims);
    vi->varid = varid;
    vi->xtype = xt;
    vi->ndims = ndims;
    nc_inq_vardimid(s->ncid, varid, vi->dimids);
    for (int d = 0; d < ndims; d++)
        dim_length(s, vi->dimids[d], &vi->dimlen[d]);
    return 0;
}

static int ncs_inq_varname(exsi_core_store *s, int varid, char *name, size_t cap)
{
    char buf[NC_MAX_NAME + 1];
    if (nc_inq_varname(s->ncid, varid, buf) != NC_NOERR)
        return EXS_ENOTFOUND;
    snprintf(name, cap, "%s", buf);
    return 0;
}

static int ncs_inq_groups(exsi_core_store *s, int *n, char *first, size_t cap)
{
    char buf[NC_MAX_NAME + 1] = "";
    int ng = 0;
    *n = 0;
    if (nc_inq_grps(s->ncid, &ng, NULL) != NC_NOERR || ng <= 0)
        return 0;
    int *ids = malloc((size_t)ng * sizeof *ids);
    if (!ids)
        return exsi_err(s->file, EXS_ENOMEM, "group list");
    if (nc_inq_grps(s->ncid, NULL, ids) == NC_NOERR)
        nc_inq_grpname(ids[0], buf);
    free(ids);
    *n = ng;
    snprintf(first, cap, "%s", buf);
    return 0;
}

static int ncs_inq_layout(exsi_core_store *s, int varid, exsi_core_layout *lay)
{
    memset(lay, 0, sizeof *lay);
    if (s->format != EXS_FORMAT_NETCDF4 && s->format != EXS_FORMAT_NETCDF4_CLASSIC)
        return 0;
    int storage = NC_CONTIGUOUS, ndims = 0, shuffle = 0, deflate = 0, level = 0;
    size_t ch[EXS_MAX_DIMS];
    nc_inq_varndims(s->ncid, varid, &ndims);
    if (ndims > EXS_MAX_DIMS)
        return EXS_EBADMODEL;
    if (nc_inq_var_chunking(s->ncid, varid, &storage, ch) == NC_NOERR &&
        storage == NC_CHUNKED) {
        lay->chunked = 1;
        for (int d = 0; d < ndims; d++)
            lay->chunks[d] = (int64_t)ch[d];
    }
    if (nc_inq_var_deflate(s->ncid, varid, &shuffle, &deflate, &level) == NC_NOERR &&
        deflate)
        lay->deflate = level;
    return 0;
}

/* netCDF-4 writers such as netCDF4-python may store a text attribute
 * (title, elem_type, name) as one NC_STRING instead of NC_CHAR. */
static int get_att_string(exsi_core_store *s, int v, const char *name, char *buf,
                          size_t cap, size_t *n)
{
    size_t len = 0;
    nc_inq_attlen(s->ncid, v, name, &len);
    if (len != 1)
        return EXS_ETYPE;
    char *str = NULL;
    int ncrc = nc_get_att_string(s->ncid, v, name, &str);
    if (ncrc != NC_NOERR)
        return nc_fail(s, ncrc, v == NC_GLOBAL ? -1 : v, "attribute read");
    if (cap > 0)
        snprintf(buf, cap, "%s", str ? str : "");
    if (n)
        *n = str ? strlen(str) : 0;
    nc_free_string(1, &str);
    return 0;
}

static int ncs_get_att_text(exsi_core_store *s, int varid, const char *name, char *buf,
                            size_t cap, size_t *n)
{
    size_t len;
    nc_type xt;
    int v = varid < 0 ? NC_GLOBAL : varid;
    if (nc_inq_att(s->ncid, v, name, &xt, &len) != NC_NOERR)
        return EXS_ENOTFOUND;
    if (n)
        *n = len;
    if (xt == NC_STRING)
        return get_att_string(s, v, name, buf, cap, n);
    if (xt != NC_CHAR)
        return EXS_ETYPE;
    if (len < cap) {
        int ncrc = nc_get_att_text(s->ncid, v, name, buf);
        if (ncrc != NC_NOERR)
            return nc_fail(s, ncrc, varid, "attribute read");
        buf[len] = '\0';
        return 0;
    }
    char *tmp = malloc(len + 1);
    if (!tmp)
        return EXS_ENOMEM;
    int ncrc = nc_get_att_text(s->ncid, v, name, tmp);
    if (ncrc == NC_NOERR && cap > 0) {
        memcpy(buf, tmp, cap - 1);
        buf[cap - 1] = '\0';
    }
    free(tmp);
    return ncrc == NC_NOERR ? 0 : nc_fail(s, ncrc, varid, "attribute read");
}

/* Numeric attributes are small (a handful of values): read all into a
 * temporary of the stored length, then copy what fits. */
static int ncs_get_att_num(exsi_core_store *s, int varid, const char *name, void *buf,
                           size_t cap, size_t *n, int as_double)
{
    size_t len;
    nc_type xt;
    int v = varid < 0 ? NC_GLOBAL : varid;
    if (nc_inq_att(s->ncid, v, name, &xt, &len) != NC_NOERR)
        return EXS_ENOTFOUND;
    if (n)
        *n = len;
    if (xt == NC_CHAR || xt == NC_STRING)
        return EXS_ETYPE;
    size_t width = as_double ? sizeof(double) : sizeof(long long);
    void *tmp = malloc((len ? len : 1) * width);
    if (!tmp)
        return EXS_ENOMEM;
    int ncrc = as_double ? nc_get_att_double(s->ncid, v, name, tmp)
                         : nc_get_att_longlong(s->ncid, v, name, tmp);
    if (ncrc == NC_NOERR)
        memcpy(buf, tmp, (len < cap ? len : cap) * width);
    free(tmp);
    if (ncrc == NC_ERANGE) /* a stored value the requested type cannot hold */
        return exsi_err(s->file, EXS_EOVERFLOW, "attribute %s: a value does not fit %s",
                        name, as_double ? "a double" : "a 64-bit integer");
    if (ncrc != NC_NOERR)
        return nc_fail(s, ncrc, varid, "attribute read");
    return 0;
}

static int ncs_get_att_i64(exsi_core_store *s, int varid, const char *name,
                           int64_t *buf, size_t cap, size_t *n)
{
    return ncs_get_att_num(s, varid, name, buf, cap, n, 0);
}

static int ncs_get_att_f64(exsi_core_store *s, int varid, const char *name, double *buf,
                           size_t cap, size_t *n)
{
    return ncs_get_att_num(s, varid, name, buf, cap, n, 1);
}

static int ncs_inq_att_at(exsi_core_store *s, int varid, int idx, char *name, size_t cap,
                          int *xtype, size_t *len)
{
    char nm[NC_MAX_NAME + 1];
    nc_type xt;
    int v = varid < 0 ? NC_GLOBAL : varid;
    if (nc_inq_attname(s->ncid, v, idx, nm) != NC_NOERR ||
        nc_inq_att(s->ncid, v, nm, &xt, len) != NC_NOERR)
        return EXS_ENOTFOUND;
    if (strlen(nm) >= cap)
        return exsi_err(s->file, EXS_ERANGE, "attribute name %s too long", nm);
    memcpy(name, nm, strlen(nm) + 1);
    *xtype = (int)xt;
    return 0;
}

/* Whole-chunk reads of netCDF-4 data run twice as fast with the variable's
 * chunk cache off (each chunk is read once, straight into our buffer), and
 * whole-chunk writes go straight to the file instead of through up to
 * 16 MiB of cache per variable (which lived until close: streaming a 1M-node
 * file peaked at 81-86 MiB); so do partial accesses of uncompressed
 * chunks; a partial access of a compressed chunk gets the default cache. Only in data mode: netCDF resets caches at definition. */
static void tune_chunk_cache(exsi_core_store *s, int varid, const size_t *st,
                             const size_t *ct, int ndims)
{
    if (s->parallel || (s->format != EXS_FORMAT_NETCDF4 &&
                        s->format != EXS_FORMAT_NETCDF4_CLASSIC))
        return;
    if (ensure_var_state(s, varid) != 0)
        return;
    nc_impl *im = impl_of(s);
    int storage = NC_CONTIGUOUS, dimid;
    size_t ch[EXS_MAX_DIMS];
    char name[NC_MAX_NAME + 1];
    if (im->cache_off[varid] == 2)
        return;
    /* netCDF-C 4.9.0 reopens a variable named as a dimension (but not its
     * coordinate variable: stored as "_nc4_non_coord_NAME") under the
     * dimension's dataset when its cache changes, and every later read of
     * it fails with an HDF error: such a variable keeps netCDF's cache. */
    if (im->cache_off[varid] == -1 && nc_inq_varname(s->ncid, varid, name) == NC_NOERR &&
        nc_inq_dimid(s->ncid, name, &dimid) == NC_NOERR) {
        im->cache_off[varid] = 2;
        return;
    }
    if (nc_inq_var_chunking(s->ncid, varid, &storage, ch) != NC_NOERR ||
        storage != NC_CHUNKED)
        return;
    int whole = 1, dimids[EXS_MAX_DIMS];
    nc_inq_vardimid(s->ncid, varid, dimids);
    for (int d = 0; d < ndims && whole; d++) {
        int64_t len = 0; /* asked only when a chunk ends past the slab */
        int end_ok = (st[d] + ct[d]) % ch[d] == 0 ||
                     (dim_length(s, dimids[d], &len) == NC_NOERR &&
                      (int64_t)(st[d] + ct[d]) == len);
        whole = st[d] % ch[d] == 0 && end_ok;
    }
    /* Uncompressed chunks: HDF5 moves a partial selection straight from the
     * file too; only compressed partial access needs the cache. */
    size_t nfilters = 1;
    int want = whole || (nc_inq_var_filter_ids(s->ncid, varid, &nfilters, NULL) ==
                             NC_NOERR && nfilters == 0);
    if (im->cache_off[varid] == want)
        return;
    if (whole)
        nc_set_var_chunk_cache(s->ncid, varid, 0, 0, 0.0f);
    else
        nc_set_var_chunk_cache(s->ncid, varid, 16u << 20, 1009, 0.75f);
    im->cache_off[varid] = (signed char)want;
}

/* Parallel: put the variable in the access mode data calls should run in,
 * the first time it is touched in that mode. Compressed variables refuse
 * independent access and stay collective. */
static int var_access(exsi_core_store *s, int varid)
{
    nc_impl *im = impl_of(s);
    if (!s->parallel)
        return 0;
    if (ensure_var_state(s, varid) != 0)
        return exsi_err(s->file, EXS_ENOMEM, "access mode state");
    if (im->par_mode[varid] == im->collective)
        return 0;
    int rc = exsi_store_netcdf_par_access(s, varid, im->collective);
    if (rc == EXS_ENOTSUP && !im->collective)
        rc = 0; /* stays collective */
    if (rc == 0)
        im->par_mode[varid] = (signed char)im->collective;
    return rc;
}

static int to_size_t(const int64_t *in, size_t *out, int n)
{
    for (int i = 0; i < n; i++) {
        if (in[i] < 0)
            return EXS_ERANGE;
        out[i] = (size_t)in[i];
    }
    return 0;
}

/* The slab in netCDF's terms, the chunk cache tuned for it and the
 * variable's access mode set. *empty: a serial empty slab, nothing to do;
 * a parallel one must still be entered by every rank (netCDF-4's
 * collective reads and writes). */
static int slab_prepare(exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *start,
                        const int64_t *count, size_t *st, size_t *ct, int *empty)
{
    int ndims = vi->ndims;
    if (ndims > EXS_MAX_DIMS || to_size_t(start, st, ndims) ||
        to_size_t(count, ct, ndims))
        return exsi_err(s->file, EXS_ERANGE, "negative slab");
    for (int d = 0; !s->parallel && d < ndims; d++)
        if (ct[d] == 0)
            return *empty = 1, 0;
    tune_chunk_cache(s, vi->varid, st, ct, ndims);
    return var_access(s, vi->varid);
}

/* A netCDF-4 read of 4-byte file values (NC_INT, NC_FLOAT) as 8-byte
 * ones (int64, double) converts in netCDF-C through a full-size temporary,
 * one value at a time: 8M connectivity entries took 0.13-0.27 s against
 * 0.014 s for the same bytes read natively. Instead the values are read
 * natively into the upper half of the caller's buffer and widened in place
 * from the front. Writing value i covers 4-byte slots 2i and 2i+1, which
 * hold input values 2i-n and 2i-n+1 (n values), never one after i: each
 * block of input is copied out before the block's outputs are stored. The
 * conversions are exact (no range error possible). */
#define EXSI_WIDEN_BLOCK 2048

static int widen_kind(const exsi_core_store *s, const exsi_core_varinfo *vi, int t)
{
    if (s->format != EXS_FORMAT_NETCDF4 && s->format != EXS_FORMAT_NETCDF4_CLASSIC)
        return 0;
    if (t == EXS_I64 && vi->xtype == EXS_NC_INT)
        return EXS_I32;
    if (t == EXS_F64 && vi->xtype == EXS_NC_FLOAT)
        return EXS_F32;
    return 0;
}

static void widen_in_place(void *buf, size_t n, int from)
{
    const char *in = (const char *)buf + 4 * n;
    char *out = buf;
    for (size_t i = 0; i < n; i += EXSI_WIDEN_BLOCK) {
        size_t k = n - i < EXSI_WIDEN_BLOCK ? n - i : EXSI_WIDEN_BLOCK;
        union { int32_t i32[EXSI_WIDEN_BLOCK]; float f32[EXSI_WIDEN_BLOCK]; } blk;
        union { int64_t i64[EXSI_WIDEN_BLOCK]; double f64[EXSI_WIDEN_BLOCK]; } wide;
        memcpy(&blk, in + 4 * i, 4 * k);
        if (from == EXS_I32)
            for (size_t j = 0; j < k; j++)
                wide.i64[j] = blk.i32[j];
        else
            for (size_t j = 0; j < k; j++)
                wide.f64[j] = blk.f32[j];
        memcpy(out + 8 * i, &wide, 8 * k);
    }
}

static int get_vara_widened(exsi_core_store *s, const exsi_core_varinfo *vi,
                            const size_t *st, const size_t *ct, int from, void *buf)
{
    size_t n = 1;
    for (int d = 0; d < vi->ndims; d++)
        n *= ct[d];
    void *half = (char *)buf + 4 * n;
    int ncrc = from == EXS_I32 ? nc_get_vara_int(s->ncid, vi->varid, st, ct, half)
                               : nc_get_vara_float(s->ncid, vi->varid, st, ct, half);
    if (ncrc != NC_NOERR)
        return nc_fail(s, ncrc, vi->varid, "read");
    widen_in_place(buf, n, from);
    return 0;
}

static int ncs_get_vara(exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *start,
                        const int64_t *count, int t, void *buf)
{
    size_t st[EXS_MAX_DIMS], ct[EXS_MAX_DIMS];
    int varid = vi->varid, empty = 0, ncrc;
    int rc = slab_prepare(s, vi, start, count, st, ct, &empty);
    if (rc != 0 || empty)
        return rc;
    rc = exsi_store_cdf_direct_get(impl_of(s)->direct, s->file, vi, start, count, t, buf);
    if (rc != EXS_CDF_DIRECT_PASS)
        return rc;
    rc = exsi_store_h5_direct_get(impl_of(s)->h5direct, s->file, vi, start, count, t, buf);
    if (s->parallel && impl_of(s)->par_mode[varid] == 1 && s->file->comm) {
        /* A collective read: the ranks learn whether any of them needs
         * netCDF for its slab (one allreduce, much cheaper than HDF5's
         * collective read of nothing). If none does, nobody calls it; else
         * every rank does, those whose slab is read joining with an empty
         * selection. */
        int64_t mine = rc == EXS_CDF_DIRECT_PASS, any = 1;
        if (exsi_comm_allreduce_i64(s->file->comm, &mine, &any, 1, EXS_OP_MAX) != 0)
            any = 1;
        if (!any)
            return rc;
        if (rc != EXS_CDF_DIRECT_PASS) {
            size_t none[EXS_MAX_DIMS] = {0};
            ncrc = nc_get_vara_double(s->ncid, varid, st, none, buf);
            if (rc == 0 && ncrc != NC_NOERR)
                rc = nc_fail(s, ncrc, varid, "read");
            return rc;
        }
    } else if (rc != EXS_CDF_DIRECT_PASS) {
        return rc;
    }
    int from = widen_kind(s, vi, t);
    if (from)
        return get_vara_widened(s, vi, st, ct, from, buf);
    switch (t) {
    case EXS_F64:
        ncrc = nc_get_vara_double(s->ncid, varid, st, ct, buf);
        break;
    case EXS_F32:
        ncrc = nc_get_vara_float(s->ncid, varid, st, ct, buf);
        break;
    case EXS_I64:
        ncrc = nc_get_vara_longlong(s->ncid, varid, st, ct, buf);
        break;
    case EXS_I32:
        ncrc = nc_get_vara_int(s->ncid, varid, st, ct, buf);
        break;
    case EXS_TEXT:
        ncrc = nc_get_vara_text(s->ncid, varid, st, ct, buf);
        break;
    default:
        return exsi_err(s->file, EXS_ETYPE, "bad buffer type %d", t);
    }
    return ncrc == NC_NOERR ? 0 : nc_fail(s, ncrc, varid, "read");
}

/* Parallel netCDF-4 closes fsync the file (netCDF-C's close flushes
 * HDF5, whose MPI-IO driver calls MPI_File_sync): 0.2 s for a 366 MB
 * file on the benchmark machine, all of it then spent waiting at close.
 * Starting the page cache's writeback of what was put so far, every
 * WB_KICK_BYTES put, without waiting for it (sync_file_range
 * SYNC_FILE_RANGE_WRITE, Linux) overlaps that disk time with the puts
 * that follow. Durability is unchanged: nothing is promised before the
 * close's sync. */
#define WB_KICK_BYTES ((int64_t)32 << 20)

static void writeback_kick(nc_impl *im, const exsi_core_varinfo *vi, const int64_t *count,
                           int t)
{
    if (!im || im->wb_fd < 0)
        return;
    int64_t n = (int64_t)exsi_util_type_size(t);
    for (int d = 0; d < vi->ndims; d++)
        n *= count[d];
    im->wb_pending += n;
    if (im->wb_pending < WB_KICK_BYTES)
        return;
    im->wb_pending = 0;
#ifdef SYNC_FILE_RANGE_WRITE
    sync_file_range(im->wb_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
}

static int ncs_put_vara(exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *start,
                        const int64_t *count, int t, const void *buf)
{
    size_t st[EXS_MAX_DIMS], ct[EXS_MAX_DIMS];
    int varid = vi->varid, empty = 0, ncrc;
    int rc = slab_prepare(s, vi, start, count, st, ct, &empty);
    if (rc != 0 || empty)
        return rc;
    switch (t) {
    case EXS_F64:
        ncrc = nc_put_vara_double(s->ncid, varid, st, ct, buf);
        break;
    case EXS_F32:
        ncrc = nc_put_vara_float(s->ncid, varid, st, ct, buf);
        break;
    case EXS_I64:
        ncrc = nc_put_vara_longlong(s->ncid, varid, st, ct, buf);
        break;
    case EXS_I32:
        ncrc = nc_put_vara_int(s->ncid, varid, st, ct, buf);
        break;
    case EXS_TEXT:
        ncrc = nc_put_vara_text(s->ncid, varid, st, ct, buf);
        break;
    default:
        return exsi_err(s->file, EXS_ETYPE, "bad buffer type %d", t);
    }
    if (ncrc == NC_NOERR)
        writeback_kick(impl_of(s), vi, count, t);
    return ncrc == NC_NOERR ? 0 : nc_fail(s, ncrc, varid, "write");
}

static int ncs_redef(exsi_core_store *s)
{
    int ncrc = nc_redef(s->ncid);
    return ncrc == NC_NOERR || ncrc == NC_EINDEFINE ? 0
                                                     : nc_fail(s, ncrc, -1, "redef");
}

static int ncs_enddef(exsi_core_store *s)
{
    int ncrc = nc_enddef(s->ncid);
    return ncrc == NC_NOERR || ncrc == NC_ENOTINDEFINE
               ? 0
               : nc_fail(s, ncrc, -1, "enddef");
}

/* netCDF-C's own alignments otherwise (4 and 4: nc_enddef's layout byte
 * for byte when h_minfree is 0). */
static int ncs_enddef_reserve(exsi_core_store *s, int64_t h_minfree)
{
    int ncrc = nc__enddef(s->ncid, (size_t)h_minfree, 4, 0, 4);
    return ncrc == NC_NOERR || ncrc == NC_ENOTINDEFINE
               ? 0
               : nc_fail(s, ncrc, -1, "enddef");
}

static int ncs_def_dim(exsi_core_store *s, const char *name, int64_t len, int *dimid)
{
    int ncrc = nc_def_dim(s->ncid, name, len == 0 ? NC_UNLIMITED : (size_t)len, dimid);
    if (ncrc != NC_NOERR)
        return exsi_err(s->file, exsi_store_nc_code(ncrc), "defining dimension %s = %lld: %s",
                       name, (long long)len, nc_strerror(ncrc));
    /* Known from here on: a record write never has to ask netCDF for the
     * record count, which in parallel netCDF-4 is an allreduce per record
     * variable (quadratic per step). */
    if (len == 0) {
        impl_of(s)->unlimdim = *dimid;
        impl_of(s)->nrec_open = 0;
    }
    return 0;
}

static int ncs_def_var(exsi_core_store *s, const char *name, int xtype, int ndims,
                       const int *dimids, int *varid)
{
    int ncrc = nc_def_var(s->ncid, name, (nc_type)xtype, ndims, dimids, varid);
    if (ncrc != NC_NOERR)
        return exsi_err(s->file, exsi_store_nc_code(ncrc), "defining variable %s: %s", name,
                       nc_strerror(ncrc));
    return ensure_var_state(s, *varid);
}

static int ncs_def_var_layout(exsi_core_store *s, int varid, const int64_t *chunks,
                              int deflate, int shuffle, int zstd)
{
    int ncrc = NC_NOERR, ndims = 0;
    if (s->format != EXS_FORMAT_NETCDF4 && s->format != EXS_FORMAT_NETCDF4_CLASSIC)
        return 0;
    nc_inq_varndims(s->ncid, varid, &ndims);
    if (chunks) {
        size_t ch[EXS_MAX_DIMS];
        if (to_size_t(chunks, ch, ndims))
            return EXS_EINVAL;
        ncrc = nc_def_var_chunking(s->ncid, varid, NC_CHUNKED, ch);
    } else if (!deflate && !zstd) {
        ncrc = nc_def_var_chunking(s->ncid, varid, NC_CONTIGUOUS, NULL);
    }
    if (ncrc == NC_NOERR && deflate)
        ncrc = nc_def_var_deflate(s->ncid, varid, shuffle, 1, deflate);
    if (ncrc == NC_NOERR && zstd) {
#if defined(NC_HAS_ZSTD) && NC_HAS_ZSTD
        ncrc = nc_def_var_zstandard(s->ncid, varid, zstd);
#else
        return exsi_err(s->file, EXS_ENOTSUP,
                       "zstd compression: this netCDF build has no zstd filter");
#endif
    }
    return ncrc == NC_NOERR ? 0 : nc_fail(s, ncrc, varid, "layout");
}

static int ncs_put_att_text(exsi_core_store *s, int varid, const char *name,
                            const char *text)
{
    int v = varid < 0 ? NC_GLOBAL : varid;
    int ncrc = nc_put_att_text(s->ncid, v, name, strlen(text), text);
    return ncrc == NC_NOERR ? 0 : nc_fail(s, ncrc, varid, "attribute write");
}

static int ncs_put_att_i64(exsi_core_store *s, int varid, const char *name, int xtype,
                           size_t n, const int64_t *vals)
{
    int v = varid < 0 ? NC_GLOBAL : varid;
    long long tmp[16];
    if (n > 16)
        return EXS_EINVAL;
    for (size_t i = 0; i < n; i++)
        tmp[i] = vals[i];
    int ncrc = nc_put_att_longlong(s->ncid, v, name, (nc_type)xtype, n, tmp);
    return ncrc == NC_NOERR ? 0 : nc_fail(s, ncrc, varid, "attribute write");
}

static int ncs_put_att_f64(exsi_core_store *s, int varid, const char *name, int xtype,
                           size_t n, const double *vals)
{
    int v = varid < 0 ? NC_GLOBAL : varid;
    int ncrc = nc_put_att_double(s->ncid, v, name, (nc_type)xtype, n, vals);
    return ncrc == NC_NOERR ? 0 : nc_fail(s, ncrc, varid, "attribute write");
}

static int ncs_sync(exsi_core_store *s)
{
    int ncrc = nc_sync(s->ncid);
    return ncrc == NC_NOERR ? 0 : nc_fail(s, ncrc, -1, "sync");
}

/* Recorded only: each variable is switched when a data call touches it. */
static int ncs_set_collective(exsi_core_store *s, int collective)
{
    impl_of(s)->collective = collective ? 1 : 0;
    return 0;
}

static const exsi_core_store_ops netcdf_raw = {
    .name = "netcdf",
    .close = ncs_close,
    .inq_dim = ncs_inq_dim,
    .inq_var = ncs_inq_var,
    .inq_layout = ncs_inq_layout,
    .inq_varname = ncs_inq_varname,
    .inq_groups = ncs_inq_groups,
    .get_att_text = ncs_get_att_text,
    .get_att_i64 = ncs_get_att_i64,
    .get_att_f64 = ncs_get_att_f64,
    .inq_att_at = ncs_inq_att_at,
    .get_vara = ncs_get_vara,
    .put_vara = ncs_put_vara,
    .redef = ncs_redef,
    .enddef = ncs_enddef,
    .enddef_reserve = ncs_enddef_reserve,
    .def_dim = ncs_def_dim,
    .def_var = ncs_def_var,
    .def_var_layout = ncs_def_var_layout,
    .put_att_text = ncs_put_att_text,
    .put_att_i64 = ncs_put_att_i64,
    .put_att_f64 = ncs_put_att_f64,
    .sync = ncs_sync,
    .iget_vara = NULL,
    .iput_vara = NULL,
    .wait_all = NULL,
    .set_collective = ncs_set_collective,
};

/* What stores use: every op of netcdf_raw under the library lock. */
#define NETCDF_LOCKED_(op, params, args) EXS_LOCKED_OP(netcdf_raw, op, params, args)
EXS_STORE_OPS(NETCDF_LOCKED_)
NETCDF_LOCKED_(inq_groups, (exsi_core_store *s, int *n, char *first, size_t cap),
               (s, n, first, cap))
NETCDF_LOCKED_(enddef_reserve, (exsi_core_store *s, int64_t h_minfree), (s, h_minfree))
#define NETCDF_ENTRY_(op, params, args) .op = netcdf_raw_locked_##op,
static const exsi_core_store_ops netcdf_ops = {
    .name = "netcdf", EXS_STORE_OPS(NETCDF_ENTRY_)
    .inq_groups = netcdf_raw_locked_inq_groups,
    .enddef_reserve = netcdf_raw_locked_enddef_reserve};

static int format_of_ncid(int ncid)
{
    int fmt = 0, mode = 0;
    nc_inq_format_extended(ncid, &fmt, &mode);
    if (mode & NC_CDF5)
        return EXS_FORMAT_CDF5;
    if (mode & NC_64BIT_OFFSET)
        return EXS_FORMAT_64BIT_OFFSET;
    if (mode & NC_NETCDF4) {
        /* The extended mode does not carry NC_CLASSIC_MODEL for files
         * opened from disk; the plain format does. */
        int plain = 0;
        nc_inq_format(ncid, &plain);
        return (mode & NC_CLASSIC_MODEL) || plain == NC_FORMAT_NETCDF4_CLASSIC
                   ? EXS_FORMAT_NETCDF4_CLASSIC
                   : EXS_FORMAT_NETCDF4;
    }
    return EXS_FORMAT_CLASSIC;
}

static int wrap(exs_file *f, int ncid, int parallel, exsi_core_store **out)
{
    exsi_core_store *s = calloc(1, sizeof *s);
    nc_impl *im = calloc(1, sizeof *im);
    if (!s || !im) {
        free(s);
        free(im);
        nc_close(ncid);
        return exsi_err(f, EXS_ENOMEM, "allocating the netCDF backend");
    }
    s->ops = &netcdf_ops;
    s->file = f;
    s->ncid = ncid;
    s->parallel = parallel;
    s->format = format_of_ncid(ncid);
    s->impl = im;
    int nvars = 0;
    nc_inq_nvars(ncid, &nvars);
    im->unlimdim = -1;
    im->wb_fd = -1;
    /* Every rank of a parallel open runs this: the collective length query
     * is safe here, and only here. */
    int tid = -1;
    /* netCDF-4 may have several unlimited dimensions (petsc's files make
     * num_node_sets one, first): the record dimension is time_step. */
    if (nc_inq_unlimdim(ncid, &im->unlimdim) == NC_NOERR && im->unlimdim >= 0 &&
        nc_inq_dimid(ncid, "time_step", &tid) == NC_NOERR)
        im->unlimdim = tid;
    if (im->unlimdim >= 0) {
        size_t l = 0;
        nc_inq_dimlen(ncid, im->unlimdim, &l);
        im->nrec_open = (int64_t)l;
    }
    if (ensure_var_state(s, nvars) != 0) {
        ncs_close(s);
        return exsi_err(f, EXS_ENOMEM, "allocating the netCDF backend");
    }
    *out = s;
    return 0;
}

/* The direct layout agrees with what netCDF read from the same header:
 * as many variables, and each one's type, rank and fixed lengths. */
static int direct_agrees(exsi_core_store *s, const exsi_store_cdf_layout *lay)
{
    int nvars = 0;
    if (nc_inq_nvars(s->ncid, &nvars) != NC_NOERR || nvars != lay->nvars)
        return 0;
    for (int v = 0; v < nvars; v++) {
        const exsi_store_cdf_var *cv = &lay->vars[v];
        nc_type xt;
        int nd = 0, dimids[EXS_MAX_DIMS];
        if (cv->ndims < 0)
            continue; /* never covered */
        if (nc_inq_var(s->ncid, v, NULL, &xt, &nd, NULL, NULL) != NC_NOERR ||
            xt != cv->xtype || nd != cv->ndims ||
            nc_inq_vardimid(s->ncid, v, dimids) != NC_NOERR)
            return 0;
        for (int d = cv->is_rec; d < nd; d++) {
            size_t len = 0;
            if (nc_inq_dimlen(s->ncid, dimids[d], &len) != NC_NOERR ||
                (int64_t)len != cv->shape[d])
                return 0;
        }
    }
    return 1;
}

/* Serial read-only opens read contiguous slabs straight from the file
 * (cdf_direct.c for the classic formats, h5_direct.c for netCDF-4) unless
 * EXOSLAB_NO_DIRECT is set (to anything but "0"). */
static int getenv_set(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

static int direct_attach(exs_file *f, const char *path, exsi_core_store *s)
{
    exsi_store_cdf_direct *d = NULL;
    if (getenv_set("EXOSLAB_NO_DIRECT"))
        return 0;
    if (s->format == EXS_FORMAT_NETCDF4 || s->format == EXS_FORMAT_NETCDF4_CLASSIC)
        return exsi_store_h5_direct_open(f, path, s->ncid, &impl_of(s)->h5direct);
    if (s->format != EXS_FORMAT_CLASSIC && s->format != EXS_FORMAT_64BIT_OFFSET &&
        s->format != EXS_FORMAT_CDF5)
        return 0;
    int rc = exsi_store_cdf_direct_open(f, path, &d);
    if (rc == 0 && d && direct_agrees(s, exsi_store_cdf_direct_layout(d)))
        impl_of(s)->direct = d;
    else
        exsi_store_cdf_direct_close(d);
    return rc;
}

int64_t exsi_store_direct_reads(const exsi_core_store *s)
{
    if (!s || !s->impl || !s->ops->name)
        return 0;
    if (strcmp(s->ops->name, "pnetcdf") == 0)
        return exsi_store_pnetcdf_direct_reads(s);
    if (strcmp(s->ops->name, "netcdf") != 0)
        return 0;
    const nc_impl *im = s->impl;
    return exsi_store_cdf_direct_reads(im->direct) + exsi_store_h5_direct_reads(im->h5direct);
}

static int netcdf_open(exs_file *f, const char *path, int mode, exsi_comm *comm,
                       exsi_core_store **s)
{
    int ncid = -1, ncrc;
    int parallel = exsi_comm_mpi_handle(comm) != NULL;
    int omode = mode == EXS_WRITE ? NC_WRITE : NC_NOWRITE;
    *s = NULL;
    size_t hint = EXSI_CDF_WRITE_BLOCK; /* ignored by netCDF-4 files */
    if (parallel)
        ncrc = exsi_store_netcdf_par_open(path, omode, comm, &ncid);
    else if (mode == EXS_WRITE)
        ncrc = nc__open(path, omode, &hint, &ncid);
    else
        ncrc = nc_open(path, omode, &ncid);
    if (ncrc != NC_NOERR)
        return exsi_err(f, exsi_store_nc_code(ncrc) == EXS_ENETCDF ? EXS_ECORRUPT : exsi_store_nc_code(ncrc),
                       "opening with netCDF: %s", nc_strerror(ncrc));
    /* A classic file cut short was refused by the header walk before
     * (exsi_store_check_cdf_header compares the file with its exact extent). */
    int rc = wrap(f, ncid, parallel, s);
    if (rc == 0 && !parallel && mode == EXS_READ &&
        (rc = direct_attach(f, path, *s)) != 0) {
        ncs_close(*s);
        *s = NULL;
    }
    /* Parallel read-only netCDF-4 opens: each rank's own direct reader (a
     * rank without one reads through netCDF; every read stays one
     * collective call on every rank, ncs_get_vara), so a rank's failure
     * to set it up never fails the open alone. */
    if (rc == 0 && parallel && mode == EXS_READ && !getenv_set("EXOSLAB_NO_DIRECT") &&
        ((*s)->format == EXS_FORMAT_NETCDF4 || (*s)->format == EXS_FORMAT_NETCDF4_CLASSIC) &&
        exsi_store_h5_direct_open(f, path, ncid, &impl_of(*s)->h5direct) != 0) {
        impl_of(*s)->h5direct = NULL;
        exsi_err_clear(f);
    }
    return rc;
}

int exsi_store_has_zstd(void)
{
#if defined(NC_HAS_ZSTD) && NC_HAS_ZSTD
    return 1;
#else
    return 0;
#endif
}

int exsi_store_netcdf_cmode(const exs_create_opts *o)
{
    int cmode = o->clobber ? NC_CLOBBER : NC_NOCLOBBER;
    switch (o->format) {
    case EXS_FORMAT_CLASSIC:
        return cmode;
    case EXS_FORMAT_CDF5:
        return cmode | NC_64BIT_DATA;
    case EXS_FORMAT_NETCDF4:
        return cmode | NC_NETCDF4;
    case EXS_FORMAT_NETCDF4_CLASSIC:
        return cmode | NC_NETCDF4 | NC_CLASSIC_MODEL;
    case EXS_FORMAT_DEFAULT:
    case EXS_FORMAT_64BIT_OFFSET:
    default:
        return cmode | NC_64BIT_OFFSET;
    }
}

static int netcdf_create(exs_file *f, const char *path,
                         const exs_create_opts *o, exsi_comm *comm, exsi_core_store **s)
{
    int ncid = -1, ncrc, old;
    int parallel = exsi_comm_mpi_handle(comm) != NULL;
    int cmode = exsi_store_netcdf_cmode(o);
    *s = NULL;
    size_t hint = EXSI_CDF_WRITE_BLOCK;
    if (parallel)
        ncrc = exsi_store_netcdf_par_create(path, cmode, comm, &ncid);
    else if (!(cmode & NC_NETCDF4))
        ncrc = nc__create(path, cmode, 0, &hint, &ncid);
    else
        ncrc = nc_create(path, cmode, &ncid);
    if (ncrc != NC_NOERR) {
        int code = ncrc == NC_EEXIST ? EXS_EEXIST : exsi_store_nc_code(ncrc);
        if (code == EXS_ENETCDF)
            code = EXS_ENOFILE;
        return exsi_err(f, code, "creating with netCDF: %s", nc_strerror(ncrc));
    }
    nc_set_fill(ncid, NC_NOFILL, &old);
    int rc = wrap(f, ncid, parallel, s);
    if (rc == 0 && parallel && (cmode & NC_NETCDF4))
        impl_of(*s)->wb_fd = open(path, O_RDONLY | O_CLOEXEC);
    return rc;
}

int exsi_store_netcdf_open(exs_file *f, const char *path, int mode, exsi_comm *comm,
                          exsi_core_store **s)
{
    exsi_store_storage_lock();
    int rc = netcdf_open(f, path, mode, comm, s);
    exsi_store_storage_unlock();
    return rc;
}

int exsi_store_netcdf_create(exs_file *f, const char *path,
                            const exs_create_opts *o, exsi_comm *comm,
                            exsi_core_store **s)
{
    exsi_store_storage_lock();
    int rc = netcdf_create(f, path, o, comm, s);
    exsi_store_storage_unlock();
    return rc;
}
