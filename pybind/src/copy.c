/*
 * copy.c -- exoslab._ext.copy / copy_all (exs_copy, exs_copy_all) and
 * has_id_map. The options come as a dict the Python layer (exoslab.copy)
 * has already normalised: ints, and lists of ints or of str.
 */
#include "exs_py.h"

#include <stdlib.h>

extern PyMethodDef exs_py_copy_functions[];

static exs_py_handle *as_handle(PyObject *o)
{
    if (!PyObject_TypeCheck(o, &exs_py_handle_type)) {
        PyErr_SetString(PyExc_TypeError, "expected an exoslab._ext.Handle");
        return NULL;
    }
    return (exs_py_handle *)o;
}

/* The C arrays of one copy's selections (freed by free_lists). */
typedef struct lists {
    int64_t *ids[2];
    const char **names[3];
    PyObject *keep; /* the UTF-8 bytes the names point into */
} lists;

/* exs_copy_opts.progress for a Python callable (ctx): called with the GIL
 * taken again (the copy runs without it); an exception it raises is
 * reported as unraisable and the copy goes on. */
static void call_progress(void *ctx, int64_t done, int64_t total)
{
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *r = PyObject_CallFunction((PyObject *)ctx, "LL", (long long)done,
                                        (long long)total);
    if (!r)
        PyErr_WriteUnraisable((PyObject *)ctx);
    Py_XDECREF(r);
    PyGILState_Release(g);
}

static void free_lists(lists *l)
{
    for (int i = 0; i < 2; i++)
        free(l->ids[i]);
    for (int i = 0; i < 3; i++)
        free((void *)l->names[i]);
    Py_XDECREF(l->keep);
}

/* Integer option `key` of d (absent: unchanged). 0 or -1 + exception. */
static int opt_i64(PyObject *d, const char *key, int64_t *v)
{
    PyObject *o = PyDict_GetItemString(d, key);
    if (!o)
        return 0;
    long long x = PyLong_AsLongLong(o);
    if (x == -1 && PyErr_Occurred())
        return -1;
    *v = x;
    return 0;
}

static int opt_int(PyObject *d, const char *key, int *v)
{
    int64_t x = *v;
    int rc = opt_i64(d, key, &x);
    *v = (int)x;
    return rc;
}

/* A list of ints under key: a malloc'ed array and its length. */
static int opt_ids(PyObject *d, const char *key, int64_t **out, int *n)
{
    PyObject *o = PyDict_GetItemString(d, key);
    if (!o || o == Py_None)
        return 0;
    if (!PyList_Check(o))
        return exs_py_arg_error("copy: %s must be a list", key), -1;
    Py_ssize_t len = PyList_GET_SIZE(o);
    if (!(*out = calloc((size_t)len + 1, sizeof **out)))
        return PyErr_NoMemory(), -1;
    for (Py_ssize_t i = 0; i < len; i++) {
        (*out)[i] = PyLong_AsLongLong(PyList_GET_ITEM(o, i));
        if ((*out)[i] == -1 && PyErr_Occurred())
            return -1;
    }
    *n = (int)len;
    return 0;
}

/* A list of str under key: UTF-8 pointers kept alive in keep. */
static int opt_names(PyObject *d, const char *key, PyObject *keep, const char ***out,
                     int *n)
{
    PyObject *o = PyDict_GetItemString(d, key);
    if (!o || o == Py_None)
        return 0;
    if (!PyList_Check(o))
        return exs_py_arg_error("copy: %s must be a list", key), -1;
    Py_ssize_t len = PyList_GET_SIZE(o);
    if (!(*out = calloc((size_t)len + 1, sizeof **out)))
        return PyErr_NoMemory(), -1;
    for (Py_ssize_t i = 0; i < len; i++) {
        PyObject *b = PyUnicode_AsUTF8String(PyList_GET_ITEM(o, i));
        if (!b || PyList_Append(keep, b) < 0) {
            Py_XDECREF(b);
            return -1;
        }
        (*out)[i] = PyBytes_AS_STRING(b);
        Py_DECREF(b);
    }
    *n = (int)len;
    return 0;
}

static int parse_opts(PyObject *d, exs_copy_opts *o, lists *l)
{
    int fmt = 0;
    exs_copy_opts_init(o);
    if (!PyDict_Check(d))
        return exs_py_arg_error("copy: options must be a dict"), -1;
    if (!(l->keep = PyList_New(0)))
        return -1;
    int rc = opt_int(d, "format", &fmt) | opt_int(d, "int64", &o->int64) |
             opt_int(d, "float_size", &o->float_size) | opt_int(d, "name_len", &o->name_len) |
             opt_int(d, "clobber", &o->clobber) | opt_int(d, "deflate", &o->deflate) |
             opt_int(d, "shuffle", &o->shuffle) | opt_int(d, "zstd", &o->zstd) |
             opt_i64(d, "node_chunk", &o->node_chunk) |
             opt_i64(d, "elem_chunk", &o->elem_chunk) |
             opt_i64(d, "step_start", &o->step_start) |
             opt_i64(d, "step_count", &o->step_count);
    o->format = (exs_format)fmt;
    if (rc == 0)
        rc = opt_ids(d, "block_ids", &l->ids[0], &o->num_block_ids) |
             opt_ids(d, "set_ids", &l->ids[1], &o->num_set_ids);
    if (rc == 0)
        rc = opt_names(d, "block_names", l->keep, &l->names[0], &o->num_block_names) |
             opt_names(d, "set_names", l->keep, &l->names[1], &o->num_set_names) |
             opt_names(d, "var_names", l->keep, &l->names[2], &o->num_var_names);
    PyObject *cb = PyDict_GetItemString(d, "progress");
    if (rc == 0 && cb && cb != Py_None) {
        if (!PyCallable_Check(cb))
            return exs_py_arg_error("copy: progress must be callable"), -1;
        o->progress = call_progress, o->progress_ctx = cb; /* d keeps it alive */
    }
    o->block_ids = l->ids[0], o->set_ids = l->ids[1];
    o->block_names = l->names[0], o->set_names = l->names[1], o->var_names = l->names[2];
    return rc || PyErr_Occurred() ? -1 : 0;
}

/* A copy: exs_copy to a path (serial) or exs_copy_all from src onto the
 * body's file (a rank with bad options passes the destination as source,
 * which the copy refuses on every rank). */
typedef struct copy_args {
    const char *dst;
    exs_py_handle *src;
    const exs_copy_opts *opts;
    int refused;
} copy_args;

static int copy_body(exs_file *s, void *arg, char *msg)
{
    const copy_args *a = arg;
    (void)msg;
    return exs_copy(s, a->dst, a->opts);
}

static int copy_all_body(exs_file *df, void *arg, char *msg)
{
    const copy_args *a = arg;
    exs_file *s = a->src->f;
    (void)msg;
    if (!s)
        return EXS_PY_CLOSED;
    return exs_copy_all(a->refused ? df : s, df, a->opts);
}

/* copy(src, dst_path, opts): exs_copy. */
static PyObject *py_copy(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *so, *path, *d;
    exs_copy_opts o;
    lists l = {0};
    if (!PyArg_ParseTuple(args, "OO&O", &so, PyUnicode_FSConverter, &path, &d))
        return NULL;
    exs_py_handle *src = as_handle(so);
    if (!src || parse_opts(d, &o, &l) < 0) {
        free_lists(&l);
        Py_DECREF(path);
        return NULL;
    }
    copy_args a = {.dst = PyBytes_AS_STRING(path), .opts = &o};
    int rc = exs_py_locked(src, 1, copy_body, &a);
    free_lists(&l);
    Py_DECREF(path);
    if (rc < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* copy_all(src, dst, opts): exs_copy_all onto a freshly created handle.
 * Collective; a rank with bad options still enters, with a source the
 * copy refuses (dst itself), so no rank waits. */
static PyObject *py_copy_all(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *so, *dso, *d, *et = NULL, *ev = NULL, *tb = NULL;
    exs_copy_opts o;
    lists l = {0};
    if (!PyArg_ParseTuple(args, "OOO", &so, &dso, &d))
        return NULL;
    exs_py_handle *src = as_handle(so), *dst = src ? as_handle(dso) : NULL;
    if (!dst)
        return NULL;
    int ok = parse_opts(d, &o, &l) == 0;
    if (!ok)
        PyErr_Fetch(&et, &ev, &tb);
    /* dst's handle holds the outcome's message; a closed src: dst copied to itself, refused */
    copy_args a = {.src = src, .opts = &o, .refused = !ok};
    int rc = exs_py_locked(dst, 1, copy_all_body, &a);
    free_lists(&l);
    if (et) {
        PyErr_Restore(et, ev, tb);
        return NULL;
    }
    if (rc < 0)
        return NULL;
    Py_RETURN_NONE;
}

static int has_id_map_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_has_id_map(f, (exs_kind)m->kind, m->out);
}

/* has_id_map(handle, map_kind) -> bool. */
static PyObject *py_has_id_map(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *ho;
    int kind, has = 0;
    if (!PyArg_ParseTuple(args, "Oi", &ho, &kind))
        return NULL;
    exs_py_handle *h = as_handle(ho);
    if (!h)
        return NULL;
    exs_py_meta m = {.kind = kind, .out = &has};
    if (exs_py_meta_call(h, has_id_map_fn, &m) < 0)
        return NULL;
    return PyBool_FromLong(has);
}

PyMethodDef exs_py_copy_functions[] = {
    {"copy", py_copy, METH_VARARGS,
     "copy(src, dst_path, opts) -> None: exs_copy (serial src)."},
    {"copy_all", py_copy_all, METH_VARARGS,
     "copy_all(src, dst, opts) -> None: exs_copy_all onto a new handle. Collective."},
    {"has_id_map", py_has_id_map, METH_VARARGS,
     "has_id_map(handle, map_kind) -> bool: the file stores that id map."},
    {NULL, NULL, 0, NULL},
};
