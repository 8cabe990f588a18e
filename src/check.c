/* check.c -- exs_check_references: the model's cross-references, which the
 * bulk reads return as stored. Every node, edge, face or element number a
 * block or set holds must name an entity the file has (1..count), every
 * side number must be positive, and the per-entry counts of NSIDED/NFACED
 * blocks must add up to their flat arrays. Reads in slabs of CHECK_SLAB
 * entries, so memory stays bounded whatever the file declares. */
#include <stdlib.h>

#include "model_x.h"
#include "reader.h"

#define CHECK_SLAB 65536

/* What one array's values must lie in. */
typedef struct ref_rule {
    const char *word; /* "node" */
    int64_t lo, hi;   /* inclusive */
} ref_rule;

typedef int (*slab_fn)(exs_file *f, exs_kind k, const exsi_core_entity *e, int64_t start,
                       int64_t count, int64_t *buf, void *arg);

static int check_values(exs_file *f, const char *owner, const char *what,
                        const ref_rule *r, int64_t start, const int64_t *v,
                        int64_t n)
{
    for (int64_t i = 0; i < n; i++) {
        if (v[i] >= r->lo && v[i] <= r->hi)
            continue;
        if (r->hi == INT64_MAX)
            return exsi_err(f, EXS_EBADMODEL, "%s: %s value %lld (0-based) is %s "
                           "%lld, not >= %lld", owner, what, (long long)(start + i),
                           r->word, (long long)v[i], (long long)r->lo);
        return exsi_err(f, EXS_EBADMODEL, "%s: %s value %lld (0-based) is %s "
                       "%lld, outside %lld..%lld", owner, what,
                       (long long)(start + i), r->word, (long long)v[i],
                       (long long)r->lo, (long long)r->hi);
    }
    return 0;
}

/* values [0, total) read by fn, slab by slab, checked against r. */
static int check_array(exs_file *f, exs_kind k, const exsi_core_entity *e, int64_t total,
                       int64_t width, slab_fn fn, void *arg, const ref_rule *r,
                       const char *what, int64_t *sum)
{
    char owner[96];
    size_t bytes;
    int64_t per = width > 0 ? width : 1, slab = CHECK_SLAB, vals;
    if (total <= 0 || width == 0)
        return 0;
    if (exsi_mul64(slab, per, &vals) != 0 || exsi_bytes(vals, sizeof(int64_t), &bytes))
        return exsi_err(f, EXS_EOVERFLOW, "checking %s", what);
    int64_t *buf = malloc(bytes);
    if (!buf)
        return exsi_err(f, EXS_ENOMEM, "checking %s", what);
    exsi_read_owner_label(owner, sizeof owner, k, e->id);
    int rc = 0;
    for (int64_t at = 0; rc == 0 && at < total; at += slab) {
        int64_t n = total - at < slab ? total - at : slab;
        rc = fn(f, k, e, at, n, buf, arg);
        if (rc == 0 && r)
            rc = check_values(f, owner, what, r, at * per, buf, n * per);
        for (int64_t i = 0; rc == 0 && sum && i < n; i++)
            if (buf[i] < 0 || exsi_add64(*sum, buf[i], sum) != 0)
                rc = exsi_err(f, EXS_EBADMODEL, "%s: entry count %lld of entry %lld",
                             owner, (long long)buf[i], (long long)(at + i));
    }
    free(buf);
    return rc;
}

static int conn_slab(exs_file *f, exs_kind k, const exsi_core_entity *e, int64_t start,
                     int64_t count, int64_t *buf, void *arg)
{
    return exs_get_conn(f, k, e->id, *(const exs_conn *)arg, start, count, EXS_I64,
                        buf);
}

static int counts_slab(exs_file *f, exs_kind k, const exsi_core_entity *e, int64_t start,
                       int64_t count, int64_t *buf, void *arg)
{
    (void)arg;
    return exs_get_entry_counts(f, k, e->id, start, count, EXS_I64, buf);
}

/* arg: 0 members, 1 extra (sides / orientations). */
static int set_slab(exs_file *f, exs_kind k, const exsi_core_entity *e, int64_t start,
                    int64_t count, int64_t *buf, void *arg)
{
    if (*(const int *)arg == 0)
        return exs_get_set(f, k, e->id, start, count, EXS_I64, buf, NULL);
    int64_t *mem = malloc((size_t)(count ? count : 1) * sizeof *mem);
    if (!mem)
        return exsi_err(f, EXS_ENOMEM, "checking sides");
    int rc = exs_get_set(f, k, e->id, start, count, EXS_I64, mem, buf);
    free(mem);
    return rc;
}

/* One connectivity of a block: fixed (entries x per) or flat (NSIDED nodes,
 * NFACED faces, whose per-entry counts must add up to the flat length). */
static int check_conn(exs_file *f, exs_kind k, const exsi_core_entity *e, exs_conn which,
                      int64_t per, int flat, const ref_rule *r)
{
    static const char *const what[] = {"node connectivity", "edge connectivity",
                                       "face connectivity"};
    if (per <= 0)
        return 0;
    int64_t total = flat ? per : e->num_entries, sum = 0;
    int rc = check_array(f, k, e, total, flat ? 1 : per, conn_slab, &which, r,
                         what[which], NULL);
    if (rc != 0 || !flat)
        return rc;
    rc = check_array(f, k, e, e->num_entries, 1, counts_slab, NULL, NULL,
                     "entry counts", &sum);
    if (rc == 0 && sum != per)
        rc = exsi_err(f, EXS_EBADMODEL, "%s %lld: entry counts add up to %lld but "
                     "the flat %s holds %lld", exsi_kind_kinds[k].label, (long long)e->id,
                     (long long)sum, what[which], (long long)per);
    return rc;
}

static int check_block(exs_file *f, exs_kind k, const exsi_core_entity *e)
{
    ref_rule nodes = {"node", 1, f->num_nodes}, edges = {"edge", 1, f->num_edge},
             faces = {"face", 1, f->num_face};
    int nsided = e->topo == EXS_TOPO_NSIDED, nfaced = e->topo == EXS_TOPO_NFACED;
    int rc = 0;
    if (!nfaced)
        rc = check_conn(f, k, e, EXS_CONN_NODES, e->nodes_per_entry, nsided, &nodes);
    if (rc == 0 && k == EXS_ELEM_BLOCK)
        rc = check_conn(f, k, e, EXS_CONN_EDGES, e->edges_per_entry, 0, &edges);
    if (rc == 0 && k == EXS_ELEM_BLOCK)
        rc = check_conn(f, k, e, EXS_CONN_FACES, e->faces_per_entry, nfaced, &faces);
    return rc;
}

static int check_set(exs_file *f, exs_kind k, const exsi_core_entity *e)
{
    int64_t hi = exsi_kind_total(f, k);
    const char *word = k == EXS_NODE_SET ? "node" : k == EXS_EDGE_SET ? "edge"
                       : k == EXS_FACE_SET ? "face" : "element";
    ref_rule members = {word, 1, hi}, sides = {"side", 1, INT64_MAX};
    int which = 0;
    int rc = check_array(f, k, e, e->num_entries, 1, set_slab, &which, &members,
                         "member", NULL);
    which = 1;
    if (rc == 0 && k == EXS_SIDE_SET)
        rc = check_array(f, k, e, e->num_entries, 1, set_slab, &which, &sides,
                         "side", NULL);
    return rc;
}

int exs_check_references(exs_file *f)
{
    if (!f)
        return EXS_EINVAL;
    int rc = 0;
    for (int k = 0; rc == 0 && k < EXS_NUM_KINDS; k++) {
        const exsi_core_entity_list *l = &f->ents[k];
        for (int64_t i = 0; rc == 0 && i < l->n; i++) {
            if (exsi_core_is_block((exs_kind)k))
                rc = check_block(f, (exs_kind)k, &l->e[i]);
            else if (exsi_core_is_set((exs_kind)k))
                rc = check_set(f, (exs_kind)k, &l->e[i]);
        }
    }
    return rc ? rc : exsi_check_assemblies(f);
}
