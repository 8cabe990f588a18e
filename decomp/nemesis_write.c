/*
 * nemesis_write.c -- a distributed mesh as a Nemesis file-per-rank set:
 * every rank writes base.P.r (its owned elements, the nodes they touch,
 * the node, side and element sets restricted to them, with their
 * variables; the source's assemblies, blobs, reduction variables,
 * coordinate frames and entity attributes as they are) with the load-balance data SEACAS's
 * Nemesis API reads (exodusII_int.h names): global counts and ids,
 * internal/border node and element maps, node communication maps.
 * node_num_map / elem_num_map hold the source's ids where it has id maps
 * (as nem_spread writes them), and then the named maps EXS_NEM_POS_NAME
 * give each entry's 1-based global position; without a source map they
 * hold the global positions themselves (1..n ids) and no named map is
 * written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nemesis.h"
#include "nemesis_vars.h"
#include "write.h"


int exs_nemesis_name(const char *base, int nprocs, int rank, char *buf, size_t cap)
{
    if (!base || !buf || nprocs < 1 || rank < 0 || rank >= nprocs)
        return EXS_EINVAL;
    int width = snprintf(NULL, 0, "%d", nprocs);
    int n = snprintf(buf, cap, "%s.%d.%0*d", base, nprocs, width, rank);
    return n >= 0 && (size_t)n < cap ? 0 : EXS_ENAMELEN;
}

/* One rank's load-balance data (1-based local numbers). */
typedef struct nem_part {
    int64_t nn, ne;
    int64_t *nmap, *emap;          /* global 1-based numbers */
    int64_t *nids, *eids;          /* the source's ids */
    int has_nids, has_eids;        /* the source has node / element id maps */
    int64_t *mapi, *mapb, ni, nb;  /* internal / border nodes */
    int64_t *emapi, *emapb, nei, neb;
    int64_t *cids, *cstat, *cidx;  /* per node comm map (neighbour) */
    int64_t *cnids, *cproc, ncnt;  /* the maps' entries */
    int64_t stat[5];               /* int/bor/ext node, int/bor elem */
} nem_part;

static void part_free(nem_part *p)
{
    int64_t *a[] = {p->nmap, p->emap, p->nids, p->eids, p->mapi, p->mapb, p->emapi, p->emapb,
                    p->cids, p->cstat, p->cidx, p->cnids, p->cproc};
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
        exsi_dm_free(a[i]);
}

/* Nodes: the owned and shared ones (ghost nodes are last and left out). */
static int part_nodes(const exs_dmesh *dm, nem_part *p, char *border)
{
    p->nn = dm->n_owned + dm->n_shared;
    p->nmap = exsi_dm_calloc(p->nn, sizeof *p->nmap);
    p->nids = exsi_dm_calloc(p->nn, sizeof *p->nids);
    p->mapi = exsi_dm_calloc(p->nn, sizeof *p->mapi);
    p->mapb = exsi_dm_calloc(p->nn, sizeof *p->mapb);
    if (!p->nmap || !p->nids || !p->mapi || !p->mapb)
        return EXS_ENOMEM;
    for (int64_t i = 0; i < dm->sh_at[dm->nnbr]; i++)
        border[dm->sh_nodes[i]] = 1;
    for (int64_t i = 0; i < p->nn; i++) {
        p->nmap[i] = dm->node1[i];
        p->nids[i] = dm->n_ids[i];
        if (border[i])
            p->mapb[p->nb++] = i + 1;
        else
            p->mapi[p->ni++] = i + 1;
    }
    return 0;
}

/* Elements: each block's owned entries, block after block. */
static int part_elems(const exs_dmesh *dm, nem_part *p, const char *border)
{
    for (int64_t b = 0; b < dm->nblk; b++)
        p->ne += dm->blk_own[b];
    p->emap = exsi_dm_calloc(p->ne, sizeof *p->emap);
    p->eids = exsi_dm_calloc(p->ne, sizeof *p->eids);
    p->emapi = exsi_dm_calloc(p->ne, sizeof *p->emapi);
    p->emapb = exsi_dm_calloc(p->ne, sizeof *p->emapb);
    if (!p->emap || !p->eids || !p->emapi || !p->emapb)
        return EXS_ENOMEM;
    int64_t at = 0;
    for (int64_t b = 0; b < dm->nblk; b++) {
        const int64_t *c = dm->conn + dm->conn_at[b];
        for (int64_t j = 0; j < dm->blk_own[b]; j++, at++) {
            int bor = 0;
            for (int64_t k = 0; k < dm->blk_npe[b]; k++)
                bor |= border[c[j * dm->blk_npe[b] + k]];
            p->emap[at] = exsi_dm_elem_global(dm, dm->blk_first[b] + j) + 1;
            p->eids[at] = dm->e_ids[dm->blk_first[b] + j];
            if (bor)
                p->emapb[p->neb++] = at + 1;
            else
                p->emapi[p->nei++] = at + 1;
        }
    }
    return 0;
}

/* Node communication maps: one per neighbour, its id the neighbour. */
static int part_comm(const exs_dmesh *dm, nem_part *p)
{
    int64_t m = dm->nnbr;
    p->ncnt = dm->sh_at[m];
    p->cids = exsi_dm_calloc(m, sizeof *p->cids);
    p->cstat = exsi_dm_calloc(m, sizeof *p->cstat);
    p->cidx = exsi_dm_calloc(m, sizeof *p->cidx);
    p->cnids = exsi_dm_calloc(p->ncnt, sizeof *p->cnids);
    p->cproc = exsi_dm_calloc(p->ncnt, sizeof *p->cproc);
    if (!p->cids || !p->cstat || !p->cidx || !p->cnids || !p->cproc)
        return EXS_ENOMEM;
    for (int64_t k = 0; k < m; k++) {
        p->cids[k] = dm->nbr[k];
        p->cstat[k] = 1;
        p->cidx[k] = dm->sh_at[k + 1]; /* SEACAS: each map's end */
        for (int64_t i = dm->sh_at[k]; i < dm->sh_at[k + 1]; i++) {
            p->cnids[i] = dm->sh_nodes[i] + 1;
            p->cproc[i] = dm->nbr[k];
        }
    }
    int64_t st[5] = {p->ni > 0, p->nb > 0, 0, p->nei > 0, p->neb > 0};
    memcpy(p->stat, st, sizeof st);
    return 0;
}

static int part_build(const exs_dmesh *dm, nem_part *p)
{
    char *border = exsi_dm_calloc(dm->nnodes, 1);
    int rc = border ? part_nodes(dm, p, border) : EXS_ENOMEM;
    if (rc == 0)
        rc = exs_has_id_map(dm->f, EXS_NODE_MAP, &p->has_nids);
    if (rc == 0)
        rc = exs_has_id_map(dm->f, EXS_ELEM_MAP, &p->has_eids);
    if (rc == 0)
        rc = part_elems(dm, p, border);
    if (rc == 0)
        rc = part_comm(dm, p);
    exsi_dm_free(border);
    return rc ? exsi_err(dm->f, rc, "Nemesis part of rank %d: out of memory", dm->rank)
              : 0;
}

/* ---- the per-rank file ---- */

typedef struct nem_out {
    const exs_dmesh *dm;
    const nem_part *p;
    const nem_sets *s;
    const nem_ecomm *e;
    const nem_attrs *a;
    exs_file *o;
} nem_out;

/* The set kinds a part carries (restricted to it: nemesis_sets.c). */
static const exs_kind set_kinds[3] = {EXS_NODE_SET, EXS_SIDE_SET, EXS_ELEM_SET};

/* Attributes of block b (its names from the source), where the part has
 * entries of it. */
static int64_t part_nattr(const nem_out *w, int64_t b)
{
    return w->dm->blk_own[b] > 0 ? w->a->nattr[b] : 0;
}

static int def_attr_names(nem_out *w, int64_t b)
{
    int64_t na = part_nattr(w, b);
    const char **names = exsi_dm_calloc(na > 0 ? na : 1, sizeof *names);
    int rc = names ? 0 : exsi_err(w->o, EXS_ENOMEM, "attribute names");
    for (int k = 0; rc == 0 && k < na; k++)
        rc = exs_get_attr_name(w->dm->f, EXS_ELEM_BLOCK, w->dm->blk_id[b], k, &names[k]);
    if (rc == 0 && na > 0)
        rc = exs_put_attr_names(w->o, EXS_ELEM_BLOCK, w->dm->blk_id[b],
                                (const char *const *)names);
    exsi_dm_free(names);
    return rc;
}

static int def_model(nem_out *w)
{
    const exs_dmesh *dm = w->dm;
    const exsi_core_entity_list *l = &dm->f->ents[EXS_ELEM_BLOCK];
    int rc = exs_def_mesh(w->o, dm->f->title ? dm->f->title : "", dm->num_dim, w->p->nn);
    for (int64_t b = 0; rc == 0 && b < dm->nblk; b++) {
        exs_block_def d = {.id = dm->blk_id[b], .type = l->e[b].type,
                           .num_entries = dm->blk_own[b], .nodes_per_entry = dm->blk_npe[b],
                           .num_attr = part_nattr(w, b), .name = l->e[b].name};
        rc = exs_def_block(w->o, EXS_ELEM_BLOCK, &d);
        if (rc == 0)
            rc = def_attr_names(w, b);
    }
    for (int k = 0; rc == 0 && k < 3; k++) {
        int64_t n = 0;
        const nem_set *t = exsi_nem_sets_of(w->s, set_kinds[k], &n);
        for (int64_t i = 0; rc == 0 && i < n; i++)
            rc = exs_def_set(w->o, set_kinds[k], t[i].id, t[i].n,
                             t[i].df ? t[i].n * t[i].dfk : 0, t[i].name);
    }
    if (rc == 0 && dm->f->coord_names)
        rc = exs_put_coord_names(w->o, (const char *const *)dm->f->coord_names);
    if (rc == 0)
        rc = exsi_nem_def_vars(w->o, dm, w->s);
    if (rc == 0 && w->p->has_nids && w->p->nn > 0)
        rc = exs_def_map(w->o, EXS_NODE_MAP, 1, EXS_NEM_POS_NAME);
    if (rc == 0 && w->p->has_eids && w->p->ne > 0)
        rc = exs_def_map(w->o, EXS_ELEM_MAP, 1, EXS_NEM_POS_NAME);
    return rc;
}

static int put_conn(nem_out *w)
{
    const exs_dmesh *dm = w->dm;
    int rc = 0;
    for (int64_t b = 0; rc == 0 && b < dm->nblk; b++) {
        int64_t n = dm->blk_own[b] * dm->blk_npe[b];
        int64_t *c = exsi_dm_calloc(n, sizeof *c);
        if (!c)
            return exsi_err(w->o, EXS_ENOMEM, "connectivity");
        for (int64_t i = 0; i < n; i++)
            c[i] = dm->conn[dm->conn_at[b] + i] + 1;
        rc = exs_put_conn(w->o, EXS_ELEM_BLOCK, dm->blk_id[b], EXS_CONN_NODES, 0,
                          dm->blk_own[b], EXS_I64, c);
        exsi_dm_free(c);
        if (rc == 0 && part_nattr(w, b) > 0)
            rc = exs_put_attr(w->o, EXS_ELEM_BLOCK, dm->blk_id[b], 0, dm->blk_own[b],
                              EXS_F64, w->a->vals[b]);
    }
    return rc;
}

static int put_sets(nem_out *w)
{
    int rc = 0;
    for (int k = 0; rc == 0 && k < 3; k++) {
        int64_t n = 0;
        const nem_set *t = exsi_nem_sets_of(w->s, set_kinds[k], &n);
        for (int64_t i = 0; rc == 0 && i < n; i++) {
            rc = exs_put_set(w->o, set_kinds[k], t[i].id, 0, t[i].n, EXS_I64, t[i].mem,
                             t[i].side);
            if (rc == 0 && t[i].df && t[i].n > 0)
                rc = exs_put_df(w->o, set_kinds[k], t[i].id, 0, t[i].n * t[i].dfk, EXS_F64,
                                t[i].df);
        }
    }
    return rc;
}

/* The id map: the source's ids and the positions' named map, or the
 * positions alone. */
static int put_maps(exs_file *o, exs_kind k, int64_t n, int has_ids, const int64_t *ids,
                    const int64_t *pos)
{
    int rc = exs_put_id_map(o, k, 0, n, EXS_I64, has_ids ? ids : pos);
    if (rc == 0 && has_ids && n > 0)
        rc = exs_put_map(o, k, 1, 0, n, EXS_I64, pos);
    return rc;
}

static int put_data(nem_out *w)
{
    const exs_dmesh *dm = w->dm;
    int rc = 0;
    for (int a = 0; rc == 0 && a < dm->num_dim; a++)
        rc = exs_put_coord(w->o, a, 0, w->p->nn, EXS_F64, dm->xyz + a * dm->nnodes);
    if (rc == 0)
        rc = put_conn(w);
    if (rc == 0)
        rc = put_maps(w->o, EXS_NODE_MAP, w->p->nn, w->p->has_nids, w->p->nids,
                      w->p->nmap);
    if (rc == 0)
        rc = put_maps(w->o, EXS_ELEM_MAP, w->p->ne, w->p->has_eids, w->p->eids,
                      w->p->emap);
    return rc ? rc : put_sets(w);
}

/* The global lists: block ids and counts, set ids and counts. */
typedef struct nem_globals {
    int64_t *eb_ids, *eb_cnt, *ns_ids, *ns_cnt, *ns_df, *ss_ids, *ss_cnt, *ss_df;
} nem_globals;

static int globals_fill(nem_out *w, nem_globals *g)
{
    const exsi_core_entity_list *l = &w->dm->f->ents[EXS_ELEM_BLOCK];
    int64_t nb = l->n, nn = w->s->nns, ns = w->s->nss;
    int64_t **a[] = {&g->eb_ids, &g->eb_cnt, &g->ns_ids, &g->ns_cnt, &g->ns_df,
                     &g->ss_ids, &g->ss_cnt, &g->ss_df};
    int64_t len[] = {nb, nb, nn, nn, nn, ns, ns, ns};
    for (int i = 0; i < 8; i++)
        if (!(*a[i] = exsi_dm_calloc(len[i], sizeof **a[i])))
            return exsi_err(w->o, EXS_ENOMEM, "Nemesis globals");
    for (int64_t b = 0; b < nb; b++) {
        g->eb_ids[b] = l->e[b].id;
        g->eb_cnt[b] = l->e[b].num_entries;
    }
    for (int64_t i = 0; i < nn; i++) {
        g->ns_ids[i] = w->s->ns[i].id;
        g->ns_cnt[i] = w->s->ns[i].gcount;
        g->ns_df[i] = w->s->ns[i].gdf;
    }
    for (int64_t i = 0; i < ns; i++) {
        g->ss_ids[i] = w->s->ss[i].id;
        g->ss_cnt[i] = w->s->ss[i].gcount;
        g->ss_df[i] = w->s->ss[i].gdf;
    }
    return 0;
}

static void globals_free(nem_globals *g)
{
    int64_t *a[] = {g->eb_ids, g->eb_cnt, g->ns_ids, g->ns_cnt, g->ns_df,
                    g->ss_ids, g->ss_cnt, g->ss_df};
    for (int i = 0; i < 8; i++)
        exsi_dm_free(a[i]);
}

static int put_loadbal(nem_out *w, const nem_globals *g)
{
    const nem_part *p = w->p;
    const exs_dmesh *dm = w->dm;
    int64_t nb = dm->f->ents[EXS_ELEM_BLOCK].n, ftype = 0;
    exsi_nem_dim dims[] = {
        {EXSI_NEM_NUM_NODES_GLOBAL, dm->f->num_nodes},
        {EXSI_NEM_NUM_ELEMS_GLOBAL, dm->f->num_elem},
        {EXSI_NEM_NUM_EL_BLK_GLOBAL, nb}, {EXSI_NEM_NUM_NS_GLOBAL, w->s->nns},
        {EXSI_NEM_NUM_SS_GLOBAL, w->s->nss}, {EXSI_NEM_NUM_PROCESSORS, dm->size},
        {EXSI_NEM_NUM_PROCS_FILE, 1}, {EXSI_NEM_NUM_INT_ELEM, p->nei},
        {EXSI_NEM_NUM_BOR_ELEM, p->neb}, {EXSI_NEM_NUM_INT_NODE, p->ni},
        {EXSI_NEM_NUM_BOR_NODE, p->nb},
        {EXSI_NEM_NUM_N_CMAPS, dm->nnbr}, {EXSI_NEM_NCNT_CMAP, p->ncnt},
        {EXSI_NEM_NUM_E_CMAPS, w->e->nmaps}, {EXSI_NEM_ECNT_CMAP, w->e->n}};
    exsi_nem_var vars[] = {
        {EXSI_NEM_EL_BLK_IDS_GLOBAL, EXSI_NEM_NUM_EL_BLK_GLOBAL, nb, g->eb_ids},
        {EXSI_NEM_EL_BLK_CNT_GLOBAL, EXSI_NEM_NUM_EL_BLK_GLOBAL, nb, g->eb_cnt},
        {EXSI_NEM_NS_IDS_GLOBAL, EXSI_NEM_NUM_NS_GLOBAL, w->s->nns, g->ns_ids},
        {EXSI_NEM_NS_NODE_CNT_GLOBAL, EXSI_NEM_NUM_NS_GLOBAL, w->s->nns, g->ns_cnt},
        {EXSI_NEM_NS_DF_CNT_GLOBAL, EXSI_NEM_NUM_NS_GLOBAL, w->s->nns, g->ns_df},
        {EXSI_NEM_SS_IDS_GLOBAL, EXSI_NEM_NUM_SS_GLOBAL, w->s->nss, g->ss_ids},
        {EXSI_NEM_SS_SIDE_CNT_GLOBAL, EXSI_NEM_NUM_SS_GLOBAL, w->s->nss, g->ss_cnt},
        {EXSI_NEM_SS_DF_CNT_GLOBAL, EXSI_NEM_NUM_SS_GLOBAL, w->s->nss, g->ss_df},
        {EXSI_NEM_NEM_FTYPE, NULL, 1, &ftype},
        {EXSI_NEM_INT_N_STAT, EXSI_NEM_NUM_PROCS_FILE, 1, &p->stat[0]},
        {EXSI_NEM_BOR_N_STAT, EXSI_NEM_NUM_PROCS_FILE, 1, &p->stat[1]},
        {EXSI_NEM_EXT_N_STAT, EXSI_NEM_NUM_PROCS_FILE, 1, &p->stat[2]},
        {EXSI_NEM_INT_E_STAT, EXSI_NEM_NUM_PROCS_FILE, 1, &p->stat[3]},
        {EXSI_NEM_BOR_E_STAT, EXSI_NEM_NUM_PROCS_FILE, 1, &p->stat[4]},
        {EXSI_NEM_ELEM_MAPI, EXSI_NEM_NUM_INT_ELEM, p->nei, p->emapi},
        {EXSI_NEM_ELEM_MAPB, EXSI_NEM_NUM_BOR_ELEM, p->neb, p->emapb},
        {EXSI_NEM_NODE_MAPI, EXSI_NEM_NUM_INT_NODE, p->ni, p->mapi},
        {EXSI_NEM_NODE_MAPB, EXSI_NEM_NUM_BOR_NODE, p->nb, p->mapb},
        {EXSI_NEM_N_COMM_IDS, EXSI_NEM_NUM_N_CMAPS, dm->nnbr, p->cids},
        {EXSI_NEM_N_COMM_STAT, EXSI_NEM_NUM_N_CMAPS, dm->nnbr, p->cstat},
        {EXSI_NEM_N_COMM_DATA_IDX, EXSI_NEM_NUM_N_CMAPS, dm->nnbr, p->cidx},
        {EXSI_NEM_N_COMM_NIDS, EXSI_NEM_NCNT_CMAP, p->ncnt, p->cnids},
        {EXSI_NEM_N_COMM_PROC, EXSI_NEM_NCNT_CMAP, p->ncnt, p->cproc},
        {EXSI_NEM_E_COMM_IDS, EXSI_NEM_NUM_E_CMAPS, w->e->nmaps, w->e->ids},
        {EXSI_NEM_E_COMM_STAT, EXSI_NEM_NUM_E_CMAPS, w->e->nmaps, w->e->stat},
        {EXSI_NEM_E_COMM_DATA_IDX, EXSI_NEM_NUM_E_CMAPS, w->e->nmaps, w->e->idx},
        {EXSI_NEM_E_COMM_EIDS, EXSI_NEM_ECNT_CMAP, w->e->n, w->e->eids},
        {EXSI_NEM_E_COMM_PROC, EXSI_NEM_ECNT_CMAP, w->e->n, w->e->proc},
        {EXSI_NEM_E_COMM_SIDS, EXSI_NEM_ECNT_CMAP, w->e->n, w->e->sids}};
    return exsi_nem_put(w->o, (int)(sizeof dims / sizeof dims[0]), dims,
                       (int)(sizeof vars / sizeof vars[0]), vars);
}

/* Local: this rank's file, left open in *out for the steps. The message
 * goes to dm's file. */
static int write_part(const exs_dmesh *dm, const nem_part *p, const nem_sets *s,
                      const nem_ecomm *e, const nem_attrs *a, const char *base,
                      const exs_create_opts *opts, exs_file **out)
{
    char path[4096], msg[EXS_ERRMSG_LEN] = "";
    exs_create_opts o;
    exs_create_opts_init(&o);
    if (opts)
        o = *opts;
    o.nparts = 1;
    if (o.name_len < dm->f->max_name_used) /* the source's names fit */
        o.name_len = dm->f->max_name_used;
    if (exs_nemesis_name(base, dm->size, dm->rank, path, sizeof path) != 0)
        return exsi_err(dm->f, EXS_ENAMELEN, "Nemesis file name too long: %s", base);
    nem_out w = {.dm = dm, .p = p, .s = s, .e = e, .a = a};
    nem_globals g = {0};
    int rc = exs_create(path, &o, &w.o);
    if (rc != 0)
        return exsi_err(dm->f, rc, "creating %s: %s", path, exs_strerror(rc));
    rc = def_model(&w);
    if (rc == 0 && dm->f->store) /* assemblies, blobs, reductions, frames */
        rc = exsi_copy_part_model(dm->f, w.o, 0);
    if (rc == 0 && dm->f->store) /* entity attributes of what the part has */
        rc = exsi_copy_part_entity_atts(dm->f, w.o, 0);
    if (rc == 0)
        rc = put_data(&w);
    if (rc == 0)
        rc = globals_fill(&w, &g);
    if (rc == 0)
        rc = put_loadbal(&w, &g);
    globals_free(&g);
    if (rc == 0) {
        *out = w.o;
        return 0;
    }
    snprintf(msg, sizeof msg, "%s", exs_errmsg(w.o));
    exs_close(w.o);
    return exsi_err(dm->f, rc, "writing %s: %s", path, msg);
}

/* Local: the data of what exsi_copy_part_model defined (assembly members,
 * frames, and the reduction and blob values of every step: the whole
 * entity's, as the source has them), after the steps are in. */
static int put_model_data(const exs_dmesh *dm, exs_file *o)
{
    int rc = dm->f->store ? exsi_copy_part_model(dm->f, o, 1) : 0;
    return rc ? exsi_err(dm->f, rc, "rank %d's part: %s", dm->rank, exs_errmsg(o)) : 0;
}

/* Local: close the part, discarding it when rc (any rank's failure) says
 * the set is not complete. */
static int close_part(const exs_dmesh *dm, exs_file *o, int rc)
{
    char msg[EXS_ERRMSG_LEN] = "";
    if (!o)
        return rc;
    if (rc != 0)
        exsi_w_fail(o, rc);
    int crc = exs_close_err(o, msg, sizeof msg);
    if (rc == 0 && crc != 0)
        return exsi_err(dm->f, crc, "closing rank %d's part: %s", dm->rank, msg);
    return rc;
}

int exs_dmesh_write_nemesis(exs_dmesh *dm, const char *base, const exs_create_opts *opts)
{
    if (!dm)
        return EXS_EINVAL;
    nem_part p = {0};
    nem_sets s = {0};
    nem_ecomm e = {0};
    nem_attrs a = {0};
    exs_file *o = NULL;
    int rc = base ? 0 : exsi_err(dm->f, EXS_EINVAL, "exs_dmesh_write_nemesis: base is NULL");
    if ((rc = exsi_dm_agree(dm, rc)) == 0)
        rc = exsi_nem_sets_load_all(dm, &s);
    if (rc == 0)
        rc = exsi_nem_attrs_load_all(dm, &a);
    if (rc == 0)
        rc = exsi_dm_agree(dm, part_build(dm, &p));
    if (rc == 0)
        rc = exsi_nem_elem_comm_all(dm, &e);
    if (rc == 0)
        rc = exsi_dm_agree(dm, write_part(dm, &p, &s, &e, &a, base, opts, &o));
    if (rc == 0)
        rc = exsi_nem_put_steps_all(dm, &s, o);
    if (rc == 0)
        rc = exsi_dm_agree(dm, put_model_data(dm, o));
    rc = exsi_dm_agree(dm, close_part(dm, o, rc));
    part_free(&p);
    exsi_nem_sets_free(&s);
    exsi_nem_ecomm_free(&e);
    exsi_nem_attrs_free(&a);
    return rc;
}
