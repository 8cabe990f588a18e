/*
 * dmesh_local.c -- local numbering: nodes owned / shared / ghost, elements
 * owned then ghost per block, connectivity in local nodes, shared lists.
 */
#include <stdlib.h>
#include <string.h>

#include "decomp.h"
#include "internal.h"


static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The local nodes as runs of consecutive global nodes, when there are at
 * most EXSI_DM_RUNS (a slab's closure: its own nodes, then the shared
 * ones below them): b->nruns, else 0. */
static void node_runs(dm_build *b)
{
    const int64_t *g = b->dm->node1;
    int64_t o = b->dm->nnodes;
    b->nruns = 0;
    for (int r = 0; r < EXSI_DM_RUNS; r++)
        b->run_g[r] = b->run_l[r] = b->run_n[r] = 0;
    int n = 0;
    for (int64_t i = 0, j; i < o; i = j) {
        if (n == EXSI_DM_RUNS)
            return;
        for (j = i + 1; j < o && g[j] == g[j - 1] + 1;)
            j++;
        b->run_g[n] = g[i], b->run_l[n] = i, b->run_n[n++] = j - i;
    }
    b->nruns = n;
}

#define RUN_LANES 32 /* entries per fixed-length step: what -O2 vectorises */

/* One entry by the runs, sorted by their first global node S[r]: the
 * entry is in one of them (every owned entry's node is local), so it is
 * in the last run starting at or below it, whose shift (local - global)
 * is D[0] plus the steps D[r] of the runs passed (unused runs start at
 * INT64_MAX and never count). Signed compares only: what AVX2 has. */
static inline int64_t by_runs(int64_t v, const int64_t *S, const int64_t *D)
{
    return v + D[0] + (v >= S[1] ? D[1] : 0) + (v >= S[2] ? D[2] : 0) +
           (v >= S[3] ? D[3] : 0);
}

/* Global 1-based nodes p[0..n), all local, to local indices in place, by
 * the runs: no table, and fixed-length steps the compiler vectorises. */
EXSI_AVX2_CLONES static void map_by_runs(const dm_build *b, int64_t *p, int64_t n)
{
    int64_t S[EXSI_DM_RUNS], D[EXSI_DM_RUNS], shift[EXSI_DM_RUNS];
    int nr = b->nruns;
    for (int r = 0; r < EXSI_DM_RUNS; r++) /* the runs sorted by S (at most 4) */
        S[r] = r < nr ? b->run_g[r] : INT64_MAX, shift[r] = r < nr ? b->run_l[r] - b->run_g[r] : 0;
    for (int r = 1; r < nr; r++)
        for (int q = r; q > 0 && S[q] < S[q - 1]; q--) {
            int64_t ts = S[q], td = shift[q];
            S[q] = S[q - 1], shift[q] = shift[q - 1], S[q - 1] = ts, shift[q - 1] = td;
        }
    D[0] = shift[0];
    for (int r = 1; r < EXSI_DM_RUNS; r++)
        D[r] = r < nr ? shift[r] - shift[r - 1] : 0;
    int64_t j = 0;
    for (; j + RUN_LANES <= n; j += RUN_LANES)
        for (int t = 0; t < RUN_LANES; t++)
            p[j + t] = by_runs(p[j + t], S, D);
    for (; j < n; j++)
        p[j] = by_runs(p[j], S, D);
}

/* Global node -> local index for the connectivity (8 per hex: the hot
 * loop of the build). Runs when the local nodes are at most EXSI_DM_RUNS
 * of them (no table); else, when they span at most 4x their number, a
 * dense table of 4 bytes per spanned node answers in one load; otherwise
 * (a scattered repartition) sorted pairs and a binary search, 16 bytes
 * per local node. */
static int node_lookup(dm_build *b)
{
    exs_dmesh *dm = b->dm;
    node_runs(b);
    if (b->nruns > 0)
        return 0;
    int64_t o = dm->nnodes, lo = INT64_MAX, hi = INT64_MIN;
    for (int64_t i = 0; i < o; i++) {
        lo = dm->node1[i] < lo ? dm->node1[i] : lo;
        hi = dm->node1[i] > hi ? dm->node1[i] : hi;
    }
    if (o > 0 && o < INT32_MAX && hi - lo + 1 <= 4 * o) {
        b->dense_lo = lo, b->dense_n = hi - lo + 1;
        b->dense = exsi_dm_alloc(1, (size_t)b->dense_n * sizeof *b->dense);
        if (!b->dense)
            return exsi_err(dm->f, EXS_ENOMEM, "local nodes");
        memset(b->dense, 0xff, (size_t)b->dense_n * sizeof *b->dense);
        for (int64_t i = 0; i < o; i++)
            b->dense[dm->node1[i] - lo] = (int32_t)i;
        return 0;
    }
    b->lookup = exsi_dm_calloc(2 * o, sizeof *b->lookup);
    if (!b->lookup)
        return exsi_err(dm->f, EXS_ENOMEM, "local nodes");
    for (int64_t i = 0; i < o; i++)
        b->lookup[2 * i] = dm->node1[i], b->lookup[2 * i + 1] = i;
    qsort(b->lookup, (size_t)o, 2 * sizeof *b->lookup, cmp_i64);
    return 0;
}

/* The owner of the c-th exception: the lowest rank touching it. */
static int64_t x_owner(const exsi_decomp_touch *t, int64_t c)
{
    return t->x_ranks[t->x_at[c]];
}

/* Are my local nodes my closure, each of them mine (no orphans, no
 * ghosts, nothing shared that a lower rank owns)? */
static int closure_is_local(const dm_build *b)
{
    if (b->touch.norphans > 0 || b->ngnode > 0)
        return 0;
    for (int64_t c = 0; c < b->touch.nx; c++)
        if (x_owner(&b->touch, c) != b->dm->rank)
            return 0;
    return 1;
}

/* The ghost nodes after the o nodes before them. */
static int64_t put_ghost_nodes(dm_build *b, int64_t o)
{
    exs_dmesh *dm = b->dm;
    for (int64_t i = 0; i < b->ngnode; i++) {
        dm->n_owner[o - dm->n_owner_from] = (int)b->gowner[i];
        dm->node1[o++] = b->gnode[i];
    }
    dm->n_ghost = b->ngnode;
    return o;
}

/* No orphans: my owned nodes are my closure less the exceptions another
 * rank owns, so the closure's array becomes node1 in place: the owned
 * nodes close up over the exceptions taken out (kept in b->x_node), the
 * shared ones follow, then the ghosts (the array grows by mremap). */
static int number_in_place(dm_build *b)
{
    exs_dmesh *dm = b->dm;
    const exsi_decomp_touch *t = &b->touch;
    int64_t n = b->nclosure + b->ngnode, o = 0, at = 0;
    int64_t *node1 = exsi_dm_realloc(b->closure, n, sizeof *node1);
    if (!node1)
        return exsi_err(dm->f, EXS_ENOMEM, "local nodes");
    b->closure = dm->node1 = node1, b->closure_is_node1 = 1;
    for (int64_t c = 0; c < t->nx; c++) {
        int64_t x = t->x_idx[c];
        if (x_owner(t, c) == dm->rank)
            continue;
        memmove(node1 + o, node1 + at, (size_t)(x - at) * sizeof *node1);
        o += x - at, at = x + 1;
    }
    memmove(node1 + o, node1 + at, (size_t)(b->nclosure - at) * sizeof *node1);
    o += b->nclosure - at;
    dm->n_owned = o;
    for (int64_t c = 0; c < t->nx; c++) {
        int64_t r = x_owner(t, c);
        if (r != dm->rank) {
            dm->n_owner[o - dm->n_owner_from] = (int)r;
            node1[o++] = b->x_node[c];
        }
    }
    dm->n_shared = o - dm->n_owned;
    dm->nnodes = put_ghost_nodes(b, o);
    return node_lookup(b);
}

/* Owned (my closure's nodes I own, and my slab's orphans), then shared,
 * then ghost; each ascending. When they are the closure itself (one
 * rank; the lowest rank of a slab partition), its array becomes node1;
 * without orphans, node1 is made in the closure's array. Owners are kept
 * for the nodes past the owned ones only; the exceptions' nodes (b->x_node)
 * for the shared lists. */
static int number_nodes(dm_build *b)
{
    exs_dmesh *dm = b->dm;
    int64_t n = b->nclosure + b->touch.norphans + b->ngnode, o = 0, others = b->ngnode;
    for (int64_t c = 0; c < b->touch.nx; c++)
        others += x_owner(&b->touch, c) != dm->rank;
    dm->n_owner_from = n - others;
    dm->n_owner = exsi_dm_alloc(others, sizeof *dm->n_owner); /* all written */
    b->x_node = exsi_dm_scratch_calloc(&dm->scratch, b->touch.nx, sizeof *b->x_node);
    if (!dm->n_owner || !b->x_node)
        return exsi_err(dm->f, EXS_ENOMEM, "local nodes");
    for (int64_t c = 0; c < b->touch.nx; c++)
        b->x_node[c] = b->closure[b->touch.x_idx[c]];
    int local = closure_is_local(b);
    if (b->touch.norphans == 0 && !local)
        return number_in_place(b);
    if (local) {
        dm->node1 = b->closure, b->closure_is_node1 = 1;
        dm->n_owned = dm->nnodes = n;
        return node_lookup(b);
    }
    dm->node1 = exsi_dm_alloc(n, sizeof *dm->node1); /* all n written below */
    if (!dm->node1)
        return exsi_err(dm->f, EXS_ENOMEM, "local nodes");
    /* both lists ascending and disjoint (an orphan is in no closure):
     * merged, not sorted */
    const exsi_decomp_touch *t = &b->touch;
    const int64_t *orph = t->orphans;
    int64_t j = 0, no = t->norphans, c = 0;
    for (int64_t i = 0; i < b->nclosure; i++) {
        /* not an exception, or one I own: mine */
        if (c < t->nx && t->x_idx[c] == i && x_owner(t, c++) != dm->rank)
            continue;
        while (j < no && orph[j] < b->closure[i])
            dm->node1[o++] = orph[j++];
        dm->node1[o++] = b->closure[i];
    }
    while (j < no)
        dm->node1[o++] = orph[j++];
    dm->n_owned = o;
    for (c = 0; c < t->nx; c++) {
        int64_t r = x_owner(t, c);
        if (r != dm->rank) {
            dm->n_owner[o - dm->n_owner_from] = (int)r;
            dm->node1[o++] = b->x_node[c];
        }
    }
    dm->n_shared = o - dm->n_owned;
    dm->nnodes = put_ghost_nodes(b, o);
    return node_lookup(b);
}

static int64_t local_of(const dm_build *b, int64_t node1)
{
    for (int r = 0; r < b->nruns; r++)
        if ((uint64_t)(node1 - b->run_g[r]) < (uint64_t)b->run_n[r])
            return b->run_l[r] + node1 - b->run_g[r];
    if (b->nruns > 0)
        return -1;
    if (b->dense) {
        int64_t k = node1 - b->dense_lo;
        return k >= 0 && k < b->dense_n ? b->dense[k] : -1;
    }
    int64_t lo = 0, hi = b->dm->nnodes - 1;
    while (lo <= hi) {
        int64_t mid = lo + (hi - lo) / 2, v = b->lookup[2 * mid];
        if (v == node1)
            return b->lookup[2 * mid + 1];
        if (v < node1)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* Owned-order element indices to local ones (owned, then ghosts, per block). */
static void to_local(const exs_dmesh *dm, int64_t *idx, int64_t n)
{
    for (int64_t i = 0; i < n; i++) {
        int64_t e = idx[i], k = 0, before = 0;
        while (e >= before + dm->blk_own[k])
            before += dm->blk_own[k++];
        idx[i] = dm->blk_first[k] + e - before;
    }
}

/* Block offsets of the local elements (owned, then ghosts, per block). */
static int layout(dm_build *b)
{
    exs_dmesh *dm = b->dm;
    int64_t e = 0, c = 0;
    for (int64_t k = 0; k < dm->nblk; k++) {
        dm->blk_first[k] = e, dm->conn_at[k] = c;
        e += dm->blk_own[k] + dm->blk_ghost[k];
        c += (dm->blk_own[k] + dm->blk_ghost[k]) * dm->blk_npe[k];
    }
    dm->blk_first[dm->nblk] = e, dm->conn_at[dm->nblk] = c;
    dm->nelem = e;
    /* without ghosts the local elements are the owned ones in slab
     * order: the ids read are already in place */
    int64_t *ids = e > dm->nown_e ? exsi_dm_calloc(e, sizeof *ids) : dm->e_ids;
    /* the global indices are the slab's when nothing moved or came (own_g
     * is made whenever elements move or ghosts are asked for: load_conn) */
    int need_g = dm->own_g != NULL;
    dm->e_global = need_g ? exsi_dm_calloc(e, sizeof *dm->e_global) : NULL;
    /* the slab's global connectivity grows into the local one (place_owned) */
    dm->conn = exsi_dm_realloc(b->gconn, c, sizeof *dm->conn);
    if (dm->conn)
        b->gconn = NULL;
    dm->gr_pos = exsi_dm_calloc(b->ngh, sizeof *dm->gr_pos);
    if (!ids || (need_g && !dm->e_global) || !dm->conn || !dm->gr_pos) {
        if (ids != dm->e_ids)
            exsi_dm_free(ids);
        return exsi_err(dm->f, EXS_ENOMEM, "local elements");
    }
    /* the owned ids were read in slab order: spread them per block */
    for (int64_t k = 0, o = 0; ids != dm->e_ids && k < dm->nblk; k++)
        for (int64_t i = 0; i < dm->blk_own[k]; i++)
            ids[dm->blk_first[k] + i] = dm->e_ids[o++];
    if (ids != dm->e_ids)
        exsi_dm_free(dm->e_ids);
    dm->e_ids = ids;
    /* the ghost and home plans named owned elements in owned order */
    to_local(dm, dm->gs_elem, dm->ngs);
    to_local(dm, dm->home_pos, dm->moved ? dm->nown_e : 0);
    return 0;
}

/* Global 1-based nodes p[0..n), all local, to local indices in place:
 * by the runs, the dense table or the sorted pairs; nothing to do when
 * the closure step mapped them already (one rank). */
static void map_global(const dm_build *b, int64_t *p, int64_t n)
{
    if (b->conn_local)
        return;
    if (b->nruns > 0) {
        map_by_runs(b, p, n);
        return;
    }
    const int32_t *dense = b->dense;
    const int64_t dlo = b->dense_lo; /* a copy: p could alias it */
    for (int64_t j = 0; dense && j < n; j++)
        p[j] = dense[p[j] - dlo];
    for (int64_t j = 0; !dense && j < n; j++)
        p[j] = local_of(b, p[j]);
}

/* The owned entries' global nodes become local ones in place: the slab's
 * 1-based connectivity (block after block) is the start of the local
 * array (layout), and each block's owned entries move up past the ghosts
 * of the blocks before it, so walking the blocks backwards moves every
 * block before anything is written over it; then each is mapped where it
 * lies. Every owned entry's node is local (the closure), so the dense
 * table needs no range check. */
static void place_owned(dm_build *b)
{
    exs_dmesh *dm = b->dm;
    int64_t e = dm->nown_e, c = 0;
    for (int64_t k = 0; k < dm->nblk; k++)
        c += dm->blk_own[k] * dm->blk_npe[k];
    int64_t *conn = dm->conn;
    for (int64_t k = dm->nblk - 1; k >= 0; k--) {
        int64_t npe = dm->blk_npe[k], n = dm->blk_own[k] * npe;
        int64_t *out = conn + dm->conn_at[k];
        const int64_t *in = conn + c - n; /* out >= in */
        e -= dm->blk_own[k]; /* the block's first in owned order */
        for (int64_t i = 0; dm->e_global && i < dm->blk_own[k]; i++) /* own_g: load_conn */
            dm->e_global[dm->blk_first[k] + i] = dm->own_g ? dm->own_g[e + i]
                                                           : dm->p.elem_start + e + i;
        if (out != in) /* behind ghosts of earlier blocks: moved up first */
            memmove(out, in, (size_t)n * sizeof *out);
        map_global(b, out, n);
        c -= n;
    }
}

/* Ghosts after the owned entries of their block, by global index. */
static int place_ghosts(dm_build *b)
{
    exs_dmesh *dm = b->dm;
    int64_t *order = exsi_dm_calloc(2 * b->ngh, sizeof *order);
    int64_t *next = exsi_dm_calloc(dm->nblk, sizeof *next);
    if (!order || !next) {
        exsi_dm_free(order);
        exsi_dm_free(next);
        return exsi_err(dm->f, EXS_ENOMEM, "ghost elements");
    }
    for (int64_t g = 0; g < b->ngh; g++)
        order[2 * g] = b->gh_rec[b->gh_at[g]], order[2 * g + 1] = g;
    qsort(order, (size_t)b->ngh, 2 * sizeof *order, cmp_i64);
    for (int64_t i = 0; i < b->ngh; i++) {
        int64_t g = order[2 * i + 1];
        const int64_t *rec = b->gh_rec + b->gh_at[g];
        int64_t k = rec[1], npe = dm->blk_npe[k], slot = dm->blk_own[k] + next[k]++;
        int64_t at = dm->blk_first[k] + slot, *out = dm->conn + dm->conn_at[k] + slot * npe;
        dm->e_global[at] = rec[0];
        dm->e_ids[at] = rec[2];
        dm->gr_pos[g] = at;
        for (int64_t j = 0; j < npe; j++)
            out[j] = local_of(b, rec[3 + j]);
    }
    exsi_dm_free(order);
    exsi_dm_free(next);
    return 0;
}

/* Per neighbour, the shared nodes in ascending global order (the order
 * of my closure, and of the neighbour's). */
static int shared_lists(dm_build *b)
{
    exs_dmesh *dm = b->dm;
    int64_t *cnt = exsi_dm_calloc(dm->size + 1, sizeof *cnt);
    int *slot = exsi_dm_calloc(dm->size, sizeof *slot);
    int rc = cnt && slot ? 0 : EXS_ENOMEM;
    const exsi_decomp_touch *t = &b->touch; /* only its exceptions are shared */
    for (int64_t c = 0; rc == 0 && c < t->nx; c++)
        for (int64_t q = t->x_at[c]; q < t->x_at[c + 1]; q++)
            if (t->x_ranks[q] != dm->rank)
                cnt[t->x_ranks[q]]++;
    for (int r = 0; rc == 0 && r < dm->size; r++)
        dm->nnbr += cnt[r] > 0;
    if (rc == 0) {
        dm->nbr = exsi_dm_calloc(dm->nnbr, sizeof *dm->nbr);
        dm->sh_at = exsi_dm_calloc(dm->nnbr + 1, sizeof *dm->sh_at);
        rc = dm->nbr && dm->sh_at ? 0 : EXS_ENOMEM;
    }
    for (int r = 0, k = 0; rc == 0 && r < dm->size; r++)
        if (cnt[r] > 0) {
            slot[r] = k, dm->nbr[k] = r;
            dm->sh_at[k + 1] = dm->sh_at[k] + cnt[r];
            cnt[r] = dm->sh_at[k++];
        }
    if (rc == 0 && !(dm->sh_nodes = exsi_dm_calloc(dm->sh_at[dm->nnbr], sizeof *dm->sh_nodes)))
        rc = EXS_ENOMEM;
    for (int64_t c = 0; rc == 0 && c < t->nx; c++)
        for (int64_t q = t->x_at[c]; q < t->x_at[c + 1]; q++)
            if (t->x_ranks[q] != dm->rank)
                dm->sh_nodes[cnt[t->x_ranks[q]]++] = local_of(b, b->x_node[c]);
    exsi_dm_free(cnt);
    exsi_dm_free(slot);
    return rc ? exsi_err(dm->f, rc, "shared node lists") : 0;
}

int exsi_dm_dmesh_assemble(dm_build *b)
{
    int rc = number_nodes(b);
    if (rc == 0)
        rc = layout(b);
    if (rc == 0) {
        place_owned(b);
        rc = place_ghosts(b);
    }
    if (rc == 0)
        rc = shared_lists(b);
    return rc;
}
