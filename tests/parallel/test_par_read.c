/* test_par_read.c -- every corpus file read in parallel, each rank its
 * partition's slabs through the collective calls, equals the serial read
 * of the same slabs (together the slabs tile the file: test_partition). */
#include <dirent.h>

#include "exoslab_par.h"
#include "exs_test_mpi.h"

enum { MAXV = 1 << 16 };

typedef struct ctx {
    exs_file *p, *s; /* parallel and serial handles of one file */
    exs_partition part;
    const char *name;
} ctx;

static int same(const void *a, const void *b, int64_t n, size_t w)
{
    return n == 0 || memcmp(a, b, (size_t)n * w) == 0;
}

static void check_coords(ctx *c, double *a, double *b)
{
    int64_t nd = 0;
    exs_inquire(c->s, EXS_INQ_NUM_DIM, &nd);
    for (int ax = 0; ax < nd; ax++) {
        EXS_OK(c->p, exs_get_coord_all(c->p, ax, c->part.node_start, c->part.node_count,
                                       EXS_F64, a));
        EXS_OK(c->s, exs_get_coord(c->s, ax, c->part.node_start, c->part.node_count,
                                   EXS_F64, b));
        if (!same(a, b, c->part.node_count, 8))
            EXS_FAIL_("%s: coord %d differs", c->name, ax);
    }
    EXS_OK(c->p, exs_get_id_map_all(c->p, EXS_NODE_MAP, c->part.node_start,
                                    c->part.node_count, EXS_I64, a));
    EXS_OK(c->s, exs_get_id_map(c->s, EXS_NODE_MAP, c->part.node_start,
                                c->part.node_count, EXS_I64, b));
    EXS_ASSERT(same(a, b, c->part.node_count, 8));
    EXS_OK(c->p, exs_get_id_map_all(c->p, EXS_ELEM_MAP, c->part.elem_start,
                                    c->part.elem_count, EXS_I64, a));
    EXS_OK(c->s, exs_get_id_map(c->s, EXS_ELEM_MAP, c->part.elem_start,
                                c->part.elem_count, EXS_I64, b));
    EXS_ASSERT(same(a, b, c->part.elem_count, 8));
}

/* This rank's share of block e: its piece of the element slab, or for
 * NSIDED/NFACED a split of the flat array. */
static void block_slab(ctx *c, const exs_entity_info *e, int64_t *s, int64_t *n)
{
    int size = 1, rank = 0;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (e->topo == EXS_TOPO_NSIDED || e->topo == EXS_TOPO_NFACED) {
        int64_t len = e->topo == EXS_TOPO_NFACED ? e->faces_per_entry : e->nodes_per_entry;
        exs_split_range(len, 1, size, rank, s, n);
        return;
    }
    int64_t lo = e->offset > c->part.elem_start ? e->offset : c->part.elem_start;
    int64_t end = c->part.elem_start + c->part.elem_count;
    int64_t hi = e->offset + e->num_entries < end ? e->offset + e->num_entries : end;
    *s = hi > lo ? lo - e->offset : 0;
    *n = hi > lo ? hi - lo : 0;
}

static void check_blocks(ctx *c, int64_t *a, int64_t *b)
{
    int64_t nb = 0, ids[256], at = 0;
    int flat = 0;
    exs_num_entities(c->s, EXS_ELEM_BLOCK, &nb);
    exs_get_ids(c->s, EXS_ELEM_BLOCK, ids);
    for (int64_t i = 0; i < nb && i < 256; i++) {
        exs_entity_info e;
        int64_t s, n;
        exs_get_entity(c->s, EXS_ELEM_BLOCK, ids[i], &e);
        if (e.num_entries == 0)
            continue;
        block_slab(c, &e, &s, &n);
        int isflat = e.topo == EXS_TOPO_NSIDED || e.topo == EXS_TOPO_NFACED;
        int64_t per = isflat ? 1 : e.nodes_per_entry;
        flat |= isflat;
        if (n * per > MAXV)
            continue;
        exs_conn which = e.topo == EXS_TOPO_NFACED ? EXS_CONN_FACES : EXS_CONN_NODES;
        EXS_OK(c->p, exs_get_conn_all(c->p, EXS_ELEM_BLOCK, ids[i], which, s, n,
                                      EXS_I64, a));
        EXS_OK(c->s, exs_get_conn(c->s, EXS_ELEM_BLOCK, ids[i], which, s, n, EXS_I64,
                                  b + at));
        if (!same(a, b + at, n * per, 8))
            EXS_FAIL_("%s: block %lld conn differs", c->name, (long long)ids[i]);
        if (!isflat)
            at += n * per;
    }
    if (flat) {
        EXS_ASSERT_EQ(exs_get_elem_conn_all(c->p, c->part.elem_start,
                                            c->part.elem_count, EXS_I64, a),
                      EXS_ENOTSUP);
        return;
    }
    EXS_OK(c->p, exs_get_elem_conn_all(c->p, c->part.elem_start, c->part.elem_count,
                                       EXS_I64, a));
    if (!same(a, b, at, 8))
        EXS_FAIL_("%s: element slab conn differs", c->name);
}

/* Every set of every kind: this rank's split of the members, sides and
 * distribution factors; and the per-entry counts of polygon blocks. */
static void check_sets(ctx *c, int64_t *a, int64_t *b)
{
    int size = 1, rank = 0;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    for (int k = EXS_NODE_SET; k <= EXS_ELEM_SET; k++) {
        int64_t n = 0, ids[512];
        exs_num_entities(c->s, (exs_kind)k, &n);
        exs_get_ids(c->s, (exs_kind)k, ids);
        for (int64_t i = 0; i < n && i < 512; i++) {
            exs_entity_info e;
            int64_t s, m, ds, dm;
            exs_get_entity(c->s, (exs_kind)k, ids[i], &e);
            exs_split_range(e.num_entries, 1, size, rank, &s, &m);
            exs_split_range(e.num_df, 1, size, rank, &ds, &dm);
            if (2 * m > MAXV || dm > MAXV)
                continue;
            int sides = k == EXS_SIDE_SET;
            EXS_OK(c->p, exs_get_set_all(c->p, (exs_kind)k, ids[i], s, m, EXS_I64, a,
                                         sides ? a + m : NULL));
            EXS_OK(c->s, exs_get_set(c->s, (exs_kind)k, ids[i], s, m, EXS_I64, b,
                                     sides ? b + m : NULL));
            if (!same(a, b, sides ? 2 * m : m, 8))
                EXS_FAIL_("%s: set %lld members differ", c->name, (long long)ids[i]);
            EXS_OK(c->p, exs_get_df_all(c->p, (exs_kind)k, ids[i], ds, dm, EXS_F64, a));
            EXS_OK(c->s, exs_get_df(c->s, (exs_kind)k, ids[i], ds, dm, EXS_F64, b));
            if (!same(a, b, dm, 8))
                EXS_FAIL_("%s: set %lld factors differ", c->name, (long long)ids[i]);
        }
    }
    int64_t nb = 0, ids[256];
    exs_num_entities(c->s, EXS_ELEM_BLOCK, &nb);
    exs_get_ids(c->s, EXS_ELEM_BLOCK, ids);
    for (int64_t i = 0; i < nb && i < 256; i++) {
        exs_entity_info e;
        int64_t s, m;
        exs_get_entity(c->s, EXS_ELEM_BLOCK, ids[i], &e);
        exs_split_range(e.num_entries, 1, size, rank, &s, &m);
        if (m > MAXV)
            continue;
        EXS_OK(c->p, exs_get_entry_counts_all(c->p, EXS_ELEM_BLOCK, ids[i], s, m,
                                              EXS_I64, a));
        EXS_OK(c->s, exs_get_entry_counts(c->s, EXS_ELEM_BLOCK, ids[i], s, m, EXS_I64, b));
        if (!same(a, b, m, 8))
            EXS_FAIL_("%s: block %lld entry counts differ", c->name, (long long)ids[i]);
    }
}

/* Requests for one step: nodal variables on my node slab, element
 * variables on my pieces; one batch, compared with serial reads. */
static int64_t build_reqs(ctx *c, exs_var_req *r, double *a)
{
    int nv = 0, ne = 0;
    int64_t k = 0, at = 0, nb = 0, ids[256];
    exs_num_vars(c->s, EXS_NODAL, &nv);
    for (int v = 0; v < nv && at + c->part.node_count <= MAXV; v++) {
        r[k++] = (exs_var_req){EXS_NODAL, 0, v, c->part.node_start, c->part.node_count,
                               EXS_F64, a + at};
        at += c->part.node_count;
    }
    exs_num_vars(c->s, EXS_ELEM_BLOCK, &ne);
    exs_num_entities(c->s, EXS_ELEM_BLOCK, &nb);
    exs_get_ids(c->s, EXS_ELEM_BLOCK, ids);
    int *truth = calloc((size_t)(nb * ne + 1), sizeof *truth);
    exs_get_truth(c->s, EXS_ELEM_BLOCK, truth);
    exs_block_piece pc[256];
    int64_t np = 0;
    exs_partition_pieces(c->s, c->part.elem_start, c->part.elem_count, pc, 256, &np);
    for (int64_t i = 0; i < np; i++) {
        int64_t bi = 0;
        while (bi < nb && ids[bi] != pc[i].block_id)
            bi++;
        for (int v = 0; v < ne && k < 4000 && at + pc[i].count <= MAXV; v++)
            if (truth[bi * ne + v]) {
                r[k++] = (exs_var_req){EXS_ELEM_BLOCK, pc[i].block_id, v,
                                       pc[i].block_start, pc[i].count, EXS_F64, a + at};
                at += pc[i].count;
            }
    }
    free(truth);
    return k;
}

static void check_vars(ctx *c, double *a, double *b, exs_var_req *r)
{
    int64_t nt = 0;
    exs_inquire(c->s, EXS_INQ_NUM_TIMES, &nt);
    for (int64_t step = 0; step < nt && step < 12; step++) {
        int64_t n = build_reqs(c, r, a);
        EXS_OK(c->p, exs_get_vars_all(c->p, step, n, r));
        for (int64_t i = 0; i < n; i++) {
            EXS_OK(c->s, exs_get_var(c->s, r[i].kind, r[i].id, r[i].var, step,
                                     r[i].start, r[i].count, EXS_F64, b));
            if (!same(r[i].buf, b, r[i].count, 8))
                EXS_FAIL_("%s: step %lld var %d of kind %d differs", c->name,
                          (long long)step, r[i].var, (int)r[i].kind);
        }
        /* a global variable read by everyone, single call */
        int ng = 0;
        exs_num_vars(c->s, EXS_GLOBAL, &ng);
        if (ng > 0) {
            EXS_OK(c->p, exs_get_var_all(c->p, EXS_GLOBAL, 0, 0, step, 0, ng, EXS_F64, a));
            EXS_OK(c->s, exs_get_var(c->s, EXS_GLOBAL, 0, 0, step, 0, ng, EXS_F64, b));
            EXS_ASSERT(same(a, b, ng, 8));
        }
    }
}

static void one_file(const char *dir, const char *name, double *a, double *b,
                     exs_var_req *r)
{
    char path[1024], msg[512];
    ctx c = {.name = name};
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (getenv("EXS_TEST_VERBOSE"))
        fprintf(stderr, "[rank %d] %s\n", exs_test_rank, name);
    int src = exs_open(path, EXS_READ, &c.s);
    int prc = exs_open_par_err(path, EXS_READ, MPI_COMM_WORLD, MPI_INFO_NULL, &c.p,
                               msg, sizeof msg);
    EXS_ASSERT_EQ(prc, src);
    if (prc != 0 || src != 0) {
        exs_close(c.s);
        exs_close(c.p);
        return;
    }
    EXS_OK(c.p, exs_get_partition(c.p, 4096, &c.part));
    if (c.part.node_count <= MAXV && c.part.elem_count <= MAXV / 32) {
        check_coords(&c, a, b);
        check_blocks(&c, (int64_t *)a, (int64_t *)b);
        check_sets(&c, (int64_t *)a, (int64_t *)b);
        check_vars(&c, a, b, r);
    }
    EXS_OK(c.p, exs_close(c.p));
    exs_close(c.s);
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    const char *dir = exs_test_corpus_dir();
    double *a = malloc(MAXV * 8), *b = malloc(MAXV * 8);
    exs_var_req *r = malloc(4000 * sizeof *r);
    struct dirent **list = NULL;
    int n = scandir(dir, &list, NULL, alphasort), files = 0;
    for (int i = 0; i < n; i++) {
        const char *nm = list[i]->d_name;
        if (nm[0] != '.' && !strstr(nm, ".md") && !strstr(nm, ".tsv")) {
            one_file(dir, nm, a, b, r);
            files++;
        }
        free(list[i]);
    }
    free(list);
    EXS_ASSERT(files >= 50);
    free(a), free(b), free(r);
    return exs_test_mpi_end();
}
