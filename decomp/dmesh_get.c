/*
 * dmesh_get.c -- what a distributed mesh holds, copied into caller
 * memory, and fields at a step gathered on demand.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "decomp.h"
#include "internal.h"

int exs_dmesh_get_info(const exs_dmesh *dm, exs_dmesh_info *info)
{
    if (!dm || !info)
        return EXS_EINVAL;
    *info = (exs_dmesh_info){.num_dim = dm->num_dim,
                             .num_blocks = dm->nblk,
                             .owned_nodes = dm->n_owned,
                             .shared_nodes = dm->n_shared,
                             .ghost_nodes = dm->n_ghost,
                             .num_nodes = dm->nnodes,
                             .owned_elems = dm->nown_e,
                             .ghost_elems = dm->nelem - dm->nown_e,
                             .num_elems = dm->nelem,
                             .num_neighbors = dm->nnbr,
                             .global_nodes = dm->f->num_nodes,
                             .global_elems = dm->f->num_elem};
    return 0;
}

int exs_dmesh_block(const exs_dmesh *dm, int64_t b, int64_t *id, int64_t *npe,
                    int64_t *owned, int64_t *ghosts)
{
    if (!dm || b < 0 || b >= dm->nblk)
        return dm ? exsi_err(dm->f, EXS_ERANGE, "block %lld of %lld", (long long)b,
                            (long long)dm->nblk)
                  : EXS_EINVAL;
    if (id)
        *id = dm->blk_id[b];
    if (npe)
        *npe = dm->blk_npe[b];
    if (owned)
        *owned = dm->blk_own[b];
    if (ghosts)
        *ghosts = dm->blk_ghost[b];
    return 0;
}

int exs_dmesh_conn(const exs_dmesh *dm, int64_t b, int64_t *conn)
{
    int rc = exs_dmesh_block(dm, b, NULL, NULL, NULL, NULL);
    if (rc == 0 && !conn)
        rc = EXS_EINVAL;
    if (rc == 0)
        memcpy(conn, dm->conn + dm->conn_at[b],
               (size_t)(dm->conn_at[b + 1] - dm->conn_at[b]) * sizeof *conn);
    return rc;
}

int exs_dmesh_elems(const exs_dmesh *dm, int64_t b, int64_t *global, int64_t *ids)
{
    int rc = exs_dmesh_block(dm, b, NULL, NULL, NULL, NULL);
    if (rc != 0)
        return rc;
    size_t n = (size_t)(dm->blk_first[b + 1] - dm->blk_first[b]);
    for (size_t i = 0; global && i < n; i++)
        global[i] = exsi_dm_elem_global(dm, dm->blk_first[b] + (int64_t)i);
    if (ids)
        memcpy(ids, dm->e_ids + dm->blk_first[b], n * sizeof *ids);
    return 0;
}

int exs_dmesh_nodes(const exs_dmesh *dm, int64_t *global, int64_t *ids, double *xyz)
{
    if (!dm)
        return EXS_EINVAL;
    for (int64_t i = 0; global && i < dm->nnodes; i++)
        global[i] = dm->node1[i] - 1;
    if (ids)
        memcpy(ids, dm->n_ids, (size_t)dm->nnodes * sizeof *ids);
    if (xyz)
        memcpy(xyz, dm->xyz, (size_t)(dm->num_dim * dm->nnodes) * sizeof *xyz);
    return 0;
}

int exs_dmesh_node_owners(const exs_dmesh *dm, int *owners)
{
    if (!dm || !owners)
        return EXS_EINVAL;
    for (int64_t i = 0; i < dm->nnodes; i++)
        owners[i] = exsi_dm_node_owner(dm, i);
    return 0;
}

int exs_dmesh_neighbors(const exs_dmesh *dm, int *ranks)
{
    if (!dm || (!ranks && dm->nnbr > 0))
        return EXS_EINVAL;
    if (dm->nnbr > 0)
        memcpy(ranks, dm->nbr, (size_t)dm->nnbr * sizeof *ranks);
    return 0;
}

int exs_dmesh_shared(const exs_dmesh *dm, int k, int64_t *nodes, int64_t *n)
{
    if (!dm || !n)
        return EXS_EINVAL;
    if (k < 0 || k >= dm->nnbr)
        return exsi_err(dm->f, EXS_ERANGE, "neighbour %d of %d", k, dm->nnbr);
    *n = dm->sh_at[k + 1] - dm->sh_at[k];
    if (nodes)
        memcpy(nodes, dm->sh_nodes + dm->sh_at[k], (size_t)*n * sizeof *nodes);
    return 0;
}

int exs_dmesh_nodal_field(exs_dmesh *dm, int var, int64_t step, double *values)
{
    if (!dm)
        return EXS_EINVAL;
    if (!dm->f->store) /* read from a Nemesis set (nemesis_read.c) */
        return exsi_err(dm->f, EXS_ENOTSUP, "%s: a mesh read from a Nemesis set has "
                       "no file to read fields from", __func__);
    return exs_gather_nodal_all(dm->f, &dm->p, EXS_FIELD_VAR, var, step, dm->nnodes,
                                dm->node1, values);
}

/* Owned nodes that appear in some shared list. */
static int64_t owned_shared(const exs_dmesh *dm)
{
    char *mark = exsi_dm_calloc(dm->n_owned + 1, 1);
    int64_t n = 0;
    if (!mark)
        return -1;
    for (int64_t i = 0; i < dm->sh_at[dm->nnbr]; i++)
        if (dm->sh_nodes[i] < dm->n_owned && !mark[dm->sh_nodes[i]]) {
            mark[dm->sh_nodes[i]] = 1;
            n++;
        }
    exsi_dm_free(mark);
    return n;
}

int exs_dmesh_quality_all(exs_dmesh *dm, exs_dmesh_quality *q)
{
    if (!dm || !q)
        return EXS_EINVAL;
    int64_t sh = owned_shared(dm);
    int rc = exsi_dm_agree(dm, sh < 0 ? exsi_err(dm->f, EXS_ENOMEM, "quality") : 0);
    int64_t sum[3] = {sh, dm->bytes_moved, 0}, mx[3] = {dm->nown_e, dm->n_owned, dm->nnbr};
    if (rc == 0 && (exsi_comm_allreduce_i64(dm->f->comm, sum, sum, 2, EXS_OP_SUM) != 0 ||
                    exsi_comm_allreduce_i64(dm->f->comm, mx, mx, 3, EXS_OP_MAX) != 0))
        rc = exsi_err(dm->f, EXS_EMPI, "quality");
    if (rc != 0)
        return rc;
    double ne = (double)dm->f->num_elem / dm->size, nn = (double)dm->f->num_nodes / dm->size;
    *q = (exs_dmesh_quality){.elem_imbalance = ne > 0 ? (double)mx[0] / ne - 1 : 0,
                             .node_imbalance = nn > 0 ? (double)mx[1] / nn - 1 : 0,
                             .shared_nodes = sum[0],
                             .max_neighbors = mx[2],
                             .bytes_moved = sum[1],
                             .edge_cut = dm->edge_cut};
    return 0;
}
