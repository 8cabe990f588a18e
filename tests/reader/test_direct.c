/*
 * test_direct -- the classic-format direct read path (src/storage/
 * cdf_direct.c) gives what netCDF-C gives.
 *
 * Every variable of every classic corpus file, and of synthetic CDF-1/2/5
 * files holding every stored numeric type with values at and past each
 * buffer type's range (NaN, infinities, +-2^63, 2^31, FLT_MAX...), is read
 * through two stores of the same file, one with the direct path and one
 * with EXOSLAB_NO_DIRECT=1 (netCDF only), as F64, F32, I64 and I32: whole,
 * record by record, a range of the first dimension, one value and a
 * strided inner slab (which the direct path hands to netCDF). The status
 * codes must be equal; the values equal bit for bit, except that after
 * EXS_EOVERFLOW only the values in the buffer type's range are compared
 * (netCDF leaves the others unwritten). The direct store must have read
 * the contiguous slabs itself (its counter), the netCDF one none.
 * A file cut short after open gives EXS_ECORRUPT naming the variable; a
 * file cut short before open is refused at open with the direct path on.
 */
#include <fcntl.h>
#include <float.h>
#include <netcdf.h>
#include <unistd.h>
#include <dirent.h>

#include "exs_test.h"
#include "internal.h"
#include "storage/cdf_direct.h"
#include "storage/storage_netcdf.h"

#define NVAL 37 /* odd: short and byte records are padded */
#define NREC 4

static const int types[4] = {EXS_F64, EXS_F32, EXS_I64, EXS_I32};
static const char *type_names[4] = {"F64", "F32", "I64", "I32"};

typedef struct pair {
    exs_file *fd, *fn; /* handles for messages */
    exsi_core_store *d, *n;  /* direct, netCDF only */
} pair;

static int store_open(const char *path, int direct, exs_file **f, exsi_core_store **s)
{
    if (direct)
        unsetenv("EXOSLAB_NO_DIRECT");
    else
        setenv("EXOSLAB_NO_DIRECT", "1", 1);
    *f = exsi_file_alloc(path);
    (*f)->mode = EXS_READ;
    int rc = exsi_store_netcdf_open(*f, path, EXS_READ, NULL, s);
    unsetenv("EXOSLAB_NO_DIRECT");
    return rc;
}

static int pair_open(const char *path, pair *p)
{
    memset(p, 0, sizeof *p);
    int rc = store_open(path, 1, &p->fd, &p->d);
    if (rc == 0)
        rc = store_open(path, 0, &p->fn, &p->n);
    if (rc != 0)
        EXS_FAIL_("%s: store open -> %s: %s / %s", path, exs_errname(rc),
                  p->fd ? exs_errmsg(p->fd) : "", p->fn ? exs_errmsg(p->fn) : "");
    return rc;
}

static void pair_close(pair *p)
{
    if (p->d)
        p->d->ops->close(p->d);
    if (p->n)
        p->n->ops->close(p->n);
    exsi_file_free(p->fd);
    exsi_file_free(p->fn);
}

/* In the buffer type's range (or NaN, which both paths convert alike). */
static int in_range(double x, int t)
{
    if (x != x)
        return 1;
    if (t == EXS_I32)
        return x >= -2147483648.0 && x <= 2147483647.0;
    if (t == EXS_I64)
        return x >= -0x1p63 && x <= 0x1p63;
    return 1;
}

/* Compare the direct and netCDF reads of n values of type ti; after an
 * overflow, the values whose F64 read (ref) is in range. */
static void compare(const char *ctx, int ti, int rcd, int rcn, const unsigned char *bd,
                    const unsigned char *bn, const double *ref, int64_t n)
{
    size_t w = exsi_util_type_size(types[ti]);
    exs_test_checks++;
    if (rcd != rcn) {
        EXS_FAIL_("%s as %s: direct %s, netCDF %s", ctx, type_names[ti],
                  exs_errname(rcd), exs_errname(rcn));
        return;
    }
    if (rcd != 0 && rcd != EXS_EOVERFLOW)
        return;
    for (int64_t i = 0; i < n; i++) {
        if (rcd == EXS_EOVERFLOW && (!ref || !in_range(ref[i], types[ti])))
            continue;
        if (memcmp(bd + i * w, bn + i * w, w) != 0) {
            EXS_FAIL_("%s as %s: value %lld differs (direct vs netCDF)", ctx,
                      type_names[ti], (long long)i);
            return;
        }
    }
}

static int dst_shift; /* bytes: 0, or 8 (values stay aligned to 4 and 8) */

/* One slab of variable vi in every buffer type, both paths. */
static void check_slab(pair *p, const exsi_core_varinfo *vi, const int64_t *st,
                       const int64_t *ct, const char *ctx)
{
    int64_t n = 1;
    for (int d = 0; d < vi->ndims; d++)
        n *= ct[d];
    if (n == 0)
        return;
    double *ref = malloc((size_t)n * 8);
    unsigned char *bd0 = malloc((size_t)n * 8 + 64), *bn = malloc((size_t)n * 8);
    /* dst_shift: the direct path's destination off its allocation's
     * alignment (the streaming stores' scalar head and tail) */
    unsigned char *bd = bd0 + dst_shift;
    int rref = p->n->ops->get_vara(p->n, vi, st, ct, EXS_F64, ref);
    for (int ti = 0; ti < 4; ti++) {
        memset(bd, 0xA5, (size_t)n * 8);
        memset(bn, 0xA5, (size_t)n * 8);
        int64_t before = exsi_store_direct_reads(p->d);
        int rcd = p->d->ops->get_vara(p->d, vi, st, ct, types[ti], bd);
        int rcn = p->n->ops->get_vara(p->n, vi, st, ct, types[ti], bn);
        compare(ctx, ti, rcd, rcn, bd, bn, rref == 0 ? ref : NULL, n);
        if (rcd == EXS_EOVERFLOW && exsi_store_direct_reads(p->d) > before)
            EXS_ASSERT(strstr(exs_errmsg(p->fd), "do not fit") != NULL);
    }
    free(ref);
    free(bd0);
    free(bn);
}

/* The slabs of one variable: whole, each record (or first-dimension
 * row), a range of the first dimension, one value, a strided column. */
static void check_var(pair *p, const exsi_core_varinfo *vi, const char *ctx)
{
    int64_t st[EXS_MAX_DIMS] = {0}, ct[EXS_MAX_DIMS];
    int nd = vi->ndims;
    for (int d = 0; d < nd; d++)
        ct[d] = vi->dimlen[d];
    check_slab(p, vi, st, ct, ctx);
    if (nd == 0)
        return;
    for (int64_t r = 0; r < vi->dimlen[0] && r < 8; r++) {
        st[0] = r;
        ct[0] = 1;
        check_slab(p, vi, st, ct, ctx);
    }
    if (vi->dimlen[0] > 3) {
        st[0] = 1;
        ct[0] = vi->dimlen[0] - 2;
        check_slab(p, vi, st, ct, ctx);
    }
    for (int d = 0; d < nd; d++) {
        st[d] = vi->dimlen[d] / 2;
        ct[d] = vi->dimlen[d] > 0;
    }
    check_slab(p, vi, st, ct, ctx);
    if (nd >= 2 && vi->dimlen[nd - 1] > 1) { /* strided: netCDF's path */
        for (int d = 0; d < nd; d++) {
            st[d] = 0;
            ct[d] = vi->dimlen[d];
        }
        st[nd - 1] = 1;
        ct[nd - 1] = 1;
        check_slab(p, vi, st, ct, ctx);
    }
}

static int direct_kind(const char *path);
static int in_corpus;             /* check_file on corpus files */
static int64_t h5_direct_total;   /* direct reads of netCDF-4 files */

/* Every variable of the file; returns how many were compared. */
static int check_file(const char *path)
{
    pair p;
    char name[EXS_VARNAME_CAP], ctx[600];
    int nv = 0;
    if (pair_open(path, &p) != 0) {
        pair_close(&p);
        return 0;
    }
    for (int v = 0; p.n->ops->inq_varname(p.n, v, name, sizeof name) == 0; v++) {
        exsi_core_varinfo vi;
        if (p.n->ops->inq_var(p.n, name, &vi) != 0)
            continue;
        snprintf(ctx, sizeof ctx, "%s: %s", path, name);
        check_var(&p, &vi, ctx);
        nv++;
    }
    /* a netCDF-4 file may have nothing the direct path takes (filters) */
    if (direct_kind(path) == 1 || !in_corpus)
        EXS_ASSERT(exsi_store_direct_reads(p.d) > 0);
    h5_direct_total += direct_kind(path) == 2 ? exsi_store_direct_reads(p.d) : 0;
    EXS_ASSERT_EQ(exsi_store_direct_reads(p.n), 0);
    pair_close(&p);
    return nv;
}

/* ---- synthetic files ------------------------------------------------- */

static const double dvals[] = {1.5, -2.5, -1.7, 3e9, -3e9, 1e40, NAN, INFINITY,
                               -INFINITY, 2147483647.0, 2147483647.5, 2147483648.0,
                               -2147483648.0, -2147483648.9, 0x1p63, -0x1p63, 9.3e18,
                               3.4028234663852886e38, 3.5e38, -4e38, 0.0, -0.0,
                               123456789.125};
static const long long lvals[] = {2147483648LL, -2147483649LL, INT64_MAX, INT64_MIN,
                                  5, -5, 2147483647LL, -2147483648LL, 16777217LL,
                                  9007199254740993LL, 0};

static double dval(int i) { return dvals[i % (int)(sizeof dvals / sizeof *dvals)]; }
static long long lval(int i) { return lvals[i % (int)(sizeof lvals / sizeof *lvals)]; }

static int def(int nc, const char *name, nc_type xt, int nd, const int *dims)
{
    int v = -1;
    nc_def_var(nc, name, xt, nd, dims, &v);
    return v;
}

/* Values for var (type xt) of n entries, record rec: a mix of the tricky
 * values and plain ones. */
static void fill(nc_type xt, int rec, int64_t n, double *d, long long *l)
{
    for (int64_t i = 0; i < n; i++) {
        int k = (int)i + 7 * rec;
        d[i] = dval(k);
        l[i] = lval(k);
        if (xt == NC_FLOAT && !(fabs(d[i]) <= FLT_MAX) && d[i] == d[i] && !isinf(d[i]))
            d[i] = d[i] > 0 ? 3e38 : -3e38;
        if (xt == NC_INT)
            l[i] = (k % 3 == 0) ? (k % 2 ? INT32_MIN : INT32_MAX) : k * 1000 - 5000;
        if (xt == NC_SHORT || xt == NC_BYTE)
            l[i] = (xt == NC_SHORT ? 257 : 3) * (k % 40 - 20);
    }
}

static void put(int nc, int v, nc_type xt, int rec, int is_rec, int64_t n)
{
    double d[NVAL * 3];
    long long l[NVAL * 3];
    size_t st[3] = {(size_t)rec, 0, 0}, ct[3] = {1, NVAL, 3};
    int nd = 0;
    nc_inq_varndims(nc, v, &nd);
    if (!is_rec) {
        st[0] = 0;
        ct[0] = NVAL;
        ct[1] = 3;
    }
    fill(xt, rec, n, d, l);
    if (xt == NC_FLOAT || xt == NC_DOUBLE)
        nc_put_vara_double(nc, v, st, ct, d);
    else
        nc_put_vara_longlong(nc, v, st, ct, l);
}

typedef struct synth_var {
    const char *name;
    nc_type xt;
    int rec, wide; /* record variable; second dimension of 3 */
    int cdf5;      /* int64: CDF-5 only */
} synth_var;

static const synth_var synth[] = {
    {"b", NC_BYTE, 0, 0, 0},  {"s", NC_SHORT, 0, 0, 0},   {"i", NC_INT, 0, 0, 0},
    {"f", NC_FLOAT, 0, 0, 0}, {"d", NC_DOUBLE, 0, 0, 0},  {"l", NC_INT64, 0, 0, 1},
    {"d2", NC_DOUBLE, 0, 1, 0}, {"i2", NC_INT, 0, 1, 0},  {"rd", NC_DOUBLE, 1, 0, 0},
    {"rf", NC_FLOAT, 1, 0, 0}, {"ri", NC_INT, 1, 1, 0},   {"rs", NC_SHORT, 1, 0, 0},
    {"rb", NC_BYTE, 1, 0, 0},  {"rl", NC_INT64, 1, 0, 1},
};
#define NSYNTH ((int)(sizeof synth / sizeof *synth))

/* A file with the synthetic variables (only: the one named in `only`,
 * for the one-record-variable layout) in mode cmode. */
static int write_synth(const char *path, int cmode, const char *only)
{
    int nc, dims[3], vids[NSYNTH], cdf5 = (cmode & NC_64BIT_DATA) != 0, old;
    if (nc_create(path, cmode | NC_CLOBBER, &nc) != NC_NOERR)
        return -1;
    nc_set_fill(nc, NC_NOFILL, &old);
    nc_def_dim(nc, "time", NC_UNLIMITED, &dims[0]);
    nc_def_dim(nc, "n", NVAL, &dims[1]);
    nc_def_dim(nc, "m", 3, &dims[2]);
    for (int v = 0; v < NSYNTH; v++) {
        const synth_var *s = &synth[v];
        vids[v] = -1;
        if ((s->cdf5 && !cdf5) || (only && strcmp(only, s->name) != 0))
            continue;
        vids[v] = def(nc, s->name, s->xt, 1 + s->rec + s->wide, dims + !s->rec);
    }
    nc_enddef(nc);
    for (int v = 0; v < NSYNTH; v++)
        for (int r = 0; vids[v] >= 0 && r < (synth[v].rec ? NREC : 1); r++)
            put(nc, vids[v], synth[v].xt, r, synth[v].rec,
                NVAL * (synth[v].wide ? 3 : 1));
    return nc_close(nc) == NC_NOERR ? 0 : -1;
}

static void check_synthetic(void)
{
    static const struct { int cmode; const char *name; } fmts[] = {
        {0, "CDF-1"}, {NC_64BIT_OFFSET, "CDF-2"}, {NC_64BIT_DATA, "CDF-5"},
        {NC_NETCDF4, "netCDF-4"}};
    char path[512];
    for (int k = 0; k < 4; k++) {
        exs_test_tmp_path(path, sizeof path, "direct_synth.nc");
        if (write_synth(path, fmts[k].cmode, NULL) != 0) {
            EXS_FAIL_("cannot write %s (%s)", path, fmts[k].name);
            continue;
        }
        EXS_ASSERT(check_file(path) >= NSYNTH - 2);
        /* one record variable: netCDF packs its records unpadded (classic;
         * netCDF-4 shorts and bytes are netCDF's to read) */
        const char *only[2] = {"rs", "rb"};
        for (int o = 0; o < 2 && fmts[k].cmode != NC_NETCDF4; o++) {
            write_synth(path, fmts[k].cmode, only[o]);
            EXS_ASSERT_EQ(check_file(path), 1);
        }
        unlink(path);
    }
}

/* Variables larger than the direct path's 1 MiB piece, so that a run is
 * read in several preads: in place (same width, and a wider buffer type
 * taking the raw bytes at its tail), and through the bounce buffer (a
 * narrower one), at an odd length and from an odd start (check_var's
 * range). Fixed-size and record variables. The doubles (3.2 MB) are past
 * the mapped path's streaming-store threshold (2 MiB), the floats and
 * ints (1.6 MB) past its mapping threshold (256 KiB) only, the shorts
 * (0.8 MB) converted from the mapping; the synthetic files' runs are
 * below it (pread). check_big reads them mapped (EXOSLAB_MMAP=1, also
 * into a shifted destination), by pread (EXOSLAB_NO_MMAP=1), and as this
 * machine's measurement of the two ways decides (neither set). */
#define NBIG 400009
static int write_big(const char *path, int cmode)
{
    static const struct { const char *name; nc_type xt; int rec; } big[] = {
        {"bd", NC_DOUBLE, 0}, {"bf", NC_FLOAT, 0}, {"bi", NC_INT, 0},
        {"bs", NC_SHORT, 0},  {"rbd", NC_DOUBLE, 1}, {"rbf", NC_FLOAT, 1}};
    int nc, dims[2], vids[6], old, rc = 0, prc;
    double *d = malloc(NBIG * sizeof *d);
    long long *l = malloc(NBIG * sizeof *l);
    if (!d || !l || nc_create(path, cmode | NC_CLOBBER, &nc) != NC_NOERR) {
        free(d);
        free(l);
        return -1;
    }
    nc_set_fill(nc, NC_NOFILL, &old);
    nc_def_dim(nc, "time", NC_UNLIMITED, &dims[0]);
    nc_def_dim(nc, "big", NBIG, &dims[1]);
    for (int v = 0; v < 6; v++)
        vids[v] = def(nc, big[v].name, big[v].xt, 1 + big[v].rec, dims + !big[v].rec);
    nc_enddef(nc);
    for (int v = 0; v < 6; v++)
        for (int r = 0; r < (big[v].rec ? 2 : 1); r++) {
            size_t st[2] = {(size_t)r, 0}, ct[2] = {1, NBIG};
            size_t *s0 = big[v].rec ? st : st + 1, *c0 = big[v].rec ? ct : ct + 1;
            fill(big[v].xt, r, NBIG, d, l);
            if (big[v].xt == NC_FLOAT || big[v].xt == NC_DOUBLE)
                prc = nc_put_vara_double(nc, vids[v], s0, c0, d);
            else
                prc = nc_put_vara_longlong(nc, vids[v], s0, c0, l);
            /* the infinities stored as float are out of its range on
             * purpose: netCDF writes the rest and says NC_ERANGE */
            rc |= prc != NC_NOERR && prc != NC_ERANGE;
        }
    rc |= nc_close(nc) != NC_NOERR;
    free(d);
    free(l);
    return rc ? -1 : 0;
}

static void check_big(void)
{
    char path[512];
    exs_test_tmp_path(path, sizeof path, "direct_big.nc");
    int cm[3] = {NC_64BIT_OFFSET, NC_64BIT_DATA, NC_NETCDF4};
    for (int k = 0; k < 3; k++) {
        if (write_big(path, cm[k]) != 0) {
            EXS_FAIL_("cannot write %s", path);
            continue;
        }
        /* each way forced, then as this machine's measurement decides */
        setenv("EXOSLAB_MMAP", "1", 1);
        EXS_ASSERT_EQ(check_file(path), 6);
        dst_shift = 8;
        EXS_ASSERT_EQ(check_file(path), 6);
        dst_shift = 0;
        unsetenv("EXOSLAB_MMAP");
        setenv("EXOSLAB_NO_MMAP", "1", 1);
        EXS_ASSERT_EQ(check_file(path), 6);
        unsetenv("EXOSLAB_NO_MMAP");
        EXS_ASSERT_EQ(check_file(path), 6);
        /* a mappable run was read with neither set: measured and kept */
        EXS_ASSERT(exsi_store_map_verdict(k < 2) == 1 || exsi_store_map_verdict(k < 2) == -1);
    }
    unlink(path);
    /* NO_MMAP wins over MMAP; "0" sets neither */
    setenv("EXOSLAB_MMAP", "1", 1);
    setenv("EXOSLAB_NO_MMAP", "1", 1);
    EXS_ASSERT_EQ(exsi_store_map_mode_from_env(), EXSI_MAP_NEVER);
    unsetenv("EXOSLAB_NO_MMAP");
    EXS_ASSERT_EQ(exsi_store_map_mode_from_env(), EXSI_MAP_ALWAYS);
    setenv("EXOSLAB_MMAP", "0", 1);
    EXS_ASSERT_EQ(exsi_store_map_mode_from_env(), EXSI_MAP_MEASURE);
    unsetenv("EXOSLAB_MMAP");
}

/* ---- netCDF-4 storage layouts ------------------------------------------ */

/* The layouts the netCDF-4 direct path cuts into runs, and those it leaves
 * to netCDF, each compared with netCDF's read: a 1-D variable in chunks
 * (the last one partial), a 2-D one in chunks along both dimensions (grid
 * runs, edge chunks), rows in whole-width chunks (connectivity-like), a
 * record variable with one record never written (its chunk missing: fill
 * values), a deflated one, and a variable that shares a dimension's name
 * (netCDF stores it as "_nc4_non_coord_big"). */
#define NH5 250007
static int write_h5(const char *path)
{
    int nc, dims[3], v[6], old, rc = 0;
    size_t c1[1] = {65536}, cg[2] = {2, 100000}, cr[2] = {64, 4}, cn[2] = {1, NH5};
    double *d = malloc(NH5 * 5 * sizeof *d);
    long long *l = malloc(NH5 * 5 * sizeof *l);
    if (!d || !l || nc_create(path, NC_NETCDF4 | NC_CLOBBER, &nc) != NC_NOERR) {
        free(d);
        free(l);
        return -1;
    }
    nc_set_fill(nc, NC_NOFILL, &old);
    nc_def_dim(nc, "time", NC_UNLIMITED, &dims[0]);
    nc_def_dim(nc, "big", NH5, &dims[1]);
    nc_def_dim(nc, "four", 4, &dims[2]);
    int d5;
    nc_def_dim(nc, "five", 5, &d5);
    int g2[2] = {d5, dims[1]}, r2[2] = {dims[1], dims[2]};
    v[0] = def(nc, "chunk1", NC_DOUBLE, 1, dims + 1);
    nc_def_var_chunking(nc, v[0], NC_CHUNKED, c1);
    v[1] = def(nc, "grid", NC_DOUBLE, 2, g2);
    nc_def_var_chunking(nc, v[1], NC_CHUNKED, cg);
    v[2] = def(nc, "rows", NC_INT, 2, r2);
    nc_def_var_chunking(nc, v[2], NC_CHUNKED, cr);
    v[3] = def(nc, "rec", NC_FLOAT, 2, dims);
    nc_def_var_chunking(nc, v[3], NC_CHUNKED, cn);
    nc_def_var_fill(nc, v[3], 0, NULL);
    v[4] = def(nc, "packed", NC_DOUBLE, 1, dims + 1);
    nc_def_var_deflate(nc, v[4], 1, 1, 1);
    v[5] = def(nc, "big", NC_INT64, 2, dims);
    nc_enddef(nc);
    fill(NC_DOUBLE, 0, NH5 * 5, d, l);
    size_t z[2] = {0, 0}, n1[1] = {NH5}, n5[2] = {5, NH5}, n4[2] = {NH5, 4};
    rc |= nc_put_vara_double(nc, v[0], z, n1, d) != NC_NOERR;
    rc |= nc_put_vara_double(nc, v[1], z, n5, d) != NC_NOERR;
    fill(NC_INT, 1, NH5 * 4, d, l);
    rc |= nc_put_vara_longlong(nc, v[2], z, n4, l) != NC_NOERR;
    fill(NC_DOUBLE, 2, NH5, d, l);
    rc |= nc_put_vara_double(nc, v[4], z, n1, d) != NC_NOERR;
    for (size_t r = 0; r < 3; r++) { /* record 1 of "rec" is never written */
        size_t st[2] = {r, 0}, ct[2] = {1, NH5};
        fill(NC_FLOAT, (int)r, NH5, d, l);
        for (int i = 0; i < NH5; i++)
            if (!(fabs(d[i]) <= FLT_MAX))
                d[i] = 0.5 * i;
        if (r != 1)
            rc |= nc_put_vara_double(nc, v[3], st, ct, d) != NC_NOERR;
        fill(NC_INT64, (int)r, NH5, d, l);
        rc |= nc_put_vara_longlong(nc, v[5], st, ct, l) != NC_NOERR;
    }
    rc |= nc_close(nc) != NC_NOERR;
    free(d);
    free(l);
    return rc ? -1 : 0;
}

static void check_h5_layouts(void)
{
    char path[512];
    exs_test_tmp_path(path, sizeof path, "direct_h5.nc");
    if (write_h5(path) != 0) {
        EXS_FAIL_("cannot write %s", path);
        return;
    }
    EXS_ASSERT_EQ(check_file(path), 6);
    dst_shift = 8;
    EXS_ASSERT_EQ(check_file(path), 6);
    dst_shift = 0;
    /* which slabs went the direct way: the chunked and named ones, not the
     * deflated one nor the record with a missing chunk */
    exs_file *f = NULL;
    exsi_core_store *s = NULL;
    EXS_OK(f, store_open(path, 1, &f, &s));
    static const struct { const char *name; int64_t rec; int direct; } want[] = {
        {"chunk1", -1, 1}, {"grid", -1, 1}, {"rows", -1, 1}, {"big", -1, 1},
        {"rec", 0, 1},     {"rec", 1, 0},   {"packed", -1, 0}};
    for (size_t k = 0; s && k < sizeof want / sizeof want[0]; k++) {
        exsi_core_varinfo vi;
        int64_t st[2] = {0, 0}, ct[2];
        EXS_OK(f, s->ops->inq_var(s, want[k].name, &vi));
        ct[0] = vi.dimlen[0];
        ct[1] = vi.ndims > 1 ? vi.dimlen[1] : 1;
        if (want[k].rec >= 0) {
            st[0] = want[k].rec;
            ct[0] = 1;
        }
        double *buf = malloc((size_t)(ct[0] * ct[1]) * 8);
        int64_t before = exsi_store_direct_reads(s);
        EXS_OK(f, s->ops->get_vara(s, &vi, st, ct, EXS_F64, buf));
        int64_t after = exsi_store_direct_reads(s);
        int64_t b2 = after;
        /* the stored type for the int and int64 ones (F64 is netCDF's) */
        int t = vi.xtype == EXS_NC_INT ? EXS_I32 : vi.xtype == EXS_NC_INT64 ? EXS_I64
                : vi.xtype == EXS_NC_FLOAT ? EXS_F32 : EXS_F64;
        if (t != EXS_F64) {
            EXS_OK(f, s->ops->get_vara(s, &vi, st, ct, t, buf));
            b2 = exsi_store_direct_reads(s);
            after = before + (b2 - after);
        }
        if ((after > before) != want[k].direct)
            EXS_FAIL_("%s (record %lld): direct read %d, expected %d", want[k].name,
                      (long long)want[k].rec, (int)(after > before), want[k].direct);
        free(buf);
    }
    if (s)
        s->ops->close(s);
    exsi_file_free(f);
    if (!getenv("EXS_TEST_KEEP"))
        unlink(path);
}

/* ---- truncation -------------------------------------------------------- */

static int copy_file(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    char buf[65536];
    size_t n;
    int rc = a && b ? 0 : -1;
    while (rc == 0 && (n = fread(buf, 1, sizeof buf, a)) > 0)
        rc = fwrite(buf, 1, n, b) == n ? 0 : -1;
    if (a)
        fclose(a);
    if (b && fclose(b) != 0)
        rc = -1;
    return rc;
}

/* Cut short after open: the read of the last variable's data fails with
 * EXS_ECORRUPT and a message, in every buffer type; cut before open: the
 * open is refused. */
static void check_truncated(void)
{
    char path[512];
    exs_test_tmp_path(path, sizeof path, "direct_cut.nc");
    if (write_synth(path, NC_64BIT_DATA, NULL) != 0) {
        EXS_FAIL_("cannot write %s", path);
        return;
    }
    exs_file *f = NULL;
    exsi_core_store *s = NULL;
    exsi_core_varinfo vi;
    EXS_OK(f, store_open(path, 1, &f, &s));
    EXS_OK(f, s->ops->inq_var(s, "d2", &vi));
    int64_t st[2] = {0, 0}, ct[2] = {NVAL, 3};
    long long size = 0;
    FILE *fp = fopen(path, "rb");
    if (fp && fseek(fp, 0, SEEK_END) == 0)
        size = ftell(fp);
    if (fp)
        fclose(fp);
    EXS_ASSERT(truncate(path, size / 3) == 0);
    double buf[NVAL * 3];
    for (int ti = 0; ti < 4; ti++) {
        EXS_ASSERT_RC(s->ops->get_vara(s, &vi, st, ct, types[ti], buf), EXS_ECORRUPT);
        EXS_ASSERT(strstr(exs_errmsg(f), "truncated") && strstr(exs_errmsg(f), "d2"));
    }
    s->ops->close(s);
    exsi_file_free(f);
    /* a corpus-style open of a cut Exodus file is refused at open */
    char cut[512], msg[512];
    const char *src = "seacas-dmp__testwt-results.exo";
    char from[512];
    snprintf(from, sizeof from, "%s/%s", exs_test_corpus_dir(), src);
    exs_test_tmp_path(cut, sizeof cut, "direct_cut.exo");
    if (access(from, R_OK) == 0 && copy_file(from, cut) == 0) {
        FILE *c = fopen(cut, "rb+");
        long n = c && fseek(c, 0, SEEK_END) == 0 ? ftell(c) : 0;
        if (c)
            fclose(c);
        EXS_ASSERT(truncate(cut, n - 4) == 0);
        exs_file *g = NULL;
        EXS_ASSERT_RC(exs_open_err(cut, EXS_READ, &g, msg, sizeof msg), EXS_ECORRUPT);
        EXS_ASSERT(strstr(msg, "truncated") != NULL);
        unlink(cut);
    }
    unlink(path);
}

/* ---- the corpus -------------------------------------------------------- */

/* 1: a classic file, 2: an HDF5 (netCDF-4) one, 0: neither. */
static int direct_kind(const char *path)
{
    unsigned char b[8] = {0};
    FILE *fp = fopen(path, "rb");
    size_t n = fp ? fread(b, 1, 8, fp) : 0;
    if (fp)
        fclose(fp);
    if (n >= 4 && memcmp(b, "CDF", 3) == 0 && (b[3] == 1 || b[3] == 2 || b[3] == 5))
        return 1;
    return n == 8 && memcmp(b, "\x89HDF\r\n\x1a\n", 8) == 0 ? 2 : 0;
}

/* Through the public API too: the coordinates of a classic file read the
 * same either way, and the direct store did the reading. */
static void check_public(const char *path)
{
    exs_file *a = NULL, *b = NULL;
    unsetenv("EXOSLAB_NO_DIRECT");
    EXS_OK(a, exs_open(path, EXS_READ, &a));
    setenv("EXOSLAB_NO_DIRECT", "1", 1);
    EXS_OK(b, exs_open(path, EXS_READ, &b));
    unsetenv("EXOSLAB_NO_DIRECT");
    int64_t nn = 0;
    if (a && b && exs_inquire(a, EXS_INQ_NUM_NODES, &nn) == 0 && nn > 0) {
        double *x = malloc((size_t)nn * 8), *y = malloc((size_t)nn * 8);
        int64_t before = exsi_store_direct_reads(a->store);
        EXS_OK(a, exs_get_coord(a, 0, 0, nn, EXS_F64, x));
        EXS_OK(b, exs_get_coord(b, 0, 0, nn, EXS_F64, y));
        EXS_ASSERT(memcmp(x, y, (size_t)nn * 8) == 0);
        EXS_ASSERT(exsi_store_direct_reads(a->store) > before);
        EXS_ASSERT_EQ(exsi_store_direct_reads(b->store), 0);
        free(x);
        free(y);
    }
    exs_close(a);
    exs_close(b);
}

static void check_corpus(void)
{
    const char *dir = exs_test_corpus_dir();
    DIR *dp = opendir(dir);
    struct dirent *e;
    int files = 0, vars = 0;
    char path[1024];
    if (!dp) {
        printf("SKIP corpus part: no corpus at %s\n", dir);
        return;
    }
    int h5files = 0;
    in_corpus = 1;
    h5_direct_total = 0;
    while ((e = readdir(dp)) != NULL) {
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        int kind = e->d_name[0] == '.' ? 0 : direct_kind(path);
        if (kind == 0)
            continue;
        vars += check_file(path);
        if (kind == 2)
            h5files++;
        else if (files++ == 0)
            check_public(path);
    }
    in_corpus = 0;
    closedir(dp);
    printf("corpus: %d classic and %d netCDF-4 files, %d variables compared; "
           "%lld netCDF-4 slabs read directly\n", files, h5files, vars,
           (long long)h5_direct_total);
    EXS_ASSERT(files > 0);
    EXS_ASSERT(h5files == 0 || h5_direct_total > 0);
}

int main(void)
{
    check_synthetic();
    check_big();
    check_h5_layouts();
    check_truncated();
    check_corpus();
    return EXS_TEST_END();
}
