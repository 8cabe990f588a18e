/*
 * copy.c -- exs_copy: a new file with everything the reader sees of an
 * open one, optionally in another container, with fewer steps, blocks,
 * sets or variables. The engine (exsi_copy_run) also serves exs_copy_all
 * and exs_copy_mesh_all (decomp/copy_mesh.c, which computes the
 * partition: src/ does not depend on decomp/).
 *
 * A copy is an ordered list of parts (the table `parts` below). Each part
 * runs twice: phase 0 defines its share of the model on dst, phase 1
 * (after the end of definitions) writes its data. Data goes through the
 * public slab accessors only, in bounded slabs (walk()): on parallel
 * handles every rank makes the same calls in the same order, each with
 * its slab (its node and element slabs; rank 0 takes the small arrays),
 * as collective `_all` calls that agree on their outcome.
 */
#include <stdlib.h>
#include <string.h>

#include "copy.h"
#include "write.h"

/* The selection, resolved against src. */
typedef struct sel {
    char *keep[EXS_NUM_KINDS]; /* per entity in file order: 1 kept */
    int64_t *eoff;             /* per element block: dst offset, -1 dropped */
    int renumber;              /* an element block is dropped */
    int64_t *nmem[EXS_NUM_KINDS]; /* per set: dst members (renumber only) */
    int *vmap[EXS_NUM_KINDS];  /* per variable: dst index, -1 dropped */
    int nvars[EXS_NUM_KINDS];  /* dst variables per kind */
    int64_t step0, nsteps;     /* steps copied */
} sel;

typedef struct cp {
    exs_file *s, *d;
    const exs_copy_opts *o;
    const exsi_copy_job *job;
    int par, rank;
    sel k;
    int64_t pos;               /* running dst position of a filtered set */
} cp;

#define PICK(c, fn) ((c)->par ? fn##_all : fn)

static void *xcalloc(int64_t n, size_t sz) { return calloc((size_t)(n > 0 ? n : 1), sz); }

/* A slab whose buffer could not be had is a slab the library rejects,
 * collectively: every rank then fails in the same call. */
static int64_t cnt(const void *buf, int64_t n) { return buf ? n : -1; }

static const exsi_core_entity_list *ents(const cp *c, exs_kind k) { return &c->s->ents[k]; }

/* ---- bounded slabs ---- */

/* Values per slab: 1 MiB of doubles. */
enum { SLAB_VALUES = 1 << 17 };

/* Entries per slab for an array of `width` values per entry: the natural
 * slab of the entity (chunk) when it fits, whole chunks when several do. */
static int64_t slab_len(const cp *c, exs_kind kind, int64_t id, int64_t width)
{
    int64_t cap = SLAB_VALUES / (width > 0 ? width : 1), len = 0;
    if (cap < 1)
        cap = 1;
    if (exs_chunk_len(c->s, kind, id, 0, &len) != 0 || len < 1 || len >= cap)
        return cap;
    return len * (cap / len);
}

typedef int (*slab_fn)(cp *c, void *arg, int64_t start, int64_t count);

/* Calls fn on [start, start+count) in slabs of `step` entries. Every rank
 * of a parallel copy makes the same number of calls (the most any rank
 * needs; ranks with less pass empty slabs). */
static int walk(cp *c, int64_t start, int64_t count, int64_t step, slab_fn fn,
                void *arg)
{
    int64_t mine = count > 0 ? (count + step - 1) / step : 0, nit = mine;
    if (c->par && exsi_comm_allreduce_i64(c->d->comm, &mine, &nit, 1, EXS_OP_MAX) != 0)
        return exsi_err(c->d, EXS_EMPI, "agreeing on the slabs of a copy");
    int rc = 0;
    for (int64_t i = 0; rc == 0 && i < nit; i++) {
        int64_t s = start + i * step, n = count - i * step;
        if (n <= 0)
            s = start + count, n = 0;
        rc = fn(c, arg, s, n < step ? n : step);
    }
    return rc;
}

/* An array small enough to go through rank 0: [0, n) there, nothing elsewhere. */
static void small(const cp *c, int64_t n, int64_t *start, int64_t *count)
{
    *start = 0;
    *count = c->rank == 0 ? n : 0;
}

/* ---- the selection ---- */

static int id_listed(const int64_t *ids, int n, int64_t id)
{
    for (int i = 0; ids && i < n; i++)
        if (ids[i] == id)
            return 1;
    return 0;
}

static int name_listed(const char *const *names, int n, const char *name)
{
    for (int i = 0; names && name && name[0] && i < n; i++)
        if (names[i] && strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

/* Entities of kind k kept by an id / name selection (none: all). */
static int mark_kind(cp *c, exs_kind k, const int64_t *ids, int nid,
                     const char *const *names, int nname)
{
    const exsi_core_entity_list *l = ents(c, k);
    int all = !ids && !names;
    c->k.keep[k] = xcalloc(l->n, 1);
    if (!c->k.keep[k])
        return exsi_err(c->d, EXS_ENOMEM, "copy: selection of %lld entities",
                       (long long)l->n);
    for (int64_t i = 0; i < l->n; i++)
        c->k.keep[k][i] = all || id_listed(ids, nid, l->e[i].id) ||
                          name_listed(names, nname, l->e[i].name);
    return 0;
}

/* Every listed id or name names an entity of one of the kinds. */
static int check_listed(cp *c, const exs_kind *kinds, int nk, const int64_t *ids,
                        int nid, const char *const *names, int nname, const char *what)
{
    for (int i = 0; ids && i < nid; i++) {
        int found = 0;
        for (int j = 0; j < nk; j++)
            for (int64_t e = 0; e < ents(c, kinds[j])->n; e++)
                found |= ents(c, kinds[j])->e[e].id == ids[i];
        if (!found)
            return exsi_err(c->d, EXS_ENOTFOUND, "copy: %s id %lld is not in %s", what,
                           (long long)ids[i], c->s->path);
    }
    for (int i = 0; names && i < nname; i++) {
        int found = 0;
        for (int j = 0; j < nk; j++)
            for (int64_t e = 0; e < ents(c, kinds[j])->n; e++)
                found |= names[i] && strcmp(ents(c, kinds[j])->e[e].name, names[i]) == 0;
        if (!found)
            return exsi_err(c->d, EXS_ENOTFOUND, "copy: no %s named \"%s\" in %s", what,
                           names[i] ? names[i] : "(null)", c->s->path);
    }
    return 0;
}

static const exs_kind set_kinds[] = {EXS_NODE_SET, EXS_SIDE_SET, EXS_EDGE_SET,
                                     EXS_FACE_SET, EXS_ELEM_SET};

static int select_entities(cp *c)
{
    const exs_copy_opts *o = c->o;
    const exs_kind eb = EXS_ELEM_BLOCK;
    int rc = check_listed(c, &eb, 1, o->block_ids, o->num_block_ids, o->block_names,
                          o->num_block_names, "element block");
    if (rc == 0)
        rc = check_listed(c, set_kinds, 5, o->set_ids, o->num_set_ids, o->set_names,
                          o->num_set_names, "set");
    for (int k = EXS_ELEM_BLOCK; rc == 0 && k < EXS_NUM_KINDS; k++) {
        if (k == EXS_ELEM_BLOCK)
            rc = mark_kind(c, k, o->block_ids, o->num_block_ids, o->block_names,
                           o->num_block_names);
        else if (exsi_core_is_set((exs_kind)k))
            rc = mark_kind(c, k, o->set_ids, o->num_set_ids, o->set_names,
                           o->num_set_names);
        else
            rc = mark_kind(c, k, NULL, 0, NULL, 0);
    }
    return rc;
}

/* dst offsets of the kept element blocks. */
static int select_offsets(cp *c)
{
    const exsi_core_entity_list *l = ents(c, EXS_ELEM_BLOCK);
    c->k.eoff = xcalloc(l->n, sizeof *c->k.eoff);
    if (!c->k.eoff)
        return exsi_err(c->d, EXS_ENOMEM, "copy: element block offsets");
    int64_t at = 0;
    for (int64_t i = 0; i < l->n; i++) {
        c->k.eoff[i] = c->k.keep[EXS_ELEM_BLOCK][i] ? at : -1;
        at += c->k.keep[EXS_ELEM_BLOCK][i] ? l->e[i].num_entries : 0;
        c->k.renumber |= !c->k.keep[EXS_ELEM_BLOCK][i] && l->e[i].num_entries > 0;
    }
    return 0;
}

static int var_listed(const cp *c, const char *name)
{
    return !c->o->var_names || name_listed(c->o->var_names, c->o->num_var_names, name);
}

static int select_vars(cp *c)
{
    for (int i = 0; c->o->var_names && i < c->o->num_var_names; i++) {
        int found = 0;
        for (int k = 0; k < EXS_NUM_KINDS; k++)
            for (int v = 0; exsi_core_has_vars((exs_kind)k) && v < c->s->vars[k].n; v++)
                found |= c->o->var_names[i] &&
                         strcmp(c->s->vars[k].names[v], c->o->var_names[i]) == 0;
        if (!found)
            return exsi_err(c->d, EXS_ENOTFOUND, "copy: no results variable named "
                           "\"%s\" in %s", c->o->var_names[i] ? c->o->var_names[i]
                           : "(null)", c->s->path);
    }
    for (int k = 0; k < EXS_NUM_KINDS; k++) {
        int n = exsi_core_has_vars((exs_kind)k) ? c->s->vars[k].n : 0;
        if (!(c->k.vmap[k] = xcalloc(n, sizeof(int))))
            return exsi_err(c->d, EXS_ENOMEM, "copy: variable selection");
        for (int v = 0; v < n; v++) {
            int keep = !c->job->mesh_only && var_listed(c, c->s->vars[k].names[v]);
            c->k.vmap[k][v] = keep ? c->k.nvars[k]++ : -1;
        }
    }
    return 0;
}

static void select_steps(cp *c)
{
    int64_t nt = c->s->num_times, s0 = c->o->step_start < 0 ? 0 : c->o->step_start;
    int64_t n = c->o->step_count < 0 ? nt : c->o->step_count;
    if (s0 > nt)
        s0 = nt;
    if (n > nt - s0)
        n = nt - s0;
    c->k.step0 = s0;
    c->k.nsteps = c->job->mesh_only ? 0 : n;
}

static void free_sel(sel *k)
{
    for (int i = 0; i < EXS_NUM_KINDS; i++) {
        free(k->keep[i]);
        free(k->nmem[i]);
        free(k->vmap[i]);
    }
    free(k->eoff);
}

/* ---- element renumbering (only when an element block is dropped) ---- */

/* dst number of src element e (1-based), 0 when its block is dropped. */
static int64_t new_elem(const cp *c, int64_t e)
{
    const exsi_core_entity_list *l = ents(c, EXS_ELEM_BLOCK);
    int64_t lo = 0, hi = l->n - 1, x = e - 1;
    while (lo < hi) { /* the last block starting at or before x */
        int64_t mid = (lo + hi + 1) / 2;
        if (l->e[mid].offset <= x)
            lo = mid;
        else
            hi = mid - 1;
    }
    if (l->n == 0 || x < l->e[lo].offset || x >= l->e[lo].offset + l->e[lo].num_entries)
        return 0;
    return c->k.eoff[lo] < 0 ? 0 : x - l->e[lo].offset + c->k.eoff[lo] + 1;
}

/* Sets whose members are elements, filtered when blocks are dropped. */
static int filtered(const cp *c, exs_kind k)
{
    return c->k.renumber && (k == EXS_ELEM_SET || k == EXS_SIDE_SET);
}

/* A filtered set's members: slab buffers and what the slab keeps. */
typedef struct mem {
    exs_kind kind;
    const exsi_core_entity *e;
    int64_t *ent, *ext;
    int64_t kept;
} mem;

/* Read members [s, s+n) and renumber them in place; ent[i] == 0: dropped. */
static int read_members(cp *c, mem *m, int64_t s, int64_t n)
{
    int extra = m->kind == EXS_SIDE_SET;
    int rc = PICK(c, exs_get_set)(c->s, m->kind, m->e->id, s, cnt(m->ent, n), EXS_I64,
                                  m->ent, extra ? m->ext : NULL);
    m->kept = 0;
    for (int64_t i = 0; rc == 0 && i < n; i++) {
        m->ent[i] = new_elem(c, m->ent[i]);
        m->kept += m->ent[i] != 0;
    }
    return rc;
}

static int count_slab(cp *c, void *arg, int64_t s, int64_t n)
{
    mem *m = arg;
    int rc = read_members(c, m, s, n);
    c->pos += m->kept;
    return rc;
}

/* dst member counts of the filtered sets; every rank reads every member
 * (the definitions must be the same everywhere). */
static int count_members(cp *c, exs_kind k)
{
    const exsi_core_entity_list *l = ents(c, k);
    int rc = (c->k.nmem[k] = xcalloc(l->n, sizeof(int64_t))) ? 0
             : exsi_err(c->d, EXS_ENOMEM, "copy: set sizes");
    for (int64_t i = 0; rc == 0 && i < l->n; i++) {
        const exsi_core_entity *e = &l->e[i];
        int64_t step = slab_len(c, k, e->id, 2);
        mem m = {k, e, xcalloc(step, 8), xcalloc(step, 8), 0};
        c->pos = 0;
        if (c->k.keep[k][i])
            rc = walk(c, 0, e->num_entries, step, count_slab, &m);
        c->k.nmem[k][i] = c->pos;
        free(m.ent);
        free(m.ext);
        if (rc == 0 && c->k.keep[k][i] && e->num_df > 0 && e->num_df != e->num_entries &&
            c->pos != e->num_entries)
            rc = exsi_err(c->d, EXS_ENOTSUP, "copy: side set %lld has distribution "
                         "factors per side node and members in the element blocks "
                         "left out; keep those blocks or leave the set out",
                         (long long)e->id);
    }
    return rc;
}

static int resolve(cp *c)
{
    int rc = select_entities(c);
    if (rc == 0)
        rc = select_offsets(c);
    if (rc == 0)
        rc = select_vars(c);
    select_steps(c);
    if (rc == 0 && c->k.renumber)
        rc = count_members(c, EXS_SIDE_SET);
    if (rc == 0 && c->k.renumber)
        rc = count_members(c, EXS_ELEM_SET);
    return rc;
}

/* dst entries of a kept entity. */
static int64_t dst_entries(const cp *c, exs_kind k, int64_t i)
{
    return filtered(c, k) ? c->k.nmem[k][i] : ents(c, k)->e[i].num_entries;
}

/* ---- part: the mesh (title, dimension, nodes, coordinates) ---- */

typedef struct axis_arg {
    int axis;
    double *buf;
} axis_arg;

static int coord_slab(cp *c, void *arg, int64_t s, int64_t n)
{
    axis_arg *a = arg;
    int rc = PICK(c, exs_get_coord)(c->s, a->axis, s, cnt(a->buf, n), EXS_F64, a->buf);
    return rc ? rc : PICK(c, exs_put_coord)(c->d, a->axis, s, n, EXS_F64, a->buf);
}

static int part_mesh(cp *c, int phase)
{
    exs_file *s = c->s;
    if (phase == 0) /* num_dim 0: a results-only file stays one */
        return exs_def_mesh(c->d, s->title ? s->title : "", s->num_dim, s->num_nodes);
    int64_t step = slab_len(c, EXS_NODAL, 0, 1);
    axis_arg a = {0, xcalloc(step, sizeof(double))};
    int rc = 0;
    for (a.axis = 0; rc == 0 && a.axis < s->num_dim; a.axis++)
        rc = walk(c, c->job->slabs.node_start, c->job->slabs.node_count, step,
                  coord_slab, &a);
    free(a.buf);
    return rc;
}

/* ---- part: blocks ---- */

static const exs_kind block_kinds[] = {EXS_ELEM_BLOCK, EXS_EDGE_BLOCK, EXS_FACE_BLOCK};

static int def_blocks(cp *c)
{
    int rc = 0;
    for (int b = 0; rc == 0 && b < 3; b++)
        for (int64_t i = 0; rc == 0 && i < ents(c, block_kinds[b])->n; i++) {
            const exsi_core_entity *e = &ents(c, block_kinds[b])->e[i];
            exs_block_def d = {e->id, e->type, e->num_entries, e->nodes_per_entry,
                               e->edges_per_entry, e->faces_per_entry, e->num_attr,
                               e->name};
            if (c->k.keep[block_kinds[b]][i])
                rc = exs_def_block(c->d, block_kinds[b], &d);
        }
    return rc;
}

/* This rank's entries of a block: its element slab's share for element
 * blocks of fixed width, everything on rank 0 otherwise. */
static void block_slab(const cp *c, exs_kind kind, const exsi_core_entity *e, int64_t *start,
                       int64_t *count)
{
    const exsi_copy_slabs *p = &c->job->slabs;
    if (kind != EXS_ELEM_BLOCK || e->topo == EXS_TOPO_NSIDED ||
        e->topo == EXS_TOPO_NFACED) {
        small(c, e->num_entries, start, count);
        return;
    }
    int64_t lo = p->elem_start > e->offset ? p->elem_start : e->offset;
    int64_t hi = p->elem_start + p->elem_count;
    if (hi > e->offset + e->num_entries)
        hi = e->offset + e->num_entries;
    *start = hi > lo ? lo - e->offset : 0;
    *count = hi > lo ? hi - lo : 0;
}

/* One block array: connectivity, entry counts or attributes. */
typedef struct arr_arg {
    exs_kind kind;
    const exsi_core_entity *e;
    int what;            /* exs_conn, or ENTRY_COUNTS, or ATTRS */
    int64_t width;
    void *buf;
} arr_arg;

enum { ENTRY_COUNTS = 10, ATTRS = 11 };

static int arr_slab(cp *c, void *arg, int64_t s, int64_t n)
{
    arr_arg *a = arg;
    int64_t id = a->e->id, m = cnt(a->buf, n);
    int rc;
    if (a->what == ATTRS) {
        rc = PICK(c, exs_get_attr)(c->s, a->kind, id, s, m, EXS_F64, a->buf);
        return rc ? rc : PICK(c, exs_put_attr)(c->d, a->kind, id, s, n, EXS_F64, a->buf);
    }
    if (a->what == ENTRY_COUNTS) {
        rc = PICK(c, exs_get_entry_counts)(c->s, a->kind, id, s, m, EXS_I64, a->buf);
        return rc ? rc : PICK(c, exs_put_entry_counts)(c->d, a->kind, id, s, n, EXS_I64,
                                                       a->buf);
    }
    rc = PICK(c, exs_get_conn)(c->s, a->kind, id, (exs_conn)a->what, s, m, EXS_I64, a->buf);
    return rc ? rc : PICK(c, exs_put_conn)(c->d, a->kind, id, (exs_conn)a->what, s, n,
                                           EXS_I64, a->buf);
}

static int cp_array(cp *c, arr_arg *a, int64_t s, int64_t n)
{
    int64_t step = slab_len(c, a->kind, a->e->id, a->width);
    a->buf = xcalloc(step * a->width, 8);
    int rc = walk(c, s, n, step, arr_slab, a);
    free(a->buf);
    return rc;
}

/* NSIDED / NFACED: per-entry counts and the flat array, through rank 0. */
static int cp_poly(cp *c, exs_kind kind, const exsi_core_entity *e)
{
    int nsided = e->topo == EXS_TOPO_NSIDED;
    int64_t s, n, flat = nsided ? e->nodes_per_entry : e->faces_per_entry;
    arr_arg a = {kind, e, ENTRY_COUNTS, 1, NULL};
    small(c, e->num_entries, &s, &n);
    int rc = cp_array(c, &a, s, n);
    a.what = nsided ? EXS_CONN_NODES : EXS_CONN_FACES;
    small(c, flat, &s, &n);
    return rc ? rc : cp_array(c, &a, s, n);
}

static int cp_attr_names(cp *c, exs_kind kind, const exsi_core_entity *e)
{
    const char **names = xcalloc(e->num_attr, sizeof *names);
    int rc = names ? 0 : exsi_err(c->d, EXS_ENOMEM, "copy: attribute names");
    for (int64_t a = 0; rc == 0 && a < e->num_attr; a++)
        rc = exs_get_attr_name(c->s, kind, e->id, (int)a, &names[a]);
    if (rc == 0)
        rc = exs_put_attr_names(c->d, kind, e->id, names);
    free(names);
    return rc;
}

static int cp_block(cp *c, exs_kind kind, const exsi_core_entity *e)
{
    int64_t s, n;
    int rc = 0, poly = e->topo == EXS_TOPO_NSIDED || e->topo == EXS_TOPO_NFACED;
    arr_arg a = {kind, e, EXS_CONN_NODES, e->nodes_per_entry, NULL};
    block_slab(c, kind, e, &s, &n);
    if (poly)
        rc = cp_poly(c, kind, e);
    else if (e->nodes_per_entry > 0)
        rc = cp_array(c, &a, s, n);
    a.what = EXS_CONN_EDGES, a.width = e->edges_per_entry;
    if (rc == 0 && kind == EXS_ELEM_BLOCK && e->edges_per_entry > 0)
        rc = cp_array(c, &a, s, n);
    a.what = EXS_CONN_FACES, a.width = e->faces_per_entry;
    if (rc == 0 && kind == EXS_ELEM_BLOCK && e->faces_per_entry > 0 &&
        e->topo != EXS_TOPO_NFACED)
        rc = cp_array(c, &a, s, n);
    a.what = ATTRS, a.width = e->num_attr;
    if (rc == 0 && e->num_attr > 0)
        rc = cp_array(c, &a, s, n);
    if (rc == 0 && e->num_attr > 0)
        rc = cp_attr_names(c, kind, e);
    return rc;
}

static int part_blocks(cp *c, int phase)
{
    if (phase == 0)
        return def_blocks(c);
    int rc = 0;
    for (int b = 0; rc == 0 && b < 3; b++)
        for (int64_t i = 0; rc == 0 && i < ents(c, block_kinds[b])->n; i++)
            if (c->k.keep[block_kinds[b]][i])
                rc = cp_block(c, block_kinds[b], &ents(c, block_kinds[b])->e[i]);
    return rc;
}

/* ---- part: sets ---- */

static int def_sets(cp *c)
{
    int rc = 0;
    for (int k = 0; rc == 0 && k < 5; k++)
        for (int64_t i = 0; rc == 0 && i < ents(c, set_kinds[k])->n; i++) {
            const exsi_core_entity *e = &ents(c, set_kinds[k])->e[i];
            int64_t n = dst_entries(c, set_kinds[k], i);
            int64_t df = e->num_df == e->num_entries ? n : e->num_df;
            if (c->k.keep[set_kinds[k]][i])
                rc = exs_def_set(c->d, set_kinds[k], e->id, n, df, e->name);
        }
    return rc;
}

/* Members and their sides / orientations, as stored. */
static int set_slab(cp *c, void *arg, int64_t s, int64_t n)
{
    mem *m = arg;
    int extra = m->kind == EXS_SIDE_SET || m->kind == EXS_EDGE_SET ||
                m->kind == EXS_FACE_SET;
    int64_t *x = extra ? m->ext : NULL;
    int rc = PICK(c, exs_get_set)(c->s, m->kind, m->e->id, s, cnt(m->ent, n), EXS_I64,
                                  m->ent, x);
    return rc ? rc : PICK(c, exs_put_set)(c->d, m->kind, m->e->id, s, n, EXS_I64, m->ent, x);
}

/* Keeps the entries i of vals (`width` values each) whose member is kept. */
static int64_t compact(const int64_t *ent, int64_t n, void *vals, size_t width)
{
    char *v = vals;
    int64_t k = 0;
    for (int64_t i = 0; i < n; i++)
        if (ent[i] != 0) {
            if (v && k != i)
                memmove(v + (size_t)k * width, v + (size_t)i * width, width);
            k++;
        }
    return k;
}

/* A filtered set: members renumbered, the dropped ones left out; its
 * distribution factors (one per member) alike. Through rank 0, whose
 * running dst position is c->pos. */
static int filtered_slab(cp *c, void *arg, int64_t s, int64_t n)
{
    mem *m = arg;
    int rc = read_members(c, m, s, n);
    int64_t *side = m->kind == EXS_SIDE_SET ? m->ext : NULL;
    if (side)
        compact(m->ent, n, side, sizeof *side);
    int64_t k = 0;
    for (int64_t i = 0; i < n; i++)
        if (m->ent[i] != 0)
            m->ent[k++] = m->ent[i];
    if (rc == 0)
        rc = PICK(c, exs_put_set)(c->d, m->kind, m->e->id, c->pos, k, EXS_I64, m->ent,
                                  side);
    c->pos += rc == 0 ? k : 0;
    return rc;
}

/* Distribution factors of a filtered set: read with the members, so
 * that the same entries are kept. */
typedef struct dfm {
    mem m;
    double *df;
} dfm;

static int filtered_df_slab(cp *c, void *arg, int64_t s, int64_t n)
{
    dfm *d = arg;
    int rc = read_members(c, &d->m, s, n);
    if (rc == 0)
        rc = PICK(c, exs_get_df)(c->s, d->m.kind, d->m.e->id, s, cnt(d->df, n), EXS_F64,
                                 d->df);
    int64_t k = compact(d->m.ent, n, d->df, sizeof *d->df);
    if (rc == 0)
        rc = PICK(c, exs_put_df)(c->d, d->m.kind, d->m.e->id, c->pos, k, EXS_F64, d->df);
    c->pos += rc == 0 ? k : 0;
    return rc;
}

typedef struct df_arg {
    exs_kind kind;
    const exsi_core_entity *e;
    double *buf;
} df_arg;

static int df_slab(cp *c, void *arg, int64_t s, int64_t n)
{
    df_arg *a = arg;
    int rc = PICK(c, exs_get_df)(c->s, a->kind, a->e->id, s, cnt(a->buf, n), EXS_F64,
                                 a->buf);
    return rc ? rc : PICK(c, exs_put_df)(c->d, a->kind, a->e->id, s, n, EXS_F64, a->buf);
}

static int cp_set_df(cp *c, exs_kind kind, const exsi_core_entity *e, int64_t step)
{
    int64_t s, n;
    int rc;
    /* One factor per member: filtered with them. Per side node: every
     * member is kept (count_members refused the rest), so all of them. */
    if (filtered(c, kind) && e->num_df == e->num_entries) {
        dfm d = {{kind, e, xcalloc(step, 8), xcalloc(step, 8), 0}, xcalloc(step, 8)};
        small(c, e->num_df, &s, &n);
        c->pos = 0;
        rc = walk(c, s, n, step, filtered_df_slab, &d);
        free(d.m.ent), free(d.m.ext), free(d.df);
        return rc;
    }
    df_arg a = {kind, e, xcalloc(step, sizeof(double))};
    small(c, e->num_df, &s, &n);
    rc = walk(c, s, n, step, df_slab, &a);
    free(a.buf);
    return rc;
}

static int cp_set(cp *c, exs_kind kind, const exsi_core_entity *e)
{
    int64_t s, n, step = slab_len(c, kind, e->id, 2);
    mem m = {kind, e, xcalloc(step, 8), xcalloc(step, 8), 0};
    small(c, e->num_entries, &s, &n);
    c->pos = 0;
    int rc = walk(c, s, n, step, filtered(c, kind) ? filtered_slab : set_slab, &m);
    free(m.ent);
    free(m.ext);
    return rc == 0 && e->num_df > 0 ? cp_set_df(c, kind, e, step) : rc;
}

static int part_sets(cp *c, int phase)
{
    if (phase == 0)
        return def_sets(c);
    int rc = 0;
    for (int k = 0; rc == 0 && k < 5; k++)
        for (int64_t i = 0; rc == 0 && i < ents(c, set_kinds[k])->n; i++)
            if (c->k.keep[set_kinds[k]][i])
                rc = cp_set(c, set_kinds[k], &ents(c, set_kinds[k])->e[i]);
    return rc;
}

/* ---- part: id maps and named maps ---- */

static const exs_kind map_kinds[] = {EXS_NODE_MAP, EXS_EDGE_MAP, EXS_FACE_MAP,
                                     EXS_ELEM_MAP};

static int def_maps(cp *c)
{
    int rc = 0;
    for (int k = 0; rc == 0 && k < 4; k++) {
        int has = 0;
        rc = exs_has_id_map(c->s, map_kinds[k], &has);
        if (rc == 0 && has)
            rc = exs_def_id_map(c->d, map_kinds[k]);
        for (int64_t i = 0; rc == 0 && i < ents(c, map_kinds[k])->n; i++)
            rc = exs_def_map(c->d, map_kinds[k], ents(c, map_kinds[k])->e[i].id,
                             ents(c, map_kinds[k])->e[i].name);
    }
    return rc;
}

/* One map: the id map (id < 0 here) or named map `id`; src slab [s, s+n)
 * goes to dst at s + shift. */
typedef struct map_arg {
    exs_kind mk;
    int64_t id, shift;
    int64_t *buf;
} map_arg;

static int map_slab(cp *c, void *arg, int64_t s, int64_t n)
{
    map_arg *a = arg;
    int64_t m = cnt(a->buf, n), d = n > 0 ? s + a->shift : 0;
    int rc;
    if (a->id < 0) {
        rc = PICK(c, exs_get_id_map)(c->s, a->mk, s, m, EXS_I64, a->buf);
        return rc ? rc : PICK(c, exs_put_id_map)(c->d, a->mk, d, n, EXS_I64, a->buf);
    }
    rc = PICK(c, exs_get_map)(c->s, a->mk, a->id, s, m, EXS_I64, a->buf);
    return rc ? rc : PICK(c, exs_put_map)(c->d, a->mk, a->id, d, n, EXS_I64, a->buf);
}

/* An element map follows the kept blocks: each block's part of this
 * rank's element slab, to the block's dst offset. */
static int cp_elem_map(cp *c, map_arg *a, int64_t step)
{
    const exsi_core_entity_list *l = ents(c, EXS_ELEM_BLOCK);
    int rc = 0;
    for (int64_t i = 0; rc == 0 && i < l->n; i++) {
        int64_t s, n;
        if (!c->k.keep[EXS_ELEM_BLOCK][i])
            continue;
        block_slab(c, EXS_ELEM_BLOCK, &l->e[i], &s, &n);
        a->shift = c->k.eoff[i] - l->e[i].offset;
        rc = walk(c, l->e[i].offset + s, n, step, map_slab, a);
    }
    return rc;
}

static int cp_map(cp *c, map_arg *a)
{
    int64_t s, n, step = slab_len(c, a->mk == EXS_NODE_MAP ? EXS_NODAL : EXS_ELEM_BLOCK,
                                  0, 1);
    if (a->mk != EXS_NODE_MAP || step < 1)
        step = SLAB_VALUES;
    a->buf = xcalloc(step, sizeof(int64_t));
    a->shift = 0;
    int rc;
    if (a->mk == EXS_ELEM_MAP)
        rc = cp_elem_map(c, a, step);
    else {
        if (a->mk == EXS_NODE_MAP)
            s = c->job->slabs.node_start, n = c->job->slabs.node_count;
        else
            small(c, exsi_kind_total(c->s, a->mk), &s, &n);
        rc = walk(c, s, n, step, map_slab, a);
    }
    free(a->buf);
    return rc;
}

static int part_maps(cp *c, int phase)
{
    if (phase == 0)
        return def_maps(c);
    int rc = 0;
    for (int k = 0; rc == 0 && k < 4; k++) {
        int has = 0;
        map_arg a = {map_kinds[k], -1, 0, NULL};
        rc = exs_has_id_map(c->s, map_kinds[k], &has);
        if (rc == 0 && has && exsi_kind_total(c->s, map_kinds[k]) > 0)
            rc = cp_map(c, &a);
        for (int64_t i = 0; rc == 0 && i < ents(c, map_kinds[k])->n; i++) {
            a.id = ents(c, map_kinds[k])->e[i].id;
            rc = cp_map(c, &a);
        }
    }
    return rc;
}

/* ---- part: properties (property 0 is the id) ---- */

static const exs_kind prop_kinds[12] = {EXS_ELEM_BLOCK, EXS_EDGE_BLOCK, EXS_FACE_BLOCK,
                                        EXS_NODE_SET,   EXS_SIDE_SET,   EXS_EDGE_SET,
                                        EXS_FACE_SET,   EXS_ELEM_SET,   EXS_NODE_MAP,
                                        EXS_EDGE_MAP,   EXS_FACE_MAP,   EXS_ELEM_MAP};

static int put_props(cp *c, exs_kind k, const char *name)
{
    int rc = 0;
    for (int64_t i = 0; rc == 0 && i < ents(c, k)->n; i++) {
        int64_t v = 0, id = ents(c, k)->e[i].id;
        if (!c->k.keep[k][i])
            continue;
        rc = exs_get_prop(c->s, k, id, name, &v);
        if (rc == 0)
            rc = exs_put_prop(c->d, k, id, name, v);
    }
    return rc;
}

static int part_props(cp *c, int phase)
{
    int rc = 0;
    for (int k = 0; rc == 0 && k < 12; k++)
        for (int j = 1; rc == 0 && j < ents(c, prop_kinds[k])->nprops; j++) {
            const char *name = ents(c, prop_kinds[k])->prop_names[j];
            rc = phase == 0 ? exs_def_prop(c->d, prop_kinds[k], name)
                            : put_props(c, prop_kinds[k], name);
        }
    return rc;
}

/* ---- part: QA, info, coordinate names (definitions only) ---- */

static int part_records(cp *c, int phase)
{
    exs_file *s = c->s;
    if (phase != 0)
        return 0;
    const char *(*qa)[4] = xcalloc(s->num_qa, sizeof *qa);
    const char **info = xcalloc(s->num_info, sizeof *info);
    const char *names[3] = {"", "", ""};
    int rc = qa && info ? 0 : exsi_err(c->d, EXS_ENOMEM, "copy: QA and info records");
    for (int64_t i = 0; rc == 0 && i < s->num_qa; i++)
        rc = exs_get_qa(s, i, qa[i]);
    for (int64_t i = 0; rc == 0 && i < s->num_info; i++)
        rc = exs_get_info(s, i, &info[i]);
    if (rc == 0 && s->num_qa > 0)
        rc = exs_put_qa(c->d, s->num_qa, (const char *const(*)[4])qa);
    if (rc == 0 && s->num_info > 0)
        rc = exs_put_info(c->d, s->num_info, info);
    for (int a = 0; rc == 0 && a < s->num_dim && a < 3; a++)
        rc = exs_get_coord_name(s, a, &names[a]);
    if (rc == 0 && s->num_dim > 0)
        rc = exs_put_coord_names(c->d, names);
    free(qa);
    free(info);
    return rc;
}

/* ---- part: results (variables, truth tables, time steps) ---- */

/* The kept variables' names and truth table of a kind. */
static int def_kind_vars(cp *c, exs_kind k)
{
    const exsi_core_var_list *v = &c->s->vars[k];
    int nd = c->k.nvars[k], rc = 0;
    int64_t ne = exsi_core_is_block(k) || exsi_core_is_set(k) ? ents(c, k)->n : 0, row = 0;
    const char **names = xcalloc(nd, sizeof *names);
    int *src = xcalloc(ne * v->n, sizeof(int)), *dst = xcalloc(ne * nd, sizeof(int));
    if (!names || !src || !dst)
        rc = exsi_err(c->d, EXS_ENOMEM, "copy: variable definitions");
    for (int j = 0; rc == 0 && j < v->n; j++)
        if (c->k.vmap[k][j] >= 0)
            names[c->k.vmap[k][j]] = v->names[j];
    if (rc == 0 && nd > 0)
        rc = exs_def_vars(c->d, k, nd, names);
    if (rc == 0 && nd > 0 && ne > 0)
        rc = exs_get_truth(c->s, k, src);
    for (int64_t i = 0; rc == 0 && nd > 0 && i < ne; i++) {
        if (!c->k.keep[k][i])
            continue;
        for (int j = 0; j < v->n; j++)
            if (c->k.vmap[k][j] >= 0)
                dst[row * nd + c->k.vmap[k][j]] = src[i * v->n + j];
        row++;
    }
    if (rc == 0 && nd > 0 && row > 0)
        rc = exs_def_truth(c->d, k, dst);
    free(names), free(src), free(dst);
    return rc;
}

static int def_extra(cp *c, const exs_results_def *r)
{
    int rc = 0;
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

/* One variable of one entity at one step. */
typedef struct var_arg {
    exs_kind kind;
    int64_t id, step;
    int var;
    double *buf;
} var_arg;

static int var_slab(cp *c, void *arg, int64_t s, int64_t n)
{
    var_arg *a = arg;
    int64_t ds = a->step - c->k.step0;
    int dv = c->k.vmap[a->kind][a->var];
    int rc = PICK(c, exs_get_var)(c->s, a->kind, a->id, a->var, a->step, s,
                                  cnt(a->buf, n), EXS_F64, a->buf);
    return rc ? rc : PICK(c, exs_put_var)(c->d, a->kind, a->id, dv, ds, s, n, EXS_F64,
                                          a->buf);
}

/* A filtered set's variable: the values of its kept members. */
typedef struct fvar {
    mem m;
    var_arg v;
} fvar;

static int filtered_var_slab(cp *c, void *arg, int64_t s, int64_t n)
{
    fvar *f = arg;
    int64_t ds = f->v.step - c->k.step0;
    int dv = c->k.vmap[f->v.kind][f->v.var];
    int rc = read_members(c, &f->m, s, n);
    if (rc == 0)
        rc = PICK(c, exs_get_var)(c->s, f->v.kind, f->v.id, f->v.var, f->v.step, s,
                                  cnt(f->v.buf, n), EXS_F64, f->v.buf);
    int64_t k = compact(f->m.ent, n, f->v.buf, sizeof(double));
    if (rc == 0)
        rc = PICK(c, exs_put_var)(c->d, f->v.kind, f->v.id, dv, ds, c->pos, k, EXS_F64,
                                  f->v.buf);
    c->pos += rc == 0 ? k : 0;
    return rc;
}

/* Entity i of kind k at one step: every kept variable stored for it. */
static int cp_entity_vars(cp *c, exs_kind k, int64_t i, int64_t step, const int *truth)
{
    const exsi_core_entity *e = &ents(c, k)->e[i];
    int64_t s, n, st = slab_len(c, k, e->id, 1);
    int rc = 0;
    fvar f = {{k, e, xcalloc(st, 8), xcalloc(st, 8), 0},
              {k, e->id, step, 0, xcalloc(st, sizeof(double))}};
    if (exsi_core_is_block(k))
        block_slab(c, k, e, &s, &n);
    else
        small(c, e->num_entries, &s, &n);
    for (int j = 0; rc == 0 && j < c->s->vars[k].n; j++) {
        if (c->k.vmap[k][j] < 0 || !truth[i * c->s->vars[k].n + j])
            continue;
        f.v.var = j;
        c->pos = 0;
        rc = filtered(c, k) ? walk(c, s, n, st, filtered_var_slab, &f)
                            : walk(c, s, n, st, var_slab, &f.v);
    }
    free(f.m.ent), free(f.m.ext), free(f.v.buf);
    return rc;
}

static int cp_kind_step(cp *c, exs_kind k, int64_t step)
{
    const exsi_core_entity_list *l = ents(c, k);
    int nv = c->s->vars[k].n;
    int *truth = xcalloc(l->n * nv, sizeof(int));
    int rc = truth ? exs_get_truth(c->s, k, truth) : exsi_err(c->d, EXS_ENOMEM, "truth");
    for (int64_t i = 0; rc == 0 && i < l->n; i++)
        if (c->k.keep[k][i])
            rc = cp_entity_vars(c, k, i, step, truth);
    free(truth);
    return rc;
}

/* Global values: rank 0 reads them all and writes the kept ones. */
static int cp_globals(cp *c, int64_t step)
{
    int nv = c->s->vars[EXS_GLOBAL].n, me = c->rank == 0;
    double *v = xcalloc(nv, sizeof *v);
    int rc = PICK(c, exs_get_var)(c->s, EXS_GLOBAL, 0, 0, step, 0, v ? (me ? nv : 0) : -1,
                                  EXS_F64, v);
    for (int j = 0; rc == 0 && j < nv; j++) {
        int dv = c->k.vmap[EXS_GLOBAL][j];
        if (dv >= 0)
            rc = PICK(c, exs_put_var)(c->d, EXS_GLOBAL, 0, 0, step - c->k.step0, dv,
                                      me ? 1 : 0, EXS_F64, v + j);
    }
    free(v);
    return rc;
}

static int cp_step(cp *c, int64_t step)
{
    double t = 0;
    int rc = PICK(c, exs_get_times)(c->s, step, 1, EXS_F64, &t);
    if (rc == 0)
        rc = PICK(c, exs_put_time)(c->d, step - c->k.step0, t);
    if (rc == 0 && c->k.nvars[EXS_GLOBAL] > 0)
        rc = cp_globals(c, step);
    if (rc == 0 && c->k.nvars[EXS_NODAL] > 0) {
        int64_t st = slab_len(c, EXS_NODAL, 0, 1);
        var_arg a = {EXS_NODAL, 0, step, 0, xcalloc(st, sizeof(double))};
        for (a.var = 0; rc == 0 && a.var < c->s->vars[EXS_NODAL].n; a.var++)
            if (c->k.vmap[EXS_NODAL][a.var] >= 0)
                rc = walk(c, c->job->slabs.node_start, c->job->slabs.node_count, st,
                          var_slab, &a);
        free(a.buf);
    }
    for (int k = EXS_ELEM_BLOCK; rc == 0 && k <= EXS_ELEM_SET; k++)
        if (c->k.nvars[k] > 0)
            rc = cp_kind_step(c, (exs_kind)k, step);
    return rc;
}

static int part_results(cp *c, int phase)
{
    int rc = 0;
    if (phase == 0) {
        for (int k = 0; rc == 0 && k < EXS_NUM_KINDS; k++)
            if (exsi_core_has_vars((exs_kind)k) && c->k.nvars[k] > 0)
                rc = def_kind_vars(c, (exs_kind)k);
        return rc == 0 && c->job->results ? def_extra(c, c->job->results) : rc;
    }
    for (int64_t s = c->k.step0; rc == 0 && s < c->k.step0 + c->k.nsteps; s++) {
        rc = cp_step(c, s);
        if (rc == 0 && c->o->progress)
            c->o->progress(c->o->progress_ctx, s - c->k.step0 + 1, c->k.nsteps);
    }
    return rc;
}

/* ---- part: Nemesis data (the decomposition a part file belongs to) ---- */

/* It describes this file as a part of a decomposition: its elements,
 * nodes and sets by number. A copy that drops blocks or sets changes
 * those, so it leaves the data out; steps and variables do not. */
static int part_nemesis(cp *c, int phase)
{
    const exs_copy_opts *o = c->o;
    if (o->block_ids || o->block_names || o->set_ids || o->set_names)
        return 0;
    return exsi_copy_part_nemesis(c->s, c->d, phase);
}

/* ---- the parts, in order ---- */

/* A part of the copy: `own` sees the copy's context (slabs, selection);
 * `plain` is a part written elsewhere against the handles only (phase 0
 * defines on dst, phase 1 writes; collective on parallel handles). */
typedef struct copy_part {
    const char *name;
    int (*own)(cp *c, int phase);
    int (*plain)(exs_file *src, exs_file *dst, int phase);
} copy_part;

static const copy_part parts[] = {
    {"mesh", part_mesh, NULL},
    {"blocks", part_blocks, NULL},
    {"sets", part_sets, NULL},
    {"maps", part_maps, NULL},
    {"set and node attributes and the order map", NULL, exsi_copy_part_attrs},
    {"properties", part_props, NULL},
    {"QA, info and coordinate names", part_records, NULL},
    {"results", part_results, NULL},
    /* Parts after this line run once the steps exist on dst. */
    {"assemblies, blobs, reduction variables and frames", NULL, exsi_copy_part_model},
    {"entity attributes and field metadata", NULL, exsi_copy_part_entity_atts},
    {"Nemesis load-balance data", part_nemesis, NULL}, /* last: it re-defines */
};

static int run_phase(cp *c, int phase)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof parts / sizeof parts[0]; i++) {
        rc = parts[i].own ? parts[i].own(c, phase) : parts[i].plain(c->s, c->d, phase);
        if (rc != 0 && c->s->errmsg[0] != '\0' && c->d->errmsg[0] == '\0')
            exsi_err(c->d, rc, "%s", c->s->errmsg);
        if (rc != 0 && c->d->errmsg[0] == '\0')
            exsi_err(c->d, rc, "copying the %s of %s", parts[i].name, c->s->path);
    }
    return rc;
}

/* Agreement on dst's communicator (a plain status for serial handles). */
static int agree(cp *c, int rc)
{
    return c->par ? exsi_err_agree(c->d, rc)
                  : rc;
}

int exsi_copy_run(exs_file *src, exs_file *dst, const exsi_copy_job *job)
{
    exs_copy_opts defaults;
    if (!src || !dst || !job)
        return EXS_EINVAL;
    exs_copy_opts_init(&defaults);
    cp c = {.s = src, .d = dst, .o = job->opts ? job->opts : &defaults, .job = job,
            .par = dst->parallel, .rank = exsi_comm_rank(dst->comm)};
    int rc = src->parallel != dst->parallel ||
                     exsi_comm_size(src->comm) != exsi_comm_size(dst->comm)
                 ? exsi_err(dst, EXS_EINVAL, "copy: the source and the copy must be "
                           "open on the same ranks (both serial or both parallel "
                           "over one communicator)")
                 : 0;
    if (rc == 0)
        rc = agree(&c, resolve(&c));
    if (rc == 0)
        rc = agree(&c, run_phase(&c, 0));
    if (rc == 0)
        rc = exs_end_define(dst);
    if (rc == 0)
        rc = run_phase(&c, 1);
    rc = agree(&c, rc);
    free_sel(&c.k);
    if (rc != 0 && dst->w) /* the copy is incomplete: its close discards it */
        exsi_w_fail(dst, rc);
    return rc;
}

/* ---- the public entry points ---- */

void exs_copy_opts_init(exs_copy_opts *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->int64 = -1;
    o->step_count = -1;
}

/* dst's container: opts where given, else the source's. */
static void create_opts_of(const exs_file *src, const exs_copy_opts *o,
                           exs_create_opts *co)
{
    exs_create_opts_init(co);
    co->format = o->format != EXS_FORMAT_DEFAULT ? o->format : (exs_format)src->format;
    co->int64 = o->int64 >= 0 ? o->int64 : src->int_size == 8;
    co->float_size = o->float_size > 0 ? o->float_size : src->float_size == 4 ? 4 : 8;
    co->name_len = o->name_len > 0 ? o->name_len : src->name_len > 32 ? src->name_len : 32;
    co->clobber = o->clobber;
    co->deflate = o->deflate;
    co->shuffle = o->shuffle;
    co->zstd = o->zstd;
    co->node_chunk = o->node_chunk;
    co->elem_chunk = o->elem_chunk;
}

/* The selection checked against src before dst exists: a scratch copy
 * context on src itself resolves it (messages go to src). */
static int precheck(exs_file *src, const exs_copy_opts *o)
{
    exsi_copy_job job = {.opts = o, .mesh_only = 0};
    cp c = {.s = src, .d = src, .o = o, .job = &job, .par = 0};
    int rc = select_entities(&c);
    if (rc == 0)
        rc = select_vars(&c);
    free_sel(&c.k);
    return rc;
}

int exs_copy(exs_file *src, const char *dst_path, const exs_copy_opts *opts)
{
    exs_copy_opts defaults;
    exs_create_opts co;
    exs_file *dst = NULL;
    if (!src)
        return EXS_EINVAL;
    if (!dst_path)
        return exsi_err(src, EXS_EINVAL, "exs_copy: dst_path is NULL");
    if (src->parallel)
        return exsi_err(src, EXS_EINVAL, "exs_copy: %s is open in parallel: use "
                       "exs_copy_all with a dst from exs_create_par", src->path);
    exs_copy_opts_init(&defaults);
    const exs_copy_opts *o = opts ? opts : &defaults;
    create_opts_of(src, o, &co);
    int rc = precheck(src, o);
    if (rc == 0 && (rc = exs_create(dst_path, &co, &dst)) != 0)
        return exsi_err(src, rc, "exs_copy: creating %s: %s", dst_path,
                       exs_strerror(rc));
    exsi_copy_job job = {.opts = o,
                        .slabs = {0, src->num_nodes, 0, src->num_elem}};
    if (rc == 0)
        rc = exsi_copy_run(src, dst, &job);
    if (rc != 0 && dst)
        exsi_err(src, rc, "exs_copy: %s", exs_errmsg(dst));
    char msg[EXS_ERRMSG_LEN];
    int crc = dst ? exs_close_err(dst, msg, sizeof msg) : 0;
    if (rc == 0 && crc != 0)
        rc = exsi_err(src, crc, "exs_copy: closing %s: %s", dst_path, msg);
    return rc;
}
