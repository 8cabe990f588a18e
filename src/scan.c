/*
 * scan.c -- read the metadata model of an open file into the handle:
 * counts, entities (ids, names, properties, per-entity dimensions), results
 * variables and truth tables, coordinates' layout, QA and info records.
 *
 * The file is read as it is: values a strict validator would reject (set
 * members past num_nodes, ids without a "name" attribute) are kept; what
 * makes the model unusable (a block without its entry count, connectivity
 * shaped unlike its block) is an error naming the variable.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model_x.h"
#include "reader.h"

/* The most metadata values a file of this size can hold: a classic file
 * stores every value (a byte at least); netCDF-4 may compress them
 * (deflate reaches about 1000:1 on constant data) or leave them unwritten.
 * A count beyond it is a corrupt or hostile header, not a mesh: believing
 * it would cost gigabytes and minutes before any error. */
static int64_t value_bound(exs_file *f)
{
    struct stat st;
    if (f->value_bound > 0)
        return f->value_bound; /* one stat per open, not per entity */
    int nc4 = f->format == EXS_FORMAT_NETCDF4 || f->format == EXS_FORMAT_NETCDF4_CLASSIC;
    if (!f->path || stat(f->path, &st) != 0)
        f->value_bound = INT64_MAX;
    else
        f->value_bound = ((int64_t)st.st_size + 4096) * (nc4 ? 1024 : 1);
    return f->value_bound;
}

/* n entries of width values each (what: a name for the message). */
static int check_count(exs_file *f, const char *what, int64_t n, int64_t width)
{
    double values = (double)n * (double)(width > 1 ? width : 1);
    int64_t bound = value_bound(f);
    if (n >= 0 && width >= 0 && values <= (double)bound)
        return 0;
    return exsi_err(f, EXS_ECORRUPT, "%s: %lld x %lld values cannot be in a file of "
                   "this size (at most %lld): corrupt header", what, (long long)n,
                   (long long)width, (long long)bound);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Length of a dimension, 0 when absent. */
static int64_t dim_len(exs_file *f, const char *name)
{
    int64_t len = 0;
    if (f->store->ops->inq_dim(f->store, name, NULL, &len) != 0)
        return 0;
    return len;
}

static int has_dim(exs_file *f, const char *name)
{
    return f->store->ops->inq_dim(f->store, name, NULL, NULL) == 0;
}

static int64_t dim_fmt(exs_file *f, const char *fmt, int64_t index, int *found)
{
    char name[64];
    int64_t len = 0;
    *found = 0;
    if (!fmt || exsi_kind_fmt_name(name, sizeof name, fmt, index, 0) != 0)
        return 0;
    if (f->store->ops->inq_dim(f->store, name, NULL, &len) == 0)
        *found = 1;
    return len;
}

static int var_fmt(exs_file *f, const char *fmt, int64_t a, int64_t b,
                   exsi_core_varinfo *vi)
{
    char name[64];
    if (!fmt || exsi_kind_fmt_name(name, sizeof name, fmt, a, b) != 0)
        return EXS_ENOTFOUND;
    return exsi_util_var_lookup(f, name, vi);
}

static void track_name(exs_file *f, const char *s)
{
    int len = (int)strlen(s);
    if (len > f->max_name_used)
        f->max_name_used = len;
}

/* n names from a char(n, len) variable; missing variable or rows give "". */
static int read_names(exs_file *f, const char *var, int64_t n, char ***out)
{
    exsi_core_varinfo vi;
    char *text = NULL;
    int64_t width = 0, have = 0;
    int rc = check_count(f, var, n, 1);
    if (rc != 0)
        return rc;
    char **names = calloc(n ? (size_t)n : 1, sizeof *names);
    if (!names)
        return exsi_err(f, EXS_ENOMEM, "names of %s", var);
    if (exsi_util_var_lookup(f, var, &vi) == 0 && vi.ndims == 2 && vi.xtype == EXS_NC_CHAR) {
        have = vi.dimlen[0] < n ? vi.dimlen[0] : n;
        width = vi.dimlen[1];
        size_t bytes = 0;
        if ((rc = check_count(f, var, have, width)) != 0)
            goto out_free;
        text = exsi_bytes(have * width + 1, 1, &bytes) == 0 ? malloc(bytes) : NULL;
        if (!text) {
            rc = exsi_err(f, EXS_ENOMEM, "names of %s", var);
            goto out_free;
        }
        int64_t st[2] = {0, 0}, ct[2] = {have, width};
        rc = exsi_io_read(f, &vi, st, ct, EXS_TEXT, text);
        if (rc != 0)
            goto out_free;
    }
    for (int64_t i = 0; i < n; i++) {
        names[i] = i < have ? exsi_util_strndup_trim(text + i * width, (size_t)width)
                            : exsi_util_strndup_trim("", 0);
        if (!names[i]) {
            rc = exsi_err(f, EXS_ENOMEM, "names of %s", var);
            goto out_free;
        }
        track_name(f, names[i]);
    }
    free(text);
    *out = names;
    return 0;
out_free:
    for (int64_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(text);
    return rc;
}

static void free_names(char **names, int64_t n)
{
    if (!names)
        return;
    for (int64_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* n integers of a 1-D variable into out; fill with dflt when absent. */
static int read_ints(exs_file *f, const char *var, int64_t n, int64_t dflt,
                     int64_t *out)
{
    exsi_core_varinfo vi;
    for (int64_t i = 0; i < n; i++)
        out[i] = dflt == -1 ? i + 1 : dflt;
    if (exsi_util_var_lookup(f, var, &vi) != 0)
        return EXS_ENOTFOUND;
    if (vi.ndims != 1 || vi.dimlen[0] != n)
        return exsi_err(f, EXS_EBADMODEL, "%s has %lld values, expected %lld", var,
                       vi.ndims == 1 ? (long long)vi.dimlen[0] : -1LL, (long long)n);
    if (!exsi_read_xtype_integral(vi.xtype))
        return exsi_err(f, EXS_EBADMODEL, "%s is stored as %s: ids and status "
                       "must be stored as integers", var, exsi_read_xtype_name(vi.xtype));
    int64_t st = 0, ct = n;
    int rc = exsi_io_read(f, &vi, &st, &ct, EXS_I64, out);
    return rc == EXS_EOVERFLOW ? 0 : rc;
}

static int read_att_string(exs_file *f, int varid, const char *att, char **out)
{
    char buf[1024];
    size_t n = 0;
    int rc = f->store->ops->get_att_text(f->store, varid, att, buf, sizeof buf, &n);
    *out = exsi_util_strndup_trim(rc == 0 ? buf : "", rc == 0 ? sizeof buf : 0);
    if (!*out)
        return exsi_err(f, EXS_ENOMEM, "attribute %s", att);
    return rc == 0 ? 0 : EXS_ENOTFOUND;
}

/* An attribute's text as stored (up to its first NUL, blanks kept). */
static int read_att_raw(exs_file *f, int varid, const char *att, char **out)
{
    char buf[1024];
    size_t n = 0;
    int rc = f->store->ops->get_att_text(f->store, varid, att, buf, sizeof buf, &n);
    size_t len = 0;
    while (rc == 0 && len < n && len < sizeof buf - 1 && buf[len] != '\0')
        len++;
    *out = malloc(len + 1);
    if (!*out)
        return exsi_err(f, EXS_ENOMEM, "attribute %s", att);
    memcpy(*out, buf, len);
    (*out)[len] = '\0';
    return rc == 0 ? 0 : EXS_ENOTFOUND;
}

/* ---- blocks ---- */

/* The element type lives on the connectivity variable, or for NFACED
 * blocks on facconn. It is kept as stored ("HEX  " stays); only the
 * topology is normalised. */
static int block_type(exs_file *f, exs_kind k, exsi_core_entity *e)
{
    exsi_core_varinfo vi;
    int rc = EXS_ENOTFOUND;
    if (var_fmt(f, exsi_kind_kinds[k].conn_var, e->index, 0, &vi) == 0)
        rc = read_att_raw(f, vi.varid, "elem_type", &e->type);
    if (rc == EXS_ENOTFOUND && k == EXS_ELEM_BLOCK &&
        var_fmt(f, "facconn%lld", e->index, 0, &vi) == 0) {
        free(e->type);
        rc = read_att_raw(f, vi.varid, "elem_type", &e->type);
    }
    if (rc == EXS_ENOTFOUND) {
        free(e->type);
        e->type = exsi_util_strndup_trim("", 0);
        return e->type ? 0 : EXS_ENOMEM;
    }
    return rc;
}

/* Connectivity must be shaped like its block: (entries, per_entry), or
 * the flat total for NSIDED/NFACED. */
static int check_conn_shape(exs_file *f, exs_kind k, const exsi_core_entity *e,
                            const char *fmt, int64_t per)
{
    exsi_core_varinfo vi;
    char name[64];
    if (var_fmt(f, fmt, e->index, 0, &vi) != 0)
        return 0;
    exsi_kind_fmt_name(name, sizeof name, fmt, e->index, 0);
    int flat = e->topo == EXS_TOPO_NSIDED || e->topo == EXS_TOPO_NFACED;
    int ok = flat ? vi.ndims == 1 && vi.dimlen[0] == per
                  : vi.ndims == 2 && vi.dimlen[0] == e->num_entries &&
                        vi.dimlen[1] == per;
    /* Some writers store it flat; divide, as the product may overflow. */
    if (!ok && !flat && vi.ndims == 1)
        ok = per == 0 ? vi.dimlen[0] == 0
                      : vi.dimlen[0] % per == 0 && vi.dimlen[0] / per == e->num_entries;
    if (!ok)
        return exsi_err(f, EXS_EBADMODEL,
                       "%s of %s %lld is shaped %lld x %lld but the block has "
                       "%lld entries of %lld",
                       name, exsi_kind_kinds[k].label, (long long)e->id,
                       (long long)vi.dimlen[0],
                       vi.ndims > 1 ? (long long)vi.dimlen[1] : 1LL,
                       (long long)e->num_entries, (long long)per);
    return 0;
}

/* What a block declares must fit in the file (a tiny header declaring
 * 2^31 x 8 connectivity is corrupt, not a mesh). NSIDED / NFACED store
 * their per-entry value as the flat total. */
static int check_block_counts(exs_file *f, exs_kind k, const exsi_core_entity *e)
{
    int flat = e->topo == EXS_TOPO_NSIDED || e->topo == EXS_TOPO_NFACED;
    char what[96];
    snprintf(what, sizeof what, "%s %lld", exsi_kind_kinds[k].label, (long long)e->id);
    int rc = check_count(f, what, e->num_entries, flat ? 1 : e->nodes_per_entry);
    if (rc == 0 && flat)
        rc = check_count(f, what, e->nodes_per_entry, 1);
    if (rc == 0)
        rc = check_count(f, what, e->num_entries, e->num_attr);
    if (rc == 0)
        rc = check_count(f, what, e->num_entries, e->edges_per_entry);
    if (rc == 0)
        rc = check_count(f, what, flat ? e->faces_per_entry : e->num_entries,
                         flat ? 1 : e->faces_per_entry);
    return rc;
}

/* The names of an entity's attributes (num_attr read already). */
static int scan_attr_names(exs_file *f, exs_kind k, exsi_core_entity *e)
{
    char name[64];
    if (e->num_attr <= 0 || !exsi_kind_kinds[k].attr_names)
        return 0;
    exsi_kind_fmt_name(name, sizeof name, exsi_kind_kinds[k].attr_names, e->index, 0);
    return read_names(f, name, e->num_attr, &e->attr_names);
}

static int scan_block(exs_file *f, exs_kind k, exsi_core_entity *e)
{
    const exsi_core_kind_desc *d = &exsi_kind_kinds[k];
    int found, rc;
    e->num_entries = dim_fmt(f, d->entry_dim, e->index, &found);
    if (!found && e->status != 0) {
        char name[64];
        exsi_kind_fmt_name(name, sizeof name, d->entry_dim, e->index, 0);
        return exsi_err(f, EXS_ENOTEXO, "required dimension %s of %s %lld missing",
                       name, d->label, (long long)e->id);
    }
    e->nodes_per_entry = dim_fmt(f, d->npe_dim, e->index, &found);
    if (k == EXS_ELEM_BLOCK) {
        e->edges_per_entry = dim_fmt(f, "num_edg_per_el%lld", e->index, &found);
        e->faces_per_entry = dim_fmt(f, "num_fac_per_el%lld", e->index, &found);
    }
    e->num_attr = dim_fmt(f, d->attr_dim, e->index, &found);
    if ((rc = block_type(f, k, e)) != 0)
        return rc;
    e->topo = exs_topo_parse(e->type);
    if (e->topo == EXS_TOPO_UNKNOWN && e->num_entries == 0 && !e->type[0])
        e->topo = EXS_TOPO_NULL;
    if ((rc = check_block_counts(f, k, e)) != 0)
        return rc;
    if ((rc = check_conn_shape(f, k, e, d->conn_var, e->nodes_per_entry)) != 0)
        return rc;
    if (k == EXS_ELEM_BLOCK) {
        if ((rc = check_conn_shape(f, k, e, "edgconn%lld", e->edges_per_entry)) ||
            (rc = check_conn_shape(f, k, e, "facconn%lld", e->faces_per_entry)))
            return rc;
    }
    return scan_attr_names(f, k, e);
}

/* ---- sets and maps ---- */

static int scan_set(exs_file *f, exs_kind k, exsi_core_entity *e)
{
    const exsi_core_kind_desc *d = &exsi_kind_kinds[k];
    exsi_core_varinfo vi;
    int found;
    /* An empty set may have no count dimension at all. */
    e->num_entries = dim_fmt(f, d->entry_dim, e->index, &found);
    if (var_fmt(f, d->df_var, e->index, 0, &vi) == 0 && vi.ndims == 1)
        e->num_df = vi.dimlen[0];
    e->num_attr = dim_fmt(f, d->attr_dim, e->index, &found);
    int rc = check_count(f, d->entry_dim, e->num_entries, 1);
    if (rc == 0)
        rc = check_count(f, d->df_var, e->num_df, 1);
    if (rc == 0)
        rc = check_count(f, d->attr_dim, e->num_entries, e->num_attr);
    return rc ? rc : scan_attr_names(f, k, e);
}

/* The nodes' attributes (num_att_in_nblk, nattrib_name) and whether the
 * legacy element order map (elem_map, 1-D) is stored. */
static int scan_node_attrs(exs_file *f)
{
    exsi_core_entity *e = &f->node_attr;
    exsi_core_varinfo vi;
    int found;
    f->order_map = exsi_util_var_lookup(f, "elem_map", &vi) == 0 && vi.ndims == 1;
    e->num_entries = f->num_nodes;
    e->num_attr = dim_fmt(f, exsi_kind_kinds[EXS_NODAL].attr_dim, 0, &found);
    int rc = check_count(f, exsi_kind_kinds[EXS_NODAL].attr_dim, e->num_entries, e->num_attr);
    return rc ? rc : scan_attr_names(f, EXS_NODAL, e);
}

static int scan_props(exs_file *f, exs_kind k)
{
    exsi_core_entity_list *l = &f->ents[k];
    exsi_core_varinfo vi;
    int n = 1;
    while (var_fmt(f, exsi_kind_kinds[k].prop_fmt, n + 1, 0, &vi) == 0)
        n++;
    l->prop_names = calloc((size_t)n, sizeof *l->prop_names);
    if (!l->prop_names)
        return exsi_err(f, EXS_ENOMEM, "property names");
    l->nprops = n;
    for (int p = 0; p < n; p++) {
        int rc = 0;
        if (p == 0)
            l->prop_names[p] = exsi_util_strndup_trim("ID", 2);
        else if (var_fmt(f, exsi_kind_kinds[k].prop_fmt, p + 1, 0, &vi) == 0)
            rc = read_att_string(f, vi.varid, "name", &l->prop_names[p]);
        if (rc == EXS_ENOMEM || !l->prop_names[p])
            return exsi_err(f, EXS_ENOMEM, "property names");
    }
    return 0;
}

/* Two entities of a kind with one id would collapse into one for every
 * caller that looks up by id. Sorted copy: O(n log n). */
static int check_unique_ids(exs_file *f, exs_kind k)
{
    exsi_core_entity_list *l = &f->ents[k];
    size_t bytes;
    if (l->n < 2)
        return 0;
    int64_t *ids = exsi_bytes(l->n, sizeof *ids, &bytes) == 0 ? malloc(bytes) : NULL;
    if (!ids)
        return exsi_err(f, EXS_ENOMEM, "%lld %s ids", (long long)l->n,
                       exsi_kind_kinds[k].label);
    for (int64_t i = 0; i < l->n; i++)
        ids[i] = l->e[i].id;
    qsort(ids, (size_t)l->n, sizeof *ids, cmp_i64);
    int rc = 0;
    char var[64];
    exsi_kind_fmt_name(var, sizeof var, exsi_kind_kinds[k].prop_fmt, 1, 0);
    for (int64_t i = 1; rc == 0 && i < l->n; i++)
        if (ids[i] == ids[i - 1])
            rc = exsi_err(f, EXS_EBADMODEL, "two %ss have id %lld (%s): block "
                         "ids must be unique", exsi_kind_kinds[k].label,
                         (long long)ids[i], var);
    free(ids);
    return rc;
}

/* n entities need their ids stored (Exodus always writes them), and the
 * ids' bytes must fit in the file: a count declared by a dimension alone
 * would otherwise cost O(declared) time and memory (12 M node sets in an
 * 11 KB file took minutes and 1.9 GB). */
static int check_ids_stored(exs_file *f, const exsi_core_kind_desc *d, const char *var,
                            int64_t n)
{
    exsi_core_varinfo vi;
    static const int width[] = {0, 1, 1, 2, 4, 4, 8, 1, 2, 4, 8, 8};
    if (exsi_util_var_lookup(f, var, &vi) != 0)
        return exsi_err(f, EXS_ENOTEXO, "%s = %lld but the %s ids (%s) are missing",
                       d->count_dim, (long long)n, d->label, var);
    int w = vi.xtype >= 1 && vi.xtype <= 11 ? width[vi.xtype] : 1;
    return check_count(f, var, n, w);
}

static int scan_entities(exs_file *f, exs_kind k)
{
    const exsi_core_kind_desc *d = &exsi_kind_kinds[k];
    exsi_core_entity_list *l = &f->ents[k];
    char name[64];
    char **names = NULL;
    int rc;
    int64_t n = dim_len(f, d->count_dim);
    if (n == 0)
        return 0;
    exsi_kind_fmt_name(name, sizeof name, d->prop_fmt, 1, 0);
    if ((rc = check_count(f, d->count_dim, n, 1)) != 0 ||
        (rc = check_ids_stored(f, d, name, n)) != 0)
        return rc;
    size_t bytes = 0;
    int64_t *ids = exsi_bytes(n, 2 * sizeof(int64_t), &bytes) == 0 ? malloc(bytes) : NULL;
    l->e = calloc((size_t)n, sizeof *l->e);
    if (!ids || !l->e) {
        free(ids);
        return exsi_err(f, EXS_ENOMEM, "%lld %ss", (long long)n, d->label);
    }
    l->n = n;
    int64_t *status = ids + n;
    rc = read_ints(f, name, n, -1, ids);
    if (rc == 0 || rc == EXS_ENOTFOUND)
        rc = d->status_var ? read_ints(f, d->status_var, n, 1, status) : 0;
    if (rc == EXS_ENOTFOUND)
        rc = 0;
    if (rc == 0)
        rc = read_names(f, d->names_var, n, &names);
    for (int64_t i = 0; rc == 0 && i < n; i++) {
        exsi_core_entity *e = &l->e[i];
        e->id = ids[i];
        e->index = i + 1;
        e->status = d->status_var ? (int)status[i] : 1;
        e->name = names[i];
        names[i] = NULL;
        if (exsi_core_is_block(k))
            rc = scan_block(f, k, e);
        else if (exsi_core_is_set(k))
            rc = scan_set(f, k, e);
        else
            e->num_entries = dim_len(f, d->total_dim);
    }
    free_names(names, n);
    free(ids);
    /* Blocks only: real files repeat set ids (two node sets of id -1). */
    if (rc == 0 && exsi_core_is_block(k))
        rc = check_unique_ids(f, k);
    return rc ? rc : scan_props(f, k);
}

/* Blocks number their entries in file order; their sum is the total. */
static int block_offsets(exs_file *f, exs_kind k, int64_t total)
{
    exsi_core_entity_list *l = &f->ents[k];
    int64_t off = 0;
    for (int64_t i = 0; i < l->n; i++) {
        l->e[i].offset = off;
        if (exsi_add64(off, l->e[i].num_entries, &off) != 0)
            return exsi_err(f, EXS_EOVERFLOW, "%ss: entry counts overflow",
                           exsi_kind_kinds[k].label);
    }
    if (off > total)
        return exsi_err(f, EXS_EBADMODEL, "%ss hold %lld entries but %s is %lld",
                       exsi_kind_kinds[k].label, (long long)off, exsi_kind_kinds[k].total_dim,
                       (long long)total);
    return 0;
}

/* ---- results variables ---- */

/* The table, when stored, must be shaped (entities, variables). The truth
 * itself is which variables exist (some writers leave the table out, or
 * keep it and skip variables): scan_stored_vars fills it. */
static int scan_truth(exs_file *f, exs_kind k)
{
    exsi_core_var_list *v = &f->vars[k];
    exsi_core_entity_list *l = &f->ents[k];
    exsi_core_varinfo vi;
    if (l->n == 0 || v->n == 0)
        return 0;
    v->sparse = 1;
    if (exsi_util_var_lookup(f, exsi_kind_kinds[k].var_tab, &vi) == 0 &&
        (vi.ndims != 2 || vi.dimlen[0] != l->n || vi.dimlen[1] != v->n))
        return exsi_err(f, EXS_EBADMODEL, "%s is not %lld x %d",
                       exsi_kind_kinds[k].var_tab, (long long)l->n, v->n);
    return 0;
}

/* name against fmt, whose only conversions are two %lld (matched by
 * digits): 1 with the numbers in a and b, else 0. */
static int match_two(const char *name, const char *fmt, int64_t *a, int64_t *b)
{
    int64_t *out[2] = {a, b};
    int k = 0;
    while (*fmt) {
        if (strncmp(fmt, "%lld", 4) != 0) {
            if (*fmt++ != *name++)
                return 0;
            continue;
        }
        if (k == 2 || !isdigit((unsigned char)*name))
            return 0;
        int64_t v = 0;
        while (isdigit((unsigned char)*name)) {
            if (v > (INT64_MAX - 9) / 10)
                return 0;
            v = v * 10 + (*name++ - '0');
        }
        *out[k++] = v;
        fmt += 4;
    }
    return *name == '\0' && k == 2;
}

static int add_stored(exs_file *f, exsi_core_var_list *v, int64_t code, int64_t *cap)
{
    if (v->nstored == *cap) {
        int64_t n = *cap ? 2 * *cap : 16;
        size_t bytes;
        int64_t *p = exsi_bytes(n, sizeof *p, &bytes) == 0 ? realloc(v->stored, bytes)
                                                           : NULL;
        if (!p)
            return exsi_err(f, EXS_ENOMEM, "list of stored variables");
        v->stored = p;
        *cap = n;
    }
    v->stored[v->nstored++] = code;
    return 0;
}

/* One stored variable's name: whose value of which entity, if any. */
static int note_stored(exs_file *f, const char *name, int64_t *caps)
{
    for (int k = 0; k < EXS_NUM_KINDS; k++) {
        exsi_core_var_list *v = &f->vars[k];
        int64_t var, ent;
        if (!v->sparse || !match_two(name, exsi_kind_kinds[k].var_vals, &var, &ent))
            continue;
        /* A variable of an entity or index the model does not declare is
         * no value of it: ignored. */
        if (var >= 1 && var <= v->n && ent >= 1 && ent <= f->ents[k].n)
            return add_stored(f, v, (ent - 1) * v->n + (var - 1), &caps[k]);
        return 0;
    }
    return 0;
}

/* Walk the file's variable list once: open costs O(stored variables),
 * never O(declared entities x declared variables). */
static int scan_stored_vars(exs_file *f)
{
    char name[EXS_VARNAME_CAP];
    int64_t caps[EXS_NUM_KINDS] = {0};
    int rc = 0, any = 0;
    for (int k = 0; k < EXS_NUM_KINDS; k++)
        any |= f->vars[k].sparse;
    if (!any || !f->store->ops->inq_varname)
        return 0;
    for (int id = 0; rc == 0; id++) {
        if (f->store->ops->inq_varname(f->store, id, name, sizeof name) != 0)
            break;
        if (strncmp(name, "vals_", 5) == 0)
            rc = note_stored(f, name, caps);
    }
    for (int k = 0; k < EXS_NUM_KINDS; k++)
        if (f->vars[k].nstored > 1)
            qsort(f->vars[k].stored, (size_t)f->vars[k].nstored, sizeof(int64_t),
                  cmp_i64);
    return rc;
}

int exsi_scan_truth_get(const exsi_core_var_list *v, int64_t e, int var)
{
    int64_t code = e * v->n + var;
    if (!v->sparse)
        return v->truth ? v->truth[code] : 1;
    return v->stored && bsearch(&code, v->stored, (size_t)v->nstored,
                                sizeof code, cmp_i64) != NULL;
}

static int scan_vars(exs_file *f, exs_kind k)
{
    const exsi_core_kind_desc *d = &exsi_kind_kinds[k];
    exsi_core_var_list *v = &f->vars[k];
    exsi_core_varinfo vi;
    int64_t n = dim_len(f, d->nvar_dim);
    if (n > 1000000)
        return exsi_err(f, EXS_EBADMODEL, "%s = %lld", d->nvar_dim, (long long)n);
    v->n = (int)n;
    if (n == 0)
        return 0;
    int rc = read_names(f, d->var_names, n, &v->names);
    if (rc != 0)
        return rc;
    if (k == EXS_NODAL && exsi_util_var_lookup(f, "vals_nod_var", &vi) == 0)
        v->legacy_varid = vi.varid;
    return exsi_core_has_entities(k) ? scan_truth(f, k) : 0;
}

/* ---- global pieces ---- */

static int scan_coords(exs_file *f)
{
    exsi_core_varinfo vi;
    f->num_dim = (int)dim_len(f, "num_dim");
    if (f->num_dim < 0 || f->num_dim > 3)
        return exsi_err(f, EXS_EBADMODEL, "num_dim = %d", f->num_dim);
    int found = 0;
    for (int a = 0; a < f->num_dim; a++)
        if (exsi_util_var_lookup(f, exsi_core_coord_vars[a], &vi) == 0) {
            f->coord_varid[a] = vi.varid;
            f->float_size = vi.xtype == EXS_NC_FLOAT ? 4 : 8;
            found++;
        }
    if (exsi_util_var_lookup(f, "coord", &vi) == 0 && vi.ndims == 2) {
        f->coord_combined = vi.varid;
        f->float_size = vi.xtype == EXS_NC_FLOAT ? 4 : 8;
        found = f->num_dim;
    }
    if (f->num_dim > 0 && f->num_nodes > 0 && found < f->num_dim)
        return exsi_err(f, EXS_ENOTEXO, "num_nodes = %lld but coordinate variables "
                       "(coordx..., or coord) are missing", (long long)f->num_nodes);
    int rc = check_count(f, "num_nodes", f->num_nodes, f->num_dim);
    if (rc != 0)
        return rc;
    f->has_mesh = f->num_dim > 0;
    return read_names(f, "coor_names", f->num_dim, &f->coord_names);
}

static int scan_records(exs_file *f)
{
    exsi_core_varinfo vi;
    int rc;
    f->num_qa = dim_len(f, "num_qa_rec");
    f->num_info = dim_len(f, "num_info");
    if (f->num_qa > 0 && exsi_util_var_lookup(f, "qa_records", &vi) == 0 && vi.ndims == 3) {
        char **flat = NULL;
        int64_t width = vi.dimlen[2];
        if ((rc = check_count(f, "qa_records", f->num_qa, width)) != 0) {
            f->num_qa = 0;
            return rc;
        }
        int64_t n = f->num_qa * 4, chars = 0;
        size_t bytes = 0;
        char *text = exsi_mul64(n, width, &chars) == 0 &&
                             exsi_bytes(chars + 1, 1, &bytes) == 0
                         ? malloc(bytes) : NULL;
        if (!text)
            return exsi_err(f, EXS_ENOMEM, "QA records");
        int64_t st[3] = {0, 0, 0}, ct[3] = {f->num_qa, 4, width};
        rc = exsi_io_read(f, &vi, st, ct, EXS_TEXT, text);
        flat = rc == 0 ? calloc((size_t)n, sizeof *flat) : NULL;
        for (int64_t i = 0; flat && i < n; i++)
            if (!(flat[i] = exsi_util_strndup_trim(text + i * width, (size_t)width)))
                rc = EXS_ENOMEM;
        free(text);
        f->qa = flat;
        if (rc != 0 || !flat)
            return rc ? rc : exsi_err(f, EXS_ENOMEM, "QA records");
    } else {
        f->num_qa = 0;
    }
    if (f->num_info > 0) {
        /* Info lines are not names: they do not count in max_name_used. */
        int keep = f->max_name_used;
        rc = read_names(f, "info_records", f->num_info, &f->info);
        f->max_name_used = keep;
        return rc;
    }
    return 0;
}

static int scan_globals(exs_file *f)
{
    exsi_core_varinfo vi;
    int64_t v = 0;
    size_t n;
    exsi_core_store *s = f->store;
    int looks_exodus = has_dim(f, "num_dim") || has_dim(f, "len_string") ||
                       has_dim(f, "time_step") || has_dim(f, "num_nodes") ||
                       s->ops->get_att_f64(s, -1, "api_version", (double[]){0}, 1, &n) == 0 ||
                       s->ops->get_att_f64(s, -1, "version", (double[]){0}, 1, &n) == 0;
    int ngroups = 0;
    char group[EXS_VARNAME_CAP] = "";
    if (!has_dim(f, "num_dim") && s->ops->inq_groups &&
        s->ops->inq_groups(s, &ngroups, group, sizeof group) == 0 && ngroups > 0)
        return exsi_err(f, EXS_ENOTSUP, "the root group has no num_dim but %d "
                       "netCDF-4 group(s) (first: \"%s\"): a model stored in a "
                       "group is not read (exoslab reads root-group models)",
                       ngroups, group);
    if (!looks_exodus)
        return exsi_err(f, EXS_ENOTEXO, "no Exodus II dimensions (num_dim, num_nodes, "
                       "time_step, len_string) or version attributes");
    read_att_string(f, -1, "title", &f->title);
    if (!f->title)
        return exsi_err(f, EXS_ENOMEM, "title");
    if (s->ops->get_att_i64(s, -1, "int64_status", &v, 1, &n) == 0)
        f->int64_status = v;
    int64_t len_name = dim_len(f, "len_name");
    f->name_len = len_name > 1 ? (int)(len_name - 1) : 32;
    f->num_nodes = dim_len(f, "num_nodes");
    f->num_elem = dim_len(f, "num_elem");
    f->num_edge = dim_len(f, "num_edge");
    f->num_face = dim_len(f, "num_face");
    /* Records must not hide: a time_whole not along the steps is an
     * error; without one the steps are still counted (time_step). */
    if (exsi_util_var_lookup(f, "time_whole", &vi) == 0) {
        if (vi.ndims != 1)
            return exsi_err(f, EXS_EBADMODEL, "time_whole has %d dimensions, "
                           "expected 1 (time_step)", vi.ndims);
        if (vi.xtype == EXS_NC_CHAR)
            return exsi_err(f, EXS_EBADMODEL, "time_whole is stored as text");
        f->time_varid = vi.varid;
        f->num_times = vi.dimlen[0];
    } else {
        f->num_times = dim_len(f, "time_step");
    }
    f->num_procs = dim_len(f, "num_processors");
    f->nemesis = f->num_procs > 0 || has_dim(f, "num_procs_file");
    return 0;
}

/* Stored integer width: from any id or connectivity variable found. */
static void scan_widths(exs_file *f)
{
    exsi_core_varinfo vi;
    static const char *const probes[] = {"eb_prop1", "connect1", "node_num_map",
                                         "elem_num_map", "ns_prop1", "node_ns1"};
    /* Any 64-bit one makes it 8: ids may be 32-bit while connectivity is
     * not (petsc's hybrid_hexwedge.exo). */
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++)
        if (exsi_util_var_lookup(f, probes[i], &vi) == 0 && vi.xtype == EXS_NC_INT64)
            f->int_size = 8;
    double fpws = 0;
    size_t n;
    if (f->coord_varid[0] < 0 && f->coord_combined < 0 &&
        f->store->ops->get_att_f64(f->store, -1, "floating_point_word_size", &fpws, 1,
                                   &n) == 0 &&
        (fpws == 4 || fpws == 8))
        f->float_size = (int)fpws;
}

static void scan_compression(exs_file *f)
{
    exsi_core_layout lay;
    exsi_core_varinfo vi;
    static const char *const probes[] = {"coordx", "coord", "connect1",
                                         "vals_nod_var1", "elem_num_map"};
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++)
        if (exsi_util_var_lookup(f, probes[i], &vi) == 0 &&
            f->store->ops->inq_layout(f->store, vi.varid, &lay) == 0 && lay.deflate)
            f->compressed = 1;
    if (!f->compressed && f->nemesis && exsi_util_var_lookup(f, "elem_mapi", &vi) == 0 &&
        f->store->ops->inq_layout(f->store, vi.varid, &lay) == 0 && lay.deflate)
        f->compressed = 1;
}

int exsi_scan_model_scan(exs_file *f)
{
    int rc = scan_globals(f);
    if (rc == 0)
        rc = scan_coords(f);
    for (int k = 0; rc == 0 && k < EXS_NUM_KINDS; k++)
        if (exsi_core_has_entities((exs_kind)k))
            rc = scan_entities(f, (exs_kind)k);
    if (rc == 0)
        rc = scan_node_attrs(f);
    if (rc == 0)
        rc = block_offsets(f, EXS_ELEM_BLOCK, f->num_elem);
    if (rc == 0)
        rc = block_offsets(f, EXS_EDGE_BLOCK, f->num_edge);
    if (rc == 0)
        rc = block_offsets(f, EXS_FACE_BLOCK, f->num_face);
    for (int k = 0; rc == 0 && k < EXS_NUM_KINDS; k++)
        if (exsi_core_has_vars((exs_kind)k))
            rc = scan_vars(f, (exs_kind)k);
    if (rc == 0)
        rc = scan_stored_vars(f);
    if (rc == 0)
        rc = scan_records(f);
    if (rc == 0)
        rc = exsi_scan_model_x(f); /* assemblies, blobs, reductions, frames */
    if (rc == 0) {
        scan_widths(f);
        scan_compression(f);
    }
    return rc;
}

/* ---- freeing ---- */

static void free_entities(exsi_core_entity_list *l)
{
    for (int64_t i = 0; i < l->n; i++) {
        exsi_core_entity *e = &l->e[i];
        free(e->type);
        free(e->name);
        free_names(e->attr_names, e->num_attr);
    }
    free(l->e);
    free(l->by_id);
    free_names(l->prop_names, l->nprops);
    memset(l, 0, sizeof *l);
}

void exsi_scan_model_free(exs_file *f)
{
    for (int k = 0; k < EXS_NUM_KINDS; k++) {
        free_entities(&f->ents[k]);
        free_names(f->vars[k].names, f->vars[k].n);
        free(f->vars[k].truth);
        free(f->vars[k].stored);
        f->vars[k].names = NULL;
        f->vars[k].truth = NULL;
        f->vars[k].stored = NULL;
        f->vars[k].nstored = 0;
        f->vars[k].sparse = 0;
        f->vars[k].n = 0;
    }
    free_names(f->qa, f->num_qa * 4);
    free_names(f->info, f->num_info);
    f->qa = f->info = NULL;
    free_names(f->coord_names, f->num_dim);
    f->coord_names = NULL;
    free_names(f->node_attr.attr_names, f->node_attr.num_attr);
    f->node_attr.attr_names = NULL;
    f->node_attr.num_attr = 0;
    free(f->title);
    f->title = NULL;
    exsi_scan_model_x_free(f);
}
