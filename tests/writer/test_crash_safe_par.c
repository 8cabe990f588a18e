/* test_crash_safe_par -- a parallel create replaces its target only once
 * every rank agreed the close succeeded: while it writes, the target is
 * the old file byte for byte; a close that fails (a coordinate component
 * missing; a full disk, netCDF-4) fails on every rank, keeps the old
 * file and leaves no temporary; a good close leaves the new file and no
 * temporary. CDF-5 (PnetCDF) and netCDF-4 (parallel HDF5), 1-4 ranks. */
#include <mpi.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "../parallel/exs_test_mpi.h"
#include "crash_common.h"
#include "exoslab_par.h"

#define G 9 /* 729 nodes */

static int rank, size;

static void slab(int64_t n, int64_t *start, int64_t *count)
{
    int64_t share = (n + size - 1) / size;
    *start = share * rank < n ? share * rank : n;
    *count = *start + share < n ? share : n - *start;
}

/* Model (G, variant) of crash_common, written collectively: each rank its
 * node slab; rank 0 the connectivity. skip_z: leave z unwritten. */
static int par_fill(exs_file *f, int variant, int skip_z)
{
    int64_t nn = (int64_t)G * G * G, ne = (int64_t)(G - 1) * (G - 1) * (G - 1), s, c;
    char title[64];
    snprintf(title, sizeof title, "crash model %d", variant);
    exs_block_def b = {10, "HEX8", ne, 8, 0, 0, 0, "hexes"};
    int rc = exs_def_mesh(f, title, 3, nn);
    if (rc == 0)
        rc = exs_def_block(f, EXS_ELEM_BLOCK, &b);
    if (rc == 0)
        rc = exs_def_vars(f, EXS_NODAL, 1, (const char *[]){"u"});
    slab(nn, &s, &c);
    double *buf = malloc((size_t)(c > 0 ? c : 1) * sizeof *buf);
    int64_t *conn = malloc((size_t)ne * 8 * sizeof *conn);
    for (int a = 0; rc == 0 && a < (skip_z ? 2 : 3); a++) {
        for (int64_t i = 0; i < c; i++)
            buf[i] = (double)((s + i) % 977) * (a + 1) + variant * 0.25;
        rc = exs_put_coord_all(f, a, s, c, EXS_F64, buf);
    }
    for (int64_t e = 0, k = 0; k < G - 1; k++)
        for (int64_t j = 0; j < G - 1; j++)
            for (int64_t i = 0; i < G - 1; i++, e++) {
                int64_t n0 = k * G * G + j * G + i + 1;
                int64_t v[8] = {n0, n0 + 1, n0 + 1 + G, n0 + G, n0 + G * G,
                                n0 + 1 + G * G, n0 + 1 + G + G * G, n0 + G + G * G};
                memcpy(conn + e * 8, v, sizeof v);
            }
    if (rc == 0)
        rc = exs_put_conn_all(f, EXS_ELEM_BLOCK, 10, EXS_CONN_NODES, 0,
                              rank == 0 ? ne : 0, EXS_I64, conn);
    for (int st = 0; rc == 0 && st < CRASH_STEPS; st++) {
        for (int64_t i = 0; i < c; i++)
            buf[i] = (double)(s + i) * 0.5 + st * 100.0 + variant;
        rc = exs_put_time_all(f, st, st * 0.5 + variant);
        if (rc == 0)
            rc = exs_put_var_all(f, EXS_NODAL, 0, 0, st, s, c, EXS_F64, buf);
    }
    free(buf);
    free(conn);
    return rc;
}

/* Rank 0's view of the target, shared so every rank asserts the same;
 * temps: the temporaries expected beside it. */
static int target_is(const char *path, uint64_t h, int variant, int temps)
{
    long sz;
    int ok = 0;
    if (rank == 0)
        ok = crash_hash(path, &sz) == h && crash_check(path, G, variant) &&
             crash_count_temps(path) == temps;
    MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return ok;
}

static uint64_t write_old(const char *path, exs_format fmt)
{
    long sz;
    uint64_t h = 0;
    if (rank == 0) {
        EXS_OK(NULL, crash_write(path, fmt, 1, G, 1, 0));
        h = crash_hash(path, &sz);
    }
    MPI_Bcast(&h, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    return h;
}

static void one_format(exs_format fmt, const char *tag)
{
    char path[512], name[64], msg[512];
    exs_file *f = NULL;
    exs_create_opts o;
    snprintf(name, sizeof name, "crash_par_%s_np%d.exo", tag, size);
    exs_test_tmp_path(path, sizeof path, name);
    uint64_t h_old = write_old(path, fmt);
    exs_create_opts_init(&o);
    o.format = fmt;
    o.clobber = 1;

    /* A good replacement: the old file until close, the new one after. */
    EXS_OK(f, exs_create_par(path, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (!f)
        return;
    EXS_OK(f, par_fill(f, 2, 0));
    EXS_ASSERT(target_is(path, h_old, 1, 1));
    EXS_OK(f, exs_close(f));
    int ok = rank == 0 ? crash_check(path, G, 2) && crash_count_temps(path) == 0 : 0;
    MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
    EXS_ASSERT(ok);

    /* A close that fails everywhere: z never written. */
    h_old = write_old(path, fmt);
    EXS_OK(f, exs_create_par(path, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (!f)
        return;
    EXS_OK(f, par_fill(f, 3, 1));
    int rc = exs_close_err(f, msg, sizeof msg);
    EXS_ASSERT_EQ(rc, EXS_EINVAL);
    EXS_ASSERT(strstr(msg, "coordinate z") != NULL);
    EXS_ASSERT(target_is(path, h_old, 1, 0));

    /* A full disk (every rank's writes fail): every rank fails at the
     * latest at close, and the old file stays. Not on PnetCDF: Open MPI's
     * ompio returns the error of MPI_File_sync on the failing rank without
     * entering the barrier the others wait in, so 3+ ranks hang inside
     * MPI (docs/reliability.md). */
    if (fmt != EXS_FORMAT_NETCDF4)
        return;
    EXS_OK(f, exs_create_par(path, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (!f)
        return;
    struct rlimit old_rl;
    getrlimit(RLIMIT_FSIZE, &old_rl);
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {4096, old_rl.rlim_max};
    setrlimit(RLIMIT_FSIZE, &rl); /* every rank: whichever writes fails */
    rc = par_fill(f, 4, 0);
    int crc = exs_close_err(f, msg, sizeof msg);
    setrlimit(RLIMIT_FSIZE, &old_rl);
    if (rank == 0)
        printf("%s np%d full disk: fill %s, close %s: %s\n", tag, size,
               exs_errname(rc), exs_errname(crc), msg);
    EXS_ASSERT(crc != 0);
    EXS_ASSERT(rc == 0 || crc == rc);
    EXS_ASSERT(strstr(msg, exs_errname(crc)) != NULL);
    EXS_ASSERT(target_is(path, h_old, 1, 0));
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    one_format(EXS_FORMAT_CDF5, "cdf5");
    one_format(EXS_FORMAT_NETCDF4, "nc4");
    return exs_test_mpi_end();
}
