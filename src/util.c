/* util.c -- checks, lookups and small helpers shared by the topic files
 * and the writer; it calls none of them. */
#include <stdlib.h>
#include <string.h>

#include "write.h"

size_t exsi_util_type_size(int t)
{
    switch (t) {
    case EXS_F64:
    case EXS_I64:
        return 8;
    case EXS_F32:
    case EXS_I32:
        return 4;
    case EXS_TEXT:
        return 1;
    default:
        return 0;
    }
}

char *exsi_util_strndup_trim(const char *s, size_t n)
{
    size_t len = 0;
    while (len < n && s[len] != '\0')
        len++;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    char *out = malloc(len + 1);
    if (out) {
        memcpy(out, s, len);
        out[len] = '\0';
    }
    return out;
}

/* Entity lookup by id is a binary search of the list's index, so a reader
 * of many blocks pays O(log n) per call, not a scan of every block (a file
 * with 200 blocks x 100 variables x 20 steps spent half its time there).
 * The writer appends entities after the index was built: they are
 * inserted when the next lookup comes, in O(1) when ids grow, as they do. */
static int id_pos_cmp(const void *a, const void *b)
{
    const exsi_core_id_pos *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* First index position whose id is >= id (or > id when after is set). */
static int64_t id_bound(const exsi_core_entity_list *l, int64_t id, int after)
{
    int64_t lo = 0, hi = l->nindexed;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        int before = after ? l->by_id[mid].id <= id : l->by_id[mid].id < id;
        if (before)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Bring the index up to l->n entries; 0, or -1 when out of memory. */
static int index_entities(exsi_core_entity_list *l)
{
    if (l->nindexed == l->n)
        return 0;
    if (l->index_cap < l->n) {
        int64_t cap = l->n > 2 * l->index_cap ? l->n : 2 * l->index_cap;
        void *p = realloc(l->by_id, (size_t)cap * sizeof *l->by_id);
        if (!p)
            return -1;
        l->by_id = p;
        l->index_cap = cap;
    }
    int bulk = l->nindexed == 0;
    for (int64_t i = l->nindexed; i < l->n; i++) {
        exsi_core_id_pos ip = {l->e[i].id, i};
        int64_t at = bulk ? i : id_bound(l, ip.id, 1);
        memmove(&l->by_id[at + 1], &l->by_id[at],
                (size_t)(l->nindexed - at) * sizeof *l->by_id);
        l->by_id[at] = ip;
        l->nindexed++;
    }
    if (bulk)
        qsort(l->by_id, (size_t)l->n, sizeof *l->by_id, id_pos_cmp);
    return 0;
}

exsi_core_entity *exsi_util_entity_find(exsi_core_entity_list *l, int64_t id)
{
    if (index_entities(l) != 0) { /* no memory for the index: scan */
        for (int64_t i = 0; i < l->n; i++)
            if (l->e[i].id == id)
                return &l->e[i];
        return NULL;
    }
    int64_t at = id_bound(l, id, 0);
    return at < l->n && l->by_id[at].id == id ? &l->e[l->by_id[at].pos] : NULL;
}

int exsi_util_entity_lookup(exs_file *f, exs_kind kind, int64_t id, exsi_core_entity **e)
{
    if (!exsi_core_kind_valid((int)kind) || !exsi_core_has_entities(kind))
        return exsi_err(f, EXS_EINVAL, "kind %d has no entities", (int)kind);
    exsi_err_clear(f);
    *e = exsi_util_entity_find(&f->ents[kind], id);
    if (*e)
        return 0;
    return exsi_err(f, EXS_ENOTFOUND, "no %s with id %lld", exsi_kind_kinds[kind].label,
                   (long long)id);
}

int exsi_util_attr_owner(exs_file *f, exs_kind kind, int64_t id, exsi_core_entity **e)
{
    if (!f)
        return EXS_EINVAL;
    if (kind == EXS_NODAL) {
        f->node_attr.id = 0;
        f->node_attr.index = 0;
        f->node_attr.num_entries = f->num_nodes;
        f->node_attr.status = 1;
        *e = &f->node_attr;
        return 0;
    }
    if (!exsi_core_kind_valid((int)kind) || !(exsi_core_is_block(kind) || exsi_core_is_set(kind)))
        return exsi_err(f, EXS_EINVAL, "kind %d has no attributes (blocks, sets and "
                       "EXS_NODAL have)", (int)kind);
    return exsi_util_entity_lookup(f, kind, id, e);
}

int exsi_util_check_slab(exs_file *f, const char *what, int64_t start, int64_t count,
                   int64_t n)
{
    if (start < 0 || count < 0 || start > n || count > n - start)
        return exsi_err(f, EXS_ERANGE,
                       "%s: slab [%lld, %lld) outside [0, %lld)", what,
                       (long long)start, (long long)(start + count), (long long)n);
    return 0;
}

int exsi_util_check_type(exs_file *f, const char *what, exs_type t, int want_float)
{
    int is_float = t == EXS_F64 || t == EXS_F32;
    int is_int = t == EXS_I64 || t == EXS_I32;
    if (!is_float && !is_int)
        return exsi_err(f, EXS_ETYPE, "%s: unknown buffer type %d", what, (int)t);
    if (want_float && !is_float)
        return exsi_err(f, EXS_ETYPE, "%s holds floating-point data: use EXS_F64 "
                       "or EXS_F32", what);
    if (!want_float && !is_int)
        return exsi_err(f, EXS_ETYPE, "%s holds integers: use EXS_I64 or EXS_I32",
                       what);
    return 0;
}

int exsi_util_var_lookup(exs_file *f, const char *name, exsi_core_varinfo *vi)
{
    return f->store->ops->inq_var(f->store, name, vi);
}

int exs_get_stats(const exs_file *f, exs_stats *s)
{
    if (!f || !s)
        return EXS_EINVAL;
    *s = f->stats;
    return 0;
}

int exs_reset_stats(exs_file *f)
{
    if (!f)
        return EXS_EINVAL;
    memset(&f->stats, 0, sizeof f->stats);
    return 0;
}

/* ---- slab iterator ---- */

int exs_iter_init(exs_slab_iter *it, int64_t start, int64_t count, int64_t step)
{
    if (!it || step <= 0 || start < 0 || count < 0)
        return EXS_EINVAL;
    it->next = start;
    it->end = start + count;
    it->step = step;
    return 0;
}

int exs_iter_next(exs_slab_iter *it, int64_t *start, int64_t *count)
{
    if (it->next >= it->end)
        return 0;
    /* Up to the next multiple of step, so slabs after the first are whole
     * chunks. */
    int64_t stop = (it->next / it->step + 1) * it->step;
    if (stop > it->end)
        stop = it->end;
    *start = it->next;
    *count = stop - it->next;
    it->next = stop;
    return 1;
}
