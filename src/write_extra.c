/* write_extra.c -- definitions and data writes of assemblies, blobs, blob
 * and reduction variables and coordinate frames (model_x.h). Definitions
 * go into f->xm like every other definition goes into the model; the
 * header pieces are in write_extra_hdr.c. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model_x.h"
#include "write.h"

/* ---- definitions ---- */

static int def_enter(exs_file *f, const char *what, exsi_core_xmodel **xm)
{
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_check_define(f, what);
    if (rc == 0 && !(*xm = exsi_xm(f)))
        rc = EXS_ENOMEM;
    return rc;
}

static int grow(exs_file *f, void **arr, int64_t n, int64_t *cap, size_t size)
{
    if (n < *cap)
        return 0;
    int64_t nc = *cap ? *cap * 2 : 8;
    void *p = realloc(*arr, (size_t)nc * size);
    if (!p)
        return exsi_err(f, EXS_ENOMEM, "assemblies and blobs");
    *arr = p;
    *cap = nc;
    return 0;
}

/* Id, count and name of a new assembly or blob. */
static int check_new(exs_file *f, const char *what, int64_t id, int64_t n,
                     const char *name, int taken)
{
    if (id <= 0 || n <= 0)
        return exsi_err(f, EXS_EINVAL, "%s: id %lld, %lld entries (both must be > 0)",
                       what, (long long)id, (long long)n);
    if (taken)
        return exsi_err(f, EXS_EDEFINED, "%s: id %lld is already defined", what,
                       (long long)id);
    int rc = exsi_w_check_int(f, what, id);
    if (rc == 0)
        rc = exsi_w_check_count(f, what, n);
    return rc ? rc : exsi_w_check_name(f, what, name);
}

int exs_def_assembly(exs_file *f, int64_t id, const char *name, int member_kind,
                     int64_t num_members)
{
    exsi_core_xmodel *xm;
    exsi_xm_assembly_rec *old;
    int rc = def_enter(f, "exs_def_assembly", &xm);
    if (rc != 0)
        return rc;
    if (exsi_xm_seacas_type(member_kind) < 0)
        return exsi_err(f, EXS_EINVAL, "exs_def_assembly: member kind %d (a block, "
                       "set or map kind, EXS_ASSEMBLY or EXS_BLOB)", member_kind);
    int taken = exsi_xm_assembly_lookup(f, id, &old) == 0;
    exsi_err_clear(f);
    rc = check_new(f, "exs_def_assembly", id, num_members, name, taken);
    if (rc == 0)
        rc = grow(f, (void **)&xm->asm_, xm->nasm, &xm->asm_cap, sizeof *xm->asm_);
    if (rc != 0)
        return rc;
    exsi_xm_assembly_rec *a = &xm->asm_[xm->nasm];
    memset(a, 0, sizeof *a);
    a->id = id;
    a->member_kind = member_kind;
    a->stored_type = exsi_xm_seacas_type(member_kind);
    a->num_members = num_members;
    a->name = exsi_w_strdup(name);
    a->member_type = exsi_w_strdup(exsi_xm_seacas_type_name(member_kind));
    if (!a->name || !a->member_type) {
        free(a->name);
        free(a->member_type);
        return exsi_err(f, EXS_ENOMEM, "exs_def_assembly");
    }
    xm->nasm++;
    return 0;
}

int exs_def_blob(exs_file *f, int64_t id, const char *name, int64_t num_entries)
{
    exsi_core_xmodel *xm;
    exsi_xm_blob_rec *old;
    int rc = def_enter(f, "exs_def_blob", &xm);
    if (rc != 0)
        return rc;
    int taken = exsi_xm_blob_lookup(f, id, &old) == 0;
    exsi_err_clear(f);
    rc = check_new(f, "exs_def_blob", id, num_entries, name, taken);
    if (rc == 0)
        rc = grow(f, (void **)&xm->blob, xm->nblob, &xm->blob_cap, sizeof *xm->blob);
    if (rc != 0)
        return rc;
    exsi_xm_blob_rec *b = &xm->blob[xm->nblob];
    b->id = id;
    b->num_entries = num_entries;
    if (!(b->name = exsi_w_strdup(name)))
        return exsi_err(f, EXS_ENOMEM, "exs_def_blob");
    xm->nblob++;
    return 0;
}

/* A names list defined once. */
static int def_names(exs_file *f, exsi_xm_name_list *l, int n, const char *const *names,
                     const char *what)
{
    if (n < 0 || (n > 0 && !names))
        return exsi_err(f, EXS_EINVAL, "%s: %d variables", what, n);
    if (l->n > 0)
        return exsi_err(f, EXS_EDEFINED, "%s: already defined", what);
    for (int i = 0; i < n; i++) {
        int rc = exsi_w_check_name(f, what, names[i]);
        if (rc != 0)
            return rc;
    }
    char **copy = calloc(n > 0 ? (size_t)n : 1, sizeof *copy);
    int ok = copy != NULL;
    for (int i = 0; ok && i < n; i++)
        ok = (copy[i] = exsi_w_strdup(names[i])) != NULL;
    if (!ok) {
        exsi_scan_x_free_names(copy, n);
        return exsi_err(f, EXS_ENOMEM, "%s", what);
    }
    l->names = copy;
    l->n = n;
    return 0;
}

int exs_def_blob_vars(exs_file *f, int nvars, const char *const *names)
{
    exsi_core_xmodel *xm;
    int rc = def_enter(f, "exs_def_blob_vars", &xm);
    return rc ? rc : def_names(f, &xm->blob_vars, nvars, names, "exs_def_blob_vars");
}

int exs_def_red_vars(exs_file *f, int kind, int nvars, const char *const *names)
{
    exsi_core_xmodel *xm;
    int slot = 0;
    if (kind == EXS_GLOBAL)
        return exs_def_vars(f, EXS_GLOBAL, nvars, names);
    int rc = def_enter(f, "exs_def_red_vars", &xm);
    if (rc == 0 && !exsi_xm_red_desc_of(kind, &slot))
        rc = exsi_err(f, EXS_EINVAL, "exs_def_red_vars: kind %d has no reduction "
                     "variables", kind);
    return rc ? rc : def_names(f, &xm->red[slot], nvars, names, "exs_def_red_vars");
}

int exs_def_red_truth(exs_file *f, int kind, const int *tab)
{
    exsi_core_xmodel *xm;
    int slot = 0;
    int rc = def_enter(f, "exs_def_red_truth", &xm);
    const exsi_xm_red_desc *d = exsi_xm_red_desc_of(kind, &slot);
    if (rc == 0 && (!d || !tab || xm->red[slot].n == 0))
        rc = exsi_err(f, EXS_EINVAL, "exs_def_red_truth: kind %d (its reduction "
                     "variables must be defined first)", kind);
    if (rc != 0)
        return rc;
    int64_t n = exsi_xm_red_nent(f, d);
    int *copy = malloc((size_t)(n > 0 ? n : 1) * sizeof *copy);
    if (!copy)
        return exsi_err(f, EXS_ENOMEM, "exs_def_red_truth");
    for (int64_t i = 0; i < n; i++)
        copy[i] = tab[i] != 0;
    free(xm->red[slot].truth);
    xm->red[slot].truth = copy;
    xm->red[slot].ntruth = n;
    return 0;
}

int exs_def_frames(exs_file *f, int64_t n)
{
    exsi_core_xmodel *xm;
    int rc = def_enter(f, "exs_def_frames", &xm);
    if (rc == 0 && n <= 0)
        rc = exsi_err(f, EXS_EINVAL, "exs_def_frames: %lld frames", (long long)n);
    if (rc == 0 && xm->nframes > 0)
        rc = exsi_err(f, EXS_EDEFINED, "exs_def_frames: already defined");
    int64_t n9 = 0;
    if (rc == 0 && exsi_mul64(n, 9, &n9) != 0)
        rc = exsi_err(f, EXS_EOVERFLOW, "exs_def_frames: %lld frames", (long long)n);
    if (rc == 0)
        rc = exsi_w_check_count(f, "exs_def_frames: 9 x frames", n9);
    if (rc == 0)
        xm->nframes = n;
    return rc;
}

/* ---- data ---- */

static int var_of(exs_file *f, const char *fmt, int64_t a, int64_t b,
                  exsi_core_varinfo *vi)
{
    char name[64];
    if (exsi_kind_fmt_name(name, sizeof name, fmt, a, b) != 0)
        return exsi_err(f, EXS_EINVAL, "variable name %s", fmt);
    int rc = exsi_util_var_lookup(f, name, vi);
    return rc == 0 ? 0 : exsi_err(f, EXS_ENOTFOUND, "variable %s is not in the file",
                                 name);
}

/* Values the stored type cannot hold are refused before anything is
 * written (netCDF would wrap or refuse half-way). */
static int check_fit(exs_file *f, const exsi_core_varinfo *vi, int64_t n, exs_type t,
                     const void *buf, const char *what)
{
    for (int64_t i = 0; t == EXS_I64 && vi->xtype == EXS_NC_INT && i < n; i++) {
        int64_t v = ((const int64_t *)buf)[i];
        if (v < INT32_MIN || v > INT32_MAX)
            return exsi_err(f, EXS_EOVERFLOW, "%s: value %lld (#%lld) does not fit "
                           "the file's 32-bit integers; nothing was written", what,
                           (long long)v, (long long)i);
    }
    for (int64_t i = 0; t == EXS_F64 && vi->xtype == EXS_NC_FLOAT && i < n; i++)
        if (fabs(((const double *)buf)[i]) > FLT_MAX)
            return exsi_err(f, EXS_EOVERFLOW, "%s: value %g (#%lld) does not fit the "
                           "file's 32-bit floats; nothing was written", what,
                           ((const double *)buf)[i], (long long)i);
    return 0;
}

/* Checks of every data write: mode, buffer class, slab against n. */
static int pre(exs_file *f, const char *what, exs_type t, int want_float,
               int64_t start, int64_t count, int64_t n, const void *buf)
{
    int rc = exsi_w_ready(f, what);
    if (rc == 0)
        rc = exsi_util_check_type(f, what, t, want_float);
    if (rc == 0)
        rc = exsi_util_check_slab(f, what, start, count, n);
    if (rc == 0 && count > 0 && !buf)
        rc = exsi_err(f, EXS_EINVAL, "%s: buffer is NULL", what);
    return rc;
}

/* One slab of a (time, n) variable at step, or of a 1-D one (step < 0). */
static int put_slab(exs_file *f, const exsi_core_varinfo *vi, int64_t step, int64_t start,
                    int64_t count, exs_type t, const void *buf, const char *what)
{
    int rc = check_fit(f, vi, count, t, buf, what);
    if (rc != 0)
        return rc; /* an empty slab still takes part (collective access) */
    int64_t st[2] = {step, start}, ct[2] = {1, count};
    return step < 0 ? exsi_io_write(f, vi, &start, &count, (int)t, buf)
                    : exsi_io_write(f, vi, st, ct, (int)t, buf);
}

int exs_put_assembly_members(exs_file *f, int64_t id, int64_t start, int64_t count,
                             exs_type t, const void *buf)
{
    exsi_xm_assembly_rec *a = NULL;
    exsi_core_varinfo vi;
    const char *what = "exs_put_assembly_members";
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_xm_assembly_lookup(f, id, &a);
    if (rc == 0)
        rc = pre(f, what, t, 0, start, count, a->num_members, buf);
    if (rc == 0)
        rc = var_of(f, "assembly_entity%lld", id, 0, &vi);
    return rc ? rc : put_slab(f, &vi, -1, start, count, t, buf, what);
}

static int check_step(exs_file *f, const char *what, int64_t step)
{
    if (step >= 0 && step < f->num_times)
        return 0;
    return exsi_err(f, EXS_ERANGE, "%s: step %lld of %lld (exs_put_time first)", what,
                   (long long)step, (long long)f->num_times);
}

int exs_put_blob_var(exs_file *f, int64_t id, int var, int64_t step, int64_t start,
                     int64_t count, exs_type t, const void *buf)
{
    exsi_xm_blob_rec *b = NULL;
    exsi_core_varinfo vi;
    const char *what = "exs_put_blob_var";
    int rc = exsi_w_enter(f);
    int n = f && f->xm ? f->xm->blob_vars.n : 0;
    if (rc == 0)
        rc = exsi_xm_blob_lookup(f, id, &b);
    if (rc == 0 && (var < 0 || var >= n))
        rc = exsi_err(f, EXS_ERANGE, "%s: blob variable %d of %d", what, var, n);
    if (rc == 0)
        rc = pre(f, what, t, 1, start, count, b->num_entries, buf);
    if (rc == 0)
        rc = check_step(f, what, step);
    if (rc == 0)
        rc = var_of(f, "vals_blob_var%lldblob%lld", var + 1, id, &vi);
    return rc ? rc : put_slab(f, &vi, step, start, count, t, buf, what);
}

int exs_put_red_vars(exs_file *f, int kind, int64_t id, int64_t step, int64_t start,
                     int64_t count, exs_type t, const void *buf)
{
    exsi_core_varinfo vi;
    int slot = 0;
    int64_t suffix = 0;
    const char *what = "exs_put_red_vars";
    if (kind == EXS_GLOBAL)
        return exs_put_var(f, EXS_GLOBAL, 0, 0, step, start, count, t, buf);
    int rc = exsi_w_enter(f);
    const exsi_xm_red_desc *d = exsi_xm_red_desc_of(kind, &slot);
    if (rc == 0 && !d)
        rc = exsi_err(f, EXS_EINVAL, "%s: kind %d has no reduction variables", what,
                     kind);
    if (rc == 0)
        rc = exsi_xm_red_suffix(f, d, id, &suffix);
    if (rc == 0)
        rc = pre(f, what, t, 1, start, count, f->xm ? f->xm->red[slot].n : 0, buf);
    if (rc == 0)
        rc = check_step(f, what, step);
    if (rc == 0)
        rc = var_of(f, d->vals_fmt, suffix, 0, &vi);
    return rc ? rc : put_slab(f, &vi, step, start, count, t, buf, what);
}

static int check_tags(exs_file *f, int64_t count, const char *tags)
{
    for (int64_t i = 0; i < count; i++)
        if (tags[i] != 'R' && tags[i] != 'C' && tags[i] != 'S')
            return exsi_err(f, EXS_EINVAL, "exs_put_frames: tag #%lld is '%c' (R, C "
                           "or S)", (long long)i, tags[i]);
    return 0;
}

int exs_put_frames(exs_file *f, int64_t start, int64_t count, const int64_t *ids,
                   exs_type t, const void *coords, const char *tags)
{
    exsi_core_varinfo vi, vc, vt;
    const char *what = "exs_put_frames";
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = pre(f, what, t, 1, start, count, f->xm ? f->xm->nframes : 0, coords);
    if (rc == 0 && count > 0 && (!ids || !tags))
        rc = exsi_err(f, EXS_EINVAL, "%s: ids, coordinates and tags are needed", what);
    if (rc == 0)
        rc = check_tags(f, count, tags);
    if (rc == 0)
        rc = var_of(f, "frame_ids", 0, 0, &vi);
    if (rc == 0)
        rc = var_of(f, "frame_coordinates", 0, 0, &vc);
    if (rc == 0)
        rc = var_of(f, "frame_tags", 0, 0, &vt);
    if (rc != 0)
        return rc;
    rc = check_fit(f, &vi, count, EXS_I64, ids, what);
    if (rc == 0)
        rc = check_fit(f, &vc, 9 * count, t, coords, what);
    int64_t s9 = 9 * start, c9 = 9 * count;
    if (rc == 0)
        rc = exsi_io_write(f, &vi, &start, &count, EXS_I64, ids);
    if (rc == 0)
        rc = exsi_io_write(f, &vc, &s9, &c9, (int)t, coords);
    return rc ? rc : exsi_io_write(f, &vt, &start, &count, EXS_TEXT, tags);
}
