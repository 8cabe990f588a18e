/* scan_model.c -- read the assemblies, blobs, reduction and blob variables
 * and coordinate frames of an open file into f->xm (model_x.h). One walk
 * over the stored variable names finds assemblies and blobs (SEACAS keeps
 * no count of them); the rest are dimensions and names variables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_x.h"
#include "reader.h"

#define EXS_X_MAX_VARS 1000000
/* The most bytes of names read at open (a header claiming more is not a
 * file of names: netCDF-4 need not store what it declares). */
#define EXS_X_MAX_NAME_BYTES ((int64_t)1 << 28)

static int64_t dim_len(exs_file *f, const char *name, int *found)
{
    int64_t len = 0;
    *found = f->store->ops->inq_dim(f->store, name, NULL, &len) == 0;
    return *found ? len : 0;
}

static void track(exs_file *f, const char *s)
{
    int len = (int)strlen(s);
    if (len > f->max_name_used)
        f->max_name_used = len;
}

void exsi_scan_x_free_names(char **names, int64_t n)
{
    if (!names)
        return;
    for (int64_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* The stored rows (have of them, width wide) into names[0..have). */
static int read_rows(exs_file *f, const char *var, const exsi_core_varinfo *vi,
                     int64_t have, char **names)
{
    int64_t width = vi->dimlen[1];
    size_t bytes = 0;
    if ((double)have * (double)width > (double)EXS_X_MAX_NAME_BYTES)
        return exsi_err(f, EXS_EBADMODEL, "%s: %lld names of %lld characters: corrupt "
                       "header", var, (long long)have, (long long)width);
    char *text = exsi_bytes(have * width + 1, 1, &bytes) == 0 ? malloc(bytes) : NULL;
    if (!text)
        return exsi_err(f, EXS_ENOMEM, "names of %s", var);
    int64_t st[2] = {0, 0}, ct[2] = {have, width};
    int rc = exsi_io_read(f, vi, st, ct, EXS_TEXT, text);
    for (int64_t i = 0; rc == 0 && i < have; i++)
        if (!(names[i] = exsi_util_strndup_trim(text + i * width, (size_t)width)))
            rc = exsi_err(f, EXS_ENOMEM, "names of %s", var);
    free(text);
    return rc;
}

int exsi_scan_x_read_names(exs_file *f, const char *var, int64_t n, char ***out)
{
    exsi_core_varinfo vi;
    int64_t have = 0;
    int rc = 0;
    char **names = calloc(n > 0 ? (size_t)n : 1, sizeof *names);
    if (!names)
        return exsi_err(f, EXS_ENOMEM, "names of %s", var);
    if (exsi_util_var_lookup(f, var, &vi) == 0 && vi.ndims == 2 && vi.xtype == EXS_NC_CHAR) {
        have = vi.dimlen[0] < n ? vi.dimlen[0] : n;
        if (vi.dimlen[1] > 4096)
            rc = exsi_err(f, EXS_EBADMODEL, "%s: names of %lld characters", var,
                         (long long)vi.dimlen[1]);
        if (rc == 0 && have > 0)
            rc = read_rows(f, var, &vi, have, names);
    }
    for (int64_t i = 0; rc == 0 && i < n; i++) {
        if (!names[i] && !(names[i] = exsi_util_strndup_trim("", 0)))
            rc = exsi_err(f, EXS_ENOMEM, "names of %s", var);
        if (rc == 0)
            track(f, names[i]);
    }
    if (rc != 0) {
        exsi_scan_x_free_names(names, n);
        return rc;
    }
    *out = names;
    return 0;
}

/* ---- attributes ---- */

static char *att_text(exs_file *f, int varid, const char *att)
{
    char buf[1024];
    size_t n = 0;
    int rc = f->store->ops->get_att_text(f->store, varid, att, buf, sizeof buf, &n);
    return exsi_util_strndup_trim(rc == 0 ? buf : "", rc == 0 ? strlen(buf) : 0);
}

/* An integer attribute; 0 with *found 0 when absent. */
static int64_t att_int(exs_file *f, int varid, const char *att, int *found)
{
    int64_t v = 0;
    size_t n = 0;
    *found = f->store->ops->get_att_i64(f->store, varid, att, &v, 1, &n) == 0 && n >= 1;
    return *found ? v : 0;
}

/* The id in "<prefix><id>": 1 when name is exactly that with a canonical
 * decimal id (so "assembly_entity07" is not assembly 7). */
static int name_id(const char *name, const char *prefix, int64_t *id)
{
    size_t pl = strlen(prefix);
    char back[64];
    if (strncmp(name, prefix, pl) != 0 || name[pl] < '0' || name[pl] > '9')
        return 0;
    char *end = NULL;
    long long v = strtoll(name + pl, &end, 10);
    if (!end || *end != '\0')
        return 0;
    snprintf(back, sizeof back, "%s%lld", prefix, v);
    *id = v;
    return strcmp(back, name) == 0;
}

/* ---- assemblies and blobs ---- */

static int grow(exs_file *f, void **arr, int64_t n, int64_t *cap, size_t size)
{
    if (n < *cap)
        return 0;
    int64_t nc = *cap ? *cap * 2 : 8;
    void *p = realloc(*arr, (size_t)nc * size);
    if (!p)
        return exsi_err(f, EXS_ENOMEM, "assemblies and blobs");
    memset((char *)p + (size_t)*cap * size, 0, (size_t)(nc - *cap) * size);
    *arr = p;
    *cap = nc;
    return 0;
}

/* The _id attribute must agree with the variable's name, by which SEACAS
 * (and this library) finds the entity. */
static int check_id(exs_file *f, const char *var, int varid, int64_t id)
{
    int found = 0;
    int64_t att = att_int(f, varid, "_id", &found);
    if (found && att != id)
        return exsi_err(f, EXS_EBADMODEL, "%s: its _id attribute says %lld", var,
                       (long long)att);
    return 0;
}

static int scan_assembly(exs_file *f, exsi_core_xmodel *xm, const char *var, int64_t id)
{
    exsi_core_varinfo vi;
    char dim[64];
    int found = 0, rc = exsi_util_var_lookup(f, var, &vi);
    if (rc != 0)
        return rc;
    snprintf(dim, sizeof dim, "num_entity_assembly%lld", (long long)id);
    int64_t n = dim_len(f, dim, &found);
    if (vi.ndims != 1 || !exsi_read_xtype_integral(vi.xtype))
        return exsi_err(f, EXS_EBADMODEL, "%s: member ids must be a 1-D integer "
                       "variable", var);
    if (!found || vi.dimlen[0] != n)
        return exsi_err(f, EXS_EBADMODEL, "%s: %lld members stored, but %s %s", var,
                       (long long)vi.dimlen[0], dim,
                       found ? "differs" : "is missing");
    if ((rc = check_id(f, var, vi.varid, id)) != 0 ||
        (rc = grow(f, (void **)&xm->asm_, xm->nasm, &xm->asm_cap, sizeof *xm->asm_)))
        return rc;
    exsi_xm_assembly_rec *a = &xm->asm_[xm->nasm];
    a->id = id;
    a->num_members = n;
    a->stored_type = (int)att_int(f, vi.varid, "_type", &found);
    a->member_kind = found ? exsi_xm_member_kind_of(a->stored_type) : -1;
    a->name = att_text(f, vi.varid, "_name");
    a->member_type = att_text(f, vi.varid, "_typename");
    xm->nasm++; /* counted now: freed with the model whatever follows */
    if (!a->name || !a->member_type)
        return exsi_err(f, EXS_ENOMEM, "assembly %lld", (long long)id);
    track(f, a->name);
    return 0;
}

static int scan_blob(exs_file *f, exsi_core_xmodel *xm, const char *var, int64_t id)
{
    exsi_core_varinfo vi;
    char dim[64];
    int found = 0, rc = exsi_util_var_lookup(f, var, &vi);
    if (rc != 0)
        return rc;
    snprintf(dim, sizeof dim, "num_values_blob%lld", (long long)id);
    int64_t n = dim_len(f, dim, &found);
    if (!found)
        return exsi_err(f, EXS_EBADMODEL, "%s: dimension %s is missing", var, dim);
    if ((rc = check_id(f, var, vi.varid, id)) != 0 ||
        (rc = grow(f, (void **)&xm->blob, xm->nblob, &xm->blob_cap, sizeof *xm->blob)))
        return rc;
    exsi_xm_blob_rec *b = &xm->blob[xm->nblob];
    b->id = id;
    b->num_entries = n;
    b->name = att_text(f, vi.varid, "_name");
    xm->nblob++;
    if (!b->name)
        return exsi_err(f, EXS_ENOMEM, "blob %lld", (long long)id);
    track(f, b->name);
    return 0;
}

static int scan_entities(exs_file *f, exsi_core_xmodel *xm)
{
    char name[EXS_VARNAME_CAP];
    int64_t id = 0;
    int rc = 0;
    if (!f->store->ops->inq_varname)
        return 0;
    for (int v = 0; rc == 0; v++) {
        if (f->store->ops->inq_varname(f->store, v, name, sizeof name) != 0)
            break;
        if (name_id(name, "assembly_entity", &id))
            rc = scan_assembly(f, xm, name, id);
        else if (name_id(name, "blob_entity", &id))
            rc = scan_blob(f, xm, name, id);
    }
    return rc;
}

/* ---- variables and frames ---- */

static int scan_names(exs_file *f, const char *dim, const char *var,
                      exsi_xm_name_list *l)
{
    int found = 0;
    int64_t n = dim_len(f, dim, &found);
    if (n > EXS_X_MAX_VARS)
        return exsi_err(f, EXS_EBADMODEL, "%s = %lld", dim, (long long)n);
    if (n == 0)
        return 0;
    int rc = exsi_scan_x_read_names(f, var, n, &l->names);
    if (rc == 0)
        l->n = (int)n;
    return rc;
}

static int scan_frames(exs_file *f, exsi_core_xmodel *xm)
{
    int found = 0, found9 = 0;
    int64_t n = dim_len(f, "num_cframes", &found);
    int64_t n9 = dim_len(f, "num_cframes_9", &found9);
    if (found && found9 && n9 != 9 * n)
        return exsi_err(f, EXS_EBADMODEL, "num_cframes_9 = %lld, not 9 x num_cframes "
                       "(%lld)", (long long)n9, (long long)n);
    xm->nframes = n;
    return 0;
}

int exsi_scan_model_x(exs_file *f)
{
    exsi_core_xmodel *xm = exsi_xm(f);
    if (!xm)
        return EXS_ENOMEM;
    int rc = scan_entities(f, xm);
    for (int s = 0; rc == 0 && s < EXS_RED_SLOTS; s++)
        rc = scan_names(f, exsi_xm_red_desc_at(s)->count_dim, exsi_xm_red_desc_at(s)->names_var,
                        &xm->red[s]);
    if (rc == 0)
        rc = scan_names(f, "num_blob_var", "name_blob_var", &xm->blob_vars);
    if (rc == 0)
        rc = scan_frames(f, xm);
    return rc;
}

void exsi_scan_model_x_free(exs_file *f)
{
    exsi_core_xmodel *xm = f->xm;
    if (!xm)
        return;
    for (int64_t i = 0; i < xm->nasm; i++) {
        free(xm->asm_[i].name);
        free(xm->asm_[i].member_type);
    }
    for (int64_t i = 0; i < xm->nblob; i++)
        free(xm->blob[i].name);
    free(xm->asm_);
    free(xm->blob);
    for (int s = 0; s < EXS_RED_SLOTS; s++) {
        exsi_scan_x_free_names(xm->red[s].names, xm->red[s].n);
        free(xm->red[s].truth);
    }
    exsi_scan_x_free_names(xm->blob_vars.names, xm->blob_vars.n);
    exsi_eatt_entity_atts_free(xm);
    free(xm);
    f->xm = NULL;
}
