/* test_par_write.c -- a model written in parallel (every rank its slabs,
 * collective calls) reads back serially exactly as the same model written
 * serially, in CDF-2 and CDF-5 (PnetCDF) and netCDF-4, plain and
 * compressed (parallel HDF5). */
#include "exs_test_mpi.h"
#include "par_model.h"

static void one_format(exs_format fmt, int deflate, const char *tag)
{
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    char ppath[1024], spath[1024], name[128], msg[512];
    snprintf(name, sizeof name, "par_write_%s_np%d.exo", tag, size);
    exs_test_tmp_path(ppath, sizeof ppath, name);
    snprintf(name, sizeof name, "ser_write_%s_np%d.exo", tag, size);
    exs_test_tmp_path(spath, sizeof spath, name);

    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = fmt;
    o.clobber = 1;
    o.deflate = deflate;
    exs_file *f = NULL;
    int rc = exs_create_par_err(ppath, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &f, msg,
                                sizeof msg);
    if (rc != 0)
        EXS_FAIL_("%s: exs_create_par -> %s: %s", tag, exs_errname(rc), msg);
    if (f) {
        int64_t par = 0;
        exs_inquire(f, EXS_INQ_PARALLEL, &par);
        EXS_ASSERT_EQ(par, 1);
        pm_define(f);
        pm_write(f, 1);
        EXS_OK(f, exs_close(f));
    }
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) {
        exs_file *s = NULL;
        EXS_OK(s, exs_create(spath, &o, &s));
        if (s) {
            pm_define(s);
            pm_write(s, 0);
            EXS_OK(s, exs_close(s));
        }
        pm_check(spath);
        pm_check(ppath);
    }
    MPI_Barrier(MPI_COMM_WORLD);
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    one_format(EXS_FORMAT_64BIT_OFFSET, 0, "cdf2");
    one_format(EXS_FORMAT_CDF5, 0, "cdf5");
    one_format(EXS_FORMAT_NETCDF4, 0, "nc4");
    one_format(EXS_FORMAT_NETCDF4, 4, "nc4z");
    return exs_test_mpi_end();
}
