/* inquire.c -- the metadata the handle holds: counts, ids, names,
 * properties, variables' names and truth tables, chunk lengths. */
#include <string.h>

#include "internal.h"

#define CHECK_F(f)              \
    do {                        \
        if (!(f))               \
            return EXS_EINVAL;  \
    } while (0)

/* The const API hands out messages through a handle it may not modify in
 * spirit; errors still land in the handle's message buffer. */
static exs_file *mut(const exs_file *f) { return (exs_file *)f; }

int exs_inquire(const exs_file *f, exs_inq what, int64_t *value)
{
    CHECK_F(f);
    if (!value)
        return exsi_err(mut(f), EXS_EINVAL, "exs_inquire: value is NULL");
    const int64_t v[EXS_INQ_COUNT_] = {
        [EXS_INQ_FORMAT] = f->format,
        [EXS_INQ_NUM_DIM] = f->num_dim,
        [EXS_INQ_NUM_NODES] = f->num_nodes,
        [EXS_INQ_NUM_ELEM] = f->num_elem,
        [EXS_INQ_NUM_EDGE] = f->num_edge,
        [EXS_INQ_NUM_FACE] = f->num_face,
        [EXS_INQ_NUM_TIMES] = f->num_times,
        [EXS_INQ_NUM_QA] = f->num_qa,
        [EXS_INQ_NUM_INFO] = f->num_info,
        [EXS_INQ_INT64_STATUS] = f->int64_status,
        [EXS_INQ_NAME_LEN] = f->name_len,
        [EXS_INQ_MAX_NAME_USED] = f->max_name_used,
        [EXS_INQ_FLOAT_SIZE] = f->float_size,
        [EXS_INQ_INT_SIZE] = f->int_size,
        [EXS_INQ_HAS_MESH] = f->has_mesh,
        [EXS_INQ_NEMESIS] = f->nemesis,
        [EXS_INQ_NUM_PROCS] = f->num_procs,
        [EXS_INQ_COMPRESSED] = f->compressed,
        [EXS_INQ_PARALLEL] = f->parallel,
        [EXS_INQ_RANK] = exsi_comm_rank(f->comm),
        [EXS_INQ_NRANKS] = exsi_comm_size(f->comm),
        [EXS_INQ_ORDER_MAP] = f->order_map,
    };
    if ((int)what < 0 || what >= EXS_INQ_COUNT_)
        return exsi_err(mut(f), EXS_EINVAL, "exs_inquire: unknown item %d", (int)what);
    *value = v[what];
    return 0;
}

int exs_get_title(const exs_file *f, const char **title)
{
    CHECK_F(f);
    *title = f->title ? f->title : "";
    return 0;
}

static int check_kind(const exs_file *f, exs_kind kind)
{
    if (!exsi_core_kind_valid((int)kind))
        return exsi_err(mut(f), EXS_EINVAL, "unknown entity kind %d", (int)kind);
    return 0;
}

int exs_num_entities(const exs_file *f, exs_kind kind, int64_t *n)
{
    CHECK_F(f);
    int rc = check_kind(f, kind);
    if (rc == 0)
        *n = exsi_core_has_entities(kind) ? f->ents[kind].n : 1;
    return rc;
}

int exs_get_ids(const exs_file *f, exs_kind kind, int64_t *ids)
{
    CHECK_F(f);
    int rc = check_kind(f, kind);
    if (rc != 0)
        return rc;
    if (!exsi_core_has_entities(kind)) {
        ids[0] = 0;
        return 0;
    }
    for (int64_t i = 0; i < f->ents[kind].n; i++)
        ids[i] = f->ents[kind].e[i].id;
    return 0;
}

int exs_get_entity(const exs_file *f, exs_kind kind, int64_t id,
                   exs_entity_info *info)
{
    exsi_core_entity *e;
    CHECK_F(f);
    /* EXS_NODAL: the nodes (num_entries, num_attr), whatever the id. */
    int rc = kind == EXS_NODAL ? exsi_util_attr_owner(mut(f), kind, id, &e)
                               : exsi_util_entity_lookup(mut(f), kind, id, &e);
    if (rc != 0)
        return rc;
    *info = (exs_entity_info){
        .id = e->id,
        .index = e->index,
        .num_entries = e->num_entries,
        .nodes_per_entry = e->nodes_per_entry,
        .edges_per_entry = e->edges_per_entry,
        .faces_per_entry = e->faces_per_entry,
        .num_attr = e->num_attr,
        .num_df = e->num_df,
        .offset = e->offset,
        .topo = e->topo,
        .type = e->type ? e->type : "",
        .name = e->name ? e->name : "",
    };
    return 0;
}

int exs_find_entity(const exs_file *f, exs_kind kind, const char *name, int64_t *id)
{
    CHECK_F(f);
    int rc = check_kind(f, kind);
    if (rc != 0 || !name)
        return rc ? rc : exsi_err(mut(f), EXS_EINVAL, "name is NULL");
    const exsi_core_entity_list *l = &f->ents[kind];
    for (int64_t i = 0; exsi_core_has_entities(kind) && i < l->n; i++)
        if (l->e[i].name && strcmp(l->e[i].name, name) == 0) {
            *id = l->e[i].id;
            return 0;
        }
    return exsi_err(mut(f), EXS_ENOTFOUND, "no %s named \"%s\"",
                   exsi_kind_kinds[kind].label ? exsi_kind_kinds[kind].label : "entity", name);
}

/* ---- properties ---- */

int exs_num_props(const exs_file *f, exs_kind kind, int *n)
{
    CHECK_F(f);
    int rc = check_kind(f, kind);
    if (rc == 0 && !exsi_core_has_entities(kind))
        rc = exsi_err(mut(f), EXS_EINVAL, "kind %d has no properties", (int)kind);
    if (rc == 0)
        *n = f->ents[kind].nprops ? f->ents[kind].nprops : 1;
    return rc;
}

int exs_get_prop_name(const exs_file *f, exs_kind kind, int prop, const char **name)
{
    int n = 0;
    int rc = exs_num_props(f, kind, &n);
    if (rc != 0)
        return rc;
    if (prop < 0 || prop >= n)
        return exsi_err(mut(f), EXS_ERANGE, "property %d of %d", prop, n);
    const char *p = f->ents[kind].prop_names ? f->ents[kind].prop_names[prop] : "ID";
    *name = p ? p : "";
    return 0;
}

/* The variable holding property `name` (not "ID") of a kind. */
static int prop_var(exs_file *f, exs_kind kind, const char *name, exsi_core_varinfo *vi)
{
    char var[64];
    const exsi_core_entity_list *l = &f->ents[kind];
    for (int p = 1; p < l->nprops; p++) {
        if (!l->prop_names[p] || strcmp(l->prop_names[p], name) != 0)
            continue;
        exsi_kind_fmt_name(var, sizeof var, exsi_kind_kinds[kind].prop_fmt, p + 1, 0);
        int rc = exsi_util_var_lookup(f, var, vi);
        return rc ? exsi_err(f, rc, "property variable %s", var) : 0;
    }
    return exsi_err(f, EXS_ENOTFOUND, "no %s property \"%s\"", exsi_kind_kinds[kind].label,
                   name);
}

int exs_get_prop(exs_file *f, exs_kind kind, int64_t id, const char *name,
                 int64_t *value)
{
    exsi_core_entity *e;
    exsi_core_varinfo vi;
    int rc = exsi_util_entity_lookup(f, kind, id, &e);
    if (rc != 0)
        return rc;
    if (!name || strcmp(name, "ID") == 0) {
        *value = e->id;
        return 0;
    }
    if ((rc = prop_var(f, kind, name, &vi)) != 0)
        return rc;
    int64_t st = e->index - 1, ct = 1;
    return exsi_io_read(f, &vi, &st, &ct, EXS_I64, value);
}

int exs_get_prop_array(exs_file *f, exs_kind kind, const char *name, int64_t *values)
{
    int n = 0;
    exsi_core_varinfo vi;
    int rc = exs_num_props(f, kind, &n);
    if (rc != 0)
        return rc;
    const exsi_core_entity_list *l = &f->ents[kind];
    if (!name || strcmp(name, "ID") == 0) {
        for (int64_t i = 0; i < l->n; i++)
            values[i] = l->e[i].id;
        return 0;
    }
    if ((rc = prop_var(f, kind, name, &vi)) != 0 || l->n == 0)
        return rc;
    int64_t st = 0, ct = l->n;
    return exsi_io_read(f, &vi, &st, &ct, EXS_I64, values);
}

/* ---- names and records ---- */

int exs_get_coord_name(const exs_file *f, int axis, const char **name)
{
    CHECK_F(f);
    if (axis < 0 || axis >= f->num_dim)
        return exsi_err(mut(f), EXS_ERANGE, "axis %d of %d", axis, f->num_dim);
    *name = f->coord_names && f->coord_names[axis] ? f->coord_names[axis] : "";
    return 0;
}

int exs_get_attr_name(const exs_file *f, exs_kind kind, int64_t id, int attr,
                      const char **name)
{
    exsi_core_entity *e;
    CHECK_F(f);
    int rc = exsi_util_attr_owner(mut(f), kind, id, &e);
    if (rc != 0)
        return rc;
    if (attr < 0 || attr >= e->num_attr)
        return exsi_err(mut(f), EXS_ERANGE, "attribute %d of %lld of %s %lld", attr,
                       (long long)e->num_attr, exsi_kind_kinds[kind].label, (long long)id);
    *name = e->attr_names && e->attr_names[attr] ? e->attr_names[attr] : "";
    return 0;
}

int exs_get_qa(const exs_file *f, int64_t i, const char *rec[4])
{
    CHECK_F(f);
    if (i < 0 || i >= f->num_qa)
        return exsi_err(mut(f), EXS_ERANGE, "QA record %lld of %lld", (long long)i,
                       (long long)f->num_qa);
    for (int j = 0; j < 4; j++)
        rec[j] = f->qa[i * 4 + j];
    return 0;
}

int exs_get_info(const exs_file *f, int64_t i, const char **line)
{
    CHECK_F(f);
    if (i < 0 || i >= f->num_info)
        return exsi_err(mut(f), EXS_ERANGE, "info record %lld of %lld", (long long)i,
                       (long long)f->num_info);
    *line = f->info[i];
    return 0;
}

/* ---- variables ---- */

static int check_var_kind(const exs_file *f, exs_kind kind)
{
    int rc = check_kind(f, kind);
    if (rc == 0 && !exsi_core_has_vars(kind))
        rc = exsi_err(mut(f), EXS_EINVAL, "%s has no results variables",
                     exsi_kind_kinds[kind].label);
    return rc;
}

int exs_num_vars(const exs_file *f, exs_kind kind, int *n)
{
    CHECK_F(f);
    int rc = check_var_kind(f, kind);
    if (rc == 0)
        *n = f->vars[kind].n;
    return rc;
}

int exs_get_var_name(const exs_file *f, exs_kind kind, int var, const char **name)
{
    CHECK_F(f);
    int rc = check_var_kind(f, kind);
    if (rc != 0)
        return rc;
    if (var < 0 || var >= f->vars[kind].n)
        return exsi_err(mut(f), EXS_ERANGE, "%s variable %d of %d",
                       exsi_kind_kinds[kind].label, var, f->vars[kind].n);
    *name = f->vars[kind].names[var];
    return 0;
}

int exs_find_var(const exs_file *f, exs_kind kind, const char *name, int *var)
{
    CHECK_F(f);
    int rc = check_var_kind(f, kind);
    if (rc != 0 || !name)
        return rc ? rc : exsi_err(mut(f), EXS_EINVAL, "name is NULL");
    for (int i = 0; i < f->vars[kind].n; i++)
        if (strcmp(f->vars[kind].names[i], name) == 0) {
            *var = i;
            return 0;
        }
    return exsi_err(mut(f), EXS_ENOTFOUND, "no %s variable \"%s\"",
                   exsi_kind_kinds[kind].label, name);
}

int exs_get_truth(const exs_file *f, exs_kind kind, int *tab)
{
    CHECK_F(f);
    int rc = check_var_kind(f, kind);
    if (rc != 0)
        return rc;
    int64_t ne = exsi_core_has_entities(kind) ? f->ents[kind].n : 1, cells;
    const exsi_core_var_list *v = &f->vars[kind];
    if (exsi_mul64(ne, v->n, &cells) != 0)
        return exsi_err(mut(f), EXS_EOVERFLOW, "truth table of %lld x %d",
                       (long long)ne, v->n);
    if (!v->sparse) {
        for (int64_t i = 0; i < cells; i++)
            tab[i] = v->truth ? v->truth[i] : 1;
        return 0;
    }
    /* The caller's table is the only O(entities x variables) cost. */
    for (int64_t i = 0; i < cells; i++)
        tab[i] = 0;
    for (int64_t i = 0; i < v->nstored; i++)
        tab[v->stored[i]] = 1;
    return 0;
}

/* ---- chunks ---- */

/* Chunk length of variable `name` along its entry dimension (the last of
 * a (time, entries) result variable, else the first), 0 when the variable
 * is absent or not chunked. */
static int64_t var_chunk(exs_file *m, const char *name, int result)
{
    exsi_core_varinfo vi;
    exsi_core_layout lay;
    if (exsi_util_var_lookup(m, name, &vi) != 0 || vi.ndims < 1 ||
        m->store->ops->inq_layout(m->store, vi.varid, &lay) != 0 || !lay.chunked)
        return 0;
    int64_t c = lay.chunks[result ? vi.ndims - 1 : 0];
    return c > 0 ? c : 0;
}

/* The entry dimension's chunk length of the first chunked bulk array of
 * the entity (coordinates or connectivity, then its first result
 * variable: the libexodus netCDF-4 layout chunks only those, one step per
 * chunk), else entries in block_bytes of the widest array. */
int exs_chunk_len(const exs_file *f, exs_kind kind, int64_t id, int64_t block_bytes,
                  int64_t *len)
{
    char name[64];
    exs_file *m = mut(f);
    CHECK_F(f);
    if (block_bytes <= 0)
        block_bytes = EXS_DEFAULT_BLOCK_BYTES;
    int64_t width = 8, chunk = 0; /* bytes per entry of the widest array */
    if (kind == EXS_NODAL) {
        chunk = var_chunk(m, "coordx", 0);
        if (chunk == 0)
            chunk = var_chunk(m, "vals_nod_var1", 1);
    } else {
        exsi_core_entity *e;
        int rc = exsi_util_entity_lookup(m, kind, id, &e);
        if (rc != 0)
            return rc;
        const exsi_core_kind_desc *ki = &exsi_kind_kinds[kind];
        if (ki->conn_var && exsi_kind_fmt_name(name, sizeof name, ki->conn_var, e->index, 0) == 0)
            chunk = var_chunk(m, name, 0);
        if (chunk == 0 && ki->var_vals &&
            exsi_kind_fmt_name(name, sizeof name, ki->var_vals, 1, e->index) == 0)
            chunk = var_chunk(m, name, 1);
        int64_t per = e->nodes_per_entry > e->num_attr ? e->nodes_per_entry : e->num_attr;
        int64_t isz = f->int_size > 4 ? 8 : 4;
        /* A corrupt file's per-entry count may be huge: no overflow. */
        width = per <= 0 ? isz : per < block_bytes / isz ? per * isz : block_bytes;
    }
    if (chunk > 0) {
        *len = chunk;
        return 0;
    }
    *len = block_bytes / width > 0 ? block_bytes / width : 1;
    return 0;
}
