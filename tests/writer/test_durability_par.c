/* test_durability_par.c -- the durability policy of docs/reliability.md on
 * the parallel backends (netCDF-4 over parallel HDF5, PnetCDF for CDF-5):
 * a default exs_close fsyncs nothing on any rank (the PnetCDF backend used
 * to call ncmpi_sync, an fsync on every rank, at each close); exs_sync
 * returns 0 on a written file and fsyncs on every rank; an EXS_SYNC close
 * fsyncs (rank 0 the temporary and the directory; ranks through their
 * storage library's sync). fsync(2)/fdatasync(2) are counted by
 * interposing them (exported from this executable, so libexoslab, MPI-IO
 * and HDF5 bind to them). Every rank reaches the same verdict. */
#define _GNU_SOURCE 1
#include <mpi.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exoslab_par.h"
#include "../parallel/exs_test_mpi.h"

static long fsync_calls;

int fsync(int fd)
{
    fsync_calls++;
    return (int)syscall(SYS_fsync, fd);
}

int fdatasync(int fd)
{
    fsync_calls++;
    return (int)syscall(SYS_fdatasync, fd);
}

enum { NODES = 40 };

static exs_file *create(const char *path, exs_format fmt, unsigned flags)
{
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = fmt;
    o.clobber = 1;
    o.flags = flags;
    exs_file *f = NULL;
    EXS_OK(f, exs_create_par(path, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    return f;
}

/* A nodal variable over two steps, each rank its share of the nodes. */
static void write_model(exs_file *f)
{
    static const char *const names[1] = {"temp"};
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int64_t lo = NODES * rank / size, n = NODES * (rank + 1) / size - lo;
    double v[NODES];
    EXS_OK(f, exs_def_mesh(f, "durability_par", 3, NODES));
    EXS_OK(f, exs_def_vars(f, EXS_NODAL, 1, names));
    EXS_OK(f, exs_end_define(f));
    for (int64_t i = 0; i < n; i++)
        v[i] = (double)(lo + i);
    for (int a = 0; a < 3; a++)
        EXS_OK(f, exs_put_coord_all(f, a, lo, n, EXS_F64, v));
    for (int64_t s = 0; s < 2; s++) {
        exs_var_req q = {EXS_NODAL, 0, 0, lo, n, EXS_F64, v};
        EXS_OK(f, exs_put_time_all(f, s, 0.5 * (double)s));
        EXS_OK(f, exs_put_vars_all(f, s, 1, &q));
    }
}

/* The smallest count over the ranks. */
static long min_over_ranks(long v)
{
    long m = v;
    MPI_Allreduce(&v, &m, 1, MPI_LONG, MPI_MIN, MPI_COMM_WORLD);
    return m;
}

static long max_over_ranks(long v)
{
    long m = v;
    MPI_Allreduce(&v, &m, 1, MPI_LONG, MPI_MAX, MPI_COMM_WORLD);
    return m;
}

static void check_read_back(const char *path)
{
    exs_file *f = NULL;
    int64_t nn = 0, nt = 0;
    EXS_OK(f, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (!f)
        return;
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_NODES, &nn));
    EXS_OK(f, exs_inquire(f, EXS_INQ_NUM_TIMES, &nt));
    EXS_ASSERT_EQ(nn, NODES);
    EXS_ASSERT_EQ(nt, 2);
    EXS_OK(f, exs_close(f));
}

static void check_backend(exs_format fmt, const char *label)
{
    char path[1024], name[64];
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    snprintf(name, sizeof name, "durability_par_%s_np%d.exo", label, size);
    exs_test_tmp_path(path, sizeof path, name);

    exs_file *f = create(path, fmt, 0);
    write_model(f);
    long before = fsync_calls;
    EXS_OK(f, exs_sync(f));
    long by_sync = min_over_ranks(fsync_calls - before);
    before = fsync_calls;
    EXS_OK(f, exs_close(f));
    long by_close = max_over_ranks(fsync_calls - before);
    if (exs_test_rank == 0)
        printf("%s: fsyncs by exs_sync >= %ld per rank, by a default close <= %ld\n",
               label, by_sync, by_close);
    EXS_ASSERT(by_sync >= 1);
    EXS_ASSERT_EQ(by_close, 0);
    check_read_back(path);

    f = create(path, fmt, EXS_SYNC);
    write_model(f);
    before = fsync_calls;
    EXS_OK(f, exs_close(f));
    long on_rank0 = fsync_calls - before;
    MPI_Bcast(&on_rank0, 1, MPI_LONG, 0, MPI_COMM_WORLD);
    if (exs_test_rank == 0)
        printf("%s: fsyncs by an EXS_SYNC close on rank 0: %ld\n", label, on_rank0);
    EXS_ASSERT(on_rank0 >= 2);
    check_read_back(path);
    MPI_Barrier(MPI_COMM_WORLD);
    if (exs_test_rank == 0)
        unlink(path);
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    check_backend(EXS_FORMAT_NETCDF4, "nc4");
    check_backend(EXS_FORMAT_CDF5, "cdf5");
    return exs_test_mpi_end();
}
