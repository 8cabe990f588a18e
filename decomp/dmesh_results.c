/*
 * dmesh_results.c -- the composed write: every rank hands in the results
 * of its local nodes and elements, and what it owns lands in ONE shared
 * file in the original global order.
 *
 * The owned values go, with their global index, to the rank whose
 * chunk-aligned slab of the source's partition holds them (one all-to-all
 * exchange for nodes, one for elements); each rank then writes its slabs
 * in one collective batch (exs_put_vars_all). For `linear` the element
 * slab is the rank's own, so element values only move to itself; the
 * owned nodes are mostly its node slab too.
 */
#include <stdlib.h>
#include <string.h>

#include "decomp.h"
#include "internal.h"


/* A slab exchange: items (global index + nv values) to the slab owners. */
typedef struct route {
    exs_file *out;
    int size, nv;
    int64_t total, unit;   /* entries and the alignment unit of the slabs */
    int64_t start, count;  /* this rank's slab */
    int64_t *sbytes, *rbytes;
    double *send, *recv;   /* records: the index (as int64 bits), nv values */
    int *own, nown;        /* ranks with a non-empty slab, and their starts */
    int64_t *ost;
} route;

static int agree(exs_file *out, int rc)
{
    return out->parallel ? exsi_err_agree(out, rc)
                         : rc;
}

/* Every rank's slab start; the ranks holding entries in slab order. */
static int route_init(route *r)
{
    r->own = exsi_dm_calloc(r->size, sizeof *r->own);
    r->ost = exsi_dm_calloc(r->size, sizeof *r->ost);
    if (!r->own || !r->ost)
        return exsi_err(r->out, EXS_ENOMEM, "results slabs");
    for (int q = 0; q < r->size; q++) {
        int64_t s, c;
        exs_split_range(r->total, r->unit, r->size, q, &s, &c);
        if (c > 0)
            r->own[r->nown] = q, r->ost[r->nown++] = s;
    }
    return 0;
}

/* The rank whose slab holds global index g: the last one starting at or
 * before it (the slabs tile [0, total) in rank order). */
static int slab_rank(const route *r, int64_t g)
{
    int lo = 0, hi = r->nown - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (r->ost[mid] <= g)
            lo = mid;
        else
            hi = mid - 1;
    }
    return r->own[lo];
}

/* Pack n items (global index gidx[i], values vals[v * stride + pos[i]]). */
static int pack(route *r, int64_t n, const int64_t *gidx, const int64_t *pos,
                const double *vals, int64_t stride)
{
    int64_t w = 1 + r->nv, *at = exsi_dm_calloc(r->size, sizeof *at);
    int *dest = exsi_dm_calloc(n, sizeof *dest);
    r->sbytes = exsi_dm_calloc(2 * r->size, sizeof *r->sbytes);
    r->send = exsi_dm_calloc(n * w, sizeof *r->send);
    if (!at || !dest || !r->sbytes || !r->send) {
        exsi_dm_free(at), exsi_dm_free(dest);
        return exsi_err(r->out, EXS_ENOMEM, "results of %lld entries", (long long)n);
    }
    r->rbytes = r->sbytes + r->size;
    for (int64_t i = 0; i < n; i++)
        at[dest[i] = slab_rank(r, gidx[i])]++;
    for (int q = 0, sum = 0; q < r->size; q++) {
        int64_t k = at[q];
        r->sbytes[q] = 8 * w * k;
        at[q] = sum, sum += (int)k;
    }
    for (int64_t i = 0; i < n; i++) {
        double *rec = r->send + w * at[dest[i]]++;
        memcpy(rec, &gidx[i], sizeof *rec);
        for (int v = 0; v < r->nv; v++)
            rec[1 + v] = vals[v * stride + pos[i]];
    }
    exsi_dm_free(at), exsi_dm_free(dest);
    return 0;
}

/* Exchange, then place every received record in slab (nv x count). */
static int exchange(route *r, double *slab)
{
    int64_t w = 1 + r->nv, got = 0, nrec = 0;
    int rc = exsi_comm_alltoall_i64(r->out->comm, r->sbytes, r->rbytes);
    for (int q = 0; rc == 0 && q < r->size; q++)
        nrec += r->rbytes[q] / (8 * w);
    if (rc == 0 && !(r->recv = exsi_dm_calloc(nrec * w, sizeof *r->recv)))
        rc = exsi_err(r->out, EXS_ENOMEM, "results received");
    if ((rc = agree(r->out, rc)) == 0)
        rc = exsi_comm_alltoallv_bytes(r->out->comm, r->send, r->sbytes, r->recv, r->rbytes);
    for (int64_t k = 0; rc == 0 && k < nrec; k++) {
        const double *rec = r->recv + w * k;
        int64_t g;
        memcpy(&g, rec, sizeof g);
        if (g < r->start || g >= r->start + r->count) {
            rc = exsi_err(r->out, EXS_EBADMODEL, "results: entry %lld is outside this "
                         "rank's slab [%lld, %lld)", (long long)g, (long long)r->start,
                         (long long)(r->start + r->count));
            break;
        }
        for (int v = 0; v < r->nv; v++)
            slab[v * r->count + g - r->start] = rec[1 + v];
        got++;
    }
    if (rc == 0 && got != r->count)
        rc = exsi_err(r->out, EXS_EBADMODEL, "results: %lld of the %lld entries of this "
                     "rank's slab arrived (each must be owned exactly once)",
                     (long long)got, (long long)r->count);
    return rc;
}

static void route_free(route *r)
{
    exsi_dm_free(r->sbytes);
    exsi_dm_free(r->send);
    exsi_dm_free(r->recv);
    exsi_dm_free(r->own);
    exsi_dm_free(r->ost);
}

/* Collective. The owned values to this rank's slab (nv x count). */
static int to_slab(route *r, int64_t n, const int64_t *gidx, const int64_t *pos,
                   const double *vals, int64_t stride, double *slab)
{
    int rc = slab ? route_init(r) : exsi_err(r->out, EXS_ENOMEM, "results slab");
    if (rc == 0)
        rc = pack(r, n, gidx, pos, vals, stride);
    if ((rc = agree(r->out, rc)) == 0)
        rc = exchange(r, slab);
    route_free(r);
    return agree(r->out, rc);
}

/* The owned nodes' global indices and local positions. */
static int owned_nodes(const exs_dmesh *dm, int64_t **g, int64_t **pos)
{
    *g = exsi_dm_calloc(dm->n_owned, sizeof **g);
    *pos = exsi_dm_calloc(dm->n_owned, sizeof **pos);
    for (int64_t i = 0; *g && *pos && i < dm->n_owned; i++)
        (*g)[i] = dm->node1[i] - 1, (*pos)[i] = i;
    return *g && *pos ? 0 : exsi_err(dm->f, EXS_ENOMEM, "owned nodes");
}

static int owned_elems(const exs_dmesh *dm, int64_t **g, int64_t **pos)
{
    *g = exsi_dm_calloc(dm->nown_e, sizeof **g);
    *pos = exsi_dm_calloc(dm->nown_e, sizeof **pos);
    int64_t n = 0;
    for (int64_t k = 0; *g && *pos && k < dm->nblk; k++)
        for (int64_t i = 0; i < dm->blk_own[k]; i++, n++) {
            (*pos)[n] = dm->blk_first[k] + i;
            (*g)[n] = exsi_dm_elem_global(dm, (*pos)[n]);
        }
    return *g && *pos ? 0 : exsi_err(dm->f, EXS_ENOMEM, "owned elements");
}

/* The output must be the copy of dm's mesh (same nodes, elements,
 * blocks in the same order), with its variables defined. */
static int check_out(const exs_dmesh *dm, exs_file *out, int *nv, const double *global,
                     const double *nodal, const double *elem)
{
    int64_t nb = 0, *ids = NULL;
    exs_num_entities(out, EXS_ELEM_BLOCK, &nb);
    exs_num_vars(out, EXS_GLOBAL, &nv[0]);
    exs_num_vars(out, EXS_NODAL, &nv[1]);
    exs_num_vars(out, EXS_ELEM_BLOCK, &nv[2]);
    if (out->num_nodes != dm->f->num_nodes || out->num_elem != dm->f->num_elem ||
        nb != dm->nblk)
        return exsi_err(out, EXS_ESIZE, "results file %s: %lld nodes, %lld elements in "
                       "%lld blocks; the mesh has %lld, %lld in %lld (make it with "
                       "exs_copy_mesh_all)", out->path, (long long)out->num_nodes,
                       (long long)out->num_elem, (long long)nb,
                       (long long)dm->f->num_nodes, (long long)dm->f->num_elem,
                       (long long)dm->nblk);
    int rc = nb > 0 && !(ids = exsi_dm_calloc(nb, sizeof *ids)) ? EXS_ENOMEM : 0;
    if (rc == 0 && nb > 0)
        rc = exs_get_ids(out, EXS_ELEM_BLOCK, ids);
    for (int64_t k = 0; rc == 0 && k < nb; k++)
        if (ids[k] != dm->blk_id[k])
            rc = exsi_err(out, EXS_ESIZE, "results file %s: block %lld is id %lld, the "
                         "mesh's is %lld", out->path, (long long)k, (long long)ids[k],
                         (long long)dm->blk_id[k]);
    exsi_dm_free(ids);
    if (rc == 0 && ((nv[0] > 0 && !global) || (nv[1] > 0 && !nodal && dm->nnodes > 0) ||
                    (nv[2] > 0 && !elem && dm->nelem > 0)))
        rc = exsi_err(out, EXS_EINVAL, "exs_dmesh_write_results: the file defines %d "
                     "global, %d nodal and %d element variables; a buffer is missing",
                     nv[0], nv[1], nv[2]);
    return rc;
}

/* The element slab's variable requests: per block piece, the variables
 * the truth table stores. reqs has room for pieces x nv. */
static int elem_reqs(const exs_dmesh *dm, exs_file *out, int nv, double *slab,
                     exs_var_req *reqs, int64_t *n)
{
    int64_t np = 0, cnt = dm->p.elem_count;
    exs_block_piece *pc = NULL;
    int *tab = exsi_dm_calloc(dm->nblk * nv, sizeof *tab);
    int rc = exs_partition_pieces(dm->f, dm->p.elem_start, cnt, NULL, 0, &np);
    if (rc == 0 && (!tab || !(pc = exsi_dm_calloc(np, sizeof *pc))))
        rc = exsi_err(out, EXS_ENOMEM, "results requests");
    if (rc == 0)
        rc = exs_partition_pieces(dm->f, dm->p.elem_start, cnt, pc, np, &np);
    if (rc == 0)
        rc = exs_get_truth(out, EXS_ELEM_BLOCK, tab);
    for (int64_t i = 0; rc == 0 && i < np; i++) {
        int64_t k = 0;
        while (dm->blk_id[k] != pc[i].block_id)
            k++;
        for (int v = 0; v < nv; v++)
            if (tab[k * nv + v])
                reqs[(*n)++] = (exs_var_req){EXS_ELEM_BLOCK, pc[i].block_id, v,
                                             pc[i].block_start, pc[i].count, EXS_F64,
                                             slab + v * cnt + pc[i].slab_offset};
    }
    exsi_dm_free(tab);
    exsi_dm_free(pc);
    return rc;
}

/* Write the step: its time, the global values (rank 0), the slabs. */
static int put_step(const exs_dmesh *dm, exs_file *out, int64_t step, double time,
                    const int *nv, const double *global, double *nslab, double *eslab)
{
    int64_t np = 0, n = 0;
    int rc = exs_partition_pieces(dm->f, dm->p.elem_start, dm->p.elem_count, NULL, 0, &np);
    exs_var_req *reqs = exsi_dm_calloc(1 + nv[1] + np * nv[2], sizeof *reqs);
    if (rc == 0 && !reqs)
        rc = exsi_err(out, EXS_ENOMEM, "results requests");
    if (rc == 0 && nv[0] > 0 && dm->rank == 0)
        reqs[n++] = (exs_var_req){EXS_GLOBAL, 0, 0, 0, nv[0], EXS_F64, (void *)global};
    for (int v = 0; rc == 0 && v < nv[1]; v++)
        reqs[n++] = (exs_var_req){EXS_NODAL, 0, v, dm->p.node_start, dm->p.node_count,
                                  EXS_F64, nslab + v * dm->p.node_count};
    if (rc == 0 && nv[2] > 0)
        rc = elem_reqs(dm, out, nv[2], eslab, reqs, &n);
    if ((rc = agree(out, rc)) == 0)
        rc = out->parallel ? exs_put_time_all(out, step, time) : exs_put_time(out, step, time);
    if (rc == 0 && out->parallel)
        rc = exs_put_vars_all(out, step, n, reqs);
    for (int64_t i = 0; rc == 0 && !out->parallel && i < n; i++)
        rc = exs_put_var(out, reqs[i].kind, reqs[i].id, reqs[i].var, step, reqs[i].start,
                         reqs[i].count, EXS_F64, reqs[i].buf);
    exsi_dm_free(reqs);
    return rc;
}

int exs_dmesh_write_results(exs_dmesh *dm, exs_file *out, int64_t step, double time,
                            const double *global, const double *nodal,
                            const double *elem)
{
    if (!dm || !out)
        return EXS_EINVAL;
    int nv[3] = {0, 0, 0};
    int64_t *ng = NULL, *np = NULL, *eg = NULL, *ep = NULL;
    const exs_partition *p = &dm->p;
    int rc = check_out(dm, out, nv, global, nodal, elem);
    double *nslab = exsi_dm_calloc(nv[1] * p->node_count, sizeof *nslab);
    double *eslab = exsi_dm_calloc(nv[2] * p->elem_count, sizeof *eslab);
    if (rc == 0)
        rc = owned_nodes(dm, &ng, &np);
    if (rc == 0)
        rc = owned_elems(dm, &eg, &ep);
    if (rc != 0 && out->errmsg[0] == '\0')
        exsi_err(out, rc, "%s", dm->f->errmsg);
    rc = agree(out, rc);
    route rn = {.out = out, .size = dm->size, .nv = nv[1], .total = dm->f->num_nodes,
                .unit = p->node_chunk, .start = p->node_start, .count = p->node_count};
    route re = {.out = out, .size = dm->size, .nv = nv[2], .total = dm->f->num_elem,
                .unit = p->elem_chunk, .start = p->elem_start, .count = p->elem_count};
    if (rc == 0 && nv[1] > 0)
        rc = to_slab(&rn, dm->n_owned, ng, np, nodal, dm->nnodes, nslab);
    if (rc == 0 && nv[2] > 0)
        rc = to_slab(&re, dm->nown_e, eg, ep, elem, dm->nelem, eslab);
    if (rc == 0)
        rc = put_step(dm, out, step, time, nv, global, nslab, eslab);
    void *done[] = {nslab, eslab, ng, np, eg, ep};
    for (size_t i = 0; i < sizeof done / sizeof *done; i++)
        exsi_dm_free(done[i]);
    return rc;
}
