/* test_par_errctx.c -- a collective failure reads the same on every rank
 * as the serial failure it came from, with "rank R: " in front once (more
 * than one rank), R the failing rank: a collective read, the gather (a
 * collective made of collectives), and the parallel constructors' _err
 * forms; a collective that then succeeds leaves no stale message. */
#include <unistd.h>

#include "exoslab_par.h"
#include "exs_test_mpi.h"

#define HEX20 "libmesh__read_exodus_HEX20.e"

static int rank, size;

/* "rank R: " + the serial text, or the serial text on one rank. */
static void want_par(char *buf, size_t cap, int failing, const char *serial)
{
    if (size > 1)
        snprintf(buf, cap, "rank %d: %s", failing, serial);
    else
        snprintf(buf, cap, "%s", serial);
}

/* Every rank holds exactly `want`. */
static void same_everywhere(const exs_file *f, const char *want)
{
    EXS_ASSERT_STREQ(exs_errmsg(f), want);
}

static void read_failure(const char *path)
{
    exs_file *f = NULL, *s = NULL;
    double buf[4];
    char serial[1200], want[1300];
    int failing = size - 1;
    EXS_OK(s, exs_open(path, EXS_READ, &s));
    EXS_OK(f, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (!f || !s)
        goto out;
    /* the serial text of the same failure: a slab past the end */
    int64_t nn = 0;
    exs_inquire(f, EXS_INQ_NUM_NODES, &nn);
    EXS_ASSERT_RC(exs_get_coord(s, 0, nn - 1, 4, EXS_F64, buf), EXS_ERANGE);
    snprintf(serial, sizeof serial, "%s", exs_errmsg(s));
    int64_t start = rank == failing ? nn - 1 : 0, count = rank == failing ? 4 : 1;
    EXS_ASSERT_RC(exs_get_coord_all(f, 0, start, count, EXS_F64, buf), EXS_ERANGE);
    want_par(want, sizeof want, failing, serial);
    same_everywhere(f, want);
    EXS_ASSERT_EQ(exs_errcode(f), EXS_ERANGE);
    /* then a success: nothing stale */
    EXS_OK(f, exs_get_coord_all(f, 0, 0, 1, EXS_F64, buf));
    same_everywhere(f, "");
    EXS_ASSERT_EQ(exs_errcode(f), 0);
out:
    exs_close(s);
    exs_close(f);
}

/* The gather agrees inside and again at its end: the rank is named once. */
static void gather_failure(const char *path)
{
    exs_file *f = NULL;
    exs_partition p;
    char serial[1200], want[1300];
    int64_t nn = 0, nodes[1];
    double v[1];
    int failing = size > 1 ? 1 : 0;
    EXS_OK(f, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (!f)
        return;
    exs_inquire(f, EXS_INQ_NUM_NODES, &nn);
    EXS_OK(f, exs_get_partition(f, 0, &p));
    nodes[0] = rank == failing ? nn + 7 : 1;
    EXS_ASSERT_RC(exs_gather_nodal_all(f, &p, EXS_FIELD_COORD, 0, 0, 1, nodes, v),
                  EXS_ERANGE);
    snprintf(serial, sizeof serial, "%s: node %lld outside 1..%lld (EXS_ERANGE)", path,
             (long long)nn + 7, (long long)nn);
    want_par(want, sizeof want, failing, serial);
    same_everywhere(f, want);
    nodes[0] = 1;
    EXS_OK(f, exs_gather_nodal_all(f, &p, EXS_FIELD_COORD, 0, 0, 1, nodes, v));
    same_everywhere(f, "");
    EXS_OK(f, exs_close(f));
}

/* The parallel constructors' _err forms, before and after a handle. */
static void constructors(const char *path)
{
    char msg[1200], want[1300], serial[1200];
    exs_file *f = NULL;
    EXS_ASSERT_RC(exs_open_par_err(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, NULL,
                                   msg, sizeof msg), EXS_EINVAL);
    EXS_ASSERT_STREQ(msg, "exs_open_par: f is NULL (EXS_EINVAL)");
    EXS_ASSERT_RC(exs_create_par_err(path, NULL, MPI_COMM_WORLD, MPI_INFO_NULL, NULL,
                                     msg, sizeof msg), EXS_EINVAL);
    EXS_ASSERT_STREQ(msg, "exs_create_par: f is NULL (EXS_EINVAL)");
    /* every rank refuses a NULL path: rank 0 names it */
    EXS_ASSERT_RC(exs_create_par_err(NULL, NULL, MPI_COMM_WORLD, MPI_INFO_NULL, &f, msg,
                                     sizeof msg), EXS_EINVAL);
    EXS_ASSERT(f == NULL);
    want_par(want, sizeof want, 0, "(no file): exs_create_par: path is NULL (EXS_EINVAL)");
    EXS_ASSERT_STREQ(msg, want);
    /* a missing file, as the serial open says it, on every rank */
    char missing[1100];
    snprintf(missing, sizeof missing, "%s.missing", path);
    EXS_ASSERT(exs_open_err(missing, EXS_READ, &f, serial, sizeof serial) < 0);
    int rc = exs_open_par_err(missing, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f, msg,
                              sizeof msg);
    EXS_ASSERT(rc < 0 && f == NULL);
    want_par(want, sizeof want, 0, serial);
    EXS_ASSERT_STREQ(msg, want);
}

int main(int argc, char **argv)
{
    char path[1024];
    exs_test_mpi_init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(), HEX20);
    if (access(path, R_OK) == 0) {
        read_failure(path);
        gather_failure(path);
        constructors(path);
    } else if (rank == 0) {
        printf("SKIP: no corpus file %s\n", path);
    }
    return exs_test_mpi_end();
}
