/*
 * copy_mesh.c -- "copy the mesh, then add results": a new file gets the
 * mesh of an open one (title, coordinates and their names, blocks with
 * connectivity, attributes and their names, sets with distribution
 * factors and attributes, node attributes, id maps, named maps and the
 * order map, names, properties, QA and info) and
 * the definitions of the results a solver will write into it.
 *
 * Only the public API is used. On parallel handles every rank makes the
 * same calls in the same order, each with its slab: nodes and element
 * blocks follow the source's chunk-aligned partition, the small arrays
 * (edge/face blocks, polygonal blocks, sets, named maps) go through rank
 * 0. Each bulk call is a collective `_all` call, which agrees on its
 * outcome, so a failure on one rank (a buffer that could not be
 * allocated is passed as a slab the library rejects) is a failure on all.
 */
#include <stdlib.h>
#include <string.h>

#include "decomp.h"
#include "internal.h"

/* What one copy needs. */
typedef struct cp {
    exs_file *s, *d;
    int par, rank;
    exs_partition p;
} cp;

static const exs_kind block_kinds[] = {EXS_ELEM_BLOCK, EXS_EDGE_BLOCK, EXS_FACE_BLOCK};
static const exs_kind set_kinds[] = {EXS_NODE_SET, EXS_SIDE_SET, EXS_EDGE_SET,
                                     EXS_FACE_SET, EXS_ELEM_SET};
static const exs_kind map_kinds[] = {EXS_NODE_MAP, EXS_EDGE_MAP, EXS_FACE_MAP,
                                     EXS_ELEM_MAP};
/* The kinds that carry properties: blocks, then sets. */
static const exs_kind prop_kinds[8] = {EXS_ELEM_BLOCK, EXS_EDGE_BLOCK, EXS_FACE_BLOCK,
                                       EXS_NODE_SET,   EXS_SIDE_SET,   EXS_EDGE_SET,
                                       EXS_FACE_SET,   EXS_ELEM_SET};

static void *xmalloc(int64_t n, size_t sz) { return malloc((size_t)(n > 0 ? n : 1) * sz); }

/* A slab whose buffer could not be had is a slab the library rejects. */
static int64_t cnt(const void *buf, int64_t n) { return buf ? n : -1; }

/* An array small enough to go through rank 0: [0, n) there, nothing elsewhere. */
static void small(const cp *c, int64_t n, int64_t *start, int64_t *count)
{
    *start = 0;
    *count = c->rank == 0 ? n : 0;
}

/* ---- definitions ---- */

/* Entity i (file order) of a kind. */
static int nth(exs_file *f, exs_kind kind, int64_t i, exs_entity_info *e)
{
    int64_t n = 0;
    exs_num_entities(f, kind, &n);
    int64_t *ids = xmalloc(n, sizeof *ids);
    int rc = ids ? exs_get_ids(f, kind, ids) : EXS_ENOMEM;
    if (rc == 0)
        rc = exs_get_entity(f, kind, ids[i], e);
    free(ids);
    return rc;
}

static int def_entities(cp *c)
{
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < 3; k++) {
        int64_t n = 0;
        exs_num_entities(c->s, block_kinds[k], &n);
        for (int64_t i = 0; rc == 0 && i < n; i++) {
            exs_entity_info e;
            rc = nth(c->s, block_kinds[k], i, &e);
            exs_block_def b = {e.id, e.type, e.num_entries, e.nodes_per_entry,
                               e.edges_per_entry, e.faces_per_entry, e.num_attr, e.name};
            if (rc == 0)
                rc = exs_def_block(c->d, block_kinds[k], &b);
        }
    }
    return rc;
}

static int def_sets_maps(cp *c)
{
    int rc = 0;
    for (size_t k = 0; k < 5; k++) {
        int64_t n = 0;
        exs_num_entities(c->s, set_kinds[k], &n);
        for (int64_t i = 0; rc == 0 && i < n; i++) {
            exs_entity_info e;
            rc = nth(c->s, set_kinds[k], i, &e);
            if (rc == 0)
                rc = exs_def_set(c->d, set_kinds[k], e.id, e.num_entries, e.num_df,
                                 e.name);
            if (rc == 0 && e.num_attr > 0 && e.num_entries > 0)
                rc = exs_def_set_attr(c->d, set_kinds[k], e.id, e.num_attr);
        }
    }
    for (size_t k = 0; k < 4; k++) {
        int64_t n = 0;
        exs_num_entities(c->s, map_kinds[k], &n);
        for (int64_t i = 0; rc == 0 && i < n; i++) {
            exs_entity_info e;
            rc = nth(c->s, map_kinds[k], i, &e);
            if (rc == 0)
                rc = exs_def_map(c->d, map_kinds[k], e.id, e.name);
        }
    }
    return rc;
}

/* Extra properties (property 0 is the id) of blocks and sets. */
static int def_props(cp *c)
{
    const exs_kind *kinds = prop_kinds;
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < 8; k++) {
        int np = 0;
        exs_num_props(c->s, kinds[k], &np);
        for (int j = 1; rc == 0 && j < np; j++) {
            const char *name;
            rc = exs_get_prop_name(c->s, kinds[k], j, &name);
            if (rc == 0)
                rc = exs_def_prop(c->d, kinds[k], name);
        }
    }
    return rc;
}

static int put_props(cp *c)
{
    const exs_kind *kinds = prop_kinds;
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < 8; k++) {
        int np = 0;
        int64_t n = 0;
        exs_num_props(c->s, kinds[k], &np);
        exs_num_entities(c->s, kinds[k], &n);
        for (int j = 1; rc == 0 && j < np; j++)
            for (int64_t i = 0; rc == 0 && i < n; i++) {
                const char *name;
                exs_entity_info e;
                int64_t v = 0;
                rc = exs_get_prop_name(c->s, kinds[k], j, &name);
                if (rc == 0)
                    rc = nth(c->s, kinds[k], i, &e);
                if (rc == 0)
                    rc = exs_get_prop(c->s, kinds[k], e.id, name, &v);
                if (rc == 0)
                    rc = exs_put_prop(c->d, kinds[k], e.id, name, v);
            }
    }
    return rc;
}

/* QA, info and coordinate names (before the end of definitions). */
static int def_records(cp *c)
{
    int64_t nqa = 0, ninfo = 0;
    exs_inquire(c->s, EXS_INQ_NUM_QA, &nqa);
    exs_inquire(c->s, EXS_INQ_NUM_INFO, &ninfo);
    const char *(*qa)[4] = xmalloc(nqa, sizeof *qa);
    const char **info = xmalloc(ninfo, sizeof *info);
    const char *names[3] = {"", "", ""};
    int rc = qa && info ? 0 : EXS_ENOMEM;
    for (int64_t i = 0; rc == 0 && i < nqa; i++)
        rc = exs_get_qa(c->s, i, qa[i]);
    for (int64_t i = 0; rc == 0 && i < ninfo; i++)
        rc = exs_get_info(c->s, i, &info[i]);
    if (rc == 0 && nqa > 0)
        rc = exs_put_qa(c->d, nqa, (const char *const(*)[4])qa);
    if (rc == 0 && ninfo > 0)
        rc = exs_put_info(c->d, ninfo, info);
    for (int a = 0; rc == 0 && a < c->s->num_dim; a++)
        rc = exs_get_coord_name(c->s, a, &names[a]);
    if (rc == 0 && c->s->num_dim > 0)
        rc = exs_put_coord_names(c->d, names);
    free(qa);
    free(info);
    return rc;
}

static int def_results(cp *c, const exs_results_def *r)
{
    int rc = 0;
    if (!r)
        return 0;
    if (r->num_global > 0)
        rc = exs_def_vars(c->d, EXS_GLOBAL, r->num_global, r->global_names);
    if (rc == 0 && r->num_nodal > 0)
        rc = exs_def_vars(c->d, EXS_NODAL, r->num_nodal, r->nodal_names);
    if (rc == 0 && r->num_elem > 0)
        rc = exs_def_vars(c->d, EXS_ELEM_BLOCK, r->num_elem, r->elem_names);
    if (rc == 0 && r->num_elem > 0 && r->elem_truth)
        rc = exs_def_truth(c->d, EXS_ELEM_BLOCK, r->elem_truth);
    return rc;
}

/* The nodes' attributes and the order map, when the source has them. */
static int def_node_attr_order_map(cp *c)
{
    exs_entity_info e;
    int64_t om = 0;
    int rc = exs_get_entity(c->s, EXS_NODAL, 0, &e);
    if (rc == 0 && e.num_attr > 0 && e.num_entries > 0)
        rc = exs_def_node_attr(c->d, e.num_attr);
    if (rc == 0 && exs_inquire(c->s, EXS_INQ_ORDER_MAP, &om) == 0 && om)
        rc = exs_def_order_map(c->d);
    return rc;
}

static int copy_defs(cp *c, const exs_results_def *r)
{
    const char *title = "";
    int64_t nd = 0, nn = 0;
    exs_get_title(c->s, &title);
    exs_inquire(c->s, EXS_INQ_NUM_DIM, &nd);
    exs_inquire(c->s, EXS_INQ_NUM_NODES, &nn);
    int rc = nd > 0 ? 0 : exs_err(c->d, EXS_EINVAL, "the source file has no mesh "
                                  "(num_dim 0): nothing to copy");
    if (rc == 0)
        rc = exs_def_mesh(c->d, title, (int)nd, nn);
    if (rc == 0)
        rc = def_entities(c);
    if (rc == 0)
        rc = def_sets_maps(c);
    if (rc == 0)
        rc = def_node_attr_order_map(c);
    if (rc == 0)
        rc = def_props(c);
    if (rc == 0)
        rc = def_records(c);
    if (rc == 0)
        rc = def_results(c, r);
    if (rc != 0 && exs_errmsg(c->d)[0] == '\0')
        exs_err(c->d, rc, "copying the definitions of %s", c->s->path);
    return rc;
}

/* ---- bulk data: one wrapper per accessor, collective on parallel handles ---- */

#define PICK(c, fn) ((c)->par ? fn##_all : fn)

static int cp_coords(cp *c)
{
    int64_t s = c->p.node_start, n = c->p.node_count;
    double *buf = xmalloc(n, sizeof *buf);
    int rc = 0;
    for (int a = 0; rc == 0 && a < c->s->num_dim; a++) {
        rc = PICK(c, exs_get_coord)(c->s, a, s, cnt(buf, n), EXS_F64, buf);
        if (rc == 0)
            rc = PICK(c, exs_put_coord)(c->d, a, s, n, EXS_F64, buf);
    }
    free(buf);
    return rc;
}

/* This rank's entries of a block: its element slab's for element blocks
 * with fixed nodes per entry, everything on rank 0 otherwise. */
static void block_slab(const cp *c, exs_kind kind, const exs_entity_info *e,
                       int64_t *start, int64_t *count)
{
    if (kind != EXS_ELEM_BLOCK || e->topo == EXS_TOPO_NSIDED || e->topo == EXS_TOPO_NFACED) {
        small(c, e->num_entries, start, count);
        return;
    }
    int64_t lo = c->p.elem_start > e->offset ? c->p.elem_start : e->offset;
    int64_t hi = c->p.elem_start + c->p.elem_count;
    if (hi > e->offset + e->num_entries)
        hi = e->offset + e->num_entries;
    *start = hi > lo ? lo - e->offset : 0;
    *count = hi > lo ? hi - lo : 0;
}

static int cp_conn(cp *c, exs_kind kind, const exs_entity_info *e, exs_conn which,
                   int64_t s, int64_t n, int64_t per)
{
    int64_t *buf = xmalloc(n * per, sizeof *buf);
    int rc = PICK(c, exs_get_conn)(c->s, kind, e->id, which, s, cnt(buf, n), EXS_I64, buf);
    if (rc == 0)
        rc = PICK(c, exs_put_conn)(c->d, kind, e->id, which, s, n, EXS_I64, buf);
    free(buf);
    return rc;
}

/* NSIDED / NFACED: per-entry counts and the flat arrays, through rank 0. */
static int cp_poly(cp *c, exs_kind kind, const exs_entity_info *e)
{
    int64_t s, n, flat = e->topo == EXS_TOPO_NSIDED ? e->nodes_per_entry : e->faces_per_entry;
    small(c, e->num_entries, &s, &n);
    int64_t *buf = xmalloc(n, sizeof *buf);
    int rc = PICK(c, exs_get_entry_counts)(c->s, kind, e->id, s, cnt(buf, n), EXS_I64, buf);
    if (rc == 0)
        rc = PICK(c, exs_put_entry_counts)(c->d, kind, e->id, s, n, EXS_I64, buf);
    free(buf);
    small(c, flat, &s, &n);
    exs_conn which = e->topo == EXS_TOPO_NSIDED ? EXS_CONN_NODES : EXS_CONN_FACES;
    return rc ? rc : cp_conn(c, kind, e, which, s, n, 1);
}

static int cp_attr(cp *c, exs_kind kind, const exs_entity_info *e, int64_t s, int64_t n)
{
    double *buf = xmalloc(n * e->num_attr, sizeof *buf);
    const char **names = xmalloc(e->num_attr, sizeof *names);
    int rc = PICK(c, exs_get_attr)(c->s, kind, e->id, s, cnt(buf, n), EXS_F64, buf);
    if (rc == 0)
        rc = PICK(c, exs_put_attr)(c->d, kind, e->id, s, n, EXS_F64, buf);
    for (int64_t a = 0; rc == 0 && a < e->num_attr; a++)
        rc = names ? exs_get_attr_name(c->s, kind, e->id, (int)a, &names[a]) : EXS_ENOMEM;
    if (rc == 0)
        rc = exs_put_attr_names(c->d, kind, e->id, names);
    free(buf);
    free(names);
    return rc;
}

static int cp_block(cp *c, exs_kind kind, const exs_entity_info *e)
{
    int64_t s, n;
    int rc = 0;
    block_slab(c, kind, e, &s, &n);
    if (e->topo == EXS_TOPO_NSIDED || e->topo == EXS_TOPO_NFACED)
        rc = cp_poly(c, kind, e);
    else if (e->nodes_per_entry > 0)
        rc = cp_conn(c, kind, e, EXS_CONN_NODES, s, n, e->nodes_per_entry);
    if (rc == 0 && kind == EXS_ELEM_BLOCK && e->edges_per_entry > 0)
        rc = cp_conn(c, kind, e, EXS_CONN_EDGES, s, n, e->edges_per_entry);
    if (rc == 0 && kind == EXS_ELEM_BLOCK && e->faces_per_entry > 0 &&
        e->topo != EXS_TOPO_NFACED)
        rc = cp_conn(c, kind, e, EXS_CONN_FACES, s, n, e->faces_per_entry);
    if (rc == 0 && e->num_attr > 0)
        rc = cp_attr(c, kind, e, s, n);
    return rc;
}

static int cp_set(cp *c, exs_kind kind, const exs_entity_info *e)
{
    int64_t s, n, ds, dn;
    small(c, e->num_entries, &s, &n);
    small(c, e->num_df, &ds, &dn);
    int extra = kind == EXS_SIDE_SET || kind == EXS_EDGE_SET || kind == EXS_FACE_SET;
    int64_t *ent = xmalloc(n, sizeof *ent), *ext = xmalloc(n, sizeof *ext);
    double *df = xmalloc(dn, sizeof *df);
    int64_t m = ent && ext ? n : -1;
    int rc = PICK(c, exs_get_set)(c->s, kind, e->id, s, m, EXS_I64, ent, extra ? ext : NULL);
    if (rc == 0)
        rc = PICK(c, exs_put_set)(c->d, kind, e->id, s, n, EXS_I64, ent, extra ? ext : NULL);
    if (rc == 0 && e->num_df > 0)
        rc = PICK(c, exs_get_df)(c->s, kind, e->id, ds, cnt(df, dn), EXS_F64, df);
    if (rc == 0 && e->num_df > 0)
        rc = PICK(c, exs_put_df)(c->d, kind, e->id, ds, dn, EXS_F64, df);
    if (rc == 0 && e->num_attr > 0 && e->num_entries > 0)
        rc = cp_attr(c, kind, e, s, n);
    free(ent);
    free(ext);
    free(df);
    return rc;
}

/* Entries of a map kind: nodes, edges, faces or elements. */
static int64_t map_len(exs_file *f, exs_kind mk)
{
    exs_inq q = mk == EXS_NODE_MAP ? EXS_INQ_NUM_NODES : mk == EXS_ELEM_MAP ? EXS_INQ_NUM_ELEM
                : mk == EXS_EDGE_MAP ? EXS_INQ_NUM_EDGE : EXS_INQ_NUM_FACE;
    int64_t n = 0;
    exs_inquire(f, q, &n);
    return n;
}

/* The id maps (nodes and elements on their slabs) and the named maps. */
static int cp_maps(cp *c)
{
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < 4; k++) {
        exs_kind mk = map_kinds[k];
        int64_t len = map_len(c->s, mk), s, n, nm = 0;
        if (mk == EXS_NODE_MAP)
            s = c->p.node_start, n = c->p.node_count;
        else if (mk == EXS_ELEM_MAP)
            s = c->p.elem_start, n = c->p.elem_count;
        else
            small(c, len, &s, &n);
        int64_t *buf = xmalloc(len > n ? len : n, sizeof *buf);
        if (len > 0)
            rc = PICK(c, exs_get_id_map)(c->s, mk, s, cnt(buf, n), EXS_I64, buf);
        if (rc == 0 && len > 0)
            rc = PICK(c, exs_put_id_map)(c->d, mk, s, n, EXS_I64, buf);
        exs_num_entities(c->s, mk, &nm);
        small(c, len, &s, &n);
        for (int64_t i = 0; rc == 0 && i < nm; i++) {
            exs_entity_info e;
            rc = nth(c->s, mk, i, &e);
            if (rc == 0)
                rc = PICK(c, exs_get_map)(c->s, mk, e.id, s, cnt(buf, n), EXS_I64, buf);
            if (rc == 0)
                rc = PICK(c, exs_put_map)(c->d, mk, e.id, s, n, EXS_I64, buf);
        }
        free(buf);
    }
    return rc;
}

/* Node attributes on the node slab; the order map on the element slab. */
static int cp_node_attr_order_map(cp *c)
{
    exs_entity_info e;
    int64_t om = 0, s = c->p.elem_start, n = c->p.elem_count;
    int rc = exs_get_entity(c->s, EXS_NODAL, 0, &e);
    if (rc == 0 && e.num_attr > 0 && e.num_entries > 0)
        rc = cp_attr(c, EXS_NODAL, &e, c->p.node_start, c->p.node_count);
    if (rc != 0 || exs_inquire(c->s, EXS_INQ_ORDER_MAP, &om) != 0 || !om)
        return rc;
    int64_t *buf = xmalloc(n, sizeof *buf);
    rc = PICK(c, exs_get_order_map)(c->s, s, cnt(buf, n), EXS_I64, buf);
    if (rc == 0)
        rc = PICK(c, exs_put_order_map)(c->d, s, n, EXS_I64, buf);
    free(buf);
    return rc;
}

static int copy_data(cp *c)
{
    int rc = cp_coords(c);
    if (rc == 0)
        rc = cp_node_attr_order_map(c);
    for (size_t k = 0; rc == 0 && k < 3; k++) {
        int64_t n = 0;
        exs_num_entities(c->s, block_kinds[k], &n);
        for (int64_t i = 0; rc == 0 && i < n; i++) {
            exs_entity_info e;
            rc = nth(c->s, block_kinds[k], i, &e);
            if (rc == 0)
                rc = cp_block(c, block_kinds[k], &e);
        }
    }
    for (size_t k = 0; rc == 0 && k < 5; k++) {
        int64_t n = 0;
        exs_num_entities(c->s, set_kinds[k], &n);
        for (int64_t i = 0; rc == 0 && i < n; i++) {
            exs_entity_info e;
            rc = nth(c->s, set_kinds[k], i, &e);
            if (rc == 0)
                rc = cp_set(c, set_kinds[k], &e);
        }
    }
    return rc ? rc : cp_maps(c);
}

/* Agreement on dst's communicator (a plain status for serial handles). */
static int agree(cp *c, int rc)
{
    return c->par ? exs_comm_agree(c->d->comm, rc, c->d->errmsg, sizeof c->d->errmsg) : rc;
}

int exs_copy_mesh_all(exs_file *src, exs_file *dst, const exs_results_def *def)
{
    if (!src || !dst)
        return EXS_EINVAL;
    cp c = {.s = src, .d = dst, .par = dst->parallel, .rank = exs_comm_rank(dst->comm)};
    int rc = src->parallel != dst->parallel ||
                     exs_comm_size(src->comm) != exs_comm_size(dst->comm)
                 ? exs_err(dst, EXS_EINVAL, "exs_copy_mesh_all: the source and the "
                           "copy must be open on the same ranks (both serial or both "
                           "parallel over one communicator)")
                 : 0;
    if (rc == 0)
        rc = exs_get_partition(src, 0, &c.p);
    if (rc == 0)
        rc = copy_defs(&c, def);
    rc = agree(&c, rc);
    if (rc == 0)
        rc = exs_end_define(dst);
    if (rc == 0)
        rc = copy_data(&c);
    if (rc == 0)
        rc = put_props(&c);
    if (rc != 0 && src->errmsg[0] != '\0' && dst->errmsg[0] == '\0')
        exs_err(dst, rc, "%s", src->errmsg);
    return agree(&c, rc);
}
