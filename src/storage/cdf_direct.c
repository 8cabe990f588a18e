/*
 * cdf_direct.c -- classic-format slabs read with pread(2) straight into the
 * caller's buffer (cdf_direct.h).
 *
 * netCDF-3 reads a classic file through an 8 KiB buffer, one read() and
 * one copy per block, and swaps each value in a second pass. Here a slab
 * that is contiguous in the file (a whole fixed-size array or a range of
 * its first dimension; within a record, the same for each record) is one
 * pread into the caller's buffer, converted in place. A buffer type wider
 * than the stored one gets the bytes at its tail and is converted from the
 * front (output i never overtakes input i + 1); a narrower one is read in
 * bounded pieces through a bounce buffer.
 *
 * A run of at least EXSI_MAP_MIN_BYTES (cdf_direct.h) is instead mapped
 * (mmap, populated from the page cache in one call) and converted from the
 * mapping straight into the caller's buffer: one pass over the bytes
 * instead of the kernel's copy followed by a swap pass, which is what keeps a classic read near a plain
 * pread of the same bytes. The file's size is checked just before each
 * mapping (a run past the end goes the pread way, which reports the
 * truncation); a file truncated by another process while a run is being
 * converted would raise SIGBUS, as for any mapped file: EXOSLAB_NO_MMAP=1
 * (anything but "0") reads every run with pread. Whether mapping is used
 * at all is measured once per process on the first mappable run (mapped
 * reads of the page cache ran at a fifth of pread's speed on one VM kind:
 * cdf_direct.h); EXOSLAB_MMAP=1 maps without measuring.
 *
 * Conversions follow netCDF-C 4.9 (built without ERANGE_FILL), value by
 * value: an integer that does not fit a narrower integer is stored
 * wrapped, a float or double out of an integer's range is left unwritten,
 * a double beyond FLT_MAX becomes +-FLT_MAX; each is counted and the read
 * returns EXS_EOVERFLOW after converting every other value. NaN converts
 * as the x86 cast does (the integer's minimum), without an error.
 * Exactly +-2^63 read as int64 is INT64_MAX / INT64_MIN, as netCDF gives.
 */
#define _DEFAULT_SOURCE 1 /* MAP_POPULATE under -std=c11 */
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cdf_direct.h"

#define CONV_BLOCK 512          /* values converted per block (on the stack) */
/* Read per pread and converted while still in cache. A system call costs
 * ~5 us on this project's machines (a paravirtualised guest), so 256 KiB
 * pieces (1,500 calls for a 374 MiB file) cost 0.68-0.83 of 16 MiB preads
 * with the swap, 1 MiB pieces 0.81-0.90: the piece still fits the cache. */
#define PIECE_BYTES (1 << 20)
#define SWAP_LANES 32           /* values per fixed-length (vectorised) step */

/* The swaps below get an AVX2 clone (EXSI_AVX2_CLONES, internal.h). */

enum { XT_BYTE = 1, XT_SHORT = 3, XT_INT = 4, XT_FLOAT = 5, XT_DOUBLE = 6,
       XT_INT64 = 10 };

struct exsi_store_cdf_direct {
    int fd;
    int map;       /* EXSI_MAP_*: whether large runs are mapped */
    long pagesize;
    exsi_store_cdf_layout lay;
    int64_t reads; /* slabs read here */
};

/* One slab as runs of contiguous values: nrun runs of n values, run r at
 * file offset off + r * stride, into the buffer at r * n values. */
typedef struct slab_plan {
    const exsi_store_cdf_var *cv;
    int64_t off, stride, n, nrun;
    int ws, wr; /* stored and buffer widths */
} slab_plan;

/* ---- conversion --------------------------------------------------------- */

static int xt_width(int xt)
{
    switch (xt) {
    case XT_BYTE:
        return 1;
    case XT_SHORT:
        return 2;
    case XT_INT:
    case XT_FLOAT:
        return 4;
    case XT_DOUBLE:
    case XT_INT64:
        return 8;
    default:
        return 0; /* char and the unsigned types stay with netCDF */
    }
}

static uint64_t be_load(const unsigned char *p, int w)
{
    uint16_t h;
    uint32_t u;
    uint64_t x;
    switch (w) {
    case 1:
        return p[0];
    case 2:
        memcpy(&h, p, 2);
        return __builtin_bswap16(h);
    case 4:
        memcpy(&u, p, 4);
        return __builtin_bswap32(u);
    default:
        memcpy(&x, p, 8);
        return __builtin_bswap64(x);
    }
}

/* k stored integers (big-endian) as int64. */
static void dec_int(int xt, const unsigned char *p, int k, int64_t *o)
{
    int w = xt_width(xt);
    for (int i = 0; i < k; i++) {
        uint64_t x = be_load(p + (size_t)i * w, w);
        o[i] = xt == XT_BYTE    ? (int8_t)x
               : xt == XT_SHORT ? (int16_t)x
               : xt == XT_INT   ? (int32_t)x
                                : (int64_t)x;
    }
}

/* k stored floats or doubles as double. */
static void dec_flt(int xt, const unsigned char *p, int k, double *o)
{
    for (int i = 0; i < k; i++) {
        if (xt == XT_FLOAT) {
            uint32_t u = (uint32_t)be_load(p + (size_t)i * 4, 4);
            float v;
            memcpy(&v, &u, 4);
            o[i] = v;
        } else {
            uint64_t u = be_load(p + (size_t)i * 8, 8);
            memcpy(&o[i], &u, 8);
        }
    }
}

/* Integers into buffer type t; the values that do not fit, counted. */
static int64_t enc_int(int t, const int64_t *v, int k, unsigned char *dst)
{
    int64_t bad = 0;
    for (int i = 0; i < k; i++) {
        if (t == EXS_F64) {
            double x = (double)v[i];
            memcpy(dst + (size_t)i * 8, &x, 8);
        } else if (t == EXS_F32) {
            float x = (float)v[i];
            memcpy(dst + (size_t)i * 4, &x, 4);
        } else if (t == EXS_I64) {
            memcpy(dst + (size_t)i * 8, &v[i], 8);
        } else {
            int32_t x = (int32_t)(uint32_t)(uint64_t)v[i];
            bad += v[i] != x;
            memcpy(dst + (size_t)i * 4, &x, 4);
        }
    }
    return bad;
}

/* A double into an integer of [lo, hi] (netCDF's test, in double): 0 when
 * it does not fit (the value is then left unwritten). */
static int flt_to_int(double x, double lo, double hi, int64_t nan_as, int64_t *out)
{
    if (x != x) {
        *out = nan_as;
        return 1;
    }
    if (x > hi || x < lo)
        return 0;
    *out = (int64_t)x;
    return 1;
}

static int flt_to_i64(double x, int64_t *out)
{
    if (x == 0x1p63 || x == -0x1p63) {
        *out = x > 0 ? INT64_MAX : INT64_MIN;
        return 1;
    }
    /* below 2^63 every double converts; -2^63 was handled above */
    return flt_to_int(x, -0x1p63, 0x1.fffffffffffffp62, INT64_MIN, out);
}

static int64_t enc_flt_int(int t, const double *v, int k, unsigned char *dst)
{
    int64_t bad = 0, x;
    for (int i = 0; i < k; i++) {
        if (t == EXS_I64 ? !flt_to_i64(v[i], &x)
                         : !flt_to_int(v[i], -2147483648.0, 2147483647.0, INT32_MIN, &x)) {
            bad++;
        } else if (t == EXS_I64) {
            memcpy(dst + (size_t)i * 8, &x, 8);
        } else {
            int32_t y = (int32_t)x;
            memcpy(dst + (size_t)i * 4, &y, 4);
        }
    }
    return bad;
}

/* Floats or doubles into buffer type t; the values that do not fit. */
static int64_t enc_flt(int t, const double *v, int k, unsigned char *dst)
{
    int64_t bad = 0;
    if (t == EXS_I64 || t == EXS_I32)
        return enc_flt_int(t, v, k, dst);
    for (int i = 0; i < k; i++) {
        if (t == EXS_F64) {
            memcpy(dst + (size_t)i * 8, &v[i], 8);
            continue;
        }
        float x = v[i] > FLT_MAX ? FLT_MAX : v[i] < -FLT_MAX ? -FLT_MAX : (float)v[i];
        bad += v[i] > FLT_MAX || v[i] < -FLT_MAX;
        memcpy(dst + (size_t)i * 4, &x, 4);
    }
    return bad;
}

/* Same width and kind: swap in place. The inner loops have a fixed
 * length so that -O2's vectoriser (which leaves loops needing a scalar
 * epilogue alone) takes them. */
EXSI_AVX2_CLONES static void swap8(unsigned char *p, int64_t n)
{
    int64_t i = 0;
    for (; i + SWAP_LANES <= n; i += SWAP_LANES)
        for (int j = 0; j < SWAP_LANES; j++) {
            uint64_t x;
            memcpy(&x, p + (i + j) * 8, 8);
            x = __builtin_bswap64(x);
            memcpy(p + (i + j) * 8, &x, 8);
        }
    for (; i < n; i++) {
        uint64_t x;
        memcpy(&x, p + i * 8, 8);
        x = __builtin_bswap64(x);
        memcpy(p + i * 8, &x, 8);
    }
}

EXSI_AVX2_CLONES static void swap4(unsigned char *p, int64_t n)
{
    int64_t i = 0;
    for (; i + SWAP_LANES <= n; i += SWAP_LANES)
        for (int j = 0; j < SWAP_LANES; j++) {
            uint32_t x;
            memcpy(&x, p + (i + j) * 4, 4);
            x = __builtin_bswap32(x);
            memcpy(p + (i + j) * 4, &x, 4);
        }
    for (; i < n; i++) {
        uint32_t x;
        memcpy(&x, p + i * 4, 4);
        x = __builtin_bswap32(x);
        memcpy(p + i * 4, &x, 4);
    }
}

static void swap_in_place(unsigned char *p, int64_t n, int w)
{
    if (w == 8)
        swap8(p, n);
    else
        swap4(p, n);
}

/* The same, from src into a dst that does not overlap it. */
EXSI_AVX2_CLONES static void swap8_copy(unsigned char *restrict dst,
                                        const unsigned char *restrict src, int64_t n)
{
    int64_t i = 0;
    for (; i + SWAP_LANES <= n; i += SWAP_LANES)
        for (int j = 0; j < SWAP_LANES; j++) {
            uint64_t x;
            memcpy(&x, src + (i + j) * 8, 8);
            x = __builtin_bswap64(x);
            memcpy(dst + (i + j) * 8, &x, 8);
        }
    for (; i < n; i++) {
        uint64_t x;
        memcpy(&x, src + i * 8, 8);
        x = __builtin_bswap64(x);
        memcpy(dst + i * 8, &x, 8);
    }
}

EXSI_AVX2_CLONES static void swap4_copy(unsigned char *restrict dst,
                                        const unsigned char *restrict src, int64_t n)
{
    int64_t i = 0;
    for (; i + SWAP_LANES <= n; i += SWAP_LANES)
        for (int j = 0; j < SWAP_LANES; j++) {
            uint32_t x;
            memcpy(&x, src + (i + j) * 4, 4);
            x = __builtin_bswap32(x);
            memcpy(dst + (i + j) * 4, &x, 4);
        }
    for (; i < n; i++) {
        uint32_t x;
        memcpy(&x, src + i * 4, 4);
        x = __builtin_bswap32(x);
        memcpy(dst + i * 4, &x, 4);
    }
}

/* The two widenings every classic file needs (int connectivity and maps
 * read as int64, float values as double), which cannot fail: big-endian
 * 4-byte values from src into 8-byte ones at dst, block by block through a
 * local copy so that the loop vectorises. dst may start at src's start and
 * src be the tail of dst's run (the in-place read): a block's outputs end
 * at or before the next block's inputs begin. The generic block
 * conversion (decode to int64/double with range checks, encode) ran the
 * connectivity of a 1M-element mesh at a fifth of the copy's speed. */
EXSI_AVX2_CLONES static void widen_int_be(unsigned char *dst, const unsigned char *src, int64_t n)
{
    for (int64_t i = 0; i < n; i += CONV_BLOCK) {
        int k = n - i < CONV_BLOCK ? (int)(n - i) : CONV_BLOCK;
        uint32_t in[CONV_BLOCK];
        int64_t out[CONV_BLOCK];
        memcpy(in, src + i * 4, (size_t)k * 4);
        for (int j = 0; j < k; j++)
            out[j] = (int32_t)__builtin_bswap32(in[j]);
        memcpy(dst + i * 8, out, (size_t)k * 8);
    }
}

EXSI_AVX2_CLONES static void widen_float_be(unsigned char *dst, const unsigned char *src,
                                            int64_t n)
{
    for (int64_t i = 0; i < n; i += CONV_BLOCK) {
        int k = n - i < CONV_BLOCK ? (int)(n - i) : CONV_BLOCK;
        uint32_t in[CONV_BLOCK];
        double out[CONV_BLOCK];
        memcpy(in, src + i * 4, (size_t)k * 4);
        for (int j = 0; j < k; j++) {
            uint32_t b = __builtin_bswap32(in[j]);
            float v;
            memcpy(&v, &b, 4);
            out[j] = v;
        }
        memcpy(dst + i * 8, out, (size_t)k * 8);
    }
}

/* Streaming (non-temporal) stores for a copy out of a mapping: a run
 * larger than the core's cache would be evicted before the caller reads it
 * anyway, and stores that bypass the cache do not first read each
 * destination line in (the kernel's own copy avoids that read the same
 * way), which is about a third of the memory traffic of the copy. x86-64
 * with AVX2 only (checked at run time); elsewhere, and for a destination
 * not aligned to its values, a plain (swap) copy. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define STREAM_COPY 1

__attribute__((target("avx2"))) static void copy_stream_avx2(unsigned char *dst,
                                                             const unsigned char *src,
                                                             int64_t n, int w, int swap)
{
    const __m256i order8 = _mm256_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10,
                                            9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12,
                                            11, 10, 9, 8);
    const __m256i order4 = _mm256_setr_epi8(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14,
                                            13, 12, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8,
                                            15, 14, 13, 12);
    const __m256i order = w == 8 ? order8 : order4;
    int64_t head = 0, per = 32 / w, i;
    while (head < n && ((uintptr_t)(dst + head * w) & 31) != 0)
        head++;
    exsi_store_copy_values(dst, src, head, w, swap);
    for (i = head; i + per <= n; i += per) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(src + i * w));
        if (swap)
            v = _mm256_shuffle_epi8(v, order);
        _mm256_stream_si256((__m256i *)(void *)(dst + i * w), v);
    }
    _mm_sfence();
    exsi_store_copy_values(dst + i * w, src + i * w, n - i, w, swap);
}
#endif

void exsi_store_copy_values(unsigned char *dst, const unsigned char *src, int64_t n, int w,
                            int swap)
{
    if (!swap)
        memcpy(dst, src, (size_t)(n * w));
    else if (w == 8)
        swap8_copy(dst, src, n);
    else
        swap4_copy(dst, src, n);
}

void exsi_store_copy_stream(unsigned char *dst, const unsigned char *src, int64_t n, int w,
                            int swap)
{
#ifdef STREAM_COPY
    if (((uintptr_t)dst % (uintptr_t)w) == 0 && __builtin_cpu_supports("avx2")) {
        copy_stream_avx2(dst, src, n, w, swap);
        return;
    }
#endif
    exsi_store_copy_values(dst, src, n, w, swap);
}

static int same_kind(int xt, int t)
{
    return (xt == XT_DOUBLE && t == EXS_F64) || (xt == XT_FLOAT && t == EXS_F32) ||
           (xt == XT_INT64 && t == EXS_I64) || (xt == XT_INT && t == EXS_I32);
}

/* n stored values at src into dst as type t, block by block, front to
 * back: dst may be src itself, lie before it (a widening read) or apart
 * from it (a mapped run). The values that did not fit, counted. */
static int64_t convert(int xt, int t, const unsigned char *src, unsigned char *dst,
                       int64_t n)
{
    int ws = xt_width(xt), wr = (int)exsi_util_type_size(t);
    int64_t bad = 0;
    if (same_kind(xt, t) && src == dst) {
        swap_in_place(dst, n, ws);
        return 0;
    }
    if (same_kind(xt, t) && (src + n * ws <= dst || dst + n * wr <= src)) {
        if (ws == 8)
            swap8_copy(dst, src, n);
        else
            swap4_copy(dst, src, n);
        return 0;
    }
    if (xt == XT_INT && t == EXS_I64) {
        widen_int_be(dst, src, n);
        return 0;
    }
    if (xt == XT_FLOAT && t == EXS_F64) {
        widen_float_be(dst, src, n);
        return 0;
    }
    for (int64_t i = 0; i < n; i += CONV_BLOCK) {
        int k = n - i < CONV_BLOCK ? (int)(n - i) : CONV_BLOCK;
        const unsigned char *s = src + i * ws;
        unsigned char *d = dst + i * wr;
        if (xt == XT_FLOAT || xt == XT_DOUBLE) {
            double v[CONV_BLOCK];
            dec_flt(xt, s, k, v);
            bad += enc_flt(t, v, k, d);
        } else {
            int64_t v[CONV_BLOCK];
            dec_int(xt, s, k, v);
            bad += enc_int(t, v, k, d);
        }
    }
    return bad;
}

/* ---- reading ------------------------------------------------------------ */

static void var_name(const exsi_store_cdf_direct *d, const exsi_store_cdf_var *cv, char *name,
                     size_t cap)
{
    size_t len = cv->name_len > 0 && (size_t)cv->name_len < cap ? (size_t)cv->name_len : 0;
    if (len == 0 || pread(d->fd, name, len, (off_t)cv->name_at) != (ssize_t)len)
        len = 0;
    name[len] = '\0';
}

/* A read that stopped at byte `at` of a run ending at `end`: errno `err`
 * (0: the file ended there). */
static int read_fail(exsi_store_cdf_direct *d, exs_file *f, const exsi_store_cdf_var *cv,
                     int err, int64_t at, int64_t end)
{
    char name[300];
    struct stat st;
    var_name(d, cv, name, sizeof name);
    if (err != 0)
        return exsi_err(f, EXS_ECORRUPT, "read of variable %s at byte %lld: %s",
                       name, (long long)at, strerror(err));
    return exsi_err(f, EXS_ECORRUPT, "truncated: variable %s needs bytes up to "
                   "%lld but the file has %lld", name, (long long)end,
                   fstat(d->fd, &st) == 0 ? (long long)st.st_size : -1LL);
}

/* All `len` bytes at `off`, or EXS_ECORRUPT naming the variable. */
static int read_full(exsi_store_cdf_direct *d, exs_file *f, const exsi_store_cdf_var *cv,
                     unsigned char *p, int64_t len, int64_t off)
{
    int64_t done = 0;
    while (done < len) {
        ssize_t got = pread(d->fd, p + done, (size_t)(len - done), (off_t)(off + done));
        if (got > 0)
            done += got;
        else if (got == 0 || errno != EINTR)
            return read_fail(d, f, cv, got == 0 ? 0 : errno, off + done, off + len);
    }
    return 0;
}

/* One run of n values at off into out (type t), piece by piece, each
 * converted while it is still in cache; bad values counted. In place: the
 * raw bytes go to the tail of the run's output (out + n (wr - ws)), so
 * that converting piece i, front to back, never reaches bytes of a piece
 * not yet converted. */
static int read_in_place(exsi_store_cdf_direct *d, exs_file *f, const slab_plan *p,
                         int64_t off, unsigned char *out, int t, int64_t *bad)
{
    unsigned char *raw = out + p->n * (p->wr - p->ws);
    int64_t per = PIECE_BYTES / p->ws;
    int rc = 0;
    for (int64_t i = 0; rc == 0 && i < p->n; i += per) {
        int64_t k = p->n - i < per ? p->n - i : per;
        rc = read_full(d, f, p->cv, raw + i * p->ws, k * p->ws, off + i * p->ws);
        if (rc == 0)
            *bad += convert(p->cv->xtype, t, raw + i * p->ws, out + i * p->wr, k);
    }
    return rc;
}

/* A run of p->n values at off converted from mappings of its pages, a
 * window at a time: the values done, all of them unless the run is too
 * short, passes the file's current end, or mmap refuses (the rest is then
 * for the pread way, which also reports a truncation). */
static int64_t read_mapped(exsi_store_cdf_direct *d, const slab_plan *p, int64_t off,
                           unsigned char *out, int t, int64_t *bad)
{
    int64_t len = p->n * p->ws, per = EXSI_MAP_WINDOW_BYTES / p->ws, i = 0;
    if (!exsi_store_mappable(d->fd, d->map, 1, off, len))
        return 0;
    int stream = same_kind(p->cv->xtype, t); /* every mapped run streams */
    for (; i < p->n; i += per) {
        int64_t k = p->n - i < per ? p->n - i : per;
        exsi_store_window w;
        const unsigned char *src =
            exsi_store_map_window(d->fd, d->pagesize, off + i * p->ws, k * p->ws, &w);
        if (!src)
            break;
        if (stream)
            exsi_store_copy_stream(out + i * p->wr, src, k, p->ws, 1);
        else
            *bad += convert(p->cv->xtype, t, src, out + i * p->wr, k);
        exsi_store_unmap_window(&w);
    }
    return i < p->n ? i : p->n;
}

/* ---- mapping or pread: measured once per process ---------------------- */

#define PROBE_BYTES (256 << 10) /* per timed read (the smallest mappable run) */
#define PROBE_PAIRS 2         /* alternations; the fastest of each way counts */
#define PROBE_MARGIN 0.95     /* mapping must be this much faster to win */

static _Atomic int map_verdicts[2]; /* [swap]: 1 map, -1 pread, 0 unknown */

static int env_set(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

int exsi_store_map_mode_from_env(void)
{
    if (env_set("EXOSLAB_NO_MMAP"))
        return EXSI_MAP_NEVER;
    return env_set("EXOSLAB_MMAP") ? EXSI_MAP_ALWAYS : EXSI_MAP_MEASURE;
}

int exsi_store_map_verdict(int swap) { return map_verdicts[swap != 0]; }

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Reads the len bytes at off (within the file) into a scratch buffer both
 * ways the direct paths would: mapped and copied out (swapped while
 * copying when swap is set), and pread then swapped in place; the order
 * alternates so that neither always finds the other's cache. 1 when the
 * mapping is faster by the margin, -1 when not, 0 when a way failed
 * (nothing decided: the caller maps as before, and a later run measures). */
static int measure_mapping(int fd, long pagesize, int swap, int64_t off, int64_t len)
{
    unsigned char *scratch = malloc((size_t)len);
    if (!scratch)
        return 0;
    memset(scratch, 0, (size_t)len); /* faults out of the timings */
    double best[2] = {1e30, 1e30}; /* [0] mapped, [1] pread */
    int ok = 1;
    for (int i = 0; ok && i < 2 * PROBE_PAIRS; i++) {
        int way = (i + i / 2) % 2; /* 0 1 1 0 */
        double t0 = seconds_now();
        if (way == 0) {
            exsi_store_window w;
            const unsigned char *src = exsi_store_map_window(fd, pagesize, off, len, &w);
            ok = src != NULL;
            if (ok)
                exsi_store_copy_stream(scratch, src, len / 8, 8, swap);
            exsi_store_unmap_window(&w);
        } else {
            ok = pread(fd, scratch, (size_t)len, (off_t)off) == (ssize_t)len;
            if (ok && swap)
                swap_in_place(scratch, len / 8, 8);
        }
        double t = seconds_now() - t0;
        if (t < best[way])
            best[way] = t;
    }
    free(scratch);
    if (!ok)
        return 0;
    return best[0] < PROBE_MARGIN * best[1] ? 1 : -1;
}

int exsi_store_mappable(int fd, int map, int swap, int64_t off, int64_t len)
{
    struct stat st;
    if (map == EXSI_MAP_NEVER || len < EXSI_MAP_MIN_BYTES || fstat(fd, &st) != 0 ||
        off + len > (int64_t)st.st_size)
        return 0;
    if (map == EXSI_MAP_ALWAYS)
        return 1;
    int v = map_verdicts[swap != 0];
    if (v == 0) {
        long pagesize = sysconf(_SC_PAGESIZE) > 0 ? sysconf(_SC_PAGESIZE) : 4096;
        int64_t n = len < PROBE_BYTES ? len - len % 8 : PROBE_BYTES;
        v = measure_mapping(fd, pagesize, swap, off, n);
        if (v != 0)
            map_verdicts[swap != 0] = v;
    }
    return v >= 0;
}

const unsigned char *exsi_store_map_window(int fd, long pagesize, int64_t from, int64_t len,
                                           exsi_store_window *w)
{
    int64_t at = from - from % pagesize;
    w->span = (size_t)(from + len - at);
    w->base = mmap(NULL, w->span, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, (off_t)at);
    if (w->base == MAP_FAILED) {
        w->base = NULL;
        return NULL;
    }
    return (const unsigned char *)w->base + (from - at);
}

void exsi_store_unmap_window(exsi_store_window *w)
{
    if (w->base)
        munmap(w->base, w->span);
    w->base = NULL;
}

/* A narrowing run: through a bounce buffer of one piece. */
static int read_run(exsi_store_cdf_direct *d, exs_file *f, const slab_plan *p, int64_t off,
                    unsigned char *out, int t, int64_t *bad)
{
    int xt = p->cv->xtype;
    int64_t done = read_mapped(d, p, off, out, t, bad);
    if (done == p->n)
        return 0;
    if (done > 0) {
        slab_plan rest = *p;
        rest.n -= done;
        return read_run(d, f, &rest, off + done * p->ws, out + done * p->wr, t, bad);
    }
    if (p->wr >= p->ws)
        return read_in_place(d, f, p, off, out, t, bad);
    int64_t per = PIECE_BYTES / p->ws, cap = p->n < per ? p->n : per;
    unsigned char *bounce = malloc((size_t)(cap * p->ws));
    if (!bounce)
        return exsi_err(f, EXS_ENOMEM, "direct read: %lld-byte buffer",
                       (long long)(cap * p->ws));
    int rc = 0;
    for (int64_t i = 0; rc == 0 && i < p->n; i += cap) {
        int64_t k = p->n - i < cap ? p->n - i : cap;
        rc = read_full(d, f, p->cv, bounce, k * p->ws, off + i * p->ws);
        if (rc == 0)
            *bad += convert(xt, t, bounce, out + i * p->wr, k);
    }
    free(bounce);
    return rc;
}

static int run_plan(exsi_store_cdf_direct *d, exs_file *f, const slab_plan *p, int t,
                    void *buf)
{
    int64_t bad = 0;
    unsigned char *out = buf;
    int rc = 0;
    for (int64_t r = 0; rc == 0 && r < p->nrun; r++)
        rc = read_run(d, f, p, p->off + r * p->stride, out + r * p->n * p->wr, t, &bad);
    d->reads++;
    if (rc == 0 && bad > 0) {
        char name[300];
        var_name(d, p->cv, name, sizeof name);
        return exsi_err(f, EXS_EOVERFLOW, "read of variable %s: %lld of %lld values "
                       "do not fit the buffer type", name, (long long)bad,
                       (long long)(p->n * p->nrun));
    }
    return rc;
}

/* ---- planning ----------------------------------------------------------- */

/* The slab within the variable's shape (numrecs for the record
 * dimension) and contiguous in the file apart from the record stride:
 * past the first dimension with a partial count, every dimension whole,
 * before it every count 1. 0 when it is not. */
static int plan_inner(const exsi_store_cdf_direct *d, const exsi_store_cdf_var *cv,
                      const int64_t *start, const int64_t *count, slab_plan *p)
{
    int first = cv->is_rec, nd = cv->ndims, partial = -1;
    int64_t elem = 0, stride = 1, n = 1;
    for (int k = 0; k < nd; k++) {
        int64_t len = k == 0 && cv->is_rec ? d->lay.numrecs : cv->shape[k];
        if (start[k] < 0 || count[k] <= 0 || start[k] > len - count[k])
            return 0;
    }
    for (int k = nd - 1; k >= first; k--) {
        if (partial >= 0 && count[k] != 1)
            return 0;
        if (partial < 0 && count[k] != cv->shape[k])
            partial = k;
        elem += start[k] * stride;
        n *= count[k];
        stride *= cv->shape[k];
    }
    p->n = n;
    p->nrun = cv->is_rec ? count[0] : 1;
    p->stride = d->lay.recsize;
    p->off = cv->begin + elem * p->ws + (cv->is_rec ? start[0] * d->lay.recsize : 0);
    return 1;
}

static int plan_slab(const exsi_store_cdf_direct *d, const exsi_core_varinfo *vi,
                     const int64_t *start, const int64_t *count, int t, slab_plan *p)
{
    if (vi->varid < 0 || vi->varid >= d->lay.nvars)
        return 0;
    const exsi_store_cdf_var *cv = &d->lay.vars[vi->varid];
    p->cv = cv;
    p->ws = xt_width(cv->xtype);
    p->wr = (int)exsi_util_type_size(t);
    /* A record variable's begin is not bounded by the extent check (only
     * the first one's is): past the end of the file it is netCDF's. */
    if (cv->ndims != vi->ndims || cv->ndims < 0 || p->ws == 0 || t == EXS_TEXT ||
        p->wr == 0 || (cv->is_rec && d->lay.numrecs < 0) || cv->begin > d->lay.size)
        return 0;
    return plan_inner(d, cv, start, count, p);
}

int exsi_store_cdf_direct_get(exsi_store_cdf_direct *d, exs_file *f, const exsi_core_varinfo *vi,
                       const int64_t *start, const int64_t *count, int t, void *buf)
{
    slab_plan p;
    if (!d || !plan_slab(d, vi, start, count, t, &p))
        return EXS_CDF_DIRECT_PASS;
    return run_plan(d, f, &p, t, buf);
}

/* ---- open and close ----------------------------------------------------- */

/* The layout of fd's classic header; messages on f are left as they were
 * (a file this cannot walk is simply read through netCDF). */
static int layout_of(exs_file *f, int fd, exsi_store_cdf_layout *lay)
{
    unsigned char b[4];
    struct stat st;
    exsi_core_errinfo saved;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 32 ||
        pread(fd, b, 4, 0) != 4 || memcmp(b, "CDF", 3) != 0 ||
        (b[3] != 1 && b[3] != 2 && b[3] != 5))
        return -1;
    saved = f->err;
    int rc = exsi_store_cdf_layout_read(f, fd, (int64_t)st.st_size, b[3], lay);
    exsi_err_set(f, &saved);
    return rc;
}

int exsi_store_cdf_direct_open(exs_file *f, const char *path, exsi_store_cdf_direct **out)
{
    *out = NULL;
    exsi_store_cdf_direct *d = calloc(1, sizeof *d);
    if (!d)
        return exsi_err(f, EXS_ENOMEM, "direct read state");
    d->map = exsi_store_map_mode_from_env();
    d->pagesize = sysconf(_SC_PAGESIZE);
    if (d->pagesize <= 0)
        d->pagesize = 4096;
    d->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (d->fd < 0 || layout_of(f, d->fd, &d->lay) != 0) {
        exsi_store_cdf_direct_close(d);
        return 0;
    }
    *out = d;
    return 0;
}

void exsi_store_cdf_direct_close(exsi_store_cdf_direct *d)
{
    if (!d)
        return;
    if (d->fd >= 0)
        close(d->fd);
    exsi_store_cdf_layout_free(&d->lay);
    free(d);
}

const exsi_store_cdf_layout *exsi_store_cdf_direct_layout(const exsi_store_cdf_direct *d)
{
    return &d->lay;
}

int64_t exsi_store_cdf_direct_reads(const exsi_store_cdf_direct *d) { return d ? d->reads : 0; }
