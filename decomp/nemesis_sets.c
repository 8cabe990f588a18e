/*
 * nemesis_sets.c -- the file's node, side and element sets restricted to one
 * rank's Nemesis part: every rank reads each whole set (one collective
 * read per set) and keeps the members it holds.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "nemesis.h"


static int kv_cmp(const void *a, const void *b)
{
    int64_t x = ((const exsi_nem_kv *)a)->key, y = ((const exsi_nem_kv *)b)->key;
    return (x > y) - (x < y);
}

void exsi_nem_kv_sort(exsi_nem_kv *kv, int64_t n)
{
    if (n > 1)
        qsort(kv, (size_t)n, sizeof *kv, kv_cmp);
}

int64_t exsi_nem_kv_find(const exsi_nem_kv *kv, int64_t n, int64_t key)
{
    int64_t lo = 0, hi = n;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (kv[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && kv[lo].key == key ? kv[lo].val : -1;
}

static void set_free(nem_set *t)
{
    exsi_dm_free(t->mem);
    exsi_dm_free(t->side);
    exsi_dm_free(t->at);
    exsi_dm_free(t->df);
}

void exsi_nem_sets_free(nem_sets *s)
{
    for (int64_t i = 0; s->ns && i < s->nns; i++)
        set_free(&s->ns[i]);
    for (int64_t i = 0; s->ss && i < s->nss; i++)
        set_free(&s->ss[i]);
    for (int64_t i = 0; s->es && i < s->nes; i++)
        set_free(&s->es[i]);
    exsi_dm_free(s->ns);
    exsi_dm_free(s->ss);
    exsi_dm_free(s->es);
}

const nem_set *exsi_nem_sets_of(const nem_sets *s, exs_kind k, int64_t *n)
{
    *n = k == EXS_NODE_SET ? s->nns : k == EXS_SIDE_SET ? s->nss : k == EXS_ELEM_SET ? s->nes : 0;
    return k == EXS_NODE_SET ? s->ns : k == EXS_SIDE_SET ? s->ss : k == EXS_ELEM_SET ? s->es
                                                                                      : NULL;
}

/* 1-based local numbers keyed by 1-based global ones: the part's nodes,
 * or its owned elements in file order. */
static exsi_nem_kv *lookup(const exs_dmesh *dm, int nodes, int64_t *n)
{
    *n = nodes ? dm->n_owned + dm->n_shared : 0;
    for (int64_t b = 0; !nodes && b < dm->nblk; b++)
        *n += dm->blk_own[b];
    exsi_nem_kv *kv = exsi_dm_calloc(*n, sizeof *kv);
    int64_t at = 0;
    for (int64_t i = 0; kv && nodes && i < *n; i++)
        kv[i] = (exsi_nem_kv){dm->node1[i], i + 1};
    for (int64_t b = 0; kv && !nodes && b < dm->nblk; b++)
        for (int64_t j = 0; j < dm->blk_own[b]; j++, at++)
            kv[at] = (exsi_nem_kv){exsi_dm_elem_global(dm, dm->blk_first[b] + j) + 1, at + 1};
    if (kv)
        exsi_nem_kv_sort(kv, *n);
    return kv;
}

/* Keep the members found in kv, in the set's order. */
static void restrict_set(nem_set *t, const exsi_nem_kv *kv, int64_t nkv)
{
    int64_t m = 0;
    for (int64_t i = 0; i < t->gcount; i++) {
        int64_t loc = exsi_nem_kv_find(kv, nkv, t->mem[i]);
        if (loc < 0)
            continue;
        t->mem[m] = loc;
        t->at[m] = i;
        if (t->side)
            t->side[m] = t->side[i];
        for (int64_t k = 0; t->df && k < t->dfk; k++)
            t->df[m * t->dfk + k] = t->df[i * t->dfk + k];
        m++;
    }
    t->n = m;
}

/* Which kind of side `side` is, by its node count's class: the faces and
 * the edges of a shell (a TRI in 3D may be one: taken as one, which can
 * only refuse a set), a wedge's quads and triangles, a pyramid's
 * triangles and quad; one class otherwise (a QUAD's sides are its edges
 * in 3D too, as libexodus's side-set node lists have them). */
static int side_class(exs_topo t, int num_dim, int64_t side)
{
    int shell = t == EXS_TOPO_SHELL || t == EXS_TOPO_TRISHELL ||
                (num_dim == 3 && t == EXS_TOPO_TRI);
    if (shell)
        return side > 2;
    if (t == EXS_TOPO_WEDGE)
        return side > 3;
    if (t == EXS_TOPO_PYRAMID)
        return side > 4;
    return 0;
}

/* The block holding 1-based element `elem`, or -1. */
static int64_t block_of(const exsi_core_entity_list *l, int64_t elem)
{
    for (int64_t b = 0; b < l->n; b++)
        if (elem > l->e[b].offset && elem <= l->e[b].offset + l->e[b].num_entries)
            return b;
    return -1;
}

/* Distribution factors per side of a side set whose sides all have the
 * same shape (one topology and node count, one class of side), k per
 * side; else 0: factors of mixed sides cannot be cut by side here and
 * are not kept. The same answer on every rank (each read the whole set). */
static int64_t side_df_per(const exs_file *f, const exsi_core_entity *e, const int64_t *elem,
                           const int64_t *side)
{
    if (e->num_entries == 0 || e->num_df == 0 || e->num_df % e->num_entries != 0)
        return 0;
    const exsi_core_entity_list *l = &f->ents[EXS_ELEM_BLOCK];
    int64_t b0 = block_of(l, elem[0]);
    if (b0 < 0)
        return 0;
    const exsi_core_entity *k0 = &l->e[b0];
    int c0 = side_class(k0->topo, f->num_dim, side[0]);
    for (int64_t i = 1; i < e->num_entries; i++) {
        int64_t b = block_of(l, elem[i]);
        if (b < 0 || l->e[b].topo != k0->topo ||
            l->e[b].nodes_per_entry != k0->nodes_per_entry ||
            side_class(k0->topo, f->num_dim, side[i]) != c0)
            return 0;
    }
    return e->num_df / e->num_entries;
}

/* The factors of the set (dfk per member), read when they can be kept. */
static int load_df(exs_dmesh *dm, exs_kind k, const exsi_core_entity *e, nem_set *t)
{
    t->dfk = k != EXS_SIDE_SET ? e->num_df == e->num_entries && e->num_df > 0
                               : side_df_per(dm->f, e, t->mem, t->side);
    if (t->dfk == 0)
        return 0;
    t->df = exsi_dm_calloc(t->gcount * t->dfk, sizeof *t->df);
    int rc = exsi_dm_agree(dm, t->df ? 0 : exsi_err(dm->f, EXS_ENOMEM, "set factors"));
    return rc ? rc : exs_get_df_all(dm->f, k, e->id, 0, t->gcount * t->dfk, EXS_F64, t->df);
}

static int load_one(exs_dmesh *dm, exs_kind k, const exsi_core_entity *e, nem_set *t,
                    const exsi_nem_kv *kv, int64_t nkv)
{
    exs_file *f = dm->f;
    *t = (nem_set){.id = e->id, .gcount = e->num_entries, .gdf = e->num_df,
                   .name = e->name};
    t->mem = exsi_dm_calloc(t->gcount, sizeof *t->mem);
    t->side = k == EXS_SIDE_SET ? exsi_dm_calloc(t->gcount, sizeof *t->side) : NULL;
    t->at = exsi_dm_calloc(t->gcount, sizeof *t->at);
    int bad = !t->mem || !t->at || (k == EXS_SIDE_SET && !t->side);
    int rc = exsi_dm_agree(dm, bad ? exsi_err(f, EXS_ENOMEM, "set %lld", (long long)e->id)
                                  : 0);
    if (rc == 0)
        rc = exs_get_set_all(f, k, e->id, 0, t->gcount, EXS_I64, t->mem, t->side);
    if (rc == 0)
        rc = load_df(dm, k, e, t);
    if (rc == 0)
        restrict_set(t, kv, nkv);
    return rc;
}

static int repeated(const exsi_core_entity_list *l, int64_t i)
{
    for (int64_t j = 0; j < i; j++)
        if (l->e[j].id == l->e[i].id)
            return 1;
    return 0;
}

static int load_kind(exs_dmesh *dm, exs_kind k, nem_set **out, int64_t *nout)
{
    const exsi_core_entity_list *l = &dm->f->ents[k];
    int64_t nkv;
    exsi_nem_kv *kv = lookup(dm, k == EXS_NODE_SET, &nkv);
    *out = exsi_dm_calloc(l->n, sizeof **out);
    int rc = exsi_dm_agree(dm, kv && *out ? 0 : exsi_err(dm->f, EXS_ENOMEM, "sets"));
    for (int64_t i = 0; rc == 0 && i < l->n; i++) {
        if (repeated(l, i)) /* a placeholder repeating an id: kept once */
            continue;
        rc = load_one(dm, k, &l->e[i], &(*out)[*nout], kv, nkv);
        (*out)[(*nout)++].src = i;
    }
    exsi_dm_free(kv);
    return rc;
}

int exsi_nem_sets_load_all(exs_dmesh *dm, nem_sets *s)
{
    if (!dm->f->store) /* a mesh read from a Nemesis set: sets not kept */
        return 0;
    int rc = load_kind(dm, EXS_NODE_SET, &s->ns, &s->nns);
    rc = rc ? rc : load_kind(dm, EXS_SIDE_SET, &s->ss, &s->nss);
    return rc ? rc : load_kind(dm, EXS_ELEM_SET, &s->es, &s->nes);
}
