/* write_define.c -- definitions recorded in the handle's model: the mesh,
 * blocks, sets, named maps, variables, truth tables, properties, QA and
 * info. Nothing touches the file here; exsi_w_write_header does, in one go. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write.h"

static const char *format_label(int format)
{
    switch (format) {
    case EXS_FORMAT_CLASSIC:
        return "CDF-1";
    case EXS_FORMAT_64BIT_OFFSET:
        return "CDF-2";
    case EXS_FORMAT_CDF5:
        return "CDF-5";
    case EXS_FORMAT_NETCDF4_CLASSIC:
        return "netCDF-4 classic";
    default:
        return "netCDF-4";
    }
}

/* netCDF-C's largest dimension length per format (nc_def_dim). */
static int64_t dim_limit(const exs_file *f)
{
    if (f->format == EXS_FORMAT_CLASSIC)
        return INT32_MAX - 3;
    if (f->format == EXS_FORMAT_64BIT_OFFSET)
        return (int64_t)UINT32_MAX - 3;
    return INT64_MAX;
}

int exsi_w_check_int(exs_file *f, const char *what, int64_t v)
{
    if (f->int_size == 8 || (v >= INT32_MIN && v <= INT32_MAX))
        return 0;
    return exsi_err(f, EXS_EOVERFLOW, "%s %lld does not fit the file's 32-bit integer "
                   "storage (%s, int64 off: %d..%d); create with int64 = 1 (CDF-5 or "
                   "netCDF-4) for it", what, (long long)v, format_label(f->format),
                   INT32_MIN, INT32_MAX);
}

int exsi_w_check_count(exs_file *f, const char *what, int64_t n)
{
    if (n <= dim_limit(f))
        return 0;
    return exsi_err(f, EXS_EOVERFLOW, "%s %lld does not fit a dimension of a %s file "
                   "(at most %lld)", what, (long long)n, format_label(f->format),
                   (long long)dim_limit(f));
}

int exsi_w_check_name(exs_file *f, const char *what, const char *name)
{
    if (name && (int64_t)strlen(name) > f->name_len)
        return exsi_err(f, EXS_ENAMELEN, "%s \"%.40s...\" has %zu characters; the "
                       "file's name length is %d", what, name, strlen(name),
                       f->name_len);
    if (name && (int)strlen(name) > f->max_name_used)
        f->max_name_used = (int)strlen(name);
    return 0;
}

char **exsi_w_empty_names(int64_t n)
{
    char **v = calloc(n > 0 ? (size_t)n : 1, sizeof *v);
    for (int64_t i = 0; v && i < n; i++)
        if (!(v[i] = exsi_w_strdup(""))) {
            while (i-- > 0)
                free(v[i]);
            free(v);
            return NULL;
        }
    return v;
}

int exs_def_mesh(exs_file *f, const char *title, int num_dim, int64_t num_nodes)
{
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_check_define(f, "exs_def_mesh");
    if (rc != 0)
        return rc;
    if (f->w->mesh_defined)
        return exsi_err(f, EXS_EDEFINED, "exs_def_mesh: the mesh is already defined");
    if (num_dim < 0 || num_dim > 3 || num_nodes < 0)
        return exsi_err(f, EXS_EINVAL, "exs_def_mesh: num_dim %d (0..3), num_nodes "
                       "%lld", num_dim, (long long)num_nodes);
    if (title && strlen(title) > EXS_MAX_TITLE_LEN)
        return exsi_err(f, EXS_ENAMELEN, "exs_def_mesh: the title has %zu characters; "
                       "at most %d are stored", strlen(title), EXS_MAX_TITLE_LEN);
    if ((rc = exsi_w_check_count(f, "exs_def_mesh: num_nodes", num_nodes)) != 0 ||
        (rc = exsi_w_check_int(f, "exs_def_mesh: num_nodes (the largest node number)",
                              num_nodes)) != 0)
        return rc;
    char *t = exsi_w_strdup(title);
    char **cn = exsi_w_empty_names(num_dim);
    if (!t || !cn) {
        free(t);
        for (int a = 0; cn && a < num_dim; a++)
            free(cn[a]);
        free(cn);
        return exsi_err(f, EXS_ENOMEM, "exs_def_mesh");
    }
    free(f->title);
    f->title = t;
    f->coord_names = cn;
    f->num_dim = num_dim;
    f->num_nodes = num_nodes;
    f->has_mesh = num_dim > 0; /* 0: a results-only file, as the reader sees it */
    f->w->mesh_defined = 1;
    return 0;
}

/* Room for one more entity of kind k; "ID" as property 0 on the first. */
static int grow_entities(exs_file *f, exs_kind k, exsi_core_entity **out)
{
    exsi_core_entity_list *l = &f->ents[k];
    if (l->nprops == 0) {
        l->prop_names = calloc(1, sizeof *l->prop_names);
        if (!l->prop_names || !(l->prop_names[0] = exsi_w_strdup("ID")))
            return exsi_err(f, EXS_ENOMEM, "property names");
        l->nprops = 1;
    }
    exsi_core_entity *e = realloc(l->e, (size_t)(l->n + 1) * sizeof *e);
    if (!e)
        return exsi_err(f, EXS_ENOMEM, "%s list", exsi_kind_kinds[k].label);
    l->e = e;
    *out = &e[l->n];
    memset(*out, 0, sizeof **out);
    return 0;
}

/* A new entity's row in the truth table: every variable stored. */
static int grow_truth(exs_file *f, exs_kind k)
{
    exsi_core_var_list *v = &f->vars[k];
    int64_t ne = f->ents[k].n;
    if (!v->truth || v->n == 0)
        return 0;
    int *t = realloc(v->truth, (size_t)((ne + 1) * v->n) * sizeof *t);
    if (!t)
        return exsi_err(f, EXS_ENOMEM, "truth table");
    for (int j = 0; j < v->n; j++)
        t[ne * v->n + j] = 1;
    v->truth = t;
    return 0;
}

/* A set without members or factors: nothing in it is addressed by id. */
static int null_set(const exsi_core_entity *e)
{
    return e->num_entries == 0 && e->num_df == 0;
}

/* 1 if an entity of kind k has this id (sets no message). A null set may
 * share the id of null sets (libexodus leaves the placeholder id -1 on
 * sets it declared and never wrote, so such files repeat it): null is
 * the new entity's nullness. The first holder comes from the id index;
 * only a null set's check looks at the others. */
static int id_taken(exs_file *f, exs_kind k, int64_t id, int null)
{
    exsi_core_entity_list *l = &f->ents[k];
    exsi_core_entity *first = exsi_util_entity_find(l, id);
    if (!first || !(null && exsi_core_is_set(k)))
        return first != NULL;
    for (int64_t i = first - l->e; i < l->n; i++)
        if (l->e[i].id == id && !null_set(&l->e[i]))
            return 1;
    return 0;
}

/* Common checks and the new entity itself (not yet counted). */
static int new_entity(exs_file *f, exs_kind k, int64_t id, const char *name,
                      const char *what, int null, exsi_core_entity **out)
{
    char label[96];
    *out = NULL;
    int rc = exsi_w_check_define(f, what);
    if (rc == 0 && id_taken(f, k, id, null))
        rc = exsi_err(f, EXS_EDEFINED, "%s: %s %lld is already defined", what,
                     exsi_kind_kinds[k].label, (long long)id);
    snprintf(label, sizeof label, "%s: %s id", what, exsi_kind_kinds[k].label);
    if (rc == 0)
        rc = exsi_w_check_int(f, label, id);
    snprintf(label, sizeof label, "%s: number of %ss", what, exsi_kind_kinds[k].label);
    if (rc == 0)
        rc = exsi_w_check_count(f, label, f->ents[k].n + 1);
    if (rc == 0)
        rc = exsi_w_check_name(f, what, name);
    if (rc == 0)
        rc = grow_truth(f, k);
    if (rc == 0)
        rc = grow_entities(f, k, out);
    if (rc != 0)
        return rc;
    exsi_core_entity *e = *out;
    e->id = id;
    e->index = f->ents[k].n + 1;
    e->status = 1;
    e->name = exsi_w_strdup(name);
    e->type = exsi_w_strdup("");
    if (!e->name || !e->type) {
        free(e->name);
        free(e->type);
        return exsi_err(f, EXS_ENOMEM, "%s", what);
    }
    return 0;
}

/* Every count of a block is a dimension; the kind's new total numbers
 * its entries (stored in maps and sets as integers). */
static int check_block_counts(exs_file *f, exs_kind kind, const exs_block_def *d)
{
    int64_t total, values;
    const char *l = exsi_kind_kinds[kind].label;
    int rc = exsi_w_check_count(f, "exs_def_block: num_entries", d->num_entries);
    if (rc == 0)
        rc = exsi_w_check_count(f, "exs_def_block: nodes_per_entry", d->nodes_per_entry);
    if (rc == 0)
        rc = exsi_w_check_count(f, "exs_def_block: edges_per_entry", d->edges_per_entry);
    if (rc == 0)
        rc = exsi_w_check_count(f, "exs_def_block: faces_per_entry", d->faces_per_entry);
    if (rc == 0)
        rc = exsi_w_check_count(f, "exs_def_block: num_attr", d->num_attr);
    if (rc == 0 && (exsi_mul64(d->num_entries, d->nodes_per_entry, &values) ||
                    exsi_mul64(d->num_entries, d->num_attr, &values)))
        rc = exsi_err(f, EXS_EOVERFLOW, "exs_def_block: %s %lld: %lld entries times "
                     "their values overflow", l, (long long)d->id,
                     (long long)d->num_entries);
    if (rc == 0 && exsi_add64(*exsi_kind_total_ref(f, kind), d->num_entries, &total))
        rc = exsi_err(f, EXS_EOVERFLOW, "exs_def_block: the %ss' total overflows", l);
    if (rc == 0)
        rc = exsi_w_check_count(f, "exs_def_block: the entries of all blocks", total);
    if (rc == 0)
        rc = exsi_w_check_int(f, "exs_def_block: the entries of all blocks (the "
                             "largest entry number)", total);
    return rc;
}

static int check_block_def(exs_file *f, exs_kind kind, const exs_block_def *d)
{
    if (!exsi_core_is_block(kind))
        return exsi_err(f, EXS_EINVAL, "exs_def_block: kind %d is not a block kind",
                       (int)kind);
    if (!d || d->num_entries < 0 || d->nodes_per_entry < 0 || d->edges_per_entry < 0 ||
        d->faces_per_entry < 0 || d->num_attr < 0)
        return exsi_err(f, EXS_EINVAL, "exs_def_block: negative count");
    if (kind != EXS_ELEM_BLOCK && (d->edges_per_entry || d->faces_per_entry))
        return exsi_err(f, EXS_EINVAL, "exs_def_block: only element blocks have "
                       "edge or face connectivity");
    if (d->type && strlen(d->type) > 32)
        return exsi_err(f, EXS_ENAMELEN, "exs_def_block: type \"%.40s\" is longer "
                       "than 32", d->type);
    return check_block_counts(f, kind, d);
}

int exs_def_block(exs_file *f, exs_kind kind, const exs_block_def *def)
{
    exsi_core_entity *e;
    int rc = exsi_w_enter(f);
    if (rc != 0)
        return rc;
    rc = check_block_def(f, kind, def);
    if (rc == 0)
        rc = new_entity(f, kind, def->id, def->name, "exs_def_block", 0, &e);
    if (rc != 0)
        return rc;
    char **an = def->num_attr > 0 ? exsi_w_empty_names(def->num_attr) : NULL;
    char *type = exsi_w_strdup(def->type);
    if ((def->num_attr > 0 && !an) || !type) {
        free(type);
        free(e->name);
        free(e->type);
        return exsi_err(f, EXS_ENOMEM, "exs_def_block");
    }
    free(e->type);
    e->type = type;
    e->topo = exs_topo_parse(type);
    if (e->topo == EXS_TOPO_UNKNOWN && def->num_entries == 0 && !type[0])
        e->topo = EXS_TOPO_NULL;
    e->num_entries = def->num_entries;
    e->nodes_per_entry = def->nodes_per_entry;
    e->edges_per_entry = def->edges_per_entry;
    e->faces_per_entry = def->faces_per_entry;
    e->num_attr = def->num_attr;
    e->attr_names = an;
    e->status = def->num_entries > 0;
    int64_t *total = exsi_kind_total_ref(f, kind);
    e->offset = *total;
    *total += def->num_entries;
    f->ents[kind].n++;
    return 0;
}

int exs_def_set(exs_file *f, exs_kind kind, int64_t id, int64_t num_entries,
                int64_t num_df, const char *name)
{
    exsi_core_entity *e;
    int rc = exsi_w_enter(f);
    if (rc != 0)
        return rc;
    if (!exsi_core_is_set(kind))
        return exsi_err(f, EXS_EINVAL, "exs_def_set: kind %d is not a set kind",
                       (int)kind);
    if (num_entries < 0 || num_df < 0 ||
        (kind != EXS_SIDE_SET && num_df != 0 && num_df != num_entries))
        return exsi_err(f, EXS_EINVAL, "exs_def_set: %s %lld: %lld entries, %lld "
                       "distribution factors", exsi_kind_kinds[kind].label, (long long)id,
                       (long long)num_entries, (long long)num_df);
    if ((rc = exsi_w_check_count(f, "exs_def_set: num_entries", num_entries)) != 0 ||
        (rc = exsi_w_check_count(f, "exs_def_set: num_df", num_df)) != 0)
        return rc;
    rc = new_entity(f, kind, id, name, "exs_def_set", num_entries == 0 && num_df == 0,
                    &e);
    if (rc != 0)
        return rc;
    e->num_entries = num_entries;
    e->num_df = num_df;
    e->status = num_entries > 0;
    f->ents[kind].n++;
    return 0;
}

int exs_def_map(exs_file *f, exs_kind map_kind, int64_t id, const char *name)
{
    exsi_core_entity *e;
    int rc = exsi_w_enter(f);
    if (rc != 0)
        return rc;
    if (!exsi_core_is_map(map_kind))
        return exsi_err(f, EXS_EINVAL, "exs_def_map: kind %d is not a map kind",
                       (int)map_kind);
    rc = new_entity(f, map_kind, id, name, "exs_def_map", 0, &e);
    if (rc != 0)
        return rc;
    f->ents[map_kind].n++;
    return 0;
}

int exs_def_vars(exs_file *f, exs_kind kind, int nvars, const char *const *names)
{
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_check_define(f, "exs_def_vars");
    if (rc != 0)
        return rc;
    if (!exsi_core_kind_valid((int)kind) || !exsi_core_has_vars(kind) || nvars < 0 ||
        (nvars > 0 && !names))
        return exsi_err(f, EXS_EINVAL, "exs_def_vars: kind %d, %d variables",
                       (int)kind, nvars);
    exsi_core_var_list *v = &f->vars[kind];
    if (v->n > 0)
        return exsi_err(f, EXS_EDEFINED, "exs_def_vars: %s variables are already "
                       "defined", exsi_kind_kinds[kind].label);
    for (int i = 0; i < nvars; i++)
        if ((rc = exsi_w_check_name(f, "variable name", names[i])) != 0)
            return rc;
    char **copy = calloc(nvars > 0 ? (size_t)nvars : 1, sizeof *copy);
    for (int i = 0; copy && i < nvars; i++)
        if (!(copy[i] = exsi_w_strdup(names[i]))) {
            while (i-- > 0)
                free(copy[i]);
            free(copy);
            copy = NULL;
        }
    if (!copy)
        return exsi_err(f, EXS_ENOMEM, "exs_def_vars");
    v->names = copy;
    v->n = nvars;
    return 0;
}

int exs_def_truth(exs_file *f, exs_kind kind, const int *tab)
{
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_check_define(f, "exs_def_truth");
    if (rc != 0)
        return rc;
    if (!exsi_core_kind_valid((int)kind) || !exsi_core_has_vars(kind) || !exsi_core_has_entities(kind) ||
        !tab)
        return exsi_err(f, EXS_EINVAL, "exs_def_truth: kind %d has no truth table",
                       (int)kind);
    exsi_core_var_list *v = &f->vars[kind];
    int64_t n = f->ents[kind].n * v->n;
    if (v->n == 0 || f->ents[kind].n == 0)
        return exsi_err(f, EXS_EINVAL, "exs_def_truth: define the %ss and their "
                       "variables first", exsi_kind_kinds[kind].label);
    int *t = malloc((size_t)n * sizeof *t);
    if (!t)
        return exsi_err(f, EXS_ENOMEM, "exs_def_truth");
    for (int64_t i = 0; i < n; i++)
        t[i] = tab[i] != 0;
    free(v->truth);
    v->truth = t;
    return 0;
}

int exs_def_prop(exs_file *f, exs_kind kind, const char *name)
{
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_check_define(f, "exs_def_prop");
    if (rc != 0)
        return rc;
    if (!exsi_core_kind_valid((int)kind) || !exsi_core_has_entities(kind) || !name || !name[0])
        return exsi_err(f, EXS_EINVAL, "exs_def_prop: kind %d, name %s", (int)kind,
                       name ? name : "NULL");
    if ((rc = exsi_w_check_name(f, "property name", name)) != 0)
        return rc;
    exsi_core_entity_list *l = &f->ents[kind];
    for (int p = 0; p < l->nprops; p++)
        if (strcmp(l->prop_names[p], name) == 0)
            return exsi_err(f, EXS_EDEFINED, "exs_def_prop: %s property \"%s\" exists",
                           exsi_kind_kinds[kind].label, name);
    if (strcmp(name, "ID") == 0)
        return exsi_err(f, EXS_EDEFINED, "exs_def_prop: \"ID\" is property 0");
    int n = l->nprops ? l->nprops : 1;
    char **pn = realloc(l->prop_names, (size_t)(n + 1) * sizeof *pn);
    if (!pn)
        return exsi_err(f, EXS_ENOMEM, "exs_def_prop");
    l->prop_names = pn;
    if (l->nprops == 0)
        pn[0] = exsi_w_strdup("ID");
    pn[n] = exsi_w_strdup(name);
    l->nprops = n + 1;
    return pn[0] && pn[n] ? 0 : exsi_err(f, EXS_ENOMEM, "exs_def_prop");
}

/* ---- QA and info: copies replace what an earlier call put ---- */

static void free_strings(char **s, int64_t n)
{
    for (int64_t i = 0; s && i < n; i++)
        free(s[i]);
    free(s);
}

static char **copy_strings(const char *const *src, int64_t n, int64_t *widest)
{
    char **out = calloc(n > 0 ? (size_t)n : 1, sizeof *out);
    for (int64_t i = 0; out && i < n; i++) {
        if (!(out[i] = exsi_w_strdup(src[i]))) {
            free_strings(out, i);
            return NULL;
        }
        if ((int64_t)strlen(out[i]) > *widest)
            *widest = (int64_t)strlen(out[i]);
    }
    return out;
}

int exs_put_qa(exs_file *f, int64_t n, const char *const (*recs)[4])
{
    int64_t widest = 32;
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_check_define(f, "exs_put_qa");
    if (rc != 0)
        return rc;
    if (n < 0 || (n > 0 && !recs))
        return exsi_err(f, EXS_EINVAL, "exs_put_qa: %lld records", (long long)n);
    char **q = copy_strings(n > 0 ? recs[0] : NULL, n * 4, &widest);
    if (!q)
        return exsi_err(f, EXS_ENOMEM, "exs_put_qa");
    free_strings(f->qa, f->num_qa * 4);
    f->qa = q;
    f->num_qa = n;
    f->w->len_string = widest + 1;
    return 0;
}

int exs_put_info(exs_file *f, int64_t n, const char *const *lines)
{
    int64_t widest = 80;
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_check_define(f, "exs_put_info");
    if (rc != 0)
        return rc;
    if (n < 0 || (n > 0 && !lines))
        return exsi_err(f, EXS_EINVAL, "exs_put_info: %lld lines", (long long)n);
    char **q = copy_strings(lines, n, &widest);
    if (!q)
        return exsi_err(f, EXS_ENOMEM, "exs_put_info");
    free_strings(f->info, f->num_info);
    f->info = q;
    f->num_info = n;
    f->w->len_line = widest + 1;
    return 0;
}
