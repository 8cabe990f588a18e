/* write_attrs.c -- the writer's side of set and node attributes and of the
 * legacy element order map: their definitions (recorded in the model, as
 * every exs_def_* is; write_header.c defines the variables from it) and
 * the fill of a declared order map nobody wrote. */
#include <stdio.h>
#include <stdlib.h>

#include "write.h"

/* num_attr >= 0 that fits a dimension and, times the entries, an int64. */
static int check_attr_count(exs_file *f, const char *what, const char *owner,
                            int64_t entries, int64_t num_attr)
{
    int64_t values;
    if (num_attr < 0)
        return exsi_err(f, EXS_EINVAL, "%s: %s: %lld attributes", what, owner,
                       (long long)num_attr);
    int rc = exsi_w_check_count(f, what, num_attr);
    if (rc == 0 && exsi_mul64(entries, num_attr, &values) != 0)
        rc = exsi_err(f, EXS_EOVERFLOW, "%s: %s: %lld entries times %lld attributes "
                     "overflow", what, owner, (long long)entries, (long long)num_attr);
    return rc;
}

/* Give e num_attr attributes with empty names (once). */
static int set_attr_count(exs_file *f, const char *what, const char *owner,
                          exsi_core_entity *e, int64_t num_attr)
{
    if (e->num_attr > 0)
        return exsi_err(f, EXS_EDEFINED, "%s: %s already has %lld attributes", what,
                       owner, (long long)e->num_attr);
    int rc = check_attr_count(f, what, owner, e->num_entries, num_attr);
    if (rc != 0 || num_attr == 0)
        return rc;
    char **names = exsi_w_empty_names(num_attr);
    if (!names)
        return exsi_err(f, EXS_ENOMEM, "%s", what);
    e->attr_names = names;
    e->num_attr = num_attr;
    return 0;
}

int exs_def_set_attr(exs_file *f, exs_kind kind, int64_t id, int64_t num_attr)
{
    exsi_core_entity *e;
    char owner[96];
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_check_define(f, "exs_def_set_attr");
    if (rc != 0)
        return rc;
    if (!exsi_core_kind_valid((int)kind) || !exsi_core_is_set(kind))
        return exsi_err(f, EXS_EINVAL, "exs_def_set_attr: kind %d is not a set kind",
                       (int)kind);
    if ((rc = exsi_util_entity_lookup(f, kind, id, &e)) != 0)
        return rc;
    snprintf(owner, sizeof owner, "%s %lld", exsi_kind_kinds[kind].label, (long long)id);
    return set_attr_count(f, "exs_def_set_attr", owner, e, num_attr);
}

int exs_def_node_attr(exs_file *f, int64_t num_attr)
{
    exsi_core_entity *e;
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_check_define(f, "exs_def_node_attr");
    if (rc != 0)
        return rc;
    if (!f->w->mesh_defined)
        return exsi_err(f, EXS_EINVAL, "exs_def_node_attr: define the mesh "
                       "(exs_def_mesh) first");
    if ((rc = exsi_attr_owner(f, EXS_NODAL, 0, &e)) != 0)
        return rc;
    return set_attr_count(f, "exs_def_node_attr", "the nodes", e, num_attr);
}

int exs_def_order_map(exs_file *f)
{
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_check_define(f, "exs_def_order_map");
    if (rc == 0)
        f->order_map = 1;
    return rc;
}

/* ---- at close ---- */

static int put_order_piece(exs_file *f, int kind, int64_t start, int64_t count,
                           const int64_t *buf)
{
    (void)kind;
    return exs_put_order_map(f, start, count, EXS_I64, buf);
}

int exsi_w_fill_order_map(exs_file *f)
{
    exsi_core_write_state *w = f->w;
    int64_t mine = w->order_map_written, any = mine, n = f->num_elem;
    if (exsi_comm_allreduce_i64(f->comm, &mine, &any, 1, EXS_OP_MAX) != 0)
        return exsi_err(f, EXS_EMPI, "agreeing on the order map written");
    if (!w->created || !f->order_map || any || n <= 0)
        return 0;
    return exsi_w_fill_identity(f, 0, n, put_order_piece);
}
