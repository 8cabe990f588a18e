/* model.c -- the Handle methods for assemblies, blobs (and their
 * variables), reduction variables and coordinate frames (exoslab.h's
 * "rest of the SEACAS model"). Bulk calls take the _all form on parallel
 * handles in collective mode, as read.c and write.c do. */
#include <string.h>

#include "exs_py.h"

#define KW (METH_VARARGS | METH_KEYWORDS)
#define FN(f) (PyCFunction)(void (*)(void))(f)

/* ---- metadata ---- */

/* The library calls of this file's metadata methods, each an
 * exs_py_meta_call body (m->i: blobs rather than assemblies, or a
 * variable index). */
static int count_fn(exs_file *f, const exs_py_meta *m)
{
    return m->i ? exs_num_blobs(f, m->out) : exs_num_assemblies(f, m->out);
}

static int ids_fn(exs_file *f, const exs_py_meta *m)
{
    return m->i ? exs_get_blob_ids(f, m->out) : exs_get_assembly_ids(f, m->out);
}

static int get_assembly_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_get_assembly(f, m->id, m->out);
}

static int get_blob_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_get_blob(f, m->id, m->out);
}

/* kind < 0: blob variables. */
static int num_names_fn(exs_file *f, const exs_py_meta *m)
{
    return m->kind < 0 ? exs_num_blob_vars(f, m->out) : exs_num_red_vars(f, m->kind, m->out);
}

static int num_red_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_num_red_vars(f, m->kind, m->out);
}

static int name_fn(exs_file *f, const exs_py_meta *m)
{
    return m->kind < 0 ? exs_get_blob_var_name(f, m->i, m->out)
                       : exs_get_red_var_name(f, m->kind, m->i, m->out);
}

static int num_entities_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_num_entities(f, (exs_kind)m->kind, m->out);
}

static int red_truth_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_get_red_truth(f, m->kind, m->out);
}

static int num_frames_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_num_frames(f, m->out);
}

/* The ids of assemblies (blobs: 1) as a list. */
static PyObject *id_list(exs_py_handle *h, int blobs)
{
    int64_t n = 0, *ids = NULL;
    exs_py_meta m = {.i = blobs, .out = &n};
    if (exs_py_meta_call(h, count_fn, &m) < 0)
        return NULL;
    if (!(ids = PyMem_Malloc((size_t)(n > 0 ? n : 1) * sizeof *ids)))
        return PyErr_NoMemory();
    m.out = ids;
    int rc = exs_py_meta_call(h, ids_fn, &m);
    PyObject *l = rc < 0 ? NULL : PyList_New((Py_ssize_t)n);
    for (int64_t i = 0; l && i < n; i++) {
        PyObject *v = PyLong_FromLongLong(ids[i]);
        if (!v) {
            Py_CLEAR(l);
            break;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)i, v);
    }
    PyMem_Free(ids);
    return l;
}

static PyObject *h_assembly_ids(exs_py_handle *h, PyObject *u)
{
    (void)u;
    return id_list(h, 0);
}

static PyObject *h_blob_ids(exs_py_handle *h, PyObject *u)
{
    (void)u;
    return id_list(h, 1);
}

static PyObject *h_get_assembly(exs_py_handle *h, PyObject *args)
{
    long long id;
    exs_assembly_info a;
    exs_py_meta m = {.out = &a};
    if (!PyArg_ParseTuple(args, "L", &id))
        return NULL;
    m.id = id;
    if (exs_py_meta_call(h, get_assembly_fn, &m) < 0)
        return NULL;
    return Py_BuildValue("{sLsLsisisLsNsN}", "id", (long long)a.id, "index",
                         (long long)a.index, "member_kind", a.member_kind,
                         "stored_type", a.stored_type, "num_members",
                         (long long)a.num_members, "name", exs_py_str(a.name),
                         "member_type", exs_py_str(a.member_type));
}

static PyObject *h_get_blob(exs_py_handle *h, PyObject *args)
{
    long long id;
    exs_blob_info b;
    exs_py_meta m = {.out = &b};
    if (!PyArg_ParseTuple(args, "L", &id))
        return NULL;
    m.id = id;
    if (exs_py_meta_call(h, get_blob_fn, &m) < 0)
        return NULL;
    return Py_BuildValue("{sLsLsLsN}", "id", (long long)b.id, "index",
                         (long long)b.index, "num_entries", (long long)b.num_entries,
                         "name", exs_py_str(b.name));
}

/* Names of the reduction variables of kind (blob variables: kind < 0). */
static PyObject *names_of(exs_py_handle *h, int kind)
{
    int n = 0;
    exs_py_meta m = {.kind = kind, .out = &n};
    PyObject *l = exs_py_meta_call(h, num_names_fn, &m) < 0 ? NULL : PyList_New(n);
    for (int i = 0; l && i < n; i++) {
        const char *s = NULL;
        m.i = i;
        m.out = &s;
        PyObject *v = exs_py_meta_call(h, name_fn, &m) < 0 ? NULL : exs_py_str(s);
        if (!v) {
            Py_CLEAR(l);
            break;
        }
        PyList_SET_ITEM(l, i, v);
    }
    return l;
}

static PyObject *h_red_var_names(exs_py_handle *h, PyObject *args)
{
    int kind;
    if (!PyArg_ParseTuple(args, "i", &kind))
        return NULL;
    return names_of(h, kind);
}

static PyObject *h_blob_var_names(exs_py_handle *h, PyObject *u)
{
    (void)u;
    return names_of(h, -1);
}

static PyObject *h_red_truth(exs_py_handle *h, PyObject *args)
{
    int kind;
    int64_t n = 0;
    exs_py_meta m = {.out = &n};
    if (!PyArg_ParseTuple(args, "i", &kind))
        return NULL;
    PyObject *ids = kind == EXS_ASSEMBLY ? id_list(h, 0) : kind == EXS_BLOB ? id_list(h, 1)
                                                                            : NULL;
    if (kind == EXS_ASSEMBLY || kind == EXS_BLOB) {
        if (!ids)
            return NULL;
        n = PyList_GET_SIZE(ids);
        Py_DECREF(ids);
    } else {
        m.kind = kind >= 0 && kind < EXS_NUM_KINDS ? kind : 0;
        if (exs_py_meta_call(h, num_entities_fn, &m) < 0)
            return NULL;
    }
    npy_intp dims[1] = {(npy_intp)n};
    PyArrayObject *a = (PyArrayObject *)PyArray_SimpleNew(1, dims, NPY_INT);
    if (!a)
        return NULL;
    m.kind = kind;
    m.out = PyArray_DATA(a);
    if (exs_py_meta_call(h, red_truth_fn, &m) < 0) {
        Py_DECREF(a);
        return NULL;
    }
    return (PyObject *)a;
}

static PyObject *h_num_frames(exs_py_handle *h, PyObject *u)
{
    int64_t n = 0;
    exs_py_meta m = {.out = &n};
    (void)u;
    return exs_py_meta_call(h, num_frames_fn, &m) < 0 ? NULL : PyLong_FromLongLong(n);
}

/* ---- bulk reads ---- */

static int rd_members(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_get_assembly_members)(f, r->id, r->start, r->count, t, buf);
}

static int rd_red(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_get_red_vars)(f, (int)r->kind, r->id, r->step, r->start,
                                            r->count, t, buf);
}

static int rd_blob_var(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_get_blob_var)(f, r->id, r->sub, r->step, r->start,
                                            r->count, t, buf);
}

/* count = None: to n. A bad slab goes to the library (which says why,
 * and in collective mode tells every rank). */
static PyObject *read_into(exs_py_handle *h, exs_py_req *r, exs_py_io_fn fn,
                           int want_float, int64_t n, PyObject *dtype, PyObject *out)
{
    exs_type t;
    double dummy[1];
    if (r->count < 0)
        r->count = n - r->start > 0 ? n - r->start : 0;
    if (exs_py_type(dtype, out, want_float, &t) < 0)
        return NULL;
    if (r->start < 0 || r->start > n || r->count > n - r->start) {
        if (exs_py_run(h, r, fn, t, dummy) == 0)
            exs_py_arg_error("slab [%lld, %lld) outside [0, %lld)", (long long)r->start,
                             (long long)(r->start + r->count), (long long)n);
        return NULL;
    }
    npy_intp dims[1] = {(npy_intp)r->count};
    PyArrayObject *a = exs_py_out(out, t, 1, dims, "model data");
    if (!a)
        return NULL;
    if (exs_py_run(h, r, fn, t, PyArray_DATA(a)) < 0) {
        Py_DECREF(a);
        return NULL;
    }
    return (PyObject *)a;
}

static PyObject *h_get_assembly_members_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                    exs_py_req *r)
{
    static char *kwl[] = {"id", "start", "count", "dtype", "out", NULL};
    PyObject *dtype = Py_None, *out = Py_None;
    exs_assembly_info a;
    exs_py_meta m = {.out = &a};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "L|LO&OO", kwl, &r->id, &r->start,
                                     exs_py_conv_count, &r->count, &dtype, &out))
        return NULL;
    r->parsed = 1;
    m.id = r->id;
    if (exs_py_meta_call(h, get_assembly_fn, &m) < 0)
        return NULL;
    return read_into(h, r, rd_members, 0, a.num_members, dtype, out);
}
EXS_PY_GUARDED(h_get_assembly_members, rd_members)

static PyObject *h_get_red_vars_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                     exs_py_req *r)
{
    static char *kwl[] = {"kind", "id", "step", "start", "count", "dtype", "out", NULL};
    PyObject *dtype = Py_None, *out = Py_None;
    int kind, n = 0;
    exs_py_meta m = {.out = &n};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iLL|LO&OO", kwl, &kind, &r->id, &r->step,
                                     &r->start, exs_py_conv_count, &r->count, &dtype,
                                     &out))
        return NULL;
    r->kind = (exs_kind)kind;
    r->parsed = 1;
    m.kind = kind;
    if (exs_py_meta_call(h, num_red_fn, &m) < 0)
        return NULL;
    return read_into(h, r, rd_red, 1, n, dtype, out);
}
EXS_PY_GUARDED(h_get_red_vars, rd_red)

static PyObject *h_get_blob_var_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                     exs_py_req *r)
{
    static char *kwl[] = {"id", "var", "step", "start", "count", "dtype", "out", NULL};
    PyObject *dtype = Py_None, *out = Py_None;
    exs_blob_info b;
    exs_py_meta m = {.out = &b};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "LiL|LO&OO", kwl, &r->id, &r->sub,
                                     &r->step, &r->start, exs_py_conv_count, &r->count,
                                     &dtype, &out))
        return NULL;
    r->parsed = 1;
    m.id = r->id;
    if (exs_py_meta_call(h, get_blob_fn, &m) < 0)
        return NULL;
    return read_into(h, r, rd_blob_var, 1, b.num_entries, dtype, out);
}
EXS_PY_GUARDED(h_get_blob_var, rd_blob_var)

/* Frames: (ids int64 (n,), coordinates float64 (n, 9), tags bytes). */
typedef struct frame_bufs {
    int64_t *ids;
    char *tags;
} frame_bufs;

static int rd_frames(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    const frame_bufs *b = r->extra;
    return EXS_PY_PICK(r, exs_get_frames)(f, r->start, r->count, b->ids, t, buf, b->tags);
}

static PyObject *h_get_frames(exs_py_handle *h, PyObject *u)
{
    exs_py_req r;
    exs_py_req_init(h, &r);
    (void)u;
    PyObject *n = h_num_frames(h, NULL);
    if (!n)
        return NULL;
    r.count = PyLong_AsLongLong(n);
    Py_DECREF(n);
    npy_intp d1[1] = {(npy_intp)r.count}, d2[2] = {(npy_intp)r.count, 9};
    PyArrayObject *ids = (PyArrayObject *)PyArray_SimpleNew(1, d1, NPY_INT64);
    PyArrayObject *co = (PyArrayObject *)PyArray_SimpleNew(2, d2, NPY_FLOAT64);
    PyObject *tags = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)r.count);
    PyObject *res = NULL;
    if (ids && co && tags) {
        frame_bufs b = {PyArray_DATA(ids), PyBytes_AS_STRING(tags)};
        r.extra = &b;
        if (exs_py_run(h, &r, rd_frames, EXS_F64, PyArray_DATA(co)) == 0)
            res = Py_BuildValue("(OOO)", ids, co, tags);
    }
    Py_XDECREF(ids);
    Py_XDECREF(co);
    Py_XDECREF(tags);
    return res;
}

/* ---- definitions ---- */

static int conv_opt_name(PyObject *o, void *p)
{
    if (o == Py_None) {
        *(PyObject **)p = NULL;
        return 1;
    }
    return exs_py_conv_name(o, p);
}

static const char *opt_str(PyObject *b) { return b ? PyBytes_AS_STRING(b) : NULL; }

/* The definitions' library calls (exs_py_meta_call bodies). */
static int def_assembly_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_def_assembly(f, m->id, m->s, m->kind, m->n);
}

static int def_blob_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_def_blob(f, m->id, m->s, m->n);
}

/* kind < 0: blob variables. */
static int def_names_fn(exs_file *f, const exs_py_meta *m)
{
    return m->kind < 0 ? exs_def_blob_vars(f, m->i, m->p)
                       : exs_def_red_vars(f, m->kind, m->i, m->p);
}

static int def_red_truth_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_def_red_truth(f, m->kind, m->p);
}

static int def_frames_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_def_frames(f, m->n);
}

/* A definition: None, or NULL with the exception set. */
static PyObject *def_call(exs_py_handle *h, exs_py_meta_fn fn, exs_py_meta *m)
{
    if (exs_py_meta_call(h, fn, m) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *h_def_assembly(exs_py_handle *h, PyObject *args, PyObject *kw)
{
    static char *kwl[] = {"id", "name", "member_kind", "num_members", NULL};
    PyObject *name = NULL;
    long long id, n;
    exs_py_meta m = {0};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "LO&iL", kwl, &id, conv_opt_name, &name,
                                     &m.kind, &n))
        return NULL;
    m.id = id;
    m.n = n;
    m.s = opt_str(name);
    PyObject *res = def_call(h, def_assembly_fn, &m);
    Py_XDECREF(name);
    return res;
}

static PyObject *h_def_blob(exs_py_handle *h, PyObject *args, PyObject *kw)
{
    static char *kwl[] = {"id", "name", "num_entries", NULL};
    PyObject *name = NULL;
    long long id, n;
    exs_py_meta m = {0};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "LO&L", kwl, &id, conv_opt_name, &name, &n))
        return NULL;
    m.id = id;
    m.n = n;
    m.s = opt_str(name);
    PyObject *res = def_call(h, def_blob_fn, &m);
    Py_XDECREF(name);
    return res;
}

/* A sequence of names as C strings (owned by *keep, a list of bytes). */
static const char **c_names(PyObject *seq, Py_ssize_t *n, PyObject **keep)
{
    PyObject *fast = PySequence_Fast(seq, "names must be a sequence");
    if (!fast)
        return NULL;
    *n = PySequence_Fast_GET_SIZE(fast);
    *keep = PyList_New(*n);
    const char **p = PyMem_Calloc((size_t)*n + 1, sizeof *p);
    for (Py_ssize_t i = 0; *keep && p && i < *n; i++) {
        PyObject *b = NULL;
        if (!exs_py_conv_name(PySequence_Fast_GET_ITEM(fast, i), &b)) {
            Py_CLEAR(*keep);
            break;
        }
        PyList_SET_ITEM(*keep, i, b);
        p[i] = PyBytes_AS_STRING(b);
    }
    Py_DECREF(fast);
    if (!*keep || !p) {
        Py_CLEAR(*keep);
        PyMem_Free(p);
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        return NULL;
    }
    return p;
}

/* kind < 0: blob variables. */
static PyObject *def_names(exs_py_handle *h, int kind, PyObject *seq)
{
    PyObject *keep = NULL;
    Py_ssize_t n = 0;
    const char **p = c_names(seq, &n, &keep);
    if (!p)
        return NULL;
    exs_py_meta m = {.kind = kind, .i = (int)n, .p = p};
    PyObject *res = def_call(h, def_names_fn, &m);
    PyMem_Free(p);
    Py_DECREF(keep);
    return res;
}

static PyObject *h_def_red_vars(exs_py_handle *h, PyObject *args)
{
    int kind;
    PyObject *seq;
    if (!PyArg_ParseTuple(args, "iO", &kind, &seq))
        return NULL;
    return def_names(h, kind, seq);
}

static PyObject *h_def_blob_vars(exs_py_handle *h, PyObject *seq)
{
    return def_names(h, -1, seq);
}

static PyObject *h_def_red_truth(exs_py_handle *h, PyObject *args)
{
    PyObject *tab;
    exs_py_meta m = {0};
    if (!PyArg_ParseTuple(args, "iO", &m.kind, &tab))
        return NULL;
    PyArrayObject *a = (PyArrayObject *)PyArray_FROM_OTF(tab, NPY_INT,
                                                         NPY_ARRAY_IN_ARRAY | NPY_ARRAY_FORCECAST);
    if (!a)
        return NULL;
    m.p = PyArray_DATA(a);
    PyObject *res = def_call(h, def_red_truth_fn, &m);
    Py_DECREF(a);
    return res;
}

static PyObject *h_def_frames(exs_py_handle *h, PyObject *args)
{
    long long n;
    exs_py_meta m = {0};
    if (!PyArg_ParseTuple(args, "L", &n))
        return NULL;
    m.n = n;
    return def_call(h, def_frames_fn, &m);
}

/* ---- bulk writes ---- */

static int wr_members(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_put_assembly_members)(f, r->id, r->start, r->count, t, buf);
}

static int wr_red(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_put_red_vars)(f, (int)r->kind, r->id, r->step, r->start,
                                            r->count, t, buf);
}

static int wr_blob_var(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_put_blob_var)(f, r->id, r->sub, r->step, r->start,
                                            r->count, t, buf);
}

static PyObject *write_from(exs_py_handle *h, exs_py_req *r, exs_py_io_fn fn,
                            int want_float, PyObject *data)
{
    exs_type t;
    PyArrayObject *a = exs_py_in(data, want_float, &t, "model data");
    PyObject *res = NULL;
    if (!a)
        return NULL;
    r->count = (int64_t)PyArray_SIZE(a);
    if (exs_py_run(h, r, fn, t, PyArray_DATA(a)) == 0)
        res = Py_NewRef(Py_None);
    Py_DECREF(a);
    return res;
}

static PyObject *h_put_assembly_members_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                    exs_py_req *r)
{
    static char *kwl[] = {"id", "data", "start", NULL};
    PyObject *data;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "LO|L", kwl, &r->id, &data, &r->start))
        return NULL;
    r->parsed = 1;
    return write_from(h, r, wr_members, 0, data);
}
EXS_PY_GUARDED(h_put_assembly_members, wr_members)

static PyObject *h_put_red_vars_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                     exs_py_req *r)
{
    static char *kwl[] = {"kind", "id", "step", "data", "start", NULL};
    PyObject *data;
    int kind;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iLLO|L", kwl, &kind, &r->id, &r->step,
                                     &data, &r->start))
        return NULL;
    r->kind = (exs_kind)kind;
    r->parsed = 1;
    return write_from(h, r, wr_red, 1, data);
}
EXS_PY_GUARDED(h_put_red_vars, wr_red)

static PyObject *h_put_blob_var_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                     exs_py_req *r)
{
    static char *kwl[] = {"id", "var", "step", "data", "start", NULL};
    PyObject *data;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "LiLO|L", kwl, &r->id, &r->sub, &r->step,
                                     &data, &r->start))
        return NULL;
    r->parsed = 1;
    return write_from(h, r, wr_blob_var, 1, data);
}
EXS_PY_GUARDED(h_put_blob_var, wr_blob_var)

static int wr_frames(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    const frame_bufs *b = r->extra;
    return EXS_PY_PICK(r, exs_put_frames)(f, r->start, r->count, b->ids, t, buf, b->tags);
}

static PyObject *h_put_frames(exs_py_handle *h, PyObject *args, PyObject *kw)
{
    static char *kwl[] = {"ids", "coords", "tags", "start", NULL};
    PyObject *ids_o, *co_o, *res = NULL;
    const char *tags;
    Py_ssize_t ntags;
    exs_py_req r;
    exs_py_req_init(h, &r);
    r.start = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOy#|L", kwl, &ids_o, &co_o, &tags, &ntags,
                                     &r.start))
        return NULL;
    PyArrayObject *ids = (PyArrayObject *)PyArray_FROM_OTF(ids_o, NPY_INT64,
                                                           NPY_ARRAY_IN_ARRAY);
    PyArrayObject *co = (PyArrayObject *)PyArray_FROM_OTF(co_o, NPY_FLOAT64,
                                                          NPY_ARRAY_IN_ARRAY);
    if (ids && co) {
        r.count = (int64_t)PyArray_SIZE(ids);
        if (PyArray_SIZE(co) != 9 * r.count || ntags != r.count) {
            exs_py_arg_error("put_frames: %lld ids need %lld coordinates and %lld tags "
                             "(got %lld, %lld)", (long long)r.count,
                             (long long)(9 * r.count), (long long)r.count,
                             (long long)PyArray_SIZE(co), (long long)ntags);
        } else {
            frame_bufs b = {PyArray_DATA(ids), (char *)tags};
            r.extra = &b;
            if (exs_py_run(h, &r, wr_frames, EXS_F64, PyArray_DATA(co)) == 0)
                res = Py_NewRef(Py_None);
        }
    }
    Py_XDECREF(ids);
    Py_XDECREF(co);
    return res;
}

/* model_atts.c */
PyObject *exs_py_h_entity_atts(exs_py_handle *h, PyObject *args);
PyObject *exs_py_h_put_entity_att(exs_py_handle *h, PyObject *args);

PyMethodDef exs_py_model_methods[] = {
    {"entity_atts", (PyCFunction)exs_py_h_entity_atts, METH_VARARGS, "entity_atts(owner, id) -> [(name, type, value)]"},
    {"put_entity_att", (PyCFunction)exs_py_h_put_entity_att, METH_VARARGS, "put_entity_att(owner, id, name, type, data, len)"},
    {"assembly_ids", (PyCFunction)h_assembly_ids, METH_NOARGS, "assembly_ids() -> [id]"},
    {"get_assembly", (PyCFunction)h_get_assembly, METH_VARARGS, "get_assembly(id) -> dict"},
    {"blob_ids", (PyCFunction)h_blob_ids, METH_NOARGS, "blob_ids() -> [id]"},
    {"get_blob", (PyCFunction)h_get_blob, METH_VARARGS, "get_blob(id) -> dict"},
    {"red_var_names", (PyCFunction)h_red_var_names, METH_VARARGS, "red_var_names(kind)"},
    {"blob_var_names", (PyCFunction)h_blob_var_names, METH_NOARGS, "blob_var_names()"},
    {"red_truth", (PyCFunction)h_red_truth, METH_VARARGS, "red_truth(kind) -> int array"},
    {"num_frames", (PyCFunction)h_num_frames, METH_NOARGS, "num_frames()"},
    {"get_assembly_members", FN(h_get_assembly_members), KW, "get_assembly_members(id, start=0, count=None, dtype=None, out=None)"},
    {"get_red_vars", FN(h_get_red_vars), KW, "get_red_vars(kind, id, step, start=0, count=None, dtype=None, out=None)"},
    {"get_blob_var", FN(h_get_blob_var), KW, "get_blob_var(id, var, step, start=0, count=None, dtype=None, out=None)"},
    {"get_frames", (PyCFunction)h_get_frames, METH_NOARGS, "get_frames() -> (ids, coords, tags)"},
    {"def_assembly", FN(h_def_assembly), KW, "def_assembly(id, name, member_kind, num_members)"},
    {"def_blob", FN(h_def_blob), KW, "def_blob(id, name, num_entries)"},
    {"def_red_vars", (PyCFunction)h_def_red_vars, METH_VARARGS, "def_red_vars(kind, names)"},
    {"def_blob_vars", (PyCFunction)h_def_blob_vars, METH_O, "def_blob_vars(names)"},
    {"def_red_truth", (PyCFunction)h_def_red_truth, METH_VARARGS, "def_red_truth(kind, table)"},
    {"def_frames", (PyCFunction)h_def_frames, METH_VARARGS, "def_frames(n)"},
    {"put_assembly_members", FN(h_put_assembly_members), KW, "put_assembly_members(id, data, start=0)"},
    {"put_red_vars", FN(h_put_red_vars), KW, "put_red_vars(kind, id, step, data, start=0)"},
    {"put_blob_var", FN(h_put_blob_var), KW, "put_blob_var(id, var, step, data, start=0)"},
    {"put_frames", FN(h_put_frames), KW, "put_frames(ids, coords, tags, start=0)"},
    {NULL, NULL, 0, NULL},
};
