/* test_step_allreduce.c -- the MPI_Allreduce calls one output step costs
 * must not grow with the square of the number of variables. netCDF-C asks
 * every record variable's length with an allreduce when the record
 * dimension's length is queried in a parallel netCDF-4 file, so a writer
 * that queries it per record write pays (blocks x variables)^2. This
 * program counts MPI_Allreduce through the profiling interface for a step
 * of V = 1 and V = 16 element variables on K blocks, on both backends, and
 * asserts the cost per variable stays flat: PnetCDF's batched step makes
 * the same few calls whatever the count; HDF5 (1.10, no multi-dataset
 * write) makes a handful of its own collective calls per dataset written,
 * so on netCDF-4 each further variable may add at most PER_VAR_MAX. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "exoslab_par.h"
#include "exs_test_mpi.h"

enum { K = 4, PER_BLOCK = 64, NODES = 300, V_SMALL = 1, V_LARGE = 16, PER_VAR_MAX = 6 };

static long allreduce_calls;

/* Interposed: the executable's definition wins over libmpi's for every
 * caller in the process (CMake builds this test with exported symbols). */
int MPI_Allreduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype type,
                  MPI_Op op, MPI_Comm comm)
{
    allreduce_calls++;
    return PMPI_Allreduce(sendbuf, recvbuf, count, type, op, comm);
}

static void define(exs_file *f, int nvars)
{
    char names[V_LARGE][16];
    const char *np[V_LARGE];
    for (int v = 0; v < nvars; v++) {
        snprintf(names[v], sizeof names[v], "q%d", v);
        np[v] = names[v];
    }
    EXS_OK(f, exs_def_mesh(f, "step_allreduce", 3, NODES));
    for (int b = 0; b < K; b++) {
        exs_block_def d = {.id = 1 + b, .type = "HEX8", .num_entries = PER_BLOCK,
                           .nodes_per_entry = 8};
        EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &d));
    }
    EXS_OK(f, exs_def_vars(f, EXS_ELEM_BLOCK, nvars, np));
    EXS_OK(f, exs_end_define(f));
}

/* Allreduce calls made by writing two steps of nvars variables on every
 * block, each rank writing its share of each block. */
static long step_cost(exs_format fmt, int nvars, const char *path)
{
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = fmt;
    o.clobber = 1;
    exs_file *f = NULL;
    EXS_OK(f, exs_create_par(path, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (!f)
        return -1;
    define(f, nvars);
    int64_t lo = PER_BLOCK * rank / size, hi = PER_BLOCK * (rank + 1) / size;
    double vals[PER_BLOCK];
    exs_var_req r[K * V_LARGE];
    long cost = 0;
    for (int64_t step = 0; step < 2; step++) {
        int n = 0;
        for (int b = 0; b < K; b++)
            for (int v = 0; v < nvars; v++)
                r[n++] = (exs_var_req){EXS_ELEM_BLOCK, 1 + b, v, lo, hi - lo, EXS_F64, vals};
        for (int64_t i = 0; i < PER_BLOCK; i++)
            vals[i] = (double)(step * 1000 + i);
        long before = allreduce_calls;
        EXS_OK(f, exs_put_time_all(f, step, (double)step));
        EXS_OK(f, exs_put_vars_all(f, step, n, r));
        cost = allreduce_calls - before; /* the second step: steady state */
    }
    EXS_OK(f, exs_close(f));
    return cost;
}

static void check_backend(exs_format fmt, const char *label)
{
    char path[1024], name[64];
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    snprintf(name, sizeof name, "step_allreduce_%s_np%d.exo", label, size);
    exs_test_tmp_path(path, sizeof path, name);
    long small = step_cost(fmt, V_SMALL, path);
    long large = step_cost(fmt, V_LARGE, path);
    if (exs_test_rank == 0)
        printf("%s: allreduce per step: %ld at %d variables, %ld at %d\n", label, small,
               K * V_SMALL, large, K * V_LARGE);
    /* Quadratic growth (the defect) made 8,711 calls at 64 variables. */
    EXS_ASSERT(small >= 0 && large >= 0);
    long per_var_max = fmt == EXS_FORMAT_CDF5 ? 0 : PER_VAR_MAX;
    EXS_ASSERT(large <= small + per_var_max * K * (V_LARGE - V_SMALL));
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    check_backend(EXS_FORMAT_NETCDF4, "nc4");
    check_backend(EXS_FORMAT_CDF5, "cdf5");
    return exs_test_mpi_end();
}
