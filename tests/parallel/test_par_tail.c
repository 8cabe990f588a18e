/* test_par_tail.c -- a classic file written in parallel reads back when
 * its tail holds nothing written. PnetCDF's close, unlike netCDF-C's,
 * does not extend the file over the final padding of the last fixed-size
 * variable, nor over record variables not written at the last step; the
 * writer's read-back check then took such a file for a truncated one and
 * discarded it (EXS_EWRITE). Two cases, on CDF-5 and CDF-2:
 *   - no time step, the last fixed-size variable not a multiple of 4
 *     bytes (one nodal variable's name);
 *   - two nodal variables, the second never written at the last step:
 *     it reads back as zeros, and the first as written. */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

#include "exoslab_par.h"
#include "exs_test_mpi.h"

enum { NODES = 50 };

static exs_file *create(const char *path, exs_format fmt, int nvars)
{
    static const char *names[] = {"u", "v"};
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = fmt;
    o.clobber = 1;
    exs_file *f = NULL;
    EXS_OK(f, exs_create_par(path, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (!f)
        return NULL;
    EXS_OK(f, exs_def_mesh(f, "tail", 1, NODES));
    EXS_OK(f, exs_def_vars(f, EXS_NODAL, nvars, names));
    EXS_OK(f, exs_end_define(f));
    return f;
}

static void slab(int64_t *lo, int64_t *n)
{
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    *lo = NODES * rank / size;
    *n = NODES * (rank + 1) / size - *lo;
}

static void no_steps(exs_format fmt, const char *path)
{
    exs_file *f = create(path, fmt, 1);
    if (f)
        EXS_OK(f, exs_close(f));
    exs_file *g = NULL;
    int64_t nt = -1;
    EXS_OK(g, exs_open(path, EXS_READ, &g));
    if (g) {
        EXS_OK(g, exs_inquire(g, EXS_INQ_NUM_TIMES, &nt));
        exs_close(g);
    }
    EXS_ASSERT_EQ(nt, 0);
}

static void half_last_step(exs_format fmt, const char *path)
{
    double u[NODES], got[NODES];
    int64_t lo, n;
    slab(&lo, &n);
    for (int64_t i = 0; i < n; i++)
        u[i] = 1.5 + (double)(lo + i);
    exs_file *f = create(path, fmt, 2);
    if (f) {
        EXS_OK(f, exs_put_time_all(f, 0, 0.25));
        EXS_OK(f, exs_put_var_all(f, EXS_NODAL, 0, 0, 0, lo, n, EXS_F64, u));
        EXS_OK(f, exs_close(f));
    }
    exs_file *g = NULL;
    EXS_OK(g, exs_open(path, EXS_READ, &g));
    if (!g)
        return;
    EXS_OK(g, exs_get_var(g, EXS_NODAL, 0, 0, 0, 0, NODES, EXS_F64, got));
    for (int64_t i = 0; i < NODES; i++)
        EXS_ASSERT_NEAR(got[i], 1.5 + (double)i, 0);
    memset(got, 0xff, sizeof got);
    EXS_OK(g, exs_get_var(g, EXS_NODAL, 0, 1, 0, 0, NODES, EXS_F64, got));
    for (int64_t i = 0; i < NODES; i++)
        EXS_ASSERT_NEAR(got[i], 0.0, 0);
    exs_close(g);
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    static const struct { exs_format fmt; const char *tag; } fmts[] = {
        {EXS_FORMAT_CDF5, "cdf5"}, {EXS_FORMAT_64BIT_OFFSET, "cdf2"}};
    char path[1024], name[64];
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    for (int k = 0; k < 2; k++) {
        snprintf(name, sizeof name, "par_tail_none_%s_np%d.exo", fmts[k].tag, size);
        exs_test_tmp_path(path, sizeof path, name);
        no_steps(fmts[k].fmt, path);
        snprintf(name, sizeof name, "par_tail_half_%s_np%d.exo", fmts[k].tag, size);
        exs_test_tmp_path(path, sizeof path, name);
        half_last_step(fmts[k].fmt, path);
    }
    return exs_test_mpi_end();
}
