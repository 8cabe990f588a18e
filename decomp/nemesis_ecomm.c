/*
 * nemesis_ecomm.c -- Nemesis element communication maps: for each owned
 * element, the sides it shares with an element another rank owns (the
 * entries e_comm_eids / e_comm_sids / e_comm_proc). A side whose nodes
 * are all shared with rank q is a candidate; q answers, in one exchange
 * of the sides' sorted global node numbers and one of answers, whether
 * one of its elements has that side. Sides follow Exodus's numbering of
 * the corner nodes; blocks of other topologies have none.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "nemesis.h"

#define KEY 4 /* corner nodes of a side, sorted, 0-padded */

typedef struct side_table {
    exs_topo topo;
    int nsides;
    signed char node[6][KEY]; /* 1-based corners; 0 ends a side */
} side_table;

static const side_table sides[] = {
    {EXS_TOPO_QUAD, 4, {{1, 2}, {2, 3}, {3, 4}, {4, 1}}},
    {EXS_TOPO_TRI, 3, {{1, 2}, {2, 3}, {3, 1}}},
    {EXS_TOPO_HEX, 6, {{1, 2, 6, 5}, {2, 3, 7, 6}, {3, 4, 8, 7}, {1, 5, 8, 4},
                       {1, 4, 3, 2}, {5, 6, 7, 8}}},
    {EXS_TOPO_TET, 4, {{1, 2, 4}, {2, 3, 4}, {1, 4, 3}, {1, 3, 2}}},
    {EXS_TOPO_WEDGE, 5, {{1, 2, 5, 4}, {2, 3, 6, 5}, {1, 4, 6, 3}, {1, 3, 2}, {4, 5, 6}}},
    {EXS_TOPO_PYRAMID, 5, {{1, 2, 5}, {2, 3, 5}, {3, 4, 5}, {1, 5, 4}, {1, 4, 3, 2}}},
};

static const side_table *table_of(exs_topo t, int64_t npe)
{
    for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++)
        if (sides[i].topo == t) {
            int need = 0;
            for (int s = 0; s < sides[i].nsides; s++)
                for (int k = 0; k < KEY; k++)
                    need = sides[i].node[s][k] > need ? sides[i].node[s][k] : need;
            return npe >= need ? &sides[i] : NULL;
        }
    return NULL;
}

static int i64_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int key_cmp(const void *a, const void *b)
{
    const int64_t *x = a, *y = b;
    for (int k = 0; k < KEY; k++)
        if (x[k] != y[k])
            return (x[k] > y[k]) - (x[k] < y[k]);
    return 0;
}

/* Side s of an element (local nodes c): its sorted global key; the local
 * corners into loc (-1 padded). */
static void side_key(const exs_dmesh *dm, const side_table *t, int s, const int64_t *c,
                     int64_t *key, int64_t *loc)
{
    for (int k = 0; k < KEY; k++) {
        int n = t->node[s][k];
        loc[k] = n ? c[n - 1] : -1;
        key[k] = n ? dm->node1[c[n - 1]] : 0;
    }
    qsort(key, KEY, sizeof *key, i64_cmp);
}

/* Per local node, the neighbour positions k sharing it (CSR). */
typedef struct ec_build {
    exs_dmesh *dm;
    int64_t *at, *who;              /* node -> neighbours */
    int64_t n, cap;                 /* candidates */
    int64_t *elem, *side, *k, *key; /* key: KEY values per candidate */
} ec_build;

static int node_lists(ec_build *b)
{
    const exs_dmesh *dm = b->dm;
    int64_t nsh = dm->sh_at[dm->nnbr];
    b->at = exsi_dm_calloc(dm->nnodes + 1, sizeof *b->at);
    b->who = exsi_dm_calloc(nsh + 1, sizeof *b->who);
    if (!b->at || !b->who)
        return EXS_ENOMEM;
    for (int64_t i = 0; i < nsh; i++)
        b->at[dm->sh_nodes[i] + 1]++;
    for (int64_t i = 0; i < dm->nnodes; i++)
        b->at[i + 1] += b->at[i];
    int64_t *fill = exsi_dm_calloc(dm->nnodes + 1, sizeof *fill);
    if (!fill)
        return EXS_ENOMEM;
    for (int k = 0; k < dm->nnbr; k++)
        for (int64_t i = dm->sh_at[k]; i < dm->sh_at[k + 1]; i++) {
            int64_t n = dm->sh_nodes[i];
            b->who[b->at[n] + fill[n]++] = k;
        }
    exsi_dm_free(fill);
    return 0;
}

static int shares(const ec_build *b, int64_t node, int64_t k)
{
    for (int64_t i = b->at[node]; i < b->at[node + 1]; i++)
        if (b->who[i] == k)
            return 1;
    return 0;
}

static int add(ec_build *b, int64_t elem, int side, int64_t k, const int64_t *key)
{
    if (b->n == b->cap) {
        int64_t cap = b->cap ? 2 * b->cap : 64;
        int64_t **a[] = {&b->elem, &b->side, &b->k};
        for (int i = 0; i < 3; i++) {
            int64_t *p = exsi_dm_realloc(*a[i], cap, sizeof *p);
            if (!p)
                return EXS_ENOMEM;
            *a[i] = p;
        }
        int64_t *p = exsi_dm_realloc(b->key, cap * KEY, sizeof *p);
        if (!p)
            return EXS_ENOMEM;
        b->key = p;
        b->cap = cap;
    }
    b->elem[b->n] = elem, b->side[b->n] = side, b->k[b->n] = k;
    memcpy(b->key + KEY * b->n++, key, KEY * sizeof *key);
    return 0;
}

/* The sides of one element whose corners all neighbour k shares. */
static int element_sides(ec_build *b, const side_table *t, const int64_t *c, int64_t elem)
{
    int64_t key[KEY], loc[KEY];
    int rc = 0;
    for (int s = 0; rc == 0 && s < t->nsides; s++) {
        side_key(b->dm, t, s, c, key, loc);
        for (int64_t i = b->at[loc[0]]; rc == 0 && i < b->at[loc[0] + 1]; i++) {
            int all = 1;
            for (int j = 1; j < KEY && loc[j] >= 0; j++)
                all &= shares(b, loc[j], b->who[i]);
            if (all)
                rc = add(b, elem, s + 1, b->who[i], key);
        }
    }
    return rc;
}

static int candidates(ec_build *b)
{
    const exs_dmesh *dm = b->dm;
    const exsi_core_entity_list *l = &dm->f->ents[EXS_ELEM_BLOCK];
    int rc = node_lists(b);
    int64_t at = 0;
    for (int64_t blk = 0; rc == 0 && blk < dm->nblk; blk++) {
        const side_table *t = table_of(l->e[blk].topo, dm->blk_npe[blk]);
        const int64_t *c = dm->conn + dm->conn_at[blk];
        for (int64_t j = 0; rc == 0 && t && j < dm->blk_own[blk]; j++)
            rc = element_sides(b, t, c + j * dm->blk_npe[blk], at + j + 1);
        at += dm->blk_own[blk];
    }
    return rc;
}

/* Candidates in neighbour order (perm), their keys to those ranks; the
 * answers back into ok[candidate]. Collective. */
typedef struct ec_io {
    int64_t *perm, *cnt, *rcnt, *sb, *rb, *send, *recv, *mine, *ans, *got, nrecv;
} ec_io;

static void io_free(ec_io *io)
{
    int64_t *a[] = {io->perm, io->cnt, io->rcnt, io->sb, io->rb, io->send, io->recv,
                    io->mine, io->ans, io->got};
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
        exsi_dm_free(a[i]);
}

static int io_send(ec_build *b, ec_io *io)
{
    exs_dmesh *dm = b->dm;
    int size = dm->size;
    io->perm = exsi_dm_calloc(b->n + 1, sizeof *io->perm);
    io->send = exsi_dm_calloc(b->n * KEY + 1, sizeof *io->send);
    io->mine = exsi_dm_calloc(b->n * KEY + 1, sizeof *io->mine);
    io->got = exsi_dm_calloc(b->n + 1, sizeof *io->got);
    int64_t **a[] = {&io->cnt, &io->rcnt, &io->sb, &io->rb};
    for (int i = 0; i < 4; i++)
        *a[i] = exsi_dm_calloc(size, sizeof **a[i]);
    if (!io->perm || !io->send || !io->mine || !io->got || !io->cnt || !io->rcnt ||
        !io->sb || !io->rb)
        return EXS_ENOMEM;
    int64_t m = 0;
    for (int k = 0; k < dm->nnbr; k++)
        for (int64_t i = 0; i < b->n; i++)
            if (b->k[i] == k) {
                io->perm[m] = i;
                memcpy(io->send + KEY * m++, b->key + KEY * i, KEY * sizeof(int64_t));
                io->cnt[dm->nbr[k]]++;
            }
    if (b->n > 0)
        memcpy(io->mine, b->key, (size_t)b->n * KEY * sizeof(int64_t));
    if (b->n > 1)
        qsort(io->mine, (size_t)b->n, KEY * sizeof(int64_t), key_cmp);
    return 0;
}

static int io_answer(ec_build *b, ec_io *io)
{
    exsi_comm *c = b->dm->f->comm;
    int size = b->dm->size;
    if (exsi_comm_alltoall_i64(c, io->cnt, io->rcnt) != 0)
        return EXS_EMPI;
    for (int r = 0; r < size; r++) {
        io->nrecv += io->rcnt[r];
        io->sb[r] = io->cnt[r] * KEY * 8, io->rb[r] = io->rcnt[r] * KEY * 8;
    }
    io->recv = exsi_dm_calloc(io->nrecv * KEY + 1, sizeof *io->recv);
    io->ans = exsi_dm_calloc(io->nrecv + 1, sizeof *io->ans);
    int rc = exsi_dm_agree(b->dm, io->recv && io->ans ? 0 : exsi_err(b->dm->f, EXS_ENOMEM,
                                                               "element comm maps"));
    if (rc != 0)
        return rc;
    if (exsi_comm_alltoallv_bytes(c, io->send, io->sb, io->recv, io->rb) != 0)
        return EXS_EMPI;
    for (int64_t i = 0; i < io->nrecv; i++)
        io->ans[i] = bsearch(io->recv + KEY * i, io->mine, (size_t)b->n,
                             KEY * sizeof(int64_t), key_cmp) != NULL;
    exsi_dm_counts_bytes(io->rcnt, size, io->rb);
    exsi_dm_counts_bytes(io->cnt, size, io->sb);
    return exsi_comm_alltoallv_bytes(c, io->ans, io->rb, io->got, io->sb) ? EXS_EMPI : 0;
}

void exsi_nem_ecomm_free(nem_ecomm *e)
{
    int64_t *a[] = {e->ids, e->stat, e->idx, e->eids, e->sids, e->proc};
    for (int i = 0; i < 6; i++)
        exsi_dm_free(a[i]);
}

/* The confirmed sides, grouped by neighbour (perm order). */
static int fill(ec_build *b, ec_io *io, nem_ecomm *e)
{
    exs_dmesh *dm = b->dm;
    int64_t n = b->n;
    int64_t **a[] = {&e->ids, &e->stat, &e->idx, &e->eids, &e->sids, &e->proc};
    int64_t len[] = {dm->nnbr, dm->nnbr, dm->nnbr, n, n, n};
    for (int i = 0; i < 6; i++)
        if (!(*a[i] = exsi_dm_calloc(len[i] + 1, sizeof **a[i])))
            return EXS_ENOMEM;
    int64_t prev = -1;
    for (int64_t m = 0; m < n; m++) {
        int64_t i = io->perm[m];
        if (!io->got[m])
            continue;
        if (b->k[i] != prev) {
            prev = b->k[i];
            e->ids[e->nmaps] = dm->nbr[prev];
            e->stat[e->nmaps++] = 1;
        }
        e->eids[e->n] = b->elem[i], e->sids[e->n] = b->side[i];
        e->proc[e->n++] = dm->nbr[prev];
        e->idx[e->nmaps - 1] = e->n;
    }
    return 0;
}

int exsi_nem_elem_comm_all(exs_dmesh *dm, nem_ecomm *e)
{
    ec_build b = {.dm = dm};
    ec_io io = {0};
    int rc = exsi_dm_agree(dm, candidates(&b) ? exsi_err(dm->f, EXS_ENOMEM, "element "
                                                       "communication maps") : 0);
    if (rc == 0)
        rc = exsi_dm_agree(dm, io_send(&b, &io) ? exsi_err(dm->f, EXS_ENOMEM, "element "
                                                         "communication maps") : 0);
    if (rc == 0) /* its failures are every rank's (agreed, or MPI's) */
        rc = io_answer(&b, &io);
    if (rc == 0)
        rc = exsi_dm_agree(dm, fill(&b, &io, e) ? exsi_err(dm->f, EXS_ENOMEM, "element "
                                                         "communication maps") : 0);
    io_free(&io);
    void *done[] = {b.at, b.who, b.elem, b.side, b.k, b.key};
    for (size_t i = 0; i < sizeof done / sizeof *done; i++)
        exsi_dm_free(done[i]);
    return rc;
}
