/*
 * dmesh.c -- the distributed mesh: owned elements of a method, their node
 * closure, node ownership and sharing, optional ghost layer, coordinates
 * and id maps, built in one collective call (see exoslab_par.h).
 *
 * Steps, each agreed on by every rank before the next collective one:
 * load (this rank's elements), touch (node directory), ghosts, assemble
 * (local numbering), geometry (coordinates and ids).
 */
#include <stdlib.h>
#include <string.h>

#include "decomp.h"
#include "internal.h"


void exs_dmesh_free(exs_dmesh *dm)
{
    if (!dm)
        return;
    int64_t *arrays[] = {dm->blk_id, dm->blk_npe, dm->blk_own, dm->blk_ghost,
                         dm->blk_start, dm->blk_first, dm->e_global, dm->e_ids,
                         dm->conn, dm->conn_at, dm->node1, dm->n_ids, dm->sh_at,
                         dm->sh_nodes, dm->gs_count, dm->gs_elem, dm->gr_count,
                         dm->gr_pos, dm->own_g, dm->slab_own, dm->home_count,
                         dm->home_elem, dm->home_recv, dm->home_pos};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        exsi_dm_free(arrays[i]);
    exsi_dm_scratch_release(&dm->scratch);
    exsi_dm_free(dm->n_owner);
    exsi_dm_free(dm->xyz);
    exsi_dm_free(dm->nbr);
    if (dm->owns_file)
        exs_close(dm->f);
    exsi_dm_free(dm);
}

static void build_free(dm_build *b)
{
    exsi_dm_free(b->gconn);
    if (!b->closure_is_node1)
        exsi_dm_free(b->closure);
    exsi_dm_free(b->cx);
    exsi_dm_free(b->x_node);
    exsi_dm_touch_free(&b->touch);
    exsi_dm_free(b->gh_rec);
    exsi_dm_free(b->gh_at);
    exsi_dm_free(b->gnode);
    exsi_dm_free(b->gowner);
    exsi_dm_free(b->lookup);
    exsi_dm_free(b->dense);
    if (b->dm) /* the touch step's arrays, and the other small temporaries */
        exsi_dm_scratch_release(&b->dm->scratch);
    *b = (dm_build){.dm = b->dm, .ghosts = b->ghosts}; /* freed twice is harmless */
}

int exs_decomp_method_parse(const char *name, exs_decomp_method *m)
{
    static const char *const names[] = {"linear", "rcb", "rib", "hsfc", "graph"};
    for (int i = 0; name && m && i < 5; i++)
        if (strcmp(name, names[i]) == 0) {
            *m = (exs_decomp_method)i;
            return 0;
        }
    return EXS_EINVAL;
}

/* The blocks, and this rank's element slab within them. */
static int load_blocks(exs_dmesh *dm, int64_t block_bytes)
{
    exs_file *f = dm->f;
    const exsi_core_entity_list *l = &f->ents[EXS_ELEM_BLOCK];
    int rc = exs_get_partition(f, block_bytes, &dm->p);
    if (rc != 0)
        return rc;
    dm->nblk = l->n;
    int64_t **arr[] = {&dm->blk_id, &dm->blk_npe, &dm->blk_own, &dm->blk_ghost,
                       &dm->blk_start, &dm->blk_first, &dm->conn_at, &dm->slab_own};
    for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++)
        if (!(*arr[i] = exsi_dm_calloc(l->n + 1, sizeof **arr[i])))
            return exsi_err(f, EXS_ENOMEM, "distributed mesh blocks");
    int64_t lo = dm->p.elem_start, hi = lo + dm->p.elem_count;
    for (int64_t b = 0; b < l->n; b++) {
        const exsi_core_entity *e = &l->e[b];
        if ((e->topo == EXS_TOPO_NSIDED || e->topo == EXS_TOPO_NFACED) &&
            e->num_entries > 0)
            return exsi_err(f, EXS_ENOTSUP, "element block %lld is %s: a distributed "
                           "mesh needs fixed nodes per element", (long long)e->id,
                           exs_topo_name(e->topo));
        int64_t s = e->offset > lo ? e->offset : lo;
        int64_t t = e->offset + e->num_entries < hi ? e->offset + e->num_entries : hi;
        dm->blk_id[b] = e->id;
        dm->blk_npe[b] = e->nodes_per_entry;
        dm->blk_own[b] = t > s ? t - s : 0;
        dm->blk_start[b] = t > s ? s - e->offset : 0;
        dm->slab_own[b] = dm->blk_own[b];
    }
    return 0;
}

/* Node connectivity (1-based global) and ids of the owned elements; their
 * global indices (own_g) only for the steps that move or send elements
 * (a repartition, ghosts): otherwise they are the slab's, elem_start + i. */
static int load_conn(dm_build *b, int need_g)
{
    exs_dmesh *dm = b->dm;
    exs_file *f = dm->f;
    int64_t total = 0;
    for (int64_t k = 0; k < dm->nblk; k++)
        total += dm->blk_own[k] * dm->blk_npe[k];
    b->gconn = exsi_dm_alloc(total, sizeof *b->gconn);
    dm->nown_e = dm->p.elem_count;
    dm->e_ids = exsi_dm_alloc(dm->nown_e, sizeof *dm->e_ids);
    dm->own_g = need_g ? exsi_dm_alloc(dm->nown_e, sizeof *dm->own_g) : NULL;
    int rc = b->gconn && dm->e_ids && (dm->own_g || !need_g)
                 ? 0
                 : exsi_err(f, EXS_ENOMEM, "connectivity");
    for (int64_t i = 0; rc == 0 && need_g && i < dm->nown_e; i++)
        dm->own_g[i] = dm->p.elem_start + i;
    dm->nslab = dm->nown_e;
    if ((rc = exsi_dm_agree(dm, rc)) != 0)
        return rc;
    if (f->parallel) {
        rc = exs_get_elem_conn_all(f, dm->p.elem_start, dm->p.elem_count, EXS_I64,
                                   b->gconn);
        return rc ? rc : exs_get_id_map_all(f, EXS_ELEM_MAP, dm->p.elem_start,
                                            dm->p.elem_count, EXS_I64, dm->e_ids);
    }
    int64_t at = 0;
    for (int64_t k = 0; rc == 0 && k < dm->nblk; k++) {
        if (dm->blk_own[k] > 0)
            rc = exs_get_conn(f, EXS_ELEM_BLOCK, dm->blk_id[k], EXS_CONN_NODES,
                              dm->blk_start[k], dm->blk_own[k], EXS_I64, b->gconn + at);
        at += dm->blk_own[k] * dm->blk_npe[k];
    }
    return rc ? rc : exs_get_id_map(f, EXS_ELEM_MAP, dm->p.elem_start,
                                    dm->p.elem_count, EXS_I64, dm->e_ids);
}

/* A zero byte table of n entries for one pass, in a scratch of its own
 * (a huge page below 2 MiB rather than malloc's small ones); freed by
 * releasing s. */
static unsigned char *mark_table(exsi_dm_scratch *s, int64_t n)
{
    *s = (exsi_dm_scratch){0};
    return exsi_dm_scratch_calloc(s, n, 1);
}

/* The closure from a byte table of marked nodes mark[0..span) standing
 * for nodes lo .. lo + span - 1: counted, then read out ascending. */
static int closure_from_marks(dm_build *b, const unsigned char *mark, int64_t lo,
                              int64_t span)
{
    int64_t k = 0;
    for (int64_t v = 0; v < span; v++)
        k += mark[v];
    b->closure = exsi_dm_alloc(k, sizeof *b->closure); /* all k written below */
    if (!b->closure)
        return exsi_err(b->dm->f, EXS_ENOMEM, "node closure");
    for (int64_t v = 0; k == span && v < span; v++) /* every node: no test */
        b->closure[v] = lo + v;
    for (int64_t v = 0, o = 0; k < span && v < span; v++)
        if (mark[v])
            b->closure[o++] = lo + v;
    b->nclosure = k;
    return 0;
}

static int bad_node(dm_build *b, int64_t node)
{
    return exsi_err(b->dm->f, EXS_EBADMODEL, "connectivity names node %lld of %lld",
                    (long long)node, (long long)b->dm->f->num_nodes);
}

/* Otherwise, when the file's nodes are at most 4x the entries (a
 * scattered part of a small file): one pass marks a byte per file node
 * and checks each number. 1 when not taken (not an error). */
static int closure_one_pass(dm_build *b, int64_t n)
{
    uint64_t nn = (uint64_t)b->dm->f->num_nodes;
    if (n == 0 || nn > 4 * (uint64_t)n)
        return 1;
    exsi_dm_scratch ms;
    unsigned char *mark = mark_table(&ms, (int64_t)nn);
    if (!mark)
        return 1;
    int64_t bad = -1;
    for (int64_t i = 0; i < n; i++) {
        uint64_t u = (uint64_t)b->gconn[i] - 1;
        if (u < nn)
            mark[u] = 1;
        else
            bad = i;
    }
    int rc = bad >= 0 ? bad_node(b, b->gconn[bad]) : 0;
    int64_t lo = 0, hi = (int64_t)nn - 1;
    while (rc == 0 && !mark[lo])
        lo++;
    while (rc == 0 && !mark[hi])
        hi--;
    if (rc == 0)
        rc = closure_from_marks(b, mark + lo, lo + 1, hi - lo + 1);
    exsi_dm_free(mark);
    exsi_dm_scratch_release(&ms);
    return rc;
}

#define MINMAX_LANES 16 /* values per fixed-length step: what -O2 vectorises */

/* The least and greatest of a[0..n) (n > 0), each value then lowered by
 * `shift` in the same pass (0: a is left alone). */
EXSI_AVX2_CLONES static void min_max(int64_t *a, int64_t n, int64_t shift, int64_t *lo,
                                     int64_t *hi)
{
    int64_t l[MINMAX_LANES], h[MINMAX_LANES], j = 0;
    for (int t = 0; t < MINMAX_LANES; t++)
        l[t] = INT64_MAX, h[t] = INT64_MIN;
    for (; j + MINMAX_LANES <= n; j += MINMAX_LANES)
        for (int t = 0; t < MINMAX_LANES; t++) {
            int64_t v = a[j + t];
            l[t] = v < l[t] ? v : l[t];
            h[t] = v > h[t] ? v : h[t];
            a[j + t] = v - shift;
        }
    for (int t = 1; t < MINMAX_LANES; t++) {
        l[0] = l[t] < l[0] ? l[t] : l[0];
        h[0] = h[t] > h[0] ? h[t] : h[0];
    }
    for (; j < n; j++) {
        l[0] = a[j] < l[0] ? a[j] : l[0];
        h[0] = a[j] > h[0] ? a[j] : h[0];
        a[j] -= shift;
    }
    *lo = l[0], *hi = h[0];
}

/* One rank holds every node: its local nodes are all of the file's in
 * order, touched or not (those no element touches are its own anyway),
 * so the closure is 1..num_nodes once the numbers are checked, and the
 * connectivity becomes local (node - 1) in the pass that checks it. */
static int closure_one_rank(dm_build *b, int64_t n)
{
    int64_t lo = 1, hi = 1, nn = b->dm->f->num_nodes;
    if (n > 0)
        min_max(b->gconn, n, 1, &lo, &hi);
    b->conn_local = 1;
    if (n > 0 && (lo < 1 || hi > nn))
        return bad_node(b, lo < 1 ? lo : hi);
    b->closure = exsi_dm_alloc(nn, sizeof *b->closure); /* all nn written below */
    if (!b->closure)
        return exsi_err(b->dm->f, EXS_ENOMEM, "node closure");
    for (int64_t v = 0; v < nn; v++)
        b->closure[v] = v + 1;
    b->nclosure = nn;
    return 0;
}

/* The range first (checking the numbers), then marks over it when it
 * spans at most 4n nodes (a slab's closure); 1 when it spans more. */
static int closure_by_range(dm_build *b, int64_t n)
{
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    if (n > 0)
        min_max(b->gconn, n, 0, &lo, &hi);
    if (n > 0 && (lo < 1 || hi > b->dm->f->num_nodes))
        return bad_node(b, lo < 1 ? lo : hi);
    if (n == 0 || hi - lo >= 4 * n)
        return 1;
    exsi_dm_scratch ms;
    unsigned char *mark = mark_table(&ms, hi - lo + 1);
    if (!mark)
        return 1;
    for (int64_t i = 0; i < n; i++)
        mark[b->gconn[i] - lo] = 1;
    int rc = closure_from_marks(b, mark, lo, hi - lo + 1);
    exsi_dm_free(mark);
    exsi_dm_scratch_release(&ms);
    return rc;
}

#define WINDOW_STEP 65536 /* entries marked between looks at the sentinel */

/* A slab's elements touch nodes near its node slab: one pass marks a
 * byte per node of a window three node slabs wide around it (nodes there
 * are valid numbers), each entry outside it marking a sentinel byte past
 * the window instead, looked at every WINDOW_STEP entries. 1 when an
 * entry falls outside or the elements have moved (not an error): the
 * range is then found first. */
static int closure_in_window(dm_build *b, int64_t n)
{
    exs_dmesh *dm = b->dm;
    int64_t nn = dm->f->num_nodes, c = dm->p.node_count, s0 = dm->p.node_start;
    if (dm->moved || n == 0 || c == 0)
        return 1;
    int64_t wlo = s0 + 1 - c > 1 ? s0 + 1 - c : 1;
    int64_t whi = s0 + 2 * c < nn ? s0 + 2 * c : nn;
    uint64_t span = (uint64_t)(whi - wlo + 1);
    exsi_dm_scratch ms;
    unsigned char *mark = mark_table(&ms, (int64_t)span + 1);
    if (!mark)
        return 1;
    const int64_t *g = b->gconn;
    for (int64_t i = 0; i < n && !mark[span]; i += WINDOW_STEP) {
        int64_t end = n - i < WINDOW_STEP ? n : i + WINDOW_STEP, j = i;
        for (; j + 4 <= end; j += 4) { /* four independent stores a step */
            uint64_t u0 = (uint64_t)(g[j] - wlo), u1 = (uint64_t)(g[j + 1] - wlo);
            uint64_t u2 = (uint64_t)(g[j + 2] - wlo), u3 = (uint64_t)(g[j + 3] - wlo);
            mark[u0 < span ? u0 : span] = 1, mark[u1 < span ? u1 : span] = 1;
            mark[u2 < span ? u2 : span] = 1, mark[u3 < span ? u3 : span] = 1;
        }
        for (; j < end; j++) {
            uint64_t u = (uint64_t)(g[j] - wlo);
            mark[u < span ? u : span] = 1;
        }
    }
    int rc = 1;
    if (!mark[span]) {
        int64_t lo = 0, hi = (int64_t)span - 1;
        while (!mark[lo]) /* n > 0: something is marked */
            lo++;
        while (!mark[hi])
            hi--;
        rc = closure_from_marks(b, mark + lo, wlo + lo, hi - lo + 1);
    }
    exsi_dm_free(mark);
    exsi_dm_scratch_release(&ms);
    return rc;
}

/* The owned elements' distinct nodes (b->closure; on one rank every
 * node), every node number checked against the file: in one pass when
 * they lie near the node slab (a slab's elements), else the range first;
 * a sort only for a closure scattered over more than 4x its entries. The
 * closure index (exsi_dm_closure_index) is made by the steps that need it. */
static int load_closure(dm_build *b)
{
    exs_dmesh *dm = b->dm;
    int64_t total = 0;
    for (int64_t k = 0; k < dm->nblk; k++)
        total += dm->blk_own[k] * dm->blk_npe[k];
    exsi_dm_free(b->cx);
    b->cx = NULL;
    if (dm->size == 1)
        return closure_one_rank(b, total);
    int rc = closure_in_window(b, total);
    if (rc == 1)
        rc = closure_by_range(b, total);
    if (rc == 1)
        rc = closure_one_pass(b, total);
    if (rc <= 0)
        return rc;
    b->closure = exsi_dm_calloc(total, sizeof *b->closure);
    if (!b->closure)
        return exsi_err(dm->f, EXS_ENOMEM, "node closure");
    return exs_unique_nodes(b->gconn, total, b->closure, &b->nclosure);
}

/* Coordinates and node ids of every local node. */
static int geometry(exs_dmesh *dm)
{
    exs_file *f = dm->f;
    /* every entry is written by the gather below: no zeroing */
    dm->xyz = exsi_dm_alloc((int64_t)dm->num_dim * dm->nnodes, sizeof *dm->xyz);
    dm->n_ids = exsi_dm_alloc(dm->nnodes, sizeof *dm->n_ids);
    int rc = dm->xyz && dm->n_ids ? 0 : exsi_err(f, EXS_ENOMEM, "coordinates");
    rc = exsi_dm_agree(dm, rc);
    exsi_gather_field fl[4]; /* the axes, then the ids: one route */
    int nf = 0;
    for (; nf < dm->num_dim && nf < 3; nf++)
        fl[nf] = (exsi_gather_field){EXS_FIELD_COORD, nf, 0, dm->xyz + nf * dm->nnodes};
    fl[nf++] = (exsi_gather_field){EXS_FIELD_ID_, 0, 0, dm->n_ids};
    return rc ? rc : exsi_decomp_gather_fields_all(f, &dm->p, nf, fl, dm->nnodes, dm->node1);
}

static int check_opts(exs_file *f, const exs_dmesh_opts *o)
{
    if (o->ghosts != 0 && o->ghosts != 1)
        return exsi_err(f, EXS_EINVAL, "ghosts must be 0 or 1, not %d", o->ghosts);
    if (o->method == EXS_DECOMP_LINEAR)
        return 0;
#ifdef EXOSLAB_HAVE_ZOLTAN
    if (o->method >= EXS_DECOMP_RCB && o->method <= EXS_DECOMP_HSFC)
        return 0;
#endif
#ifdef EXOSLAB_HAVE_PTSCOTCH
    if (o->method == EXS_DECOMP_GRAPH)
        return 0;
#endif
    if (o->method >= EXS_DECOMP_RCB && o->method <= EXS_DECOMP_GRAPH)
        return exsi_err(f, EXS_ENOTBUILT, "decomposition method %d needs %s, which "
                       "this build does not include", (int)o->method,
                       o->method == EXS_DECOMP_GRAPH ? "PT-Scotch (libscotchparmetis)"
                                                     : "Zoltan (libtrilinos-zoltan)");
    return exsi_err(f, EXS_EINVAL, "unknown decomposition method %d", (int)o->method);
}

/* Does any rank's element go elsewhere? (Collective.) */
static int any_moves(exs_dmesh *dm, const int *dest, int64_t *moves)
{
    int64_t n = 0;
    for (int64_t i = 0; i < dm->nslab; i++)
        n += dest[i] != dm->rank;
    if (exsi_comm_allreduce_i64(dm->f->comm, &n, moves, 1, EXS_OP_MAX) != 0)
        return exsi_err(dm->f, EXS_EMPI, "agreeing on the element move");
    return 0;
}

/* Move the slab's elements where the method says; their closure anew.
 * One part is the slab itself, whatever the method (no partitioner is
 * called); when the method keeps every element where it is, the slab
 * partition is the result and nothing moves. */
static int repartition(dm_build *b, exs_decomp_method m)
{
    exs_dmesh *dm = b->dm;
    if (dm->size == 1) {
        dm->edge_cut = m == EXS_DECOMP_GRAPH ? 0 : -1;
        return 0;
    }
    int *dest = exsi_dm_calloc(dm->nslab, sizeof *dest);
    int64_t moves = 0;
    int rc = exsi_dm_agree(dm, dest ? 0 : exsi_err(dm->f, EXS_ENOMEM, "repartition"));
    if (rc == 0)
        rc = m == EXS_DECOMP_GRAPH ? exsi_decomp_dmesh_scotch_all(b, dest)
                                   : exsi_decomp_dmesh_zoltan_all(b, m, dest);
    if (rc == 0)
        rc = exsi_dm_agree(dm, any_moves(dm, dest, &moves));
    if (rc == 0 && moves == 0) {
        exsi_dm_free(dest);
        return 0;
    }
    if (rc == 0)
        rc = exsi_dm_dmesh_move_all(b, dest);
    exsi_dm_free(dest);
    exsi_dm_free(b->closure);
    b->closure = NULL;
    return rc ? rc : exsi_dm_agree(dm, load_closure(b));
}

/* Every rank must ask for the same method, ghosts and block size. */
static int same_opts(exs_dmesh *dm, const exs_dmesh_opts *o)
{
    int64_t v[6] = {o->method, o->ghosts, o->block_bytes, -(int64_t)o->method,
                    -(int64_t)o->ghosts, -o->block_bytes};
    if (exsi_comm_allreduce_i64(dm->f->comm, v, v, 6, EXS_OP_MAX) != 0)
        return exsi_err(dm->f, EXS_EMPI, "agreeing on the options");
    if (v[0] != -v[3] || v[1] != -v[4] || v[2] != -v[5])
        return exsi_err(dm->f, EXS_EMISMATCH, "exs_dmesh_create: ranks passed different "
                       "options (method, ghosts or block_bytes)");
    return 0;
}

static int build_steps(dm_build *b, const exs_dmesh_opts *o)
{
    exs_dmesh *dm = b->dm;
    int rc = same_opts(dm, o);
    if (rc == 0)
        rc = exsi_dm_agree(dm, load_blocks(dm, o->block_bytes));
    if (rc == 0)
        rc = load_conn(b, o->method != EXS_DECOMP_LINEAR || o->ghosts);
    if (rc == 0)
        rc = exsi_dm_agree(dm, load_closure(b));
    if (rc == 0 && o->method != EXS_DECOMP_LINEAR)
        rc = repartition(b, o->method);
    if (rc == 0)
        rc = exsi_dm_dmesh_touch_all(dm, b->closure, b->nclosure, &b->touch);
    if (rc == 0)
        rc = exsi_dm_dmesh_ghosts_all(b);
    if (rc == 0)
        rc = exsi_dm_agree(dm, exsi_dm_dmesh_assemble(b));
    build_free(b); /* the build's temporaries go before the gather's come */
    if (rc == 0)
        rc = geometry(dm);
    return rc;
}

int exs_dmesh_create(exs_file *f, const exs_dmesh_opts *opts, exs_dmesh **out)
{
    if (!f || !out)
        return EXS_EINVAL;
    *out = NULL;
    exs_dmesh_opts o = opts ? *opts : (exs_dmesh_opts){EXS_DECOMP_LINEAR, 0, 0};
    exs_dmesh *dm = exsi_dm_calloc(1, sizeof *dm);
    int rc = dm ? check_opts(f, &o) : exsi_err(f, EXS_ENOMEM, "distributed mesh");
    rc = exsi_err_agree(f, rc);
    dm_build b = {.dm = dm, .ghosts = o.ghosts};
    if (rc == 0) {
        dm->f = f;
        dm->rank = exsi_comm_rank(f->comm);
        dm->size = exsi_comm_size(f->comm);
        dm->num_dim = f->num_dim;
        dm->edge_cut = -1;
        rc = build_steps(&b, &o);
    }
    build_free(&b);
    rc = exsi_err_agree(f, rc);
    if (rc != 0) {
        exs_dmesh_free(dm);
        return rc;
    }
    *out = dm;
    return 0;
}
