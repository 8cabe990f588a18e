/*
 * nemesis_read.c -- a Nemesis file-per-rank set read back into a
 * distributed mesh: rank r of P opens base.P.r by itself (serial reads),
 * and the mesh comes from it alone: global numbers from the named maps
 * EXS_NEM_POS_NAME where the part has them (node_num_map / elem_num_map
 * then hold the ids), else from node_num_map / elem_num_map, sharing
 * from the node communication maps. A node is owned by the lowest rank
 * holding it (this rank or a map's processor), as exs_dmesh_create's
 * rule gives for meshes whose nodes are touched.
 *
 * The rank's handle stays with the mesh (its store closed after the
 * reads, its communicator replaced by the set's): it carries the
 * messages, the blocks' names and types, and the global counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nemesis.h"
#include "nemesis_vars.h"


/* What one rank's file holds. */
typedef struct nem_in {
    exs_file *f;
    int rank;
    int64_t gn, ge, gb, nproc;
    int64_t nn, ne, ncm, ncnt;
    int64_t *nmap, *emap; /* 1-based global positions */
    int64_t *nids, *eids; /* ids (node_num_map, elem_num_map) */
    int64_t *cids, *cidx, *cnids, *cproc, *gb_ids, *gb_cnt;
    int64_t *conn; /* 1-based local nodes, block after block */
    double *xyz;
} nem_in;

static void in_free(nem_in *r)
{
    int64_t *a[] = {r->nmap, r->emap, r->nids, r->eids, r->cids, r->cidx, r->cnids, r->cproc,
                    r->gb_ids, r->gb_cnt, r->conn};
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
        exsi_dm_free(a[i]);
    exsi_dm_free(r->xyz);
}

/* The dimensions, checked against this communicator. */
static int read_counts(nem_in *r, int size)
{
    exs_file *f = r->f;
    if (!f->nemesis || !f->has_mesh)
        return exsi_err(f, EXS_EBADMODEL, "%s is not a Nemesis mesh file (no %s)", f->path,
                       f->nemesis ? "mesh" : EXSI_NEM_NUM_PROCESSORS);
    r->gn = exsi_nem_dim_len(f, EXSI_NEM_NUM_NODES_GLOBAL);
    r->ge = exsi_nem_dim_len(f, EXSI_NEM_NUM_ELEMS_GLOBAL);
    r->gb = exsi_nem_dim_len(f, EXSI_NEM_NUM_EL_BLK_GLOBAL);
    r->nproc = f->num_procs;
    if (r->nproc != size)
        return exsi_err(f, EXS_ESIZE, "%s is a part of a set of %lld files, read on %d "
                       "ranks: run with %lld ranks", f->path, (long long)r->nproc, size,
                       (long long)r->nproc);
    if (exsi_nem_dim_len(f, EXSI_NEM_NUM_PROCS_FILE) != 1)
        return exsi_err(f, EXS_ENOTSUP, "%s holds several processors' data (num_procs_file "
                       "%lld): only one part per file is read", f->path,
                       (long long)exsi_nem_dim_len(f, EXSI_NEM_NUM_PROCS_FILE));
    if (r->gb != f->ents[EXS_ELEM_BLOCK].n)
        return exsi_err(f, EXS_EBADMODEL, "%s: %lld element blocks here, %lld globally",
                       f->path, (long long)f->ents[EXS_ELEM_BLOCK].n, (long long)r->gb);
    r->nn = f->num_nodes;
    r->ne = f->num_elem;
    r->ncm = exsi_nem_dim_len(f, EXSI_NEM_NUM_N_CMAPS);
    r->ncnt = exsi_nem_dim_len(f, EXSI_NEM_NCNT_CMAP);
    return 0;
}

/* The ids, and the positions: the named map of that name, or the ids. */
static int read_idmap(exs_file *f, exs_kind k, int64_t n, int64_t *ids, int64_t *pos)
{
    const exsi_core_entity_list *l = &f->ents[k];
    int rc = exs_get_id_map(f, k, 0, n, EXS_I64, ids);
    for (int64_t i = 0; rc == 0 && i < l->n; i++)
        if (l->e[i].name && strcmp(l->e[i].name, EXS_NEM_POS_NAME) == 0)
            return exs_get_map(f, k, l->e[i].id, 0, n, EXS_I64, pos);
    if (rc == 0 && n > 0)
        memcpy(pos, ids, (size_t)n * sizeof *pos);
    return rc;
}

static int read_maps(nem_in *r)
{
    exs_file *f = r->f;
    int64_t **a[] = {&r->nmap, &r->emap, &r->nids, &r->eids, &r->cids, &r->cidx,
                     &r->cnids, &r->cproc, &r->gb_ids, &r->gb_cnt};
    int64_t len[] = {r->nn, r->ne, r->nn, r->ne, r->ncm, r->ncm, r->ncnt, r->ncnt,
                     r->gb, r->gb};
    for (int i = 0; i < 10; i++)
        if (!(*a[i] = exsi_dm_calloc(len[i], sizeof **a[i])))
            return exsi_err(f, EXS_ENOMEM, "%s: Nemesis maps", f->path);
    int rc = read_idmap(f, EXS_NODE_MAP, r->nn, r->nids, r->nmap);
    if (rc == 0)
        rc = read_idmap(f, EXS_ELEM_MAP, r->ne, r->eids, r->emap);
    const char *names[] = {EXSI_NEM_N_COMM_IDS,        EXSI_NEM_N_COMM_DATA_IDX,
                           EXSI_NEM_N_COMM_NIDS,       EXSI_NEM_N_COMM_PROC,
                           EXSI_NEM_EL_BLK_IDS_GLOBAL, EXSI_NEM_EL_BLK_CNT_GLOBAL};
    for (int i = 0; rc == 0 && i < 6; i++)
        rc = exsi_nem_get(f, names[i], len[i + 4], *a[i + 4]);
    return rc;
}

static int read_mesh(nem_in *r)
{
    exs_file *f = r->f;
    const exsi_core_entity_list *l = &f->ents[EXS_ELEM_BLOCK];
    int64_t total = 0;
    for (int64_t b = 0; b < l->n; b++)
        total += l->e[b].num_entries * l->e[b].nodes_per_entry;
    r->conn = exsi_dm_calloc(total, sizeof *r->conn);
    r->xyz = exsi_dm_calloc(f->num_dim * r->nn, sizeof *r->xyz);
    if (!r->conn || !r->xyz)
        return exsi_err(f, EXS_ENOMEM, "%s: mesh", f->path);
    int rc = 0;
    for (int a = 0; rc == 0 && a < f->num_dim; a++)
        rc = exs_get_coord(f, a, 0, r->nn, EXS_F64, r->xyz + a * r->nn);
    int64_t at = 0;
    for (int64_t b = 0; rc == 0 && b < l->n; b++) {
        const exsi_core_entity *e = &l->e[b];
        if (e->topo == EXS_TOPO_NSIDED || e->topo == EXS_TOPO_NFACED)
            return exsi_err(f, EXS_ENOTSUP, "%s: block %lld is %s", f->path,
                           (long long)e->id, exs_topo_name(e->topo));
        if (e->num_entries > 0)
            rc = exs_get_conn(f, EXS_ELEM_BLOCK, e->id, EXS_CONN_NODES, 0, e->num_entries,
                              EXS_I64, r->conn + at);
        at += e->num_entries * e->nodes_per_entry;
    }
    return rc;
}

/* Numbers in range, maps consistent: what the build below relies on. */
static int check_part(nem_in *r)
{
    exs_file *f = r->f;
    const exsi_core_entity_list *l = &f->ents[EXS_ELEM_BLOCK];
    for (int64_t i = 0; i < r->nn; i++)
        if (r->nmap[i] < 1 || r->nmap[i] > r->gn)
            return exsi_err(f, EXS_EBADMODEL, "%s: node_num_map[%lld] = %lld is not a "
                           "global node number 1..%lld", f->path, (long long)i,
                           (long long)r->nmap[i], (long long)r->gn);
    for (int64_t b = 0; b < r->gb; b++)
        if (r->gb_ids[b] != l->e[b].id)
            return exsi_err(f, EXS_EBADMODEL, "%s: block %lld here is %lld in "
                           EXSI_NEM_EL_BLK_IDS_GLOBAL, f->path, (long long)l->e[b].id,
                           (long long)r->gb_ids[b]);
    for (int64_t k = 0, prev = 0; k < r->ncm; prev = r->cidx[k++])
        if (r->cidx[k] < prev || r->cidx[k] > r->ncnt)
            return exsi_err(f, EXS_EBADMODEL, "%s: n_comm_data_idx[%lld] = %lld",
                           f->path, (long long)k, (long long)r->cidx[k]);
    for (int64_t i = 0; i < r->ncnt; i++)
        if (r->cnids[i] < 1 || r->cnids[i] > r->nn || r->cproc[i] < 0 ||
            r->cproc[i] >= r->nproc || r->cproc[i] == r->rank)
            return exsi_err(f, EXS_EBADMODEL, "%s: node comm map entry %lld (node %lld, "
                           "processor %lld) out of range", f->path, (long long)i,
                           (long long)r->cnids[i], (long long)r->cproc[i]);
    return 0;
}

/* Elements in their block's global range, each block's global order. */
static int check_elems(nem_in *r)
{
    const exsi_core_entity_list *l = &r->f->ents[EXS_ELEM_BLOCK];
    int64_t at = 0, off = 0;
    for (int64_t b = 0; b < l->n; off += r->gb_cnt[b++])
        for (int64_t j = 0; j < l->e[b].num_entries; j++, at++)
            if (r->emap[at] <= off || r->emap[at] > off + r->gb_cnt[b])
                return exsi_err(r->f, EXS_EBADMODEL, "%s: element %lld of block %lld "
                               "has global number %lld, outside the block's %lld..%lld",
                               r->f->path, (long long)j, (long long)l->e[b].id,
                               (long long)r->emap[at], (long long)off + 1,
                               (long long)(off + r->gb_cnt[b]));
    return 0;
}

static int read_part(nem_in *r, int size)
{
    int rc = read_counts(r, size);
    if (rc == 0)
        rc = read_maps(r);
    if (rc == 0)
        rc = read_mesh(r);
    if (rc == 0)
        rc = check_part(r);
    return rc ? rc : check_elems(r);
}

/* 1^2 + ... + e^2 modulo 2^64: e(e+1)(2e+1)/6, divided before the
 * products wrap. */
static uint64_t squares(uint64_t e)
{
    uint64_t f[3] = {e, e + 1, 2 * e + 1};
    f[e % 2 ? 1 : 0] /= 2;
    for (int i = 0; i < 3; i++)
        if (f[i] % 3 == 0) {
            f[i] /= 3;
            break;
        }
    return f[0] * f[1] * f[2];
}

/* Every rank holds a part of the same set, and together every element
 * once (counts, and sums of the numbers and their squares). */
static int same_set(exs_dmesh *dm, const nem_in *r, int rc)
{
    exs_file *f = dm->f;
    uint64_t h = 0;
    int64_t g[3] = {r->gn, r->ge, r->gb};
    h = exsi_comm_hash(h, g, sizeof g);
    if (rc == 0) { /* a failed read may have left the lists unread */
        h = exsi_comm_hash(h, r->gb_ids, (size_t)r->gb * sizeof *r->gb_ids);
        h = exsi_comm_hash(h, r->gb_cnt, (size_t)r->gb * sizeof *r->gb_cnt);
    }
    rc = exsi_err_agree_call(f, rc, 0, NULL, h, "global counts and blocks of the set");
    if (rc != 0)
        return rc;
    uint64_t s[3] = {(uint64_t)r->ne, 0, 0};
    for (int64_t i = 0; i < r->ne; i++) {
        s[1] += (uint64_t)r->emap[i];
        s[2] += (uint64_t)r->emap[i] * (uint64_t)r->emap[i];
    }
    int64_t sum[3];
    memcpy(sum, s, sizeof s);
    if (exsi_comm_allreduce_i64(f->comm, sum, sum, 3, EXS_OP_SUM) != 0)
        return exsi_err(f, EXS_EMPI, "Nemesis element counts");
    uint64_t e = (uint64_t)r->ge, want1 = e % 2 ? (e + 1) / 2 * e : e / 2 * (e + 1);
    if ((uint64_t)sum[0] != e || (uint64_t)sum[1] != want1 || (uint64_t)sum[2] != squares(e))
        return exsi_err(f, EXS_EBADMODEL, "the %d files of %s hold %lld elements, not "
                       "every one of the %lld global elements once: files of different "
                       "sets?", dm->size, f->path, (long long)sum[0], (long long)r->ge);
    return 0;
}

/* ---- the distributed mesh of one part ---- */

typedef struct nem_share {
    int64_t proc, global, pos;
} nem_share;

static int share_cmp(const void *a, const void *b)
{
    const nem_share *x = a, *y = b;
    if (x->proc != y->proc)
        return (x->proc > y->proc) - (x->proc < y->proc);
    return (x->global > y->global) - (x->global < y->global);
}

static int alloc_nodes(exs_dmesh *dm, int64_t nn)
{
    dm->node1 = exsi_dm_calloc(nn, sizeof *dm->node1);
    dm->n_ids = exsi_dm_calloc(nn, sizeof *dm->n_ids);
    dm->n_owner = exsi_dm_calloc(nn, sizeof *dm->n_owner);
    dm->xyz = exsi_dm_calloc(dm->num_dim * nn, sizeof *dm->xyz);
    return dm->node1 && dm->n_ids && dm->n_owner && dm->xyz ? 0 : EXS_ENOMEM;
}

/* Local nodes: owned, then shared, each ascending in global number;
 * perm[file node] = its local index. */
static int build_nodes(exs_dmesh *dm, const nem_in *r, int64_t *perm)
{
    int64_t nn = r->nn;
    int *own = exsi_dm_calloc(nn, sizeof *own);
    exsi_nem_kv *kv = exsi_dm_calloc(nn, sizeof *kv);
    int rc = own && kv ? alloc_nodes(dm, nn) : EXS_ENOMEM;
    for (int64_t i = 0; rc == 0 && i < nn; i++)
        own[i] = dm->rank;
    for (int64_t i = 0; rc == 0 && i < r->ncnt; i++)
        if (r->cproc[i] < own[r->cnids[i] - 1])
            own[r->cnids[i] - 1] = (int)r->cproc[i];
    for (int64_t i = 0; rc == 0 && i < nn; i++)
        kv[i] = (exsi_nem_kv){r->nmap[i] + (own[i] == dm->rank ? 0 : r->gn), i};
    if (rc == 0)
        exsi_nem_kv_sort(kv, nn);
    for (int64_t k = 0; rc == 0 && k < nn; k++) {
        int64_t i = kv[k].val;
        perm[i] = k;
        dm->node1[k] = r->nmap[i];
        dm->n_ids[k] = r->nids[i];
        dm->n_owner[k] = own[i];
        dm->n_owned += own[i] == dm->rank;
        for (int a = 0; a < dm->num_dim; a++)
            dm->xyz[a * nn + k] = r->xyz[a * nn + i];
    }
    dm->nnodes = nn;
    dm->n_shared = nn - dm->n_owned;
    exsi_dm_free(own);
    exsi_dm_free(kv);
    return rc;
}

/* Neighbours (the maps' processors) and their shared nodes, ascending
 * in global number; a node listed twice for one processor counts once. */
static int build_shared(exs_dmesh *dm, const nem_in *r, const int64_t *perm)
{
    nem_share *e = exsi_dm_calloc(r->ncnt, sizeof *e);
    dm->sh_nodes = exsi_dm_calloc(r->ncnt, sizeof *dm->sh_nodes);
    dm->nbr = exsi_dm_calloc(r->ncnt, sizeof *dm->nbr);
    dm->sh_at = exsi_dm_calloc(r->ncnt + 1, sizeof *dm->sh_at);
    if (!e || !dm->sh_nodes || !dm->nbr || !dm->sh_at) {
        exsi_dm_free(e);
        return EXS_ENOMEM;
    }
    for (int64_t i = 0; i < r->ncnt; i++)
        e[i] = (nem_share){r->cproc[i], r->nmap[r->cnids[i] - 1], perm[r->cnids[i] - 1]};
    if (r->ncnt > 1)
        qsort(e, (size_t)r->ncnt, sizeof *e, share_cmp);
    int64_t m = 0;
    for (int64_t i = 0; i < r->ncnt; i++) {
        if (i > 0 && e[i].proc == e[i - 1].proc && e[i].global == e[i - 1].global)
            continue;
        if (dm->nnbr == 0 || dm->nbr[dm->nnbr - 1] != e[i].proc) {
            dm->sh_at[dm->nnbr] = m;
            dm->nbr[dm->nnbr++] = (int)e[i].proc;
        }
        dm->sh_nodes[m++] = e[i].pos;
    }
    dm->sh_at[dm->nnbr] = m;
    exsi_dm_free(e);
    return 0;
}

static int alloc_blocks(exs_dmesh *dm, int64_t nb, int64_t ne, int64_t nconn)
{
    int64_t **arr[] = {&dm->blk_id, &dm->blk_npe, &dm->blk_own, &dm->blk_ghost,
                       &dm->blk_start, &dm->blk_first, &dm->conn_at, &dm->slab_own};
    for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++)
        if (!(*arr[i] = exsi_dm_calloc(nb + 1, sizeof **arr[i])))
            return EXS_ENOMEM;
    dm->e_global = exsi_dm_calloc(ne, sizeof *dm->e_global);
    dm->e_ids = exsi_dm_calloc(ne, sizeof *dm->e_ids);
    dm->own_g = exsi_dm_calloc(ne, sizeof *dm->own_g);
    dm->conn = exsi_dm_calloc(nconn, sizeof *dm->conn);
    return dm->e_global && dm->e_ids && dm->own_g && dm->conn ? 0 : EXS_ENOMEM;
}

/* One block's entries in global order, connectivity to local nodes. */
static int build_block(exs_dmesh *dm, const nem_in *r, const int64_t *perm, int64_t b,
                       int64_t at, int64_t cat)
{
    const exsi_core_entity *e = &r->f->ents[EXS_ELEM_BLOCK].e[b];
    int64_t n = e->num_entries, npe = e->nodes_per_entry;
    exsi_nem_kv *kv = exsi_dm_calloc(n, sizeof *kv);
    if (!kv)
        return EXS_ENOMEM;
    for (int64_t j = 0; j < n; j++)
        kv[j] = (exsi_nem_kv){r->emap[at + j], j};
    exsi_nem_kv_sort(kv, n);
    for (int64_t k = 0; k < n; k++) {
        int64_t j = kv[k].val;
        dm->e_global[at + k] = dm->own_g[at + k] = kv[k].key - 1;
        dm->e_ids[at + k] = r->eids[at + j];
        for (int64_t c = 0; c < npe; c++)
            dm->conn[cat + k * npe + c] = perm[r->conn[cat + j * npe + c] - 1];
    }
    exsi_dm_free(kv);
    dm->blk_id[b] = e->id;
    dm->blk_npe[b] = npe;
    dm->blk_own[b] = dm->slab_own[b] = n;
    dm->blk_first[b] = at;
    dm->conn_at[b] = cat;
    return 0;
}

static int build_elems(exs_dmesh *dm, const nem_in *r, const int64_t *perm)
{
    const exsi_core_entity_list *l = &r->f->ents[EXS_ELEM_BLOCK];
    int64_t nconn = 0;
    for (int64_t b = 0; b < l->n; b++)
        nconn += l->e[b].num_entries * l->e[b].nodes_per_entry;
    int rc = alloc_blocks(dm, l->n, r->ne, nconn);
    int64_t at = 0, cat = 0;
    for (int64_t b = 0; rc == 0 && b < l->n; b++) {
        rc = build_block(dm, r, perm, b, at, cat);
        at += l->e[b].num_entries;
        cat += l->e[b].num_entries * l->e[b].nodes_per_entry;
    }
    dm->nblk = l->n;
    dm->blk_first[l->n] = at;
    dm->conn_at[l->n] = cat;
    dm->nelem = dm->nown_e = dm->nslab = r->ne;
    return rc;
}

/* The handle now describes the whole set: global counts, each block's
 * global entries; its file is closed (everything was read). */
static int to_global(exs_dmesh *dm, const nem_in *r)
{
    exs_file *f = dm->f;
    exsi_core_entity_list *l = &f->ents[EXS_ELEM_BLOCK];
    int rc = f->store->ops->close(f->store);
    f->store = NULL;
    f->num_nodes = r->gn;
    f->num_elem = r->ge;
    for (int64_t b = 0, off = 0; b < l->n; off += r->gb_cnt[b++]) {
        l->e[b].num_entries = r->gb_cnt[b];
        l->e[b].offset = off;
    }
    int64_t s, c;
    exs_split_range(r->gn, 1, dm->size, dm->rank, &s, &c);
    dm->p = (exs_partition){.node_start = s, .node_count = c, .node_chunk = 1,
                            .elem_chunk = 1};
    exs_split_range(r->ge, 1, dm->size, dm->rank, &dm->p.elem_start, &dm->p.elem_count);
    return rc;
}

/* A block a part has no entries of is stored without its shape: the
 * nodes per entry are the largest any rank has. Collective. */
static int agree_shapes(exs_dmesh *dm)
{
    if (exsi_comm_allreduce_i64(dm->f->comm, dm->blk_npe, dm->blk_npe, (int)dm->nblk,
                               EXS_OP_MAX) != 0)
        return exsi_err(dm->f, EXS_EMPI, "agreeing on the blocks' shapes");
    return 0;
}

static int build(exs_dmesh *dm, const nem_in *r)
{
    int64_t *perm = exsi_dm_calloc(r->nn, sizeof *perm);
    int rc = perm ? build_nodes(dm, r, perm) : EXS_ENOMEM;
    if (rc == 0)
        rc = build_shared(dm, r, perm);
    if (rc == 0)
        rc = build_elems(dm, r, perm);
    exsi_dm_free(perm);
    if (rc != 0)
        return exsi_err(dm->f, rc, "%s: building the distributed mesh", dm->f->path);
    return to_global(dm, r);
}

/* Open this rank's file; every rank learns whether all could. */
static int open_part(const char *base, exsi_comm *c, exs_file **f, char *msg,
                     size_t msglen)
{
    char path[4096];
    int rc = exs_nemesis_name(base, exsi_comm_size(c), exsi_comm_rank(c), path, sizeof path);
    if (rc != 0)
        snprintf(msg, msglen, "Nemesis file name too long or bad: %s", base ? base : "(null)");
    else if ((rc = exs_open_err(path, EXS_READ, f, msg, msglen)) != 0 &&
             strstr(msg, path) == NULL) {
        char tmp[EXS_ERRMSG_LEN];
        snprintf(tmp, sizeof tmp, "%s", msg);
        snprintf(msg, msglen, "%.300s: %.200s", path, tmp);
    }
    return exsi_comm_agree(c, rc, msg, msglen);
}

int exsi_nem_read_comm(const char *base, exsi_comm *c, exs_dmesh **out, char *msg,
                      size_t msglen)
{
    exs_file *f = NULL;
    char local[EXS_ERRMSG_LEN] = "";
    int rc = open_part(base, c, &f, local, sizeof local);
    exs_dmesh *dm = rc == 0 ? exsi_dm_calloc(1, sizeof *dm) : NULL;
    if (rc != 0) { /* the ranks whose file opened close it */
        exs_close(f);
        exsi_comm_free(c);
        snprintf(msg, msglen, "%s", local);
        return rc;
    }
    exsi_comm_free(f->comm);
    f->comm = c;
    nem_in r = {.f = f, .rank = exsi_comm_rank(c)};
    rc = exsi_err_agree(f, dm ? 0 : exsi_err(f, EXS_ENOMEM, "distributed mesh"));
    if (rc == 0) {
        *dm = (exs_dmesh){.f = f, .rank = exsi_comm_rank(c), .size = exsi_comm_size(c),
                          .num_dim = f->num_dim, .edge_cut = -1, .owns_file = 1};
        rc = same_set(dm, &r, read_part(&r, dm->size));
    }
    if (rc == 0)
        rc = exsi_dm_agree(dm, build(dm, &r));
    if (rc == 0 && dm->nblk > 0)
        rc = exsi_dm_agree(dm, agree_shapes(dm));
    in_free(&r);
    snprintf(msg, msglen, "%s", rc ? f->errmsg : "");
    if (rc != 0) {
        if (dm && dm->owns_file) {
            exs_dmesh_free(dm); /* closes f */
        } else {
            exsi_dm_free(dm);
            exs_close(f);
        }
        return rc;
    }
    *out = dm;
    return 0;
}

int exs_dmesh_read_nemesis(const char *base, exs_dmesh **dm, char *msg, size_t msglen)
{
    exsi_comm *c = NULL;
    char tmp[EXS_ERRMSG_LEN];
    if (!dm)
        return EXS_EINVAL;
    *dm = NULL;
    if (exsi_comm_serial(&c) != 0)
        return EXS_ENOMEM;
    return exsi_nem_read_comm(base, c, dm, msg ? msg : tmp, msg ? msglen : sizeof tmp);
}

const char *exs_dmesh_errmsg(const exs_dmesh *dm)
{
    return dm ? dm->f->errmsg : "no distributed mesh (NULL)";
}
