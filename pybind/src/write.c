/*
 * write.c -- definitions (GIL kept: they change the handle's names) and
 * bulk writes (GIL released). Input arrays are used as they are when they
 * already are C-ordered with a supported type; numpy converts otherwise.
 */
#include "exs_py.h"

#include <stdlib.h>
#include <string.h>


/* ------------------------------------------------------------------ */
/* Lists of names: a Python sequence of str/bytes as C strings. */

typedef struct name_list {
    PyObject *bytes;    /* list of the encoded names (owns the memory) */
    const char **ptrs;
    Py_ssize_t n;
} name_list;

static void names_free(name_list *l)
{
    Py_CLEAR(l->bytes);
    free(l->ptrs);
    l->ptrs = NULL;
}

static int names_from(PyObject *seq, name_list *l, const char *what)
{
    memset(l, 0, sizeof *l);
    PyObject *fast = PySequence_Fast(seq, what);
    if (!fast)
        return -1;
    l->n = PySequence_Fast_GET_SIZE(fast);
    l->bytes = PyList_New(l->n);
    l->ptrs = calloc((size_t)l->n + 1, sizeof *l->ptrs);
    for (Py_ssize_t i = 0; l->bytes && l->ptrs && i < l->n; i++) {
        PyObject *b = NULL;
        if (!exs_py_conv_name(PySequence_Fast_GET_ITEM(fast, i), &b))
            goto fail;
        PyList_SET_ITEM(l->bytes, i, b);
        l->ptrs[i] = PyBytes_AS_STRING(b);
    }
    if (!l->bytes || !l->ptrs) {
        PyErr_NoMemory();
        goto fail;
    }
    Py_DECREF(fast);
    return 0;
fail:
    Py_DECREF(fast);
    names_free(l);
    return -1;
}

/* Optional name: None -> NULL. */
static int conv_opt_name(PyObject *o, void *p)
{
    if (o == Py_None) {
        *(PyObject **)p = NULL;
        return 1;
    }
    return exs_py_conv_name(o, p);
}

static const char *opt_str(PyObject *b) { return b ? PyBytes_AS_STRING(b) : NULL; }

/* The library calls of the definitions and names, each an exs_py_meta_call
 * body. */
static int def_mesh_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_def_mesh(f, m->s, m->i, m->n);
}

static int def_block_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_def_block(f, (exs_kind)m->kind, m->p);
}

static int def_set_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_def_set(f, (exs_kind)m->kind, m->id, m->n, m->n2, m->s);
}

static int def_map_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_def_map(f, (exs_kind)m->kind, m->id, m->s);
}

static int def_vars_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_def_vars(f, (exs_kind)m->kind, m->i, m->p);
}

static int num_entities_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_num_entities(f, (exs_kind)m->kind, m->out);
}

static int num_vars_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_num_vars(f, (exs_kind)m->kind, m->out);
}

static int def_truth_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_def_truth(f, (exs_kind)m->kind, m->p);
}

static int def_prop_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_def_prop(f, (exs_kind)m->kind, m->s);
}

static int def_set_attr_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_def_set_attr(f, (exs_kind)m->kind, m->id, m->n);
}

static int def_node_attr_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_def_node_attr(f, m->n);
}

static int def_order_map_fn(exs_file *f, const exs_py_meta *m)
{
    (void)m;
    return exs_def_order_map(f);
}

static int put_name_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_put_name(f, (exs_kind)m->kind, m->id, m->s);
}

static int put_coord_names_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_put_coord_names(f, m->p);
}

static int put_attr_names_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_put_attr_names(f, (exs_kind)m->kind, m->id, m->p);
}

static int put_prop_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_put_prop(f, (exs_kind)m->kind, m->id, m->s, m->n);
}

static int put_info_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_put_info(f, m->n, m->p);
}

static int put_qa_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_put_qa(f, m->n, (const char *const(*)[4])m->p);
}

/* A metadata call whose method returns None. */
static PyObject *meta_none(exs_py_handle *h, exs_py_meta_fn fn, exs_py_meta *m)
{
    if (exs_py_meta_call(h, fn, m) < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* ------------------------------------------------------------------ */
/* Definitions. */

static PyObject *h_def_mesh(exs_py_handle *h, PyObject *args, PyObject *kw)
{
    static char *kwl[] = {"title", "num_dim", "num_nodes", NULL};
    PyObject *title = NULL;
    exs_py_meta m = {0};
    long long n;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&iL", kwl, exs_py_conv_name, &title,
                                     &m.i, &n))
        return NULL;
    m.s = PyBytes_AS_STRING(title);
    m.n = n;
    PyObject *res = meta_none(h, def_mesh_fn, &m);
    Py_DECREF(title);
    return res;
}

static PyObject *h_def_block(exs_py_handle *h, PyObject *args, PyObject *kw)
{
    static char *kwl[] = {"kind", "id", "type", "num_entries", "nodes_per_entry",
                          "edges_per_entry", "faces_per_entry", "num_attr", "name",
                          NULL};
    exs_block_def d;
    PyObject *type = NULL, *name = NULL;
    long long id, ne, npe, epe = 0, fpe = 0, na = 0;
    exs_py_meta m = {.p = &d};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iLO&LL|LLLO&", kwl, &m.kind, &id,
                                     exs_py_conv_name, &type, &ne, &npe, &epe, &fpe,
                                     &na, conv_opt_name, &name))
        return NULL;
    d = (exs_block_def){.id = id, .type = PyBytes_AS_STRING(type), .num_entries = ne,
                        .nodes_per_entry = npe, .edges_per_entry = epe,
                        .faces_per_entry = fpe, .num_attr = na, .name = opt_str(name)};
    PyObject *res = meta_none(h, def_block_fn, &m);
    Py_DECREF(type);
    Py_XDECREF(name);
    return res;
}

static PyObject *h_def_set(exs_py_handle *h, PyObject *args, PyObject *kw)
{
    static char *kwl[] = {"kind", "id", "num_entries", "num_df", "name", NULL};
    PyObject *name = NULL;
    long long id, n, ndf = 0;
    exs_py_meta m = {0};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iLL|LO&", kwl, &m.kind, &id, &n, &ndf,
                                     conv_opt_name, &name))
        return NULL;
    m.id = id;
    m.n = n;
    m.n2 = ndf;
    m.s = opt_str(name);
    PyObject *res = meta_none(h, def_set_fn, &m);
    Py_XDECREF(name);
    return res;
}

static PyObject *h_def_map(exs_py_handle *h, PyObject *args, PyObject *kw)
{
    static char *kwl[] = {"kind", "id", "name", NULL};
    PyObject *name = NULL;
    long long id;
    exs_py_meta m = {0};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iL|O&", kwl, &m.kind, &id, conv_opt_name,
                                     &name))
        return NULL;
    m.id = id;
    m.s = opt_str(name);
    PyObject *res = meta_none(h, def_map_fn, &m);
    Py_XDECREF(name);
    return res;
}

static PyObject *h_def_vars(exs_py_handle *h, PyObject *args)
{
    PyObject *seq;
    name_list l;
    exs_py_meta m = {0};
    if (!PyArg_ParseTuple(args, "iO", &m.kind, &seq) ||
        names_from(seq, &l, "variable names must be a sequence") < 0)
        return NULL;
    m.i = (int)l.n;
    m.p = l.ptrs;
    PyObject *res = meta_none(h, def_vars_fn, &m);
    names_free(&l);
    return res;
}

/* Truth table: (entities, variables) integers, converted to C int. */
static PyObject *h_def_truth(exs_py_handle *h, PyObject *args)
{
    PyObject *tab, *res = NULL;
    int nv = 0;
    int64_t ne = 0;
    exs_py_meta m = {.out = &ne};
    if (!PyArg_ParseTuple(args, "iO", &m.kind, &tab))
        return NULL;
    /* Flags: bool or any integers, cast to C int. */
    PyArrayObject *a = (PyArrayObject *)PyArray_FROM_OTF(
        tab, NPY_INT, NPY_ARRAY_IN_ARRAY | NPY_ARRAY_FORCECAST);
    if (!a)
        return NULL;
    if (exs_py_meta_call(h, num_entities_fn, &m) < 0)
        goto fail;
    m.out = &nv;
    if (exs_py_meta_call(h, num_vars_fn, &m) < 0)
        goto fail;
    if (PyArray_SIZE(a) != (npy_intp)(ne * nv)) {
        exs_py_arg_error("truth table has %lld values; there are %lld entities x "
                         "%d variables", (long long)PyArray_SIZE(a), (long long)ne, nv);
        goto fail;
    }
    m.p = PyArray_DATA(a);
    if (exs_py_meta_call(h, def_truth_fn, &m) == 0)
        res = Py_NewRef(Py_None);
fail:
    Py_DECREF(a);
    return res;
}

static PyObject *h_def_prop(exs_py_handle *h, PyObject *args)
{
    PyObject *name = NULL;
    exs_py_meta m = {0};
    if (!PyArg_ParseTuple(args, "iO&", &m.kind, exs_py_conv_name, &name))
        return NULL;
    m.s = PyBytes_AS_STRING(name);
    PyObject *res = meta_none(h, def_prop_fn, &m);
    Py_DECREF(name);
    return res;
}

/* Attributes of a set (kind, id, num_attr) or, num_attr alone, of the
 * nodes; the order map's declaration. */
static PyObject *h_def_set_attr(exs_py_handle *h, PyObject *args)
{
    long long id, n;
    exs_py_meta m = {0};
    if (!PyArg_ParseTuple(args, "iLL", &m.kind, &id, &n))
        return NULL;
    m.id = id;
    m.n = n;
    return meta_none(h, def_set_attr_fn, &m);
}

static PyObject *h_def_node_attr(exs_py_handle *h, PyObject *args)
{
    long long n;
    exs_py_meta m = {0};
    if (!PyArg_ParseTuple(args, "L", &n))
        return NULL;
    m.n = n;
    return meta_none(h, def_node_attr_fn, &m);
}

static PyObject *h_def_order_map(exs_py_handle *h, PyObject *noarg)
{
    exs_py_meta m = {0};
    (void)noarg;
    return meta_none(h, def_order_map_fn, &m);
}

/* end_define and sync may move a lot of data (fill values, flush). */
typedef struct file_fn {
    int (*fn)(exs_file *);
} file_fn;

static int file_fn_body(exs_file *f, void *arg, char *msg)
{
    (void)msg;
    return ((file_fn *)arg)->fn(f);
}

static PyObject *nogil_call(exs_py_handle *h, int (*fn)(exs_file *))
{
    file_fn a = {fn};
    if (exs_py_locked(h, 1, file_fn_body, &a) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *h_end_define(exs_py_handle *h, PyObject *noarg)
{
    (void)noarg;
    return nogil_call(h, exs_end_define);
}

static PyObject *h_sync(exs_py_handle *h, PyObject *noarg)
{
    (void)noarg;
    return nogil_call(h, exs_sync);
}

/* ------------------------------------------------------------------ */
/* Names and small records. */

static PyObject *h_put_name(exs_py_handle *h, PyObject *args)
{
    PyObject *name = NULL;
    long long id;
    exs_py_meta m = {0};
    if (!PyArg_ParseTuple(args, "iLO&", &m.kind, &id, exs_py_conv_name, &name))
        return NULL;
    m.id = id;
    m.s = PyBytes_AS_STRING(name);
    PyObject *res = meta_none(h, put_name_fn, &m);
    Py_DECREF(name);
    return res;
}

/* A call that takes the names l (freed after it). */
static PyObject *names_call(exs_py_handle *h, exs_py_meta_fn fn, exs_py_meta *m,
                            name_list *l)
{
    m->n = l->n;
    m->p = l->ptrs;
    PyObject *res = meta_none(h, fn, m);
    names_free(l);
    return res;
}

static PyObject *h_put_coord_names(exs_py_handle *h, PyObject *seq)
{
    name_list l;
    exs_py_meta m = {0};
    if (names_from(seq, &l, "coordinate names must be a sequence") < 0)
        return NULL;
    return names_call(h, put_coord_names_fn, &m, &l);
}

static PyObject *h_put_attr_names(exs_py_handle *h, PyObject *args)
{
    PyObject *seq;
    name_list l;
    long long id;
    exs_py_meta m = {0};
    if (!PyArg_ParseTuple(args, "iLO", &m.kind, &id, &seq) ||
        names_from(seq, &l, "attribute names must be a sequence") < 0)
        return NULL;
    m.id = id;
    return names_call(h, put_attr_names_fn, &m, &l);
}

static PyObject *h_put_prop(exs_py_handle *h, PyObject *args)
{
    PyObject *name = NULL;
    long long id, value;
    exs_py_meta m = {0};
    if (!PyArg_ParseTuple(args, "iLO&L", &m.kind, &id, exs_py_conv_name, &name, &value))
        return NULL;
    m.id = id;
    m.n = value;
    m.s = PyBytes_AS_STRING(name);
    PyObject *res = meta_none(h, put_prop_fn, &m);
    Py_DECREF(name);
    return res;
}

static PyObject *h_put_info(exs_py_handle *h, PyObject *seq)
{
    name_list l;
    exs_py_meta m = {0};
    if (names_from(seq, &l, "info records must be a sequence of str") < 0)
        return NULL;
    return names_call(h, put_info_fn, &m, &l);
}

/* QA records: a sequence of 4-sequences of str, flattened to 4n names. */
static PyObject *qa_flatten(PyObject *seq, Py_ssize_t *n)
{
    PyObject *fast = PySequence_Fast(seq, "QA records must be a sequence");
    PyObject *flat = fast ? PyList_New(0) : NULL;
    *n = fast ? PySequence_Fast_GET_SIZE(fast) : 0;
    for (Py_ssize_t i = 0; flat && i < *n; i++) {
        PyObject *rec = PySequence_Fast_GET_ITEM(fast, i);
        PyObject *items = PyUnicode_Check(rec) ? NULL : PySequence_Tuple(rec);
        if (!items || PyTuple_GET_SIZE(items) != 4) {
            PyErr_Clear();
            exs_py_arg_error("QA record %zd must be 4 strings (code, version, "
                             "date, time)", i);
            Py_CLEAR(flat);
        }
        for (Py_ssize_t k = 0; flat && k < 4; k++)
            if (PyList_Append(flat, PyTuple_GET_ITEM(items, k)) < 0)
                Py_CLEAR(flat);
        Py_XDECREF(items);
    }
    Py_XDECREF(fast);
    return flat;
}

static PyObject *h_put_qa(exs_py_handle *h, PyObject *seq)
{
    name_list l;
    Py_ssize_t n;
    exs_py_meta m = {0};
    PyObject *flat = qa_flatten(seq, &n);
    if (!flat)
        return NULL;
    int rc = names_from(flat, &l, "QA records");
    Py_DECREF(flat);
    if (rc < 0)
        return NULL;
    m.n = n;
    m.p = l.ptrs;
    PyObject *res = meta_none(h, put_qa_fn, &m);
    names_free(&l);
    return res;
}

/* ------------------------------------------------------------------ */
/* Bulk writes. */

static int wr_coord(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_put_coord)(f, r->sub, r->start, r->count, t, buf);
}

static int wr_conn(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_put_conn)(f, r->kind, r->id, (exs_conn)r->sub,
                                        r->start, r->count, t, buf);
}

static int wr_counts(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_put_entry_counts)(f, r->kind, r->id, r->start,
                                                r->count, t, buf);
}

static int wr_attr(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_put_attr)(f, r->kind, r->id, r->start, r->count, t,
                                        buf);
}

static int wr_set(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_put_set)(f, r->kind, r->id, r->start, r->count, t,
                                       buf, r->extra);
}

static int wr_df(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_put_df)(f, r->kind, r->id, r->start, r->count, t, buf);
}

static int wr_id_map(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_put_id_map)(f, r->kind, r->start, r->count, t, buf);
}

static int wr_map(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_put_map)(f, r->kind, r->id, r->start, r->count, t, buf);
}

static int wr_order_map(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_put_order_map)(f, r->start, r->count, t, buf);
}

static int wr_var(exs_file *f, const exs_py_req *r, exs_type t, void *buf)
{
    return EXS_PY_PICK(r, exs_put_var)(f, r->kind, r->id, r->sub, r->step, r->start,
                                       r->count, t, buf);
}

/* Entries in `a` given `width` values per entry: a 1-D array of a
 * multiple of width values, or (n, width). -1 + ArgumentError if not. */
static int64_t entries_of(PyArrayObject *a, int64_t width, const char *what)
{
    npy_intp size = PyArray_SIZE(a);
    int nd = PyArray_NDIM(a);
    if (width <= 0 && size == 0)
        return 0;
    if (width <= 0) {
        exs_py_arg_error("%s takes no values here (0 per entry)", what);
        return -1;
    }
    if (nd > 2 || (nd == 2 && PyArray_DIMS(a)[1] != width) || size % width) {
        exs_py_arg_error("%s: %lld values in shape of %d dimensions; expected "
                         "(n, %lld) or a flat multiple of %lld", what,
                         (long long)size, nd, (long long)width, (long long)width);
        return -1;
    }
    return size / width;
}

/* Convert data, derive count from width, write with the GIL released. */
static PyObject *write_array(exs_py_handle *h, exs_py_req *r, exs_py_io_fn fn,
                             int want_float, PyObject *data, int64_t width,
                             const char *what)
{
    exs_type t;
    PyObject *res = NULL;
    PyArrayObject *a = exs_py_in(data, want_float, &t, what);
    if (!a)
        return NULL;
    if ((r->count = entries_of(a, width, what)) < 0)
        goto fail;
    if (exs_py_run(h, r, fn, t, PyArray_DATA(a)) == 0)
        res = Py_NewRef(Py_None);
fail:
    Py_DECREF(a);
    return res;
}

static PyObject *h_put_coord_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                  exs_py_req *r)
{
    static char *kwl[] = {"axis", "data", "start", NULL};
    PyObject *data;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iO|L", kwl, &r->sub, &data, &r->start))
        return NULL;
    r->parsed = 1;
    return write_array(h, r, wr_coord, 1, data, 1, "coordinates");
}
EXS_PY_GUARDED(h_put_coord, wr_coord)

/* Values per entry of a block's connectivity (1 for NSIDED/NFACED), as
 * the library resolves it. */
static int conn_width(exs_py_handle *h, exs_py_req *r, int64_t *width)
{
    int64_t rows = 0;
    return exs_py_conn_extent(h, r->kind, r->id, r->sub, &rows, width);
}

static PyObject *h_put_conn_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                 exs_py_req *r)
{
    static char *kwl[] = {"kind", "id", "data", "which", "start", NULL};
    PyObject *data;
    int kind;
    int64_t width;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iLO|iL", kwl, &kind, &r->id, &data,
                                     &r->sub, &r->start))
        return NULL;
    r->kind = (exs_kind)kind;
    r->parsed = 1;
    if (conn_width(h, r, &width) < 0)
        return NULL;
    return write_array(h, r, wr_conn, 0, data, width, "connectivity");
}
EXS_PY_GUARDED(h_put_conn, wr_conn)

/* (kind, id, data, start=0) writers whose width comes from the entity. */
static PyObject *entity_write(exs_py_handle *h, PyObject *args, PyObject *kw,
                              exs_py_req *r, exs_py_io_fn fn, int want_float,
                              const char *what)
{
    static char *kwl[] = {"kind", "id", "data", "start", NULL};
    exs_entity_info i;
    PyObject *data;
    int kind;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iLO|L", kwl, &kind, &r->id, &data,
                                     &r->start))
        return NULL;
    r->kind = (exs_kind)kind;
    r->parsed = 1;
    if (exs_py_entity(h, r->kind, r->id, &i) < 0)
        return NULL;
    return write_array(h, r, fn, want_float, data, fn == wr_attr ? i.num_attr : 1,
                       what);
}

static PyObject *h_put_entry_counts_body(exs_py_handle *h, PyObject *args,
                                         PyObject *kw, exs_py_req *r)
{
    return entity_write(h, args, kw, r, wr_counts, 0, "entry counts");
}
EXS_PY_GUARDED(h_put_entry_counts, wr_counts)

static PyObject *h_put_attr_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                 exs_py_req *r)
{
    return entity_write(h, args, kw, r, wr_attr, 1, "attributes");
}
EXS_PY_GUARDED(h_put_attr, wr_attr)

static PyObject *h_put_df_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                               exs_py_req *r)
{
    return entity_write(h, args, kw, r, wr_df, 1, "distribution factors");
}
EXS_PY_GUARDED(h_put_df, wr_df)

/* Set members and, for side/edge/face sets, sides or orientations (same
 * length, converted to the members' type: the library takes one type). */
static PyObject *h_put_set_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                exs_py_req *r)
{
    static char *kwl[] = {"kind", "id", "entries", "extra", "start", NULL};
    PyObject *data, *extra = Py_None, *res = NULL;
    PyArrayObject *e = NULL, *x = NULL;
    int kind;
    exs_type t;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iLO|OL", kwl, &kind, &r->id, &data,
                                     &extra, &r->start))
        return NULL;
    r->kind = (exs_kind)kind;
    r->parsed = 1;
    if (extra == Py_None)
        return write_array(h, r, wr_set, 0, data, 1, "set members");
    if (!(e = exs_py_in(data, 0, &t, "set members")))
        goto fail;
    x = (PyArrayObject *)PyArray_FROM_OTF(extra, exs_py_typenum(t), NPY_ARRAY_IN_ARRAY);
    if (!x)
        goto fail;
    if (PyArray_SIZE(x) != PyArray_SIZE(e)) {
        exs_py_arg_error("set %lld: %lld members but %lld sides/orientations",
                         (long long)r->id, (long long)PyArray_SIZE(e),
                         (long long)PyArray_SIZE(x));
        goto fail;
    }
    r->extra = PyArray_DATA(x);
    res = write_array(h, r, wr_set, 0, (PyObject *)e, 1, "set members");
fail:
    Py_XDECREF(x);
    Py_XDECREF(e);
    return res;
}
EXS_PY_GUARDED(h_put_set, wr_set)

static PyObject *h_put_id_map_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                   exs_py_req *r)
{
    static char *kwl[] = {"kind", "data", "start", NULL};
    PyObject *data;
    int kind;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iO|L", kwl, &kind, &data, &r->start))
        return NULL;
    r->kind = (exs_kind)kind;
    r->parsed = 1;
    return write_array(h, r, wr_id_map, 0, data, 1, "id map");
}
EXS_PY_GUARDED(h_put_id_map, wr_id_map)

static PyObject *h_put_map_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                exs_py_req *r)
{
    static char *kwl[] = {"kind", "id", "data", "start", NULL};
    PyObject *data;
    int kind;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iLO|L", kwl, &kind, &r->id, &data,
                                     &r->start))
        return NULL;
    r->kind = (exs_kind)kind;
    r->parsed = 1;
    return write_array(h, r, wr_map, 0, data, 1, "named map");
}
EXS_PY_GUARDED(h_put_map, wr_map)

static PyObject *h_put_order_map_body(exs_py_handle *h, PyObject *args,
                                      PyObject *kw, exs_py_req *r)
{
    static char *kwl[] = {"data", "start", NULL};
    PyObject *data;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|L", kwl, &data, &r->start))
        return NULL;
    r->parsed = 1;
    return write_array(h, r, wr_order_map, 0, data, 1, "order map");
}
EXS_PY_GUARDED(h_put_order_map, wr_order_map)

static PyObject *h_put_var_body(exs_py_handle *h, PyObject *args, PyObject *kw,
                                exs_py_req *r)
{
    static char *kwl[] = {"kind", "id", "var", "step", "data", "start", NULL};
    PyObject *data;
    int kind;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iLiLO|L", kwl, &kind, &r->id, &r->sub,
                                     &r->step, &data, &r->start))
        return NULL;
    r->kind = (exs_kind)kind;
    r->parsed = 1;
    return write_array(h, r, wr_var, 1, data, 1, "variable");
}
EXS_PY_GUARDED(h_put_var, wr_var)

/* A time value; collective on parallel handles in collective mode (every
 * rank passes the same step and time). */
typedef struct time_args {
    long long step;
    double value;
    exs_py_req r;
} time_args;

static int put_time_body(exs_file *f, void *arg, char *msg)
{
    time_args *a = arg;
    (void)msg;
    return EXS_PY_PICK(&a->r, exs_put_time)(f, a->step, a->value);
}

static PyObject *h_put_time(exs_py_handle *h, PyObject *args)
{
    time_args a;
    exs_py_req_init(h, &a.r);
    if (!PyArg_ParseTuple(args, "Ld", &a.step, &a.value))
        return NULL;
    if (exs_py_locked(h, 1, put_time_body, &a) < 0)
        return NULL;
    Py_RETURN_NONE;
}

#define KW (METH_VARARGS | METH_KEYWORDS)
#define FN(f) (PyCFunction)(void (*)(void))(f)

PyMethodDef exs_py_write_methods[] = {
    {"def_mesh", FN(h_def_mesh), KW, "def_mesh(title, num_dim, num_nodes)"},
    {"def_block", FN(h_def_block), KW, "def_block(kind, id, type, num_entries, nodes_per_entry, edges_per_entry=0, faces_per_entry=0, num_attr=0, name=None)"},
    {"def_set", FN(h_def_set), KW, "def_set(kind, id, num_entries, num_df=0, name=None)"},
    {"def_map", FN(h_def_map), KW, "def_map(kind, id, name=None)"},
    {"def_vars", (PyCFunction)h_def_vars, METH_VARARGS, "def_vars(kind, names)"},
    {"def_truth", (PyCFunction)h_def_truth, METH_VARARGS, "def_truth(kind, table)"},
    {"def_prop", (PyCFunction)h_def_prop, METH_VARARGS, "def_prop(kind, name)"},
    {"end_define", (PyCFunction)h_end_define, METH_NOARGS, "end_define()"},
    {"sync", (PyCFunction)h_sync, METH_NOARGS, "sync()"},
    {"put_name", (PyCFunction)h_put_name, METH_VARARGS, "put_name(kind, id, name)"},
    {"put_coord_names", (PyCFunction)h_put_coord_names, METH_O, "put_coord_names(names)"},
    {"put_attr_names", (PyCFunction)h_put_attr_names, METH_VARARGS, "put_attr_names(kind, id, names)"},
    {"put_prop", (PyCFunction)h_put_prop, METH_VARARGS, "put_prop(kind, id, name, value)"},
    {"put_qa", (PyCFunction)h_put_qa, METH_O, "put_qa(records)"},
    {"put_info", (PyCFunction)h_put_info, METH_O, "put_info(lines)"},
    {"put_coord", FN(h_put_coord), KW, "put_coord(axis, data, start=0)"},
    {"put_conn", FN(h_put_conn), KW, "put_conn(kind, id, data, which=0, start=0)"},
    {"put_entry_counts", FN(h_put_entry_counts), KW, "put_entry_counts(kind, id, data, start=0)"},
    {"put_attr", FN(h_put_attr), KW, "put_attr(kind, id, data, start=0)"},
    {"put_set", FN(h_put_set), KW, "put_set(kind, id, entries, extra=None, start=0)"},
    {"put_df", FN(h_put_df), KW, "put_df(kind, id, data, start=0)"},
    {"put_id_map", FN(h_put_id_map), KW, "put_id_map(kind, data, start=0)"},
    {"put_map", FN(h_put_map), KW, "put_map(kind, id, data, start=0)"},
    {"put_time", (PyCFunction)h_put_time, METH_VARARGS, "put_time(step, value)"},
    {"put_var", FN(h_put_var), KW, "put_var(kind, id, var, step, data, start=0)"},
    {"def_set_attr", (PyCFunction)h_def_set_attr, METH_VARARGS, "def_set_attr(kind, id, num_attr)"},
    {"def_node_attr", (PyCFunction)h_def_node_attr, METH_VARARGS, "def_node_attr(num_attr)"},
    {"def_order_map", (PyCFunction)h_def_order_map, METH_NOARGS, "def_order_map()"},
    {"put_order_map", FN(h_put_order_map), KW, "put_order_map(data, start=0)"},
    {NULL, NULL, 0, NULL},
};
