/* test_collective_guard.c -- ranks that make different collective calls,
 * or the same call on different entities, get EXS_ECOLLECTIVE on every
 * rank (with one message, naming the call) instead of a hang (the CTest
 * timeout is the hang detector), on both parallel backends. After the
 * refused call the handle still works: a matched call reads the right
 * values. At 1 rank every call is matched and succeeds. */
#include <string.h>

#include "exs_test_mpi.h"
#include "par_model.h"

static int rank, size;

static int odd(void) { return rank % 2 == 1; }

/* Every rank returned `want` (EXS_ECOLLECTIVE when there are odd ranks,
 * else 0) and, on failure, the same message naming the calls. */
static void verdict(const char *label, exs_file *f, int rc)
{
    int want = size > 1 ? EXS_ECOLLECTIVE : 0, lo = 0, hi = 0;
    MPI_Allreduce(&rc, &lo, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(&rc, &hi, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (lo != want || hi != want)
        EXS_FAIL_("%s: codes %d..%d (%s here: %s), expected %d %s", label, lo, hi,
                  exs_errname(rc), exs_errmsg(f), want, exs_errname(want));
    if (want && !strstr(exs_errmsg(f), "rank 1: ranks made different collective calls"))
        EXS_FAIL_("%s: message \"%s\" does not name rank 1's call", label,
                  exs_errmsg(f));
}

/* A matched call after a refused one: the handle still reads. */
static void still_works(exs_file *f)
{
    double x[2] = {-1, -1};
    EXS_OK(f, exs_get_coord_all(f, 1, 5, 2, EXS_F64, x));
    EXS_ASSERT_NEAR(x[0], pm_coord(1, 5), 1e-12);
    EXS_ASSERT_NEAR(x[1], pm_coord(1, 6), 1e-12);
}

static void cases(exs_file *f)
{
    int64_t conn[PM_NPE * 2] = {0};
    double buf[PM_NODES];
    /* the same call on different blocks */
    int rc = exs_get_conn_all(f, EXS_ELEM_BLOCK, odd() ? 11 : 10, EXS_CONN_NODES, 0, 2,
                              EXS_I64, conn);
    verdict("connectivity of another block", f, rc);
    still_works(f);
    /* different calls */
    rc = odd() ? exs_get_coord_all(f, 0, 0, 2, EXS_F64, buf)
               : exs_get_conn_all(f, EXS_ELEM_BLOCK, 10, EXS_CONN_NODES, 0, 2, EXS_I64,
                                  conn);
    verdict("coordinates against connectivity", f, rc);
    still_works(f);
    /* another coordinate axis */
    rc = exs_get_coord_all(f, odd() ? 2 : 0, 0, 3, EXS_F64, buf);
    verdict("another axis", f, rc);
    /* another variable */
    rc = exs_get_var_all(f, EXS_NODAL, 0, odd() ? 1 : 0, 0, 0, 4, EXS_F64, buf);
    verdict("another nodal variable", f, rc);
    /* a batch against a single call */
    exs_var_req r = {EXS_NODAL, 0, 0, 0, 4, EXS_F64, buf};
    rc = odd() ? exs_get_vars_all(f, 0, 1, &r) : exs_get_coord_all(f, 0, 0, 4, EXS_F64, buf);
    verdict("batch against a single call", f, rc);
    /* the element slab's connectivity against one block's */
    rc = odd() ? exs_get_elem_conn_all(f, 0, 1, EXS_I64, conn)
               : exs_get_conn_all(f, EXS_ELEM_BLOCK, 10, EXS_CONN_NODES, 0, 1, EXS_I64,
                                  conn);
    verdict("element slab against a block", f, rc);
    still_works(f);
}

static void run(exs_format fmt, const char *tag)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/guard-%s-%d.exo", exs_test_tmp_dir(), tag, size);
    if (rank == 0) { /* written serially: the guard is about reading it */
        exs_create_opts o;
        exs_create_opts_init(&o);
        o.format = fmt;
        o.clobber = 1;
        exs_file *w = NULL;
        EXS_OK(w, exs_create(path, &o, &w));
        if (w) {
            pm_define(w);
            pm_write(w, 0);
            EXS_OK(w, exs_close(w));
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
    exs_file *f = NULL;
    EXS_OK(f, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (f)
        cases(f);
    EXS_OK(f, exs_close(f));
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    run(EXS_FORMAT_NETCDF4, "nc4");
    run(EXS_FORMAT_CDF5, "cdf5");
    return exs_test_mpi_end();
}
