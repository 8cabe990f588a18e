/*
 * graph.c -- the element dual graph of the slab elements, distributed:
 * two elements are neighbours when they share at least `ncommon` nodes
 * (2 in 2D, 3 in 3D: a face, or an edge in 2D).
 *
 * Through the node directory: every (node, element) pair goes to the rank
 * whose node slab holds the node (one exchange); that rank answers, for
 * each pair, the other elements at that node (one exchange); each element
 * counts how often it meets each other element.
 */
#include <stdlib.h>
#include <string.h>

#include "decomp.h"
#include "internal.h"


static int cmp_pair(const void *x, const void *y)
{
    const int64_t *a = x, *c = y;
    return a[0] != c[0] ? (a[0] > c[0]) - (a[0] < c[0]) : (a[1] > c[1]) - (a[1] < c[1]);
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, c = *(const int64_t *)y;
    return (a > c) - (a < c);
}

/* The directory rank of 0-based node n: slabs tile the nodes in order. */
static int dir_of(const int64_t *ranges, int size, int64_t n)
{
    for (int r = 0; r < size; r++)
        if (ranges[2 * r + 1] > 0 && n < ranges[2 * r] + ranges[2 * r + 1])
            return r;
    return size - 1;
}

/* Exchange 8-byte words: counts in words per rank. */
static int swap(exs_dmesh *dm, const int64_t *out, const int64_t *scount, int64_t **in,
                int64_t *rcount, int64_t *nin)
{
    int size = dm->size;
    int64_t *sb = exsi_dm_calloc(2 * size, sizeof *sb), *rb = sb ? sb + size : NULL;
    int rc = exsi_dm_agree(dm, sb ? 0 : exsi_err(dm->f, EXS_ENOMEM, "dual graph"));
    if (rc == 0 && exsi_comm_alltoall_i64(dm->f->comm, scount, rcount) != 0)
        rc = exsi_err(dm->f, EXS_EMPI, "dual graph counts");
    *nin = 0;
    for (int r = 0; rc == 0 && r < size; r++)
        *nin += rcount[r], sb[r] = 8 * scount[r], rb[r] = 8 * rcount[r];
    if (rc == 0) {
        *in = exsi_dm_calloc(*nin, sizeof **in);
        rc = exsi_dm_agree(dm, *in ? 0 : exsi_err(dm->f, EXS_ENOMEM, "dual graph"));
    }
    if (rc == 0)
        rc = exsi_comm_alltoallv_bytes(dm->f->comm, out, sb, *in, rb);
    exsi_dm_free(sb);
    return rc;
}

/* (node, element) pairs of the slab, grouped by directory rank. */
static int pairs_out(dm_build *b, const int64_t *ranges, int64_t **out, int64_t *cnt)
{
    exs_dmesh *dm = b->dm;
    int64_t n = 0, *at = exsi_dm_calloc(dm->size, sizeof *at);
    for (int64_t k = 0; k < dm->nblk; k++)
        n += dm->slab_own[k] * dm->blk_npe[k];
    *out = exsi_dm_calloc(2 * n, sizeof **out);
    if (!at || !*out) {
        exsi_dm_free(at);
        return exsi_err(dm->f, EXS_ENOMEM, "dual graph");
    }
    for (int pass = 0; pass < 2; pass++)
        for (int64_t i = 0, c = 0, k = 0, left = dm->slab_own[0]; i < dm->nslab; i++, left--) {
            while (left == 0)
                left = dm->slab_own[++k];
            for (int64_t j = 0; j < dm->blk_npe[k]; j++, c++) {
                int r = dir_of(ranges, dm->size, b->gconn[c] - 1);
                if (pass == 0)
                    cnt[r] += 2;
                else
                    (*out)[at[r]++] = b->gconn[c], (*out)[at[r]++] = dm->own_g[i];
            }
            if (pass == 0 && i == dm->nslab - 1)
                for (int r = 1; r < dm->size; r++)
                    at[r] = at[r - 1] + cnt[r - 1];
        }
    exsi_dm_free(at);
    return 0;
}

/* At the directory: for each pair received, the other elements at its
 * node, as records (element, k, k others), back to the sender. */
static int answer(exs_dmesh *dm, const int64_t *in, const int64_t *rcount, int64_t nin,
                  int64_t **out, int64_t *scount)
{
    int64_t np = nin / 2, *sorted = exsi_dm_calloc(nin, sizeof *sorted), total = 0;
    if (!sorted)
        return exsi_err(dm->f, EXS_ENOMEM, "dual graph");
    memcpy(sorted, in, (size_t)nin * sizeof *in);
    qsort(sorted, (size_t)np, 2 * sizeof *sorted, cmp_pair);
    /* elements at the node of pair p: the run of equal nodes around it */
    int64_t *first = exsi_dm_calloc(np, sizeof *first), *last = exsi_dm_calloc(np, sizeof *last);
    if (!first || !last) {
        exsi_dm_free(sorted), exsi_dm_free(first), exsi_dm_free(last);
        return exsi_err(dm->f, EXS_ENOMEM, "dual graph");
    }
    for (int64_t p = 0; p < np; p++)
        first[p] = p > 0 && sorted[2 * p] == sorted[2 * p - 2] ? first[p - 1] : p;
    for (int64_t p = np - 1; p >= 0; p--)
        last[p] = p < np - 1 && sorted[2 * p] == sorted[2 * p + 2] ? last[p + 1] : p;
    for (int64_t p = 0; p < np; p++)
        total += 2 + last[p] - first[p];
    *out = exsi_dm_calloc(total, sizeof **out);
    int64_t p = 0, w = 0;
    for (int r = 0; *out && r < dm->size; r++) {
        int64_t before = w;
        for (int64_t e = 0; e < rcount[r] / 2; e++, p++) {
            int64_t node = in[2 * p], a = in[2 * p + 1], key[2] = {node, a};
            int64_t *hit = bsearch(key, sorted, (size_t)np, 2 * sizeof *sorted, cmp_pair);
            int64_t q = (hit - sorted) / 2;
            (*out)[w++] = a, (*out)[w++] = last[q] - first[q];
            for (int64_t s = first[q]; s <= last[q]; s++)
                if (s != q)
                    (*out)[w++] = sorted[2 * s + 1];
        }
        scount[r] = w - before;
    }
    exsi_dm_free(sorted), exsi_dm_free(first), exsi_dm_free(last);
    return *out ? 0 : exsi_err(dm->f, EXS_ENOMEM, "dual graph");
}

/* From the answers: neighbours met at >= ncommon nodes, CSR over the slab. */
static int build_csr(exs_dmesh *dm, const int64_t *in, int64_t nin, int ncommon,
                     exsi_decomp_graph *g)
{
    int64_t n = 0;
    for (int64_t w = 0; w < nin; w += 2 + in[w + 1])
        n += in[w + 1];
    int64_t *pairs = exsi_dm_calloc(2 * n, sizeof *pairs), m = 0;
    g->xadj = exsi_dm_calloc(dm->nslab + 1, sizeof *g->xadj);
    g->adj = exsi_dm_calloc(n, sizeof *g->adj);
    if (!pairs || !g->xadj || !g->adj) {
        exsi_dm_free(pairs);
        return exsi_err(dm->f, EXS_ENOMEM, "dual graph");
    }
    for (int64_t w = 0; w < nin; w += 2 + in[w + 1])
        for (int64_t k = 0; k < in[w + 1]; k++)
            pairs[2 * m] = in[w], pairs[2 * m++ + 1] = in[w + 2 + k];
    qsort(pairs, (size_t)m, 2 * sizeof *pairs, cmp_pair);
    for (int64_t i = 0, e = 0; i < m; i = e) {
        for (e = i; e < m && pairs[2 * e] == pairs[2 * i] && pairs[2 * e + 1] == pairs[2 * i + 1];)
            e++;
        if (e - i >= ncommon) {
            int64_t a = pairs[2 * i] - dm->p.elem_start;
            g->adj[g->nadj++] = pairs[2 * i + 1];
            g->xadj[a + 1]++;
        }
    }
    for (int64_t i = 0; i < dm->nslab; i++)
        g->xadj[i + 1] += g->xadj[i];
    exsi_dm_free(pairs);
    return 0;
}

void exsi_decomp_graph_free(exsi_decomp_graph *g)
{
    exsi_dm_free(g->xadj);
    exsi_dm_free(g->adj);
    memset(g, 0, sizeof *g);
}

int exsi_decomp_dmesh_dual_graph_all(dm_build *b, exsi_decomp_graph *g)
{
    exs_dmesh *dm = b->dm;
    int size = dm->size, ncommon = dm->num_dim >= 3 ? 3 : dm->num_dim == 2 ? 2 : 1;
    int64_t *ranges = exsi_dm_calloc(2 * size, sizeof *ranges), *cnt = exsi_dm_calloc(2 * size, 8);
    int64_t *out = NULL, *in = NULL, *ans = NULL, *back = NULL, nin = 0, nback = 0;
    int rc = exsi_dm_agree(dm, ranges && cnt ? 0 : exsi_err(dm->f, EXS_ENOMEM, "graph"));
    int64_t mine[2] = {dm->p.node_start, dm->p.node_count};
    if (rc == 0 && exsi_comm_allgather_i64(dm->f->comm, mine, 2, ranges) != 0)
        rc = exsi_err(dm->f, EXS_EMPI, "exchanging node slabs");
    if (rc == 0)
        rc = exsi_dm_agree(dm, pairs_out(b, ranges, &out, cnt));
    if (rc == 0)
        rc = swap(dm, out, cnt, &in, cnt + size, &nin);
    if (rc == 0)
        rc = exsi_dm_agree(dm, answer(dm, in, cnt + size, nin, &ans, cnt));
    if (rc == 0)
        rc = swap(dm, ans, cnt, &back, cnt + size, &nback);
    if (rc == 0)
        rc = build_csr(dm, back, nback, ncommon, g);
    void *done[] = {ranges, cnt, out, in, ans, back};
    for (size_t i = 0; i < sizeof done / sizeof *done; i++)
        exsi_dm_free(done[i]);
    (void)cmp_i64;
    return exsi_dm_agree(dm, rc);
}
