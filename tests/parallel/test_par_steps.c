/* test_par_steps.c -- several time steps in one collective write:
 * exs_put_var_steps_all (one variable) and exs_put_vars_steps_all (a
 * batch) on both parallel backends, each rank its slab of the nodes and of
 * every block, read back serially on every rank and compared value by
 * value with what a step-by-step write stores; the time values of
 * several steps in one exs_put_times_all. Bad steps (past the last time
 * written, a negative count, ranks passing different steps or times) fail
 * on every rank and leave the file writable. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "exoslab_par.h"
#include "exs_test_mpi.h"

enum { K = 2, PER_BLOCK = 37, NODES = 101, STEPS = 5, NV = 2 };

static double value(int kind, int b, int v, int64_t step, int64_t i)
{
    return kind * 1e6 + b * 1e5 + v * 1e4 + (double)step * 1e3 + (double)i;
}

static void define(exs_file *f)
{
    static const char *const nodal[NV] = {"u", "p"}, *const elem[NV] = {"s", "t"};
    EXS_OK(f, exs_def_mesh(f, "par_steps", 3, NODES));
    for (int b = 0; b < K; b++) {
        exs_block_def d = {.id = 10 + b, .type = "HEX8", .num_entries = PER_BLOCK,
                           .nodes_per_entry = 8};
        EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &d));
    }
    EXS_OK(f, exs_def_vars(f, EXS_NODAL, NV, nodal));
    EXS_OK(f, exs_def_vars(f, EXS_ELEM_BLOCK, NV, elem));
    EXS_OK(f, exs_end_define(f));
}

/* buf [nsteps][hi - lo] of the values of steps [s0, s0 + nsteps). */
static void fill(double *buf, int kind, int b, int v, int64_t s0, int64_t nsteps,
                 int64_t lo, int64_t hi)
{
    for (int64_t s = 0; s < nsteps; s++)
        for (int64_t i = lo; i < hi; i++)
            buf[s * (hi - lo) + i - lo] = value(kind, b, v, s0 + s, i);
}

static void slab(int64_t n, int64_t *lo, int64_t *hi)
{
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    *lo = n * rank / size;
    *hi = n * (rank + 1) / size;
}

/* Steps [0, 3) of everything in one batch; steps [3, 5) one variable at a
 * time. */
static void write_file(exs_file *f)
{
    static double nb[NV][STEPS * NODES], eb[K][NV][STEPS * PER_BLOCK];
    int64_t nlo, nhi, elo, ehi;
    slab(NODES, &nlo, &nhi);
    slab(PER_BLOCK, &elo, &ehi);
    double times[STEPS];
    for (int64_t s = 0; s < STEPS; s++)
        times[s] = 0.5 * (double)s;
    times[3] = -1.0; /* overwritten below */
    EXS_OK(f, exs_put_times_all(f, 0, 4, EXS_F64, times));
    float later[2] = {1.5f, 2.0f};
    EXS_OK(f, exs_put_times_all(f, 3, 2, EXS_F32, later));
    exs_var_req r[NV + K * NV];
    int n = 0;
    for (int v = 0; v < NV; v++) {
        fill(nb[v], 1, 0, v, 0, 3, nlo, nhi);
        r[n++] = (exs_var_req){EXS_NODAL, 0, v, nlo, nhi - nlo, EXS_F64, nb[v]};
    }
    for (int b = 0; b < K; b++)
        for (int v = 0; v < NV; v++) {
            fill(eb[b][v], 2, b, v, 0, 3, elo, ehi);
            r[n++] = (exs_var_req){EXS_ELEM_BLOCK, 10 + b, v, elo, ehi - elo, EXS_F64,
                                   eb[b][v]};
        }
    EXS_OK(f, exs_put_vars_steps_all(f, 0, 3, n, r));
    for (int v = 0; v < NV; v++) {
        fill(nb[v], 1, 0, v, 3, 2, nlo, nhi);
        EXS_OK(f, exs_put_var_steps_all(f, EXS_NODAL, 0, v, 3, 2, nlo, nhi - nlo,
                                        EXS_F64, nb[v]));
    }
    for (int b = 0; b < K; b++)
        for (int v = 0; v < NV; v++) {
            fill(eb[b][v], 2, b, v, 3, 2, elo, ehi);
            EXS_OK(f, exs_put_var_steps_all(f, EXS_ELEM_BLOCK, 10 + b, v, 3, 2, elo,
                                            ehi - elo, EXS_F64, eb[b][v]));
        }
}

/* Steps the file does not have, a negative count, steps that differ
 * between ranks: refused everywhere, nothing written. */
static void bad_steps(exs_file *f)
{
    double buf[STEPS * NODES] = {0};
    int64_t lo, hi;
    slab(NODES, &lo, &hi);
    exs_var_req r = {EXS_NODAL, 0, 0, lo, hi - lo, EXS_F64, buf};
    EXS_ASSERT_RC(exs_put_var_steps_all(f, EXS_NODAL, 0, 0, 3, 3, lo, hi - lo, EXS_F64,
                                        buf), EXS_ERANGE);
    EXS_ASSERT_RC(exs_put_vars_steps_all(f, 4, 2, 1, &r), EXS_ERANGE);
    EXS_ASSERT_RC(exs_put_vars_steps_all(f, 0, -1, 1, &r), EXS_ERANGE);
    EXS_ASSERT_RC(exs_put_times_all(f, STEPS + 1, 1, EXS_F64, buf), EXS_ERANGE);
    EXS_ASSERT_RC(exs_put_times_all(f, 0, 1, EXS_I32, buf), EXS_ETYPE);
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size > 1) {
        double t = exs_test_rank % 2 ? 7.0 : 0.0;
        int trc = exs_put_times_all(f, 0, 1, EXS_F64, &t);
        EXS_ASSERT(trc != 0);
        int rc = exs_put_vars_steps_all(f, 0, 1 + exs_test_rank % 2, 1, &r);
        EXS_ASSERT(rc != 0);
        int64_t mine = rc, lo_rc = 0, hi_rc = 0;
        MPI_Allreduce(&mine, &lo_rc, 1, MPI_INT64_T, MPI_MIN, MPI_COMM_WORLD);
        MPI_Allreduce(&mine, &hi_rc, 1, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);
        EXS_ASSERT_EQ(lo_rc, hi_rc);
    }
}

static void check_file(const char *path)
{
    exs_file *f = NULL;
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    int64_t nt = 0;
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_TIMES, &nt));
    EXS_ASSERT_EQ(nt, STEPS);
    double times[STEPS];
    EXS_OK(f, exs_get_times(f, 0, STEPS, EXS_F64, times));
    for (int64_t s = 0; s < STEPS; s++)
        EXS_ASSERT_NEAR(times[s], 0.5 * (double)s, 0.0);
    static double got[STEPS * NODES];
    int64_t bad = 0;
    for (int v = 0; v < NV; v++) {
        EXS_OK(f, exs_get_var_steps(f, EXS_NODAL, 0, v, 0, STEPS, 0, NODES, EXS_F64, got));
        for (int64_t s = 0; s < STEPS; s++)
            for (int64_t i = 0; i < NODES; i++)
                bad += got[s * NODES + i] != value(1, 0, v, s, i);
    }
    for (int b = 0; b < K; b++)
        for (int v = 0; v < NV; v++) {
            EXS_OK(f, exs_get_var_steps(f, EXS_ELEM_BLOCK, 10 + b, v, 0, STEPS, 0,
                                        PER_BLOCK, EXS_F64, got));
            for (int64_t s = 0; s < STEPS; s++)
                for (int64_t i = 0; i < PER_BLOCK; i++)
                    bad += got[s * PER_BLOCK + i] != value(2, b, v, s, i);
        }
    EXS_ASSERT_EQ(bad, 0);
    EXS_OK(f, exs_close(f));
}

static void check_backend(exs_format fmt, const char *label)
{
    char path[1024], name[64];
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    snprintf(name, sizeof name, "par_steps_%s_np%d.exo", label, size);
    exs_test_tmp_path(path, sizeof path, name);
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = fmt;
    o.clobber = 1;
    exs_file *f = NULL;
    EXS_OK(f, exs_create_par(path, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (!f)
        return;
    define(f);
    write_file(f);
    bad_steps(f);
    EXS_OK(f, exs_close(f));
    MPI_Barrier(MPI_COMM_WORLD);
    check_file(path);
    MPI_Barrier(MPI_COMM_WORLD);
    if (exs_test_rank == 0)
        remove(path);
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    check_backend(EXS_FORMAT_NETCDF4, "nc4");
    check_backend(EXS_FORMAT_CDF5, "cdf5");
    return exs_test_mpi_end();
}
