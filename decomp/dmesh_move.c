/*
 * dmesh_move.c -- a repartition's element move: every slab element goes
 * to the rank a method chose, as one record (global index, block, id,
 * nodes) in one all-to-all exchange; the received elements, sorted by
 * global index, become the owned ones. The plan is kept so that element
 * fields read from the slab can follow (dmesh_field.c).
 */
#include <stdlib.h>
#include <string.h>

#include "decomp.h"
#include "internal.h"


/* Slab element i's block (slab order is block order). */
static int64_t block_of(const exs_dmesh *dm, int64_t i)
{
    int64_t k = 0, before = 0;
    while (i >= before + dm->slab_own[k])
        before += dm->slab_own[k++];
    return k;
}

/* Pack the records by destination; the home plan is the send order. The
 * elements that stay are not packed (unpack takes them from the slab). */
static int pack(dm_build *b, const int *dest, int64_t *sb, int64_t **out)
{
    exs_dmesh *dm = b->dm;
    int64_t *at = exsi_dm_calloc(dm->size, sizeof *at);
    int64_t *pat = exsi_dm_calloc(dm->size, sizeof *pat), total = 0;
    dm->home_count = exsi_dm_calloc(dm->size, sizeof *dm->home_count);
    dm->home_elem = exsi_dm_calloc(dm->nslab, sizeof *dm->home_elem);
    if (!at || !pat || !dm->home_count || !dm->home_elem) {
        exsi_dm_free(at), exsi_dm_free(pat);
        return exsi_err(dm->f, EXS_ENOMEM, "element move");
    }
    for (int64_t i = 0; i < dm->nslab; i++) {
        int64_t npe = dm->blk_npe[block_of(dm, i)];
        at[dest[i]] += dest[i] == dm->rank ? 0 : 3 + npe;
        dm->home_count[dest[i]]++;
    }
    for (int r = 0; r < dm->size; r++) {
        sb[r] = 8 * at[r];
        int64_t n = at[r];
        at[r] = total, total += n;
        pat[r] = r ? pat[r - 1] + dm->home_count[r - 1] : 0;
    }
    *out = exsi_dm_calloc(total, sizeof **out);
    for (int64_t i = 0, c = 0; *out && i < dm->nslab; i++) {
        int64_t k = block_of(dm, i), npe = dm->blk_npe[k], *rec = *out + at[dest[i]];
        dm->home_elem[pat[dest[i]]++] = i;
        if (dest[i] != dm->rank) {
            rec[0] = dm->own_g[i], rec[1] = k, rec[2] = dm->e_ids[i];
            memcpy(rec + 3, b->gconn + c, (size_t)npe * sizeof *rec);
            at[dest[i]] += 3 + npe;
        }
        c += npe;
    }
    exsi_dm_free(at), exsi_dm_free(pat);
    return *out ? 0 : exsi_err(dm->f, EXS_ENOMEM, "element move");
}

/* The elements that stay, moved to the front of the slab's arrays in
 * their order (b->gconn, e_ids, own_g); per block, how many. Returns
 * their count; *nconn: their connectivity entries. */
static int64_t compact_stayers(dm_build *b, const int *dest, int64_t *stay, int64_t *nconn)
{
    exs_dmesh *dm = b->dm;
    int64_t ns = 0, cs = 0;
    for (int64_t i = 0, c = 0, k = 0, before = 0; i < dm->nslab; i++) {
        while (i >= before + dm->slab_own[k])
            before += dm->slab_own[k++];
        int64_t npe = dm->blk_npe[k];
        if (dest[i] == dm->rank) {
            memmove(b->gconn + cs, b->gconn + c, (size_t)npe * sizeof *b->gconn);
            dm->e_ids[ns] = dm->e_ids[i], dm->own_g[ns] = dm->own_g[i];
            stay[k]++, ns++, cs += npe;
        }
        c += npe;
    }
    *nconn = cs;
    return ns;
}

/* Where each received record starts (word offsets, rank after rank;
 * run[r] .. run[r + 1]: rank r's), the blocks' new counts, the new
 * totals. Records from one rank came in ascending global index (pack). */
static void list_arrivals(exs_dmesh *dm, const int64_t *rec, const int64_t *rb,
                          int64_t *w_at, int64_t *run, int64_t *n, int64_t *nconn)
{
    int64_t w = 0, a = 0;
    for (int r = 0; r < dm->size; r++) {
        run[r] = a;
        for (int64_t end = w + rb[r] / 8; w < end; a++) {
            int64_t k = rec[w + 1];
            w_at[a] = w;
            dm->blk_own[k]++;
            *nconn += dm->blk_npe[k];
            w += 3 + dm->blk_npe[k];
        }
    }
    run[dm->size] = a;
    *n += a;
}

/* The merge: from the back, the largest global index of the stayers' and
 * each rank's remaining tail goes to the end of what is left. A write
 * lands at or after every entry not yet read (the stayers are at the
 * front), so the slab's arrays hold the result in place. home_pos: the
 * k-th arrival (rank order, the stayers in my rank's turn) lands at. */
typedef struct merge {
    int64_t *tail; /* per rank: what is left of its run (mine: stayers) */
    int64_t *base; /* per rank: its first arrival's number */
    int64_t *stay; /* per block: stayers left */
} merge;

static void merge_back(dm_build *b, const int64_t *rec, const int64_t *w_at,
                       const int64_t *run, merge *m, int64_t ns, int64_t n, int64_t nconn)
{
    exs_dmesh *dm = b->dm;
    int me = dm->rank;
    int64_t sc = 0, kb = dm->nblk - 1;
    for (int64_t k = 0; k < dm->nblk; k++)
        sc += m->stay[k] * dm->blk_npe[k];
    for (int r = 0; r < dm->size; r++)
        m->tail[r] = r == me ? ns : run[r + 1] - run[r];
    for (int64_t pos = n - 1, c = nconn; pos >= 0; pos--) {
        int best = -1;
        int64_t bg = -1;
        for (int r = 0; r < dm->size; r++) {
            if (m->tail[r] == 0)
                continue;
            int64_t g = r == me ? dm->own_g[m->tail[r] - 1]
                                : rec[w_at[run[r] + m->tail[r] - 1]];
            if (g > bg)
                best = r, bg = g;
        }
        int64_t t = --m->tail[best], npe;
        if (best == me) {
            while (m->stay[kb] == 0)
                kb--;
            m->stay[kb]--;
            npe = dm->blk_npe[kb];
            sc -= npe;
            memmove(b->gconn + c - npe, b->gconn + sc, (size_t)npe * sizeof *b->gconn);
            dm->e_ids[pos] = dm->e_ids[t], dm->own_g[pos] = dm->own_g[t];
        } else {
            const int64_t *r = rec + w_at[run[best] + t];
            npe = dm->blk_npe[r[1]];
            memcpy(b->gconn + c - npe, r + 3, (size_t)npe * sizeof *b->gconn);
            dm->e_ids[pos] = r[2], dm->own_g[pos] = r[0];
        }
        c -= npe;
        dm->home_pos[m->base[best] + t] = pos;
    }
}

/* The arrived elements, sorted by global index, as the owned elements:
 * the slab's arrays grow into the owned ones. */
static int unpack(dm_build *b, const int64_t *rec, const int64_t *rb, const int *dest)
{
    exs_dmesh *dm = b->dm;
    int size = dm->size;
    int64_t words = 0, ns = 0, n = 0, nconn = 0;
    for (int r = 0; r < size; r++)
        words += rb[r] / 8;
    int64_t *w_at = exsi_dm_calloc(words / 3 + 1, sizeof *w_at);
    int64_t *run = exsi_dm_calloc(size + 1, sizeof *run);
    merge m = {exsi_dm_calloc(size, 8), exsi_dm_calloc(size, 8), exsi_dm_calloc(dm->nblk, 8)};
    dm->home_recv = exsi_dm_calloc(size, sizeof *dm->home_recv);
    int rc = w_at && run && m.tail && m.base && m.stay && dm->home_recv ? 0 : EXS_ENOMEM;
    if (rc == 0) {
        ns = compact_stayers(b, dest, m.stay, &nconn);
        memcpy(dm->blk_own, m.stay, (size_t)dm->nblk * sizeof *dm->blk_own);
        n = ns;
        list_arrivals(dm, rec, rb, w_at, run, &n, &nconn);
        for (int r = 0, a = 0; r < size; r++) {
            dm->home_recv[r] = r == dm->rank ? ns : run[r + 1] - run[r];
            m.base[r] = a, a += dm->home_recv[r];
        }
        int64_t *conn = exsi_dm_realloc(b->gconn, nconn, sizeof *conn);
        int64_t *ids = conn ? exsi_dm_realloc(dm->e_ids, n, sizeof *ids) : NULL;
        int64_t *gidx = ids ? exsi_dm_realloc(dm->own_g, n, sizeof *gidx) : NULL;
        b->gconn = conn ? conn : b->gconn;
        dm->e_ids = ids ? ids : dm->e_ids;
        dm->own_g = gidx ? gidx : dm->own_g;
        dm->home_pos = gidx ? exsi_dm_calloc(n, sizeof *dm->home_pos) : NULL;
        rc = dm->home_pos ? 0 : EXS_ENOMEM;
    }
    if (rc == 0) {
        merge_back(b, rec, w_at, run, &m, ns, n, nconn);
        dm->nown_e = n;
        dm->moved = 1;
    }
    exsi_dm_free(w_at), exsi_dm_free(run);
    exsi_dm_free(m.tail), exsi_dm_free(m.base), exsi_dm_free(m.stay);
    return rc ? exsi_err(dm->f, rc, "element move") : 0;
}

int exsi_dm_dmesh_move_all(dm_build *b, const int *dest)
{
    exs_dmesh *dm = b->dm;
    int64_t *sb = exsi_dm_calloc(2 * dm->size, sizeof *sb), *rb = sb ? sb + dm->size : NULL;
    int64_t *sendbuf = NULL, *recvbuf = NULL, total = 0;
    int rc = sb ? pack(b, dest, sb, &sendbuf)
                : exsi_err(dm->f, EXS_ENOMEM, "element move");
    rc = exsi_dm_agree(dm, rc);
    if (rc == 0 && exsi_comm_alltoall_i64(dm->f->comm, sb, rb) != 0)
        rc = exsi_err(dm->f, EXS_EMPI, "element move counts");
    for (int r = 0; rc == 0 && r < dm->size; r++)
        total += rb[r] / 8;
    if (rc == 0) {
        recvbuf = exsi_dm_calloc(total, sizeof *recvbuf);
        rc = exsi_dm_agree(dm, recvbuf ? 0 : exsi_err(dm->f, EXS_ENOMEM, "element move"));
    }
    if (rc == 0)
        rc = exsi_comm_alltoallv_bytes(dm->f->comm, sendbuf, sb, recvbuf, rb);
    exsi_dm_free(sendbuf); /* sent: gone before unpack's arrays come */
    if (rc == 0)
        rc = unpack(b, recvbuf, rb, dest);
    for (int r = 0; rc == 0 && r < dm->size; r++)
        dm->bytes_moved += r == dm->rank ? 0 : sb[r];
    exsi_dm_free(recvbuf);
    exsi_dm_free(sb);
    return exsi_dm_agree(dm, rc);
}

/* Centroid of each slab element from its nodes' coordinates, gathered
 * for the slab's closure (b->closure). cent: nslab x num_dim. */
int exsi_dm_dmesh_centroids_all(dm_build *b, double *cent)
{
    exs_dmesh *dm = b->dm;
    int dim = dm->num_dim;
    double *xyz = exsi_dm_calloc((int64_t)dim * b->nclosure, sizeof *xyz);
    int rc = exsi_dm_agree(dm, xyz ? 0 : exsi_err(dm->f, EXS_ENOMEM, "centroids"));
    if (!b->cx)
        exsi_dm_closure_index(b); /* without it, a binary search answers */
    exsi_gather_field fl[3];
    for (int a = 0; a < dim && a < 3; a++)
        fl[a] = (exsi_gather_field){EXS_FIELD_COORD, a, 0, xyz + a * b->nclosure};
    if (rc == 0 && dim > 0)
        rc = exsi_decomp_gather_fields_all(dm->f, &dm->p, dim, fl, b->nclosure, b->closure);
    for (int64_t k = 0, i = 0, c = 0; rc == 0 && k < dm->nblk; k++) {
        int64_t npe = dm->blk_npe[k];
        double inv = npe > 0 ? 1.0 / (double)npe : 0; /* one division a block */
        for (int64_t e = 0; e < dm->slab_own[k]; e++, i++) {
            double sum[3] = {0, 0, 0};
            for (int64_t j = 0; j < npe; j++, c++) {
                int64_t at = exsi_dm_closure_at(b, b->gconn[c]);
                for (int a = 0; a < dim && a < 3; a++)
                    sum[a] += xyz[a * b->nclosure + at];
            }
            for (int a = 0; a < dim && a < 3; a++)
                cent[i * dim + a] = sum[a] * inv;
        }
    }
    exsi_dm_free(xyz);
    return rc;
}
