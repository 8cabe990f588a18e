/*
 * exs_demo -- make a sample mesh with exoslab, then read it back in slabs.
 *
 *   exs_demo make FILE [N] [FORMAT]   N^3 HEX8 elements, 3 nodal variables x
 *                                     5 steps; FORMAT nc4 (default), cdf5, cdf2
 *   exs_demo read FILE                read and verify; under mpiexec (MPI
 *                                     build) each rank reads its own slab
 *
 * Field values are closed-form, so the reader checks every value it reads.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exoslab.h"
#include "exoslab_par.h"
#ifdef EXOSLAB_HAVE_MPI
#include <mpi.h>
#endif

/* The collective accessors throughout: on the serial build's handle they
 * are the plain calls. */

#define NSTEPS 5
#define NVARS 3

static const char *const var_names[NVARS] = {"temperature", "pressure", "speed"};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double field(int64_t node, int step, int var)
{
    return (double)(var + 1) * 1000.0 + (double)step + 1e-6 * (double)node;
}

static double coord(int64_t node, int axis, int64_t n)
{
    int64_t m = n + 1; /* nodes per edge */
    int64_t ijk[3] = {node % m, (node / m) % m, node / (m * m)};
    return (double)ijk[axis] / (double)n;
}

static int check(exs_file *f, int rc, const char *what)
{
    if (rc != 0)
        fprintf(stderr, "exs_demo: %s failed: %s\n  %s\n", what, exs_strerror(rc),
                exs_errmsg(f));
    return rc;
}

#define TRY(f, call)                      \
    do {                                  \
        int rc_ = check(f, (call), #call); \
        if (rc_ != 0)                     \
            return rc_;                   \
    } while (0)

/* Connectivity of elements [e0, e0+ne) of the n^3 grid, 1-based. */
static void hex_conn(int64_t n, int64_t e0, int64_t ne, int64_t *conn)
{
    int64_t m = n + 1;
    for (int64_t e = e0; e < e0 + ne; e++) {
        int64_t i = e % n, j = (e / n) % n, k = e / (n * n);
        int64_t b = i + j * m + k * m * m + 1;
        int64_t *c = conn + (e - e0) * 8;
        c[0] = b, c[1] = b + 1, c[2] = b + 1 + m, c[3] = b + m;
        for (int q = 0; q < 4; q++)
            c[4 + q] = c[q] + m * m;
    }
}

static int make(const char *path, int64_t n, const char *fmt)
{
    exs_create_opts o;
    exs_file *f;
    exs_create_opts_init(&o);
    o.clobber = 1;
    o.format = strcmp(fmt, "cdf5") == 0   ? EXS_FORMAT_CDF5
               : strcmp(fmt, "cdf2") == 0 ? EXS_FORMAT_64BIT_OFFSET
                                          : EXS_FORMAT_NETCDF4;
    int rc = exs_create(path, &o, &f);
    if (check(NULL, rc, "exs_create") != 0)
        return rc;
    int64_t nn = (n + 1) * (n + 1) * (n + 1), ne = n * n * n;
    exs_block_def b = {.id = 1, .type = "HEX8", .num_entries = ne,
                       .nodes_per_entry = 8, .name = "solid"};
    TRY(f, exs_def_mesh(f, "exoslab demo mesh", 3, nn));
    TRY(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
    TRY(f, exs_def_vars(f, EXS_NODAL, NVARS, var_names));
    /* Stream everything in slabs of 64k entries: O(slab) memory. */
    const int64_t slab = 65536;
    double *x = malloc((size_t)slab * sizeof *x);
    int64_t *conn = malloc((size_t)slab * 8 * sizeof *conn);
    if (!x || !conn)
        return EXS_ENOMEM;
    for (int64_t s = 0; s < nn; s += slab) {
        int64_t c = nn - s < slab ? nn - s : slab;
        for (int a = 0; a < 3; a++) {
            for (int64_t i = 0; i < c; i++)
                x[i] = coord(s + i, a, n);
            TRY(f, exs_put_coord(f, a, s, c, EXS_F64, x));
        }
    }
    for (int64_t s = 0; s < ne; s += slab) {
        int64_t c = ne - s < slab ? ne - s : slab;
        hex_conn(n, s, c, conn);
        TRY(f, exs_put_conn(f, EXS_ELEM_BLOCK, 1, EXS_CONN_NODES, s, c, EXS_I64, conn));
    }
    for (int step = 0; step < NSTEPS; step++) {
        TRY(f, exs_put_time(f, step, 0.1 * step));
        for (int v = 0; v < NVARS; v++)
            for (int64_t s = 0; s < nn; s += slab) {
                int64_t c = nn - s < slab ? nn - s : slab;
                for (int64_t i = 0; i < c; i++)
                    x[i] = field(s + i, step, v);
                TRY(f, exs_put_var(f, EXS_NODAL, 0, v, step, s, c, EXS_F64, x));
            }
    }
    free(x);
    free(conn);
    rc = exs_close(f);
    if (rc == 0)
        printf("wrote %s: %" PRId64 " nodes, %" PRId64 " HEX8, %d steps x %d nodal "
               "variables (%s)\n", path, nn, ne, NSTEPS, NVARS, fmt);
    return check(NULL, rc, "exs_close");
}

/* This rank's share: the partition in a parallel open, everything else. */
typedef struct share {
    int rank, size;
    int64_t n0, nn, e0, ne;
} share;

static int read_share(exs_file *f, const share *s, int64_t n, double *mb)
{
    double *x = malloc((size_t)(s->nn ? s->nn : 1) * sizeof *x);
    int64_t *conn = malloc((size_t)(s->ne ? s->ne : 1) * 8 * sizeof *conn);
    int64_t *want = malloc(8 * sizeof *want);
    int bad = 0, rc = 0;
    if (!x || !conn || !want)
        return EXS_ENOMEM;
    for (int a = 0; a < 3 && rc == 0; a++) {
        rc = check(f, exs_get_coord_all(f, a, s->n0, s->nn, EXS_F64, x), "coordinates");
        for (int64_t i = 0; rc == 0 && i < s->nn; i++)
            bad += x[i] != coord(s->n0 + i, a, n);
    }
    if (rc == 0)
        rc = check(f, exs_get_conn_all(f, EXS_ELEM_BLOCK, 1, EXS_CONN_NODES, s->e0, s->ne,
                                   EXS_I64, conn), "connectivity");
    for (int64_t e = 0; rc == 0 && e < s->ne; e++) {
        hex_conn(n, s->e0 + e, 1, want);
        bad += memcmp(want, conn + 8 * e, 8 * sizeof *want) != 0;
    }
    for (int step = 0; rc == 0 && step < NSTEPS; step++)
        for (int v = 0; rc == 0 && v < NVARS; v++) {
            rc = check(f, exs_get_var_all(f, EXS_NODAL, 0, v, step, s->n0, s->nn, EXS_F64, x),
                       "nodal variable");
            for (int64_t i = 0; rc == 0 && i < s->nn; i++)
                bad += x[i] != field(s->n0 + i, step, v);
        }
    *mb = (double)(s->nn * 8 * (3 + NSTEPS * NVARS) + s->ne * 64) / 1048576.0;
    free(x);
    free(conn);
    free(want);
    if (rc == 0 && bad)
        fprintf(stderr, "exs_demo: rank %d: %d values differ from the expected\n",
                s->rank, bad);
    return rc ? rc : bad ? EXS_EBADMODEL : 0;
}

static int read_file(const char *path, share *s, exs_file *f)
{
    int64_t nn = 0, ne = 0;
    exs_inquire(f, EXS_INQ_NUM_NODES, &nn);
    exs_inquire(f, EXS_INQ_NUM_ELEM, &ne);
    int64_t n = (int64_t)llround(cbrt((double)ne));
    if (s->size == 1) {
        s->n0 = 0, s->nn = nn, s->e0 = 0, s->ne = ne;
    }
    double mb = 0, t0 = now();
    int rc = read_share(f, s, n, &mb);
    double dt = now() - t0;
    if (rc == 0)
        printf("rank %d/%d: %s nodes [%" PRId64 ", %" PRId64 ") elements [%" PRId64
               ", %" PRId64 "): %.1f MiB verified in %.3f s (%.0f MiB/s)\n",
               s->rank, s->size, path, s->n0, s->n0 + s->nn, s->e0, s->e0 + s->ne, mb,
               dt, dt > 0 ? mb / dt : 0.0);
    return rc;
}

#ifdef EXOSLAB_HAVE_MPI
static int read_parallel(const char *path, share *s)
{
    exs_file *f;
    exs_partition p;
    int rc = exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f);
    if (check(NULL, rc, "exs_open_par") != 0)
        return rc;
    rc = check(f, exs_get_partition(f, 0, &p), "exs_get_partition");
    if (rc == 0) {
        s->n0 = p.node_start, s->nn = p.node_count;
        s->e0 = p.elem_start, s->ne = p.elem_count;
        rc = read_file(path, s, f);
    }
    int crc = exs_close(f);
    return rc ? rc : crc;
}
#endif

int main(int argc, char **argv)
{
    share s = {0, 1, 0, 0, 0, 0};
    int rc;
    if (argc < 3 || (strcmp(argv[1], "make") != 0 && strcmp(argv[1], "read") != 0)) {
        fprintf(stderr, "usage: %s make FILE [N] [nc4|cdf5|cdf2]\n"
                        "       %s read FILE\n", argv[0], argv[0]);
        return 2;
    }
    if (strcmp(argv[1], "make") == 0) {
        int64_t n = argc > 3 ? strtoll(argv[3], NULL, 10) : 40;
        if (n < 1 || n > 2000) {
            fprintf(stderr, "exs_demo: N must be 1..2000\n");
            return 2;
        }
        return make(argv[2], n, argc > 4 ? argv[4] : "nc4") ? 1 : 0;
    }
#ifdef EXOSLAB_HAVE_MPI
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &s.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &s.size);
    rc = read_parallel(argv[2], &s);
    MPI_Finalize();
#else
    exs_file *f;
    rc = exs_open(argv[2], EXS_READ, &f);
    if (check(NULL, rc, "exs_open") == 0) {
        rc = read_file(argv[2], &s, f);
        exs_close(f);
    }
#endif
    return rc ? 1 : 0;
}
