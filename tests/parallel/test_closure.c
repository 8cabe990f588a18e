/* test_closure.c -- an element slab's node closure and nodal values
 * gathered from the owning ranks equal a serial read at those nodes; bad
 * requests fail on every rank. */
#include <dirent.h>
#include <mpi.h>

#include "exoslab_par.h"
#include "exs_test_mpi.h"

static void test_unique(void)
{
    int64_t conn[] = {5, 3, 5, 9, 1, 3, 3, 7}, out[8], n = 0;
    EXS_OK(NULL, exs_unique_nodes(conn, 8, out, &n));
    EXS_ASSERT_EQ(n, 5);
    int64_t want[] = {1, 3, 5, 7, 9};
    for (int i = 0; i < 5 && n == 5; i++)
        EXS_ASSERT_EQ(out[i], want[i]);
    EXS_OK(NULL, exs_unique_nodes(conn, 8, conn, &n)); /* in place */
    EXS_ASSERT_EQ(conn[4], 9);
    EXS_OK(NULL, exs_unique_nodes(NULL, 0, NULL, &n));
    EXS_ASSERT_EQ(n, 0);
    EXS_ASSERT_RC(exs_unique_nodes(conn, -1, out, &n), EXS_EINVAL);
}

/* The whole field read serially, for reference. */
static double *serial_field(const char *path, exs_nodal_field what, int sub,
                            int64_t step, int64_t nn)
{
    exs_file *s;
    double *all = malloc((size_t)(nn ? nn : 1) * sizeof *all);
    if (!all || exs_open(path, EXS_READ, &s) != 0)
        return all;
    if (what == EXS_FIELD_COORD)
        EXS_OK(s, exs_get_coord(s, sub, 0, nn, EXS_F64, all));
    else
        EXS_OK(s, exs_get_var(s, EXS_NODAL, 0, sub, step, 0, nn, EXS_F64, all));
    exs_close(s);
    return all;
}

static void check_field(exs_file *f, const char *path, const exs_partition *p,
                        exs_nodal_field what, int sub, int64_t step,
                        const int64_t *nodes, int64_t n, int64_t nn)
{
    double *got = malloc((size_t)(n ? n : 1) * sizeof *got);
    double *all = serial_field(path, what, sub, step, nn);
    EXS_OK(f, exs_gather_nodal_all(f, p, what, sub, step, n, nodes, got));
    int64_t bad = 0;
    for (int64_t i = 0; i < n; i++)
        bad += got[i] != all[nodes[i] - 1];
    if (bad)
        EXS_FAIL_("%s: field %d/%d: %lld of %lld values differ", path, (int)what, sub,
                  (long long)bad, (long long)n);
    free(got);
    free(all);
}

/* Closure of my element slab; coordinates and the last step's nodal
 * variables gathered at it. */
static void check_file(const char *path)
{
    exs_file *f;
    exs_partition p;
    int64_t nn = 0, nd = 0, nt = 0, len = 0, n = 0;
    if (exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f) != 0)
        return; /* not a mesh this test can use: every rank agrees */
    exs_inquire(f, EXS_INQ_NUM_NODES, &nn);
    exs_inquire(f, EXS_INQ_NUM_DIM, &nd);
    exs_inquire(f, EXS_INQ_NUM_TIMES, &nt);
    EXS_OK(f, exs_get_partition(f, 4096, &p));
    exs_block_piece pc[256];
    int64_t np = 0;
    EXS_OK(f, exs_partition_pieces(f, p.elem_start, p.elem_count, pc, 256, &np));
    for (int64_t i = 0; i < np; i++) {
        exs_entity_info e;
        exs_get_entity(f, EXS_ELEM_BLOCK, pc[i].block_id, &e);
        len += pc[i].count * e.nodes_per_entry;
    }
    int64_t *conn = malloc((size_t)(len + 1) * sizeof *conn);
    int rc = exs_get_elem_conn_all(f, p.elem_start, p.elem_count, EXS_I64, conn);
    if (rc == 0) {
        EXS_OK(f, exs_unique_nodes(conn, len, conn, &n));
        for (int64_t i = 0; i < n && conn[i] > nn; i++) /* IGA control points */
            n = i;
        while (n > 0 && conn[n - 1] > nn)
            n--;
        for (int a = 0; a < nd; a++)
            check_field(f, path, &p, EXS_FIELD_COORD, a, 0, conn, n, nn);
        int nv = 0;
        exs_num_vars(f, EXS_NODAL, &nv);
        for (int v = 0; v < nv && nt > 0; v++)
            check_field(f, path, &p, EXS_FIELD_VAR, v, nt - 1, conn, n, nn);
    } else {
        EXS_ASSERT_EQ(rc, EXS_ENOTSUP); /* polygon blocks: no element slab conn */
    }
    free(conn);
    exs_close(f);
}

/* Requests in a few runs of consecutive nodes (read run by run) and in
 * many (the exchange), in any order, and with one rank of many runs
 * while the others have few: each equals the serial read. */
static void check_runs(const char *path)
{
    exs_file *f;
    exs_partition p;
    int64_t nn = 0, few[24], many[40];
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    EXS_OK(NULL, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    exs_inquire(f, EXS_INQ_NUM_NODES, &nn);
    EXS_ASSERT(nn >= 100);
    EXS_OK(f, exs_get_partition(f, 4096, &p));
    for (int i = 0; i < 8; i++) /* three runs: the last nodes, the first, some */
        few[i] = nn - 7 + i, few[8 + i] = 1 + i, few[16 + i] = 40 + rank + i;
    for (int i = 0; i < 40; i++) /* 40 runs: every other node */
        many[i] = 2 * i + 1 + rank;
    check_field(f, path, &p, EXS_FIELD_COORD, 0, 0, few, 24, nn);
    check_field(f, path, &p, EXS_FIELD_COORD, 1, 0, many, 40, nn);
    int64_t *mine = rank == size - 1 ? many : few;
    check_field(f, path, &p, EXS_FIELD_COORD, 0, 0, mine, rank == size - 1 ? 40 : 24, nn);
    check_field(f, path, &p, EXS_FIELD_COORD, 1, 0, few, rank == 0 ? 0 : 24, nn);
    EXS_OK(f, exs_close(f));
}

/* A node out of range on the last rank only: every rank gets EXS_ERANGE.
 * Slabs that leave nodes unowned: EXS_EINVAL everywhere. */
static void check_errors(const char *path)
{
    exs_file *f;
    exs_partition p;
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    EXS_OK(NULL, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    EXS_OK(f, exs_get_partition(f, 4096, &p));
    int64_t nodes[2] = {1, rank == size - 1 ? 1000000000 : 2};
    double v[2];
    EXS_ASSERT_RC(exs_gather_nodal_all(f, &p, EXS_FIELD_COORD, 0, 0, 2, nodes, v),
                  EXS_ERANGE);
    EXS_ASSERT(strstr(exs_errmsg(f), "node 1000000000") != NULL);
    exs_partition hole = p;
    if (rank == 0)
        hole.node_count = 0; /* nobody owns rank 0's nodes now */
    nodes[1] = 2;
    int want = p.node_count > 0 ? EXS_EINVAL : 0;
    int64_t w = want, any;
    MPI_Allreduce(&w, &any, 1, MPI_INT64_T, MPI_MIN, MPI_COMM_WORLD);
    EXS_ASSERT_RC(exs_gather_nodal_all(f, &hole, EXS_FIELD_COORD, 0, 0, 2, nodes, v),
                  (int)any);
    EXS_OK(f, exs_close(f));
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    test_unique();
    const char *dir = exs_test_corpus_dir();
    static const char *const files[] = {
        "seacas__test-gap.g.et", "derived__block_crush_1.nc4z.ex2",
        "derived__aero_blunt_wedge_wall_test3.cdf5.ex2", "zapdos__2D_PlasmaDielectricConstant_out.e",
        "libmesh__read_exodus_HEX20.e", "petsc__hybrid_hexwedge.exo",
        "seacas-hist__ioss_8-block.g.noname", "mfem__cylinder-tet-p2.gen"};
    char path[1024];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        check_file(path);
    }
    for (int i = 1; i < argc; i++) /* meshes made by the test fixture */
        check_file(argv[i]);
    snprintf(path, sizeof path, "%s/%s", dir, "zapdos__2D_PlasmaDielectricConstant_out.e");
    check_runs(path);
    check_errors(path);
    return exs_test_mpi_end();
}
