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


static int cmp_pair(const void *x, const void *y)
{
    const int64_t *a = x, *c = y;
    return (a[0] > c[0]) - (a[0] < c[0]);
}

/* Slab element i's block (slab order is block order). */
static int64_t block_of(const exs_dmesh *dm, int64_t i)
{
    int64_t k = 0, before = 0;
    while (i >= before + dm->slab_own[k])
        before += dm->slab_own[k++];
    return k;
}

/* Pack the records by destination; the home plan is the send order. The
 * elements that stay are not packed (unpack takes them from the slab);
 * cat_out: where each slab element's nodes start in b->gconn. */
static int pack(dm_build *b, const int *dest, int64_t *sb, int64_t **out, int64_t **cat_out)
{
    exs_dmesh *dm = b->dm;
    int64_t *at = exsi_dm_calloc(dm->size, sizeof *at), *cat = exsi_dm_calloc(dm->nslab + 1, 8);
    int64_t *pat = exsi_dm_calloc(dm->size, sizeof *pat), total = 0;
    dm->home_count = exsi_dm_calloc(dm->size, sizeof *dm->home_count);
    dm->home_elem = exsi_dm_calloc(dm->nslab, sizeof *dm->home_elem);
    if (!at || !cat || !pat || !dm->home_count || !dm->home_elem) {
        exsi_dm_free(at), exsi_dm_free(cat), exsi_dm_free(pat);
        return exsi_err(dm->f, EXS_ENOMEM, "element move");
    }
    for (int64_t i = 0; i < dm->nslab; i++) {
        int64_t npe = dm->blk_npe[block_of(dm, i)];
        cat[i + 1] = cat[i] + npe;
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
    for (int64_t i = 0; *out && i < dm->nslab; i++) {
        dm->home_elem[pat[dest[i]]++] = i;
        if (dest[i] == dm->rank)
            continue;
        int64_t k = block_of(dm, i), npe = dm->blk_npe[k], *rec = *out + at[dest[i]];
        rec[0] = dm->own_g[i], rec[1] = k, rec[2] = dm->e_ids[i];
        memcpy(rec + 3, b->gconn + cat[i], (size_t)npe * sizeof *rec);
        at[dest[i]] += 3 + npe;
    }
    exsi_dm_free(at), exsi_dm_free(pat);
    *cat_out = cat;
    return *out ? 0 : exsi_err(dm->f, EXS_ENOMEM, "element move");
}

/* Where an arriving element is: w >= 0, the record at word w of what was
 * received; w < 0, slab element -w - 1 that stayed here. */
typedef struct arrivals {
    const exs_dmesh *dm;
    const int64_t *rec, *cat, *w_at;
} arrivals;

static int64_t gidx_of(const arrivals *a, int64_t k)
{
    int64_t w = a->w_at[k];
    return w >= 0 ? a->rec[w] : a->dm->own_g[-w - 1];
}

/* The arrival order sorted by global index: each rank packed its slab
 * elements in ascending global order, so the elements from one rank
 * (mine too) are a sorted run and the runs are merged; a run out of order
 * falls back to a sort. run[r] .. run[r + 1]: rank r's elements. */
static int merge_runs(const arrivals *a, const int64_t *run, int size, int64_t n,
                      int64_t *sorted)
{
    int ordered = 1;
    for (int r = 0; r < size && ordered; r++)
        for (int64_t i = run[r] + 1; i < run[r + 1] && ordered; i++)
            ordered = gidx_of(a, i - 1) < gidx_of(a, i);
    if (!ordered) {
        int64_t *pairs = exsi_dm_calloc(2 * n, sizeof *pairs);
        if (!pairs)
            return EXS_ENOMEM;
        for (int64_t i = 0; i < n; i++)
            pairs[2 * i] = gidx_of(a, i), pairs[2 * i + 1] = i;
        qsort(pairs, (size_t)n, 2 * sizeof *pairs, cmp_pair);
        for (int64_t i = 0; i < n; i++)
            sorted[i] = pairs[2 * i + 1];
        exsi_dm_free(pairs);
        return 0;
    }
    int64_t *head = exsi_dm_calloc(size, sizeof *head);
    if (!head)
        return EXS_ENOMEM;
    memcpy(head, run, (size_t)size * sizeof *head);
    for (int64_t i = 0; i < n; i++) {
        int best = -1;
        for (int r = 0; r < size; r++)
            if (head[r] < run[r + 1] &&
                (best < 0 || gidx_of(a, head[r]) < gidx_of(a, head[best])))
                best = r;
        sorted[i] = head[best]++;
    }
    exsi_dm_free(head);
    return 0;
}

/* The arrivals in rank order (mine: the slab elements that stayed), with
 * the blocks' new counts. */
static int64_t list_arrivals(exs_dmesh *dm, const int64_t *rec, const int64_t *rb,
                             const int *dest, int64_t *w_at, int64_t *run, int64_t *nconn)
{
    int64_t w = 0, n = 0;
    memset(dm->blk_own, 0, (size_t)dm->nblk * sizeof *dm->blk_own);
    for (int r = 0; r < dm->size; r++) {
        for (int64_t i = 0; r == dm->rank && i < dm->nslab; i++)
            if (dest[i] == r) {
                int64_t k = block_of(dm, i);
                w_at[n++] = -i - 1;
                dm->blk_own[k]++;
                *nconn += dm->blk_npe[k];
            }
        for (int64_t end = w + rb[r] / 8; w < end; n++) {
            int64_t k = rec[w + 1];
            w_at[n] = w;
            dm->blk_own[k]++;
            *nconn += dm->blk_npe[k];
            w += 3 + dm->blk_npe[k];
        }
        run[r + 1] = n;
        dm->home_recv[r] = run[r + 1] - run[r];
    }
    return n;
}

/* The arrived elements, sorted by global index, as the owned elements. */
static int unpack(dm_build *b, const int64_t *rec, const int64_t *rb, const int *dest,
                  const int64_t *cat)
{
    exs_dmesh *dm = b->dm;
    int64_t words = 0, n = 0, nconn = 0, nmax = dm->home_count[dm->rank];
    for (int r = 0; r < dm->size; r++)
        words += rb[r] / 8;
    nmax += words / 3 + 1;
    int64_t *w_at = exsi_dm_calloc(nmax, sizeof *w_at);
    int64_t *sorted = exsi_dm_calloc(nmax, sizeof *sorted);
    int64_t *run = exsi_dm_calloc(dm->size + 1, sizeof *run);
    dm->home_recv = exsi_dm_calloc(dm->size, sizeof *dm->home_recv);
    int rc = w_at && sorted && run && dm->home_recv ? 0 : EXS_ENOMEM;
    if (rc == 0)
        n = list_arrivals(dm, rec, rb, dest, w_at, run, &nconn);
    arrivals a = {dm, rec, cat, w_at};
    if (rc == 0)
        rc = merge_runs(&a, run, dm->size, n, sorted);
    int64_t *conn = exsi_dm_calloc(nconn, sizeof *conn), *ids = exsi_dm_calloc(n, sizeof *ids);
    int64_t *gidx = exsi_dm_calloc(n, sizeof *gidx);
    dm->home_pos = exsi_dm_calloc(n, sizeof *dm->home_pos);
    if (rc == 0 && !(conn && ids && gidx && dm->home_pos))
        rc = EXS_ENOMEM;
    /* the k-th element arrived lands at its place in the sorted (owned)
     * order: home_pos[k] */
    for (int64_t i = 0, c = 0; rc == 0 && i < n; i++) {
        int64_t w = w_at[sorted[i]], npe, e = -w - 1;
        if (w >= 0) {
            const int64_t *r = rec + w;
            npe = dm->blk_npe[r[1]];
            gidx[i] = r[0], ids[i] = r[2];
            memcpy(conn + c, r + 3, (size_t)npe * sizeof *r);
        } else {
            npe = cat[e + 1] - cat[e];
            gidx[i] = dm->own_g[e], ids[i] = dm->e_ids[e];
            memcpy(conn + c, b->gconn + cat[e], (size_t)npe * sizeof *conn);
        }
        c += npe;
        dm->home_pos[sorted[i]] = i;
    }
    exsi_dm_free(b->gconn), exsi_dm_free(dm->e_ids), exsi_dm_free(dm->own_g);
    b->gconn = conn, dm->e_ids = ids, dm->own_g = gidx;
    dm->nown_e = n;
    dm->moved = 1;
    exsi_dm_free(w_at), exsi_dm_free(sorted), exsi_dm_free(run);
    return rc ? exsi_err(dm->f, rc, "element move") : 0;
}

int exsi_dm_dmesh_move_all(dm_build *b, const int *dest)
{
    exs_dmesh *dm = b->dm;
    int64_t *sb = exsi_dm_calloc(2 * dm->size, sizeof *sb), *rb = sb ? sb + dm->size : NULL;
    int64_t *sendbuf = NULL, *recvbuf = NULL, *cat = NULL, total = 0;
    int rc = sb ? pack(b, dest, sb, &sendbuf, &cat)
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
    if (rc == 0)
        rc = unpack(b, recvbuf, rb, dest, cat);
    for (int r = 0; rc == 0 && r < dm->size; r++)
        dm->bytes_moved += r == dm->rank ? 0 : sb[r];
    exsi_dm_free(sendbuf);
    exsi_dm_free(recvbuf);
    exsi_dm_free(cat);
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
    for (int64_t i = 0, c = 0; rc == 0 && i < dm->nslab; i++) {
        int64_t npe = dm->blk_npe[block_of(dm, i)];
        for (int a = 0; a < dim; a++)
            cent[i * dim + a] = 0;
        for (int64_t j = 0; j < npe; j++, c++) {
            int64_t at = exsi_dm_closure_at(b, b->gconn[c]);
            for (int a = 0; a < dim; a++)
                cent[i * dim + a] += xyz[a * b->nclosure + at] / (double)npe;
        }
    }
    exsi_dm_free(xyz);
    return rc;
}
