/* test_par_model_x.c -- assemblies, blobs, reduction variables and frames
 * written collectively (each rank its slab of members, variables and
 * frames, through the _all forms) into one file, netCDF-4 and CDF-5, then
 * read collectively: every rank's slab equals the serial read of the same
 * slab and the values written. */
#include <mpi.h>

#include "exoslab_par.h"
#include "exs_test_mpi.h"

enum { NMEM = 10, NRED = 3, NFR = 4, NBLOB = 5, NSTEPS = 2 };

static int rank, size;

static void share(int64_t n, int64_t *lo, int64_t *cnt)
{
    int64_t per = (n + size - 1) / size;
    *lo = per * rank < n ? per * rank : n;
    *cnt = *lo + per < n ? per : n - *lo;
}

static double rv(int64_t s, int64_t j, int64_t id) { return 100.0 * s + j + 0.5 * id; }

static void define(exs_file *f)
{
    exs_block_def b = {.id = 1, .type = "SPHERE", .num_entries = 1, .nodes_per_entry = 1};
    EXS_OK(f, exs_def_mesh(f, "par", 1, 1));
    EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
    EXS_OK(f, exs_def_assembly(f, 7, "big", EXS_ELEM_BLOCK, NMEM));
    EXS_OK(f, exs_def_assembly(f, 8, "top", EXS_ASSEMBLY, 1));
    EXS_OK(f, exs_def_blob(f, 3, "b", NBLOB));
    EXS_OK(f, exs_def_blob_vars(f, 1, (const char *const[]){"bv"}));
    EXS_OK(f, exs_def_red_vars(f, EXS_ASSEMBLY, NRED,
                               (const char *const[]){"r0", "r1", "r2"}));
    EXS_OK(f, exs_def_red_vars(f, EXS_ELEM_BLOCK, NRED,
                               (const char *const[]){"e0", "e1", "e2"}));
    EXS_OK(f, exs_def_frames(f, NFR));
}

static void write_all(exs_file *f)
{
    int64_t lo, n, mem[NMEM], fid[NFR], one = 1;
    double v[NMEM], c[9 * NFR], x = 0;
    char tags[NFR];
    EXS_OK(f, exs_put_coord_all(f, 0, 0, rank == 0, EXS_F64, &x));
    EXS_OK(f, exs_put_conn_all(f, EXS_ELEM_BLOCK, 1, EXS_CONN_NODES, 0, rank == 0,
                               EXS_I64, &one));
    share(NMEM, &lo, &n);
    for (int64_t i = 0; i < n; i++)
        mem[i] = 1000 + lo + i;
    EXS_OK(f, exs_put_assembly_members_all(f, 7, lo, n, EXS_I64, mem));
    int64_t top = 7;
    EXS_OK(f, exs_put_assembly_members_all(f, 8, 0, rank == 0, EXS_I64, &top));
    share(NFR, &lo, &n);
    for (int64_t i = 0; i < n; i++) {
        fid[i] = 10 + lo + i;
        tags[i] = "RCS"[(lo + i) % 3];
        for (int k = 0; k < 9; k++)
            c[9 * i + k] = (double)(lo + i) + 0.1 * k;
    }
    EXS_OK(f, exs_put_frames_all(f, lo, n, fid, EXS_F64, c, tags));
    for (int64_t s = 0; s < NSTEPS; s++) {
        EXS_OK(f, exs_put_time_all(f, s, (double)s));
        share(NRED, &lo, &n);
        for (int64_t id = 7; id <= 8; id++) {
            for (int64_t j = 0; j < n; j++)
                v[j] = rv(s, lo + j, id);
            EXS_OK(f, exs_put_red_vars_all(f, EXS_ASSEMBLY, id, s, lo, n, EXS_F64, v));
        }
        for (int64_t j = 0; j < n; j++)
            v[j] = rv(s, lo + j, 1);
        EXS_OK(f, exs_put_red_vars_all(f, EXS_ELEM_BLOCK, 1, s, lo, n, EXS_F64, v));
        share(NBLOB, &lo, &n);
        for (int64_t j = 0; j < n; j++)
            v[j] = rv(s, lo + j, 3);
        EXS_OK(f, exs_put_blob_var_all(f, 3, 0, s, lo, n, EXS_F64, v));
    }
}

static void compare(exs_file *p, exs_file *s)
{
    int64_t lo, n, a[NMEM], b[NMEM], ia[NFR], ib[NFR];
    double da[9 * NFR], db[9 * NFR];
    char ta[NFR], tb[NFR];
    share(NMEM, &lo, &n);
    EXS_OK(p, exs_get_assembly_members_all(p, 7, lo, n, EXS_I64, a));
    EXS_OK(s, exs_get_assembly_members(s, 7, lo, n, EXS_I64, b));
    for (int64_t i = 0; i < n; i++) {
        EXS_ASSERT_EQ(a[i], b[i]);
        EXS_ASSERT_EQ(a[i], 1000 + lo + i);
    }
    EXS_OK(p, exs_get_assembly_members_all(p, 8, 0, rank == 0, EXS_I64, a));
    if (rank == 0)
        EXS_ASSERT_EQ(a[0], 7);
    share(NFR, &lo, &n);
    EXS_OK(p, exs_get_frames_all(p, lo, n, ia, EXS_F64, da, ta));
    EXS_OK(s, exs_get_frames(s, lo, n, ib, EXS_F64, db, tb));
    for (int64_t i = 0; i < n; i++) {
        EXS_ASSERT_EQ(ia[i], ib[i]);
        EXS_ASSERT_EQ(ia[i], 10 + lo + i);
        EXS_ASSERT_EQ(ta[i], tb[i]);
        EXS_ASSERT_EQ(ta[i], "RCS"[(lo + i) % 3]);
        for (int k = 0; k < 9; k++)
            EXS_ASSERT_NEAR(da[9 * i + k], db[9 * i + k], 0);
    }
    for (int64_t st = 0; st < NSTEPS; st++) {
        share(NRED, &lo, &n);
        for (int64_t id = 7; id <= 8; id++) {
            EXS_OK(p, exs_get_red_vars_all(p, EXS_ASSEMBLY, id, st, lo, n, EXS_F64, da));
            EXS_OK(s, exs_get_red_vars(s, EXS_ASSEMBLY, id, st, lo, n, EXS_F64, db));
            for (int64_t j = 0; j < n; j++) {
                EXS_ASSERT_NEAR(da[j], db[j], 0);
                EXS_ASSERT_NEAR(da[j], rv(st, lo + j, id), 1e-12);
            }
        }
        EXS_OK(p, exs_get_red_vars_all(p, EXS_ELEM_BLOCK, 1, st, lo, n, EXS_F64, da));
        for (int64_t j = 0; j < n; j++)
            EXS_ASSERT_NEAR(da[j], rv(st, lo + j, 1), 1e-12);
        share(NBLOB, &lo, &n);
        EXS_OK(p, exs_get_blob_var_all(p, 3, 0, st, lo, n, EXS_F64, da));
        EXS_OK(s, exs_get_blob_var(s, 3, 0, st, lo, n, EXS_F64, db));
        for (int64_t j = 0; j < n; j++) {
            EXS_ASSERT_NEAR(da[j], db[j], 0);
            EXS_ASSERT_NEAR(da[j], rv(st, lo + j, 3), 1e-12);
        }
    }
    /* an unknown id fails on every rank, nobody waits */
    EXS_ASSERT_RC(exs_get_assembly_members_all(p, 99, 0, 0, EXS_I64, a), EXS_ENOTFOUND);
    /* one rank alone on another assembly: every rank is told */
    int rc = exs_get_assembly_members_all(p, rank == size - 1 && size > 1 ? 8 : 7, 0, 0,
                                          EXS_I64, a);
    EXS_ASSERT_EQ(rc, size > 1 ? EXS_ECOLLECTIVE : 0);
}

static void one_format(exs_format fmt, const char *tag)
{
    char path[512], name[64];
    exs_create_opts o;
    exs_file *f = NULL, *p = NULL, *s = NULL;
    exs_create_opts_init(&o);
    o.format = fmt;
    o.clobber = 1;
    snprintf(name, sizeof name, "par_model_x_%s_%d.exo", tag, size);
    exs_test_tmp_path(path, sizeof path, name);
    EXS_OK(f, exs_create_par(path, &o, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (!f)
        return;
    define(f);
    write_all(f);
    EXS_OK(f, exs_close(f));
    EXS_OK(p, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &p));
    EXS_OK(s, exs_open(path, EXS_READ, &s));
    if (p && s)
        compare(p, s);
    exs_close(s);
    EXS_OK(p, exs_close(p));
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    one_format(EXS_FORMAT_NETCDF4, "nc4");
    one_format(EXS_FORMAT_CDF5, "cdf5");
    return exs_test_mpi_end();
}
