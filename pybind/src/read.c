/*
 * read.c -- bulk reads. Each method works out the slab and the array
 * shape, gets the array (numpy allocates it, or the caller's out= after
 * checks) and lets the library fill it in its one pass, GIL released.
 */
#include "exs_py.h"

#include <string.h>


static int rd_coord(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_get_coord)(f, r->sub, r->start, r->count, t, buf);
}

static int rd_conn(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_get_conn)(f, r->kind, r->id, (exs_conn)r->sub,
                                        r->start, r->count, t, buf);
}

static int rd_counts(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_get_entry_counts)(f, r->kind, r->id, r->start,
                                                r->count, t, buf);
}

static int rd_attr(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_get_attr)(f, r->kind, r->id, r->start, r->count, t,
                                        buf);
}

static int rd_set(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_get_set)(f, r->kind, r->id, r->start, r->count, t,
                                       buf, r->extra);
}

static int rd_df(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_get_df)(f, r->kind, r->id, r->start, r->count, t, buf);
}

static int rd_id_map(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_get_id_map)(f, r->kind, r->start, r->count, t, buf);
}

static int rd_map(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_get_map)(f, r->kind, r->id, r->start, r->count, t,
                                       buf);
}

static int rd_order_map(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_get_order_map)(f, r->start, r->count, t, buf);
}

static int rd_times(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_get_times)(f, r->start, r->count, t, buf);
}

static int rd_var(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_get_var)(f, r->kind, r->id, r->sub, r->step, r->start,
                                       r->count, t, buf);
}

static int rd_var_steps(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_get_var_steps)(f, r->kind, r->id, r->sub, r->step,
                                             r->nsteps, r->start, r->count, t, buf);
}

/* ------------------------------------------------------------------ */

/* Resolve count = None against n entries. A slab outside [0, n) is an
 * ArgumentError here, before anything is allocated -- except in
 * collective mode, where every rank must reach the library (which agrees
 * on the error) and *ok is set to 0 so the caller passes a dummy buffer. */
static int resolve_slab(exs_py_req *r, int64_t n, const char *what, int *ok)
{
    if (r->count < 0)
        r->count = n - r->start > 0 ? n - r->start : 0;
    *ok = r->start >= 0 && r->start <= n && r->count <= n - r->start;
    if (*ok || r->coll)
        return 0;
    exs_py_arg_error("%s: slab [%lld, %lld) outside [0, %lld)", what,
                     (long long)r->start, (long long)(r->start + r->count),
                     (long long)n);
    return -1;
}

/* The common path: type, the array of shape dims (numpy's or out=), fill.
 * ok 0 (a bad slab in collective mode, see resolve_slab): the library is
 * called with a dummy buffer so every rank reaches it and it reports. */
static PyObject *read_array(exs_py_handle *h, exs_py_req *r, exs_py_io_fn fn,
                            int want_float, PyObject *dtype, PyObject *out, int nd,
                            const npy_intp *dims, int ok, const char *what)
{
    exs_type t;
    PyArrayObject *a = NULL;
    double dummy[1];
    if (exs_py_type(dtype, out, want_float, &t) < 0)
        return NULL;
    if (!ok) {
        if (exs_py_run(h, r, fn, t, dummy) == 0)
            exs_py_arg_error("%s: slab out of range", what);
        return NULL;
    }
    if (!(a = exs_py_out(out, t, nd, dims, what)))
        goto fail;
    if (exs_py_run(h, r, fn, t, PyArray_DATA(a)) < 0)
        goto fail;
    return (PyObject *)a;
fail:
    Py_XDECREF(a);
    return NULL;
}

#define SLAB_ARGS "|LO&OO"
#define SLAB_REFS(r, dt, out) &(r)->start, exs_py_conv_count, &(r)->count, &(dt), &(out)

static PyObject *h_get_coord_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                  exs_py_req *r)
{
    static char *kwl[] = {"axis", "start", "count", "dtype", "out", NULL};
    PyObject *dtype = Py_None, *out = Py_None;
    int64_t n;
    int ok;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "i" SLAB_ARGS, kwl, &r->sub,
                                     SLAB_REFS(r, dtype, out)))
        return NULL;
    r->parsed = 1;
    if (exs_py_inquire(h, EXS_INQ_NUM_NODES, &n) < 0 ||
        resolve_slab(r, n, "coordinates", &ok) < 0)
        return NULL;
    npy_intp dims[1] = {(npy_intp)r->count};
    return read_array(h, r, rd_coord, 1, dtype, out, 1, dims, ok, "coordinates");
}
EXS_PY_GUARDED(h_get_coord, rd_coord)

/* coords(): the (count, num_dim) transpose of a (num_dim, count) array, so
 * each component is one contiguous read. out= may be either shape:
 * (num_dim, count) C-ordered, or (count, num_dim) Fortran-ordered (the
 * transpose of the former, as this function returns). */
static PyArrayObject *coords_base(PyObject *out, exs_type t, npy_intp dim,
                                  npy_intp count)
{
    npy_intp dims[2] = {dim, count};
    PyArrayObject *o = out != Py_None && PyArray_Check(out) ? (PyArrayObject *)out : NULL;
    int rows = o && PyArray_NDIM(o) == 2 && PyArray_DIMS(o)[0] == count &&
               PyArray_DIMS(o)[1] == dim;
    if (rows && PyArray_IS_F_CONTIGUOUS(o)) {
        PyObject *tr = PyArray_Transpose(o, NULL);
        if (!tr)
            return NULL;
        PyArrayObject *base = exs_py_out(tr, t, 2, dims, "coordinates");
        Py_DECREF(tr);
        return base;
    }
    if (rows && dim > 1 && count > 1)
        return (PyArrayObject *)exs_py_arg_error(
            "out= for coordinates: a (%lld, %lld) array must be Fortran-ordered "
            "(e.g. np.empty((%lld, %lld)).T), since each component is read "
            "contiguously; or pass a C-ordered (%lld, %lld) array",
            (long long)count, (long long)dim, (long long)dim, (long long)count,
            (long long)dim, (long long)count);
    return exs_py_out(out, t, 2, dims, "coordinates");
}

/* Every component, in one lock session (collective: one call per axis on
 * every rank). ok 0: a dummy buffer, the library reports the slab. */
typedef struct components {
    exs_py_req *r;
    exs_type t;
    char *data;      /* component axis at data + axis * stride; NULL: a dummy */
    size_t stride;
    int dim;
} components;

static int components_body(exs_file *f, void *arg, char *msg)
{
    components *a = arg;
    double dummy[1];
    int rc = 0;
    (void)msg;
    for (int axis = 0; rc == 0 && axis < a->dim; axis++) {
        a->r->sub = axis;
        void *buf = a->data ? a->data + axis * a->stride : (void *)dummy;
        rc = rd_coord(f, a->r, a->t, buf);
    }
    return rc;
}

static int read_components(exs_py_handle *h, exs_py_req *r, exs_type t,
                           PyArrayObject *base, int dim, int ok)
{
    components a = {r, t, ok ? PyArray_DATA(base) : NULL,
                    ok ? (size_t)r->count * (size_t)PyArray_ITEMSIZE(base) : 0, dim};
    r->reached = 1;
    return exs_py_locked(h, 1, components_body, &a) < 0 ? -1 : 0;
}

static PyObject *h_get_coords_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                   exs_py_req *r)
{
    static char *kwl[] = {"start", "count", "dtype", "out", NULL};
    PyObject *dtype = Py_None, *out = Py_None, *res = NULL;
    PyArrayObject *base = NULL;
    int64_t n, dim;
    int ok;
    exs_type t;
    if (!PyArg_ParseTupleAndKeywords(args, kw, SLAB_ARGS, kwl, SLAB_REFS(r, dtype, out)))
        return NULL;
    r->parsed = 1;
    if (exs_py_inquire(h, EXS_INQ_NUM_NODES, &n) < 0 ||
        exs_py_inquire(h, EXS_INQ_NUM_DIM, &dim) < 0 ||
        resolve_slab(r, n, "coordinates", &ok) < 0 ||
        exs_py_type(dtype, out, 1, &t) < 0)
        return NULL;
    if (!(base = coords_base(ok ? out : Py_None, t, dim, ok ? r->count : 0)))
        goto fail;
    if (read_components(h, r, t, base, (int)dim, ok) < 0)
        goto fail;
    if (!ok)
        exs_py_arg_error("coordinates: slab out of range");
    else if (out != Py_None)
        res = Py_NewRef(out);
    else
        res = PyArray_Transpose(base, NULL);
fail:
    Py_XDECREF(base);
    return res;
}
EXS_PY_GUARDED(h_get_coords, rd_coord)

/* Rows and values per row of a block's connectivity `which`, as the
 * library resolves it; NSIDED node and NFACED face connectivity is flat
 * (*poly = 1: width 1, the slab indexes the values themselves). */
static int conn_shape(exs_py_handle *h, exs_py_req *r, int64_t *n, int64_t *width,
                      int *poly)
{
    if (exs_py_conn_extent(h, r->kind, r->id, r->sub, n, width) < 0)
        return -1;
    exs_entity_info i;
    if (exs_py_entity(h, r->kind, r->id, &i) < 0)
        return -1;
    *poly = (i.topo == EXS_TOPO_NSIDED && r->sub == EXS_CONN_NODES) ||
            (i.topo == EXS_TOPO_NFACED && r->sub == EXS_CONN_FACES);
    return 0;
}

/* A fresh flat array, returned as the (count, width) view of itself unless
 * flat: the memory the library filled, no copy. */
static PyObject *shaped(PyObject *flat_arr, int flat, npy_intp count, npy_intp width)
{
    if (!flat_arr || flat)
        return flat_arr;
    npy_intp dims[2] = {count, width};
    PyArray_Dims shape = {dims, 2};
    PyObject *v = PyArray_Newshape((PyArrayObject *)flat_arr, &shape, NPY_CORDER);
    Py_DECREF(flat_arr);
    return v;
}

/* Read count entries of `width` values into an (count, width) array, or
 * a flat (count*width,) one. out= must have the shape asked for. */
static PyObject *read_rows(exs_py_handle *h, exs_py_req *r, exs_py_io_fn fn,
                           int want_float, PyObject *dtype, PyObject *out,
                           int64_t width, int flat, int ok, const char *what)
{
    npy_intp rows[2] = {(npy_intp)r->count, (npy_intp)width};
    npy_intp all[1] = {(npy_intp)(r->count * width)};
    if (out != Py_None)
        return flat ? read_array(h, r, fn, want_float, dtype, out, 1, all, ok, what)
                    : read_array(h, r, fn, want_float, dtype, out, 2, rows, ok, what);
    PyObject *a = read_array(h, r, fn, want_float, dtype, Py_None, 1, all, ok, what);
    return shaped(a, flat, rows[0], rows[1]);
}

static PyObject *h_get_conn_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                 exs_py_req *r)
{
    static char *kwl[] = {"kind", "id", "which", "start", "count",
                          "dtype", "out", "flat", NULL};
    PyObject *dtype = Py_None, *out = Py_None;
    int kind, flat = 0, ok, poly;
    int64_t n, width;
    char what[96];
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iL|iLO&OOp", kwl, &kind, &r->id,
                                     &r->sub, SLAB_REFS(r, dtype, out), &flat))
        return NULL;
    r->kind = (exs_kind)kind;
    r->parsed = 1;
    if (conn_shape(h, r, &n, &width, &poly) < 0)
        return NULL;
    PyOS_snprintf(what, sizeof what, "connectivity of block %lld", (long long)r->id);
    if (resolve_slab(r, n, what, &ok) < 0)
        return NULL;
    /* Polygon/polyhedron connectivity is flat by nature. */
    return read_rows(h, r, rd_conn, 0, dtype, out, width, flat || poly, ok, what);
}
EXS_PY_GUARDED(h_get_conn, rd_conn)

/* Methods of the form (kind, id, start, count, dtype, out) over the
 * entity's entries (entry counts) or distribution factors. */
static PyObject *entity_read(exs_py_handle *h, PyObject *args, PyObject *kw,
                             exs_py_req *r, exs_py_io_fn fn, int want_float,
                             const char *label)
{
    static char *kwl[] = {"kind", "id", "start", "count", "dtype", "out", NULL};
    exs_entity_info info;
    PyObject *dtype = Py_None, *out = Py_None;
    int kind, ok;
    char what[96];
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iL" SLAB_ARGS, kwl, &kind, &r->id,
                                     SLAB_REFS(r, dtype, out)))
        return NULL;
    r->kind = (exs_kind)kind;
    r->parsed = 1;
    if (exs_py_entity(h, r->kind, r->id, &info) < 0)
        return NULL;
    PyOS_snprintf(what, sizeof what, "%s of entity %lld", label, (long long)r->id);
    int64_t n = fn == rd_df ? info.num_df : info.num_entries;
    if (resolve_slab(r, n, what, &ok) < 0)
        return NULL;
    npy_intp dims[1] = {(npy_intp)r->count};
    return read_array(h, r, fn, want_float, dtype, out, 1, dims, ok, what);
}

static PyObject *h_get_entry_counts(exs_py_handle *h, PyObject *args, PyObject *kw)
{
    exs_py_req r;
    exs_py_req_init(h, &r);
    return exs_py_guard(h, &r, rd_counts,
                        entity_read(h, args, kw, &r, rd_counts, 0, "entry counts"));
}

static PyObject *h_get_df(exs_py_handle *h, PyObject *args, PyObject *kw)
{
    exs_py_req r;
    exs_py_req_init(h, &r);
    return exs_py_guard(h, &r, rd_df,
                        entity_read(h, args, kw, &r, rd_df, 1, "distribution factors"));
}

static PyObject *h_get_attr_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                 exs_py_req *r)
{
    static char *kwl[] = {"kind", "id", "start", "count", "dtype", "out", "flat", NULL};
    exs_entity_info info;
    PyObject *dtype = Py_None, *out = Py_None;
    int kind, ok, flat = 0;
    char what[96];
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iL" SLAB_ARGS "p", kwl, &kind, &r->id,
                                     SLAB_REFS(r, dtype, out), &flat))
        return NULL;
    r->kind = (exs_kind)kind;
    r->parsed = 1;
    if (exs_py_entity(h, r->kind, r->id, &info) < 0)
        return NULL;
    PyOS_snprintf(what, sizeof what, "attributes of block %lld", (long long)r->id);
    if (resolve_slab(r, info.num_entries, what, &ok) < 0)
        return NULL;
    return read_rows(h, r, rd_attr, 1, dtype, out, info.num_attr, flat, ok, what);
}
EXS_PY_GUARDED(h_get_attr, rd_attr)

/* Set members, and with extra=True also the sides (side sets) or the
 * orientations (edge/face sets): (members, extra). */
static PyObject *h_get_set_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                exs_py_req *r)
{
    static char *kwl[] = {"kind", "id", "start", "count", "dtype", "out",
                          "extra", "extra_out", NULL};
    exs_entity_info info;
    PyObject *dtype = Py_None, *out = Py_None, *xout = Py_None, *res = NULL;
    PyArrayObject *x = NULL;
    int kind, ok, extra = 0;
    exs_type t;
    char what[96];
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iL" SLAB_ARGS "pO", kwl, &kind, &r->id,
                                     SLAB_REFS(r, dtype, out), &extra, &xout))
        return NULL;
    r->kind = (exs_kind)kind;
    r->parsed = 1;
    if (exs_py_entity(h, r->kind, r->id, &info) < 0)
        return NULL;
    PyOS_snprintf(what, sizeof what, "members of set %lld", (long long)r->id);
    if (resolve_slab(r, info.num_entries, what, &ok) < 0 ||
        exs_py_type(dtype, out, 0, &t) < 0)
        return NULL;
    npy_intp dims[1] = {ok ? (npy_intp)r->count : 0};
    if (extra && !(x = exs_py_out(ok ? xout : Py_None, t, 1, dims,
                                  "set sides/orientations")))
        goto fail;
    r->extra = x ? PyArray_DATA(x) : NULL;
    if (!(res = read_array(h, r, rd_set, 0, dtype, out, 1, dims, ok, what)))
        goto fail;
    if (!extra)
        return res;
    return Py_BuildValue("(NN)", res, (PyObject *)x);
fail:
    Py_XDECREF(x);
    return NULL;
}
EXS_PY_GUARDED(h_get_set, rd_set)

/* Methods of the form ([kind,] start, count, dtype, out) on a whole-mesh
 * array: id maps (kind = a map kind), the order map, times. */
static PyObject *mesh_read(exs_py_handle *h, PyObject *args, PyObject *kw,
                           exs_py_req *r, exs_py_io_fn fn, int has_kind, int want_float,
                           exs_inq total)
{
    static char *kwl_k[] = {"kind", "start", "count", "dtype", "out", NULL};
    static char *kwl[] = {"start", "count", "dtype", "out", NULL};
    PyObject *dtype = Py_None, *out = Py_None;
    int kind = EXS_NODE_MAP, ok;
    int64_t n;
    int parsed = has_kind
        ? PyArg_ParseTupleAndKeywords(args, kw, "i" SLAB_ARGS, kwl_k, &kind,
                                      SLAB_REFS(r, dtype, out))
        : PyArg_ParseTupleAndKeywords(args, kw, SLAB_ARGS, kwl, SLAB_REFS(r, dtype, out));
    if (!parsed)
        return NULL;
    r->kind = (exs_kind)kind;
    r->parsed = 1;
    if (has_kind ? exs_py_extent(h, r->kind, -1, &n) : exs_py_inquire(h, total, &n))
        return NULL;
    if (resolve_slab(r, n, "map", &ok) < 0)
        return NULL;
    npy_intp dims[1] = {(npy_intp)r->count};
    return read_array(h, r, fn, want_float, dtype, out, 1, dims, ok,
                      fn == rd_times ? "times" : "map");
}

static PyObject *h_get_id_map(exs_py_handle *h, PyObject *args, PyObject *kw)
{
    exs_py_req r;
    exs_py_req_init(h, &r);
    return exs_py_guard(h, &r, rd_id_map,
                        mesh_read(h, args, kw, &r, rd_id_map, 1, 0, EXS_INQ_NUM_NODES));
}

static PyObject *h_get_order_map(exs_py_handle *h, PyObject *args, PyObject *kw)
{
    exs_py_req r;
    exs_py_req_init(h, &r);
    return exs_py_guard(h, &r, rd_order_map,
                        mesh_read(h, args, kw, &r, rd_order_map, 0, 0, EXS_INQ_NUM_ELEM));
}

static PyObject *h_get_times(exs_py_handle *h, PyObject *args, PyObject *kw)
{
    exs_py_req r;
    exs_py_req_init(h, &r);
    return exs_py_guard(h, &r, rd_times,
                        mesh_read(h, args, kw, &r, rd_times, 0, 1, EXS_INQ_NUM_TIMES));
}

static PyObject *h_get_map_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                exs_py_req *r)
{
    static char *kwl[] = {"kind", "id", "start", "count", "dtype", "out", NULL};
    PyObject *dtype = Py_None, *out = Py_None;
    int kind, ok;
    int64_t n;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iL" SLAB_ARGS, kwl, &kind, &r->id,
                                     SLAB_REFS(r, dtype, out)))
        return NULL;
    r->kind = (exs_kind)kind;
    r->parsed = 1;
    if (exs_py_extent(h, r->kind, r->id, &n) < 0 || resolve_slab(r, n, "map", &ok) < 0)
        return NULL;
    npy_intp dims[1] = {(npy_intp)r->count};
    return read_array(h, r, rd_map, 0, dtype, out, 1, dims, ok, "named map");
}
EXS_PY_GUARDED(h_get_map, rd_map)

/* Results: (kind, id, var, step, start, count, dtype, out). */
static PyObject *h_get_var_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                exs_py_req *r)
{
    static char *kwl[] = {"kind", "id", "var", "step", "start", "count",
                          "dtype", "out", NULL};
    PyObject *dtype = Py_None, *out = Py_None;
    int kind, ok;
    int64_t n;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iLiL" SLAB_ARGS, kwl, &kind, &r->id,
                                     &r->sub, &r->step, SLAB_REFS(r, dtype, out)))
        return NULL;
    r->kind = (exs_kind)kind;
    r->parsed = 1;
    if (exs_py_extent(h, r->kind, r->id, &n) < 0 ||
        resolve_slab(r, n, "variable", &ok) < 0)
        return NULL;
    npy_intp dims[1] = {(npy_intp)r->count};
    return read_array(h, r, rd_var, 1, dtype, out, 1, dims, ok, "variable");
}
EXS_PY_GUARDED(h_get_var, rd_var)

/* Steps [step, step+nsteps) of a variable: an (nsteps, count) array. */
static PyObject *h_get_var_steps_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                      exs_py_req *r)
{
    static char *kwl[] = {"kind", "id", "var", "step", "nsteps", "start", "count",
                          "dtype", "out", NULL};
    PyObject *dtype = Py_None, *out = Py_None;
    int kind, ok;
    int64_t n, ntimes;
    r->nsteps = -1;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iLi|LO&LO&OO", kwl, &kind, &r->id,
                                     &r->sub, &r->step, exs_py_conv_count, &r->nsteps,
                                     SLAB_REFS(r, dtype, out)))
        return NULL;
    r->kind = (exs_kind)kind;
    r->parsed = 1;
    if (exs_py_extent(h, r->kind, r->id, &n) < 0 ||
        exs_py_inquire(h, EXS_INQ_NUM_TIMES, &ntimes) < 0 ||
        resolve_slab(r, n, "variable", &ok) < 0)
        return NULL;
    if (r->nsteps < 0)
        r->nsteps = ntimes - r->step > 0 ? ntimes - r->step : 0;
    int steps_ok = r->step >= 0 && r->nsteps <= ntimes - r->step;
    if (!steps_ok && !r->coll)
        return exs_py_arg_error("steps [%lld, %lld) outside [0, %lld)",
                                (long long)r->step, (long long)(r->step + r->nsteps),
                                (long long)ntimes);
    npy_intp dims[2] = {(npy_intp)r->nsteps, (npy_intp)r->count};
    return read_array(h, r, rd_var_steps, 1, dtype, out, 2, dims, ok && steps_ok,
                      "variable");
}
EXS_PY_GUARDED(h_get_var_steps, rd_var_steps)

#define KW (METH_VARARGS | METH_KEYWORDS)
#define FN(f) (PyCFunction)(void (*)(void))(f)
PyMethodDef exs_py_read_methods[] = {
    {"get_coord", FN(h_get_coord), KW, "get_coord(axis, start=0, count=None, dtype=None, out=None)"},
    {"get_coords", FN(h_get_coords), KW, "get_coords(start=0, count=None, dtype=None, out=None) -> (count, num_dim)"},
    {"get_conn", FN(h_get_conn), KW, "get_conn(kind, id, which=0, start=0, count=None, dtype=None, out=None, flat=False)"},
    {"get_entry_counts", FN(h_get_entry_counts), KW, "get_entry_counts(kind, id, start=0, count=None, dtype=None, out=None)"},
    {"get_attr", FN(h_get_attr), KW, "get_attr(kind, id, start=0, count=None, dtype=None, out=None, flat=False)"},
    {"get_set", FN(h_get_set), KW, "get_set(kind, id, start=0, count=None, dtype=None, out=None, extra=False, extra_out=None)"},
    {"get_df", FN(h_get_df), KW, "get_df(kind, id, start=0, count=None, dtype=None, out=None)"},
    {"get_id_map", FN(h_get_id_map), KW, "get_id_map(kind, start=0, count=None, dtype=None, out=None)"},
    {"get_map", FN(h_get_map), KW, "get_map(kind, id, start=0, count=None, dtype=None, out=None)"},
    {"get_order_map", FN(h_get_order_map), KW, "get_order_map(start=0, count=None, dtype=None, out=None)"},
    {"get_times", FN(h_get_times), KW, "get_times(start=0, count=None, dtype=None, out=None)"},
    {"get_var", FN(h_get_var), KW, "get_var(kind, id, var, step, start=0, count=None, dtype=None, out=None)"},
    {"get_var_steps", FN(h_get_var_steps), KW, "get_var_steps(kind, id, var, step=0, nsteps=None, start=0, count=None, dtype=None, out=None)"},
    {NULL, NULL, 0, NULL},
};
