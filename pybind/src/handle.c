/*
 * handle.c -- the Handle type: open, create, close and the metadata
 * accessors (Local calls on what the library read at open).
 */
#include "exs_py.h"

#include <string.h>

exs_py_handle *exs_py_handle_new(exs_file *f, PyObject *comm)
{
    exs_py_handle *h = PyObject_New(exs_py_handle, &exs_py_handle_type);
    if (!h)
        return NULL;
    h->f = f;
    h->parallel = comm != Py_None;
    h->collective = h->parallel;
    Py_INCREF(comm);
    h->comm = comm;
    return h;
}

/* Detach the exs_file (GIL held: no Python code is using its strings) and
 * close it with the GIL released. */
static int close_body(exs_file *none, void *arg, char *msg)
{
    char detail[512];
    (void)none;
    int rc = exs_close_err(arg, detail, sizeof detail);
    if (rc < 0)
        PyOS_snprintf(msg, EXS_PY_MSG_LEN, "closing the file failed: %s",
                      detail[0] ? detail : exs_strerror(rc));
    return rc;
}

static int handle_close(exs_py_handle *h)
{
    exs_file *f = h->f;
    h->f = NULL;
    return f ? exs_py_locked(NULL, 1, close_body, f) : 0;
}

static void handle_dealloc(exs_py_handle *h)
{
    PyObject *et, *ev, *tb;
    PyErr_Fetch(&et, &ev, &tb);
    if (h->f && h->parallel)
        PyErr_WarnEx(PyExc_ResourceWarning, "a parallel exoslab file was not "
                     "closed; closing it now, which is collective", 1);
    if (h->f && handle_close(h) < 0)
        PyErr_WriteUnraisable((PyObject *)h);
    PyErr_Restore(et, ev, tb);
    Py_XDECREF(h->comm);
    PyObject_Free(h);
}

/* ------------------------------------------------------------------ */
/* Open and create. */

/* An open or a create: its arguments, and the file it makes. */
typedef struct make_args {
    const char *path;
    int mode;                    /* open */
    const exs_create_opts *opts; /* create */
    void *comm;                  /* the MPI_Comm *, NULL: serial */
    exs_file *f;
} make_args;

static int open_body(exs_file *none, void *arg, char *msg)
{
    make_args *a = arg;
    (void)none;
    if (!a->comm)
        return exs_open_err(a->path, a->mode, &a->f, msg, EXS_PY_MSG_LEN);
    int rc = exs_py_open_par(a->path, a->mode, a->comm, &a->f, msg, EXS_PY_MSG_LEN);
    if (rc < 0 && !msg[0])
        PyOS_snprintf(msg, EXS_PY_MSG_LEN, "%s: %s (%s)", a->path, exs_strerror(rc),
                      exs_errname(rc));
    return rc;
}

static int create_body(exs_file *none, void *arg, char *msg)
{
    make_args *a = arg;
    (void)none;
    int rc = a->comm ? exs_py_create_par(a->path, a->opts, a->comm, &a->f, msg,
                                         EXS_PY_MSG_LEN)
                     : exs_create_err(a->path, a->opts, &a->f, msg,
                                      EXS_PY_MSG_LEN);
    if (rc < 0 && !msg[0])
        PyOS_snprintf(msg, EXS_PY_MSG_LEN, "%s: cannot create: %s (%s)", a->path,
                      exs_strerror(rc), exs_errname(rc));
    return rc;
}

/* The handle around the file a body made (comm: None or the communicator). */
static PyObject *make_handle(make_args *a, exs_py_body body, PyObject *comm)
{
    if (comm != Py_None && !(a->comm = exs_py_comm_ptr(comm)))
        return NULL;
    if (exs_py_locked(NULL, 1, body, a) < 0)
        return NULL;
    PyObject *h = (PyObject *)exs_py_handle_new(a->f, comm);
    if (!h)
        exs_close(a->f);
    return h;
}

PyObject *exs_py_open(PyObject *mod, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"path", "mode", "comm", NULL};
    PyObject *path = NULL, *comm = Py_None, *res = NULL;
    int mode = EXS_READ;
    (void)mod;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&|iO", kwlist, PyUnicode_FSConverter,
                                     &path, &mode, &comm))
        return NULL;
    if (exs_py_check_comm(comm) < 0)
        goto fail;
    make_args a = {.path = PyBytes_AS_STRING(path), .mode = mode};
    res = make_handle(&a, open_body, comm);
fail:
    Py_DECREF(path);
    return res;
}

PyObject *exs_py_create(PyObject *mod, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"path", "format", "int64", "float_size", "name_len",
                             "clobber", "deflate", "shuffle", "zstd", "node_chunk",
                             "elem_chunk", "nparts", "comm", NULL};
    exs_create_opts o;
    int format;
    long long node_chunk, elem_chunk;
    PyObject *path = NULL, *comm = Py_None, *res = NULL;
    (void)mod;
    exs_create_opts_init(&o);
    format = (int)o.format;
    node_chunk = o.node_chunk;
    elem_chunk = o.elem_chunk;
    if (!PyArg_ParseTupleAndKeywords(
            args, kw, "O&|iiiiiiiiLLiO", kwlist, PyUnicode_FSConverter, &path,
            &format, &o.int64, &o.float_size, &o.name_len, &o.clobber, &o.deflate,
            &o.shuffle, &o.zstd, &node_chunk, &elem_chunk, &o.nparts, &comm))
        return NULL;
    o.format = (exs_format)format;
    o.node_chunk = node_chunk;
    o.elem_chunk = elem_chunk;
    if (exs_py_check_comm(comm) < 0)
        goto fail;
    make_args a = {.path = PyBytes_AS_STRING(path), .opts = &o};
    res = make_handle(&a, create_body, comm);
fail:
    Py_DECREF(path);
    return res;
}

/* ------------------------------------------------------------------ */
/* Metadata. GIL held, lock held for the call only. One argument block for
 * the metadata bodies: what goes in (kind, id, index, name) and what comes
 * out (a count, an int, a string, an array). */

typedef struct meta_q {
    int kind, i;
    long long id;
    const char *name;
    int64_t n;
    int k;
    const char *s;
    void *out;
} meta_q;

static int inquire_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_inquire(f, (exs_inq)q->i, &q->n);
}

static int entity_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_get_entity(f, (exs_kind)q->kind, q->id, q->out);
}

static int num_vars_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_num_vars(f, (exs_kind)q->kind, &q->k);
}

int exs_py_inquire(exs_py_handle *h, exs_inq what, int64_t *v)
{
    meta_q q = {.i = (int)what};
    if (exs_py_locked(h, 0, inquire_body, &q) < 0)
        return -1;
    *v = q.n;
    return 0;
}

int exs_py_entity(exs_py_handle *h, exs_kind kind, int64_t id, exs_entity_info *info)
{
    meta_q q = {.kind = (int)kind, .id = id, .out = info};
    return exs_py_locked(h, 0, entity_body, &q) < 0 ? -1 : 0;
}

/* q->out: the extent's two values, rows then values per row. */
static int conn_extent_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    int64_t *ext = q->out;
    (void)msg;
    return exs_get_conn_extent(f, (exs_kind)q->kind, q->id, (exs_conn)q->i, &ext[0],
                               &ext[1]);
}

int exs_py_conn_extent(exs_py_handle *h, exs_kind kind, int64_t id, int which,
                       int64_t *rows, int64_t *width)
{
    int64_t ext[2] = {0, 0};
    meta_q q = {.kind = (int)kind, .id = id, .i = which, .out = ext};
    if (exs_py_locked(h, 0, conn_extent_body, &q) < 0)
        return -1;
    *rows = ext[0];
    *width = ext[1];
    return 0;
}

static int num_vars(exs_py_handle *h, exs_kind kind, int *n)
{
    meta_q q = {.kind = (int)kind};
    if (exs_py_locked(h, 0, num_vars_body, &q) < 0)
        return -1;
    *n = q.k;
    return 0;
}

/* Length of the whole id map / entity of a map kind. */
static exs_inq map_total(exs_kind kind)
{
    switch (kind) {
    case EXS_EDGE_MAP:
        return EXS_INQ_NUM_EDGE;
    case EXS_FACE_MAP:
        return EXS_INQ_NUM_FACE;
    case EXS_ELEM_MAP:
        return EXS_INQ_NUM_ELEM;
    default:
        return EXS_INQ_NUM_NODES;
    }
}

int exs_py_extent(exs_py_handle *h, exs_kind kind, int64_t id, int64_t *n)
{
    exs_entity_info info;
    if (kind == EXS_NODAL)
        return exs_py_inquire(h, EXS_INQ_NUM_NODES, n);
    if (kind == EXS_GLOBAL) {
        int nv = 0;
        int rc = num_vars(h, kind, &nv);
        *n = nv;
        return rc;
    }
    if (kind >= EXS_NODE_MAP && kind <= EXS_ELEM_MAP)
        return exs_py_inquire(h, map_total(kind), n);
    if (exs_py_entity(h, kind, id, &info) < 0)
        return -1;
    *n = info.num_entries;
    return 0;
}

static PyObject *h_close(exs_py_handle *h, PyObject *noarg)
{
    (void)noarg;
    if (handle_close(h) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *h_inquire(exs_py_handle *h, PyObject *arg)
{
    int64_t v = 0;
    long what = PyLong_AsLong(arg);
    if (what == -1 && PyErr_Occurred())
        return NULL;
    if (exs_py_inquire(h, (exs_inq)what, &v) < 0)
        return NULL;
    return PyLong_FromLongLong(v);
}

static int title_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_get_title(f, &q->s);
}

static PyObject *h_title(exs_py_handle *h, PyObject *noarg)
{
    meta_q q = {0};
    (void)noarg;
    if (exs_py_locked(h, 0, title_body, &q) < 0)
        return NULL;
    return exs_py_str(q.s);
}

static int num_entities_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_num_entities(f, (exs_kind)q->kind, &q->n);
}

static PyObject *h_num_entities(exs_py_handle *h, PyObject *args)
{
    meta_q q = {0};
    if (!PyArg_ParseTuple(args, "i", &q.kind))
        return NULL;
    if (exs_py_locked(h, 0, num_entities_body, &q) < 0)
        return NULL;
    return PyLong_FromLongLong(q.n);
}

static int ids_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_get_ids(f, (exs_kind)q->kind, q->out);
}

static PyObject *h_ids(exs_py_handle *h, PyObject *args)
{
    meta_q q = {0};
    PyArrayObject *a = NULL;
    if (!PyArg_ParseTuple(args, "i", &q.kind))
        return NULL;
    if (exs_py_locked(h, 0, num_entities_body, &q) < 0)
        goto fail;
    npy_intp dim = (npy_intp)q.n;
    a = (PyArrayObject *)PyArray_EMPTY(1, &dim, NPY_INT64, 0);
    if (!a)
        goto fail;
    q.out = PyArray_DATA(a);
    if (exs_py_locked(h, 0, ids_body, &q) < 0)
        goto fail;
    return (PyObject *)a;
fail:
    Py_XDECREF(a);
    return NULL;
}

static PyObject *info_tuple(const exs_entity_info *i)
{
    return Py_BuildValue("(LLLLLLLLLiNN)", (long long)i->id, (long long)i->index,
                         (long long)i->num_entries, (long long)i->nodes_per_entry,
                         (long long)i->edges_per_entry, (long long)i->faces_per_entry,
                         (long long)i->num_attr, (long long)i->num_df,
                         (long long)i->offset, (int)i->topo, exs_py_str(i->type),
                         exs_py_str(i->name));
}

static PyObject *h_entity(exs_py_handle *h, PyObject *args)
{
    int kind;
    long long id;
    exs_entity_info info;
    if (!PyArg_ParseTuple(args, "iL", &kind, &id))
        return NULL;
    if (exs_py_entity(h, (exs_kind)kind, id, &info) < 0)
        return NULL;
    return info_tuple(&info);
}

static int find_entity_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_find_entity(f, (exs_kind)q->kind, q->name, &q->n);
}

static PyObject *h_find_entity(exs_py_handle *h, PyObject *args)
{
    meta_q q = {0};
    PyObject *name = NULL;
    if (!PyArg_ParseTuple(args, "iO&", &q.kind, exs_py_conv_name, &name))
        return NULL;
    q.name = PyBytes_AS_STRING(name);
    int rc = exs_py_locked(h, 0, find_entity_body, &q);
    Py_DECREF(name);
    return rc < 0 ? NULL : PyLong_FromLongLong(q.n);
}

static int check_refs_body(exs_file *f, void *arg, char *msg)
{
    (void)arg;
    (void)msg;
    return exs_check_references(f);
}

static PyObject *h_check_references(exs_py_handle *h, PyObject *noarg)
{
    (void)noarg;
    if (exs_py_locked(h, 1, check_refs_body, NULL) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static int num_props_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_num_props(f, (exs_kind)q->kind, &q->k);
}

static int prop_name_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_get_prop_name(f, (exs_kind)q->kind, q->i, &q->s);
}

static PyObject *h_prop_names(exs_py_handle *h, PyObject *args)
{
    meta_q q = {0};
    if (!PyArg_ParseTuple(args, "i", &q.kind))
        return NULL;
    if (exs_py_locked(h, 0, num_props_body, &q) < 0)
        return NULL;
    PyObject *list = PyList_New(q.k);
    for (int i = 0; list && i < q.k; i++) {
        q.i = i;
        q.s = NULL;
        PyObject *o = exs_py_locked(h, 0, prop_name_body, &q) < 0 ? NULL : exs_py_str(q.s);
        if (!o)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, i, o);
    }
    return list;
}

/* A property's value: (kind, id, name) in, v out. */
typedef struct prop_args {
    int kind;
    long long id;
    const char *name;
    int64_t v;
} prop_args;

static int prop_body(exs_file *f, void *arg, char *msg)
{
    prop_args *a = arg;
    (void)msg;
    return exs_get_prop(f, (exs_kind)a->kind, a->id, a->name, &a->v);
}

static PyObject *h_prop(exs_py_handle *h, PyObject *args)
{
    prop_args a = {0};
    PyObject *name = NULL;
    if (!PyArg_ParseTuple(args, "iLO&", &a.kind, &a.id, exs_py_conv_name, &name))
        return NULL;
    a.name = PyBytes_AS_STRING(name);
    int rc = exs_py_locked(h, 1, prop_body, &a);
    Py_DECREF(name);
    return rc < 0 ? NULL : PyLong_FromLongLong(a.v);
}

static int coord_name_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_get_coord_name(f, q->i, &q->s);
}

static PyObject *h_coord_name(exs_py_handle *h, PyObject *args)
{
    meta_q q = {0};
    if (!PyArg_ParseTuple(args, "i", &q.i))
        return NULL;
    if (exs_py_locked(h, 0, coord_name_body, &q) < 0)
        return NULL;
    return exs_py_str(q.s);
}

static int attr_name_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_get_attr_name(f, (exs_kind)q->kind, q->id, q->i, &q->s);
}

static PyObject *h_attr_name(exs_py_handle *h, PyObject *args)
{
    meta_q q = {0};
    if (!PyArg_ParseTuple(args, "iLi", &q.kind, &q.id, &q.i))
        return NULL;
    if (exs_py_locked(h, 0, attr_name_body, &q) < 0)
        return NULL;
    return exs_py_str(q.s);
}

static int qa_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_get_qa(f, q->n, q->out);
}

static PyObject *qa_record(exs_py_handle *h, int64_t i)
{
    const char *rec[4] = {NULL, NULL, NULL, NULL};
    meta_q q = {.n = i, .out = rec};
    if (exs_py_locked(h, 0, qa_body, &q) < 0)
        return NULL;
    return Py_BuildValue("(NNNN)", exs_py_str(rec[0]), exs_py_str(rec[1]),
                         exs_py_str(rec[2]), exs_py_str(rec[3]));
}

static int info_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_get_info(f, q->n, &q->s);
}

static PyObject *info_record(exs_py_handle *h, int64_t i)
{
    meta_q q = {.n = i};
    if (exs_py_locked(h, 0, info_body, &q) < 0)
        return NULL;
    return exs_py_str(q.s);
}

/* A list of n records, each from get(h, i). */
static PyObject *records(exs_py_handle *h, exs_inq count,
                         PyObject *(*get)(exs_py_handle *, int64_t))
{
    int64_t n = 0;
    if (exs_py_inquire(h, count, &n) < 0)
        return NULL;
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (int64_t i = 0; list && i < n; i++) {
        PyObject *o = get(h, i);
        if (!o)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, (Py_ssize_t)i, o);
    }
    return list;
}

static PyObject *h_qa(exs_py_handle *h, PyObject *noarg)
{
    (void)noarg;
    return records(h, EXS_INQ_NUM_QA, qa_record);
}

static PyObject *h_info(exs_py_handle *h, PyObject *noarg)
{
    (void)noarg;
    return records(h, EXS_INQ_NUM_INFO, info_record);
}

static PyObject *h_num_vars(exs_py_handle *h, PyObject *args)
{
    int kind, n = 0;
    if (!PyArg_ParseTuple(args, "i", &kind))
        return NULL;
    if (num_vars(h, (exs_kind)kind, &n) < 0)
        return NULL;
    return PyLong_FromLong(n);
}

static int var_name_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_get_var_name(f, (exs_kind)q->kind, q->i, &q->s);
}

static PyObject *h_var_name(exs_py_handle *h, PyObject *args)
{
    meta_q q = {0};
    if (!PyArg_ParseTuple(args, "ii", &q.kind, &q.i))
        return NULL;
    if (exs_py_locked(h, 0, var_name_body, &q) < 0)
        return NULL;
    return exs_py_str(q.s);
}

static int find_var_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_find_var(f, (exs_kind)q->kind, q->name, &q->k);
}

static PyObject *h_find_var(exs_py_handle *h, PyObject *args)
{
    meta_q q = {.k = -1};
    PyObject *name = NULL;
    if (!PyArg_ParseTuple(args, "iO&", &q.kind, exs_py_conv_name, &name))
        return NULL;
    q.name = PyBytes_AS_STRING(name);
    int rc = exs_py_locked(h, 0, find_var_body, &q);
    Py_DECREF(name);
    return rc < 0 ? NULL : PyLong_FromLong(q.k);
}

/* Truth table as an (entities, variables) array of C ints. */
/* The table's shape: entities in q->n, variables in q->k. */
static int truth_shape_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    int rc = exs_num_entities(f, (exs_kind)q->kind, &q->n);
    (void)msg;
    return rc ? rc : exs_num_vars(f, (exs_kind)q->kind, &q->k);
}

static int truth_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_get_truth(f, (exs_kind)q->kind, q->out);
}

static PyObject *h_truth(exs_py_handle *h, PyObject *args)
{
    meta_q q = {0};
    PyArrayObject *a = NULL;
    if (!PyArg_ParseTuple(args, "i", &q.kind))
        return NULL;
    if (exs_py_locked(h, 0, truth_shape_body, &q) < 0)
        goto fail;
    npy_intp dims[2] = {(npy_intp)q.n, q.k};
    if (!(a = (PyArrayObject *)PyArray_ZEROS(2, dims, NPY_INT, 0)))
        goto fail;
    q.out = PyArray_DATA(a);
    if (exs_py_locked(h, 0, truth_body, &q) < 0)
        goto fail;
    return (PyObject *)a;
fail:
    Py_XDECREF(a);
    return NULL;
}

/* chunk_len: q->n holds the bytes in and the length out. */
static int chunk_len_body(exs_file *f, void *arg, char *msg)
{
    meta_q *q = arg;
    (void)msg;
    return exs_chunk_len(f, (exs_kind)q->kind, q->id, q->n, &q->n);
}

static PyObject *h_chunk_len(exs_py_handle *h, PyObject *args)
{
    meta_q q = {0};
    long long bytes = 0;
    if (!PyArg_ParseTuple(args, "i|LL", &q.kind, &q.id, &bytes))
        return NULL;
    q.n = bytes;
    if (exs_py_locked(h, 0, chunk_len_body, &q) < 0)
        return NULL;
    return PyLong_FromLongLong(q.n);
}

static int stats_body(exs_file *f, void *arg, char *msg)
{
    (void)msg;
    return arg ? exs_get_stats(f, arg) : exs_reset_stats(f);
}

static PyObject *h_stats(exs_py_handle *h, PyObject *noarg)
{
    exs_stats s;
    (void)noarg;
    memset(&s, 0, sizeof s);
    if (exs_py_locked(h, 0, stats_body, &s) < 0)
        return NULL;
    return Py_BuildValue("{sLsLsLsL}", "storage_calls", (long long)s.storage_calls,
                         "collective_calls", (long long)s.collective_calls,
                         "bytes_read", (long long)s.bytes_read, "bytes_written",
                         (long long)s.bytes_written);
}

static PyObject *h_reset_stats(exs_py_handle *h, PyObject *noarg)
{
    (void)noarg;
    if (exs_py_locked(h, 0, stats_body, NULL) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef meta_methods[] = {
    {"close", (PyCFunction)h_close, METH_NOARGS, "close(): flush and close (idempotent)"},
    {"inquire", (PyCFunction)h_inquire, METH_O, "inquire(what) -> int"},
    {"title", (PyCFunction)h_title, METH_NOARGS, "title() -> str"},
    {"num_entities", (PyCFunction)h_num_entities, METH_VARARGS, "num_entities(kind)"},
    {"ids", (PyCFunction)h_ids, METH_VARARGS, "ids(kind) -> int64 array"},
    {"entity", (PyCFunction)h_entity, METH_VARARGS,
     "entity(kind, id) -> (id, index, num_entries, nodes_per_entry, "
     "edges_per_entry, faces_per_entry, num_attr, num_df, offset, topo, type, name)"},
    {"find_entity", (PyCFunction)h_find_entity, METH_VARARGS, "find_entity(kind, name)"},
    {"check_references", (PyCFunction)h_check_references, METH_NOARGS,
     "check_references(): exs_check_references"},
    {"prop_names", (PyCFunction)h_prop_names, METH_VARARGS, "prop_names(kind)"},
    {"prop", (PyCFunction)h_prop, METH_VARARGS, "prop(kind, id, name) -> int"},
    {"coord_name", (PyCFunction)h_coord_name, METH_VARARGS, "coord_name(axis)"},
    {"attr_name", (PyCFunction)h_attr_name, METH_VARARGS, "attr_name(kind, id, attr)"},
    {"qa", (PyCFunction)h_qa, METH_NOARGS, "qa() -> list of 4-tuples"},
    {"info", (PyCFunction)h_info, METH_NOARGS, "info() -> list of str"},
    {"num_vars", (PyCFunction)h_num_vars, METH_VARARGS, "num_vars(kind)"},
    {"var_name", (PyCFunction)h_var_name, METH_VARARGS, "var_name(kind, var)"},
    {"find_var", (PyCFunction)h_find_var, METH_VARARGS, "find_var(kind, name)"},
    {"truth", (PyCFunction)h_truth, METH_VARARGS, "truth(kind) -> (entities, vars)"},
    {"chunk_len", (PyCFunction)h_chunk_len, METH_VARARGS,
     "chunk_len(kind, id=0, block_bytes=0)"},
    {"stats", (PyCFunction)h_stats, METH_NOARGS, "stats() -> dict"},
    {"reset_stats", (PyCFunction)h_reset_stats, METH_NOARGS, "reset_stats()"},
    {NULL, NULL, 0, NULL},
};

/* ------------------------------------------------------------------ */
/* Attributes. */

static PyObject *get_closed(exs_py_handle *h, void *u)
{
    (void)u;
    return PyBool_FromLong(h->f == NULL);
}

static PyObject *get_parallel(exs_py_handle *h, void *u)
{
    (void)u;
    return PyBool_FromLong(h->parallel);
}

static PyObject *get_comm(exs_py_handle *h, void *u)
{
    (void)u;
    Py_INCREF(h->comm);
    return h->comm;
}

static PyObject *get_collective(exs_py_handle *h, void *u)
{
    (void)u;
    return PyBool_FromLong(h->collective);
}

static int set_collective(exs_py_handle *h, PyObject *v, void *u)
{
    (void)u;
    int on = v ? PyObject_IsTrue(v) : -1;
    if (on < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_AttributeError, "collective cannot be deleted");
        return -1;
    }
    if (on && !h->parallel) {
        exs_py_arg_error("collective=True needs a file opened with a communicator");
        return -1;
    }
    h->collective = on;
    return 0;
}

static PyGetSetDef handle_getset[] = {
    {"closed", (getter)get_closed, NULL, "True once closed", NULL},
    {"parallel", (getter)get_parallel, NULL, "opened with a communicator", NULL},
    {"comm", (getter)get_comm, NULL, "the communicator (None: serial)", NULL},
    {"collective", (getter)get_collective, (setter)set_collective,
     "bulk calls are collective (_all); parallel handles only", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* The type's method table: the metadata here, plus read.c, write.c and
 * the parallel calls, joined at import. */
static PyMethodDef all_methods[192];

static int join_methods(void)
{
    PyMethodDef *parts[] = {meta_methods, exs_py_read_methods, exs_py_write_methods,
                            exs_py_par_methods, exs_py_model_methods,
                            exs_py_batch_methods};
    size_t n = 0;
    for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++)
        for (PyMethodDef *m = parts[p]; m->ml_name; m++) {
            if (n + 1 >= sizeof all_methods / sizeof all_methods[0])
                return -1;
            all_methods[n++] = *m;
        }
    return 0;
}

static PyObject *handle_repr(exs_py_handle *h)
{
    return PyUnicode_FromFormat("<exoslab._ext.Handle %s%s>",
                                h->f ? "open" : "closed",
                                h->parallel ? " parallel" : "");
}

PyTypeObject exs_py_handle_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "exoslab._ext.Handle",
    .tp_basicsize = sizeof(exs_py_handle),
    .tp_dealloc = (destructor)handle_dealloc,
    .tp_repr = (reprfunc)handle_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "An open exoslab file (made by exoslab._ext.open / create).",
    .tp_methods = all_methods,
    .tp_getset = handle_getset,
};

int exs_py_handle_prepare(void) { return join_methods(); }
