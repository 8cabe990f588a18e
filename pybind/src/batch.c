/*
 * batch.c -- get_vars / put_vars: many variable slabs of one time step in
 * ONE library call, exs_get_vars_all / exs_put_vars_all (on PnetCDF files
 * one collective wait for all of them; on a serial handle the plain reads
 * and writes). A parallel handle in independent mode makes one plain call
 * per request. Arrays are numpy's, the caller's out= (filled in place) or
 * the caller's data as it is when it is already C-ordered with a
 * supported type: no copies.
 */
#include "exs_py.h"

/* One batch as the library takes it, and the arrays behind its buffers. */
typedef struct batch {
    int64_t step;
    int64_t n;          /* requests passed to the library; -1: this rank failed */
    Py_ssize_t len;     /* requests parsed into reqs / arrs */
    exs_var_req *reqs;
    PyObject **arrs;    /* a reference per parsed request */
    int put;
    int all;            /* the _all call; else one plain call per request */
} batch;

static int batch_alloc(batch *b, Py_ssize_t len)
{
    b->reqs = PyMem_Calloc(len ? (size_t)len : 1, sizeof *b->reqs);
    b->arrs = PyMem_Calloc(len ? (size_t)len : 1, sizeof *b->arrs);
    if (b->reqs && b->arrs)
        return 0;
    PyErr_NoMemory();
    return -1;
}

static void batch_free(batch *b)
{
    for (Py_ssize_t i = 0; b->arrs && i < b->len; i++)
        Py_XDECREF(b->arrs[i]);
    PyMem_Free(b->arrs);
    PyMem_Free(b->reqs);
}

/* One plain call per request, stopping at the first failure. */
static int each_var(exs_file *f, const batch *b)
{
    int rc = 0;
    for (int64_t i = 0; rc == 0 && i < b->n; i++) {
        const exs_var_req *q = &b->reqs[i];
        rc = b->put ? exs_put_var(f, q->kind, q->id, q->var, b->step, q->start,
                                  q->count, q->t, q->buf)
                    : exs_get_var(f, q->kind, q->id, q->var, b->step, q->start,
                                  q->count, q->t, q->buf);
    }
    return rc;
}

static int batch_body(exs_file *f, void *arg, char *msg)
{
    const batch *b = arg;
    (void)msg;
    if (!b->all)
        return each_var(f, b);
    return b->put ? exs_put_vars_all(f, b->step, b->n, b->reqs)
                  : exs_get_vars_all(f, b->step, b->n, b->reqs);
}

/* The common head of a request, (kind, id, var, start), into q. */
static void req_head(exs_var_req *q, int kind, long long id, int var, long long start)
{
    q->kind = (exs_kind)kind;
    q->id = id;
    q->var = var;
    q->start = start;
}

/* Get request i: (kind, id, var, start, count or None, out or None). The
 * slab is checked against the entity here, as the single-call read does. */
static int parse_get(exs_py_handle *h, batch *b, Py_ssize_t i, PyObject *item,
                     PyObject *dtype)
{
    exs_var_req *q = &b->reqs[i];
    int kind, var;
    long long id, start;
    int64_t count, n;
    PyObject *out;
    char what[64];
    if (!PyArg_ParseTuple(item, "iLiLO&O;get_vars: a request is (kind, id, var, "
                          "start, count, out)", &kind, &id, &var, &start,
                          exs_py_conv_count, &count, &out))
        return -1;
    req_head(q, kind, id, var, start);
    PyOS_snprintf(what, sizeof what, "get_vars request %zd", i);
    if (exs_py_extent(h, q->kind, q->id, &n) < 0 || exs_py_type(dtype, out, 1, &q->t) < 0)
        return -1;
    q->count = count < 0 ? (n - start > 0 ? n - start : 0) : count;
    if (start < 0 || start > n || q->count > n - start) {
        exs_py_arg_error("%s: slab [%lld, %lld) outside [0, %lld)", what, start,
                         (long long)(start + q->count), (long long)n);
        return -1;
    }
    npy_intp dims[1] = {(npy_intp)q->count};
    PyArrayObject *a = exs_py_out(out, q->t, 1, dims, what);
    if (!a)
        return -1;
    b->arrs[i] = (PyObject *)a;
    q->buf = PyArray_DATA(a);
    return 0;
}

/* Put request i: (kind, id, var, start, data). count = the data's size;
 * the library checks it against the entity. */
static int parse_put(batch *b, Py_ssize_t i, PyObject *item)
{
    exs_var_req *q = &b->reqs[i];
    int kind, var;
    long long id, start;
    PyObject *data;
    char what[64];
    if (!PyArg_ParseTuple(item, "iLiLO;put_vars: a request is (kind, id, var, "
                          "start, data)", &kind, &id, &var, &start, &data))
        return -1;
    req_head(q, kind, id, var, start);
    PyOS_snprintf(what, sizeof what, "put_vars request %zd", i);
    PyArrayObject *a = exs_py_in(data, 1, &q->t, what);
    if (!a)
        return -1;
    b->arrs[i] = (PyObject *)a;
    if (PyArray_NDIM(a) > 1) {
        exs_py_arg_error("%s: data of %d dimensions; one value per entry, flat",
                         what, PyArray_NDIM(a));
        return -1;
    }
    q->count = (int64_t)PyArray_SIZE(a);
    q->buf = PyArray_DATA(a);
    return 0;
}

/* Every request of the sequence reqs into b. 0, or -1 with the exception. */
static int parse_all(exs_py_handle *h, batch *b, PyObject *reqs, PyObject *dtype)
{
    PyObject *fast = PySequence_Fast(reqs, "the requests must be a sequence");
    if (!fast)
        return -1;
    Py_ssize_t len = PySequence_Fast_GET_SIZE(fast);
    int rc = batch_alloc(b, len);
    for (Py_ssize_t i = 0; rc == 0 && i < len; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(fast, i);
        b->len = i + 1;
        rc = b->put ? parse_put(b, i, item) : parse_get(h, b, i, item, dtype);
    }
    b->n = len;
    Py_DECREF(fast);
    return rc;
}

/* The library call. A rank that failed before it still makes it in
 * collective mode, with n = -1, which the library rejects on every rank:
 * the other ranks raise instead of waiting; this rank raises its own. */
static int batch_run(exs_py_handle *h, batch *b, int ok)
{
    PyObject *et, *ev, *tb;
    int coll = h->parallel && h->collective;
    b->all = !h->parallel || h->collective;
    if (ok)
        return exs_py_locked(h, 1, batch_body, b) < 0 ? -1 : 0;
    if (!coll)
        return -1;
    PyErr_Fetch(&et, &ev, &tb);
    b->n = -1;
    if (exs_py_locked(h, 1, batch_body, b) < 0)
        PyErr_Clear();
    PyErr_Restore(et, ev, tb);
    return -1;
}

/* The arrays of a get, in request order, as a list (new reference). */
static PyObject *batch_arrays(batch *b)
{
    PyObject *l = PyList_New(b->len);
    for (Py_ssize_t i = 0; l && i < b->len; i++) {
        PyList_SET_ITEM(l, i, b->arrs[i]);
        b->arrs[i] = NULL;
    }
    return l;
}

/* get_vars(step, reqs, dtype=None) / put_vars(step, reqs). reqs None: this
 * rank failed already (in the Python layer) and only joins the call. */
static PyObject *batch_method(exs_py_handle *h, PyObject *args, PyObject *kw, int put)
{
    static char *kwl[] = {"step", "reqs", "dtype", NULL};
    static char *kwl_put[] = {"step", "reqs", NULL};
    batch b = {.put = put};
    PyObject *reqs, *dtype = Py_None, *res = NULL;
    long long step;
    if (put ? !PyArg_ParseTupleAndKeywords(args, kw, "LO", kwl_put, &step, &reqs)
            : !PyArg_ParseTupleAndKeywords(args, kw, "LO|O", kwl, &step, &reqs, &dtype))
        return NULL;
    b.step = step;
    if (reqs == Py_None) {
        exs_py_arg_error("%s: this rank's requests were refused",
                         put ? "put_vars" : "get_vars");
        batch_run(h, &b, 0);
        return NULL;
    }
    int ok = parse_all(h, &b, reqs, dtype) == 0;
    if (batch_run(h, &b, ok) == 0)
        res = put ? Py_NewRef(Py_None) : batch_arrays(&b);
    batch_free(&b);
    return res;
}

static PyObject *h_get_vars(exs_py_handle *h, PyObject *args, PyObject *kw)
{
    return batch_method(h, args, kw, 0);
}

static PyObject *h_put_vars(exs_py_handle *h, PyObject *args, PyObject *kw)
{
    return batch_method(h, args, kw, 1);
}

#define KW (METH_VARARGS | METH_KEYWORDS)
#define FN(f) (PyCFunction)(void (*)(void))(f)
PyMethodDef exs_py_batch_methods[] = {
    {"get_vars", FN(h_get_vars), KW, "get_vars(step, reqs, dtype=None) -> [arrays]; "
     "a request is (kind, id, var, start, count, out)"},
    {"put_vars", FN(h_put_vars), KW, "put_vars(step, reqs); a request is "
     "(kind, id, var, start, data)"},
    {NULL, NULL, 0, NULL},
};
