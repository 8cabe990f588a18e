/* write_data.c -- bulk writes: coordinates, connectivity, attributes, set
 * members, distribution factors, maps, times and results. Each is checked
 * against the model (id, slab, variable index, buffer class) and is then one
 * exsi_io_write() straight from the caller's buffer. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "write.h"

/* Look a variable up by fmt(a, b); missing is EXS_ENOTFOUND naming it. */
static int var_of(exs_file *f, const char *fmt, int64_t a, int64_t b,
                  exsi_core_varinfo *vi)
{
    char name[64];
    if (!fmt || exsi_kind_fmt_name(name, sizeof name, fmt, a, b) != 0)
        return exsi_err(f, EXS_EINVAL, "no variable for this kind");
    int rc = exsi_util_var_lookup(f, name, vi);
    return rc == 0 ? 0 : exsi_err(f, EXS_ENOTFOUND, "variable %s is not in the file",
                                 name);
}

/* Mode, buffer class and slab: the checks every bulk write makes. An
 * array of no entries at all has no variable (netCDF has no empty fixed
 * dimensions): writing its empty slab is a no-op, the same on every rank,
 * returned as the positive EMPTY. */
enum { EMPTY = 1 };
static int pre(exs_file *f, const char *what, exs_type t, int want_float,
               int64_t start, int64_t count, int64_t n)
{
    int rc = exsi_w_ready(f, what);
    if (rc == 0)
        rc = exsi_util_check_type(f, what, t, want_float);
    if (rc == 0)
        rc = exsi_util_check_slab(f, what, start, count, n);
    return rc == 0 && n == 0 ? EMPTY : rc;
}

/* 0 for EMPTY, the code otherwise. */
static int done(int rc) { return rc == EMPTY ? 0 : rc; }

/* Values the stored type cannot hold are refused before anything is
 * written: netCDF would store them wrapped (or refuse the whole call
 * after writing part of it) and return NC_ERANGE. */
static int check_values(exs_file *f, const exsi_core_varinfo *vi, int64_t n, exs_type t,
                        const void *buf)
{
    if (t == EXS_I64 && vi->xtype == EXS_NC_INT) {
        const int64_t *v = buf;
        for (int64_t i = 0; i < n; i++)
            if (v[i] < INT32_MIN || v[i] > INT32_MAX)
                return exsi_err(f, EXS_EOVERFLOW, "value %lld (#%lld of the slab) does "
                               "not fit the file's 32-bit integer storage (int64 off: "
                               "%d..%d); nothing was written", (long long)v[i],
                               (long long)i, INT32_MIN, INT32_MAX);
    }
    if (t == EXS_F64 && vi->xtype == EXS_NC_FLOAT) {
        const double *v = buf;
        for (int64_t i = 0; i < n; i++)
            if (fabs(v[i]) > FLT_MAX)
                return exsi_err(f, EXS_EOVERFLOW, "value %g (#%lld of the slab) does "
                               "not fit the file's 32-bit float storage (float_size 4: "
                               "|v| <= %g, infinities refused by netCDF); nothing was "
                               "written", v[i], (long long)i, (double)FLT_MAX);
    }
    return 0;
}

/* Checked values, then one write of the slab (values in the buffer). */
static int put_checked(exs_file *f, const exsi_core_varinfo *vi, const int64_t *st,
                       const int64_t *ct, exs_type t, const void *buf)
{
    int64_t n = 1;
    for (int d = 0; d < vi->ndims; d++)
        if (exsi_mul64(n, ct[d], &n) != 0)
            return exsi_err(f, EXS_EOVERFLOW, "slab of %d dimensions: value count "
                           "overflows", vi->ndims);
    int rc = check_values(f, vi, n, t, buf);
    return rc ? rc : exsi_io_write(f, vi, st, ct, (int)t, buf);
}

/* A slab of entries [start, start+count) of a (entries[, per]) variable. */
static int put_rows(exs_file *f, const exsi_core_varinfo *vi, int64_t start, int64_t count,
                    exs_type t, const void *buf)
{
    int64_t st[2] = {start, 0}, ct[2] = {count, vi->ndims > 1 ? vi->dimlen[1] : 1};
    return put_checked(f, vi, st, ct, t, buf);
}

/* Entries [start, start+count) of a resolved array: the slab reads use
 * (exsi_read_arr_slab), its values checked, one write. */
static int put_arr(exs_file *f, const exsi_read_arr *arr, int64_t start, int64_t count,
                   exs_type t, const void *buf)
{
    int64_t st[EXS_MAX_DIMS], ct[EXS_MAX_DIMS];
    if (!arr->found)
        return exsi_err(f, EXS_ENOTFOUND, "variable %s is not in the file", arr->name);
    int rc = exsi_read_arr_slab(f, arr, start, count, st, ct);
    return rc ? rc : put_checked(f, &arr->vi, st, ct, t, buf);
}

static int entity_of(exs_file *f, exs_kind kind, int64_t id, int want,
                     exsi_core_entity **e)
{
    int rc = exsi_w_enter(f);
    if (rc != 0)
        return rc;
    int ok = want == 0 ? exsi_core_is_block(kind) : want == 1 ? exsi_core_is_set(kind)
                                                        : exsi_core_is_map(kind);
    if (!exsi_core_kind_valid((int)kind) || !ok)
        return exsi_err(f, EXS_EINVAL, "kind %d does not suit this call", (int)kind);
    return exsi_util_entity_lookup(f, kind, id, e);
}

int exs_put_coord(exs_file *f, int axis, int64_t start, int64_t count, exs_type t,
                  const void *buf)
{
    exsi_read_arr arr;
    int rc = exsi_w_enter(f);
    if (rc == 0 && (axis < 0 || axis >= f->num_dim))
        rc = exsi_err(f, EXS_ERANGE, "exs_put_coord: axis %d of %d", axis, f->num_dim);
    if (rc == 0)
        rc = pre(f, "exs_put_coord", t, 1, start, count, f->num_nodes);
    if (rc == 0)
        rc = exsi_coord_arr(f, axis, &arr);
    if (rc == 0)
        rc = put_arr(f, &arr, start, count, t, buf);
    if ((rc == 0 || rc == EMPTY) && exsi_core_io_executes(f)) /* close checks them all */
        f->w->coord_written[axis] = 1;
    return done(rc);
}

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
    int rc = entity_of(f, kind, id, 0, &e);
    if (rc == 0)
        rc = exsi_w_ready(f, "exs_put_conn");
    if (rc == 0 && exsi_block_conn_shape(kind, e, which, &fmt, &n, &width) != 0)
        rc = exsi_err(f, EXS_ENOTFOUND, "%s %lld has no such connectivity (%d)",
                     exsi_kind_kinds[kind].label, (long long)e->id, (int)which);
    if (rc == 0)
        rc = pre(f, "exs_put_conn", t, 0, start, count, n);
    if (rc == 0)
        rc = exsi_block_conn_arr(f, kind, e, which, &arr);
    if (rc == 0)
        rc = conn_writable(f, kind, e, which, &arr);
    return rc ? done(rc) : put_arr(f, &arr, start, count, t, buf);
}

int exs_put_entry_counts(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                         int64_t count, exs_type t, const void *buf)
{
    exsi_core_entity *e;
    exsi_core_varinfo vi;
    int rc = entity_of(f, kind, id, 0, &e);
    if (rc == 0)
        rc = pre(f, "exs_put_entry_counts", t, 0, start, count, e->num_entries);
    if (rc == 0 && e->topo != EXS_TOPO_NSIDED && e->topo != EXS_TOPO_NFACED)
        rc = exsi_err(f, EXS_EINVAL, "%s %lld is not NSIDED or NFACED",
                     exsi_kind_kinds[kind].label, (long long)id);
    if (rc == 0)
        rc = var_of(f, exsi_kind_kinds[kind].epec_var, e->index, 0, &vi);
    return rc ? done(rc) : put_rows(f, &vi, start, count, t, buf);
}

int exs_put_attr(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                 int64_t count, exs_type t, const void *buf)
{
    exsi_core_entity *e;
    exsi_core_varinfo vi;
    int rc = exsi_w_enter(f);
    if (rc == 0) /* blocks, sets, or the nodes (EXS_NODAL) */
        rc = exsi_attr_owner(f, kind, id, &e);
    if (rc == 0)
        rc = pre(f, "exs_put_attr", t, 1, start, count, e->num_entries);
    if (rc == 0 && e->num_attr == 0)
        rc = exsi_err(f, EXS_ENOTFOUND, "%s %lld has no attributes",
                     exsi_kind_kinds[kind].label, (long long)id);
    if (rc == 0)
        rc = var_of(f, exsi_kind_kinds[kind].attr_var, e->index, 0, &vi);
    return rc ? done(rc) : put_rows(f, &vi, start, count, t, buf);
}

int exs_put_set(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                int64_t count, exs_type t, const void *entries, const void *extra)
{
    exsi_core_entity *e;
    exsi_core_varinfo vi;
    int rc = entity_of(f, kind, id, 1, &e);
    if (rc == 0)
        rc = pre(f, "exs_put_set", t, 0, start, count, e->num_entries);
    if (rc == 0 && extra && !exsi_kind_kinds[kind].extra_var)
        rc = exsi_err(f, EXS_EINVAL, "%ss have no sides or orientations",
                     exsi_kind_kinds[kind].label);
    if (rc == 0 && entries && (rc = var_of(f, exsi_kind_kinds[kind].conn_var, e->index, 0,
                                           &vi)) == 0)
        rc = put_rows(f, &vi, start, count, t, entries);
    if (rc == 0 && extra && (rc = var_of(f, exsi_kind_kinds[kind].extra_var, e->index, 0,
                                         &vi)) == 0)
        rc = put_rows(f, &vi, start, count, t, extra);
    return done(rc);
}

int exs_put_df(exs_file *f, exs_kind kind, int64_t id, int64_t start, int64_t count,
               exs_type t, const void *buf)
{
    exsi_core_entity *e;
    exsi_core_varinfo vi;
    int rc = entity_of(f, kind, id, 1, &e);
    if (rc == 0)
        rc = pre(f, "exs_put_df", t, 1, start, count, e->num_df);
    if (rc == 0)
        rc = var_of(f, exsi_kind_kinds[kind].df_var, e->index, 0, &vi);
    return rc ? done(rc) : put_rows(f, &vi, start, count, t, buf);
}

/* The id map's variable exists (or will, with the header) once a caller
 * gives the map. A parallel handle defines it late only in the collective
 * put (exs_put_id_map_all), which every rank makes. */
static int id_map_ready(exs_file *f, exs_kind k)
{
    exsi_core_write_state *w = f->w;
    if (!w)
        return 0; /* exsi_w_ready below sets up an opened file */
    if (!f->parallel || w->defining)
        return exsi_w_ensure_id_map(f, k);
    if (w->created && !w->id_map_defined[k] && exsi_kind_total(f, k) > 0)
        return exsi_err(f, EXS_EMODE, "exs_put_id_map: the %s id map was not defined "
                       "before the header was written; on a parallel handle define "
                       "it with exs_def_id_map or write it with exs_put_id_map_all",
                       exsi_kind_kinds[k].label);
    return 0;
}

int exs_put_id_map(exs_file *f, exs_kind map_kind, int64_t start, int64_t count,
                   exs_type t, const void *buf)
{
    exsi_core_varinfo vi;
    int rc = exsi_w_enter(f);
    if (rc != 0)
        return rc;
    if (!exsi_core_kind_valid((int)map_kind) || !exsi_core_is_map(map_kind))
        return exsi_err(f, EXS_EINVAL, "exs_put_id_map: kind %d is not a map kind",
                       (int)map_kind);
    rc = id_map_ready(f, map_kind);
    if (rc == 0)
        rc = pre(f, "exs_put_id_map", t, 0, start, count, exsi_kind_total(f, map_kind));
    if (rc == 0)
        rc = var_of(f, exsi_kind_kinds[map_kind].id_map, 0, 0, &vi);
    if (rc == 0)
        rc = put_rows(f, &vi, start, count, t, buf);
    if (rc == 0 && exsi_core_io_executes(f))
        f->w->id_map_written[map_kind] = 1;
    return done(rc);
}

/* The legacy order map: declared by exs_def_order_map, or by this call
 * while the definitions are still open (a serial handle's first bulk
 * write ends them just after). */
int exs_put_order_map(exs_file *f, int64_t start, int64_t count, exs_type t,
                      const void *buf)
{
    exsi_core_varinfo vi;
    int rc = exsi_w_enter(f);
    if (rc != 0)
        return rc;
    if (f->w && f->w->defining && !f->w->broken && exsi_core_io_executes(f))
        f->order_map = 1;
    rc = pre(f, "exs_put_order_map", t, 0, start, count, f->num_elem);
    if (rc == 0 && !f->order_map)
        rc = exsi_err(f, EXS_ENOTFOUND, "exs_put_order_map: the file has no order "
                     "map (elem_map): declare it with exs_def_order_map");
    if (rc == 0)
        rc = var_of(f, "elem_map", 0, 0, &vi);
    if (rc == 0)
        rc = put_rows(f, &vi, start, count, t, buf);
    if (rc == 0 && exsi_core_io_executes(f))
        f->w->order_map_written = 1;
    return done(rc);
}

int exs_put_map(exs_file *f, exs_kind map_kind, int64_t id, int64_t start,
                int64_t count, exs_type t, const void *buf)
{
    exsi_core_entity *e;
    exsi_core_varinfo vi;
    int rc = entity_of(f, map_kind, id, 2, &e);
    if (rc == 0)
        rc = pre(f, "exs_put_map", t, 0, start, count, exsi_kind_total(f, map_kind));
    if (rc == 0)
        rc = var_of(f, exsi_kind_kinds[map_kind].conn_var, e->index, 0, &vi);
    return rc ? done(rc) : put_rows(f, &vi, start, count, t, buf);
}

int exs_put_time(exs_file *f, int64_t step, double time)
{
    exsi_core_varinfo vi;
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_ready(f, "exs_put_time");
    if (rc == 0 && (step < 0 || step > f->num_times))
        rc = exsi_err(f, EXS_ERANGE, "exs_put_time: step %lld; the file has %lld "
                     "(append with step == %lld)", (long long)step,
                     (long long)f->num_times, (long long)f->num_times);
    if (rc == 0)
        rc = var_of(f, "time_whole", 0, 0, &vi);
    int64_t st = step, ct = 1;
    if (rc == 0)
        rc = put_checked(f, &vi, &st, &ct, EXS_F64, &time);
    if (rc == 0 && step == f->num_times && exsi_core_io_executes(f))
        f->num_times++;
    return rc;
}

/* ---- results ---- */

/* The writer's rules beyond the resolver's: a step the file has, and no
 * values for an empty entity. */
static int result_arr(exs_file *f, exs_kind kind, int64_t id, int var,
                      int64_t step, exsi_read_arr *arr)
{
    if (!exsi_core_kind_valid((int)kind) || !exsi_core_has_vars(kind))
        return exsi_err(f, EXS_EINVAL, "exs_put_var: kind %d has no variables", (int)kind);
    if (step < 0 || step >= f->num_times)
        return exsi_err(f, EXS_ERANGE, "exs_put_var: step %lld of %lld (exs_put_time "
                       "first)", (long long)step, (long long)f->num_times);
    int rc = exsi_var_arr(f, kind, id, var, arr);
    if (rc == 0 && kind != EXS_GLOBAL && kind != EXS_NODAL && arr->n == 0)
        rc = exsi_err(f, EXS_ENOTFOUND, "variable %d is not stored for %s %lld (an "
                     "empty entity)", var, exsi_kind_kinds[kind].label, (long long)id);
    arr->lead_start[0] = step;
    arr->lead_count[0] = 1;
    return rc;
}

int exs_put_var(exs_file *f, exs_kind kind, int64_t id, int var, int64_t step,
                int64_t start, int64_t count, exs_type t, const void *buf)
{
    exsi_read_arr arr;
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_ready(f, "exs_put_var");
    if (rc == 0)
        rc = result_arr(f, kind, id, var, step, &arr);
    if (rc == 0)
        rc = pre(f, "exs_put_var", t, 1, start, count, arr.n);
    return rc ? done(rc) : put_arr(f, &arr, start, count, t, buf);
}
