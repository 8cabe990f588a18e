/*
 * dmesh.c -- exoslab_par.h's distributed mesh, node closure and batch
 * connectivity for Python. The mesh is built once (collective), copied
 * into numpy arrays, and kept in a capsule for fields at a step.
 *
 * Every collective entry is reached by every rank even when one rank's
 * arguments are bad: argument errors found before the library are turned
 * into a call the library rejects on that rank (as exs_py_guard does), so
 * nobody waits.
 */
#include "dmesh.h"

#include <stdlib.h>
#include <string.h>


#define CAPSULE "exoslab.dmesh"

static void capsule_free(PyObject *cap)
{
    exs_dmesh_free(PyCapsule_GetPointer(cap, CAPSULE));
}

static exs_py_handle *as_handle(PyObject *o)
{
    if (!PyObject_TypeCheck(o, &exs_py_handle_type)) {
        PyErr_SetString(PyExc_TypeError, "expected an exoslab._ext.Handle");
        return NULL;
    }
    return (exs_py_handle *)o;
}

static PyObject *new_i64(npy_intp n, npy_intp cols)
{
    npy_intp dims[2] = {n, cols};
    return PyArray_SimpleNew(cols > 0 ? 2 : 1, dims, NPY_INT64);
}

#define DATA64(a) ((int64_t *)PyArray_DATA((PyArrayObject *)(a)))

/* {id: (nodes_per_entry, owned, conn (n, npe), elem_global, elem_ids)} */
static PyObject *blocks_dict(const exs_dmesh *dm, const exs_dmesh_info *in)
{
    PyObject *d = PyDict_New();
    for (int64_t b = 0; d && b < in->num_blocks; b++) {
        int64_t id, npe, own, gh;
        exs_dmesh_block(dm, b, &id, &npe, &own, &gh);
        PyObject *conn = new_i64((npy_intp)(own + gh), (npy_intp)npe);
        PyObject *eg = new_i64((npy_intp)(own + gh), 0);
        PyObject *ei = new_i64((npy_intp)(own + gh), 0);
        PyObject *t = NULL;
        if (conn && eg && ei) {
            exs_dmesh_conn(dm, b, DATA64(conn));
            exs_dmesh_elems(dm, b, DATA64(eg), DATA64(ei));
            t = Py_BuildValue("(LLOOO)", (long long)npe, (long long)own, conn, eg, ei);
        }
        Py_XDECREF(conn);
        Py_XDECREF(eg);
        Py_XDECREF(ei);
        PyObject *key = PyLong_FromLongLong((long long)id);
        if (!t || !key || PyDict_SetItem(d, key, t) < 0)
            Py_CLEAR(d);
        Py_XDECREF(t);
        Py_XDECREF(key);
    }
    return d;
}

/* {rank: local node indices shared with it} */
static PyObject *shared_dict(const exs_dmesh *dm, const exs_dmesh_info *in)
{
    PyObject *d = PyDict_New();
    int *ranks = calloc((size_t)in->num_neighbors + 1, sizeof *ranks);
    if (!ranks || exs_dmesh_neighbors(dm, ranks) != 0)
        Py_CLEAR(d);
    for (int k = 0; d && k < in->num_neighbors; k++) {
        int64_t n = 0;
        exs_dmesh_shared(dm, k, NULL, &n);
        PyObject *a = new_i64((npy_intp)n, 0), *key = PyLong_FromLong(ranks[k]);
        if (a)
            exs_dmesh_shared(dm, k, DATA64(a), &n);
        if (!a || !key || PyDict_SetItem(d, key, a) < 0)
            Py_CLEAR(d);
        Py_XDECREF(a);
        Py_XDECREF(key);
    }
    free(ranks);
    return d;
}

static PyObject *nodes_tuple(const exs_dmesh *dm, const exs_dmesh_info *in)
{
    npy_intp n = (npy_intp)in->num_nodes, xd[2] = {in->num_dim, n};
    PyObject *g = new_i64(n, 0), *ids = new_i64(n, 0);
    PyObject *xyz = PyArray_SimpleNew(2, xd, NPY_FLOAT64);
    PyObject *own = PyArray_SimpleNew(1, &n, NPY_INT32), *res = NULL;
    if (g && ids && xyz && own) {
        exs_dmesh_nodes(dm, DATA64(g), DATA64(ids), PyArray_DATA((PyArrayObject *)xyz));
        exs_dmesh_node_owners(dm, PyArray_DATA((PyArrayObject *)own));
        res = Py_BuildValue("(OOOO)", g, ids, xyz, own);
    }
    Py_XDECREF(g);
    Py_XDECREF(ids);
    Py_XDECREF(xyz);
    Py_XDECREF(own);
    return res;
}

/* The whole mesh as Python objects, and the capsule. */
static PyObject *describe(exs_dmesh *dm)
{
    exs_dmesh_info in;
    exs_dmesh_get_info(dm, &in);
    PyObject *cap = PyCapsule_New(dm, CAPSULE, capsule_free);
    if (!cap) {
        exs_dmesh_free(dm);
        return NULL;
    }
    PyObject *blocks = blocks_dict(dm, &in), *shared = shared_dict(dm, &in);
    PyObject *nodes = nodes_tuple(dm, &in), *res = NULL;
    if (blocks && shared && nodes)
        res = Py_BuildValue("{s:O,s:O,s:O,s:O,s:L,s:L,s:L,s:L,s:L,s:i}", "capsule", cap,
                            "blocks", blocks, "shared", shared, "nodes", nodes,
                            "owned_nodes", (long long)in.owned_nodes, "shared_nodes",
                            (long long)in.shared_nodes, "ghost_nodes",
                            (long long)in.ghost_nodes, "owned_elems",
                            (long long)in.owned_elems, "ghost_elems",
                            (long long)in.ghost_elems, "num_dim", in.num_dim);
    Py_DECREF(cap);
    Py_XDECREF(blocks);
    Py_XDECREF(shared);
    Py_XDECREF(nodes);
    return res;
}

/* The library calls of this file, each an exs_py_locked body. */
typedef struct build_args {
    exs_dmesh_opts o;
    exs_dmesh *dm;
} build_args;

static int build_body(exs_file *f, void *arg, char *msg)
{
    build_args *a = arg;
    (void)msg;
    return exs_dmesh_create(f, &a->o, &a->dm);
}

/* dmesh_build(handle, method, ghosts, block_bytes) -> dict. Collective. */
static PyObject *py_dmesh_build(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *ho;
    const char *method;
    int ghosts = 0;
    long long bytes = 0;
    if (!PyArg_ParseTuple(args, "Os|iL", &ho, &method, &ghosts, &bytes))
        return NULL;
    exs_py_handle *h = as_handle(ho);
    if (!h)
        return NULL;
    build_args a = {{EXS_DECOMP_LINEAR, ghosts, bytes}, NULL};
    /* an unknown name still enters the collective, as a bad method */
    if (exs_decomp_method_parse(method, &a.o.method) != 0)
        a.o.method = (exs_decomp_method)-1;
    if (exs_py_locked(h, 1, build_body, &a) < 0)
        return NULL;
    return describe(a.dm);
}

static exs_dmesh *capsule_mesh(PyObject *cap)
{
    return PyCapsule_GetPointer(cap, CAPSULE);
}

typedef struct field_args {
    exs_dmesh *dm;
    int elemental, var;
    long long step;
    double *values;
} field_args;

static int field_body(exs_file *f, void *arg, char *msg)
{
    const field_args *a = arg;
    (void)f;
    (void)msg;
    return a->elemental ? exs_dmesh_elem_field(a->dm, a->var, a->step, a->values)
                        : exs_dmesh_nodal_field(a->dm, a->var, a->step, a->values);
}

/* dmesh_field(handle, capsule, elemental, var, step) -> array. Collective. */
static PyObject *py_dmesh_field(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *ho, *cap;
    field_args fa;
    if (!PyArg_ParseTuple(args, "OOpiL", &ho, &cap, &fa.elemental, &fa.var, &fa.step))
        return NULL;
    exs_py_handle *h = as_handle(ho);
    if (!(fa.dm = h ? capsule_mesh(cap) : NULL))
        return NULL;
    exs_dmesh_info in;
    exs_dmesh_get_info(fa.dm, &in);
    npy_intp n = (npy_intp)(fa.elemental ? in.num_elems : in.num_nodes);
    PyArrayObject *a = (PyArrayObject *)PyArray_SimpleNew(1, &n, NPY_FLOAT64);
    if (!a)
        return NULL;
    fa.values = PyArray_DATA(a);
    if (exs_py_locked(h, 1, field_body, &fa) < 0) {
        Py_DECREF(a);
        return NULL;
    }
    return (PyObject *)a;
}

/* unique_nodes(conn) -> the distinct node numbers, ascending. Local. */
static PyObject *py_unique_nodes(PyObject *mod, PyObject *arg)
{
    (void)mod;
    PyArrayObject *in = (PyArrayObject *)PyArray_FROM_OTF(arg, NPY_INT64,
                                                         NPY_ARRAY_IN_ARRAY | NPY_ARRAY_ENSURECOPY);
    if (!in)
        return NULL;
    int64_t n = (int64_t)PyArray_SIZE(in), k = 0;
    int rc = exs_unique_nodes(PyArray_DATA(in), n, PyArray_DATA(in), &k);
    if (rc != 0) {
        Py_DECREF(in);
        return exs_py_raise(rc, "");
    }
    PyObject *res = new_i64((npy_intp)k, 0);
    if (res)
        memcpy(DATA64(res), PyArray_DATA(in), (size_t)k * sizeof(int64_t));
    Py_DECREF(in);
    return res;
}

typedef struct gather_args {
    exs_partition p;
    int what, sub;
    long long step;
    int64_t n;          /* -1: this rank's arguments were refused */
    const int64_t *nodes;
    double *values;
} gather_args;

static int gather_body(exs_file *f, void *arg, char *msg)
{
    const gather_args *a = arg;
    (void)msg;
    return exs_gather_nodal_all(f, &a->p, (exs_nodal_field)a->what, a->sub, a->step,
                                a->n, a->nodes, a->values);
}

/* gather_nodal(handle, node_start, node_count, what, sub, step, nodes)
 * -> values at the 1-based nodes. Collective; a rank whose nodes are not
 * an integer array still takes part (with a count the library rejects). */
static PyObject *py_gather_nodal(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *ho, *nodes_o;
    long long ns, nc, step;
    int what, sub;
    if (!PyArg_ParseTuple(args, "OLLiiLO", &ho, &ns, &nc, &what, &sub, &step, &nodes_o))
        return NULL;
    exs_py_handle *h = as_handle(ho);
    if (!h)
        return NULL;
    PyArrayObject *nodes = (PyArrayObject *)PyArray_FROM_OTF(nodes_o, NPY_INT64,
                                                            NPY_ARRAY_IN_ARRAY);
    npy_intp n = nodes ? PyArray_SIZE(nodes) : 0;
    PyArrayObject *out = (PyArrayObject *)PyArray_SimpleNew(1, &n, NPY_FLOAT64);
    gather_args ga = {.p = {.node_start = ns, .node_count = nc}, .what = what,
                      .sub = sub, .step = step, .n = nodes && out ? (int64_t)n : -1,
                      .nodes = nodes ? PyArray_DATA(nodes) : NULL,
                      .values = out ? PyArray_DATA(out) : NULL};
    PyObject *et = NULL, *ev = NULL, *tb = NULL;
    if (!nodes || !out)
        PyErr_Fetch(&et, &ev, &tb);
    int rc = exs_py_locked(h, 1, gather_body, &ga);
    if (et) { /* the local error wins over the agreed one */
        PyErr_Restore(et, ev, tb);
        rc = -1;
    }
    Py_XDECREF(nodes);
    if (rc < 0) {
        Py_XDECREF(out);
        return NULL;
    }
    return (PyObject *)out;
}

/* Node connectivity entries of an element slab (-1 for a bad slab). */
static int64_t slab_values(exs_file *f, int64_t start, int64_t count)
{
    int64_t n = 0, total = 0;
    if (exs_partition_pieces(f, start, count, NULL, 0, &n) != 0)
        return -1;
    exs_block_piece *p = calloc((size_t)n + 1, sizeof *p);
    if (!p || exs_partition_pieces(f, start, count, p, n, &n) != 0) {
        free(p);
        return -1;
    }
    for (int64_t i = 0; i < n; i++) {
        exs_entity_info e;
        if (exs_get_entity(f, EXS_ELEM_BLOCK, p[i].block_id, &e) != 0) {
            total = -1;
            break;
        }
        total += p[i].count * e.nodes_per_entry;
    }
    free(p);
    return total;
}

typedef struct conn_args {
    long long start, count;
    int64_t n;          /* values of the slab; -1: a bad slab */
    int64_t *buf;       /* NULL: no array, the call is refused */
} conn_args;

static int slab_values_body(exs_file *f, void *arg, char *msg)
{
    conn_args *a = arg;
    (void)msg;
    a->n = slab_values(f, a->start, a->count);
    return 0;
}

static int conn_body(exs_file *f, void *arg, char *msg)
{
    const conn_args *a = arg;
    (void)msg;
    return exs_get_elem_conn_all(f, a->start, a->n < 0 || !a->buf ? -1 : a->count,
                                 EXS_I64, a->buf);
}

/* elem_conn_all(handle, elem_start, elem_count) -> flat 1-based node
 * numbers of the slab, piece after piece. Collective. */
static PyObject *py_elem_conn_all(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *ho;
    conn_args a = {0};
    if (!PyArg_ParseTuple(args, "OLL", &ho, &a.start, &a.count))
        return NULL;
    exs_py_handle *h = as_handle(ho);
    if (!h || exs_py_locked(h, 0, slab_values_body, &a) < 0)
        return NULL;
    PyObject *out = new_i64(a.n > 0 ? (npy_intp)a.n : 0, 0);
    a.buf = out ? DATA64(out) : NULL;
    if (exs_py_locked(h, 1, conn_body, &a) < 0) {
        Py_XDECREF(out);
        return NULL;
    }
    return out;
}

/* A list of names as a NULL-free array of UTF-8 strings; keeps the
 * bytes objects alive in *keep (a list). -1 with an exception. */
static int name_list(PyObject *seq, PyObject *keep, const char ***out, int *n)
{
    PyObject *fast = PySequence_Fast(seq, "names must be a sequence of str");
    if (!fast)
        return -1;
    *n = (int)PySequence_Fast_GET_SIZE(fast);
    *out = calloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; *out && i < *n; i++) {
        PyObject *b = NULL;
        if (!exs_py_conv_name(PySequence_Fast_GET_ITEM(fast, i), &b) ||
            PyList_Append(keep, b) < 0) {
            Py_XDECREF(b);
            Py_DECREF(fast);
            return -1;
        }
        (*out)[i] = PyBytes_AS_STRING(b);
        Py_DECREF(b);
    }
    Py_DECREF(fast);
    if (!*out)
        PyErr_NoMemory();
    return *out ? 0 : -1;
}

/* exs_copy_mesh_all from src onto the body's file; a rank with bad
 * arguments still enters, with a source the copy refuses (the destination). */
typedef struct mesh_copy_args {
    exs_py_handle *src;
    const exs_results_def *def;
    int refused;
} mesh_copy_args;

static int copy_mesh_body(exs_file *d, void *arg, char *msg)
{
    const mesh_copy_args *a = arg;
    exs_file *s = a->src->f;
    (void)msg;
    return s ? exs_copy_mesh_all(a->refused ? d : s, d, a->def) : EXS_PY_CLOSED;
}

/* copy_mesh(src, dst, global_names, nodal_names, elem_names, truth|None).
 * Collective: the mesh of src into the new dst, with the variables. */
static PyObject *py_copy_mesh(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *so, *dso, *gn, *nn, *en, *truth_o;
    if (!PyArg_ParseTuple(args, "OOOOOO", &so, &dso, &gn, &nn, &en, &truth_o))
        return NULL;
    exs_py_handle *src = as_handle(so), *dst = src ? as_handle(dso) : NULL;
    if (!dst)
        return NULL;
    PyObject *keep = PyList_New(0);
    exs_results_def def = {0};
    PyArrayObject *truth = NULL;
    int ok = keep && name_list(gn, keep, (const char ***)&def.global_names, &def.num_global) == 0 &&
             name_list(nn, keep, (const char ***)&def.nodal_names, &def.num_nodal) == 0 &&
             name_list(en, keep, (const char ***)&def.elem_names, &def.num_elem) == 0;
    if (ok && truth_o != Py_None) {
        truth = (PyArrayObject *)PyArray_FROM_OTF(truth_o, NPY_INT32, NPY_ARRAY_IN_ARRAY);
        ok = truth != NULL;
        def.elem_truth = truth ? PyArray_DATA(truth) : NULL;
    }
    PyObject *et = NULL, *ev = NULL, *tb = NULL;
    if (!ok)
        PyErr_Fetch(&et, &ev, &tb);
    mesh_copy_args a = {src, &def, !ok};
    int rc = exs_py_locked(dst, 1, copy_mesh_body, &a);
    free((void *)def.global_names);
    free((void *)def.nodal_names);
    free((void *)def.elem_names);
    Py_XDECREF(truth);
    Py_XDECREF(keep);
    if (et) {
        PyErr_Restore(et, ev, tb);
        return NULL;
    }
    if (rc < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* A float64 (rows, cols) array from o (None: 0 rows); NULL + exception. */
static PyArrayObject *values_2d(PyObject *o, npy_intp cols, const char *what)
{
    if (o == Py_None) {
        npy_intp d[2] = {0, cols};
        return (PyArrayObject *)PyArray_SimpleNew(2, d, NPY_FLOAT64);
    }
    PyArrayObject *a = (PyArrayObject *)PyArray_FROM_OTF(o, NPY_FLOAT64, NPY_ARRAY_IN_ARRAY);
    if (a && PyArray_NDIM(a) == 1 && cols == PyArray_DIM(a, 0)) {
        npy_intp d[2] = {1, cols};
        PyArray_Dims nd = {d, 2};
        PyArrayObject *b = (PyArrayObject *)PyArray_Newshape(a, &nd, NPY_CORDER);
        Py_DECREF(a);
        a = b;
    }
    if (a && (PyArray_NDIM(a) != 2 || PyArray_DIM(a, 1) != cols)) {
        exs_py_arg_error("%s: expected (variables, %lld) values", what, (long long)cols);
        Py_CLEAR(a);
    }
    return a;
}

typedef struct results_args {
    exs_dmesh *dm;
    long long step;
    double time;
    PyArrayObject *g, *n, *e;   /* e NULL: refused, no buffers */
} results_args;

/* Bad arguments still enter the collective, as buffers it refuses: fewer
 * rows than the file's variables pass no buffer. */
static int results_body(exs_file *f, void *arg, char *msg)
{
    const results_args *a = arg;
    int nv[3] = {0, 0, 0};
    (void)msg;
    exs_num_vars(f, EXS_GLOBAL, &nv[0]);
    exs_num_vars(f, EXS_NODAL, &nv[1]);
    exs_num_vars(f, EXS_ELEM_BLOCK, &nv[2]);
    int whole = a->e && PyArray_SIZE(a->g) >= nv[0] && PyArray_DIM(a->n, 0) >= nv[1] &&
                PyArray_DIM(a->e, 0) >= nv[2];
    return exs_dmesh_write_results(a->dm, f, a->step, a->time,
                                   whole ? PyArray_DATA(a->g) : NULL,
                                   whole ? PyArray_DATA(a->n) : NULL,
                                   whole ? PyArray_DATA(a->e) : NULL);
}

/* dmesh_write_results(out, capsule, step, time, global, nodal, elem).
 * Collective; nodal (nvars, num_nodes), elem (nvars, num_elems). */
static PyObject *py_dmesh_write_results(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *ho, *cap, *go, *no, *eo;
    long long step;
    double time;
    if (!PyArg_ParseTuple(args, "OOLdOOO", &ho, &cap, &step, &time, &go, &no, &eo))
        return NULL;
    exs_py_handle *h = as_handle(ho);
    exs_dmesh *dm = h ? capsule_mesh(cap) : NULL;
    if (!dm)
        return NULL;
    exs_dmesh_info in;
    exs_dmesh_get_info(dm, &in);
    PyArrayObject *g = (PyArrayObject *)PyArray_FROM_OTF(go, NPY_FLOAT64, NPY_ARRAY_IN_ARRAY);
    PyArrayObject *n = g ? values_2d(no, (npy_intp)in.num_nodes, "nodal values") : NULL;
    PyArrayObject *e = n ? values_2d(eo, (npy_intp)in.num_elems, "element values") : NULL;
    PyObject *et = NULL, *ev = NULL, *tb = NULL;
    if (!e)
        PyErr_Fetch(&et, &ev, &tb);
    results_args a = {dm, step, time, g, n, e};
    int rc = exs_py_locked(h, 1, results_body, &a);
    Py_XDECREF(g);
    Py_XDECREF(n);
    Py_XDECREF(e);
    if (et) {
        PyErr_Restore(et, ev, tb);
        return NULL;
    }
    if (rc < 0)
        return NULL;
    Py_RETURN_NONE;
}


/* ---- Nemesis sets (exoslab_par.h's file-per-rank section) ---- */

typedef struct nemesis_args {
    exs_dmesh *dm;
    const char *base;
    const exs_create_opts *opts;  /* write */
    void *comm;                   /* read: the MPI_Comm *, NULL: one file */
} nemesis_args;

static int write_nemesis_body(exs_file *none, void *arg, char *msg)
{
    const nemesis_args *a = arg;
    (void)none;
    int rc = exs_dmesh_write_nemesis(a->dm, a->base, a->opts);
    if (rc < 0)
        PyOS_snprintf(msg, EXS_PY_MSG_LEN, "%s", exs_dmesh_errmsg(a->dm));
    return rc;
}

static int read_nemesis_body(exs_file *none, void *arg, char *msg)
{
    nemesis_args *a = arg;
    (void)none;
    if (a->comm)
        return exs_py_read_nemesis_par(a->base, a->comm, &a->dm, msg, EXS_PY_MSG_LEN);
    return exs_dmesh_read_nemesis(a->base, &a->dm, msg, EXS_PY_MSG_LEN);
}

/* dmesh_write_nemesis(capsule, base, format, int64, clobber). Collective
 * over the mesh's communicator; no file handle needed. */
static PyObject *py_dmesh_write_nemesis(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *cap, *base = NULL;
    int format = 0, int64 = 0, clobber = 0;
    if (!PyArg_ParseTuple(args, "OO&iii", &cap, PyUnicode_FSConverter, &base, &format,
                          &int64, &clobber))
        return NULL;
    exs_dmesh *dm = capsule_mesh(cap);
    if (!dm) {
        Py_DECREF(base);
        return NULL;
    }
    exs_create_opts o;
    exs_create_opts_init(&o);
    o.format = (exs_format)format;
    o.int64 = int64;
    o.clobber = clobber;
    nemesis_args a = {dm, PyBytes_AS_STRING(base), &o, NULL};
    int rc = exs_py_locked(NULL, 1, write_nemesis_body, &a);
    Py_DECREF(base);
    if (rc < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* dmesh_read_nemesis(base, comm) -> dict as dmesh_build's. Collective
 * over comm (None: a set of one file). */
static PyObject *py_dmesh_read_nemesis(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *base = NULL, *comm = Py_None;
    if (!PyArg_ParseTuple(args, "O&|O", PyUnicode_FSConverter, &base, &comm))
        return NULL;
    void *cp = NULL;
    if (exs_py_check_comm(comm) < 0 || (comm != Py_None && !(cp = exs_py_comm_ptr(comm)))) {
        Py_DECREF(base);
        return NULL;
    }
    nemesis_args a = {NULL, PyBytes_AS_STRING(base), NULL, cp};
    int rc = exs_py_locked(NULL, 1, read_nemesis_body, &a);
    Py_DECREF(base);
    if (rc < 0)
        return NULL;
    return describe(a.dm);
}

PyMethodDef exs_py_dmesh_functions[] = {
    {"dmesh_write_nemesis", py_dmesh_write_nemesis, METH_VARARGS,
     "dmesh_write_nemesis(capsule, base, format, int64, clobber): the Nemesis set"},
    {"dmesh_read_nemesis", py_dmesh_read_nemesis, METH_VARARGS,
     "dmesh_read_nemesis(base, comm=None) -> dict: a Nemesis set read back"},
    {"dmesh_build", py_dmesh_build, METH_VARARGS,
     "dmesh_build(handle, method, ghosts=0, block_bytes=0) -> dict. Collective."},
    {"copy_mesh", py_copy_mesh, METH_VARARGS,
     "copy_mesh(src, dst, global, nodal, elem, truth): the mesh, then results"},
    {"dmesh_write_results", py_dmesh_write_results, METH_VARARGS,
     "dmesh_write_results(out, capsule, step, time, global, nodal, elem)"},
    {"dmesh_field", py_dmesh_field, METH_VARARGS,
     "dmesh_field(handle, capsule, elemental, var, step) -> array. Collective."},
    {"unique_nodes", py_unique_nodes, METH_O,
     "unique_nodes(conn) -> distinct node numbers, ascending."},
    {"gather_nodal", py_gather_nodal, METH_VARARGS,
     "gather_nodal(handle, node_start, node_count, what, sub, step, nodes) -> "
     "values. Collective."},
    {"elem_conn_all", py_elem_conn_all, METH_VARARGS,
     "elem_conn_all(handle, elem_start, elem_count) -> flat connectivity. "
     "Collective."},
    {NULL, NULL, 0, NULL},
};

