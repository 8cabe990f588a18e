/*
 * dmesh_ghost.c -- the one-layer ghost halo and the local numbering.
 *
 * An owned element goes, as a ghost, to every other rank that touches one
 * of its nodes (the directory's lists say who): one all-to-all exchange of
 * records (global index, block, id, nodes, their owners).
 */
#include <stdlib.h>
#include <string.h>

#include "decomp.h"
#include "internal.h"


/* The ranks other than me touching a node of owned element e (whose nodes
 * are at `nodes`), each once, into dest; returns how many. */
static int dests_of(dm_build *b, const int64_t *nodes, int64_t npe, int64_t e,
                    int64_t *mark, int *dest)
{
    int n = 0;
    for (int64_t j = 0; j < npe; j++) {
        int64_t i = exsi_dm_closure_at(b, nodes[j]);
        const int64_t *ranks;
        int64_t k = exsi_dm_touch_list(&b->touch, i, &ranks);
        for (int64_t q = 0; q < k; q++) {
            int64_t r = ranks[q];
            if (r != b->dm->rank && mark[r] != e) {
                mark[r] = e;
                dest[n++] = (int)r;
            }
        }
    }
    return n;
}

static int64_t owner_at(dm_build *b, int64_t node)
{
    int64_t i = exsi_dm_closure_at(b, node);
    const int64_t *ranks;
    exsi_dm_touch_list(&b->touch, i, &ranks);
    return ranks[0];
}

/* Walk the owned elements: pass 0 counts, pass 1 writes records. */
static void walk(dm_build *b, int pass, int64_t *mark, int *dest, int64_t *at,
                 int64_t *plan_at, int64_t *sendbuf)
{
    exs_dmesh *dm = b->dm;
    int64_t e = 0, c = 0;
    for (int64_t k = 0; k < dm->nblk; k++)
        for (int64_t i = 0; i < dm->blk_own[k]; i++, e++) {
            int64_t npe = dm->blk_npe[k], *nodes = b->gconn + c;
            int nd = dests_of(b, nodes, npe, e, mark, dest);
            for (int d = 0; d < nd; d++) {
                int r = dest[d];
                if (pass == 0) {
                    at[r] += 3 + 2 * npe;
                    dm->gs_count[r]++;
                    continue;
                }
                int64_t *rec = sendbuf + at[r];
                rec[0] = dm->own_g[e], rec[1] = k, rec[2] = dm->e_ids[e];
                for (int64_t j = 0; j < npe; j++) {
                    rec[3 + j] = nodes[j];
                    rec[3 + npe + j] = owner_at(b, nodes[j]);
                }
                at[r] += 3 + 2 * npe;
                dm->gs_elem[plan_at[r]++] = e;
            }
            c += npe;
        }
}

/* Records per destination, packed; the plan of what went where. */
static int pack(dm_build *b, int64_t *sbytes, int64_t **sendbuf)
{
    exs_dmesh *dm = b->dm;
    int size = dm->size;
    int64_t *mark = exsi_dm_calloc(size, sizeof *mark), *at = exsi_dm_calloc(size, sizeof *at);
    int64_t *plan_at = exsi_dm_calloc(size, sizeof *plan_at);
    int *dest = exsi_dm_calloc(size, sizeof *dest);
    int rc = mark && at && plan_at && dest ? 0 : EXS_ENOMEM;
    for (int r = 0; rc == 0 && r < size; r++)
        mark[r] = -1;
    /* no node of mine touched by another rank: no element of mine is a
     * ghost anywhere (one rank, a part on its own), nothing to walk */
    int none = b->touch.nx == 0;
    if (rc == 0 && !none)
        walk(b, 0, mark, dest, at, NULL, NULL);
    int64_t total = 0;
    for (int r = 0; rc == 0 && r < size; r++) {
        sbytes[r] = 8 * at[r];
        plan_at[r] = dm->ngs;
        dm->ngs += dm->gs_count[r];
        int64_t n = at[r];
        at[r] = total;
        total += n;
    }
    if (rc == 0) {
        *sendbuf = exsi_dm_calloc(total, sizeof **sendbuf);
        dm->gs_elem = exsi_dm_calloc(dm->ngs, sizeof *dm->gs_elem);
        rc = *sendbuf && dm->gs_elem ? 0 : EXS_ENOMEM;
    }
    for (int r = 0; rc == 0 && r < size; r++)
        mark[r] = -1;
    if (rc == 0 && !none)
        walk(b, 1, mark, dest, at, plan_at, *sendbuf);
    exsi_dm_free(mark);
    exsi_dm_free(at);
    exsi_dm_free(plan_at);
    exsi_dm_free(dest);
    return rc ? exsi_err(dm->f, rc, "ghost records") : 0;
}

/* Offsets of the records received, and how many came from each rank. */
static int parse(dm_build *b, const int64_t *rbytes)
{
    exs_dmesh *dm = b->dm;
    int64_t words = 0;
    for (int r = 0; r < dm->size; r++)
        words += rbytes[r] / 8;
    b->gh_at = exsi_dm_calloc(words / 3 + 1, sizeof *b->gh_at);
    if (!b->gh_at)
        return exsi_err(dm->f, EXS_ENOMEM, "ghost records");
    int64_t w = 0;
    for (int r = 0; r < dm->size; r++) {
        int64_t end = w + rbytes[r] / 8;
        while (w < end) {
            int64_t k = b->gh_rec[w + 1];
            if (k < 0 || k >= dm->nblk)
                return exsi_err(dm->f, EXS_EBADMODEL, "ghost record of block %lld", (long long)k);
            b->gh_at[b->ngh++] = w;
            dm->gr_count[r]++;
            dm->blk_ghost[k]++;
            w += 3 + 2 * dm->blk_npe[k];
        }
    }
    dm->ngr = b->ngh;
    return 0;
}

static int cmp_pair(const void *x, const void *y)
{
    const int64_t *a = x, *c = y;
    return (a[0] > c[0]) - (a[0] < c[0]);
}

/* Nodes of ghost elements outside my closure, with their owners. */
static int ghost_nodes(dm_build *b)
{
    exs_dmesh *dm = b->dm;
    int64_t n = 0;
    for (int64_t g = 0; g < b->ngh; g++)
        n += dm->blk_npe[b->gh_rec[b->gh_at[g] + 1]];
    int64_t *pairs = exsi_dm_calloc(2 * n, sizeof *pairs), m = 0;
    if (!pairs)
        return exsi_err(dm->f, EXS_ENOMEM, "ghost nodes");
    for (int64_t g = 0; g < b->ngh; g++) {
        const int64_t *rec = b->gh_rec + b->gh_at[g];
        int64_t npe = dm->blk_npe[rec[1]];
        for (int64_t j = 0; j < npe; j++)
            if (exsi_dm_closure_at(b, rec[3 + j]) < 0) {
                pairs[2 * m] = rec[3 + j];
                pairs[2 * m++ + 1] = rec[3 + npe + j];
            }
    }
    qsort(pairs, (size_t)m, 2 * sizeof *pairs, cmp_pair);
    b->gnode = exsi_dm_calloc(m, sizeof *b->gnode);
    b->gowner = exsi_dm_calloc(m, sizeof *b->gowner);
    if (!b->gnode || !b->gowner) {
        exsi_dm_free(pairs);
        return exsi_err(dm->f, EXS_ENOMEM, "ghost nodes");
    }
    for (int64_t i = 0; i < m; i++)
        if (b->ngnode == 0 || b->gnode[b->ngnode - 1] != pairs[2 * i]) {
            b->gnode[b->ngnode] = pairs[2 * i];
            b->gowner[b->ngnode++] = pairs[2 * i + 1];
        }
    exsi_dm_free(pairs);
    return 0;
}

int exsi_dm_dmesh_ghosts_all(dm_build *b)
{
    exs_dmesh *dm = b->dm;
    int size = dm->size;
    dm->gs_count = exsi_dm_calloc(size, sizeof *dm->gs_count);
    dm->gr_count = exsi_dm_calloc(size, sizeof *dm->gr_count);
    int64_t *sb = exsi_dm_calloc(2 * size, sizeof *sb), *rb = sb ? sb + size : NULL;
    int64_t *sendbuf = NULL;
    int rc = dm->gs_count && dm->gr_count && sb ? 0 : exsi_err(dm->f, EXS_ENOMEM, "ghosts");
    if (rc == 0 && b->ghosts && !b->cx)
        rc = exsi_dm_closure_index(b);
    if (rc == 0 && b->ghosts)
        rc = exsi_dm_touch_index(&b->touch, b->nclosure);
    if (rc == 0 && b->ghosts)
        rc = pack(b, sb, &sendbuf);
    rc = exsi_dm_agree(dm, rc);
    if (rc == 0 && b->ghosts && exsi_comm_alltoall_i64(dm->f->comm, sb, rb) != 0)
        rc = exsi_err(dm->f, EXS_EMPI, "ghost record counts");
    int64_t total = 0;
    for (int r = 0; rc == 0 && r < size; r++)
        total += rb[r] / 8;
    if (rc == 0 && b->ghosts) {
        b->gh_rec = exsi_dm_calloc(total, sizeof *b->gh_rec);
        rc = exsi_dm_agree(dm, b->gh_rec ? 0 : exsi_err(dm->f, EXS_ENOMEM, "ghosts"));
    }
    if (rc == 0 && b->ghosts)
        rc = exsi_comm_alltoallv_bytes(dm->f->comm, sendbuf, sb, b->gh_rec, rb);
    if (rc == 0 && b->ghosts)
        rc = parse(b, rb);
    if (rc == 0)
        rc = ghost_nodes(b);
    exsi_dm_free(sendbuf);
    exsi_dm_free(sb);
    return exsi_dm_agree(dm, rc);
}
