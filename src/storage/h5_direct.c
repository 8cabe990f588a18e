/*
 * h5_direct.c -- netCDF-4 slabs read straight from the dataset's bytes
 * (h5_direct.h).
 *
 * Per variable, on its first read: the HDF5 dataset netCDF keeps it in (its
 * name, or netCDF's "_nc4_non_coord_" name when it shares a dimension's),
 * and whether the bytes can be taken as they are: a little-endian integer
 * or float type of netCDF's own, no filter, contiguous or chunked storage,
 * an extent equal to netCDF's. A slab is then cut into runs that are each
 * contiguous in one chunk (or in the contiguous data): a slab contiguous
 * in the array's order when every chunk spans the inner dimensions whole
 * (one run per chunk: the libexodus layout, connectivity, coordinates), or
 * a row range by column range of a 2-D variable (a run per row and chunk
 * column: a rank's nodes over several steps, chunks along both). Each chunk
 * address comes from HDF5's chunk index; a chunk never written, or stored
 * with a filter mask or a size that is not the raw chunk's, sends the whole
 * slab back to netCDF. Runs of 1 MiB or more are mapped and copied out
 * (with cache-bypassing stores from 2 MiB, as the classic path does), the
 * others are one pread each into the caller's buffer; an int or float
 * variable read as int64 or double is read into the buffer's tail and
 * widened in place, front to back.
 */
#include <hdf5.h>
#include <netcdf.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cdf_direct.h"
#include "h5_direct.h"

#define MAX_RUNS 4096              /* more pieces than this: netCDF's */
#define PLAN_FULL 2

enum { COVER_UNKNOWN = 0, COVER_YES = 1, COVER_NO = -1 };

typedef struct h5var {
    int cover;
    hid_t dset;
    int kind; /* EXS_NC_* of the stored values */
    int w;    /* their width */
    int ndims, chunked;
    int64_t dims[EXS_MAX_DIMS], chunk[EXS_MAX_DIMS];
    int64_t base; /* contiguous: the data's file offset */
} h5var;

struct exsi_store_h5_direct {
    hid_t file;
    int fd, ncid, map;
    long pagesize;
    int nvars;
    h5var *vars;
    int64_t reads;
};

/* One piece of a slab: n values at file offset off into the buffer at
 * value index at. */
typedef struct h5run {
    int64_t off, n, at;
} h5run;

/* ---- what a variable is -------------------------------------------------- */

static int kind_of(hid_t type, int *w)
{
    static const struct { int kind, w; } kinds[] = {
        {EXS_NC_DOUBLE, 8}, {EXS_NC_FLOAT, 4}, {EXS_NC_INT, 4}, {EXS_NC_INT64, 8}};
    hid_t le[4] = {H5T_IEEE_F64LE, H5T_IEEE_F32LE, H5T_STD_I32LE, H5T_STD_I64LE};
    for (int k = 0; k < 4; k++)
        if (H5Tequal(type, le[k]) > 0) {
            *w = kinds[k].w;
            return kinds[k].kind;
        }
    return 0;
}

static hid_t open_dataset(hid_t file, const char *name)
{
    char alt[NC_MAX_NAME + 32];
    snprintf(alt, sizeof alt, "_nc4_non_coord_%s", name);
    if (H5Lexists(file, alt, H5P_DEFAULT) > 0)
        return H5Dopen2(file, alt, H5P_DEFAULT);
    if (H5Lexists(file, name, H5P_DEFAULT) > 0)
        return H5Dopen2(file, name, H5P_DEFAULT);
    return -1;
}

/* Fill v from its dataset; COVER_NO when any of it does not qualify. */
static int inspect(exsi_store_h5_direct *d, int varid, h5var *v)
{
    char name[NC_MAX_NAME + 1];
    hsize_t dims[H5S_MAX_RANK], chunk[H5S_MAX_RANK];
    int ok = 0;
    v->dset = -1;
    if (nc_inq_varname(d->ncid, varid, name) != NC_NOERR ||
        (v->dset = open_dataset(d->file, name)) < 0)
        return COVER_NO;
    hid_t type = H5Dget_type(v->dset), space = H5Dget_space(v->dset);
    hid_t dcpl = H5Dget_create_plist(v->dset);
    int nd = space >= 0 ? H5Sget_simple_extent_ndims(space) : -1;
    if (type >= 0 && space >= 0 && dcpl >= 0 && nd >= 0 && nd <= EXS_MAX_DIMS &&
        (v->kind = kind_of(type, &v->w)) != 0 && H5Pget_nfilters(dcpl) == 0 &&
        H5Pget_external_count(dcpl) == 0 && H5Sget_simple_extent_dims(space, dims, NULL) == nd) {
        H5D_layout_t lay = H5Pget_layout(dcpl);
        v->ndims = nd;
        for (int k = 0; k < nd; k++)
            v->dims[k] = (int64_t)dims[k];
        if (lay == H5D_CONTIGUOUS) {
            haddr_t at = H5Dget_offset(v->dset);
            v->chunked = 0;
            v->base = (int64_t)at;
            ok = at != HADDR_UNDEF;
        } else if (lay == H5D_CHUNKED && H5Pget_chunk(dcpl, nd, chunk) == nd) {
            v->chunked = 1;
            ok = 1;
            for (int k = 0; k < nd; k++) {
                v->chunk[k] = (int64_t)chunk[k];
                ok &= v->chunk[k] > 0;
            }
        }
    }
    if (type >= 0)
        H5Tclose(type);
    if (space >= 0)
        H5Sclose(space);
    if (dcpl >= 0)
        H5Pclose(dcpl);
    return ok ? COVER_YES : COVER_NO;
}

static h5var *var_of(exsi_store_h5_direct *d, int varid)
{
    if (varid >= d->nvars) {
        int cap = varid + 16;
        h5var *nv = realloc(d->vars, (size_t)cap * sizeof *nv);
        if (!nv)
            return NULL;
        memset(nv + d->nvars, 0, (size_t)(cap - d->nvars) * sizeof *nv);
        d->vars = nv;
        d->nvars = cap;
    }
    h5var *v = &d->vars[varid];
    if (v->cover == COVER_UNKNOWN)
        v->cover = inspect(d, varid, v);
    return v->cover == COVER_YES ? v : NULL;
}

/* ---- planning ------------------------------------------------------------ */

/* The file offset of the chunk at element coordinates c (each a multiple
 * of the chunk's), or -1 when it is not stored raw and whole. */
static int64_t chunk_at(const h5var *v, const int64_t *c)
{
    hsize_t at[H5S_MAX_RANK];
    unsigned mask = 0;
    haddr_t addr = HADDR_UNDEF;
    hsize_t size = 0, whole = (hsize_t)v->w;
    for (int k = 0; k < v->ndims; k++) {
        at[k] = (hsize_t)c[k];
        whole *= (hsize_t)v->chunk[k];
    }
    if (H5Dget_chunk_info_by_coord(v->dset, at, &mask, &addr, &size) < 0 ||
        addr == HADDR_UNDEF || mask != 0 || size != whole)
        return -1;
    return (int64_t)addr;
}

/* A slab contiguous in the array's row-major order: its first value's
 * index and its length; 0 when it is not. */
static int linear_range(const h5var *v, const int64_t *start, const int64_t *count,
                        int64_t *first, int64_t *n)
{
    int partial = -1;
    int64_t elem = 0, stride = 1, len = 1;
    for (int k = v->ndims - 1; k >= 0; k--) {
        if (partial >= 0 && count[k] != 1)
            return 0;
        if (partial < 0 && count[k] != v->dims[k])
            partial = k;
        elem += start[k] * stride;
        len *= count[k];
        stride *= v->dims[k];
    }
    *first = elem;
    *n = len;
    return 1;
}

/* Runs of a slab when every chunk spans the inner dimensions whole (or the
 * data is contiguous): its linear range cut at chunk boundaries. */
static int plan_rows(const h5var *v, const int64_t *start, const int64_t *count,
                     h5run *runs, int cap, int *nrun)
{
    int64_t first, n, inner = 1;
    if (!linear_range(v, start, count, &first, &n))
        return 0;
    if (!v->chunked) {
        runs[0] = (h5run){v->base + first * v->w, n, 0};
        *nrun = 1;
        return 1;
    }
    for (int k = 1; k < v->ndims; k++)
        inner *= v->dims[k];
    int64_t per = v->chunk[0] * inner, done = 0; /* values per chunk */
    int r = 0;
    while (done < n) {
        int64_t e = first + done, j = e / per, in = e - j * per;
        int64_t k = per - in < n - done ? per - in : n - done;
        int64_t c[EXS_MAX_DIMS] = {j * v->chunk[0]};
        if (r == cap)
            return PLAN_FULL;
        int64_t at = chunk_at(v, c);
        if (at < 0)
            return 0;
        runs[r++] = (h5run){at + in * v->w, k, done};
        done += k;
    }
    *nrun = r;
    return 1;
}

/* Runs of a row range by column range of a 2-D variable: per row, one run
 * per chunk column (one per row when the chunks span the rows, or the data
 * is contiguous). */
static int plan_grid(const h5var *v, const int64_t *start, const int64_t *count,
                     h5run *runs, int cap, int *nrun)
{
    int r = 0; /* contiguous data: one chunk the array's size */
    int64_t c0 = v->chunked ? v->chunk[0] : v->dims[0];
    int64_t c1 = v->chunked ? v->chunk[1] : v->dims[1], at = 0;
    for (int64_t i = 0; i < count[0]; i++) {
        int64_t row = start[0] + i, x = start[1], end = start[1] + count[1];
        while (x < end) {
            int64_t j = x / c1, stop = (j + 1) * c1 < end ? (j + 1) * c1 : end;
            int64_t c[EXS_MAX_DIMS] = {row / c0 * c0, j * c1};
            if (r == cap)
                return PLAN_FULL;
            int64_t base = v->chunked ? chunk_at(v, c) : v->base;
            if (base < 0)
                return 0;
            runs[r++] = (h5run){base + ((row % c0) * c1 + (x - j * c1)) * v->w, stop - x, at};
            at += stop - x;
            x = stop;
        }
    }
    *nrun = r;
    return 1;
}

/* 1 with the runs, 0 when netCDF should read the slab, PLAN_FULL when it
 * needs more than cap runs. */
static int plan(const h5var *v, const int64_t *start, const int64_t *count, h5run *runs,
                int cap, int *nrun)
{
    int rows = 1;
    for (int k = 1; k < v->ndims && v->chunked; k++)
        rows &= v->chunk[k] == v->dims[k];
    if (!v->chunked || rows || v->ndims == 1) {
        int got = plan_rows(v, start, count, runs, cap, nrun);
        if (got != 0 || v->ndims != 2)
            return got;
    }
    /* 2-D: not contiguous in the array's order (a column range of several
     * rows: a rank's nodes over several steps), or chunked along both */
    return v->ndims == 2 ? plan_grid(v, start, count, runs, cap, nrun) : 0;
}

/* ---- reading ------------------------------------------------------------- */

/* n values of width ws at src as wider ones of width wr (int -> int64,
 * float -> double) at dst, front to back: dst may hold src at its tail. */
static void widen(unsigned char *dst, const unsigned char *src, int64_t n, int kind)
{
    for (int64_t i = 0; i < n; i++) {
        if (kind == EXS_NC_INT) {
            int32_t a;
            memcpy(&a, src + i * 4, 4);
            int64_t b = a;
            memcpy(dst + i * 8, &b, 8);
        } else {
            float a;
            memcpy(&a, src + i * 4, 4);
            double b = a;
            memcpy(dst + i * 8, &b, 8);
        }
    }
}

static int read_full(exsi_store_h5_direct *d, exs_file *f, unsigned char *p, int64_t len,
                     int64_t off)
{
    int64_t done = 0;
    while (done < len) {
        ssize_t got = pread(d->fd, p + done, (size_t)(len - done), (off_t)(off + done));
        if (got > 0) {
            done += got;
        } else if (got == 0 || errno != EINTR) {
            if (got == 0)
                return exsi_err(f, EXS_ECORRUPT, "truncated: netCDF-4 data at byte %lld "
                               "is past the end of the file", (long long)(off + done));
            return exsi_err(f, EXS_ECORRUPT, "read at byte %lld: %s",
                           (long long)(off + done), strerror(errno));
        }
    }
    return 0;
}

/* One run from mappings of its pages, a window at a time: the values
 * done (all unless the run is short, passes the file's current end, or
 * mmap refuses; the rest is then for pread, which reports a truncation). */
static int64_t read_mapped(exsi_store_h5_direct *d, const h5var *v, const h5run *r,
                           unsigned char *out, int wide)
{
    int64_t len = r->n * v->w, per = EXSI_MAP_WINDOW_BYTES / v->w, i = 0;
    if (!exsi_store_mappable(d->fd, d->map, 0, r->off, len))
        return 0;
    for (; i < r->n; i += per) {
        int64_t k = r->n - i < per ? r->n - i : per;
        exsi_store_window w;
        const unsigned char *src =
            exsi_store_map_window(d->fd, d->pagesize, r->off + i * v->w, k * v->w, &w);
        if (!src)
            break;
        if (wide)
            widen(out + i * 8, src, k, v->kind);
        else /* every mapped run streams (cdf_direct.h) */
            exsi_store_copy_stream(out + i * v->w, src, k, v->w, 0);
        exsi_store_unmap_window(&w);
    }
    return i < r->n ? i : r->n;
}

static int read_run(exsi_store_h5_direct *d, exs_file *f, const h5var *v, const h5run *r,
                    unsigned char *buf, int wr)
{
    int wide = wr != v->w;
    int64_t done = read_mapped(d, v, r, buf + r->at * wr, wide);
    h5run rest = {r->off + done * v->w, r->n - done, r->at + done};
    if (rest.n == 0)
        return 0;
    unsigned char *out = buf + rest.at * wr, *raw = out + rest.n * (wr - v->w);
    int rc = read_full(d, f, raw, rest.n * v->w, rest.off);
    if (rc == 0 && wide)
        widen(out, raw, rest.n, v->kind);
    return rc;
}

int exsi_store_h5_direct_get(exsi_store_h5_direct *d, exs_file *f,
                             const exsi_core_varinfo *vi, const int64_t *start,
                             const int64_t *count, int t, void *buf)
{
    if (!d || vi->varid < 0 || t == EXS_TEXT)
        return EXS_CDF_DIRECT_PASS;
    h5var *v = var_of(d, vi->varid);
    if (!v || v->ndims != vi->ndims || vi->xtype != v->kind)
        return EXS_CDF_DIRECT_PASS;
    int wr = (int)exsi_util_type_size(t);
    int same = (v->kind == EXS_NC_DOUBLE && t == EXS_F64) ||
               (v->kind == EXS_NC_FLOAT && t == EXS_F32) ||
               (v->kind == EXS_NC_INT && t == EXS_I32) ||
               (v->kind == EXS_NC_INT64 && t == EXS_I64);
    int wider = (v->kind == EXS_NC_INT && t == EXS_I64) ||
                (v->kind == EXS_NC_FLOAT && t == EXS_F64);
    if (!same && !wider)
        return EXS_CDF_DIRECT_PASS;
    for (int k = 0; k < v->ndims; k++)
        if (vi->dimlen[k] != v->dims[k] || start[k] < 0 || count[k] <= 0 ||
            start[k] > v->dims[k] - count[k])
            return EXS_CDF_DIRECT_PASS;
    h5run few[64], *runs = few;
    int nrun = 0, rc = 0;
    int got = plan(v, start, count, runs, 64, &nrun);
    if (got == PLAN_FULL) {
        if (!(runs = malloc(MAX_RUNS * sizeof *runs)))
            return exsi_err(f, EXS_ENOMEM, "direct read plan");
        got = plan(v, start, count, runs, MAX_RUNS, &nrun);
    }
    if (got != 1)
        rc = EXS_CDF_DIRECT_PASS;
    for (int r = 0; rc == 0 && r < nrun; r++)
        rc = read_run(d, f, v, &runs[r], buf, wr);
    if (rc == 0)
        d->reads++;
    if (runs != few)
        free(runs);
    return rc;
}

/* ---- open and close ------------------------------------------------------ */

/* HDF5 opens a file it already has open only with the same close degree:
 * netCDF's is tried after the default. */
static hid_t open_file(const char *path)
{
    static const H5F_close_degree_t degrees[] = {H5F_CLOSE_DEFAULT, H5F_CLOSE_SEMI,
                                                 H5F_CLOSE_WEAK, H5F_CLOSE_STRONG};
    hid_t file = -1;
    for (size_t i = 0; file < 0 && i < sizeof degrees / sizeof degrees[0]; i++) {
        hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
        if (fapl < 0)
            return -1;
        if (H5Pset_fclose_degree(fapl, degrees[i]) >= 0)
            file = H5Fopen(path, H5F_ACC_RDONLY, fapl);
        H5Pclose(fapl);
    }
    return file;
}

int exsi_store_h5_direct_open(exs_file *f, const char *path, int ncid,
                              exsi_store_h5_direct **out)
{
    (void)f;
    *out = NULL;
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
    (void)path;
    (void)ncid;
    return 0;
#else
    exsi_store_h5_direct *d = calloc(1, sizeof *d);
    if (!d)
        return exsi_err(f, EXS_ENOMEM, "direct read state");
    d->map = exsi_store_map_mode_from_env();
    d->pagesize = sysconf(_SC_PAGESIZE) > 0 ? sysconf(_SC_PAGESIZE) : 4096;
    d->ncid = ncid;
    d->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    d->file = d->fd >= 0 ? open_file(path) : -1;
    hsize_t ub = 1;
    hid_t fcpl = d->file >= 0 ? H5Fget_create_plist(d->file) : -1;
    if (fcpl >= 0) {
        if (H5Pget_userblock(fcpl, &ub) < 0)
            ub = 1;
        H5Pclose(fcpl);
    }
    if (ub != 0) { /* offsets would be relative to the user block's end */
        exsi_store_h5_direct_close(d);
        return 0;
    }
    *out = d;
    return 0;
#endif
}

void exsi_store_h5_direct_close(exsi_store_h5_direct *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->nvars; i++) /* dset is set once inspected */
        if (d->vars[i].cover != COVER_UNKNOWN && d->vars[i].dset >= 0)
            H5Dclose(d->vars[i].dset);
    free(d->vars);
    if (d->file >= 0)
        H5Fclose(d->file);
    if (d->fd >= 0)
        close(d->fd);
    free(d);
}

int64_t exsi_store_h5_direct_reads(const exsi_store_h5_direct *d) { return d ? d->reads : 0; }
