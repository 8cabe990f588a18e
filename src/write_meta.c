/* write_meta.c -- the small stored metadata: ids, status, names, property
 * values, attribute and coordinate names, truth tables, QA and info. Written
 * from the model once the header exists; names and properties put later go
 * straight to the file (and into the model). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write.h"

static int lookup(exs_file *f, const char *fmt, int64_t a, exsi_core_varinfo *vi)
{
    char name[64];
    if (exsi_kind_fmt_name(name, sizeof name, fmt, a, 0) != 0)
        return EXS_EINVAL;
    int rc = exsi_util_var_lookup(f, name, vi);
    return rc == 0 ? 0 : exsi_err(f, EXS_ENOTSUP, "variable %s is not in the file", name);
}

/* Rows [row, row+n) of a char(rows, width) variable from n strings,
 * NUL-padded. A small temporary: names are metadata, not bulk data. */
int exsi_w_put_names_var(exs_file *f, const char *var, int64_t row, int64_t n,
                        char *const *names, int64_t width)
{
    exsi_core_varinfo vi;
    int rc = lookup(f, var, 0, &vi);
    if (rc != 0)
        return rc;
    if (vi.ndims == 2)
        width = vi.dimlen[1];
    char *text = calloc((size_t)(n * width) + 1, 1);
    if (!text)
        return exsi_err(f, EXS_ENOMEM, "names of %s", var);
    for (int64_t i = 0; i < n; i++) {
        size_t len = names[i] ? strlen(names[i]) : 0;
        memcpy(text + i * width, names[i] ? names[i] : "",
               len < (size_t)width ? len : (size_t)width);
    }
    int64_t st[2] = {row, 0}, ct[2] = {n, width};
    rc = exsi_io_write(f, &vi, st, ct, EXS_TEXT, text);
    free(text);
    return rc;
}

static int put_ints(exs_file *f, const char *fmt, int64_t a, int64_t n,
                    const int64_t *vals)
{
    exsi_core_varinfo vi;
    int rc = lookup(f, fmt, a, &vi);
    int64_t st = 0, ct = n;
    return rc ? rc : exsi_io_write(f, &vi, &st, &ct, EXS_I64, vals);
}

/* Ids, status and names of the entities of one kind. */
static int fill_entities(exs_file *f, exs_kind k)
{
    const exsi_core_kind_desc *d = &exsi_kind_kinds[k];
    exsi_core_entity_list *l = &f->ents[k];
    if (l->n == 0)
        return 0;
    int64_t *v = malloc((size_t)l->n * sizeof *v);
    char **names = malloc((size_t)l->n * sizeof *names);
    int rc = v && names ? 0 : exsi_err(f, EXS_ENOMEM, "ids of %ss", d->label);
    for (int64_t i = 0; rc == 0 && i < l->n; i++) {
        v[i] = l->e[i].id;
        names[i] = l->e[i].name;
    }
    if (rc == 0)
        rc = put_ints(f, d->prop_fmt, 1, l->n, v);
    for (int64_t i = 0; rc == 0 && d->status_var && i < l->n; i++)
        v[i] = l->e[i].status;
    if (rc == 0 && d->status_var)
        rc = put_ints(f, d->status_var, 0, l->n, v);
    for (int p = 1; rc == 0 && p < l->nprops; p++) {
        memset(v, 0, (size_t)l->n * sizeof *v);
        rc = put_ints(f, d->prop_fmt, p + 1, l->n, v);
    }
    if (rc == 0)
        rc = exsi_w_put_names_var(f, d->names_var, 0, l->n, names, f->name_len + 1);
    free(v);
    free(names);
    return rc;
}

static int fill_entity_attr_names(exs_file *f, exs_kind k, const exsi_core_entity *e)
{
    char var[64];
    if (e->num_attr <= 0 || e->num_entries <= 0 || !e->attr_names)
        return 0;
    exsi_kind_fmt_name(var, sizeof var, exsi_kind_kinds[k].attr_names, e->index, 0);
    return exsi_w_put_names_var(f, var, 0, e->num_attr, e->attr_names, f->name_len + 1);
}

/* Attribute names of every block and set of kind k; EXS_NODAL: the nodes'. */
static int fill_attr_names(exs_file *f, exs_kind k)
{
    exsi_core_entity *e;
    int rc = 0;
    if (k == EXS_NODAL)
        return exsi_util_attr_owner(f, k, 0, &e) ? 0 : fill_entity_attr_names(f, k, e);
    for (int64_t i = 0; rc == 0 && i < f->ents[k].n; i++)
        rc = fill_entity_attr_names(f, k, &f->ents[k].e[i]);
    return rc;
}

static int fill_truth(exs_file *f, exs_kind k)
{
    exsi_core_var_list *v = &f->vars[k];
    exsi_core_varinfo vi;
    int64_t n = f->ents[k].n * v->n;
    if (n == 0 || exsi_util_var_lookup(f, exsi_kind_kinds[k].var_tab, &vi) != 0)
        return 0;
    int64_t *t = malloc((size_t)n * sizeof *t);
    if (!t)
        return exsi_err(f, EXS_ENOMEM, "truth table");
    for (int64_t i = 0; i < n; i++) {
        int64_t e = i / v->n;
        /* An empty entity has no variables (no dimension to hang them on). */
        t[i] = (v->truth ? v->truth[i] : 1) && f->ents[k].e[e].num_entries > 0;
    }
    int64_t st[2] = {0, 0}, ct[2] = {f->ents[k].n, v->n};
    int rc = exsi_io_write(f, &vi, st, ct, EXS_I64, t);
    free(t);
    return rc;
}

static int fill_vars(exs_file *f, exs_kind k)
{
    exsi_core_var_list *v = &f->vars[k];
    if (v->n == 0)
        return 0;
    int rc = exsi_w_put_names_var(f, exsi_kind_kinds[k].var_names, 0, v->n, v->names,
                                 f->name_len + 1);
    return rc || !exsi_core_has_entities(k) ? rc : fill_truth(f, k);
}

static int fill_records(exs_file *f)
{
    exsi_core_varinfo vi;
    int rc = 0;
    if (f->num_qa > 0 && (rc = lookup(f, "qa_records", 0, &vi)) == 0) {
        int64_t w = vi.dimlen[2];
        char *text = calloc((size_t)(f->num_qa * 4 * w) + 1, 1);
        if (!text)
            return exsi_err(f, EXS_ENOMEM, "QA records");
        for (int64_t i = 0; i < f->num_qa * 4; i++)
            memcpy(text + i * w, f->qa[i], strlen(f->qa[i]));
        int64_t st[3] = {0, 0, 0}, ct[3] = {f->num_qa, 4, w};
        rc = exsi_io_write(f, &vi, st, ct, EXS_TEXT, text);
        free(text);
    }
    if (rc == 0 && f->num_info > 0)
        rc = exsi_w_put_names_var(f, "info_records", 0, f->num_info, f->info,
                                 f->w->len_line);
    return rc;
}

static int apply_pending_props(exs_file *f)
{
    exsi_core_write_state *w = f->w;
    int rc = 0;
    for (int64_t i = 0; rc == 0 && i < w->nprops; i++) {
        exsi_w_pending_prop *p = &w->props[i];
        exsi_core_varinfo vi;
        rc = lookup(f, exsi_kind_kinds[p->kind].prop_fmt, p->prop + 1, &vi);
        int64_t st = p->index, ct = 1;
        if (rc == 0)
            rc = exsi_io_write(f, &vi, &st, &ct, EXS_I64, &p->value);
    }
    free(w->props);
    w->props = NULL;
    w->nprops = w->props_cap = 0;
    return rc;
}

static void note_varids(exs_file *f)
{
    exsi_core_varinfo vi;
    for (int a = 0; a < f->num_dim; a++)
        if (exsi_util_var_lookup(f, exsi_core_coord_vars[a], &vi) == 0)
            f->coord_varid[a] = vi.varid;
    if (exsi_util_var_lookup(f, "time_whole", &vi) == 0)
        f->time_varid = vi.varid;
}

/* What lies before the first bulk array: ids, status and names of the
 * entities. */
int exsi_w_fill_metadata(exs_file *f)
{
    int rc = 0;
    note_varids(f);
    for (int k = EXS_ELEM_BLOCK; rc == 0 && k < EXS_NUM_KINDS; k++)
        rc = fill_entities(f, (exs_kind)k);
    return rc;
}

/* The rest, in the order the writer always used (a netCDF-4 file places
 * its data in the order it is written, and stays byte for byte as it
 * was); the property values put while defining come last. */
int exsi_w_fill_metadata_tail(exs_file *f)
{
    int rc = 0;
    for (int k = EXS_NODAL; rc == 0 && k <= EXS_ELEM_SET; k++)
        if (k != EXS_GLOBAL)
            rc = fill_attr_names(f, (exs_kind)k);
    if (rc == 0 && f->num_dim > 0)
        rc = exsi_w_put_names_var(f, "coor_names", 0, f->num_dim, f->coord_names,
                                 f->name_len + 1);
    for (int k = 0; rc == 0 && k < EXS_NUM_KINDS; k++)
        if (exsi_core_has_vars((exs_kind)k))
            rc = fill_vars(f, (exs_kind)k);
    if (rc == 0)
        rc = fill_records(f);
    return rc ? rc : apply_pending_props(f);
}

/* ---- names and properties at any time ---- */

static int replace(exs_file *f, char **slot, const char *name)
{
    char *c = exsi_w_strdup(name);
    if (!c)
        return exsi_err(f, EXS_ENOMEM, "name");
    free(*slot);
    *slot = c;
    return 0;
}

static int name_mode(exs_file *f, const char *what)
{
    int rc = exsi_w_enter(f);
    if (rc != 0)
        return rc;
    if (f->mode != EXS_WRITE)
        return exsi_err(f, EXS_EMODE, "%s: file is open read-only", what);
    return exsi_w_write_open(f);
}

int exs_put_name(exs_file *f, exs_kind kind, int64_t id, const char *name)
{
    exsi_core_entity *e;
    int rc = name_mode(f, "exs_put_name");
    if (rc == 0)
        rc = exsi_util_entity_lookup(f, kind, id, &e);
    if (rc == 0)
        rc = exsi_w_check_name(f, "exs_put_name", name);
    char *own = rc == 0 ? exsi_w_strdup(name) : NULL; /* name may be an entity's own */
    if (rc == 0 && !own)
        rc = exsi_err(f, EXS_ENOMEM, "name");
    /* null sets sharing the id (exs_def_set) are named together */
    for (int64_t i = rc == 0 ? e->index - 1 : 0; rc == 0 && i < f->ents[kind].n; i++) {
        exsi_core_entity *x = &f->ents[kind].e[i];
        if (x->id != id)
            continue;
        if (!f->w->defining)
            rc = exsi_w_put_names_var(f, exsi_kind_kinds[kind].names_var, x->index - 1, 1,
                                     (char *const[]){own}, f->name_len + 1);
        if (rc == 0)
            rc = replace(f, &x->name, own);
    }
    free(own);
    return rc;
}

int exs_put_coord_names(exs_file *f, const char *const *names)
{
    int rc = name_mode(f, "exs_put_coord_names");
    if (rc != 0)
        return rc;
    if (!names || f->num_dim == 0 || !f->coord_names)
        return exsi_err(f, EXS_EINVAL, "exs_put_coord_names: no mesh or no names");
    for (int a = 0; a < f->num_dim; a++)
        if ((rc = exsi_w_check_name(f, "coordinate name", names[a])) != 0)
            return rc;
    if (!f->w->defining && !f->w->tail_pending)
        rc = exsi_w_put_names_var(f, "coor_names", 0, f->num_dim, (char *const *)names,
                                 f->name_len + 1);
    for (int a = 0; rc == 0 && a < f->num_dim; a++)
        rc = replace(f, &f->coord_names[a], names[a]);
    return rc;
}

int exs_put_attr_names(exs_file *f, exs_kind kind, int64_t id,
                       const char *const *names)
{
    exsi_core_entity *e;
    char var[64];
    int rc = name_mode(f, "exs_put_attr_names");
    if (rc == 0) /* blocks, sets, or the nodes (EXS_NODAL) */
        rc = exsi_util_attr_owner(f, kind, id, &e);
    if (rc != 0)
        return rc;
    if (!names || e->num_attr == 0 || !e->attr_names)
        return exsi_err(f, EXS_EINVAL, "exs_put_attr_names: %s %lld has no attributes",
                       exsi_kind_kinds[kind].label, (long long)id);
    for (int64_t a = 0; a < e->num_attr; a++)
        if ((rc = exsi_w_check_name(f, "attribute name", names[a])) != 0)
            return rc;
    exsi_kind_fmt_name(var, sizeof var, exsi_kind_kinds[kind].attr_names, e->index, 0);
    if (!f->w->defining && !f->w->tail_pending && e->num_entries > 0)
        rc = exsi_w_put_names_var(f, var, 0, e->num_attr, (char *const *)names,
                                 f->name_len + 1);
    for (int64_t a = 0; rc == 0 && a < e->num_attr; a++)
        rc = replace(f, &e->attr_names[a], names[a]);
    return rc;
}

static int pend_prop(exs_file *f, exs_kind kind, int p, int64_t index, int64_t value)
{
    exsi_core_write_state *w = f->w;
    if (w->nprops == w->props_cap) {
        int64_t cap = w->props_cap ? 2 * w->props_cap : 16;
        exsi_w_pending_prop *np = realloc(w->props, (size_t)cap * sizeof *np);
        if (!np)
            return exsi_err(f, EXS_ENOMEM, "property values");
        w->props = np;
        w->props_cap = cap;
    }
    w->props[w->nprops++] = (exsi_w_pending_prop){kind, p, index, value};
    return 0;
}

int exs_put_prop(exs_file *f, exs_kind kind, int64_t id, const char *name,
                 int64_t value)
{
    exsi_core_entity *e;
    int rc = name_mode(f, "exs_put_prop");
    if (rc == 0)
        rc = exsi_util_entity_lookup(f, kind, id, &e);
    if (rc != 0)
        return rc;
    exsi_core_entity_list *l = &f->ents[kind];
    int p = 1;
    while (name && p < l->nprops && strcmp(l->prop_names[p], name) != 0)
        p++;
    if (!name || p >= l->nprops)
        return exsi_err(f, name && strcmp(name, "ID") == 0 ? EXS_EINVAL : EXS_ENOTFOUND,
                       "exs_put_prop: no %s property \"%s\" (define it with "
                       "exs_def_prop; the id cannot be changed)",
                       exsi_kind_kinds[kind].label, name ? name : "NULL");
    char what[96];
    snprintf(what, sizeof what, "exs_put_prop: %s %lld property %s value",
             exsi_kind_kinds[kind].label, (long long)id, name);
    if ((rc = exsi_w_check_int(f, what, value)) != 0)
        return rc;
    exsi_core_varinfo vi;
    if (!f->w->defining)
        rc = lookup(f, exsi_kind_kinds[kind].prop_fmt, p + 1, &vi);
    /* null sets sharing the id (exs_def_set) take the value together */
    for (int64_t i = e->index - 1; rc == 0 && i < l->n; i++) {
        int64_t ct = 1;
        if (l->e[i].id != id)
            continue;
        rc = f->w->defining ? pend_prop(f, kind, p, i, value)
                            : exsi_io_write(f, &vi, &i, &ct, EXS_I64, &value);
    }
    return rc;
}
