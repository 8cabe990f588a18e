/* test_repart.c -- repartition methods: every element owned once, owned
 * elements within 5 % of the mean, and on a mesh with a skewed (random)
 * element order RCB and HSFC share fewer nodes than the linear slabs.
 * Methods not in this build must say EXS_ENOTBUILT on every rank. */
#include "exoslab_par.h"
#include "exs_test.h"
#include "exs_test_mpi.h"
#include "quad_mesh.h"

static int P, me;
static const char *const names[] = {"linear", "rcb", "rib", "hsfc", "graph"};

/* Each element owned exactly once over the ranks. */
static void check_cover(exs_dmesh *dm, int64_t ne, const char *what)
{
    exs_dmesh_info in;
    exs_dmesh_get_info(dm, &in);
    int *once = calloc((size_t)ne, sizeof *once);
    for (int64_t b = 0; b < in.num_blocks; b++) {
        int64_t own, gh;
        exs_dmesh_block(dm, b, NULL, NULL, &own, &gh);
        int64_t *eg = calloc((size_t)(own + gh) + 1, 8);
        exs_dmesh_elems(dm, b, eg, NULL);
        for (int64_t e = 0; e < own; e++)
            once[eg[e]]++;
        free(eg);
    }
    MPI_Allreduce(MPI_IN_PLACE, once, (int)ne, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    int64_t bad = 0;
    for (int64_t g = 0; g < ne; g++)
        bad += once[g] != 1;
    if (bad)
        EXS_FAIL_("%s: %lld elements not owned exactly once", what, (long long)bad);
    exs_test_checks++;
    free(once);
}

/* Build with method m; -1 if not built (checked to be EXS_ENOTBUILT),
 * else the global shared-node count. */
static int64_t run(exs_file *f, int m, const char *file)
{
    char what[256];
    snprintf(what, sizeof what, "%s with %s at %d ranks", file, names[m], P);
    exs_dmesh_opts o = {(exs_decomp_method)m, 1, 0};
    exs_dmesh *dm = NULL;
    int rc = exs_dmesh_create(f, &o, &dm);
    if (m > 0 && rc == EXS_ENOTBUILT) {
        EXS_ASSERT(strstr(exs_errmsg(f), m == 4 ? "PT-Scotch" : "Zoltan") != NULL);
        return -1;
    }
    EXS_OK(f, rc);
    if (!dm)
        return -1;
    exs_dmesh_quality q;
    int64_t ne = 0;
    exs_inquire(f, EXS_INQ_NUM_ELEM, &ne);
    EXS_OK(f, exs_dmesh_quality_all(dm, &q));
    check_cover(dm, ne, what);
    if (m > 0 && q.elem_imbalance > 0.05)
        EXS_FAIL_("%s: element imbalance %.1f %%", what, 100 * q.elem_imbalance);
    exs_test_checks++;
    if (me == 0)
        printf("%s: imbalance %.2f %% elements %.2f %% nodes, %lld shared nodes, "
               "<= %lld neighbours, %lld bytes moved, edge cut %lld\n", what,
               100 * q.elem_imbalance, 100 * q.node_imbalance, (long long)q.shared_nodes,
               (long long)q.max_neighbors, (long long)q.bytes_moved, (long long)q.edge_cut);
    /* graph: PT-Scotch's own count used to be missing (always 0) */
    EXS_ASSERT(m == 4 ? (P == 1 ? q.edge_cut == 0 : q.edge_cut > 0) : q.edge_cut == -1);
    exs_dmesh_free(dm);
    return q.shared_nodes;
}

static void on_file(const char *path, const char *label, int skewed)
{
    exs_file *f = NULL;
    EXS_OK(f, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    if (!f)
        return;
    int64_t shared[5];
    for (int m = 0; m < 5; m++)
        shared[m] = run(f, m, label);
    /* geometric methods beat file order when the order is random */
    for (int m = 1; skewed && P > 1 && m < 4; m += 2)
        if (shared[m] >= 0 && shared[m] >= shared[0])
            EXS_FAIL_("%s: %s shares %lld nodes, linear %lld", label, names[m],
                      (long long)shared[m], (long long)shared[0]);
    exs_close(f);
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    MPI_Comm_size(MPI_COMM_WORLD, &P);
    MPI_Comm_rank(MPI_COMM_WORLD, &me);
    char path[1024];
    quad_mesh m;
    exs_test_tmp_path(path, sizeof path, "repart-skew.cdf5.exo");
    int rc = quad_mesh_init(&m, 60, 50, 1);
    if (rc == 0 && me == 0)
        rc = quad_mesh_write(&m, path, EXS_FORMAT_CDF5);
    MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
    EXS_ASSERT_EQ(rc, 0);
    quad_mesh_free(&m);
    if (rc == 0)
        on_file(path, "skewed 60x50 quads", 1);
    const char *corpus[] = {"exodusjl__epu_mesh_test.g.4.0", "mfem__cylinder-tet-p2.gen",
                            "seacas__ioss_exodus_Q2_bc_parents.gold"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", exs_test_corpus_dir(), corpus[i]);
        FILE *fp = fopen(path, "rb");
        if (!fp) {
            printf("SKIP: %s not found\n", path);
            continue;
        }
        fclose(fp);
        on_file(path, corpus[i], 0);
    }
    return exs_test_mpi_end();
}
