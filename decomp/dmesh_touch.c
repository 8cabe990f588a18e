/*
 * dmesh_touch.c -- the node directory: the rank whose node slab holds a
 * node learns which ranks' elements touch it and tells them.
 *
 * Requests are sorted and the node slabs tile the nodes in rank order, so
 * a rank's requests are already grouped by directory rank. The nodes in
 * a rank's own slab are its own directory's: they never travel. Three
 * exchanges of the other nodes: the ids, the number of touching ranks per
 * id, the ranks. Only the nodes some other rank touches get a list (the
 * exceptions of exsi_decomp_touch): the directory is built from the ids
 * asked of a rank, not over its whole slab, and every other node of a
 * closure is its rank's alone.
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
    int64_t *lists_out, nlists; /* per id asked of me, its touching ranks */
    int64_t *lists_in;         /* the lists of my other nodes, as they came */
    /* the directory: the distinct ids asked of me, ascending, with their
     * touching ranks (CSR), where each is in my nodes (-1: not mine), and
     * the entry of each id asked */
    int64_t nd, nd_mine, *d_id, *d_at, *d_r, *d_pos, *d_of;
    exsi_dm_scratch s; /* the above, unless too big for it */
} touch_io;

static void io_free(touch_io *io)
{
    int64_t *arrays[] = {io->ranges, io->cnt, io->ids_out, io->ids_in, io->k_in,
                         io->k_out, io->lists_out, io->lists_in, io->d_id, io->d_at,
                         io->d_r, io->d_pos, io->d_of};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        exsi_dm_free(arrays[i]); /* those too big for the scratch */
    exsi_dm_scratch_release(&io->s);
}

void exsi_dm_touch_free(exsi_decomp_touch *t)
{
    exsi_dm_free(t->x_idx);
    exsi_dm_free(t->x_at);
    exsi_dm_free(t->x_ranks);
    exsi_dm_free(t->slot);
    exsi_dm_free(t->orphans);
    memset(t, 0, sizeof *t);
}

int exsi_dm_touch_index(exsi_decomp_touch *t, int64_t n)
{
    exsi_dm_free(t->slot);
    t->slot = NULL;
    if (t->nx == 0 || n >= INT32_MAX)
        return 0; /* the binary search answers */
    t->slot = exsi_dm_alloc(1, (size_t)n * sizeof *t->slot);
    if (!t->slot)
        return 0;
    memset(t->slot, 0xff, (size_t)n * sizeof *t->slot);
    for (int64_t c = 0; c < t->nx; c++)
        t->slot[t->x_idx[c]] = (int32_t)c;
    return 0;
}

int64_t exsi_dm_touch_list(const exsi_decomp_touch *t, int64_t i, const int64_t **ranks)
{
    int64_t c = t->slot ? t->slot[i] : exsi_dm_bsearch_i64(t->x_idx, t->nx, i);
    if (c < 0) {
        *ranks = &t->only;
        return 1;
    }
    *ranks = t->x_ranks + t->x_at[c];
    return t->x_at[c + 1] - t->x_at[c];
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

int exsi_dm_agree(exs_dmesh *dm, int rc)
{
    return exsi_err_agree(dm->f, rc);
}


/* The step's own arrays live in its scratch (released when it ends),
 * the exceptions it hands on in the build's: zero, freed with them. */
static void *tmp(touch_io *io, int64_t n, size_t sz)
{
    return exsi_dm_scratch_calloc(&io->s, n, sz);
}

static void *scratch(exs_dmesh *dm, int64_t n, size_t sz)
{
    return exsi_dm_scratch_calloc(&dm->scratch, n, sz);
}

/* The first of nodes[i..n) (ascending) at or above v. */
static int64_t lower_bound(const int64_t *nodes, int64_t i, int64_t n, int64_t v)
{
    while (i < n) {
        int64_t mid = i + (n - i) / 2;
        if (nodes[mid] < v)
            i = mid + 1;
        else
            n = mid;
    }
    return i;
}

/* How many of my sorted nodes fall in each rank's slab (found by binary
 * search); mine apart (nodes[ia..ib)), the others copied out for the
 * exchange. */
static int route(exs_dmesh *dm, touch_io *io, const int64_t *nodes, int64_t n)
{
    int64_t i = 0;
    for (int r = 0; r < dm->size; r++) {
        int64_t end = io->ranges[2 * r] + io->ranges[2 * r + 1], i0 = i;
        if (io->ranges[2 * r + 1] > 0) /* the 1-based nodes up to end */
            i = lower_bound(nodes, i, n, end + 1);
        io->cnt[r] = i - i0;
        if (r == dm->rank)
            io->ia = i0, io->ib = i;
    }
    io->cnt[dm->rank] = 0;
    io->nout = n - (io->ib - io->ia);
    io->ids_out = tmp(io, io->nout, sizeof *io->ids_out);
    if (!io->ids_out)
        return exsi_err(dm->f, EXS_ENOMEM, "node directory");
    memcpy(io->ids_out, nodes, (size_t)io->ia * sizeof *nodes);
    memcpy(io->ids_out + io->ia, nodes + io->ib, (size_t)(n - io->ib) * sizeof *nodes);
    return 0;
}

/* The next id asked of me in ascending order, merging the askers' lists
 * (each ascending, in rank order in ids_in; ties: the lower rank first):
 * its index in ids_in, and the asker in *src; -1 when none is left. */
static int64_t next_asked(const touch_io *io, int64_t *cur, const int64_t *end,
                          const int *srcs, int nsrc, int *src)
{
    int64_t best = -1;
    for (int s = 0; s < nsrc; s++) {
        int r = srcs[s];
        if (cur[r] < end[r] && (best < 0 || io->ids_in[cur[r]] < io->ids_in[best]))
            best = cur[r], *src = r;
    }
    if (best >= 0)
        cur[*src]++;
    return best;
}

/* One distinct asked id v, at directory slot d: is it one of my own
 * nodes (nodes[ia..ib), ascending like the ids; *p the cursor, moved by
 * galloping: steps doubling from it, then a binary search in the last)? */
static void new_entry(touch_io *io, const int64_t *nodes, int64_t *p, int64_t v, int64_t d)
{
    int64_t from = *p, step = 1;
    while (from + step < io->ib && nodes[from + step] < v)
        from += step, step *= 2;
    int64_t to = from + step < io->ib ? from + step + 1 : io->ib;
    *p = lower_bound(nodes, from, to, v);
    int mine = *p < io->ib && nodes[*p] == v;
    io->d_id[d] = v, io->d_pos[d] = mine ? *p : -1;
    io->nd_mine += mine;
}

/* The directory from the ids asked of me, merged in ascending order: per
 * distinct id its askers and, when it is one of my own nodes, me, ranks
 * ascending; d_of[k] is the entry of ids_in[k]. */
static int directory(exs_dmesh *dm, touch_io *io, const int64_t *nodes)
{
    int size = dm->size, nsrc = 0, src = 0;
    int64_t *cur = tmp(io, 2 * (int64_t)size, sizeof *cur), *end = cur ? cur + size : NULL;
    int *srcs = tmp(io, size, sizeof *srcs);
    io->d_id = tmp(io, io->nin + 1, sizeof *io->d_id);
    io->d_pos = tmp(io, io->nin + 1, sizeof *io->d_pos);
    io->d_of = tmp(io, io->nin + 1, sizeof *io->d_of);
    io->d_at = tmp(io, io->nin + 2, sizeof *io->d_at);
    io->d_r = tmp(io, 2 * io->nin + 1, sizeof *io->d_r); /* askers, and me */
    int rc = cur && srcs && io->d_id && io->d_pos && io->d_of && io->d_at && io->d_r
                 ? 0
                 : exsi_err(dm->f, EXS_ENOMEM, "node directory");
    for (int r = 0, k = 0; rc == 0 && r < size; k += io->cnt[size + r++]) {
        cur[r] = k, end[r] = k + io->cnt[size + r];
        if (end[r] > k)
            srcs[nsrc++] = r;
    }
    int64_t p = io->ia, o = 0, d = -1, k;
    int me_due = 0; /* the current entry is mine and I am not in its list yet */
    while (rc == 0 && (k = next_asked(io, cur, end, srcs, nsrc, &src)) >= 0) {
        int64_t v = io->ids_in[k];
        if (d < 0 || io->d_id[d] != v) {
            if (me_due)
                io->d_r[o++] = dm->rank;
            if (d >= 0)
                io->d_at[d + 1] = o;
            new_entry(io, nodes, &p, v, ++d);
            io->d_at[d] = o;
            me_due = io->d_pos[d] >= 0;
        }
        if (me_due && src > dm->rank)
            io->d_r[o++] = dm->rank, me_due = 0;
        io->d_r[o++] = src;
        io->d_of[k] = d;
    }
    if (rc == 0 && me_due)
        io->d_r[o++] = dm->rank;
    if (rc == 0 && d >= 0)
        io->d_at[d + 1] = o;
    io->nd = d + 1;
    if (rc == 0 && d < 0)
        io->d_at[0] = 0;
    exsi_dm_free(cur);
    exsi_dm_free(srcs);
    return rc;
}

/* Nodes of my slab no element touches: neither mine (nodes[ia..ib)) nor
 * asked of me (d_id), all three ascending; none to find when those two
 * fill the slab. */
static int orphans(exs_dmesh *dm, touch_io *io, const int64_t *nodes, exsi_decomp_touch *t)
{
    int64_t m = dm->p.node_count, s0 = dm->p.node_start;
    int64_t n = m - (io->ib - io->ia) - (io->nd - io->nd_mine);
    t->orphans = scratch(dm, n, sizeof *t->orphans);
    if (!t->orphans)
        return exsi_err(dm->f, EXS_ENOMEM, "node directory");
    t->norphans = n;
    for (int64_t j = 0, i = io->ia, d = 0, o = 0; o < n && j < m; j++) {
        int64_t v = s0 + j + 1, hit = 0;
        if (i < io->ib && nodes[i] == v)
            i++, hit = 1;
        if (d < io->nd && io->d_id[d] == v)
            d++, hit = 1;
        if (!hit)
            t->orphans[o++] = v;
    }
    return 0;
}

/* The lists, id after id in the order the ids came. */
static int fill_lists(exs_dmesh *dm, touch_io *io)
{
    io->k_out = tmp(io, io->nin, sizeof *io->k_out);
    if (!io->k_out)
        return exsi_err(dm->f, EXS_ENOMEM, "node directory");
    io->nlists = 0;
    for (int64_t k = 0; k < io->nin; k++) {
        int64_t d = io->d_of[k];
        io->k_out[k] = io->d_at[d + 1] - io->d_at[d];
        io->nlists += io->k_out[k];
    }
    io->lists_out = tmp(io, io->nlists, sizeof *io->lists_out);
    if (!io->lists_out)
        return exsi_err(dm->f, EXS_ENOMEM, "node directory");
    for (int64_t k = 0, o = 0; k < io->nin; k++) {
        int64_t d = io->d_of[k];
        for (int64_t q = io->d_at[d]; q < io->d_at[d + 1]; q++)
            io->lists_out[o++] = io->d_r[q];
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
    io->ids_in = tmp(io, io->nin, sizeof *io->ids_in);
    int rc = exsi_dm_agree(dm, io->ids_in ? 0 : exsi_err(dm->f, EXS_ENOMEM, "directory"));
    if (rc != 0)
        return rc;
    exsi_dm_counts_bytes(send, size, io->cnt + 2 * size);
    exsi_dm_counts_bytes(recv, size, io->cnt + 3 * size);
    rc = exsi_comm_alltoallv_bytes(dm->f->comm, io->ids_out, io->cnt + 2 * size,
                                   io->ids_in, io->cnt + 3 * size);
    return rc ? exsi_err(dm->f, rc, "node directory ids") : 0;
}

/* Append closure node i's list to the exceptions. */
static void put_list(exsi_decomp_touch *t, int64_t i, const int64_t *ranks, int64_t k)
{
    int64_t c = t->nx++, at = t->x_at[c];
    t->x_idx[c] = i;
    memcpy(t->x_ranks + at, ranks, (size_t)k * sizeof *ranks);
    t->x_at[c + 1] = at + k;
}

/* The exceptions in closure order: my nodes below my slab (answers), my
 * own nodes others asked about (the directory), my nodes above it. */
static int exceptions(exs_dmesh *dm, touch_io *io, int64_t n, exsi_decomp_touch *t)
{
    int64_t nx = io->nout + io->nd_mine, words = 0;
    for (int64_t k = 0; k < io->nout; k++)
        words += io->k_in[k];
    for (int64_t d = 0; d < io->nd; d++)
        words += io->d_pos[d] >= 0 ? io->d_at[d + 1] - io->d_at[d] : 0;
    t->x_idx = scratch(dm, nx, sizeof *t->x_idx);
    t->x_at = scratch(dm, nx + 1, sizeof *t->x_at);
    t->x_ranks = scratch(dm, words, sizeof *t->x_ranks);
    if (!t->x_idx || !t->x_at || !t->x_ranks)
        return exsi_err(dm->f, EXS_ENOMEM, "node directory");
    t->x_at[0] = 0;
    const int64_t *in = io->lists_in;
    int64_t k = 0;
    for (int64_t i = 0; i < io->ia; in += io->k_in[k++], i++)
        put_list(t, i, in, io->k_in[k]);
    for (int64_t d = 0; d < io->nd; d++)
        if (io->d_pos[d] >= 0)
            put_list(t, io->d_pos[d], io->d_r + io->d_at[d], io->d_at[d + 1] - io->d_at[d]);
    for (int64_t i = io->ib; i < n; in += io->k_in[k++], i++)
        put_list(t, i, in, io->k_in[k]);
    return 0;
}

/* Answers: first the list lengths (same shape as the ids, reversed),
 * then the lists; the exceptions from them and from my directory. */
static int answer(exs_dmesh *dm, touch_io *io, int64_t n, exsi_decomp_touch *t)
{
    int size = dm->size;
    int64_t *sb = io->cnt + 2 * size, *rb = io->cnt + 3 * size;
    io->k_in = tmp(io, io->nout, sizeof *io->k_in);
    int rc = io->k_in ? 0 : exsi_err(dm->f, EXS_ENOMEM, "directory");
    if ((rc = exsi_dm_agree(dm, rc)) != 0)
        return rc;
    rc = exsi_comm_alltoallv_bytes(dm->f->comm, io->k_out, rb, io->k_in, sb);
    if (rc != 0)
        return exsi_err(dm->f, rc, "node directory answers");
    int64_t *lsend = tmp(io, 2 * (int64_t)size, sizeof *lsend), *lrecv = lsend + size;
    if (!lsend)
        return exsi_err(dm->f, EXS_ENOMEM, "directory");
    int64_t k = 0, i = 0, words = 0;
    for (int r = 0; r < size; r++) {
        for (int64_t e = 0; e < io->cnt[size + r]; e++)
            lsend[r] += 8 * io->k_out[k++];
        for (int64_t e = 0; e < io->cnt[r]; e++)
            lrecv[r] += 8 * io->k_in[i++];
        words += lrecv[r] / 8;
    }
    io->lists_in = tmp(io, words, sizeof *io->lists_in);
    rc = exsi_dm_agree(dm, io->lists_in ? 0 : exsi_err(dm->f, EXS_ENOMEM, "directory"));
    if (rc == 0)
        rc = exsi_comm_alltoallv_bytes(dm->f->comm, io->lists_out, lsend, io->lists_in, lrecv);
    exsi_dm_free(lsend);
    return rc ? rc : exceptions(dm, io, n, t);
}

int exsi_dm_dmesh_touch_all(exs_dmesh *dm, const int64_t *nodes, int64_t n, exsi_decomp_touch *t)
{
    touch_io io = {0};
    int size = dm->size;
    t->only = dm->rank;
    io.ranges = tmp(&io, 2 * size, sizeof *io.ranges);
    io.cnt = tmp(&io, 4 * size, sizeof *io.cnt);
    int rc = io.ranges && io.cnt ? 0 : exsi_err(dm->f, EXS_ENOMEM, "directory");
    rc = exsi_dm_agree(dm, rc);
    int64_t mine[2] = {dm->p.node_start, dm->p.node_count};
    if (rc == 0 && exsi_comm_allgather_i64(dm->f->comm, mine, 2, io.ranges) != 0)
        rc = exsi_err(dm->f, EXS_EMPI, "exchanging node slabs");
    if (rc == 0)
        rc = exsi_dm_agree(dm, route(dm, &io, nodes, n));
    if (rc == 0)
        rc = exchange_ids(dm, &io);
    if (rc == 0)
        rc = directory(dm, &io, nodes);
    if (rc == 0)
        rc = orphans(dm, &io, nodes, t);
    if (rc == 0)
        rc = fill_lists(dm, &io);
    rc = exsi_dm_agree(dm, rc);
    if (rc == 0)
        rc = answer(dm, &io, n, t);
    io_free(&io);
    return exsi_dm_agree(dm, rc);
}
