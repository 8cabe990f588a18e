/* test_dmesh.c -- the distributed mesh against a brute-force oracle on a
 * generated quad mesh: closure, local connectivity, coordinates, ids,
 * ownership (each node owned once), shared lists (symmetric), ghosts,
 * nodal and element fields; for CDF-5 and netCDF-4 files; bad options
 * and node numbers outside the file. */
#include "exoslab_par.h"
#include "exs_test.h"
#include "exs_test_mpi.h"
#include "quad_mesh.h"
#include "decomp.h" /* exsi_dm_mapped_blocks */

static int P, me;

/* What the oracle knows of every rank, from the mesh and the slabs. */
typedef struct oracle {
    const quad_mesh *m;
    int64_t *eown;  /* owner rank of each element */
    int *touch;     /* per node: bitmask of the ranks whose elements touch it */
    int *nowner;    /* per node: its owner */
    int *mine;      /* per node: 1 closure, 2 ghost node, 0 absent (this rank) */
    int *ghost;     /* per element: 1 if a ghost here */
} oracle;

/* Element owners: the slabs for linear; else what the ranks report,
 * each element owned exactly once. */
static void element_owners(oracle *o, const int64_t *all, exs_dmesh *dm, int linear)
{
    int64_t *once = calloc((size_t)o->m->ne, sizeof *once);
    for (int64_t g = 0; g < o->m->ne; g++)
        o->eown[g] = -1;
    for (int r = 0; linear && r < P; r++)
        for (int64_t g = all[4 * r]; g < all[4 * r] + all[4 * r + 1]; g++)
            o->eown[g] = r;
    for (int64_t b = 0; b < 2; b++) {
        int64_t own, gh;
        exs_dmesh_block(dm, b, NULL, NULL, &own, &gh);
        int64_t *eg = calloc((size_t)(own + gh) + 1, 8);
        exs_dmesh_elems(dm, b, eg, NULL);
        for (int64_t e = 0; e < own; e++) {
            once[eg[e]]++;
            if (linear)
                EXS_ASSERT_EQ(o->eown[eg[e]], me);
            else
                o->eown[eg[e]] = me;
        }
        free(eg);
    }
    MPI_Allreduce(MPI_IN_PLACE, once, (int)o->m->ne, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    MPI_Allreduce(MPI_IN_PLACE, o->eown, (int)o->m->ne, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);
    for (int64_t g = 0; g < o->m->ne; g++)
        if (once[g] != 1)
            EXS_FAIL_("element %lld owned %lld times", (long long)g, (long long)once[g]);
    free(once);
}

static void oracle_init(oracle *o, const quad_mesh *m, const exs_partition *p,
                        exs_dmesh *dm, int linear)
{
    int64_t mine[4] = {p->elem_start, p->elem_count, p->node_start, p->node_count};
    int64_t all[4 * 4];
    MPI_Allgather(mine, 4, MPI_INT64_T, all, 4, MPI_INT64_T, MPI_COMM_WORLD);
    o->m = m;
    o->eown = calloc((size_t)m->ne, sizeof *o->eown);
    o->touch = calloc((size_t)m->nn, sizeof *o->touch);
    o->nowner = calloc((size_t)m->nn, sizeof *o->nowner);
    o->mine = calloc((size_t)m->nn, sizeof *o->mine);
    o->ghost = calloc((size_t)m->ne, sizeof *o->ghost);
    element_owners(o, all, dm, linear);
    for (int64_t g = 0; g < m->ne; g++)
        for (int j = 0; j < 4 && o->eown[g] >= 0; j++)
            o->touch[m->conn[4 * g + j] - 1] |= 1 << o->eown[g];
    for (int64_t n = 0; n < m->nn; n++) {
        int r = 0;
        while (r < P && !(o->touch[n] & (1 << r)))
            r++;
        for (int q = 0; r == P && q < P; q++) /* untouched: the slab's rank */
            if (n >= all[4 * q + 2] && n < all[4 * q + 2] + all[4 * q + 3])
                r = q;
        o->nowner[n] = r;
        o->mine[n] = (o->touch[n] >> me) & 1;
    }
    for (int64_t g = 0; g < m->ne; g++)
        for (int j = 0; j < 4 && o->eown[g] != me; j++)
            if (o->mine[m->conn[4 * g + j] - 1] == 1)
                o->ghost[g] = 1;
}

static void oracle_free(oracle *o)
{
    free(o->eown);
    free(o->touch);
    free(o->nowner);
    free(o->mine);
    free(o->ghost);
}

/* Local nodes: groups, order, owners, coordinates, ids; each owned once. */
static void check_nodes(exs_dmesh *dm, oracle *o, int ghosts, int64_t **gl)
{
    exs_dmesh_info in;
    EXS_OK(NULL, exs_dmesh_get_info(dm, &in));
    int64_t n = in.num_nodes, want[3] = {0, 0, 0};
    for (int64_t k = 0; k < o->m->nn; k++) {
        int closure = o->mine[k] == 1, own = o->nowner[k] == me;
        want[0] += own;
        want[1] += closure && !own;
    }
    int64_t *glob = calloc((size_t)n + 1, sizeof *glob), *ids = calloc((size_t)n + 1, 8);
    double *xyz = calloc(2 * (size_t)n + 1, sizeof *xyz);
    int *own = calloc((size_t)n + 1, sizeof *own), *count = calloc((size_t)o->m->nn, sizeof *count);
    EXS_OK(NULL, exs_dmesh_nodes(dm, glob, ids, xyz));
    EXS_OK(NULL, exs_dmesh_node_owners(dm, own));
    EXS_ASSERT_EQ(in.owned_nodes, want[0]);
    EXS_ASSERT_EQ(in.shared_nodes, want[1]);
    EXS_ASSERT(ghosts || in.ghost_nodes == 0);
    for (int64_t i = 0; i < n; i++) {
        int64_t g = glob[i];
        int group = i < in.owned_nodes ? 0 : i < in.owned_nodes + in.shared_nodes ? 1 : 2;
        EXS_ASSERT(g >= 0 && g < o->m->nn);
        if (g < 0 || g >= o->m->nn)
            continue;
        EXS_ASSERT_EQ(group == 0, o->nowner[g] == me);
        EXS_ASSERT_EQ(group == 1, o->mine[g] == 1 && o->nowner[g] != me);
        EXS_ASSERT_EQ(own[i], o->nowner[g]);
        if (i > 0 && (i == in.owned_nodes || i == in.owned_nodes + in.shared_nodes) == 0)
            EXS_ASSERT(glob[i - 1] < g); /* ascending within a group */
        EXS_ASSERT_NEAR(xyz[i], quad_x(o->m, g, 0), 0);
        EXS_ASSERT_NEAR(xyz[n + i], quad_x(o->m, g, 1), 0);
        EXS_ASSERT_EQ(ids[i], quad_node_id(g));
        count[g] += group == 0;
        if (group == 2)
            o->mine[g] |= 4; /* seen as a ghost node */
    }
    MPI_Allreduce(MPI_IN_PLACE, count, (int)o->m->nn, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    for (int64_t k = 0; k < o->m->nn; k++)
        if (count[k] != 1)
            EXS_FAIL_("node %lld owned %d times", (long long)k, count[k]);
    free(ids);
    free(xyz);
    free(own);
    free(count);
    *gl = glob;
}

/* Elements per block: owned then ghosts, global order, conn through the
 * local->global map equal to the file's, element ids. */
static void check_elems(exs_dmesh *dm, oracle *o, const int64_t *glob, int ghosts)
{
    int64_t first = 0, nghost = 0, gnodes = 0;
    for (int64_t b = 0; b < 2; b++) {
        int64_t id, npe, own, gh;
        EXS_OK(NULL, exs_dmesh_block(dm, b, &id, &npe, &own, &gh));
        EXS_ASSERT_EQ(id, b ? 20 : 10);
        EXS_ASSERT_EQ(npe, 4);
        int64_t *conn = calloc(4 * (size_t)(own + gh) + 1, 8), *eg = calloc((size_t)(own + gh) + 1, 8);
        int64_t *eid = calloc((size_t)(own + gh) + 1, 8);
        EXS_OK(NULL, exs_dmesh_conn(dm, b, conn));
        EXS_OK(NULL, exs_dmesh_elems(dm, b, eg, eid));
        int64_t wown = 0, wgh = 0;
        for (int64_t g = first; g < first + o->m->nb[b]; g++) {
            wown += o->eown[g] == me;
            wgh += ghosts && o->ghost[g];
        }
        EXS_ASSERT_EQ(own, wown);
        EXS_ASSERT_EQ(gh, wgh);
        for (int64_t e = 0; e < own + gh; e++) {
            int64_t g = eg[e];
            EXS_ASSERT(e == 0 || e == own || eg[e - 1] < g);
            EXS_ASSERT(g >= first && g < first + o->m->nb[b]);
            if (g < first || g >= first + o->m->nb[b])
                continue;
            EXS_ASSERT_EQ(e < own ? o->eown[g] == me : o->ghost[g], 1);
            EXS_ASSERT_EQ(eid[e], quad_elem_id(g));
            for (int j = 0; j < 4; j++)
                EXS_ASSERT_EQ(glob[conn[4 * e + j]] + 1, o->m->conn[4 * g + j]);
        }
        nghost += gh;
        first += o->m->nb[b];
        free(conn);
        free(eg);
        free(eid);
    }
    /* ghost nodes: exactly the ghosts' nodes outside the closure */
    for (int64_t g = 0; ghosts && g < o->m->ne; g++)
        for (int j = 0; j < 4 && o->ghost[g]; j++) {
            int64_t k = o->m->conn[4 * g + j] - 1;
            if (!(o->mine[k] & 1))
                o->mine[k] |= 8;
        }
    for (int64_t k = 0; k < o->m->nn; k++) {
        gnodes += (o->mine[k] & 8) != 0;
        if (((o->mine[k] & 8) != 0) != ((o->mine[k] & 4) != 0))
            EXS_FAIL_("node %lld: ghost node expected %d, got %d", (long long)k,
                      (o->mine[k] & 8) != 0, (o->mine[k] & 4) != 0);
    }
    (void)nghost;
    exs_dmesh_info in;
    exs_dmesh_get_info(dm, &in);
    EXS_ASSERT_EQ(in.ghost_nodes, gnodes);
}

/* Shared lists: with exactly the ranks touching my nodes, the nodes both
 * touch ascending, and the same list on the neighbour's side. */
static void check_shared(exs_dmesh *dm, oracle *o, const int64_t *glob)
{
    exs_dmesh_info in;
    exs_dmesh_get_info(dm, &in);
    int nbr[8] = {0}, want = 0;
    for (int q = 0; q < P; q++) {
        int any = 0;
        for (int64_t k = 0; q != me && k < o->m->nn; k++)
            any |= (o->mine[k] & 1) && (o->touch[k] >> q & 1);
        want += any;
    }
    EXS_ASSERT_EQ(in.num_neighbors, want);
    EXS_OK(NULL, exs_dmesh_neighbors(dm, nbr));
    int64_t *list = calloc((size_t)o->m->nn, 8), *theirs = calloc((size_t)o->m->nn, 8);
    for (int k = 0; k < in.num_neighbors && k < 8; k++) {
        int q = nbr[k];
        int64_t n = 0, w = 0, tn = 0;
        EXS_OK(NULL, exs_dmesh_shared(dm, k, list, &n));
        for (int64_t i = 0; i < n; i++) {
            int64_t g = glob[list[i]];
            EXS_ASSERT((o->mine[g] & 1) && (o->touch[g] >> q & 1));
            EXS_ASSERT(i == 0 || list[i - 1] < g); /* list[i - 1] is global now */
            list[i] = g;
        }
        for (int64_t g = 0; g < o->m->nn; g++)
            w += (o->mine[g] & 1) && (o->touch[g] >> q & 1);
        EXS_ASSERT_EQ(n, w);
        MPI_Sendrecv(&n, 1, MPI_INT64_T, q, 1, &tn, 1, MPI_INT64_T, q, 1, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
        EXS_ASSERT_EQ(tn, n);
        MPI_Sendrecv(list, (int)n, MPI_INT64_T, q, 2, theirs, (int)tn, MPI_INT64_T, q, 2,
                     MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        for (int64_t i = 0; i < n && i < tn; i++)
            EXS_ASSERT_EQ(theirs[i], list[i]);
    }
    free(list);
    free(theirs);
}

/* Fields at a step: nodal at every local node, element (NaN in block 10). */
static void check_fields(exs_dmesh *dm, const int64_t *glob)
{
    exs_dmesh_info in;
    exs_dmesh_get_info(dm, &in);
    double *v = calloc((size_t)(in.num_nodes > in.num_elems ? in.num_nodes : in.num_elems) + 1,
                       sizeof *v);
    EXS_OK(NULL, exs_dmesh_nodal_field(dm, 0, 2, v));
    for (int64_t i = 0; i < in.num_nodes; i++)
        EXS_ASSERT_NEAR(v[i], quad_temp(glob[i], 2), 0);
    EXS_OK(NULL, exs_dmesh_elem_field(dm, 0, 1, v));
    int64_t at = 0;
    for (int64_t b = 0; b < 2; b++) {
        int64_t own, gh;
        exs_dmesh_block(dm, b, NULL, NULL, &own, &gh);
        int64_t *eg = calloc((size_t)(own + gh) + 1, 8);
        exs_dmesh_elems(dm, b, eg, NULL);
        for (int64_t e = 0; e < own + gh; e++, at++)
            if (b == 0)
                EXS_ASSERT(isnan(v[at]));
            else
                EXS_ASSERT_NEAR(v[at], quad_stress(eg[e], 1), 0);
        free(eg);
    }
    EXS_ASSERT_EQ(exs_dmesh_elem_field(dm, 3, 1, v), EXS_ERANGE);
    EXS_ASSERT_EQ(exs_dmesh_nodal_field(dm, 0, 9, v), EXS_ERANGE);
    free(v);
}

/* m written by rank 0 as the test file `name`, then opened on every rank
 * (NULL, and the failure counted, when either fails). */
static exs_file *write_and_open(const quad_mesh *m, const char *name, exs_format fmt)
{
    char path[1024];
    exs_test_tmp_path(path, sizeof path, name);
    int rc = me == 0 ? quad_mesh_write(m, path, fmt) : 0;
    MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
    EXS_ASSERT_EQ(rc, 0);
    exs_file *f = NULL;
    if (rc == 0)
        EXS_OK(f, exs_open_par(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &f));
    return f;
}

static void on_mesh(const quad_mesh *m, const char *name, exs_format fmt)
{
    exs_file *f = write_and_open(m, name, fmt);
    if (!f)
        return;
    /* linear without and with ghosts; the Zoltan methods where built */
    const exs_decomp_method methods[] = {EXS_DECOMP_LINEAR, EXS_DECOMP_LINEAR,
                                         EXS_DECOMP_RCB, EXS_DECOMP_RIB, EXS_DECOMP_HSFC,
                                         EXS_DECOMP_GRAPH};
    for (int run = 0; run < 6; run++) {
        int ghosts = run > 0;
        exs_dmesh_opts opts = {methods[run], ghosts, 0};
        exs_dmesh *dm = NULL;
        int rc = exs_dmesh_create(f, &opts, &dm);
        if (run >= 2 && rc == EXS_ENOTBUILT) {
            printf("method %d not in this build: %s\n", (int)methods[run], exs_errmsg(f));
            continue;
        }
        EXS_OK(f, rc);
        if (!dm)
            continue;
        oracle o;
        int64_t *glob = NULL;
        exs_partition p;
        exs_get_partition(f, 0, &p);
        oracle_init(&o, m, &p, dm, run < 2);
        check_nodes(dm, &o, ghosts, &glob);
        check_elems(dm, &o, glob, ghosts);
        check_shared(dm, &o, glob);
        check_fields(dm, glob);
        free(glob);
        oracle_free(&o);
        exs_dmesh_free(dm);
    }
    /* bad options: every rank gets the same error, and no mesh */
    exs_dmesh *dm = NULL;
    exs_dmesh_opts bad = {EXS_DECOMP_LINEAR, 2, 0};
    EXS_ASSERT_RC(exs_dmesh_create(f, &bad, &dm), EXS_EINVAL);
    EXS_ASSERT(dm == NULL);
    bad = (exs_dmesh_opts){EXS_DECOMP_LINEAR, me == P - 1, 0};
    EXS_ASSERT_RC(exs_dmesh_create(f, &bad, &dm), P > 1 ? EXS_EMISMATCH : 0);
    exs_dmesh_free(dm);
    dm = NULL;
    exs_close(f);
}

/* A node number outside 1..num_nodes in the last element (the last
 * rank's slab): EXS_EBADMODEL on every rank, with and without ghosts,
 * and no mesh. */
/* Every mapping a build makes is gone after exs_dmesh_free, whatever the
 * method (the leak sanitizer does not see mappings). The mesh is big
 * enough that the touch step's arrays outgrow the build's scratch under a
 * repartition (its directory lists pass 2 MiB). */
static void no_mapping_left(void)
{
    quad_mesh m;
    EXS_ASSERT_EQ(quad_mesh_init(&m, 800, 800, 0), 0);
    exs_file *f = write_and_open(&m, "dmesh-big.cdf5.exo", EXS_FORMAT_CDF5);
    quad_mesh_free(&m);
    const exs_dmesh_opts runs[] = {{EXS_DECOMP_LINEAR, 0, 0}, {EXS_DECOMP_LINEAR, 1, 0},
                                   {EXS_DECOMP_RCB, 0, 0}, {EXS_DECOMP_HSFC, 1, 0}};
    for (int i = 0; f && i < 4; i++) {
        int64_t before = exsi_dm_mapped_blocks();
        exs_dmesh *dm = NULL;
        int rc2 = exs_dmesh_create(f, &runs[i], &dm);
        if (rc2 == EXS_ENOTBUILT)
            continue;
        EXS_OK(f, rc2);
        EXS_ASSERT(exsi_dm_mapped_blocks() > before); /* the mesh's own arrays */
        exs_dmesh_free(dm);
        if (exsi_dm_mapped_blocks() != before)
            EXS_FAIL_("method %d ghosts %d: %lld mappings left after exs_dmesh_free",
                      (int)runs[i].method, runs[i].ghosts,
                      (long long)(exsi_dm_mapped_blocks() - before));
    }
    exs_close(f);
}

static void bad_node_number(int64_t bad, const char *name)
{
    quad_mesh m;
    EXS_ASSERT_EQ(quad_mesh_init(&m, 12, 10, 0), 0);
    m.conn[4 * m.ne - 1] = bad < 1 ? bad : m.nn + bad;
    exs_file *f = write_and_open(&m, name, EXS_FORMAT_CDF5);
    quad_mesh_free(&m);
    for (int ghosts = 0; f && ghosts < 2; ghosts++) {
        exs_dmesh_opts o = {EXS_DECOMP_LINEAR, ghosts, 0};
        exs_dmesh *dm = NULL;
        EXS_ASSERT_RC(exs_dmesh_create(f, &o, &dm), EXS_EBADMODEL);
        EXS_ASSERT(dm == NULL);
        EXS_ASSERT(strstr(exs_errmsg(f), "names node") != NULL);
    }
    exs_close(f);
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    MPI_Comm_size(MPI_COMM_WORLD, &P);
    MPI_Comm_rank(MPI_COMM_WORLD, &me);
    quad_mesh m;
    EXS_ASSERT_EQ(quad_mesh_init(&m, 40, 30, 0), 0);
    on_mesh(&m, "dmesh-quad.cdf5.exo", EXS_FORMAT_CDF5);
    on_mesh(&m, "dmesh-quad.nc4.exo", EXS_FORMAT_NETCDF4);
    quad_mesh_free(&m);
    /* a skewed (shuffled) element order: more sharing, same answers */
    EXS_ASSERT_EQ(quad_mesh_init(&m, 24, 20, 1), 0);
    on_mesh(&m, "dmesh-skew.cdf5.exo", EXS_FORMAT_CDF5);
    quad_mesh_free(&m);
    no_mapping_left();
    bad_node_number(0, "dmesh-bad0.cdf5.exo");
    bad_node_number(1, "dmesh-bad-past.cdf5.exo"); /* num_nodes + 1 */
    return exs_test_mpi_end();
}

