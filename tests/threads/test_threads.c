/*
 * test_threads.c -- the thread model of exoslab.h, under load.
 *
 * Files (names carry the pid: the plain and the TSan build of this test
 * may run at once): three the test writes first (CDF-2, CDF-5, netCDF-4) and, when
 * the corpus is there, a few real classic and netCDF-4 files. For each, a
 * digest (FNV-1a of coordinates, connectivity, times and every variable at
 * every step) is taken single-threaded; then, with stderr captured:
 *  1. several files: NTHREADS threads open, read and close the files in
 *     rotation, ROUNDS times each, and must get the same digests;
 *  2. one file: all threads open the same file at once, each its own
 *     handle, and read it;
 *  3. writers: each thread creates its own file (the formats in turn),
 *     writes a mesh and a variable over steps, closes, reopens, checks;
 *  4. one handle shared: threads take turns on a single handle under the
 *     test's own mutex (the model allows it: a handle belongs to no
 *     thread, it just must not be used by two at once).
 * Nothing may reach stderr: HDF5 must not print its error stacks from any
 * thread. Threads report through their own structs (no shared counters),
 * so ThreadSanitizer sees only the library.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exs_test.h"
#include "exoslab.h"

#define NTHREADS 8
#define ROUNDS 30
#define MAX_FILES 16

typedef struct file_case {
    char path[1024];
    uint64_t digest;
} file_case;

typedef struct suite {
    file_case files[MAX_FILES];
    int nfiles;
    pthread_mutex_t shared_lock; /* phase 4 */
    exs_file *shared;
} suite;

typedef struct worker {
    suite *s;
    int index;
    int errors;
    char first_error[2048];
    pthread_t tid;
} worker;

static void fnv(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ b[i]) * 1099511628211ULL;
}

static void note(worker *w, const char *what, int rc, const char *msg)
{
    if (w->errors++ == 0)
        snprintf(w->first_error, sizeof w->first_error, "%s: %d %s: %s", what, rc,
                 exs_errname(rc), msg ? msg : "");
}

/* Digest an array read by one accessor call into a scratch buffer. */
#define READ_INTO(h, rc, n, width, call)                                       \
    do {                                                                       \
        void *buf_ = malloc((size_t)((n) > 0 ? (n) : 1) * (width));            \
        if (!buf_) {                                                           \
            rc = EXS_ENOMEM;                                                   \
            break;                                                             \
        }                                                                      \
        if ((rc = (call)) == 0)                                                \
            fnv(h, buf_, (size_t)(n) * (width));                               \
        free(buf_);                                                            \
    } while (0)
#define BUF buf_

static int digest_blocks(exs_file *f, uint64_t *h)
{
    int64_t nb = 0;
    int rc = exs_num_entities(f, EXS_ELEM_BLOCK, &nb);
    int64_t *ids = calloc((size_t)(nb > 0 ? nb : 1), sizeof *ids);
    if (rc == 0 && ids)
        rc = exs_get_ids(f, EXS_ELEM_BLOCK, ids);
    for (int64_t b = 0; rc == 0 && b < nb; b++) {
        exs_entity_info in;
        if ((rc = exs_get_entity(f, EXS_ELEM_BLOCK, ids[b], &in)) != 0)
            break;
        fnv(h, in.type, strlen(in.type));
        int poly = in.topo == EXS_TOPO_NSIDED || in.topo == EXS_TOPO_NFACED;
        int64_t n = poly ? in.nodes_per_entry : in.num_entries * in.nodes_per_entry;
        int64_t cnt = poly ? n : in.num_entries;
        READ_INTO(h, rc, n, 8,
                  exs_get_conn(f, EXS_ELEM_BLOCK, ids[b], EXS_CONN_NODES, 0, cnt,
                               EXS_I64, BUF));
    }
    free(ids);
    return rc;
}

static int digest_nodal_vars(exs_file *f, uint64_t *h)
{
    int nv = 0, rc;
    int64_t nn = 0, nt = 0;
    if ((rc = exs_num_vars(f, EXS_NODAL, &nv)) != 0 ||
        (rc = exs_inquire(f, EXS_INQ_NUM_NODES, &nn)) != 0 ||
        (rc = exs_inquire(f, EXS_INQ_NUM_TIMES, &nt)) != 0)
        return rc;
    READ_INTO(h, rc, nt, 8, exs_get_times(f, 0, nt, EXS_F64, BUF));
    for (int v = 0; rc == 0 && v < nv; v++)
        for (int64_t t = 0; rc == 0 && t < nt; t++)
            READ_INTO(h, rc, nn, 8,
                      exs_get_var(f, EXS_NODAL, 0, v, t, 0, nn, EXS_F64, BUF));
    return rc;
}

/* Open, digest everything, close. */
static int digest_file(const char *path, uint64_t *out, char *msg, size_t cap)
{
    exs_file *f = NULL;
    uint64_t h = 1469598103934665603ULL;
    int64_t nd = 0, nn = 0;
    int rc = exs_open_err(path, EXS_READ, &f, msg, cap);
    if (rc != 0)
        return rc;
    if ((rc = exs_inquire(f, EXS_INQ_NUM_DIM, &nd)) == 0)
        rc = exs_inquire(f, EXS_INQ_NUM_NODES, &nn);
    for (int a = 0; rc == 0 && a < nd; a++)
        READ_INTO(&h, rc, nn, 8, exs_get_coord(f, a, 0, nn, EXS_F64, BUF));
    if (rc == 0)
        rc = digest_blocks(f, &h);
    if (rc == 0)
        rc = digest_nodal_vars(f, &h);
    if (rc != 0)
        snprintf(msg, cap, "%s", exs_errmsg(f));
    int crc = exs_close(f);
    *out = h;
    return rc ? rc : crc;
}

static void check_digest(worker *w, const file_case *fc)
{
    char msg[512] = "";
    uint64_t h = 0;
    int rc = digest_file(fc->path, &h, msg, sizeof msg);
    if (rc != 0)
        note(w, fc->path, rc, msg);
    else if (h != fc->digest)
        note(w, fc->path, 0, "digest differs from the single-threaded read");
}

/* 1: every thread reads the files in rotation. */
static void *several_files(void *arg)
{
    worker *w = arg;
    for (int r = 0; r < ROUNDS; r++)
        check_digest(w, &w->s->files[(w->index + r) % w->s->nfiles]);
    return NULL;
}

/* 2: every thread on the same file: half on the netCDF-4 one (whose
 * opens printed HDF5 error stacks from every thread but the first), half
 * on the CDF-2 one. */
static void *one_file(void *arg)
{
    worker *w = arg;
    for (int r = 0; r < ROUNDS; r++)
        check_digest(w, &w->s->files[w->index % 2 ? 0 : 2]);
    return NULL;
}

/* A strip of m quads: 2(m+1) nodes; nodal "u" = seed + 10 step + node. */
static int write_strip(const char *path, exs_format fmt, int m, double seed)
{
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = fmt;
    o.clobber = 1;
    exs_file *f = NULL;
    int64_t nn = 2 * (m + 1);
    double *x = malloc((size_t)nn * sizeof *x), *y = malloc((size_t)nn * sizeof *y);
    int64_t *conn = malloc((size_t)m * 4 * sizeof *conn);
    int rc = x && y && conn ? exs_create(path, &o, &f) : EXS_ENOMEM;
    for (int64_t k = 0; rc == 0 && k < nn; k++) {
        x[k] = (double)(k % (m + 1));
        y[k] = (double)(k / (m + 1));
    }
    for (int e = 0; e < m && rc == 0; e++) {
        int64_t q[4] = {e + 1, e + 2, m + 1 + e + 2, m + 1 + e + 1};
        memcpy(conn + 4 * e, q, sizeof q);
    }
    exs_block_def b = {.id = 10, .type = "QUAD4", .num_entries = m, .nodes_per_entry = 4};
    const char *names[1] = {"u"};
    if (rc == 0)
        rc = exs_def_mesh(f, "threads", 2, nn);
    if (rc == 0)
        rc = exs_def_block(f, EXS_ELEM_BLOCK, &b);
    if (rc == 0)
        rc = exs_def_vars(f, EXS_NODAL, 1, names);
    if (rc == 0)
        rc = exs_put_coord(f, 0, 0, nn, EXS_F64, x);
    if (rc == 0)
        rc = exs_put_coord(f, 1, 0, nn, EXS_F64, y);
    if (rc == 0)
        rc = exs_put_conn(f, EXS_ELEM_BLOCK, 10, EXS_CONN_NODES, 0, m, EXS_I64, conn);
    for (int t = 0; t < 3 && rc == 0; t++) {
        for (int64_t k = 0; k < nn; k++)
            x[k] = seed + 10.0 * t + (double)k;
        rc = exs_put_time(f, t, 0.5 * t);
        if (rc == 0)
            rc = exs_put_var(f, EXS_NODAL, 0, 0, t, 0, nn, EXS_F64, x);
    }
    int crc = exs_close(f);
    free(x);
    free(y);
    free(conn);
    return rc ? rc : crc;
}

static const exs_format formats[3] = {EXS_FORMAT_64BIT_OFFSET, EXS_FORMAT_CDF5,
                                      EXS_FORMAT_NETCDF4};

/* Reopen a strip and check every value of "u" at its last step. */
static int check_strip(const char *path, int m, double seed, char *msg, size_t cap)
{
    exs_file *f = NULL;
    int64_t nn = 2 * (m + 1), nt = 0;
    double u[2 * 64 + 2];
    int rc = exs_open_err(path, EXS_READ, &f, msg, cap);
    if (rc == 0)
        rc = exs_inquire(f, EXS_INQ_NUM_TIMES, &nt);
    if (rc == 0 && nt != 3)
        rc = EXS_EBADMODEL;
    if (rc == 0)
        rc = exs_get_var(f, EXS_NODAL, 0, 0, 2, 0, nn, EXS_F64, u);
    for (int64_t k = 0; rc == 0 && k < nn; k++)
        if (u[k] != seed + 20.0 + (double)k)
            rc = EXS_EBADMODEL;
    if (rc != 0 && f)
        snprintf(msg, cap, "%s", exs_errmsg(f));
    int crc = exs_close(f);
    return rc ? rc : crc;
}

/* 3: every thread writes, then reads back, its own files. */
static void *writers(void *arg)
{
    worker *w = arg;
    char path[1024], name[64], msg[512] = "";
    for (int r = 0; r < 3; r++) {
        int m = 8 + w->index * 4 + r;
        double seed = 1000.0 * w->index + 100.0 * r;
        snprintf(name, sizeof name, "threads%ld_w%d_%d.exo", (long)getpid(),
                 w->index, r);
        exs_test_tmp_path(path, sizeof path, name);
        int rc = write_strip(path, formats[(w->index + r) % 3], m, seed);
        if (rc != 0)
            note(w, path, rc, "writing");
        else if ((rc = check_strip(path, m, seed, msg, sizeof msg)) != 0)
            note(w, path, rc, msg);
        unlink(path);
    }
    return NULL;
}

/* 4: one handle, used by one thread at a time under the caller's lock. */
static void *shared_handle(void *arg)
{
    worker *w = arg;
    suite *s = w->s;
    for (int r = 0; r < ROUNDS; r++) {
        int64_t nn = 0;
        double x[4];
        pthread_mutex_lock(&s->shared_lock);
        int rc = exs_inquire(s->shared, EXS_INQ_NUM_NODES, &nn);
        if (rc == 0 && nn > 0)
            rc = exs_get_coord(s->shared, 0, (w->index + r) % nn, 1, EXS_F64, x);
        if (rc == 0)
            rc = exs_get_var(s->shared, EXS_NODAL, 0, 0, r % 3, 0, 4, EXS_F64, x);
        if (rc == 0 && x[3] != 7000.0 + 10.0 * (r % 3) + 3.0)
            rc = EXS_EBADMODEL;
        if (rc != 0)
            note(w, "shared handle", rc, exs_errmsg(s->shared));
        pthread_mutex_unlock(&s->shared_lock);
    }
    return NULL;
}

static void run_phase(suite *s, const char *label, void *(*fn)(void *))
{
    worker w[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        w[i] = (worker){.s = s, .index = i};
        if (pthread_create(&w[i].tid, NULL, fn, &w[i]) != 0) {
            w[i].errors = -1;
            EXS_FAIL_("%s: pthread_create failed", label);
        }
    }
    int errors = 0;
    for (int i = 0; i < NTHREADS; i++) {
        if (w[i].errors < 0)
            continue;
        pthread_join(w[i].tid, NULL);
        errors += w[i].errors;
        if (w[i].errors)
            fprintf(stdout, "%s: thread %d: %d errors; first: %s\n", label, i,
                    w[i].errors, w[i].first_error);
    }
    printf("%s: %d threads, %d errors\n", label, NTHREADS, errors);
    EXS_ASSERT_EQ(errors, 0);
}

static void add_file(suite *s, const char *path)
{
    char msg[512] = "";
    file_case *fc = &s->files[s->nfiles];
    snprintf(fc->path, sizeof fc->path, "%s", path);
    int rc = digest_file(path, &fc->digest, msg, sizeof msg);
    if (rc != 0)
        EXS_FAIL_("%s: %d %s: %s", path, rc, exs_errname(rc), msg);
    else
        s->nfiles++;
}

static void add_files(suite *s)
{
    static const char *corpus[] = {
        "libmesh__read_exodus_HEX20.e",            /* CDF-2 */
        "seacas__ioss_ADeDA.e",                    /* CDF-1 */
        "seacas-dmp__testwt-results.exo",          /* CDF-2, results */
        "derived__aero_blunt_wedge_wall_test3.cdf5.ex2",
        "petsc__hybrid_hexwedge.exo",              /* netCDF-4 */
        "seacas__catalyst_aero_blunt_wedge_wall_test3.ex2", /* netCDF-4 */
        "nimble__uq_wave.g.nem",                   /* netCDF-4 */
    };
    char path[1024], name[64];
    for (int i = 0; i < 3; i++) {
        snprintf(name, sizeof name, "threads%ld_base%d.exo", (long)getpid(), i);
        exs_test_tmp_path(path, sizeof path, name);
        EXS_OK(NULL, write_strip(path, formats[i], 20 + i, 7000.0));
        add_file(s, path);
    }
    struct stat st;
    int found = 0;
    for (size_t i = 0; i < sizeof corpus / sizeof *corpus; i++) {
        snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(), corpus[i]);
        if (stat(path, &st) == 0) {
            add_file(s, path);
            found++;
        }
    }
    if (!found)
        printf("corpus not found at %s: the test's own files only\n",
               exs_test_corpus_dir());
}

/* stderr into a file while the threads run; its bytes afterwards. */
static int capture_begin(const char *path)
{
    fflush(stderr);
    int saved = dup(2), fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (saved < 0 || fd < 0 || dup2(fd, 2) < 0)
        return -1;
    close(fd);
    return saved;
}

static long capture_end(int saved, const char *path)
{
    struct stat st;
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    if (stat(path, &st) != 0)
        return -1;
    if (st.st_size > 0) {
        char buf[2048];
        FILE *fp = fopen(path, "r");
        size_t n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
        buf[n] = '\0';
        if (fp)
            fclose(fp);
        fprintf(stderr, "stderr during the threads (%lld bytes), first part:\n%s\n",
                (long long)st.st_size, buf);
    }
    return (long)st.st_size;
}

int main(void)
{
    static suite s;
    char cap_path[1024], msg[512] = "";
    add_files(&s);
    char cap_name[64];
    snprintf(cap_name, sizeof cap_name, "threads%ld_stderr.txt", (long)getpid());
    exs_test_tmp_path(cap_path, sizeof cap_path, cap_name);
    int saved = capture_begin(cap_path);
    EXS_ASSERT(saved >= 0);
    run_phase(&s, "several files", several_files);
    run_phase(&s, "one file", one_file);
    run_phase(&s, "writers", writers);
    pthread_mutex_init(&s.shared_lock, NULL);
    int rc = exs_open_err(s.files[2].path, EXS_READ, &s.shared, msg, sizeof msg);
    if (rc == 0) {
        run_phase(&s, "one handle, caller's lock", shared_handle);
        rc = exs_close(s.shared);
    }
    pthread_mutex_destroy(&s.shared_lock);
    long bytes = saved >= 0 ? capture_end(saved, cap_path) : -1;
    EXS_ASSERT_RC(rc, 0);
    printf("files: %d; stderr bytes while threads ran: %ld\n", s.nfiles, bytes);
    EXS_ASSERT_EQ(bytes, 0);
    unlink(cap_path);
    for (int i = 0; i < 3; i++)
        unlink(s.files[i].path);
    return EXS_TEST_END();
}
