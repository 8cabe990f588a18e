/* blocks.c -- bulk reads and writes of element, edge and face blocks:
 * connectivity (entry->node, element->edge, element->face; the flat arrays
 * of NSIDED and NFACED blocks) and per-entry counts, each resolved once
 * (exsi_block_conn_arr, exsi_block_counts_arr) for the get and the put.
 * Attributes: attrs.c. */
#include <stdio.h>

#include "reader.h"
#include "write.h"

static int block_lookup(exs_file *f, exs_kind kind, int64_t id, exsi_core_entity **e)
{
    if (!f)
        return EXS_EINVAL;
    if (!exsi_core_kind_valid((int)kind) || !exsi_core_is_block(kind))
        return exsi_err(f, EXS_EINVAL, "kind %d is not a block kind", (int)kind);
    return exsi_util_entity_lookup(f, kind, id, e);
}

int exsi_block_conn_shape(exs_kind kind, const exsi_core_entity *e, exs_conn which,
                   const char **fmt, int64_t *n, int64_t *width)
{
    int elem = kind == EXS_ELEM_BLOCK, flat = 0;
    int64_t per = 0;
    switch (which) {
    case EXS_CONN_NODES:
        *fmt = exsi_kind_kinds[kind].conn_var;
        per = e->nodes_per_entry;
        flat = e->topo == EXS_TOPO_NSIDED;
        break;
    case EXS_CONN_EDGES:
        *fmt = elem ? "edgconn%lld" : NULL;
        per = e->edges_per_entry;
        break;
    case EXS_CONN_FACES:
        *fmt = elem ? "facconn%lld" : NULL;
        per = e->faces_per_entry;
        flat = e->topo == EXS_TOPO_NFACED;
        break;
    default:
        return EXS_EINVAL;
    }
    *n = flat ? per : e->num_entries;
    *width = flat ? 1 : per;
    return *fmt ? 0 : EXS_ENOTFOUND;
}

static const char *conn_word(exs_conn which)
{
    return which == EXS_CONN_NODES   ? "node"
           : which == EXS_CONN_EDGES ? "element->edge"
                                     : "element->face";
}

/* The shape's failure as a message naming the block. */
static int shape_err(exs_file *f, const char *owner, exs_conn which, int rc)
{
    if (rc == EXS_EINVAL)
        return exsi_err(f, EXS_EINVAL, "%s: unknown connectivity %d", owner,
                       (int)which);
    return exsi_err(f, EXS_ENOTFOUND, "%s has no %s connectivity", owner,
                   conn_word(which));
}

int exsi_block_conn_arr(exs_file *f, exs_kind kind, const exsi_core_entity *e,
                 exs_conn which, exsi_read_arr *arr)
{
    char owner[96];
    const char *fmt = NULL;
    int64_t n = 0, width = 0;
    exsi_read_owner_label(owner, sizeof owner, kind, e->id);
    int rc = exsi_block_conn_shape(kind, e, which, &fmt, &n, &width);
    if (rc != 0)
        return shape_err(f, owner, which, rc);
    if ((rc = exsi_read_arr_init(f, arr, fmt, e->index, 0, owner)) != 0)
        return rc;
    arr->n = n;
    arr->width = width;
    /* An empty block may store nothing; anything else must be there. */
    int empty_ok = which == EXS_CONN_NODES && e->topo != EXS_TOPO_NFACED &&
                   (arr->n == 0 || arr->width == 0);
    if (!arr->found && !empty_ok)
        return exsi_err(f, EXS_ENOTFOUND, "%s has no %s connectivity (%s)", owner,
                       conn_word(which), arr->name);
    return 0;
}

int exs_get_conn_extent(exs_file *f, exs_kind kind, int64_t id, exs_conn which,
                        int64_t *rows, int64_t *width)
{
    exsi_core_entity *e;
    char owner[96];
    const char *fmt = NULL;
    int rc = block_lookup(f, kind, id, &e);
    if (rc == 0 && (!rows || !width))
        rc = exsi_err(f, EXS_EINVAL, "exs_get_conn_extent: rows or width is NULL");
    if (rc != 0)
        return rc;
    exsi_read_owner_label(owner, sizeof owner, kind, e->id);
    rc = exsi_block_conn_shape(kind, e, which, &fmt, rows, width);
    return rc == 0 ? 0 : shape_err(f, owner, which, rc);
}

int exs_get_conn(exs_file *f, exs_kind kind, int64_t id, exs_conn which,
                 int64_t start, int64_t count, exs_type t, void *buf)
{
    exsi_core_entity *e;
    exsi_read_arr arr;
    int rc = block_lookup(f, kind, id, &e);
    if (rc == 0)
        rc = exsi_block_conn_arr(f, kind, e, which, &arr);
    if (rc == 0)
        rc = exsi_read_arr_check(f, &arr, start, count, t, 0, buf);
    if (rc != 0)
        return rc;
    return exsi_read_arr_read(f, &arr, start, count, t, buf);
}

int exsi_block_counts_arr(exs_file *f, exs_kind kind, const exsi_core_entity *e,
                          exsi_read_arr *arr)
{
    char owner[96];
    exsi_read_owner_label(owner, sizeof owner, kind, e->id);
    int rc = exsi_read_arr_init(f, arr, exsi_kind_kinds[kind].epec_var, e->index, 0,
                                owner);
    arr->n = e->num_entries;
    return rc;
}

int exs_get_entry_counts(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                         int64_t count, exs_type t, void *buf)
{
    exsi_core_entity *e;
    exsi_read_arr arr;
    char owner[96];
    int rc = block_lookup(f, kind, id, &e);
    if (rc != 0)
        return rc;
    exsi_read_owner_label(owner, sizeof owner, kind, e->id);
    if (!exsi_kind_kinds[kind].epec_var) {
        /* Edge blocks: fixed node counts, no stored array. */
        if ((rc = exsi_util_check_type(f, owner, t, 0)) == 0 &&
            (rc = exsi_util_check_slab(f, owner, start, count, e->num_entries)) == 0)
            rc = exsi_read_fill_const(f, owner, e->nodes_per_entry, count, t, buf);
        return rc;
    }
    if ((rc = exsi_block_counts_arr(f, kind, e, &arr)) != 0)
        return rc;
    if ((rc = exsi_read_arr_check(f, &arr, start, count, t, 0, buf)) != 0)
        return rc;
    int poly = e->topo == EXS_TOPO_NSIDED || e->topo == EXS_TOPO_NFACED;
    if (arr.found || (poly && arr.n > 0))
        return exsi_read_arr_read(f, &arr, start, count, t, buf);
    /* A fixed-topology block: every entry has nodes_per_entry nodes. */
    return exsi_read_fill_const(f, arr.what, e->nodes_per_entry, count, t, buf);
}

/* ---- writes ---- */

/* What the writer refuses beyond the shape: a connectivity of no values
 * per entry, and node connectivity of an NFACED block (its nodes are the
 * faces'). */
static int conn_writable(exs_file *f, exs_kind kind, const exsi_core_entity *e,
                         exs_conn which, const exsi_read_arr *arr)
{
    int flat = arr->width == 1 && (e->topo == EXS_TOPO_NSIDED ||
                                   e->topo == EXS_TOPO_NFACED);
    int64_t per = flat ? arr->n : arr->width;
    if (per > 0 && !(which == EXS_CONN_NODES && e->topo == EXS_TOPO_NFACED))
        return 0;
    return exsi_err(f, EXS_ENOTFOUND, "%s %lld has no such connectivity (%d)",
                   exsi_kind_kinds[kind].label, (long long)e->id, (int)which);
}

int exs_put_conn(exs_file *f, exs_kind kind, int64_t id, exs_conn which,
                 int64_t start, int64_t count, exs_type t, const void *buf)
{
    exsi_core_entity *e;
    exsi_read_arr arr;
    int64_t n = 0, width = 0;
    const char *fmt = NULL;
    int rc = exsi_w_entity_of(f, kind, id, 0, &e);
    if (rc == 0)
        rc = exsi_w_ready(f, "exs_put_conn");
    if (rc == 0 && exsi_block_conn_shape(kind, e, which, &fmt, &n, &width) != 0)
        rc = exsi_err(f, EXS_ENOTFOUND, "%s %lld has no such connectivity (%d)",
                     exsi_kind_kinds[kind].label, (long long)e->id, (int)which);
    if (rc == 0)
        rc = exsi_w_put_pre(f, "exs_put_conn", t, 0, start, count, n);
    if (rc != 0 || n == 0) /* no entries: no variable, nothing to write */
        return rc;
    if ((rc = exsi_block_conn_arr(f, kind, e, which, &arr)) == 0)
        rc = conn_writable(f, kind, e, which, &arr);
    return rc ? rc : exsi_w_put_arr(f, &arr, start, count, t, buf);
}

int exs_put_entry_counts(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                         int64_t count, exs_type t, const void *buf)
{
    exsi_core_entity *e;
    exsi_read_arr arr;
    int rc = exsi_w_entity_of(f, kind, id, 0, &e);
    if (rc == 0)
        rc = exsi_w_put_pre(f, "exs_put_entry_counts", t, 0, start, count,
                            e->num_entries);
    if (rc != 0 || e->num_entries == 0)
        return rc;
    if (e->topo != EXS_TOPO_NSIDED && e->topo != EXS_TOPO_NFACED)
        return exsi_err(f, EXS_EINVAL, "%s %lld is not NSIDED or NFACED",
                       exsi_kind_kinds[kind].label, (long long)id);
    rc = exsi_block_counts_arr(f, kind, e, &arr);
    return rc ? rc : exsi_w_put_arr(f, &arr, start, count, t, buf);
}
