/* test_copy_par.c -- exs_copy_all: a collective copy (every rank its
 * chunk-aligned slabs) of real files into netCDF-4 (parallel HDF5) and
 * CDF-5 (PnetCDF) reads back, value for value through exoslab, as the
 * serial exs_copy of the same file; with options (steps, blocks) too. */
#include "exoslab_par.h"
#include "exs_test_mpi.h"
#include "../writer/copy_compare.h"

/* src copied collectively into par_path and serially (rank 0) into ser_path. */
static void copy_both(const char *src, const char *tag, exs_format fmt,
                      const exs_copy_opts *o)
{
    int rank = 0, size = 1;
    char ppath[1024], spath[1024], name[256], msg[512];
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    snprintf(name, sizeof name, "copy_par_%s_np%d.exo", tag, size);
    exs_test_tmp_path(ppath, sizeof ppath, name);
    snprintf(name, sizeof name, "copy_ser_%s_np%d.exo", tag, size);
    exs_test_tmp_path(spath, sizeof spath, name);
    exs_file *s = NULL, *d = NULL;
    exs_create_opts co;
    exs_create_opts_init(&co);
    co.format = fmt;
    co.clobber = 1;
    int rc = exs_open_par_err(src, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &s, msg,
                              sizeof msg);
    if (rc != 0)
        EXS_FAIL_("%s: exs_open_par -> %s: %s", tag, exs_errname(rc), msg);
    if (s) {
        int64_t i64 = 0;
        exs_inquire(s, EXS_INQ_INT_SIZE, &i64);
        co.int64 = i64 == 8;
        EXS_OK(s, exs_create_par(ppath, &co, MPI_COMM_WORLD, MPI_INFO_NULL, &d));
        EXS_OK(d, exs_copy_all(s, d, o));
        EXS_OK(d, exs_close(d));
        EXS_OK(s, exs_close(s));
    }
    if (rank == 0) {
        exs_file *f = NULL;
        exs_copy_opts so = *o;
        so.format = fmt;
        so.clobber = 1;
        EXS_OK(f, exs_open(src, EXS_READ, &f));
        EXS_OK(f, exs_copy(f, spath, &so));
        exs_close(f);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    cmp_files(spath, ppath);
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    static const char *files[] = {"seacas__test-gap.g.et", "seacas-dmp__exodus_for_test1.exo",
                                  "seacas-dmp__testwt-nfaced.exo",
                                  "libmesh__nontrivial_elem_num_map.exo", NULL};
    char path[1024], tag[256];
    exs_copy_opts o;
    exs_copy_opts_init(&o);
    int found = 0;
    for (int i = 0; files[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(), files[i]);
        FILE *probe = fopen(path, "rb");
        if (!probe)
            continue;
        fclose(probe);
        found++;
        snprintf(tag, sizeof tag, "%d_nc4", i);
        copy_both(path, tag, EXS_FORMAT_NETCDF4, &o);
        snprintf(tag, sizeof tag, "%d_cdf5", i);
        copy_both(path, tag, EXS_FORMAT_CDF5, &o);
    }
    if (!found) {
        printf("skipped: no corpus at %s\n", exs_test_corpus_dir());
        return exs_test_mpi_end();
    }
    /* options: two steps from the second, blocks 10 and 12, three node sets */
    snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(), files[0]);
    o.step_start = 1;
    o.step_count = 2;
    static const int64_t blocks[] = {10, 12};
    static const int64_t sets[] = {20, 21, 22}; /* node sets: the side sets have
                                                  * factors per side node */
    o.block_ids = blocks;
    o.num_block_ids = 2;
    o.set_ids = sets;
    o.num_set_ids = 3;
    copy_both(path, "opts_nc4", EXS_FORMAT_NETCDF4, &o);
    return exs_test_mpi_end();
}
