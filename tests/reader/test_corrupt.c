/*
 * test_corrupt -- deterministic corruption robustness.
 *
 * For a selection of corpus files covering every container (CDF-1, CDF-2,
 * CDF-5, netCDF-4, netCDF-4 classic, compressed, int64, Nemesis), writes
 * mutated copies into the test scratch directory -- byte flips and big
 * integers written into the header / HDF5 metadata, truncations, zeroed
 * blocks -- from a FIXED seed, opens each one and, if it opens, reads
 * everything through the public API into buffers sized from the metadata.
 * Every call must return 0 or a negative EXS_E* code with a message; none
 * may crash, hang or try to allocate gigabytes; the corpus files must be
 * unchanged afterwards.
 *
 * Usage: test_corrupt [FILE-SUBSTRING [INDEX | FIRST-LAST]] reruns one file,
 * one mutation or a range of them. Env: EXS_CORRUPT_SEED (default 0x5eedc0ffee),
 * EXS_CORRUPT_N (mutations per file, default 40). A failure prints the
 * seed, the file, the mutation index and the exact bytes changed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/resource.h>
#include <unistd.h>

#include <netcdf.h>

#include "exs_nc.h"
#include "exs_test.h"

#define DEFAULT_SEED 0x5eedc0ffeeULL
#define DEFAULT_MUTATIONS 40
#define HEADER_REGION 4096
#define MAX_ARRAY_BYTES ((int64_t)64 << 20) /* bigger is "absurd": probe only */
#define PROBE_BYTES ((int64_t)1 << 20)
#define MAX_WALK_ENTITIES 4096               /* entities walked per kind */
#define MAX_SIGS 512
#define HANG_SECONDS 30

/* Sanitizer hooks: found by name at start-up, so keep them exported. */
#define EXS_SANITIZER_HOOK __attribute__((visibility("default"), used))

/* A huge allocation must come back NULL (and be reported as EXS_ENOMEM,
 * which this test counts as a failure) rather than take the machine. */
#if defined(__SANITIZE_ADDRESS__)
EXS_SANITIZER_HOOK const char *__asan_default_options(void);
EXS_SANITIZER_HOOK const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1:max_allocation_size_mb=1024";
}
#endif

/* netCDF-C 4.9.0 leaks its file and group structures (and the HDF5 object
 * header it was decoding) when NC4_open fails on a corrupt HDF5 file; that
 * is netCDF's, not ours. The libraries' frames carry no frame pointers, so
 * the suppression names the modules. A handle we forgot to close would be
 * hidden by it: that is why every open + close also checks that no
 * descriptor stays open. Our own allocations are still checked. */
EXS_SANITIZER_HOOK const char *__lsan_default_suppressions(void);
EXS_SANITIZER_HOOK const char *__lsan_default_suppressions(void)
{
    return "leak:libnetcdf.so\nleak:libhdf5_serial.so\n";
}

/* Mutations of the default seed that crash inside HDF5 1.10.8 (Debian 12's
 * libhdf5 103) during nc_open, before netCDF returns to us; nothing short
 * of parsing HDF5 ourselves could refuse them first. Keyed by the position
 * in corpus_files and the mutation index: keep that list's order.
 *  LINK_TABLE: a corrupt dense-link store (fractal heap, its B-tree): when
 *    a link fails to decode, H5G__dense_iterate's H5G__link_release_table
 *    frees the table's uninitialised entries (free of a wild pointer).
 *  GLOBAL_HEAP: a global heap object's length is trusted: H5HG_read
 *    memcpy's past the collection while netCDF reads the DIMENSION_LIST
 *    attribute (H5DSget_num_scales). */
#define LINK_TABLE "HDF5 H5G__link_release_table frees uninitialised link entries"
#define GLOBAL_HEAP "HDF5 H5HG_read trusts a global heap object's length"
static const struct {
    const char *file;
    int mutation;
    const char *why;
} hdf5_crashes[] = {
    {"seacas__catalyst_aero_blunt_wedge_wall_test3.ex2", 8, LINK_TABLE},
    {"seacas__catalyst_aero_blunt_wedge_wall_test3.ex2", 13, LINK_TABLE},
    {"derived__test-gap.nc4classic.g", 13, LINK_TABLE},
    {"derived__test-gap.nc4classic.g", 19, LINK_TABLE},
    {"derived__block_crush_1.nc4z.ex2", 25, LINK_TABLE},
    {"derived__block_crush_1.nc4z.ex2", 30, LINK_TABLE},
    {"seacas-dmp__testdi64.exo", 15, LINK_TABLE},
    {"seacas-dmp__testdi64.exo", 19, LINK_TABLE},
    {"seacas-dmp__testdi64.exo", 20, LINK_TABLE},
    {"seacas-dmp__testdi64.exo", 33, LINK_TABLE},
    {"nimble__uq_wave.g.nem", 25, LINK_TABLE},
    {"nimble__uq_wave.g.nem", 36, GLOBAL_HEAP},
};

static const char *hdf5_crash(uint64_t seed, const char *file, int mutation)
{
    for (size_t i = 0; seed == DEFAULT_SEED && i < sizeof hdf5_crashes /
                                                        sizeof hdf5_crashes[0]; i++)
        if (strcmp(hdf5_crashes[i].file, file) == 0 && hdf5_crashes[i].mutation == mutation)
            return hdf5_crashes[i].why;
    return NULL;
}

/* Open descriptors of this process (-1 if /proc is not there). */
static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;
    if (!d)
        return -1;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

static const char *const corpus_files[] = {
    "seacas__test-gap.g.et",                         /* CDF-1, attributes, props */
    "seacas__ejoin_2block-gold.g",                   /* CDF-2, set variables */
    "derived__aero_blunt_wedge_wall_test3.cdf5.ex2", /* CDF-5, int64 */
    "seacas__catalyst_aero_blunt_wedge_wall_test3.ex2", /* netCDF-4, int64 */
    "derived__test-gap.nc4classic.g",                /* netCDF-4 classic */
    "derived__block_crush_1.nc4z.ex2",               /* netCDF-4 deflate */
    "seacas-dmp__testdi64.exo",                      /* netCDF-4 (ncgen), int64 */
    "exodusjl__epu_mesh_test.g.4.0",                 /* Nemesis, comm maps */
    "nimble__uq_wave.g.nem",                         /* compressed Nemesis, no mesh */
    "mstk__degenpoly3.exo",                          /* NFACED + NSIDED */
    "seacas-hist__ioss_8-block.g.noname",            /* legacy coord, vals_nod_var */
    "libmesh__mesh_with_low_order_edge_blocks.e",    /* edge blocks */
};
#define NFILES (sizeof corpus_files / sizeof corpus_files[0])

/* What is being done right now, for the hang alarm's message. */
static char current[1024];

static void on_alarm(int sig)
{
    (void)sig;
    static const char head[] = "\nHANG (no progress in 30 s) while running: ";
    if (write(2, head, sizeof head - 1) < 0 || write(2, current, strlen(current)) < 0 ||
        write(2, "\n", 1) < 0)
        _exit(3);
    _exit(2);
}

/* ---- deterministic randomness (splitmix64) ---- */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int64_t rng_below(rng *r, int64_t n)
{
    return n > 0 ? (int64_t)(rng_next(r) % (uint64_t)n) : 0;
}

/* ---- files ---- */

typedef struct image {
    unsigned char *b;
    int64_t size;
    int hdf5;
    int64_t sig[MAX_SIGS]; /* offsets of HDF5 metadata signatures */
    int nsig;
} image;

static int load(const char *path, image *im)
{
    FILE *fp = fopen(path, "rb");
    memset(im, 0, sizeof *im);
    if (!fp)
        return -1;
    fseek(fp, 0, SEEK_END);
    im->size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    im->b = malloc((size_t)im->size + 1);
    int ok = im->b && fread(im->b, 1, (size_t)im->size, fp) == (size_t)im->size;
    fclose(fp);
    return ok ? 0 : -1;
}

/* HDF5 superblock, object headers, B-trees, heaps: where its metadata is. */
static void find_hdf5_metadata(image *im)
{
    static const char *const sigs[] = {"OHDR", "OCHK", "TREE", "HEAP", "SNOD", "BTHD",
                                       "BTLF", "BTIN", "FRHP", "FHDB", "FHIB", "GCOL",
                                       "FSHD", "FSSE", "EAHD", "EADB", "FAHD", "FADB"};
    im->hdf5 = im->size >= 8 && memcmp(im->b, "\211HDF\r\n\032\n", 8) == 0;
    for (int64_t at = 0; im->hdf5 && at + 4 <= im->size && im->nsig < MAX_SIGS; at++)
        for (size_t s = 0; s < sizeof sigs / sizeof sigs[0]; s++)
            if (memcmp(im->b + at, sigs[s], 4) == 0) {
                im->sig[im->nsig++] = at;
                break;
            }
}

static int save(const char *path, const unsigned char *b, int64_t n)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return -1;
    int ok = n == 0 || fwrite(b, 1, (size_t)n, fp) == (size_t)n;
    return fclose(fp) == 0 && ok ? 0 : -1;
}

/* ---- mutations ---- */

enum { MUT_FLIP, MUT_BIGINT, MUT_TRUNC, MUT_ZERO, MUT_FLIP_ANY, MUT_KINDS };

typedef struct mutation {
    unsigned char *b; /* the mutated copy */
    int64_t size;
    char desc[400];
} mutation;

static void describe(mutation *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void describe(mutation *m, const char *fmt, ...)
{
    size_t len = strlen(m->desc);
    va_list ap;
    va_start(ap, fmt);
    if (len < sizeof m->desc)
        vsnprintf(m->desc + len, sizeof m->desc - len, fmt, ap);
    va_end(ap);
}

/* An offset in the metadata: the first 4 KiB, or for HDF5 half the time
 * within 512 bytes after one of its metadata signatures. */
static int64_t header_offset(rng *r, const image *im)
{
    if (im->hdf5 && im->nsig > 0 && rng_below(r, 2)) {
        int64_t at = im->sig[rng_below(r, im->nsig)] + rng_below(r, 512);
        return at < im->size ? at : im->size - 1;
    }
    return rng_below(r, im->size < HEADER_REGION ? im->size : HEADER_REGION);
}

static void mut_flip(rng *r, const image *im, mutation *m, int anywhere)
{
    int n = 1 + (int)rng_below(r, 4);
    describe(m, "%s:", anywhere ? "flip-anywhere" : "flip");
    for (int i = 0; i < n; i++) {
        int64_t at = anywhere ? rng_below(r, im->size) : header_offset(r, im);
        unsigned char x = (unsigned char)(1 + rng_below(r, 255));
        describe(m, " [%lld]^0x%02x", (long long)at, x);
        m->b[at] ^= x;
    }
}

/* A 4-byte value that makes a count huge, negative or zero, at an aligned
 * header offset (CDF headers are 4-byte aligned, big-endian). */
static void mut_bigint(rng *r, const image *im, mutation *m)
{
    static const uint32_t vals[] = {0x7fffffffu, 0xffffffffu, 0x80000000u,
                                    0x10000000u, 0x00100000u, 0x0000ffffu,
                                    0x00000000u, 0x00000001u};
    uint32_t v = vals[rng_below(r, sizeof vals / sizeof vals[0])];
    int64_t at = header_offset(r, im) & ~(int64_t)3;
    if (at + 4 > im->size)
        at = im->size >= 4 ? im->size - 4 : 0;
    describe(m, "bigint: [%lld..+4]=0x%08x", (long long)at, v);
    for (int i = 0; i < 4 && at + i < im->size; i++)
        m->b[at + i] = (unsigned char)(v >> (24 - 8 * i));
}

static void mut_trunc(rng *r, const image *im, mutation *m)
{
    int64_t hdr = im->size < HEADER_REGION ? im->size : HEADER_REGION;
    m->size = rng_below(r, 2) ? rng_below(r, hdr) : rng_below(r, im->size);
    describe(m, "truncate: %lld of %lld bytes", (long long)m->size,
             (long long)im->size);
}

static void mut_zero(rng *r, const image *im, mutation *m)
{
    int64_t at = rng_below(r, 4) ? header_offset(r, im) : rng_below(r, im->size);
    int64_t len = 8 + rng_below(r, 1017);
    if (at + len > im->size)
        len = im->size - at;
    describe(m, "zero: [%lld..+%lld]", (long long)at, (long long)len);
    memset(m->b + at, 0, (size_t)len);
}

/* Mutation `idx` of file `fi`: reproducible from (seed, fi, idx) alone. */
static void make_mutation(uint64_t seed, size_t fi, int idx, const image *im,
                          mutation *m)
{
    rng r = {seed ^ ((uint64_t)(fi + 1) << 40) ^ ((uint64_t)idx << 8)};
    rng_next(&r);
    memcpy(m->b, im->b, (size_t)im->size);
    m->size = im->size;
    m->desc[0] = '\0';
    switch (idx % MUT_KINDS) {
    case MUT_FLIP:
        mut_flip(&r, im, m, 0);
        break;
    case MUT_BIGINT:
        mut_bigint(&r, im, m);
        break;
    case MUT_TRUNC:
        mut_trunc(&r, im, m);
        break;
    case MUT_ZERO:
        mut_zero(&r, im, m);
        break;
    default:
        mut_flip(&r, im, m, 1);
        break;
    }
}

/* ---- the walk: every accessor, buffers sized from the metadata ---- */

typedef struct walk {
    exs_file *f;
    const char *ctx;   /* "seed=... file=... mutation=..." */
    int64_t calls, errors;
    int opened;        /* the mutated copy opened */
    void *buf, *buf2;  /* MAX_ARRAY_BYTES each */
} walk;

/* Any call: 0, or a negative EXS_E* code with a message. EXS_ENOMEM on a
 * small corrupt file means the library believed an absurd size. */
static int check(walk *w, const char *call, int rc)
{
    w->calls++;
    exs_test_checks++;
    if (rc == 0)
        return 0;
    w->errors++;
    const char *msg = exs_errmsg(w->f);
    if (rc > 0 || rc <= EXS_ERROR_END_)
        EXS_FAIL_("%s\n  %s -> %d: not an EXS_E* code", w->ctx, call, rc);
    else if (rc == EXS_ENOMEM)
        EXS_FAIL_("%s\n  %s -> EXS_ENOMEM (absurd size believed?): %s", w->ctx, call,
                  msg);
    else if (!msg || !msg[0])
        EXS_FAIL_("%s\n  %s -> %s with an empty message", w->ctx, call,
                  exs_errname(rc));
    return rc;
}

#define CHECK(w, call) check((w), #call, (call))

/* Reads [start, start+count) of one array into buf; ctx says which. */
typedef struct arr_ref {
    int op;          /* what to call: see read_arr */
    exs_kind kind;
    int64_t id;
    int which;       /* exs_conn, or the variable index */
    int64_t nsteps;  /* variables: steps read at once */
    int extra;       /* sets: also read sides / orientations */
} arr_ref;

enum { OP_COORD, OP_TIMES, OP_IDMAP, OP_ORDER, OP_CONN, OP_COUNTS, OP_ATTR, OP_SET,
       OP_DF, OP_MAP, OP_VAR };

static int read_arr(walk *w, const arr_ref *a, int64_t st, int64_t ct, void *buf)
{
    exs_file *f = w->f;
    switch (a->op) {
    case OP_COORD:
        return CHECK(w, exs_get_coord(f, a->which, st, ct, EXS_F64, buf));
    case OP_TIMES:
        return CHECK(w, exs_get_times(f, st, ct, EXS_F64, buf));
    case OP_IDMAP:
        return CHECK(w, exs_get_id_map(f, a->kind, st, ct, EXS_I64, buf));
    case OP_ORDER:
        return CHECK(w, exs_get_order_map(f, st, ct, EXS_I64, buf));
    case OP_CONN:
        return CHECK(w, exs_get_conn(f, a->kind, a->id, (exs_conn)a->which, st, ct,
                                     EXS_I64, buf));
    case OP_COUNTS:
        return CHECK(w, exs_get_entry_counts(f, a->kind, a->id, st, ct, EXS_I64, buf));
    case OP_ATTR:
        return CHECK(w, exs_get_attr(f, a->kind, a->id, st, ct, EXS_F64, buf));
    case OP_SET:
        return CHECK(w, exs_get_set(f, a->kind, a->id, st, ct, EXS_I64, buf,
                                    a->extra ? w->buf2 : NULL));
    case OP_DF:
        return CHECK(w, exs_get_df(f, a->kind, a->id, st, ct, EXS_F64, buf));
    case OP_MAP:
        return CHECK(w, exs_get_map(f, a->kind, a->id, st, ct, EXS_I64, buf));
    default:
        return CHECK(w, exs_get_var_steps(f, a->kind, a->id, a->which, 0, a->nsteps,
                                          st, ct, EXS_F64, buf));
    }
}

/* Read n entries of `width` values (times `rows` steps) whole when that is
 * sane; else probe a few entries; then a slab just past the end must fail. */
static void read_all(walk *w, const arr_ref *a, int64_t n, int64_t width, int64_t rows)
{
    exs_test_checks++;
    if (n < 0 || width < 0 || rows < 0) {
        EXS_FAIL_("%s\n  metadata gives a negative size (%lld entries of %lld, %lld "
                  "steps) for op %d", w->ctx, (long long)n, (long long)width,
                  (long long)rows, a->op);
        return;
    }
    double bytes = (double)n * (double)(width ? width : 1) * (double)(rows ? rows : 1) * 8;
    double entry = (double)(width ? width : 1) * (double)(rows ? rows : 1) * 8;
    if (bytes <= (double)MAX_ARRAY_BYTES)
        read_arr(w, a, 0, n, w->buf);
    else if (entry * 4 <= (double)PROBE_BYTES)
        read_arr(w, a, 0, 4, w->buf);
    else
        read_arr(w, a, 0, 0, w->buf);
    if (entry <= (double)PROBE_BYTES && read_arr(w, a, n, 1, w->buf) == 0)
        EXS_FAIL_("%s\n  op %d kind %d id %lld: slab [%lld, %lld) past the end read "
                  "without error", w->ctx, a->op, (int)a->kind, (long long)a->id,
                  (long long)n, (long long)n + 1);
}

static void walk_globals(walk *w)
{
    exs_file *f = w->f;
    int64_t v[EXS_INQ_COUNT_] = {0};
    const char *s, *rec[4];
    for (int q = 0; q < EXS_INQ_COUNT_; q++)
        CHECK(w, exs_inquire(f, (exs_inq)q, &v[q]));
    CHECK(w, exs_get_title(f, &s));
    for (int a = 0; a <= v[EXS_INQ_NUM_DIM] && a < 4; a++)
        CHECK(w, exs_get_coord_name(f, a, &s));
    for (int64_t i = 0; i < v[EXS_INQ_NUM_QA] && i < 100000; i++)
        CHECK(w, exs_get_qa(f, i, rec));
    for (int64_t i = 0; i < v[EXS_INQ_NUM_INFO] && i < 100000; i++)
        CHECK(w, exs_get_info(f, i, &s));
    for (int a = 0; a < v[EXS_INQ_NUM_DIM] && a < 3; a++)
        read_all(w, &(arr_ref){.op = OP_COORD, .which = a}, v[EXS_INQ_NUM_NODES], 1, 1);
    read_all(w, &(arr_ref){.op = OP_TIMES}, v[EXS_INQ_NUM_TIMES], 1, 1);
    static const exs_inq totals[] = {EXS_INQ_NUM_NODES, EXS_INQ_NUM_EDGE,
                                     EXS_INQ_NUM_FACE, EXS_INQ_NUM_ELEM};
    for (int k = EXS_NODE_MAP; k <= EXS_ELEM_MAP; k++)
        read_all(w, &(arr_ref){.op = OP_IDMAP, .kind = (exs_kind)k},
                 v[totals[k - EXS_NODE_MAP]], 1, 1);
    read_all(w, &(arr_ref){.op = OP_ORDER}, v[EXS_INQ_NUM_ELEM], 1, 1);
    int64_t len = 0;
    CHECK(w, exs_chunk_len(f, EXS_NODAL, 0, 0, &len));
}

static void walk_block(walk *w, exs_kind k, const exs_entity_info *e)
{
    const char *s;
    arr_ref a = {.op = OP_CONN, .kind = k, .id = e->id, .which = EXS_CONN_NODES};
    for (int64_t i = 0; i < e->num_attr && i < 1000; i++)
        CHECK(w, exs_get_attr_name(w->f, k, e->id, (int)i, &s));
    if (e->topo == EXS_TOPO_NSIDED)
        read_all(w, &a, e->nodes_per_entry, 1, 1);
    else
        read_all(w, &a, e->num_entries, e->nodes_per_entry, 1);
    a.which = EXS_CONN_EDGES;
    read_all(w, &a, e->num_entries, e->edges_per_entry, 1);
    a.which = EXS_CONN_FACES;
    if (e->topo == EXS_TOPO_NFACED)
        read_all(w, &a, e->faces_per_entry, 1, 1);
    else
        read_all(w, &a, e->num_entries, e->faces_per_entry, 1);
    a.op = OP_COUNTS;
    read_all(w, &a, e->num_entries, 1, 1);
    a.op = OP_ATTR;
    read_all(w, &a, e->num_entries, e->num_attr, 1);
}

static void walk_entity(walk *w, exs_kind k, int64_t id, int nprops,
                        const char *const *props)
{
    exs_entity_info e;
    int64_t val, found, len;
    if (CHECK(w, exs_get_entity(w->f, k, id, &e)) != 0)
        return;
    if (e.name && e.name[0])
        CHECK(w, exs_find_entity(w->f, k, e.name, &found));
    for (int p = 0; p < nprops; p++)
        CHECK(w, exs_get_prop(w->f, k, id, props[p], &val));
    CHECK(w, exs_chunk_len(w->f, k, id, 0, &len));
    if (k == EXS_ELEM_BLOCK || k == EXS_EDGE_BLOCK || k == EXS_FACE_BLOCK) {
        walk_block(w, k, &e);
    } else if (k >= EXS_NODE_SET && k <= EXS_ELEM_SET) {
        int extra = k == EXS_SIDE_SET || k == EXS_EDGE_SET || k == EXS_FACE_SET;
        read_all(w, &(arr_ref){.op = OP_SET, .kind = k, .id = id, .extra = extra},
                 e.num_entries, 1, 1);
        read_all(w, &(arr_ref){.op = OP_DF, .kind = k, .id = id}, e.num_df, 1, 1);
    } else {
        read_all(w, &(arr_ref){.op = OP_MAP, .kind = k, .id = id}, e.num_entries, 1, 1);
    }
}

/* Ids of a kind into w->buf2 (sized by the caller's guard); count or -1. */
static int64_t kind_ids(walk *w, exs_kind k)
{
    int64_t n = 0;
    if (CHECK(w, exs_num_entities(w->f, k, &n)) != 0)
        return -1;
    exs_test_checks++;
    if (n < 0 || n * 8 > MAX_ARRAY_BYTES) {
        if (n < 0)
            EXS_FAIL_("%s\n  kind %d: %lld entities", w->ctx, (int)k, (long long)n);
        return -1;
    }
    return CHECK(w, exs_get_ids(w->f, k, w->buf2)) == 0 ? n : -1;
}

static void walk_kind(walk *w, exs_kind k)
{
    int nprops = 0;
    const char *props[64];
    int64_t n = kind_ids(w, k);
    if (n < 0)
        return;
    /* The ids leave buf2 free for set extras: copy the first ones. */
    int64_t walked = n < MAX_WALK_ENTITIES ? n : MAX_WALK_ENTITIES;
    int64_t *ids = malloc((size_t)(walked ? walked : 1) * sizeof *ids);
    if (!ids)
        return;
    memcpy(ids, w->buf2, (size_t)walked * sizeof *ids);
    if (CHECK(w, exs_num_props(w->f, k, &nprops)) == 0)
        for (int p = 0; p < nprops && p < 64; p++)
            if (CHECK(w, exs_get_prop_name(w->f, k, p, &props[p])) != 0)
                props[p] = "ID";
    for (int64_t i = 0; i < walked; i++)
        walk_entity(w, k, ids[i], nprops < 64 ? nprops : 64, props);
    free(ids);
}

/* Every variable of a kind, every entity, all steps in one call. */
static void walk_vars(walk *w, exs_kind k, int64_t steps)
{
    int nv = 0, var;
    const char *name;
    if (CHECK(w, exs_num_vars(w->f, k, &nv)) != 0 || nv <= 0)
        return;
    int is_ent = k != EXS_NODAL && k != EXS_GLOBAL;
    int64_t ne = 1, nn = 0;
    if (is_ent && (ne = kind_ids(w, k)) < 0)
        return;
    if ((double)ne * nv * sizeof(int) <= (double)MAX_ARRAY_BYTES)
        CHECK(w, exs_get_truth(w->f, k, w->buf));
    int64_t *ids = w->buf2;
    for (int v = 0; v < nv && v < 10000; v++) {
        if (CHECK(w, exs_get_var_name(w->f, k, v, &name)) == 0)
            CHECK(w, exs_find_var(w->f, k, name, &var));
        for (int64_t e = 0; e < ne && e < MAX_WALK_ENTITIES; e++) {
            exs_entity_info info = {0};
            if (k == EXS_GLOBAL)
                nn = nv;
            else if (k == EXS_NODAL)
                CHECK(w, exs_inquire(w->f, EXS_INQ_NUM_NODES, &nn));
            else if (CHECK(w, exs_get_entity(w->f, k, ids[e], &info)) == 0)
                nn = info.num_entries;
            else
                continue;
            read_all(w, &(arr_ref){.op = OP_VAR, .kind = k, .id = is_ent ? ids[e] : 0,
                                   .which = v, .nsteps = steps},
                     nn, 1, steps);
        }
        if (k == EXS_GLOBAL)
            break; /* one array holds them all */
    }
}

static void walk_file(walk *w)
{
    int64_t steps = 0;
    walk_globals(w);
    for (int k = EXS_ELEM_BLOCK; k < EXS_NUM_KINDS; k++)
        walk_kind(w, (exs_kind)k);
    CHECK(w, exs_inquire(w->f, EXS_INQ_NUM_TIMES, &steps));
    for (int k = 0; k < EXS_NUM_KINDS; k++)
        if (k == EXS_NODAL || k == EXS_GLOBAL || (k >= EXS_ELEM_BLOCK && k <= EXS_ELEM_SET))
            walk_vars(w, (exs_kind)k, steps);
}

/* ---- driver ---- */

static void open_and_walk(walk *w, const char *path)
{
    char msg[512];
    exs_file *f = (exs_file *)1;
    int rc = exs_open_err(path, EXS_READ, &f, msg, sizeof msg);
    exs_test_checks++;
    if (rc != 0) {
        w->calls++;
        w->errors++;
        if (rc > 0 || rc <= EXS_ERROR_END_ || f != NULL)
            EXS_FAIL_("%s\n  exs_open_err -> %d, handle %p", w->ctx, rc, (void *)f);
        else if (rc == EXS_ENOMEM)
            EXS_FAIL_("%s\n  exs_open_err -> EXS_ENOMEM: %s", w->ctx, msg);
        else if (!msg[0])
            EXS_FAIL_("%s\n  exs_open_err -> %s with an empty message", w->ctx,
                      exs_errname(rc));
        printf("    open -> %s: %.160s\n", exs_errname(rc), msg);
        return;
    }
    w->f = f;
    w->opened = 1;
    walk_file(w);
    CHECK(w, exs_close(f));
    w->f = NULL;
    printf("    opened; %lld calls, %lld errors\n", (long long)w->calls,
           (long long)w->errors);
}

typedef struct run_opts {
    uint64_t seed;
    int nmut;
    const char *only_file; /* substring, or NULL */
    int mut_lo, mut_hi;    /* mutation indices run: [lo, hi] */
} run_opts;

static void run_file(const run_opts *o, size_t fi, walk *w, int64_t *opened,
                     int64_t *leaked)
{
    char src[4096], dst[4096], ctx[1024], name[64];
    image im;
    snprintf(src, sizeof src, "%s/%s", exs_test_corpus_dir(), corpus_files[fi]);
    exs_test_checks++;
    if (load(src, &im) != 0 || im.size == 0) {
        EXS_FAIL_("cannot read corpus file %s", src);
        free(im.b);
        return;
    }
    find_hdf5_metadata(&im);
    mutation m = {.b = malloc((size_t)im.size + 1)};
    printf("%s (%lld bytes%s, %d HDF5 metadata signatures)\n", corpus_files[fi],
           (long long)im.size, im.hdf5 ? ", HDF5" : "", im.nsig);
    for (int i = 0; m.b && i < o->nmut; i++) {
        if (i < o->mut_lo || i > o->mut_hi)
            continue;
        make_mutation(o->seed, fi, i, &im, &m);
        /* A fresh name (and inode) each time: HDF5 knows files by inode, and
         * one netCDF left open must not be taken for the next copy. */
        snprintf(name, sizeof name, "corrupt_%zu_%d.bin", fi, i);
        exs_test_tmp_path(dst, sizeof dst, name);
        snprintf(ctx, sizeof ctx, "seed=0x%llx file=%s mutation=%d: %s",
                 (unsigned long long)o->seed, corpus_files[fi], i, m.desc);
        snprintf(current, sizeof current, "%s", ctx);
        printf("  [%d] %s\n", i, m.desc);
        const char *why = hdf5_crash(o->seed, corpus_files[fi], i);
        if (why) {
            printf("    skipped, crashes inside HDF5: %s\n", why);
            continue;
        }
        fflush(stdout);
        int fds = open_fds();
        exs_test_checks++;
        if (save(dst, m.b, m.size) != 0) {
            EXS_FAIL_("cannot write %s", dst);
            break;
        }
        *w = (walk){.ctx = ctx, .buf = w->buf, .buf2 = w->buf2};
        alarm(HANG_SECONDS);
        open_and_walk(w, dst);
        alarm(0);
        remove(dst);
        *opened += w->opened;
        /* A failed nc_open of an HDF5 file can leave its descriptor open
         * (netCDF's leak, counted); after our open and close none may stay. */
        exs_test_checks++;
        if (w->opened && open_fds() != fds)
            EXS_FAIL_("%s\n  %d descriptors open before, %d after open + close",
                      ctx, fds, open_fds());
        else if (open_fds() != fds)
            (*leaked)++;
    }
    free(m.b);
    free(im.b);
}

/* ---- hostile headers: absurd sizes that no data backs ---- */

/* Define dims (name, length) and optionally one 1-D variable on the last
 * dim (plus the block ids eb_prop1 there, which open requires before it
 * looks at the blocks); returns the netCDF status. */
static int write_hostile(const char *path, int cmode, int ndims, const char *const *names,
                         const size_t *lens, const char *var)
{
    int ncid, dimid = -1, varid, rc = nc_create(path, cmode | NC_CLOBBER, &ncid);
    for (int i = 0; rc == NC_NOERR && i < ndims; i++)
        rc = nc_def_dim(ncid, names[i], lens[i], &dimid);
    if (rc == NC_NOERR && var)
        rc = nc_def_var(ncid, var, NC_INT, 1, &dimid, &varid);
    if (rc == NC_NOERR && var && strcmp(var, "eb_prop1") != 0)
        rc = nc_def_var(ncid, "eb_prop1", NC_INT, 1, &dimid, &varid);
    if (rc == NC_NOERR)
        rc = nc_enddef(ncid);
    int crc = nc_close(ncid);
    return rc != NC_NOERR ? rc : crc;
}

/* Must be refused at open with `want`, fast and without EXS_ENOMEM. */
static void hostile(const char *name, int cmode, int ndims, const char *const *names,
                    const size_t *lens, const char *var, int want)
{
    char path[4096], msg[512];
    exs_file *f = NULL;
    exs_test_tmp_path(path, sizeof path, name);
    EXS_ASSERT_EQ(write_hostile(path, cmode, ndims, names, lens, var), NC_NOERR);
    snprintf(current, sizeof current, "hostile file %s", name);
    alarm(HANG_SECONDS);
    int rc = exs_open_err(path, EXS_READ, &f, msg, sizeof msg);
    alarm(0);
    exs_close(f);
    printf("hostile %s -> %s: %s\n", name, exs_errname(rc), msg);
    EXS_ASSERT_RC(rc, want);
    remove(path);
}

static void check_hostile(void)
{
    /* 30 M node sets declared in a 72-byte file (was 54 s and 4.7 GB). */
    hostile("hostile_sets.exo", NC_64BIT_OFFSET, 2,
            (const char *const[]){"num_dim", "num_node_sets"}, (size_t[]){3, 30000000},
            NULL, EXS_ECORRUPT);
    /* 30 M info lines, never written, in netCDF-4 (was 6 s and 3.5 GB). */
    hostile("hostile_info.exo", NC_NETCDF4, 3,
            (const char *const[]){"num_dim", "len_line", "num_info"},
            (size_t[]){3, 81, 30000000}, NULL, EXS_ECORRUPT);
    /* A block of 2^40 entries of 2^40 nodes stored flat in one value: the
     * shape check's product overflowed int64 (UBSan). Refused before the
     * shape check now: 2^80 values cannot be in a file of any size. */
    hostile("hostile_shape.exo", NC_64BIT_DATA, 5,
            (const char *const[]){"num_dim", "num_elem", "num_nod_per_el1",
                                  "num_el_in_blk1", "num_el_blk"},
            (size_t[]){3, (size_t)1 << 40, (size_t)1 << 40, (size_t)1 << 40, 1},
            "connect1", EXS_ECORRUPT);
    /* ... and 2^40 attribute names. */
    hostile("hostile_attr.exo", NC_64BIT_DATA, 5,
            (const char *const[]){"num_dim", "num_elem", "num_att_in_blk1",
                                  "num_el_in_blk1", "num_el_blk"},
            (size_t[]){3, (size_t)1 << 40, (size_t)1 << 40, (size_t)1 << 40, 1},
            "eb_prop1", EXS_ECORRUPT);
}

static void limit_memory(void)
{
#if !defined(__SANITIZE_ADDRESS__)
    /* A believed absurd size then fails as EXS_ENOMEM instead of taking
     * the machine (ASan: see __asan_default_options). */
    struct rlimit rl = {(rlim_t)4 << 30, (rlim_t)4 << 30};
    setrlimit(RLIMIT_AS, &rl);
#endif
}

int main(int argc, char **argv)
{
    const char *s = getenv("EXS_CORRUPT_SEED"), *n = getenv("EXS_CORRUPT_N");
    run_opts o = {.seed = s && *s ? strtoull(s, NULL, 0) : DEFAULT_SEED,
                  .nmut = n && *n ? atoi(n) : DEFAULT_MUTATIONS,
                  .only_file = argc > 1 ? argv[1] : NULL,
                  .mut_lo = 0, .mut_hi = INT32_MAX};
    if (argc > 2 && sscanf(argv[2], "%d-%d", &o.mut_lo, &o.mut_hi) == 1)
        o.mut_hi = o.mut_lo; /* one index */
    uint64_t sums[NFILES];
    char path[4096];
    int64_t opened = 0, leaked = 0;
    walk w = {.buf = malloc((size_t)MAX_ARRAY_BYTES), .buf2 = malloc((size_t)MAX_ARRAY_BYTES)};
    limit_memory();
    signal(SIGALRM, on_alarm);
    printf("seed 0x%llx, %d mutations per file\n", (unsigned long long)o.seed, o.nmut);
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(), corpus_files[i]);
        sums[i] = exs_file_checksum(path);
    }
    for (size_t i = 0; w.buf && w.buf2 && i < NFILES; i++)
        if (!o.only_file || strstr(corpus_files[i], o.only_file))
            run_file(&o, i, &w, &opened, &leaked);
    if (!o.only_file)
        check_hostile();
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(), corpus_files[i]);
        exs_test_checks++;
        if (sums[i] == 0 || exs_file_checksum(path) != sums[i])
            EXS_FAIL_("corpus file %s changed or unreadable", path);
    }
    printf("%lld mutated files opened and walked; %lld failed opens left a "
           "descriptor open inside netCDF/HDF5\n", (long long)opened, (long long)leaked);
    EXS_ASSERT(w.buf && w.buf2);
    free(w.buf);
    free(w.buf2);
    return EXS_TEST_END();
}
