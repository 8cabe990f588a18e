/*
 * dmesh_touch.c -- the node directory: the rank whose node slab holds a
 * node learns which ranks' elements touch it and tells them.
 *
 * Requests are sorted and the node slabs tile the nodes in rank order, so
 * a rank's requests are already grouped by directory rank. Three
 * exchanges: the ids, the number of touching ranks per id, the ranks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decomp.h"
#include "internal.h"

typedef struct touch_io {
    int64_t *ranges;           /* size x (start, count) */
    int64_t *cnt;              /* size x 4: send, recv, send bytes, recv bytes */
    int64_t *ids_in, nin;      /* ids asked of me, by source rank */
    int64_t *k_in, *k_out;     /* touching ranks per id: mine to send, answers */
    int64_t *lists_out;        /* per id asked of me, its touching ranks */
    int64_t *slab_at, *slab_r; /* CSR over my node slab */
    int64_t nlists;
} touch_io;

static void io_free(touch_io *io)
{
    free(io->ranges);
    free(io->cnt);
    free(io->ids_in);
    free(io->k_in);
    free(io->k_out);
    free(io->lists_out);
    free(io->slab_at);
    free(io->slab_r);
}

void exsi_dm_touch_free(exsi_decomp_touch *t)
{
    free(t->at);
    free(t->ranks);
    free(t->orphans);
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
    free(b->cx);
    b->cx = NULL;
    int64_t n = b->nclosure;
    if (n == 0 || n >= INT32_MAX)
        return 0;
    int64_t lo = b->closure[0], span = b->closure[n - 1] - lo + 1;
    if (span > 4 * n)
        return 0;
    b->cx = malloc((size_t)span * sizeof *b->cx);
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

static void *xcalloc(int64_t n, size_t sz) { return calloc((size_t)(n > 0 ? n : 1), sz); }

/* How many of my sorted nodes fall in each rank's slab. */
static void route(exs_dmesh *dm, touch_io *io, const int64_t *nodes, int64_t n)
{
    int64_t i = 0;
    for (int r = 0; r < dm->size; r++) {
        int64_t end = io->ranges[2 * r] + io->ranges[2 * r + 1];
        int64_t k = 0;
        while (i < n && io->ranges[2 * r + 1] > 0 && nodes[i] - 1 < end) {
            i++;
            k++;
        }
        io->cnt[r] = k;
    }
}

/* The ids arrive by source rank in rank order, so each slab node's list
 * of touching ranks comes out ascending. */
static int directory(exs_dmesh *dm, touch_io *io, exsi_decomp_touch *t)
{
    int64_t m = dm->p.node_count, s0 = dm->p.node_start;
    io->slab_at = xcalloc(m + 1, sizeof *io->slab_at);
    io->slab_r = xcalloc(io->nin, sizeof *io->slab_r);
    io->k_out = xcalloc(io->nin, sizeof *io->k_out);
    if (!io->slab_at || !io->slab_r || !io->k_out)
        return exsi_err(dm->f, EXS_ENOMEM, "node directory");
    for (int64_t k = 0; k < io->nin; k++)
        io->slab_at[io->ids_in[k] - 1 - s0 + 1]++;
    for (int64_t j = 0; j < m; j++)
        io->slab_at[j + 1] += io->slab_at[j];
    int64_t *fill = xcalloc(m, sizeof *fill), k = 0;
    t->orphans = xcalloc(m, sizeof *t->orphans);
    if (!fill || !t->orphans) {
        free(fill);
        return exsi_err(dm->f, EXS_ENOMEM, "node directory");
    }
    for (int r = 0; r < dm->size; r++)
        for (int64_t e = 0; e < io->cnt[dm->size + r]; e++, k++) {
            int64_t j = io->ids_in[k] - 1 - s0;
            io->slab_r[io->slab_at[j] + fill[j]++] = r;
        }
    for (int64_t j = 0; j < m; j++)
        if (io->slab_at[j + 1] == io->slab_at[j])
            t->orphans[t->norphans++] = s0 + j + 1;
    free(fill);
    io->nlists = 0;
    for (k = 0; k < io->nin; k++) {
        int64_t j = io->ids_in[k] - 1 - s0;
        io->k_out[k] = io->slab_at[j + 1] - io->slab_at[j];
        io->nlists += io->k_out[k];
    }
    return 0;
}

/* The lists, id after id in the order the ids came. */
static int fill_lists(exs_dmesh *dm, touch_io *io)
{
    io->lists_out = xcalloc(io->nlists, sizeof *io->lists_out);
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

static int exchange_ids(exs_dmesh *dm, touch_io *io, const int64_t *nodes)
{
    int size = dm->size;
    int64_t *send = io->cnt, *recv = io->cnt + size;
    if (exsi_comm_alltoall_i64(dm->f->comm, send, recv) != 0)
        return exsi_err(dm->f, EXS_EMPI, "node directory counts");
    io->nin = 0;
    for (int r = 0; r < size; r++)
        io->nin += recv[r];
    io->ids_in = xcalloc(io->nin, sizeof *io->ids_in);
    int rc = exsi_dm_agree(dm, io->ids_in ? 0 : exsi_err(dm->f, EXS_ENOMEM, "directory"));
    if (rc != 0)
        return rc;
    exsi_dm_counts_bytes(send, size, io->cnt + 2 * size);
    exsi_dm_counts_bytes(recv, size, io->cnt + 3 * size);
    rc = exsi_comm_alltoallv_bytes(dm->f->comm, nodes, io->cnt + 2 * size, io->ids_in,
                                  io->cnt + 3 * size);
    return rc ? exsi_err(dm->f, rc, "node directory ids") : 0;
}

/* Answers: first the list lengths (same shape as the ids, reversed),
 * then the lists. */
static int answer(exs_dmesh *dm, touch_io *io, exsi_decomp_touch *t, int64_t n)
{
    int size = dm->size;
    int64_t *sb = io->cnt + 2 * size, *rb = io->cnt + 3 * size;
    io->k_in = xcalloc(n, sizeof *io->k_in);
    t->at = xcalloc(n + 1, sizeof *t->at);
    int rc = io->k_in && t->at ? 0 : exsi_err(dm->f, EXS_ENOMEM, "directory");
    if ((rc = exsi_dm_agree(dm, rc)) != 0)
        return rc;
    rc = exsi_comm_alltoallv_bytes(dm->f->comm, io->k_out, rb, io->k_in, sb);
    if (rc != 0)
        return exsi_err(dm->f, rc, "node directory answers");
    int64_t *lsend = calloc(2 * (size_t)size, sizeof *lsend), *lrecv = lsend + size;
    if (!lsend)
        return exsi_err(dm->f, EXS_ENOMEM, "directory");
    int64_t k = 0, i = 0;
    for (int r = 0; r < size; r++) {
        for (int64_t e = 0; e < io->cnt[size + r]; e++)
            lsend[r] += 8 * io->k_out[k++];
        for (int64_t e = 0; e < io->cnt[r]; e++, i++) {
            lrecv[r] += 8 * io->k_in[i];
            t->at[i + 1] = t->at[i] + io->k_in[i];
        }
    }
    t->ranks = xcalloc(t->at[n], sizeof *t->ranks);
    rc = exsi_dm_agree(dm, t->ranks ? 0 : exsi_err(dm->f, EXS_ENOMEM, "directory"));
    if (rc == 0)
        rc = exsi_comm_alltoallv_bytes(dm->f->comm, io->lists_out, lsend, t->ranks, lrecv);
    free(lsend);
    return rc;
}

int exsi_dm_dmesh_touch_all(exs_dmesh *dm, const int64_t *nodes, int64_t n, exsi_decomp_touch *t)
{
    touch_io io = {0};
    int size = dm->size;
    io.ranges = xcalloc(2 * size, sizeof *io.ranges);
    io.cnt = xcalloc(4 * size, sizeof *io.cnt);
    int rc = io.ranges && io.cnt ? 0 : exsi_err(dm->f, EXS_ENOMEM, "directory");
    rc = exsi_dm_agree(dm, rc);
    int64_t mine[2] = {dm->p.node_start, dm->p.node_count};
    if (rc == 0 && exsi_comm_allgather_i64(dm->f->comm, mine, 2, io.ranges) != 0)
        rc = exsi_err(dm->f, EXS_EMPI, "exchanging node slabs");
    if (rc == 0) {
        route(dm, &io, nodes, n);
        rc = exchange_ids(dm, &io, nodes);
    }
    if (rc == 0)
        rc = directory(dm, &io, t);
    if (rc == 0)
        rc = fill_lists(dm, &io);
    rc = exsi_dm_agree(dm, rc);
    if (rc == 0)
        rc = answer(dm, &io, t, n);
    io_free(&io);
    return exsi_dm_agree(dm, rc);
}
