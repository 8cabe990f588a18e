/* test_par_read.c -- every corpus file read in parallel, each rank its
 * partition's slabs through the collective calls, equals the serial read
 * of the same slabs (together the slabs tile the file: test_partition).
 *
 * Every buffer passed has a canary right after its documented size,
 * checked after each call (canary.h), on both backends (netCDF-4/HDF5
 * and the classic formats through PnetCDF): the partition's slabs, count
 * 0 on every accessor, and element slabs that end before the last block.
 * The totals are printed per backend for docs/reliability.md. */
#include <dirent.h>

#include "canary.h"
#include "exoslab_par.h"
#include "exs_test_mpi.h"

enum { MAXV = 1 << 16, GUARD = CANARY_SLOTS };

typedef struct ctx {
    exs_file *p, *s; /* parallel and serial handles of one file */
    exs_partition part;
    const char *name;
    int rank, size;
} ctx;

static int same(const void *a, const void *b, int64_t n, size_t w)
{
    return n == 0 || memcmp(a, b, (size_t)n * w) == 0;
}

static void check_coords(ctx *c, double *a, double *b)
{
    int64_t nd = 0, ns = c->part.node_start, nn = c->part.node_count;
    int64_t es = c->part.elem_start, ne = c->part.elem_count;
    exs_inquire(c->s, EXS_INQ_NUM_DIM, &nd);
    for (int ax = 0; ax < nd; ax++) {
        CANARY_CALL(c->p, a, nn, 8, exs_get_coord_all(c->p, ax, ns, nn, EXS_F64, a));
        CANARY_CALL(c->s, b, nn, 8, exs_get_coord(c->s, ax, ns, nn, EXS_F64, b));
        if (!same(a, b, nn, 8))
            EXS_FAIL_("%s: coord %d differs", c->name, ax);
    }
    CANARY_CALL(c->p, a, nn, 8, exs_get_id_map_all(c->p, EXS_NODE_MAP, ns, nn, EXS_I64, a));
    CANARY_CALL(c->s, b, nn, 8, exs_get_id_map(c->s, EXS_NODE_MAP, ns, nn, EXS_I64, b));
    EXS_ASSERT(same(a, b, nn, 8));
    CANARY_CALL(c->p, a, ne, 8, exs_get_id_map_all(c->p, EXS_ELEM_MAP, es, ne, EXS_I64, a));
    CANARY_CALL(c->s, b, ne, 8, exs_get_id_map(c->s, EXS_ELEM_MAP, es, ne, EXS_I64, b));
    EXS_ASSERT(same(a, b, ne, 8));
}

/* Entries [*s, *s + *n) of block e that fall in elements [lo, hi). */
static void overlap(const exs_entity_info *e, int64_t lo, int64_t hi, int64_t *s,
                    int64_t *n)
{
    int64_t a = e->offset > lo ? e->offset : lo;
    int64_t b = e->offset + e->num_entries < hi ? e->offset + e->num_entries : hi;
    *s = b > a ? a - e->offset : 0;
    *n = b > a ? b - a : 0;
}

/* This rank's share of block e: its piece of the element slab, or for
 * NSIDED/NFACED a split of the flat array. */
static void block_slab(ctx *c, const exs_entity_info *e, int64_t *s, int64_t *n)
{
    if (e->topo == EXS_TOPO_NSIDED || e->topo == EXS_TOPO_NFACED) {
        int64_t len = e->topo == EXS_TOPO_NFACED ? e->faces_per_entry : e->nodes_per_entry;
        exs_split_range(len, 1, c->size, c->rank, s, n);
        return;
    }
    overlap(e, c->part.elem_start, c->part.elem_start + c->part.elem_count, s, n);
}

static int is_flat(const exs_entity_info *e)
{
    return e->topo == EXS_TOPO_NSIDED || e->topo == EXS_TOPO_NFACED;
}

static void check_blocks(ctx *c, int64_t *a, int64_t *b)
{
    int64_t nb = 0, ids[256], at = 0, doc = 0;
    int flat = 0, skipped = 0;
    exs_num_entities(c->s, EXS_ELEM_BLOCK, &nb);
    exs_get_ids(c->s, EXS_ELEM_BLOCK, ids);
    for (int64_t i = 0; i < nb && i < 256; i++) {
        exs_entity_info e;
        int64_t s, n;
        exs_get_entity(c->s, EXS_ELEM_BLOCK, ids[i], &e);
        if (e.num_entries == 0)
            continue;
        block_slab(c, &e, &s, &n);
        int isflat = is_flat(&e);
        int64_t per = isflat ? 1 : e.nodes_per_entry;
        flat |= isflat;
        doc += isflat ? 0 : n * per;
        if (n * per > MAXV || at + n * per > MAXV) {
            skipped = 1;
            continue;
        }
        exs_conn which = e.topo == EXS_TOPO_NFACED ? EXS_CONN_FACES : EXS_CONN_NODES;
        CANARY_CALL(c->p, a, n * per, 8,
                    exs_get_conn_all(c->p, EXS_ELEM_BLOCK, ids[i], which, s, n, EXS_I64, a));
        CANARY_CALL(c->s, b + at, n * per, 8,
                    exs_get_conn(c->s, EXS_ELEM_BLOCK, ids[i], which, s, n, EXS_I64, b + at));
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
    /* too big for the buffer: every rank still makes the (collective) call */
    int64_t count = doc > MAXV ? 0 : c->part.elem_count;
    doc = doc > MAXV ? 0 : doc;
    CANARY_CALL(c->p, a, doc, 8, exs_get_elem_conn_all(c->p, c->part.elem_start, count,
                                                       EXS_I64, a));
    if (!skipped && doc > 0 && !same(a, b, at, 8))
        EXS_FAIL_("%s: element slab conn differs", c->name);
}

/* Element slabs that end before the last block: the ranks split
 * [0, start of the last block) and read it in one call; the values equal
 * the serial block reads, and nothing is written past the slab. */
static void before_last_block(ctx *c, int64_t *a, int64_t *b)
{
    int64_t nb = 0, ids[256], last = -1, doc = 0;
    exs_entity_info e;
    exs_num_entities(c->s, EXS_ELEM_BLOCK, &nb);
    exs_get_ids(c->s, EXS_ELEM_BLOCK, ids);
    for (int64_t i = 0; i < nb && i < 256; i++) {
        exs_get_entity(c->s, EXS_ELEM_BLOCK, ids[i], &e);
        if (is_flat(&e))
            return;
        if (e.num_entries > 0)
            last = e.offset;
    }
    if (nb < 2 || last <= 0)
        return;
    int64_t s0, m;
    exs_split_range(last, 1, c->size, c->rank, &s0, &m);
    for (int64_t i = 0; i < nb && i < 256; i++) {
        int64_t s, n;
        exs_get_entity(c->s, EXS_ELEM_BLOCK, ids[i], &e);
        overlap(&e, s0, s0 + m, &s, &n);
        if (doc + n * e.nodes_per_entry <= MAXV && n > 0)
            CANARY_CALL(c->s, b + doc, n * e.nodes_per_entry, 8,
                        exs_get_conn(c->s, EXS_ELEM_BLOCK, ids[i], EXS_CONN_NODES, s, n,
                                     EXS_I64, b + doc));
        doc += n * e.nodes_per_entry;
    }
    if (doc > MAXV)
        m = doc = 0;
    CANARY_CALL(c->p, a, doc, 8, exs_get_elem_conn_all(c->p, s0, m, EXS_I64, a));
    if (!same(a, b, doc, 8))
        EXS_FAIL_("%s: slab [%lld, +%lld) before the last block differs", c->name,
                  (long long)s0, (long long)m);
}

/* Every set of every kind: this rank's split of the members, sides and
 * distribution factors; and the per-entry counts of polygon blocks. The
 * sides go after the members' canary. */
static void check_sets(ctx *c, int64_t *a, int64_t *b)
{
    for (int k = EXS_NODE_SET; k <= EXS_ELEM_SET; k++) {
        int64_t n = 0, ids[512];
        exs_num_entities(c->s, (exs_kind)k, &n);
        exs_get_ids(c->s, (exs_kind)k, ids);
        for (int64_t i = 0; i < n && i < 512; i++) {
            exs_entity_info e;
            int64_t s, m, ds, dm;
            exs_get_entity(c->s, (exs_kind)k, ids[i], &e);
            exs_split_range(e.num_entries, 1, c->size, c->rank, &s, &m);
            exs_split_range(e.num_df, 1, c->size, c->rank, &ds, &dm);
            if (2 * (m + GUARD) > MAXV || dm > MAXV)
                continue;
            int sides = k == EXS_SIDE_SET;
            int64_t *ax = a + m + GUARD, *bx = b + m + GUARD;
            canary_set(ax, (size_t)m * 8);
            CANARY_CALL(c->p, a, m, 8, exs_get_set_all(c->p, (exs_kind)k, ids[i], s, m,
                                                       EXS_I64, a, sides ? ax : NULL));
            canary_check(ax, (size_t)m * 8, "exs_get_set_all (sides)");
            canary_set(bx, (size_t)m * 8);
            CANARY_CALL(c->s, b, m, 8, exs_get_set(c->s, (exs_kind)k, ids[i], s, m,
                                                   EXS_I64, b, sides ? bx : NULL));
            canary_check(bx, (size_t)m * 8, "exs_get_set (sides)");
            if (!same(a, b, m, 8) || (sides && !same(ax, bx, m, 8)))
                EXS_FAIL_("%s: set %lld members differ", c->name, (long long)ids[i]);
            CANARY_CALL(c->p, a, dm, 8,
                        exs_get_df_all(c->p, (exs_kind)k, ids[i], ds, dm, EXS_F64, a));
            CANARY_CALL(c->s, b, dm, 8,
                        exs_get_df(c->s, (exs_kind)k, ids[i], ds, dm, EXS_F64, b));
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
        exs_split_range(e.num_entries, 1, c->size, c->rank, &s, &m);
        if (m > MAXV)
            continue;
        CANARY_CALL(c->p, a, m, 8, exs_get_entry_counts_all(c->p, EXS_ELEM_BLOCK, ids[i],
                                                            s, m, EXS_I64, a));
        CANARY_CALL(c->s, b, m, 8, exs_get_entry_counts(c->s, EXS_ELEM_BLOCK, ids[i], s, m,
                                                        EXS_I64, b));
        if (!same(a, b, m, 8))
            EXS_FAIL_("%s: block %lld entry counts differ", c->name, (long long)ids[i]);
    }
}

/* Requests for one step: nodal variables on my node slab, element
 * variables on my pieces, each buffer followed by a canary; one batch,
 * compared with serial reads. */
static void add_req(exs_var_req *r, int64_t *k, int64_t *at, double *a, exs_kind kind,
                    int64_t id, int v, int64_t start, int64_t count)
{
    r[(*k)++] = (exs_var_req){kind, id, v, start, count, EXS_F64, a + *at};
    canary_set(a + *at, (size_t)count * 8);
    *at += count + GUARD;
}

static int64_t build_reqs(ctx *c, exs_var_req *r, double *a)
{
    int nv = 0, ne = 0;
    int64_t k = 0, at = 0, nb = 0, ids[256];
    exs_num_vars(c->s, EXS_NODAL, &nv);
    for (int v = 0; v < nv && at + c->part.node_count + GUARD <= MAXV; v++)
        add_req(r, &k, &at, a, EXS_NODAL, 0, v, c->part.node_start, c->part.node_count);
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
        for (int v = 0; v < ne && k < 4000 && at + pc[i].count + GUARD <= MAXV; v++)
            if (truth[bi * ne + v])
                add_req(r, &k, &at, a, EXS_ELEM_BLOCK, pc[i].block_id, v,
                        pc[i].block_start, pc[i].count);
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
            canary_check(r[i].buf, (size_t)r[i].count * 8, "exs_get_vars_all");
            CANARY_CALL(c->s, b, r[i].count, 8,
                        exs_get_var(c->s, r[i].kind, r[i].id, r[i].var, step, r[i].start,
                                    r[i].count, EXS_F64, b));
            if (!same(r[i].buf, b, r[i].count, 8))
                EXS_FAIL_("%s: step %lld var %d of kind %d differs", c->name,
                          (long long)step, r[i].var, (int)r[i].kind);
        }
        /* a global variable read by everyone, single call */
        int ng = 0;
        exs_num_vars(c->s, EXS_GLOBAL, &ng);
        if (ng > 0) {
            CANARY_CALL(c->p, a, ng, 8,
                        exs_get_var_all(c->p, EXS_GLOBAL, 0, 0, step, 0, ng, EXS_F64, a));
            CANARY_CALL(c->s, b, ng, 8,
                        exs_get_var(c->s, EXS_GLOBAL, 0, 0, step, 0, ng, EXS_F64, b));
            EXS_ASSERT(same(a, b, ng, 8));
        }
    }
}

/* Count 0 on every collective accessor the file allows: the documented
 * buffer is empty, so the canary sits at buf[0]. The first ZMAX entities
 * of each kind (each call is collective, and the rank count is
 * oversubscribed in CI). */
enum { ZMAX = 8 };
#define ZERO(f, buf, call) CANARY_CALL(f, buf, 0, 8, call)

static void zero_blocks(ctx *c, double *a)
{
    int64_t nb = 0, ids[256];
    exs_num_entities(c->s, EXS_ELEM_BLOCK, &nb);
    exs_get_ids(c->s, EXS_ELEM_BLOCK, ids);
    for (int64_t i = 0; i < nb && i < ZMAX; i++) {
        exs_entity_info e;
        exs_get_entity(c->s, EXS_ELEM_BLOCK, ids[i], &e);
        if (e.num_entries == 0)
            continue;
        exs_conn which = e.topo == EXS_TOPO_NFACED ? EXS_CONN_FACES : EXS_CONN_NODES;
        ZERO(c->p, a, exs_get_conn_all(c->p, EXS_ELEM_BLOCK, ids[i], which, 0, 0,
                                       EXS_I64, a));
        if (e.num_attr > 0)
            ZERO(c->p, a, exs_get_attr_all(c->p, EXS_ELEM_BLOCK, ids[i], 0, 0, EXS_F64, a));
        ZERO(c->p, a, exs_get_entry_counts_all(c->p, EXS_ELEM_BLOCK, ids[i], 0, 0,
                                               EXS_I64, a));
    }
    ZERO(c->p, a, exs_get_elem_conn_all(c->p, 0, 0, EXS_I64, a));
}

static void zero_sets(ctx *c, double *a)
{
    for (int k = EXS_NODE_SET; k <= EXS_ELEM_SET; k++) {
        int64_t n = 0, ids[512];
        exs_num_entities(c->s, (exs_kind)k, &n);
        exs_get_ids(c->s, (exs_kind)k, ids);
        for (int64_t i = 0; i < n && i < ZMAX; i++) {
            double *x = a + GUARD;
            canary_set(x, 0);
            ZERO(c->p, a, exs_get_set_all(c->p, (exs_kind)k, ids[i], 0, 0, EXS_I64, a,
                                          k == EXS_SIDE_SET ? x : NULL));
            canary_check(x, 0, "exs_get_set_all (sides, count 0)");
            ZERO(c->p, a, exs_get_df_all(c->p, (exs_kind)k, ids[i], 0, 0, EXS_F64, a));
        }
    }
}

static void zero_vars(ctx *c, double *a, exs_var_req *r)
{
    int64_t nt = 0;
    int nv = 0, ng = 0;
    exs_inquire(c->s, EXS_INQ_NUM_TIMES, &nt);
    exs_num_vars(c->s, EXS_NODAL, &nv);
    exs_num_vars(c->s, EXS_GLOBAL, &ng);
    ZERO(c->p, a, exs_get_times_all(c->p, 0, 0, EXS_F64, a));
    if (nt == 0)
        return;
    if (ng > 0)
        ZERO(c->p, a, exs_get_var_all(c->p, EXS_GLOBAL, 0, 0, 0, 0, 0, EXS_F64, a));
    if (nv == 0)
        return;
    ZERO(c->p, a, exs_get_var_all(c->p, EXS_NODAL, 0, 0, 0, 0, 0, EXS_F64, a));
    r[0] = (exs_var_req){EXS_NODAL, 0, 0, 0, 0, EXS_F64, a};
    r[1] = (exs_var_req){EXS_NODAL, 0, nv - 1, 0, 0, EXS_F64, a + GUARD};
    canary_set(a + GUARD, 0);
    ZERO(c->p, a, exs_get_vars_all(c->p, 0, 2, r));
    canary_check(a + GUARD, 0, "exs_get_vars_all (count 0)");
}

static void zero_counts(ctx *c, double *a, exs_var_req *r)
{
    int64_t nd = 0;
    exs_inquire(c->s, EXS_INQ_NUM_DIM, &nd);
    for (int ax = 0; ax < nd; ax++)
        ZERO(c->p, a, exs_get_coord_all(c->p, ax, 0, 0, EXS_F64, a));
    ZERO(c->p, a, exs_get_id_map_all(c->p, EXS_NODE_MAP, 0, 0, EXS_I64, a));
    ZERO(c->p, a, exs_get_id_map_all(c->p, EXS_ELEM_MAP, 0, 0, EXS_I64, a));
    zero_blocks(c, a);
    zero_sets(c, a);
    zero_vars(c, a, r);
}

static void one_file(const char *dir, const char *name, double *a, double *b,
                     exs_var_req *r, long long *by_backend)
{
    char path[1024], msg[512];
    ctx c = {.name = name};
    MPI_Comm_rank(MPI_COMM_WORLD, &c.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &c.size);
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
    long long before = canary_count();
    int64_t fmt = 0;
    exs_inquire(c.s, EXS_INQ_FORMAT, &fmt);
    zero_counts(&c, a, r);
    EXS_OK(c.p, exs_get_partition(c.p, 4096, &c.part));
    if (c.part.node_count <= MAXV && c.part.elem_count <= MAXV / 32) {
        check_coords(&c, a, b);
        check_blocks(&c, (int64_t *)a, (int64_t *)b);
        before_last_block(&c, (int64_t *)a, (int64_t *)b);
        check_sets(&c, (int64_t *)a, (int64_t *)b);
        check_vars(&c, a, b, r);
    }
    int nc4 = fmt == EXS_FORMAT_NETCDF4 || fmt == EXS_FORMAT_NETCDF4_CLASSIC;
    by_backend[nc4] += canary_count() - before;
    by_backend[2 + nc4]++;
    EXS_OK(c.p, exs_close(c.p));
    exs_close(c.s);
}

static void report(const long long *by_backend)
{
    long long sum[4] = {0};
    MPI_Allreduce(by_backend, sum, 4, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    if (exs_test_rank == 0)
        printf("canaries: PnetCDF (classic) %lld checks over %lld files, "
               "netCDF-4/HDF5 %lld checks over %lld files (checks summed over ranks)\n",
               sum[0], by_backend[2], sum[1], by_backend[3]);
    canary_report("test_par_read");
}

int main(int argc, char **argv)
{
    exs_test_mpi_init(&argc, &argv);
    const char *dir = exs_test_corpus_dir();
    /* room for the canaries after the largest documented buffer */
    double *a = malloc((MAXV + 2 * GUARD) * 8), *b = malloc((MAXV + 2 * GUARD) * 8);
    exs_var_req *r = malloc(4000 * sizeof *r);
    long long by_backend[4] = {0};
    struct dirent **list = NULL;
    int n = scandir(dir, &list, NULL, alphasort), files = 0;
    for (int i = 0; i < n; i++) {
        const char *nm = list[i]->d_name;
        if (nm[0] != '.' && !strstr(nm, ".md") && !strstr(nm, ".tsv")) {
            one_file(dir, nm, a, b, r, by_backend);
            files++;
        }
        free(list[i]);
    }
    free(list);
    EXS_ASSERT(files >= 50);
    /* both backends were exercised */
    EXS_ASSERT(by_backend[2] > 0 && by_backend[3] > 0);
    report(by_backend);
    free(a), free(b), free(r);
    return exs_test_mpi_end();
}
