/* test_par_errors.c -- a failure on one rank is an error on every rank,
 * with the same code and the failing rank's message; nobody hangs. */
#include <unistd.h>

#include "exs_test_mpi.h"
#include "par_model.h"

static int rank, size;

static const char *corpus(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", exs_test_corpus_dir(), name);
    return buf;
}

/* Rank 1 (or the only rank) does not find the file: every rank names the
 * same relative path, but rank 1 runs in a directory that lacks it (a
 * different path string would be a disagreement: test_par_fail). */
static void missing_file(void)
{
    char msg[512], here[1024];
    exs_file *f = NULL;
    int failing = size > 1 ? 1 : 0;
    EXS_ASSERT(getcwd(here, sizeof here) != NULL);
    EXS_ASSERT_EQ(chdir(rank == failing ? exs_test_tmp_dir() : exs_test_corpus_dir()), 0);
    int rc = exs_open_par_err("libmesh__read_exodus_HEX20.e", EXS_READ, MPI_COMM_WORLD,
                              MPI_INFO_NULL, &f, msg, sizeof msg);
    EXS_ASSERT_EQ(chdir(here), 0);
    EXS_ASSERT_EQ(rc, EXS_ENOFILE);
    EXS_ASSERT(f == NULL);
    char want[32];
    /* one rank: no agreement, so no prefix */
    snprintf(want, sizeof want, size > 1 ? "rank %d: " : "", failing);
    if (strncmp(msg, want, strlen(want)) != 0 || !strstr(msg, "HEX20") ||
        strstr(msg + strlen(want), "rank "))
        EXS_FAIL_("message \"%s\" does not name rank %d's file once", msg, failing);
}

/* The last rank asks for a slab past the end; both backends. */
static void out_of_range(const char *name)
{
    char path[1024];
    exs_file *f = NULL;
    double buf[64];
    EXS_OK(f, exs_open_par(corpus(path, sizeof path, name), EXS_READ, MPI_COMM_WORLD,
                           MPI_INFO_NULL, &f));
    if (!f)
        return;
    int64_t nn = 0;
    exs_inquire(f, EXS_INQ_NUM_NODES, &nn);
    int64_t start = rank == size - 1 ? nn - 1 : 0, count = rank == size - 1 ? 5 : 1;
    EXS_ASSERT_RC(exs_get_coord_all(f, 0, start, count, EXS_F64, buf), EXS_ERANGE);
    if (size > 1)
        EXS_ASSERT(strstr(exs_errmsg(f), "rank ") == exs_errmsg(f));
    EXS_ASSERT(strstr(exs_errmsg(f), "outside") != NULL);
    /* a wrong buffer type on rank 0 only */
    exs_var_req r = {EXS_NODAL, 0, 0, 0, 1, rank == 0 ? EXS_I32 : EXS_F64, buf};
    int nv = 0;
    exs_num_vars(f, EXS_NODAL, &nv);
    if (nv > 0)
        EXS_ASSERT_RC(exs_get_vars_all(f, 0, 1, &r), EXS_ETYPE);
    /* the handle still works for everyone afterwards */
    EXS_OK(f, exs_get_coord_all(f, 0, 0, rank == 0 ? 1 : 0, EXS_F64, buf));
    EXS_OK(f, exs_close(f));
}

/* Writes: a read-only handle refuses on all ranks; a slab past the end
 * on one rank fails on all. */
static void write_errors(void)
{
    char path[1024], name[64];
    double buf[8] = {0};
    exs_file *f = NULL;
    EXS_OK(f, exs_open_par(corpus(path, sizeof path, "libmesh__read_exodus_HEX20.e"),
                           EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (f) {
        EXS_ASSERT_RC(exs_put_coord_all(f, 0, 0, 1, EXS_F64, buf), EXS_EMODE);
        EXS_OK(f, exs_close(f));
    }
    snprintf(name, sizeof name, "par_errors_np%d.exo", size);
    exs_test_tmp_path(path, sizeof path, name);
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = EXS_FORMAT_CDF5;
    o.clobber = 1;
    EXS_OK(f, exs_create_par(path, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (!f)
        return;
    pm_define(f);
    int64_t start = rank == size - 1 ? PM_NODES : 0;
    EXS_ASSERT_RC(exs_put_coord_all(f, 1, start, 1, EXS_F64, buf), EXS_ERANGE);
    EXS_OK(f, exs_close(f));
    /* clobber 0 on an existing file: every rank gets EXS_EEXIST */
    o.clobber = 0;
    EXS_ASSERT_RC(exs_create_par(path, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &f),
                  EXS_EEXIST);
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    missing_file();
    out_of_range("libmesh__read_exodus_HEX20.e");          /* CDF-2: PnetCDF */
    out_of_range("derived__block_crush_1.nc4z.ex2");       /* netCDF-4 */
    write_errors();
    return exs_test_mpi_end();
}
