/*
 * module.c -- exoslab._ext: module set-up, the error table, the lock and
 * the numpy helpers every accessor uses.
 */
#define EXS_PY_IMPORT_ARRAY
#include "exs_py.h"
#include "dmesh.h"

extern PyMethodDef exs_py_copy_functions[]; /* copy.c */
extern PyMethodDef exs_py_em_functions[];   /* emkernels.c */
extern PyMethodDef exs_py_page_functions[]; /* pages.c */

#include <stdarg.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Exceptions. exoslab.Error (a RuntimeError) is the base; the others add
 * the standard class a Python caller would catch. */

enum { EXC_ERROR = 0, EXC_NOTFOUND, EXC_ARGUMENT, EXC_FILE, EXC_COUNT_ };

static const struct exs_py_exc_spec {
    const char *name; /* exoslab.<name> */
    const char *doc;
} exc_specs[EXC_COUNT_] = {
    [EXC_ERROR] = {"Error", "Base class of exoslab's errors (a RuntimeError). "
                            "code: the EXS_E* value, errname: its name."},
    [EXC_NOTFOUND] = {"NotFoundError", "No such entity id, name or variable "
                                       "(also a KeyError)."},
    [EXC_ARGUMENT] = {"ArgumentError", "A bad argument: type, range, size, "
                                       "mode, name (also a ValueError)."},
    [EXC_FILE] = {"FileError", "The file cannot be opened, created, read as "
                               "Exodus II or written (also an OSError)."},
};

/* The one table: library code -> exception class. Codes not listed raise
 * exoslab.Error. */
static const struct exs_py_errmap {
    int code;
    int exc;
} errmap[] = {
    {EXS_ENOTFOUND, EXC_NOTFOUND},
    {EXS_EINVAL, EXC_ARGUMENT},    {EXS_ERANGE, EXC_ARGUMENT},
    {EXS_ETYPE, EXC_ARGUMENT},     {EXS_ESIZE, EXC_ARGUMENT},
    {EXS_ENAMELEN, EXC_ARGUMENT},  {EXS_EDEFINED, EXC_ARGUMENT},
    {EXS_EMODE, EXC_ARGUMENT},    {EXS_EMISMATCH, EXC_ARGUMENT},
    {EXS_ENOFILE, EXC_FILE},       {EXS_ENOTNC, EXC_FILE},
    {EXS_ECORRUPT, EXC_FILE},      {EXS_ENOTEXO, EXC_FILE},
    {EXS_EEXIST, EXC_FILE},        {EXS_EWRITE, EXC_FILE},
};

/* Set once at import (single-phase init, as numpy's C API requires). */
static PyObject *exc_types[EXC_COUNT_];

static int exc_for(int code)
{
    for (size_t i = 0; i < sizeof errmap / sizeof errmap[0]; i++)
        if (errmap[i].code == code)
            return errmap[i].exc;
    return EXC_ERROR;
}

/* Raise class `exc` with message object msg (a str; reference stolen). */
static PyObject *raise_class(int exc, int code, PyObject *msg)
{
    PyObject *e = msg ? PyObject_CallOneArg(exc_types[exc], msg) : NULL;
    Py_XDECREF(msg);
    if (!e)
        return NULL;
    PyObject *c = PyLong_FromLong(code);
    PyObject *n = PyUnicode_FromString(exs_errname(code));
    if (c && n && PyObject_SetAttrString(e, "code", c) == 0 &&
        PyObject_SetAttrString(e, "errname", n) == 0)
        PyErr_SetObject((PyObject *)Py_TYPE(e), e);
    Py_XDECREF(c);
    Py_XDECREF(n);
    Py_DECREF(e);
    return NULL;
}

PyObject *exs_py_raise(int code, const char *msg)
{
    if (code == EXS_PY_CLOSED) {
        PyErr_SetString(PyExc_ValueError, "I/O operation on a closed exoslab file");
        return NULL;
    }
    if (!msg || !msg[0])
        msg = exs_strerror(code);
    return raise_class(exc_for(code), code, exs_py_str(msg));
}

/* Formats with PyUnicode_FromFormat's codes (%S, %s, %d, %lld, %zd). */
PyObject *exs_py_arg_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    PyObject *msg = PyUnicode_FromFormatV(fmt, ap);
    va_end(ap);
    return raise_class(EXC_ARGUMENT, EXS_EINVAL, msg);
}

/* Error's dict: BaseException's __str__, so the KeyError side of
 * NotFoundError does not print the message in quotes. */
static PyObject *error_dict(void)
{
    PyObject *d = PyDict_New();
    PyObject *s = PyObject_GetAttrString(PyExc_BaseException, "__str__");
    if (!d || !s || PyDict_SetItemString(d, "__str__", s) < 0)
        Py_CLEAR(d);
    Py_XDECREF(s);
    return d;
}

static PyObject *new_exc(int exc, PyObject *extra_base, PyObject *dict)
{
    char qual[64];
    PyOS_snprintf(qual, sizeof qual, "exoslab.%s", exc_specs[exc].name);
    PyObject *bases = extra_base
        ? PyTuple_Pack(2, exc_types[EXC_ERROR], extra_base)
        : PyTuple_Pack(1, PyExc_RuntimeError);
    if (!bases)
        return NULL;
    PyObject *t = PyErr_NewExceptionWithDoc(qual, exc_specs[exc].doc, bases, dict);
    Py_DECREF(bases);
    return t;
}

int exs_py_init_errors(PyObject *m)
{
    PyObject *extra[EXC_COUNT_] = {NULL, PyExc_KeyError, PyExc_ValueError,
                                   PyExc_OSError};
    PyObject *dict = error_dict();
    if (!dict)
        return -1;
    for (int i = 0; i < EXC_COUNT_; i++) {
        exc_types[i] = new_exc(i, extra[i], i == EXC_ERROR ? dict : NULL);
        if (!exc_types[i] || PyModule_AddObjectRef(m, exc_specs[i].name,
                                                   exc_types[i]) < 0) {
            Py_DECREF(dict);
            return -1;
        }
    }
    Py_DECREF(dict);
    return 0;
}

/* ------------------------------------------------------------------ */
/* The lock around library calls (netCDF-C is not thread-safe). */

static PyThread_type_lock lib_lock;

int exs_py_lock_init(void)
{
    lib_lock = PyThread_allocate_lock();
    return lib_lock ? 0 : -1;
}

/* exs_py_locked's two halves, private to it (every library call goes
 * through the one helper). exs_py_begin takes the module lock (releasing
 * the GIL first when `nogil`) and returns the handle's exs_file, NULL when
 * it is closed. exs_py_end keeps the message of a failure, drops the
 * lock, takes the GIL back and raises for rc < 0; it returns rc. Between
 * the two: C only, no Python API. */
typedef struct exs_py_call {
    PyThreadState *ts;   /* non-NULL while the GIL is released */
    char msg[EXS_PY_MSG_LEN];
} exs_py_call;

/* With the GIL kept, a busy lock is waited for with the GIL released (no
 * handle pointer is held yet), so other threads run meanwhile. No thread
 * ever waits for the lock while holding the GIL: no deadlock. */
static exs_file *exs_py_begin(exs_py_handle *h, exs_py_call *c, int nogil)
{
    c->msg[0] = '\0';
    c->ts = nogil ? PyEval_SaveThread() : NULL;
    if (!PyThread_acquire_lock(lib_lock, nogil ? WAIT_LOCK : NOWAIT_LOCK)) {
        Py_BEGIN_ALLOW_THREADS
        PyThread_acquire_lock(lib_lock, WAIT_LOCK);
        Py_END_ALLOW_THREADS
    }
    return h ? h->f : NULL;
}

static int exs_py_end(exs_py_call *c, exs_file *f, int rc)
{
    if (rc < 0 && rc != EXS_PY_CLOSED && f)
        PyOS_snprintf(c->msg, sizeof c->msg, "%s", exs_errmsg(f));
    PyThread_release_lock(lib_lock);
    if (c->ts)
        PyEval_RestoreThread(c->ts);
    c->ts = NULL;
    if (rc < 0)
        exs_py_raise(rc, c->msg);
    return rc;
}

/* ------------------------------------------------------------------ */
/* dtypes. By kind and width, so int64 is int64 whichever of long and
 * long long numpy named it. */

static int type_of_descr(PyArray_Descr *d, exs_type *t)
{
    if (!PyArray_ISNBO(d->byteorder))
        return -1;
    if (d->kind == 'f' && d->elsize == 8)
        *t = EXS_F64;
    else if (d->kind == 'f' && d->elsize == 4)
        *t = EXS_F32;
    else if (d->kind == 'i' && d->elsize == 8)
        *t = EXS_I64;
    else if (d->kind == 'i' && d->elsize == 4)
        *t = EXS_I32;
    else
        return -1;
    return 0;
}

int exs_py_typenum(exs_type t)
{
    switch (t) {
    case EXS_F32:
        return NPY_FLOAT32;
    case EXS_I64:
        return NPY_INT64;
    case EXS_I32:
        return NPY_INT32;
    default:
        return NPY_FLOAT64;
    }
}

static const char type_help[] =
    "exoslab reads into and writes from float64, float32, int64 or int32 "
    "arrays in native byte order";

int exs_py_type(PyObject *dtype, PyObject *out, int want_float, exs_type *t)
{
    PyArray_Descr *d = NULL;
    exs_type ot = EXS_F64;
    if (out != Py_None && PyArray_Check(out) &&
        type_of_descr(PyArray_DESCR((PyArrayObject *)out), &ot) < 0) {
        exs_py_arg_error("out has dtype %S: %s", PyArray_DESCR((PyArrayObject *)out),
                         type_help);
        return -1;
    }
    if (dtype == Py_None || !dtype) {
        *t = want_float ? EXS_F64 : EXS_I64;
        if (out != Py_None && PyArray_Check(out))
            *t = ot;
        return 0;
    }
    if (!PyArray_DescrConverter2(dtype, &d))
        return -1;
    int bad = !d || type_of_descr(d, t) < 0;
    if (bad)
        exs_py_arg_error("dtype %S: %s", d ? (PyObject *)d : dtype, type_help);
    else if (out != Py_None && PyArray_Check(out) && ot != *t) {
        exs_py_arg_error("out has dtype %S but dtype=%S was asked for",
                         PyArray_DESCR((PyArrayObject *)out), d);
        bad = 1;
    }
    Py_XDECREF(d);
    return bad ? -1 : 0;
}

/* "(3, 4)" into buf. */
static void fmt_shape(char *buf, size_t cap, int nd, const npy_intp *dims)
{
    size_t len = 0;
    len += PyOS_snprintf(buf + len, cap - len, "(");
    for (int i = 0; i < nd && len < cap; i++)
        len += PyOS_snprintf(buf + len, cap - len, i ? ", %lld" : "%lld",
                             (long long)dims[i]);
    if (len < cap)
        PyOS_snprintf(buf + len, cap - len, nd == 1 ? ",)" : ")");
}

static int same_shape(PyArrayObject *a, int nd, const npy_intp *dims)
{
    if (PyArray_NDIM(a) != nd)
        return 0;
    for (int i = 0; i < nd; i++)
        if (PyArray_DIMS(a)[i] != dims[i])
            return 0;
    return 1;
}

/* Why `a` cannot be filled in place, or NULL if it can. */
static const char *out_problem(PyArrayObject *a)
{
    if (!PyArray_IS_C_CONTIGUOUS(a))
        return "must be C-contiguous (np.ascontiguousarray gives a copy; "
               "a C-ordered slice of whole rows is fine)";
    if (!PyArray_ISWRITEABLE(a))
        return "is read-only";
    if (!PyArray_ISALIGNED(a))
        return "is not aligned";
    return NULL;
}

PyArrayObject *exs_py_out(PyObject *out, exs_type t, int nd, const npy_intp *dims,
                          const char *what)
{
    char want[96], got[96];
    if (out == Py_None)
        return (PyArrayObject *)PyArray_EMPTY(nd, (npy_intp *)dims,
                                              exs_py_typenum(t), 0);
    if (!PyArray_Check(out))
        return (PyArrayObject *)exs_py_arg_error(
            "out= for %s must be a numpy.ndarray, not %s", what, Py_TYPE(out)->tp_name);
    PyArrayObject *a = (PyArrayObject *)out;
    fmt_shape(want, sizeof want, nd, dims);
    if (!same_shape(a, nd, dims)) {
        fmt_shape(got, sizeof got, PyArray_NDIM(a), PyArray_DIMS(a));
        return (PyArrayObject *)exs_py_arg_error(
            "out= for %s has shape %s; it needs shape %s", what, got, want);
    }
    const char *why = out_problem(a);
    if (why)
        return (PyArrayObject *)exs_py_arg_error("out= for %s %s", what, why);
    Py_INCREF(out);
    return a;
}

PyArrayObject *exs_py_in(PyObject *data, int want_float, exs_type *t,
                         const char *what)
{
    *t = want_float ? EXS_F64 : EXS_I64;
    if (PyArray_Check(data)) {
        exs_type dt;
        PyArray_Descr *d = PyArray_DESCR((PyArrayObject *)data);
        /* Keep a supported type of the right class: the library converts. */
        if (type_of_descr(d, &dt) == 0 &&
            (dt == EXS_F64 || dt == EXS_F32) == (want_float != 0))
            *t = dt;
    }
    /* Safe casting only: floats are not silently truncated to ids. */
    PyArrayObject *a = (PyArrayObject *)PyArray_FROM_OTF(data, exs_py_typenum(*t),
                                                         NPY_ARRAY_IN_ARRAY);
    if (!a && (PyErr_ExceptionMatches(PyExc_TypeError) ||
               PyErr_ExceptionMatches(PyExc_ValueError))) {
        PyObject *et, *ev, *tb;
        PyErr_Fetch(&et, &ev, &tb);
        exs_py_arg_error("%s: the data cannot be used as %s (%S)", what,
                         want_float ? "floating point" : "integers",
                         ev ? ev : Py_None);
        Py_XDECREF(et);
        Py_XDECREF(ev);
        Py_XDECREF(tb);
    }
    return a;
}

void exs_py_req_init(exs_py_handle *h, exs_py_req *r)
{
    memset(r, 0, sizeof *r);
    r->count = -1;
    r->coll = h->collective;
}

/* ------------------------------------------------------------------ */
/* Argument converters. */

int exs_py_conv_count(PyObject *o, void *p)
{
    int64_t *n = p;
    if (o == Py_None) {
        *n = -1;
        return 1;
    }
    long long v = PyLong_AsLongLong(o);
    if (v == -1 && PyErr_Occurred())
        return 0;
    if (v < 0) {
        exs_py_arg_error("count must be >= 0 or None, got %lld", v);
        return 0;
    }
    *n = v;
    return 1;
}

int exs_py_conv_name(PyObject *o, void *p)
{
    PyObject **b = p;
    if (o == NULL) { /* cleanup call */
        Py_CLEAR(*b);
        return 1;
    }
    if (PyBytes_Check(o)) {
        Py_INCREF(o);
        *b = o;
    } else if (PyUnicode_Check(o)) {
        *b = PyUnicode_AsEncodedString(o, "utf-8", "surrogateescape");
        if (!*b)
            return 0;
    } else {
        PyErr_Format(PyExc_TypeError, "a name must be str or bytes, not %s",
                     Py_TYPE(o)->tp_name);
        return 0;
    }
    if (memchr(PyBytes_AS_STRING(*b), '\0', PyBytes_GET_SIZE(*b))) {
        Py_CLEAR(*b);
        exs_py_arg_error("a name must not contain NUL characters");
        return 0;
    }
    return Py_CLEANUP_SUPPORTED;
}

PyObject *exs_py_str(const char *s)
{
    if (!s)
        s = "";
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "surrogateescape");
}

/* ------------------------------------------------------------------ */
/* Module. */

static PyObject *py_strerror(PyObject *mod, PyObject *arg)
{
    (void)mod;
    long code = PyLong_AsLong(arg);
    if (code == -1 && PyErr_Occurred())
        return NULL;
    return Py_BuildValue("(ss)", exs_errname((int)code), exs_strerror((int)code));
}

static PyObject *py_topo_parse(PyObject *mod, PyObject *arg)
{
    (void)mod;
    PyObject *b = NULL;
    if (!exs_py_conv_name(arg, &b))
        return NULL;
    exs_topo t = exs_topo_parse(PyBytes_AS_STRING(b));
    Py_DECREF(b);
    return PyLong_FromLong((long)t);
}

static PyObject *py_topo_name(PyObject *mod, PyObject *arg)
{
    (void)mod;
    long t = PyLong_AsLong(arg);
    if (t == -1 && PyErr_Occurred())
        return NULL;
    return PyUnicode_FromString(exs_topo_name((exs_topo)t));
}

static PyMethodDef module_methods[] = {
    {"open", (PyCFunction)(void (*)(void))exs_py_open, METH_VARARGS | METH_KEYWORDS,
     "open(path, mode=0, comm=None) -> Handle. mode: 0 read, 1 write."},
    {"create", (PyCFunction)(void (*)(void))exs_py_create,
     METH_VARARGS | METH_KEYWORDS,
     "create(path, format=0, int64=0, float_size=8, name_len=32, clobber=0, "
     "deflate=0, shuffle=0, zstd=0, node_chunk=0, elem_chunk=0, nparts=0, "
     "comm=None) -> Handle"},
    {"strerror", py_strerror, METH_O, "strerror(code) -> (name, text)"},
    {"topo_parse", py_topo_parse, METH_O, "topo_parse(type) -> topology number"},
    {"topo_name", py_topo_name, METH_O, "topo_name(topo) -> 'HEX'"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "exoslab._ext",
    "C extension of exoslab: one Handle per open file, numpy arrays filled "
    "by the library. Use the exoslab package, not this module.",
    -1, module_methods, NULL, NULL, NULL, NULL,
};

/* The C enums, so the Python package never repeats their values. */
#define C_(name) {#name, name}
static const struct exs_py_const {
    const char *name;
    long value;
} consts[] = {
#define EXS_PY_X_(name, code, text) {#name, code},
    EXS_ERROR_TABLE(EXS_PY_X_)
#undef EXS_PY_X_
    C_(EXS_F64), C_(EXS_F32), C_(EXS_I64), C_(EXS_I32),
    C_(EXS_NODAL), C_(EXS_GLOBAL), C_(EXS_ELEM_BLOCK), C_(EXS_EDGE_BLOCK),
    C_(EXS_FACE_BLOCK), C_(EXS_NODE_SET), C_(EXS_SIDE_SET), C_(EXS_EDGE_SET),
    C_(EXS_FACE_SET), C_(EXS_ELEM_SET), C_(EXS_NODE_MAP), C_(EXS_EDGE_MAP),
    C_(EXS_FACE_MAP), C_(EXS_ELEM_MAP), C_(EXS_NUM_KINDS),
    C_(EXS_FORMAT_DEFAULT), C_(EXS_FORMAT_CLASSIC), C_(EXS_FORMAT_64BIT_OFFSET),
    C_(EXS_FORMAT_CDF5), C_(EXS_FORMAT_NETCDF4), C_(EXS_FORMAT_NETCDF4_CLASSIC),
    C_(EXS_CONN_NODES), C_(EXS_CONN_EDGES), C_(EXS_CONN_FACES),
    C_(EXS_READ), C_(EXS_WRITE),
    C_(EXS_INQ_FORMAT), C_(EXS_INQ_NUM_DIM), C_(EXS_INQ_NUM_NODES),
    C_(EXS_INQ_NUM_ELEM), C_(EXS_INQ_NUM_EDGE), C_(EXS_INQ_NUM_FACE),
    C_(EXS_INQ_NUM_TIMES), C_(EXS_INQ_NUM_QA), C_(EXS_INQ_NUM_INFO),
    C_(EXS_INQ_INT64_STATUS), C_(EXS_INQ_NAME_LEN), C_(EXS_INQ_MAX_NAME_USED),
    C_(EXS_INQ_FLOAT_SIZE), C_(EXS_INQ_INT_SIZE), C_(EXS_INQ_HAS_MESH),
    C_(EXS_INQ_NEMESIS), C_(EXS_INQ_NUM_PROCS), C_(EXS_INQ_COMPRESSED),
    C_(EXS_INQ_PARALLEL), C_(EXS_INQ_RANK), C_(EXS_INQ_NRANKS), C_(EXS_INQ_ORDER_MAP),
    C_(EXS_TOPO_UNKNOWN), C_(EXS_TOPO_NSIDED), C_(EXS_TOPO_NFACED),
    C_(EXS_TOPO_NULL),
    C_(EXS_ASSEMBLY), C_(EXS_BLOB),
    C_(EXS_ATT_INT), C_(EXS_ATT_DOUBLE), C_(EXS_ATT_CHAR),
    {"VERSION_NUMBER", EXS_VERSION_NUMBER},
};
#undef C_

static int add_constants(PyObject *m)
{
    for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++)
        if (PyModule_AddIntConstant(m, consts[i].name, consts[i].value) < 0)
            return -1;
    if (PyModule_AddIntConstant(m, "HAVE_MPI", exs_py_have_mpi()) < 0 ||
        PyModule_AddIntConstant(m, "LIB_VERSION_NUMBER", exs_version_number()) < 0 ||
        PyModule_AddStringConstant(m, "LIB_VERSION", exs_version_string()) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC PyInit__ext(void)
{
    import_array();
    if (exs_py_lock_init() < 0)
        return PyErr_NoMemory();
    if (exs_py_handle_prepare() < 0 || PyType_Ready(&exs_py_handle_type) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module_def);
    if (!m)
        return NULL;
    if (exs_py_init_errors(m) < 0 || add_constants(m) < 0 ||
        PyModule_AddObjectRef(m, "Handle", (PyObject *)&exs_py_handle_type) < 0 ||
        PyModule_AddFunctions(m, exs_py_dmesh_functions) < 0 ||
        PyModule_AddFunctions(m, exs_py_copy_functions) < 0 ||
        PyModule_AddFunctions(m, exs_py_em_functions) < 0 ||
        PyModule_AddFunctions(m, exs_py_page_functions) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

int exs_py_locked(exs_py_handle *h, int nogil, exs_py_body body, void *arg)
{
    exs_py_call c;
    exs_file *f = exs_py_begin(h, &c, nogil);
    int rc = f || !h ? body(f, arg, c.msg) : EXS_PY_CLOSED;
    return exs_py_end(&c, f, rc) < 0 ? -1 : rc;
}

/* exs_py_run's request, as one exs_py_body argument. */
typedef struct io_call {
    const exs_py_req *r;
    exs_py_io_fn fn;
    exs_type t;
    void *buf;
} io_call;

static int io_body(exs_file *f, void *arg, char *msg)
{
    const io_call *a = arg;
    (void)msg;
    return a->fn(f, a->r, a->t, a->buf);
}

int exs_py_run(exs_py_handle *h, exs_py_req *r, exs_py_io_fn fn, exs_type t,
               void *buf)
{
    io_call a = {r, fn, t, buf};
    r->reached = 1;
    return exs_py_locked(h, 1, io_body, &a) < 0 ? -1 : 0;
}

PyObject *exs_py_guard(exs_py_handle *h, exs_py_req *r, exs_py_io_fn fn,
                       PyObject *res)
{
    PyObject *et, *ev, *tb;
    double dummy[1] = {0};
    if (res || !r->coll || !r->parsed || r->reached)
        return res;
    PyErr_Fetch(&et, &ev, &tb);
    r->start = 0;
    r->count = -1;
    r->extra = dummy;
    if (exs_py_run(h, r, fn, EXS_F64, dummy) < 0)
        PyErr_Clear();
    PyErr_Restore(et, ev, tb);
    return NULL;
}
