/*
 * dmesh_touch.c -- the node directory: the rank whose node slab holds a
 * node learns which ranks' elements touch it and tells them.
 *
 * Requests are sorted and the node slabs tile the nodes in rank order, so
 * a rank's requests are already grouped by directory rank. The nodes in
 * a rank's own slab are its own directory's: they never travel, and when
 * no other rank asks about the slab (one rank; a slab no other rank's
 * elements reach) the directory is not built at all. Three exchanges of
 * the other nodes: the ids, the number of touching ranks per id, the
 * ranks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decomp.h"
#include "internal.h"

typedef struct touch_io {
    int64_t *ranges;           /* size x (start, count) */
    int64_t *cnt;              /* size x 4: send, recv, send bytes, recv bytes */
    int64_t ia, ib;            /* my nodes in my own slab: nodes[ia..ib) */
    int64_t *ids_out, nout;    /* my other nodes, grouped by directory rank */
    int64_t *ids_in, nin;      /* ids asked of me, by source rank */
    int64_t *k_in, *k_out;     /* touching ranks per id: answers, mine to send */
    int64_t *lists_out;        /* per id asked of me, its touching ranks */
    int64_t *slab_at, *slab_r; /* CSR over my node slab (only when asked) */
    int64_t nlists;
} touch_io;

static void io_free(touch_io *io)
{
    exsi_dm_free(io->ranges);
    exsi_dm_free(io->cnt);
    exsi_dm_free(io->ids_out);
    exsi_dm_free(io->ids_in);
    exsi_dm_free(io->k_in);
    exsi_dm_free(io->k_out);
    exsi_dm_free(io->lists_out);
    exsi_dm_free(io->slab_at);
    exsi_dm_free(io->slab_r);
}

void exsi_dm_touch_free(exsi_decomp_touch *t)
{
    exsi_dm_free(t->at);
    exsi_dm_free(t->ranks);
    exsi_dm_free(t->orphans);
    memset(t, 0, sizeof *t);
}

void exsi_dm_counts_bytes(const int64_t *n, int size, int64_t *bytes)
{
    for (int r = 0; r < size; r++)
        bytes[r] = 8 * n[r];
}

int64_t exsi_dm_bsearch_i64(const int64_t *a, int64_t n, int64_t v)
{
    int64_t lo = 0, hi = n - 1;
    while (lo <= hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (a[mid] == v)
            return mid;
        if (a[mid] < v)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

int exsi_dm_closure_index(dm_build *b)
{
    exsi_dm_free(b->cx);
    b->cx = NULL;
    int64_t n = b->nclosure;
    if (n == 0 || n >= INT32_MAX)
        return 0;
    int64_t lo = b->closure[0], span = b->closure[n - 1] - lo + 1;
    if (span > 4 * n)
        return 0;
    b->cx = exsi_dm_alloc(1, (size_t)span * sizeof *b->cx);
    if (!b->cx) /* the binary search still answers */
        return 0;
    memset(b->cx, 0xff, (size_t)span * sizeof *b->cx);
    for (int64_t i = 0; i < n; i++)
        b->cx[b->closure[i] - lo] = (int32_t)i;
    b->cx_lo = lo, b->cx_n = span;
    return 0;
}

int64_t exsi_dm_closure_at(const dm_build *b, int64_t node)
{
    if (!b->cx)
        return exsi_dm_bsearch_i64(b->closure, b->nclosure, node);
    int64_t k = node - b->cx_lo;
    return k >= 0 && k < b->cx_n ? b->cx[k] : -1;
}

int exsi_dm_agree(exs_dmesh *dm, int rc)
{
    return exsi_err_agree(dm->f, rc);
}


/* How many of my sorted nodes fall in each rank's slab; mine apart
 * (nodes[ia..ib)), the others copied out for the exchange. */
static int route(exs_dmesh *dm, touch_io *io, const int64_t *nodes, int64_t n)
{
    int64_t i = 0;
    for (int r = 0; r < dm->size; r++) {
        int64_t end = io->ranges[2 * r] + io->ranges[2 * r + 1], i0 = i;
        while (i < n && io->ranges[2 * r + 1] > 0 && nodes[i] - 1 < end)
            i++;
        io->cnt[r] = i - i0;
        if (r == dm->rank)
            io->ia = i0, io->ib = i;
    }
    io->cnt[dm->rank] = 0;
    io->nout = n - (io->ib - io->ia);
    io->ids_out = exsi_dm_calloc(io->nout, sizeof *io->ids_out);
    if (!io->ids_out)
        return exsi_err(dm->f, EXS_ENOMEM, "node directory");
    memcpy(io->ids_out, nodes, (size_t)io->ia * sizeof *nodes);
    memcpy(io->ids_out + io->ia, nodes + io->ib, (size_t)(n - io->ib) * sizeof *nodes);
    return 0;
}

/* Put rank r's touches of my slab into the CSR: fill[j] is where slab
 * node j's next rank goes. */
static void put_rank(int64_t *fill, int64_t *slab_r, const int64_t *ids, int64_t k,
                     int64_t s0, int64_t r)
{
    for (int64_t e = 0; e < k; e++)
        slab_r[fill[ids[e] - 1 - s0]++] = r;
}

/* Who touches each node of my slab (CSR), ranks ascending: the others'
 * ids by source rank, mine (nodes[ia..ib)) in my rank's turn. Built only
 * when someone asked. */
static int directory(exs_dmesh *dm, touch_io *io, const int64_t *nodes)
{
    int64_t m = dm->p.node_count, s0 = dm->p.node_start, own = io->ib - io->ia;
    io->slab_at = exsi_dm_calloc(m + 1, sizeof *io->slab_at);
    io->slab_r = exsi_dm_calloc(io->nin + own, sizeof *io->slab_r);
    if (!io->slab_at || !io->slab_r)
        return exsi_err(dm->f, EXS_ENOMEM, "node directory");
    int64_t *at = io->slab_at;
    for (int64_t k = 0; k < io->nin; k++)
        at[io->ids_in[k] - s0]++;
    for (int64_t i = io->ia; i < io->ib; i++)
        at[nodes[i] - s0]++;
    for (int64_t j = 0; j < m; j++)
        at[j + 1] += at[j];
    /* at[j] is node j's start: the cursor of its fill */
    int64_t k = 0;
    for (int r = 0; r < dm->size; r++) {
        if (r == dm->rank)
            put_rank(at, io->slab_r, nodes + io->ia, own, s0, r);
        put_rank(at, io->slab_r, io->ids_in + k, io->cnt[dm->size + r], s0, r);
        k += io->cnt[dm->size + r];
    }
    /* each at[j] advanced to node j's end, which is node j+1's start */
    memmove(at + 1, at, (size_t)m * sizeof *at);
    at[0] = 0;
    return 0;
}

/* Nodes of my slab no element touches: without a directory, the slab
 * minus my own nodes (both ascending). */
static int orphans(exs_dmesh *dm, touch_io *io, const int64_t *nodes, exsi_decomp_touch *t)
{
    int64_t m = dm->p.node_count, s0 = dm->p.node_start, n = 0;
    if (io->ib - io->ia == m) /* my distinct nodes fill my slab */
        m = 0;
    for (int pass = 0; pass < 2; pass++) {
        int64_t i = io->ia;
        n = 0;
        for (int64_t j = 0; j < m; j++) {
            int none;
            if (io->slab_at) {
                none = io->slab_at[j + 1] == io->slab_at[j];
            } else {
                none = !(i < io->ib && nodes[i] == s0 + j + 1);
                i += !none;
            }
            if (none && pass == 1)
                t->orphans[n] = s0 + j + 1;
            n += none;
        }
        if (pass == 0 && !(t->orphans = exsi_dm_calloc(n, sizeof *t->orphans)))
            return exsi_err(dm->f, EXS_ENOMEM, "node directory");
    }
    t->norphans = n;
    return 0;
}

/* The lists, id after id in the order the ids came. */
static int fill_lists(exs_dmesh *dm, touch_io *io)
{
    io->k_out = exsi_dm_calloc(io->nin, sizeof *io->k_out);
    if (!io->k_out)
        return exsi_err(dm->f, EXS_ENOMEM, "node directory");
    io->nlists = 0;
    for (int64_t k = 0; k < io->nin; k++) {
        int64_t j = io->ids_in[k] - 1 - dm->p.node_start;
        io->k_out[k] = io->slab_at[j + 1] - io->slab_at[j];
        io->nlists += io->k_out[k];
    }
    io->lists_out = exsi_dm_calloc(io->nlists, sizeof *io->lists_out);
    if (!io->lists_out)
        return exsi_err(dm->f, EXS_ENOMEM, "node directory");
    int64_t o = 0;
    for (int64_t k = 0; k < io->nin; k++) {
        int64_t j = io->ids_in[k] - 1 - dm->p.node_start;
        for (int64_t q = io->slab_at[j]; q < io->slab_at[j + 1]; q++)
            io->lists_out[o++] = io->slab_r[q];
    }
    return 0;
}

static int exchange_ids(exs_dmesh *dm, touch_io *io)
{
    int size = dm->size;
    int64_t *send = io->cnt, *recv = io->cnt + size;
    if (exsi_comm_alltoall_i64(dm->f->comm, send, recv) != 0)
        return exsi_err(dm->f, EXS_EMPI, "node directory counts");
    io->nin = 0;
    for (int r = 0; r < size; r++)
        io->nin += recv[r];
    io->ids_in = exsi_dm_calloc(io->nin, sizeof *io->ids_in);
    int rc = exsi_dm_agree(dm, io->ids_in ? 0 : exsi_err(dm->f, EXS_ENOMEM, "directory"));
    if (rc != 0)
        return rc;
    exsi_dm_counts_bytes(send, size, io->cnt + 2 * size);
    exsi_dm_counts_bytes(recv, size, io->cnt + 3 * size);
    rc = exsi_comm_alltoallv_bytes(dm->f->comm, io->ids_out, io->cnt + 2 * size,
                                   io->ids_in, io->cnt + 3 * size);
    return rc ? exsi_err(dm->f, rc, "node directory ids") : 0;
}

/* List lengths of all my n nodes: the answers for the others' (k_in, in
 * node order), my directory's for my own (1, me, without a directory). */
static void list_offsets(const exs_dmesh *dm, const touch_io *io, const int64_t *nodes,
                         int64_t n, int64_t *at)
{
    int64_t s0 = dm->p.node_start;
    for (int64_t i = 0, k = 0; i < n; i++) {
        int64_t len;
        if (i < io->ia || i >= io->ib)
            len = io->k_in[k++];
        else if (io->slab_at)
            len = io->slab_at[nodes[i] - s0] - io->slab_at[nodes[i] - 1 - s0];
        else
            len = 1;
        at[i + 1] = at[i] + len;
    }
}

/* My own nodes' lists into t->ranks[at[ia] .. at[ib]). */
static void own_lists(const exs_dmesh *dm, const touch_io *io, const int64_t *nodes,
                      exsi_decomp_touch *t)
{
    int64_t s0 = dm->p.node_start, o = t->at[io->ia];
    for (int64_t i = io->ia; i < io->ib; i++) {
        if (!io->slab_at) {
            t->ranks[o++] = dm->rank;
            continue;
        }
        int64_t j = nodes[i] - 1 - s0;
        for (int64_t q = io->slab_at[j]; q < io->slab_at[j + 1]; q++)
            t->ranks[o++] = io->slab_r[q];
    }
}

/* Answers: first the list lengths (same shape as the ids, reversed),
 * then the lists, received at the start of t->ranks and the part from
 * the ranks above me moved up past my own nodes' lists. */
static int answer(exs_dmesh *dm, touch_io *io, const int64_t *nodes, int64_t n,
                  exsi_decomp_touch *t)
{
    int size = dm->size;
    int alone = io->nout == 0 && io->nin == 0; /* every list is {me} */
    int64_t *sb = io->cnt + 2 * size, *rb = io->cnt + 3 * size;
    io->k_in = exsi_dm_calloc(io->nout, sizeof *io->k_in);
    t->at = alone ? NULL : exsi_dm_calloc(n + 1, sizeof *t->at);
    int rc = io->k_in && (alone || t->at) ? 0 : exsi_err(dm->f, EXS_ENOMEM, "directory");
    if ((rc = exsi_dm_agree(dm, rc)) != 0)
        return rc;
    rc = exsi_comm_alltoallv_bytes(dm->f->comm, io->k_out, rb, io->k_in, sb);
    if (rc != 0)
        return exsi_err(dm->f, rc, "node directory answers");
    int64_t *lsend = exsi_dm_calloc(2 * (int64_t)size, sizeof *lsend), *lrecv = lsend + size;
    if (!lsend)
        return exsi_err(dm->f, EXS_ENOMEM, "directory");
    int64_t k = 0, i = 0;
    for (int r = 0; r < size; r++) {
        for (int64_t e = 0; e < io->cnt[size + r]; e++)
            lsend[r] += 8 * io->k_out[k++];
        for (int64_t e = 0; e < io->cnt[r]; e++)
            lrecv[r] += 8 * io->k_in[i++];
    }
    if (!alone) {
        list_offsets(dm, io, nodes, n, t->at);
        t->ranks = exsi_dm_calloc(t->at[n], sizeof *t->ranks);
    }
    t->only = dm->rank;
    rc = exsi_dm_agree(dm, alone || t->ranks ? 0 : exsi_err(dm->f, EXS_ENOMEM, "directory"));
    if (rc == 0) /* alone, nothing arrives: k_in stands for the lists */
        rc = exsi_comm_alltoallv_bytes(dm->f->comm, io->lists_out, lsend,
                                       alone ? io->k_in : t->ranks, lrecv);
    exsi_dm_free(lsend);
    if (rc != 0 || alone)
        return rc;
    int64_t below = t->at[io->ia], above = t->at[n] - t->at[io->ib];
    memmove(t->ranks + t->at[io->ib], t->ranks + below, (size_t)above * sizeof *t->ranks);
    own_lists(dm, io, nodes, t);
    return 0;
}

int exsi_dm_dmesh_touch_all(exs_dmesh *dm, const int64_t *nodes, int64_t n, exsi_decomp_touch *t)
{
    touch_io io = {0};
    int size = dm->size;
    io.ranges = exsi_dm_calloc(2 * size, sizeof *io.ranges);
    io.cnt = exsi_dm_calloc(4 * size, sizeof *io.cnt);
    int rc = io.ranges && io.cnt ? 0 : exsi_err(dm->f, EXS_ENOMEM, "directory");
    rc = exsi_dm_agree(dm, rc);
    int64_t mine[2] = {dm->p.node_start, dm->p.node_count};
    if (rc == 0 && exsi_comm_allgather_i64(dm->f->comm, mine, 2, io.ranges) != 0)
        rc = exsi_err(dm->f, EXS_EMPI, "exchanging node slabs");
    if (rc == 0)
        rc = exsi_dm_agree(dm, route(dm, &io, nodes, n));
    if (rc == 0)
        rc = exchange_ids(dm, &io);
    if (rc == 0 && io.nin > 0)
        rc = directory(dm, &io, nodes);
    if (rc == 0)
        rc = orphans(dm, &io, nodes, t);
    if (rc == 0)
        rc = fill_lists(dm, &io);
    rc = exsi_dm_agree(dm, rc);
   
    if (rc == 0)
        rc = answer(dm, &io, nodes, n, t);
    io_free(&io);
    return exsi_dm_agree(dm, rc);
}
