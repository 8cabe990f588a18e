/*
 * closure.c -- the nodes an element slab touches, and nodal values at any
 * nodes, fetched from the ranks whose node slab holds them.
 *
 * A partition gives each rank contiguous node and element ranges; the
 * elements of a rank touch nodes outside its node range (ghost nodes).
 * When every rank asks for at most DIRECT_RUNS runs of consecutive nodes
 * (a slab's closure, in the order a linear distributed mesh numbers it),
 * each run is read from the file straight where it is wanted, one
 * collective read per run: ranks read the nodes they share twice, and
 * nothing travels. Otherwise exs_gather_nodal_all reads each rank's own
 * node slab once, collectively, and moves the values asked for with one
 * all-to-all exchange of ids and one of values. Only the comm layer is
 * used for communication.
 */
#include <stdlib.h>
#include <string.h>

#include "exoslab_par.h"
#include "internal.h"
#include "decomp.h"

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The distinct values of conn[0..n) ascending into out, by marking a
 * table of the value range [lo, hi] (hi - lo < 4n: a slab's closure);
 * O(n + range) instead of a sort. -1 when the table cannot be had. */
static int64_t unique_by_marks(const int64_t *conn, int64_t n, int64_t lo, int64_t hi,
                               int64_t *out)
{
    unsigned char *mark = exsi_dm_calloc(hi - lo + 1, 1);
    if (!mark)
        return -1;
    for (int64_t i = 0; i < n; i++)
        mark[conn[i] - lo] = 1;
    int64_t k = 0;
    for (int64_t v = 0; v <= hi - lo; v++)
        if (mark[v])
            out[k++] = lo + v;
    exsi_dm_free(mark);
    return k;
}

int exs_unique_nodes(const int64_t *conn, int64_t n, int64_t *out, int64_t *nout)
{
    if ((!conn || !out) && n > 0)
        return EXS_EINVAL;
    if (!nout || n < 0)
        return EXS_EINVAL;
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (int64_t i = 0; i < n; i++) {
        lo = conn[i] < lo ? conn[i] : lo;
        hi = conn[i] > hi ? conn[i] : hi;
    }
    if (n > 0 && lo >= 0 && hi - lo < 4 * n) { /* node numbers: no overflow */
        int64_t k = unique_by_marks(conn, n, lo, hi, out);
        if (k >= 0) {
            *nout = k;
            return 0;
        }
    }
    if (out != conn && n > 0)
        memmove(out, conn, (size_t)n * sizeof *out);
    if (n > 0)
        qsort(out, (size_t)n, sizeof *out, cmp_i64);
    int64_t k = 0;
    for (int64_t i = 0; i < n; i++)
        if (k == 0 || out[i] != out[k - 1])
            out[k++] = out[i];
    *nout = k;
    return 0;
}

/* Everything one gather needs, so that the steps stay short. Nodes in
 * my own slab are answered from it directly; only the others travel. */
typedef struct gather {
    exs_file *f;
    int size, rank;
    int64_t *ranges;  /* size x (start, count) of every rank's node slab */
    int *owners;      /* the ranks whose slab has nodes, in node order */
    int nowners;
    int64_t *counts;  /* size x 4: send ids, recv ids, (displacements) */
    int64_t *mine;    /* my own slab's requests: their indices, or, when */
    int64_t nruns;    /* they come in runs (consecutive requests of
                       * consecutive nodes), nruns x (index, slab offset,
                       * length); nruns < 0: indices */
    int direct;       /* one run, the whole slab, nobody else asking: the
                       * slab is read straight into the values */
    int64_t nmine, nout;
    int64_t *order;   /* request index of the k-th id sent */
    int64_t *ids_out; /* ids grouped by owner (none to me) */
    int64_t *ids_in;  /* ids other ranks asked of me */
    char *vals_in;    /* 8-byte values for ids_in */
    char *answers;    /* the values of my requests, in owner order */
    char *slab;       /* my node slab of the field (8-byte values) */
    int64_t nin;      /* ids received */
} gather;

static void gather_free(gather *g)
{
    exsi_dm_free(g->ranges);
    exsi_dm_free(g->owners);
    exsi_dm_free(g->counts);
    exsi_dm_free(g->mine);
    exsi_dm_free(g->answers);
    exsi_dm_free(g->order);
    exsi_dm_free(g->ids_out);
    exsi_dm_free(g->ids_in);
    exsi_dm_free(g->vals_in);
    exsi_dm_free(g->slab);
}

/* The owner of 0-based node `node`: the last rank holding nodes whose
 * slab starts at or before it (the slabs tile the nodes: check_ranges). */
static int owner_of(const gather *g, int64_t node)
{
    int lo = 0, hi = g->nowners - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (g->ranges[2 * g->owners[mid]] <= node)
            lo = mid;
        else
            hi = mid - 1;
    }
    return g->owners[lo];
}

/* Is 1-based node v in rank r's slab? */
static int in_slab(const gather *g, int r, int64_t v)
{
    return (uint64_t)(v - 1 - g->ranges[2 * r]) < (uint64_t)g->ranges[2 * r + 1];
}

/* From request i on (nodes[i] is r's: owner_of), how many requests in a
 * row rank r's slab holds; *runs is their number of runs (consecutive
 * requests of consecutive nodes). One pass. */
static int64_t stretch(const gather *g, int r, int64_t i, int64_t n, const int64_t *nodes,
                       int64_t *runs)
{
    int64_t j = i + 1, k = 1;
    for (; j < n && in_slab(g, r, nodes[j]); j++)
        k += nodes[j] != nodes[j - 1] + 1;
    *runs = k;
    return j - i;
}

/* The ranks' node slabs must tile [0, num_nodes) in rank order. */
static int check_ranges(gather *g, int64_t num_nodes)
{
    int64_t next = 0;
    for (int r = 0; r < g->size; r++) {
        int64_t s = g->ranges[2 * r], c = g->ranges[2 * r + 1];
        if (c == 0)
            continue;
        g->owners[g->nowners++] = r;
        if (s != next)
            return exsi_err(g->f, EXS_EINVAL, "node slabs do not tile the nodes: "
                           "rank %d starts at %lld, expected %lld", r, (long long)s,
                           (long long)next);
        next = s + c;
    }
    if (next != num_nodes)
        return exsi_err(g->f, EXS_EINVAL, "node slabs cover [0, %lld) of %lld nodes",
                       (long long)next, (long long)num_nodes);
    return 0;
}

static int check_args(exs_file *f, const exs_partition *p, exs_nodal_field what,
                      int sub, int64_t step, int64_t n, const int64_t *nodes,
                      const void *values)
{
    if (!p || n < 0 || (n > 0 && (!nodes || !values)))
        return exsi_err(f, EXS_EINVAL, "exs_gather_nodal_all: bad arguments");
    if (what != EXS_FIELD_COORD && what != EXS_FIELD_VAR && what != EXS_FIELD_ID_)
        return exsi_err(f, EXS_EINVAL, "exs_gather_nodal_all: unknown field %d",
                       (int)what);
    if (what == EXS_FIELD_COORD && (sub < 0 || sub >= f->num_dim))
        return exsi_err(f, EXS_ERANGE, "coordinate axis %d of %d", sub, f->num_dim);
    if (what == EXS_FIELD_VAR && (sub < 0 || sub >= f->vars[EXS_NODAL].n ||
                                  step < 0 || step >= f->num_times))
        return exsi_err(f, EXS_ERANGE, "nodal variable %d at step %lld: the file has "
                       "%d variables and %lld steps", sub, (long long)step,
                       f->vars[EXS_NODAL].n, (long long)f->num_times);
    return exsi_util_check_slab(f, "node slab", p->node_start, p->node_count, f->num_nodes);
}

/* Every requested node in 1..num_nodes: one pass whatever the fields. */
static int check_nodes(exs_file *f, int64_t n, const int64_t *nodes)
{
    int64_t bad = -1;
    for (int64_t i = 0; i < n; i++)
        bad = (uint64_t)(nodes[i] - 1) >= (uint64_t)f->num_nodes ? i : bad;
    if (bad < 0)
        return 0;
    return exsi_err(f, EXS_ERANGE, "node %lld outside 1..%lld", (long long)nodes[bad],
                    (long long)f->num_nodes);
}

/* Byte counts of an exchange of `width`-byte values. */
static void byte_counts(const int64_t *n, int size, int64_t width, int64_t *out)
{
    for (int r = 0; r < size; r++)
        out[r] = n[r] * width;
}

/* Nodes [start, start + count) of one field into `to`, collectively. */
static int read_nodes(exs_file *f, const exsi_gather_field *fl, int64_t start,
                      int64_t count, void *to)
{
    if (fl->what == EXS_FIELD_ID_)
        return exs_get_id_map_all(f, EXS_NODE_MAP, start, count, EXS_I64, to);
    if (fl->what == EXS_FIELD_COORD)
        return exs_get_coord_all(f, fl->sub, start, count, EXS_F64, to);
    return exs_get_var_all(f, EXS_NODAL, 0, fl->sub, fl->step, start, count, EXS_F64, to);
}

/* My node slab of the field into g->slab, or, direct, straight where my
 * requests want it (values from the run's first index). */
static int read_slab(gather *g, const exs_partition *p, const exsi_gather_field *fl)
{
    void *to = g->direct ? (char *)fl->values + 8 * g->mine[0] : g->slab;
    return read_nodes(g->f, fl, p->node_start, p->node_count, to);
}

/* Learn every rank's slab; the slab buffer up front. */
static int gather_setup(gather *g, const exs_partition *p)
{
    int size = g->size;
    g->ranges = exsi_dm_alloc(2 * (int64_t)size, sizeof *g->ranges);
    g->owners = exsi_dm_alloc(size, sizeof *g->owners);
    g->counts = exsi_dm_calloc(4 * (int64_t)size, sizeof *g->counts);
    int rc = g->ranges && g->owners && g->counts
                 ? 0
                 : exsi_err(g->f, EXS_ENOMEM, "gather buffers");
    rc = exsi_err_agree(g->f, rc);
    if (rc != 0)
        return rc;
    int64_t mine[2] = {p->node_start, p->node_count};
    if (exsi_comm_allgather_i64(g->f->comm, mine, 2, g->ranges) != 0)
        return exsi_err(g->f, EXS_EMPI, "exchanging node slabs");
    return exsi_err_agree(g->f, check_ranges(g, g->f->num_nodes));
}

/* My own stretch from request i on into g->mine (after m entries): its
 * indices, or its runs (index, slab offset, length). Its length into *k;
 * the new m. */
static int64_t route_mine(gather *g, const exs_partition *p, const int64_t *nodes,
                          int64_t i, int64_t n, int64_t m, int64_t *k)
{
    int64_t j = i;
    for (; g->nruns < 0 && j < n && (j == i || in_slab(g, g->rank, nodes[j])); j++)
        g->mine[m++] = j;
    for (; g->nruns >= 0 && j < n && (j == i || in_slab(g, g->rank, nodes[j])); j++) {
        if (j > i && nodes[j] == nodes[j - 1] + 1) {
            g->mine[3 * m - 1]++;
            continue;
        }
        g->mine[3 * m] = j, g->mine[3 * m + 1] = nodes[j] - 1 - p->node_start;
        g->mine[3 * m++ + 2] = 1;
    }
    *k = j - i;
    return m;
}

/* Rank r's stretch from request i on, out to r: the ids and where their
 * answers go. Its length. */
static int64_t route_other(gather *g, int r, int64_t i, int64_t n, const int64_t *nodes,
                           int64_t *at)
{
    int64_t j = i;
    for (; j < n && (j == i || in_slab(g, r, nodes[j])); j++) {
        g->order[at[r]] = j;
        g->ids_out[at[r]++] = nodes[j];
    }
    return j - i;
}

/* Group the requested ids by owner (a counting sort), my own apart, and
 * tell every rank how many ids it will receive. */
static int gather_route(gather *g, const exs_partition *p, int64_t n, const int64_t *nodes)
{
    int64_t *send = g->counts, *recv = g->counts + g->size;
    int64_t *at = g->counts + 2 * g->size;
    int64_t runs = 0;
    for (int64_t i = 0, k, kr; i < n; i += k) { /* a stretch of one owner at a time */
        int r = owner_of(g, nodes[i] - 1);
        k = stretch(g, r, i, n, nodes, &kr);
        send[r] += k;
        runs += r == g->rank ? kr : 0;
    }
    g->nmine = send[g->rank];
    g->nout = n - g->nmine;
    send[g->rank] = 0;
    g->nruns = 3 * runs <= g->nmine ? runs : -1;
    g->mine = exsi_dm_alloc(1, (size_t)(g->nruns >= 0 ? 3 * runs : g->nmine) * sizeof *g->mine + 1);
    g->order = exsi_dm_alloc(1, (size_t)(g->nout ? g->nout : 1) * sizeof *g->order);
    g->ids_out = exsi_dm_alloc(1, (size_t)(g->nout ? g->nout : 1) * sizeof *g->ids_out);
    g->answers = exsi_dm_alloc(1, (size_t)(g->nout ? g->nout : 1) * 8);
    int rc = g->mine && g->order && g->ids_out && g->answers
                 ? 0
                 : exsi_err(g->f, EXS_ENOMEM, "gather buffers");
    if ((rc = exsi_err_agree(g->f, rc)) != 0)
        return rc;
    for (int r = 1; r < g->size; r++)
        at[r] = at[r - 1] + send[r - 1];
    for (int64_t i = 0, m = 0, k; i < n; i += k) {
        int r = owner_of(g, nodes[i] - 1);
        if (r == g->rank)
            m = route_mine(g, p, nodes, i, n, m, &k);
        else
            k = route_other(g, r, i, n, nodes, at);
    }
    if (exsi_comm_alltoall_i64(g->f->comm, send, recv) != 0)
        return exsi_err(g->f, EXS_EMPI, "exchanging request counts");
    g->nin = 0;
    for (int r = 0; r < g->size; r++)
        g->nin += recv[r];
    size_t nb = (size_t)(g->nin ? g->nin : 1);
    g->ids_in = exsi_dm_alloc(1, nb * sizeof *g->ids_in);
    g->vals_in = exsi_dm_alloc(1, nb * 8);
    g->direct = g->nin == 0 && g->nruns == 1 && g->mine[1] == 0 &&
                g->mine[2] == p->node_count;
    if (!g->direct)
        g->slab = exsi_dm_alloc(1, (size_t)(p->node_count ? p->node_count : 1) * 8);
    rc = g->ids_in && g->vals_in && (g->direct || g->slab)
             ? 0
             : exsi_err(g->f, EXS_ENOMEM, "gather buffers");
    if ((rc = exsi_err_agree(g->f, rc)) != 0)
        return rc;
    int64_t *sb = g->counts + 2 * g->size, *rb = g->counts + 3 * g->size;
    byte_counts(send, g->size, 8, sb);
    byte_counts(recv, g->size, 8, rb);
    rc = exsi_comm_alltoallv_bytes(g->f->comm, g->ids_out, sb, g->ids_in, rb);
    return rc ? exsi_err(g->f, rc, "exchanging node ids") : 0;
}

/* One field: my own requests from the slab, the others' values out, the
 * answers put where they were asked for. */
static int gather_exchange(gather *g, const exs_partition *p, const int64_t *nodes,
                           void *values)
{
    int64_t *sb = g->counts + 2 * g->size, *rb = g->counts + 3 * g->size;
    int64_t s0 = p->node_start;
    char *out = values;
    for (int64_t k = 0; !g->direct && k < g->nruns; k++)
        memcpy(out + 8 * g->mine[3 * k], g->slab + 8 * g->mine[3 * k + 1],
               8 * (size_t)g->mine[3 * k + 2]);
    for (int64_t k = 0; g->nruns < 0 && k < g->nmine; k++)
        memcpy(out + 8 * g->mine[k], g->slab + 8 * (nodes[g->mine[k]] - 1 - s0), 8);
    for (int64_t k = 0; k < g->nin; k++)
        memcpy(g->vals_in + 8 * k, g->slab + 8 * (g->ids_in[k] - 1 - s0), 8);
    /* the answers travel back: what I received is what I send */
    int rc = exsi_comm_alltoallv_bytes(g->f->comm, g->vals_in, rb, g->answers, sb);
    if (rc != 0)
        return exsi_err(g->f, rc, "exchanging node values");
    for (int64_t k = 0; k < g->nout; k++)
        memcpy(out + 8 * g->order[k], g->answers + 8 * k, 8);
    return 0;
}

#define DIRECT_RUNS 8     /* requests in at most this many runs: read run by run */
#define BREAK_LANES 32    /* requests per fixed-length step: what -O2 vectorises */

/* The runs of nodes[0..n) (consecutive requests of consecutive nodes):
 * their first requests into at[], their number; DIRECT_RUNS + 1 when
 * there are more. The breaks are counted first, in vectorised steps. */
EXSI_AVX2_CLONES static int request_runs(const int64_t *nodes, int64_t n, int64_t *at)
{
    int64_t breaks = 0, j = 1;
    for (; j + BREAK_LANES <= n; j += BREAK_LANES)
        for (int t = 0; t < BREAK_LANES; t++)
            breaks += nodes[j + t] != nodes[j + t - 1] + 1;
    for (; j < n; j++)
        breaks += nodes[j] != nodes[j - 1] + 1;
    if (n > 0 && breaks >= DIRECT_RUNS)
        return DIRECT_RUNS + 1;
    int k = 0;
    for (int64_t i = 0; i < n; i++)
        if (i == 0 || nodes[i] != nodes[i - 1] + 1)
            at[k++] = i;
    at[k] = n;
    return k;
}

/* The most runs any rank asks for. (Collective; a failure is agreed on
 * by the caller's last step.) */
static int agree_runs(exs_file *f, int runs, int *most)
{
    int64_t mine = runs, all = 0;
    if (exsi_comm_allreduce_i64(f->comm, &mine, &all, 1, EXS_OP_MAX) != 0)
        return exsi_err(f, EXS_EMPI, "agreeing on the gather");
    *most = (int)all;
    return 0;
}

/* Every rank's requests are at most `most` runs (mine: runs, from at[]):
 * for each field, run after run, one collective read straight into the
 * values (an empty read where a rank has fewer runs), so that every rank
 * makes the same calls; each read agrees on its outcome. */
static int read_runs(exs_file *f, int nf, const exsi_gather_field *fl, int most, int runs,
                     const int64_t *at, const int64_t *nodes)
{
    int64_t none = 0;
    int rc = 0;
    for (int i = 0; rc == 0 && i < nf; i++)
        for (int r = 0; rc == 0 && r < most; r++) {
            int64_t first = r < runs ? at[r] : 0, len = r < runs ? at[r + 1] - at[r] : 0;
            void *to = len > 0 ? (char *)fl[i].values + 8 * first : (void *)&none;
            rc = read_nodes(f, &fl[i], len > 0 ? nodes[first] - 1 : 0, len, to);
        }
    return rc;
}

/* Any 8-byte nodal fields at the same nodes, one route for all of them:
 * doubles, or the node id map as int64_t. */
static int gather_run(exs_file *f, const exs_partition *p, int nf, const exsi_gather_field *fl,
                      int64_t n, const int64_t *nodes)
{
    if (!f)
        return EXS_EINVAL;
    gather g = {.f = f, .size = exsi_comm_size(f->comm), .rank = exsi_comm_rank(f->comm)};
    int rc = nf < 1 ? exsi_err(f, EXS_EINVAL, "exs_gather_nodal_all: no field") : 0;
    for (int i = 0; rc == 0 && i < nf; i++)
        rc = check_args(f, p, fl[i].what, fl[i].sub, fl[i].step, n, nodes, fl[i].values);
    if (rc == 0)
        rc = check_nodes(f, n, nodes);
    rc = exsi_err_agree(f, rc);
    if (rc == 0)
        rc = gather_setup(&g, p); /* the slabs are checked either way */
    int64_t at[DIRECT_RUNS + 1];
    int runs = rc == 0 ? request_runs(nodes, n, at) : 0, most = DIRECT_RUNS + 1;
    if (rc == 0)
        rc = agree_runs(f, runs, &most);
    if (rc == 0 && most <= DIRECT_RUNS) {
        gather_free(&g);
        return read_runs(f, nf, fl, most, runs, at, nodes);
    }
    if (rc == 0)
        rc = gather_route(&g, p, n, nodes);
    for (int i = 0; rc == 0 && i < nf; i++) {
        rc = read_slab(&g, p, &fl[i]);
        if (rc == 0)
            rc = gather_exchange(&g, p, nodes, fl[i].values);
    }
    gather_free(&g);
    return exsi_err_agree(f, rc);
}

int exsi_decomp_gather_fields_all(exs_file *f, const exs_partition *p, int nf,
                                  const exsi_gather_field *fields, int64_t n,
                                  const int64_t *nodes)
{
    return gather_run(f, p, nf, fields, n, nodes);
}

int exs_gather_nodal_all(exs_file *f, const exs_partition *p, exs_nodal_field what,
                         int sub, int64_t step, int64_t n, const int64_t *nodes,
                         double *values)
{
    if (what == EXS_FIELD_ID_) /* internal: not a double field */
        what = -1;
    exsi_gather_field one = {what, sub, step, values};
    return gather_run(f, p, 1, &one, n, nodes);
}

int exsi_decomp_gather_node_ids_all(exs_file *f, const exs_partition *p, int64_t n,
                            const int64_t *nodes, int64_t *ids)
{
    exsi_gather_field one = {EXS_FIELD_ID_, 0, 0, ids};
    return gather_run(f, p, 1, &one, n, nodes);
}
