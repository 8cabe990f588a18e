/*
 * emkernels.c -- the hot loops of exoslab.exomerge's operations, on numpy
 * arrays: element volumes (the rules of _em_elements.VOLUME_RULES),
 * element-to-node scatter sums, merge_nodes' candidate filter, its groups,
 * its renumbering and its copy of the kept nodes' values, and the
 * connectivity of a block split by a scheme (hex8 -> 24 tet4), and, for
 * the VRML export, contour cuts of triangles and the text of numbers as
 * Python's str() writes them.
 *
 * Each kernel takes C-contiguous arrays of exact dtypes (no conversion:
 * the Python layer passes what it has or converts once), checks shapes and
 * index ranges, runs its loop without the GIL and writes into arrays the
 * caller allocated. A bad index stops the loop and raises ValueError; the
 * outputs may then be partly written (the callers own fresh ones).
 *
 * The arithmetic is written operation by operation in the order of the
 * numpy code in _em_metrics/_em_geometry (and compiled without FP
 * contraction), so results are the same to the last bit.
 */
#include "exs_py.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

extern PyMethodDef exs_py_em_functions[];

/* Most nodes in one averaged group of a volume rule (hex8 uses 4). */
#define EM_GROUP_MAX 8
/* Most nodes per element a volume rule may name (hex27 has 27). */
#define EM_NODES_MAX 32

/* o as an ndarray of dtype `type`, `ndim` dimensions, C-contiguous (and
 * writeable if `out`); NULL + TypeError/ValueError naming `what`. */
static PyArrayObject *em_array(PyObject *o, const char *what, int type,
                               int ndim, int out)
{
    if (!PyArray_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be a numpy array", what);
        return NULL;
    }
    PyArrayObject *a = (PyArrayObject *)o;
    if (PyArray_TYPE(a) != type || !PyArray_ISNOTSWAPPED(a)) {
        PyArray_Descr *want = PyArray_DescrFromType(type);
        PyErr_Format(PyExc_TypeError, "%s must have dtype %S (native), not %S",
                     what, (PyObject *)want, (PyObject *)PyArray_DESCR(a));
        Py_XDECREF(want);
        return NULL;
    }
    if (PyArray_NDIM(a) != ndim) {
        PyErr_Format(PyExc_ValueError, "%s must have %d dimension(s), not %d",
                     what, ndim, PyArray_NDIM(a));
        return NULL;
    }
    if (!PyArray_IS_C_CONTIGUOUS(a)) {
        PyErr_Format(PyExc_ValueError, "%s must be C-contiguous", what);
        return NULL;
    }
    if (out && !PyArray_ISWRITEABLE(a)) {
        PyErr_Format(PyExc_ValueError, "%s must be writeable", what);
        return NULL;
    }
    return a;
}

static int em_dim_is(PyArrayObject *a, int d, npy_intp want, const char *what)
{
    if (PyArray_DIM(a, d) == want)
        return 0;
    PyErr_Format(PyExc_ValueError, "%s has %zd entries along axis %d, expected %zd",
                 what, (Py_ssize_t)PyArray_DIM(a, d), d, (Py_ssize_t)want);
    return -1;
}

static PyObject *em_bad_node(int64_t node, int64_t num_nodes)
{
    PyErr_Format(PyExc_ValueError,
                 "connectivity names a node outside 0..%lld (%lld)",
                 (long long)(num_nodes - 1), (long long)node);
    return NULL;
}

/* ---- volumes ------------------------------------------------------------ */

/* A volume rule: nvec vectors, each from the mean of group a to the mean
 * of group b (local node numbers); `used` lists the local nodes any group
 * names, each once. */
typedef struct em_rule {
    int nvec, nused;
    int len[3][2];
    int node[3][2][EM_GROUP_MAX];
    int used[3 * 2 * EM_GROUP_MAX];
} em_rule;

/* rule->used from its groups. */
static void em_rule_used(em_rule *rule)
{
    rule->nused = 0;
    for (int k = 0; k < rule->nvec; k++)
        for (int s = 0; s < 2; s++)
            for (int i = 0; i < rule->len[k][s]; i++) {
                int p = rule->node[k][s][i], seen = 0;
                for (int j = 0; j < rule->nused; j++)
                    seen |= rule->used[j] == p;
                if (!seen)
                    rule->used[rule->nused++] = p;
            }
}

/* The rule from an int64 array (nvec, 2, G), -1 padding; 0 or -1 + error. */
static int em_parse_rule(PyArrayObject *r, int64_t npe, em_rule *rule)
{
    npy_intp nvec = PyArray_DIM(r, 0), g = PyArray_DIM(r, 2);
    if (nvec < 1 || nvec > 3 || PyArray_DIM(r, 1) != 2 || g < 1 || g > EM_GROUP_MAX) {
        PyErr_SetString(PyExc_ValueError,
                        "rule must have shape (1..3, 2, 1..8)");
        return -1;
    }
    const int64_t *v = PyArray_DATA(r);
    rule->nvec = (int)nvec;
    for (int k = 0; k < nvec; k++)
        for (int s = 0; s < 2; s++) {
            int n = 0;
            for (int i = 0; i < g && v[(k * 2 + s) * g + i] >= 0; i++)
                rule->node[k][s][n++] = (int)v[(k * 2 + s) * g + i];
            for (int i = n; i < g; i++)
                if (v[(k * 2 + s) * g + i] != -1)
                    n = 0; /* a node after the padding: refused below */
            rule->len[k][s] = n;
            for (int i = 0; i < n; i++)
                if (rule->node[k][s][i] >= npe || rule->node[k][s][i] >= EM_NODES_MAX)
                    n = 0;
            if (n == 0) {
                PyErr_SetString(PyExc_ValueError,
                                "rule groups must be 1..8 local nodes below "
                                "nodes_per_element (and 32), then -1 padding");
                return -1;
            }
        }
    em_rule_used(rule);
    return 0;
}

/* Mean of one group of the element's points (pts[local node]), summed
 * left to right and divided once (one node: the point itself). */
static inline void em_group_mean(const double (*pts)[3], const int *node, int len,
                          double m[3])
{
    const double *p = pts[node[0]];
    m[0] = p[0], m[1] = p[1], m[2] = p[2];
    for (int i = 1; i < len; i++) {
        p = pts[node[i]];
        m[0] += p[0], m[1] += p[1], m[2] += p[2];
    }
    if (len > 1 && (len & (len - 1)) == 0) {
        /* x / 2^k and x * 2^-k are the same correctly rounded value */
        double f = 1.0 / (double)len;
        m[0] *= f, m[1] *= f, m[2] *= f;
    } else if (len > 1) {
        double d = (double)len;
        m[0] /= d, m[1] /= d, m[2] /= d;
    }
}

/* exomerge's value of the vectors: length, parallelogram area, or triple
 * product, each operation in the numpy code's order. */
static inline double em_rule_value(int nvec, double v[3][3])
{
    const double *x = v[0], *y = v[1], *z = v[2];
    if (nvec == 1) {
        double s = x[0] * x[0];
        s += x[1] * x[1];
        s += x[2] * x[2];
        return sqrt(s);
    }
    if (nvec == 2) {
        double a0 = x[0] * y[1], a1 = x[1] * y[0];
        double b0 = x[2] * y[0], b1 = x[0] * y[2];
        double c0 = x[1] * y[2], c1 = x[2] * y[1];
        double a = a0 - a1, b = b0 - b1, c = c0 - c1;
        double aa = a * a, bb = b * b, cc = c * c;
        double s = aa + bb;
        s += cc;
        return sqrt(s);
    }
    double t0 = x[1] * y[2], t1 = x[2] * y[1];
    double t = t0 - t1;
    t *= z[0];
    double u0 = x[2] * y[0], u1 = x[0] * y[2];
    double u = u0 - u1;
    u *= z[1];
    t += u;
    double w0 = x[0] * y[1], w1 = x[1] * y[0];
    double w = w0 - w1;
    w *= z[2];
    return t + w;
}

typedef struct em_vol_args {
    const double *xyz;
    int64_t n, ne, npe;
    const int64_t *conn;
    const em_rule *rule;
    double factor;
    double *out;
} em_vol_args;

/* The loop of volumes() under rule r: per element its used points
 * gathered once, then the vectors. -1, or the index of the first bad
 * connectivity entry. Inlined into each caller, so that a constant rule
 * (hex8's) unrolls into straight-line code. */
static inline __attribute__((always_inline)) int64_t
em_volume_loop_with(const em_vol_args *a, const em_rule *r)
{
    double pts[EM_NODES_MAX][3];
    for (int64_t e = 0; e < a->ne; e++) {
        const int64_t *c = a->conn + e * a->npe;
        for (int i = 0; i < r->nused; i++) {
            int64_t p = c[r->used[i]];
            if (p < 0 || p >= a->n)
                return e * a->npe + r->used[i];
            const double *x = a->xyz + 3 * p;
            double *q = pts[r->used[i]];
            q[0] = x[0], q[1] = x[1], q[2] = x[2];
        }
        double v[3][3], ma[3];
        for (int k = 0; k < r->nvec; k++) {
            em_group_mean(pts, r->node[k][1], r->len[k][1], v[k]);
            em_group_mean(pts, r->node[k][0], r->len[k][0], ma);
            v[k][0] -= ma[0], v[k][1] -= ma[1], v[k][2] -= ma[2];
        }
        double value = em_rule_value(r->nvec, v);
        if (a->factor != 1.0)
            value *= a->factor;
        a->out[e] = value;
    }
    return -1;
}

/* hex8's rule (and hex20's) as em_parse_rule builds it from VOLUME_RULES. */
static const em_rule em_hex8_rule = {
    .nvec = 3, .nused = 8,
    .len = {{4, 4}, {4, 4}, {4, 4}},
    .node = {{{0, 3, 4, 7}, {1, 2, 5, 6}}, {{0, 1, 4, 5}, {2, 3, 6, 7}},
             {{0, 1, 2, 3}, {4, 5, 6, 7}}},
    .used = {0, 3, 4, 7, 1, 2, 5, 6},
};

/* hex8's rule on EM_LANES elements at once: each operation of the scalar
 * loop is one operation on a vector of the lanes' values (GCC/Clang
 * vector extensions, lowered to the target's SIMD registers; SSE2 pairs
 * on any x86-64), written out straight, so the results are the scalar
 * ones lane by lane, to the last bit, at about half the time per element
 * (the gather of the points is then most of what is left). */
#define EM_LANES 4
typedef double em_vec __attribute__((vector_size(EM_LANES * sizeof(double))));

/* *m = the mean of four of the lanes' points, one coordinate: summed left
 * to right and divided once, as em_group_mean does. (Through a pointer:
 * a vector return value would depend on the target's ABI.) */
static inline __attribute__((always_inline)) void
em_vec_mean4(const em_vec *p0, const em_vec *p1, const em_vec *p2, const em_vec *p3,
             em_vec *m)
{
    em_vec s = *p0 + *p1;
    s += *p2;
    s += *p3;
    *m = s * 0.25; /* x / 4 and x * 0.25: the same rounded value */
}

/* Whether all of the lanes' first 8 nodes are in 0..n-1. */
static inline int em_lanes_in_range(const int64_t *c, int64_t npe, int64_t n)
{
    int bad = 0;
    for (int l = 0; l < EM_LANES; l++)
        for (int q = 0; q < 8; q++)
            bad |= (uint64_t)c[l * npe + q] >= (uint64_t)n;
    return !bad;
}

static int64_t em_volume_loop_hex8(const em_vol_args *a)
{
    /* each vector (a, b) of the rule: b's mean minus a's */
    static const int group[3][2][4] = {
        {{0, 3, 4, 7}, {1, 2, 5, 6}}, {{0, 1, 4, 5}, {2, 3, 6, 7}},
        {{0, 1, 2, 3}, {4, 5, 6, 7}}};
    int64_t e = 0;
    for (; e + EM_LANES <= a->ne; e += EM_LANES) {
        const int64_t *c = a->conn + e * a->npe;
        if (!em_lanes_in_range(c, a->npe, a->n))
            break; /* the scalar loop below names the first bad entry */
        em_vec p[8][3];
        for (int q = 0; q < 8; q++)
            for (int k = 0; k < 3; k++) {
                em_vec t = {a->xyz[3 * c[q] + k], a->xyz[3 * c[a->npe + q] + k],
                            a->xyz[3 * c[2 * a->npe + q] + k],
                            a->xyz[3 * c[3 * a->npe + q] + k]};
                p[q][k] = t;
            }
        em_vec v[3][3];
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 3; k++) {
                const int *ga = group[j][0], *gb = group[j][1];
                em_vec mb, ma;
                em_vec_mean4(&p[gb[0]][k], &p[gb[1]][k], &p[gb[2]][k], &p[gb[3]][k], &mb);
                em_vec_mean4(&p[ga[0]][k], &p[ga[1]][k], &p[ga[2]][k], &p[ga[3]][k], &ma);
                v[j][k] = mb - ma;
            }
        /* em_rule_value's triple product, operation for operation */
        const em_vec *x = v[0], *y = v[1], *z = v[2];
        em_vec t = x[1] * y[2] - x[2] * y[1];
        t *= z[0];
        em_vec u = x[2] * y[0] - x[0] * y[2];
        u *= z[1];
        t += u;
        em_vec w = x[0] * y[1] - x[1] * y[0];
        w *= z[2];
        em_vec value = t + w;
        if (a->factor != 1.0)
            value *= a->factor;
        memcpy(a->out + e, &value, sizeof value);
    }
    em_vol_args rest = *a;
    rest.ne -= e, rest.conn += e * a->npe, rest.out += e;
    int64_t bad = em_volume_loop_with(&rest, &em_hex8_rule);
    return bad < 0 ? bad : bad + e * a->npe;
}

static int64_t em_volume_loop(const em_vol_args *a)
{
    if (memcmp(a->rule, &em_hex8_rule, sizeof em_hex8_rule) == 0)
        return em_volume_loop_hex8(a);
    return em_volume_loop_with(a, a->rule);
}

/* em_volumes(coords (n, 3) f8, conn (ne, npe) i8, rule (nvec, 2, G) i8,
 * factor, out (ne,) f8) -> None. */
static PyObject *py_em_volumes(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *co, *cn, *ru, *ou;
    double factor;
    em_rule rule;
    memset(&rule, 0, sizeof rule); /* compared whole with em_hex8_rule */
    if (!PyArg_ParseTuple(args, "OOOdO:em_volumes", &co, &cn, &ru, &factor, &ou))
        return NULL;
    PyArrayObject *xyz = em_array(co, "coords", NPY_FLOAT64, 2, 0);
    PyArrayObject *conn = xyz ? em_array(cn, "conn", NPY_INT64, 2, 0) : NULL;
    PyArrayObject *r = conn ? em_array(ru, "rule", NPY_INT64, 3, 0) : NULL;
    PyArrayObject *out = r ? em_array(ou, "out", NPY_FLOAT64, 1, 1) : NULL;
    if (!out || em_dim_is(xyz, 1, 3, "coords") < 0 ||
        em_dim_is(out, 0, PyArray_DIM(conn, 0), "out") < 0 ||
        em_parse_rule(r, PyArray_DIM(conn, 1), &rule) < 0)
        return NULL;
    em_vol_args a = {PyArray_DATA(xyz), PyArray_DIM(xyz, 0), PyArray_DIM(conn, 0),
                     PyArray_DIM(conn, 1), PyArray_DATA(conn), &rule, factor,
                     PyArray_DATA(out)};
    int64_t bad;
    Py_BEGIN_ALLOW_THREADS
    bad = em_volume_loop(&a);
    Py_END_ALLOW_THREADS
    if (bad >= 0)
        return em_bad_node(a.conn[bad], a.n);
    Py_RETURN_NONE;
}

/* ---- element -> node sums ------------------------------------------------ */

typedef struct em_scatter_args {
    const int64_t *conn;
    int64_t ne, npe, n;
    const double *values; /* per element, or NULL */
    double *sums, *counts; /* per node, either may be NULL */
} em_scatter_args;

/* The loop of scatter_add(); -1, or the index of the bad entry. */
static int64_t em_scatter_loop(const em_scatter_args *a)
{
    for (int64_t e = 0; e < a->ne; e++) {
        const int64_t *c = a->conn + e * a->npe;
        for (int64_t k = 0; k < a->npe; k++) {
            int64_t p = c[k];
            if (p < 0 || p >= a->n)
                return e * a->npe + k;
            if (a->sums)
                a->sums[p] += a->values[e];
            if (a->counts)
                a->counts[p] += 1.0;
        }
    }
    return -1;
}

/* em_scatter_add(conn (ne, npe) i8, values (ne,) f8 or None, sums (n,) f8
 * or None, counts (n,) f8 or None) -> None: for every entry p of conn, in
 * order, sums[p] += values[element] and counts[p] += 1. */
static PyObject *py_em_scatter_add(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *cn, *vo, *so, *ko;
    PyArrayObject *values = NULL, *sums = NULL, *counts = NULL;
    if (!PyArg_ParseTuple(args, "OOOO:em_scatter_add", &cn, &vo, &so, &ko))
        return NULL;
    PyArrayObject *conn = em_array(cn, "conn", NPY_INT64, 2, 0);
    if (!conn)
        return NULL;
    if ((vo == Py_None) != (so == Py_None)) {
        PyErr_SetString(PyExc_ValueError, "values and sums go together");
        return NULL;
    }
    if (so != Py_None &&
        (!(values = em_array(vo, "values", NPY_FLOAT64, 1, 0)) ||
         !(sums = em_array(so, "sums", NPY_FLOAT64, 1, 1)) ||
         em_dim_is(values, 0, PyArray_DIM(conn, 0), "values") < 0))
        return NULL;
    if (ko != Py_None && !(counts = em_array(ko, "counts", NPY_FLOAT64, 1, 1)))
        return NULL;
    if (sums && counts && em_dim_is(counts, 0, PyArray_DIM(sums, 0), "counts") < 0)
        return NULL;
    PyArrayObject *nodes = sums ? sums : counts;
    em_scatter_args a = {PyArray_DATA(conn), PyArray_DIM(conn, 0),
                         PyArray_DIM(conn, 1), nodes ? PyArray_DIM(nodes, 0) : 0,
                         values ? PyArray_DATA(values) : NULL,
                         sums ? PyArray_DATA(sums) : NULL,
                         counts ? PyArray_DATA(counts) : NULL};
    if (!nodes)
        Py_RETURN_NONE;
    int64_t bad;
    Py_BEGIN_ALLOW_THREADS
    bad = em_scatter_loop(&a);
    Py_END_ALLOW_THREADS
    if (bad >= 0)
        return em_bad_node(a.conn[bad], a.n);
    Py_RETURN_NONE;
}

/* em_node_mean(sums (n,) f8, counts (n,) f8, default) -> None: in place,
 * sums[i] / counts[i] where counts[i] > 0, else default (the numpy
 * path's sums / max(counts, 1) with default where counts == 0). */
static PyObject *py_em_node_mean(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *so, *co;
    double dflt;
    if (!PyArg_ParseTuple(args, "OOd:em_node_mean", &so, &co, &dflt))
        return NULL;
    PyArrayObject *sums = em_array(so, "sums", NPY_FLOAT64, 1, 1);
    PyArrayObject *counts = sums ? em_array(co, "counts", NPY_FLOAT64, 1, 0) : NULL;
    if (!counts || em_dim_is(counts, 0, PyArray_DIM(sums, 0), "counts") < 0)
        return NULL;
    double *v = PyArray_DATA(sums);
    const double *c = PyArray_DATA(counts);
    npy_intp n = PyArray_DIM(sums, 0);
    Py_BEGIN_ALLOW_THREADS
    for (npy_intp i = 0; i < n; i++)
        v[i] = c[i] > 0.0 ? v[i] / c[i] : dflt;
    Py_END_ALLOW_THREADS
    Py_RETURN_NONE;
}

/* em_same(a, b) -> bool: two float64 arrays of one shape hold the same
 * bytes (no temporary array, unlike np.array_equal; bitwise, so equal
 * rows give equal results whatever their zeros' signs and NaNs). */
static PyObject *py_em_same(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *ao, *bo;
    int same;
    if (!PyArg_ParseTuple(args, "OO:em_same", &ao, &bo))
        return NULL;
    PyArrayObject *a = em_array(ao, "a", NPY_FLOAT64, 1, 0);
    PyArrayObject *b = a ? em_array(bo, "b", NPY_FLOAT64, 1, 0) : NULL;
    if (!b || em_dim_is(b, 0, PyArray_DIM(a, 0), "b") < 0)
        return NULL;
    size_t bytes = (size_t)PyArray_DIM(a, 0) * sizeof(double);
    Py_BEGIN_ALLOW_THREADS
    same = bytes == 0 || memcmp(PyArray_DATA(a), PyArray_DATA(b), bytes) == 0;
    Py_END_ALLOW_THREADS
    return PyBool_FromLong(same);
}

/* ---- merge_nodes ----------------------------------------------------------- */

/* The grid of merge_candidates (computed in Python): per used axis its
 * column, low bound and cell count; the scale 1/size, the shift and the
 * face distance 0.5 - margin. */
typedef struct em_grid {
    int naxes;
    int64_t axis[3], dims[3];
    double low[3];
    double inv, shift, edge;
    const double *xyz;
    int64_t n, cells;
} em_grid;

/* Point i's cell (key) and whether it lies near a cell face; -1 when a
 * coordinate falls outside the grid. */
static int64_t em_cell(const em_grid *g, int64_t i, int *near)
{
    int64_t key = 0;
    *near = 0;
    for (int k = 0; k < g->naxes; k++) {
        double u = g->xyz[3 * i + g->axis[k]] - g->low[k];
        u *= g->inv;
        u += g->shift;
        if (!(u >= 0.0 && u < (double)g->dims[k]))
            return -1;
        /* u >= 0: truncation is numpy's floor, without a libm call */
        int64_t cell = (int64_t)u;
        double f = u - (double)cell;
        f -= 0.5;
        if (fabs(f) > g->edge)
            *near = 1;
        key = key * g->dims[k] + cell;
    }
    return key;
}

/* The two passes of merge_candidates: which cells hold a point and which
 * several (two bits per cell: a fresh page costs more than the work on
 * it), then the points near a face or sharing a cell, in index order.
 * The count, -1 (no memory) or -2 - i (point i off the grid). */
static int64_t em_candidate_loop(const em_grid *g, int64_t *out)
{
    size_t words = (size_t)(g->cells + 63) / 64;
    uint64_t *occupied = calloc(2 * words, sizeof(uint64_t));
    uint64_t *several = occupied + words;
    int near;
    if (!occupied)
        return -1;
    for (int64_t i = 0; i < g->n; i++) {
        int64_t key = em_cell(g, i, &near);
        if (key < 0) {
            free(occupied);
            return -2 - i;
        }
        uint64_t bit = (uint64_t)1 << (key & 63);
        several[key >> 6] |= occupied[key >> 6] & bit;
        occupied[key >> 6] |= bit;
    }
    int64_t count = 0;
    for (int64_t i = 0; i < g->n; i++) {
        int64_t key = em_cell(g, i, &near);
        if (near || (several[key >> 6] >> (key & 63) & 1))
            out[count++] = i;
    }
    free(occupied);
    return count;
}

/* The grid's per-axis arrays (axes i8, low f8, dims i8); 0 or -1 + error. */
static int em_parse_grid(PyObject *ax, PyObject *lo, PyObject *di, em_grid *g)
{
    PyArrayObject *axes = em_array(ax, "axes", NPY_INT64, 1, 0);
    PyArrayObject *low = axes ? em_array(lo, "low", NPY_FLOAT64, 1, 0) : NULL;
    PyArrayObject *dims = low ? em_array(di, "dims", NPY_INT64, 1, 0) : NULL;
    if (!dims)
        return -1;
    npy_intp k = PyArray_DIM(axes, 0);
    if (k < 1 || k > 3 || PyArray_DIM(low, 0) != k || PyArray_DIM(dims, 0) != k) {
        PyErr_SetString(PyExc_ValueError, "axes, low and dims must be 1..3 "
                        "entries each, as many of each");
        return -1;
    }
    g->naxes = (int)k;
    g->cells = 1;
    for (int i = 0; i < k; i++) {
        g->axis[i] = ((const int64_t *)PyArray_DATA(axes))[i];
        g->low[i] = ((const double *)PyArray_DATA(low))[i];
        g->dims[i] = ((const int64_t *)PyArray_DATA(dims))[i];
        if (g->axis[i] < 0 || g->axis[i] > 2 || g->dims[i] < 1 ||
            g->dims[i] > (8 * g->n + 1024) / g->cells) {
            PyErr_SetString(PyExc_ValueError, "grid axes must be 0..2 and "
                            "its cells at most 8 per point (+1024)");
            return -1;
        }
        g->cells *= g->dims[i];
    }
    return 0;
}

/* em_merge_candidates(coords (n, 3) f8, axes, low, dims, inv, shift, edge,
 * out (n,) i8) -> count: out[:count] are the candidates, ascending. */
static PyObject *py_em_merge_candidates(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *co, *ax, *lo, *di, *ou;
    em_grid g;
    if (!PyArg_ParseTuple(args, "OOOOdddO:em_merge_candidates", &co, &ax, &lo,
                          &di, &g.inv, &g.shift, &g.edge, &ou))
        return NULL;
    PyArrayObject *xyz = em_array(co, "coords", NPY_FLOAT64, 2, 0);
    PyArrayObject *out = xyz ? em_array(ou, "out", NPY_INT64, 1, 1) : NULL;
    if (!out || em_dim_is(xyz, 1, 3, "coords") < 0 ||
        em_dim_is(out, 0, PyArray_DIM(xyz, 0), "out") < 0)
        return NULL;
    g.xyz = PyArray_DATA(xyz);
    g.n = PyArray_DIM(xyz, 0);
    if (em_parse_grid(ax, lo, di, &g) < 0)
        return NULL;
    int64_t count;
    Py_BEGIN_ALLOW_THREADS
    count = em_candidate_loop(&g, PyArray_DATA(out));
    Py_END_ALLOW_THREADS
    if (count == -1)
        return PyErr_NoMemory();
    if (count < -1)
        return PyErr_Format(PyExc_ValueError,
                            "node %lld lies outside the merge grid",
                            (long long)(-2 - count));
    return PyLong_FromLongLong((long long)count);
}

/* The loop of merge_node_map(), counting the slaves in *gone; -1 or the
 * first node whose master is not a kept node at or below it. */
static int64_t em_node_map_loop(const int64_t *master, int64_t n,
                                int64_t *old_to_new, npy_bool *slave,
                                int64_t *gone_out)
{
    int64_t gone = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t m = master[i];
        if (m == i) {
            slave[i] = 0;
            old_to_new[i] = i - gone;
            continue;
        }
        if (m < 0 || m > i || slave[m])
            return i;
        slave[i] = 1;
        old_to_new[i] = old_to_new[m];
        *gone_out = ++gone;
    }
    return -1;
}

/* em_merge_node_map(master (n,) i8, old_to_new (n,) i8, slave (n,) bool)
 * -> number of slaves: kept nodes renumbered in order, each slave to its
 * master's new number. master[i] must be i or a kept node below i. */
static PyObject *py_em_merge_node_map(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *mo, *oo, *so;
    if (!PyArg_ParseTuple(args, "OOO:em_merge_node_map", &mo, &oo, &so))
        return NULL;
    PyArrayObject *master = em_array(mo, "master", NPY_INT64, 1, 0);
    PyArrayObject *map = master ? em_array(oo, "old_to_new", NPY_INT64, 1, 1) : NULL;
    PyArrayObject *slave = map ? em_array(so, "slave", NPY_BOOL, 1, 1) : NULL;
    npy_intp n = master ? PyArray_DIM(master, 0) : 0;
    if (!slave || em_dim_is(map, 0, n, "old_to_new") < 0 ||
        em_dim_is(slave, 0, n, "slave") < 0)
        return NULL;
    const int64_t *m = PyArray_DATA(master);
    int64_t bad, gone = 0;
    Py_BEGIN_ALLOW_THREADS
    bad = em_node_map_loop(m, n, PyArray_DATA(map), PyArray_DATA(slave), &gone);
    Py_END_ALLOW_THREADS
    if (bad >= 0)
        return PyErr_Format(PyExc_ValueError,
                            "master[%lld] = %lld is not a kept node at or "
                            "below it", (long long)bad, (long long)m[bad]);
    return PyLong_FromLongLong((long long)gone);
}

/* Copy each row's kept entries (w values each), run by run. */
static void em_keep_loop(const double *src, int64_t rows, int64_t n, int64_t w,
                         const npy_bool *drop, int64_t kept, double *out)
{
    for (int64_t r = 0; r < rows; r++) {
        const double *s = src + r * n * w;
        double *o = out + r * kept * w;
        for (int64_t i = 0; i < n;) {
            if (drop[i]) {
                i++;
                continue;
            }
            int64_t j = i + 1;
            while (j < n && !drop[j])
                j++;
            /* memmove: out may be src's own buffer (see py_em_keep) */
            memmove(o, s + i * w, (size_t)((j - i) * w) * sizeof(double));
            o += (j - i) * w;
            i = j;
        }
    }
}

/* em_keep(src (rows, n * w) f8, drop (n,) bool, w, out (rows, kept * w) f8)
 * -> None: the entries (w values each) whose drop flag is False, in order
 * (numpy's compress of merge_nodes' kept nodes, without its index pass).
 * out may start at src's first byte (the compaction in place): every entry
 * is written at or before the place it is read from, rows in order, runs
 * in order, so nothing is overwritten before it is read. */
static PyObject *py_em_keep(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *so, *dr, *ou;
    long long w;
    if (!PyArg_ParseTuple(args, "OOLO:em_keep", &so, &dr, &w, &ou))
        return NULL;
    PyArrayObject *src = em_array(so, "src", NPY_FLOAT64, 2, 0);
    PyArrayObject *drop = src ? em_array(dr, "drop", NPY_BOOL, 1, 0) : NULL;
    PyArrayObject *out = drop ? em_array(ou, "out", NPY_FLOAT64, 2, 1) : NULL;
    if (!out)
        return NULL;
    npy_intp n = PyArray_DIM(drop, 0), kept = 0;
    const npy_bool *d = PyArray_DATA(drop);
    for (npy_intp i = 0; i < n; i++)
        kept += !d[i];
    if (w < 1) {
        PyErr_SetString(PyExc_ValueError, "w must be at least 1");
        return NULL;
    }
    if (em_dim_is(src, 1, n * w, "src") < 0 ||
        em_dim_is(out, 0, PyArray_DIM(src, 0), "out") < 0 ||
        em_dim_is(out, 1, kept * w, "out") < 0)
        return NULL;
    Py_BEGIN_ALLOW_THREADS
    em_keep_loop(PyArray_DATA(src), PyArray_DIM(src, 0), n, w, d, kept,
                 PyArray_DATA(out));
    Py_END_ALLOW_THREADS
    Py_RETURN_NONE;
}

/* ---- merge_nodes' groups ----------------------------------------------------- */

/* The root of x: parents always point to lower indices (a union links the
 * higher root under the lower), halving the path on the way. */
static inline int64_t em_root(int64_t *label, int64_t x)
{
    while (label[x] != x) {
        label[x] = label[label[x]];
        x = label[x];
    }
    return x;
}

/* Union-find over the edges, then each vertex its root (in index order
 * a parent, being lower, is final before its children); -1 or the first
 * edge naming a vertex outside 0..n-1. */
static int64_t em_masters_loop(const int64_t *i, const int64_t *j, int64_t m,
                               int64_t n, int64_t *label)
{
    for (int64_t k = 0; k < n; k++)
        label[k] = k;
    for (int64_t e = 0; e < m; e++) {
        if (i[e] < 0 || i[e] >= n || j[e] < 0 || j[e] >= n)
            return e;
        int64_t a = em_root(label, i[e]), b = em_root(label, j[e]);
        if (a < b)
            label[b] = a;
        else if (b < a)
            label[a] = b;
    }
    for (int64_t k = 0; k < n; k++)
        label[k] = label[label[k]];
    return -1;
}

/* em_merge_masters(i (m,) i8, j (m,) i8, label (n,) i8) -> None: for every
 * vertex of the graph with edges (i, j) the lowest vertex of its connected
 * component (merge_masters' connected_groups, in one pass). */
static PyObject *py_em_merge_masters(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *io, *jo, *lo;
    if (!PyArg_ParseTuple(args, "OOO:em_merge_masters", &io, &jo, &lo))
        return NULL;
    PyArrayObject *ia = em_array(io, "i", NPY_INT64, 1, 0);
    PyArrayObject *ja = ia ? em_array(jo, "j", NPY_INT64, 1, 0) : NULL;
    PyArrayObject *label = ja ? em_array(lo, "label", NPY_INT64, 1, 1) : NULL;
    if (!label || em_dim_is(ja, 0, PyArray_DIM(ia, 0), "j") < 0)
        return NULL;
    const int64_t *i = PyArray_DATA(ia), *j = PyArray_DATA(ja);
    int64_t bad;
    Py_BEGIN_ALLOW_THREADS
    bad = em_masters_loop(i, j, PyArray_DIM(ia, 0), PyArray_DIM(label, 0),
                          PyArray_DATA(label));
    Py_END_ALLOW_THREADS
    if (bad >= 0)
        return PyErr_Format(PyExc_ValueError,
                            "edge %lld (%lld, %lld) names a vertex outside "
                            "0..%lld", (long long)bad, (long long)i[bad],
                            (long long)j[bad],
                            (long long)PyArray_DIM(label, 0) - 1);
    Py_RETURN_NONE;
}

/* ---- block conversion by a scheme ------------------------------------------- */

/* The rows of em_expand_scheme; -1 or the first element naming a node
 * outside the table (when there is one). */
static int64_t em_expand_loop(const int64_t *conn, int64_t ne, int64_t npe,
                              const int64_t *local, int64_t nd,
                              const int64_t *code, int64_t ncode,
                              const int64_t *table, int64_t ntable,
                              int64_t first, int64_t *out)
{
    for (int64_t e = 0; e < ne; e++) {
        const int64_t *c = conn + e * npe, *l = local + e * nd;
        for (int64_t k = 0; k < ncode; k++) {
            int64_t v;
            if (code[k] >= 0) {
                v = c[code[k]];
                if (table) {
                    if (v < 0 || v >= ntable)
                        return e;
                    v = table[v];
                }
            } else {
                v = first + l[-1 - code[k]];
            }
            *out++ = v;
        }
    }
    return -1;
}

/* em_expand_scheme(conn (ne, npe) i8, local (ne, nd) i8, code (s, m) i8,
 * table (n,) i8 or None, first, out (ne * s, m) i8) -> None: the
 * connectivity of the converted block, row by row: entry (e, k, p) is
 * conn[e, code[k, p]] (through table when given) for code >= 0, else the
 * derived node first + local[e, -1 - code[k, p]] (derived_node_plan and
 * _number_new_nodes of _em_topology in one pass). */
static PyObject *py_em_expand_scheme(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *co, *lo, *cd, *to, *ou;
    long long first;
    if (!PyArg_ParseTuple(args, "OOOOLO:em_expand_scheme", &co, &lo, &cd, &to,
                          &first, &ou))
        return NULL;
    PyArrayObject *conn = em_array(co, "conn", NPY_INT64, 2, 0);
    PyArrayObject *local = conn ? em_array(lo, "local", NPY_INT64, 2, 0) : NULL;
    PyArrayObject *code = local ? em_array(cd, "code", NPY_INT64, 2, 0) : NULL;
    PyArrayObject *table = NULL;
    if (code && to != Py_None &&
        !(table = em_array(to, "table", NPY_INT64, 1, 0)))
        return NULL;
    PyArrayObject *out = code ? em_array(ou, "out", NPY_INT64, 2, 1) : NULL;
    if (!out)
        return NULL;
    npy_intp ne = PyArray_DIM(conn, 0), npe = PyArray_DIM(conn, 1);
    npy_intp nd = PyArray_DIM(local, 1);
    npy_intp s = PyArray_DIM(code, 0), m = PyArray_DIM(code, 1);
    if (em_dim_is(local, 0, ne, "local") < 0 ||
        em_dim_is(out, 0, ne * s, "out") < 0 || em_dim_is(out, 1, m, "out") < 0)
        return NULL;
    const int64_t *cv = PyArray_DATA(code);
    for (npy_intp k = 0; k < s * m; k++)
        if (cv[k] >= npe || cv[k] < -nd) {
            PyErr_Format(PyExc_ValueError, "code entry %lld outside -%lld..%lld",
                         (long long)cv[k], (long long)nd, (long long)npe - 1);
            return NULL;
        }
    int64_t bad;
    Py_BEGIN_ALLOW_THREADS
    bad = em_expand_loop(PyArray_DATA(conn), ne, npe, PyArray_DATA(local), nd,
                         cv, s * m, table ? PyArray_DATA(table) : NULL,
                         table ? PyArray_DIM(table, 0) : 0, first,
                         PyArray_DATA(out));
    Py_END_ALLOW_THREADS
    if (bad >= 0)
        return PyErr_Format(PyExc_ValueError,
                            "element %lld names a node outside the table "
                            "(0..%lld)", (long long)bad,
                            (long long)PyArray_DIM(table, 0) - 1);
    Py_RETURN_NONE;
}

/* The decimal digits of v, a '-' first if negative, at out; their count. */
static size_t em_put_int(char *out, int64_t v)
{
    char tmp[24];
    size_t n = 0, len = 0;
    /* through unsigned, so INT64_MIN negates without overflow */
    uint64_t u = v < 0 ? 0u - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10u);
        u /= 10u;
    } while (u);
    if (v < 0)
        out[len++] = '-';
    while (n)
        out[len++] = tmp[--n];
    return len;
}

/* Exact powers of ten, 10^0 .. 10^22 (every one a double exactly). */
static const double em_pow10[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
    1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* 2^52: adding and subtracting it rounds a double of magnitude below it
 * to an integer (ties to even) without a libm call */
#define EM_TWO52 4503599627370496.0

static double em_round_small(double x)
{
    return x >= 0 ? (x + EM_TWO52) - EM_TWO52 : -((-x + EM_TWO52) - EM_TWO52);
}

/* Python's repr of v at out, when v is in repr's fixed notation (1e-4 <=
 * |v| < 1e15) and its digits are decided here, and its length; 0 (nothing
 * written) otherwise, and the caller asks PyOS_double_to_string.
 *
 * repr writes the fewest digits that read back as v, and of those the
 * decimal nearest v. For e = 0, 1, ... fractional digits, the decimal
 * nearest |v| is m / 10^e, m the integer nearest |v| 10^e, and it reads
 * back as v exactly when |m - |v| 10^e| is under half an ulp of v times
 * 10^e: |v| 10^e is held exactly as p + err (fma), and half an ulp times
 * 10^e is exact (a power of two times an exact power of ten), so the test
 * is exact but for the rounding of one subtraction. The first e whose
 * nearest decimal reads back gives repr's digits. Near ties (within 1e-12
 * of the bound, or two decimals equally near), a power of two (whose lower
 * neighbour is nearer) go to the caller. */
static size_t em_put_fixed_double(char *out, double v)
{
    double a = fabs(v);
    if (!(a >= 1e-4 && a < 1e15))           /* also nan, inf and 0 */
        return 0;
    uint64_t bits;
    memcpy(&bits, &a, sizeof bits);
    if ((bits & 0xFFFFFFFFFFFFFull) == 0)   /* a power of two */
        return 0;
    /* a = 1.f 2^(k - 1023), its ulp 2^(k - 1075): half of it from bits */
    uint64_t half_bits = ((bits >> 52) - 53u) << 52;
    double half_ulp;
    memcpy(&half_ulp, &half_bits, sizeof half_ulp);
    for (int e = 0; e < (int)(sizeof em_pow10 / sizeof em_pow10[0]); e++) {
        double scale = em_pow10[e];
        double h = half_ulp * scale;
        double p = a * scale;
        double err = fma(a, scale, -p);     /* a 10^e = p + err exactly */
        int64_t digits;
        double d;
        if (p < EM_TWO52) {
            /* p's nearest integer, moved by one where p + err is nearer
             * the next (p was within err of a half) */
            double m = em_round_small(p);
            double t = (m - p) - err;
            if (t > 0.5) {
                m -= 1.0;
                t -= 1.0;
            } else if (t < -0.5) {
                m += 1.0;
                t += 1.0;
            }
            d = fabs(t);
            digits = (int64_t)m;
        } else if (p < 1e18) {
            /* p is an integer here: the nearest one to p + err */
            double r = em_round_small(err);
            d = fabs(r - err);
            digits = (int64_t)p + (int64_t)r;
        } else {
            return 0;
        }
        if (d > h * (1.0 + 1e-12))
            continue;
        if (d >= h * (1.0 - 1e-12) || d > 0.5 - 1e-9)
            return 0;
        if (e > 0 && digits % 10 == 0)      /* cannot happen: e - 1 had it */
            return 0;
        char tmp[24];
        size_t n = em_put_int(tmp, digits);
        size_t len = 0;
        if (v < 0)
            out[len++] = '-';
        if (e == 0) {
            memcpy(out + len, tmp, n);
            len += n;
            out[len++] = '.';
            out[len++] = '0';
            return len;
        }
        /* at least one digit before the point: zeros in front */
        size_t whole = n > (size_t)e ? n - (size_t)e : 0;
        if (whole == 0) {
            out[len++] = '0';
        } else {
            memcpy(out + len, tmp, whole);
            len += whole;
        }
        out[len++] = '.';
        for (size_t z = n; z < (size_t)e; z++)
            out[len++] = '0';
        memcpy(out + len, tmp + whole, n - whole);
        len += n - whole;
        return len;
    }
    return 0;
}

/* Longest text of one value and its separator: repr of a double is at most
 * 24 characters ("-1.2345678901234567e-308"), an int64 at most 20. */
#define EM_TEXT_MAX 26

/* em_format_values(values (n,) f8 or i8, sep) -> bytes: every value as
 * Python's str() writes it (floats by PyOS_double_to_string's 'r' mode,
 * the code float.__repr__ runs, so the text is the same to the byte),
 * each followed by the one-character separator. The VRML export writes
 * its coordinates and indices slab by slab with it. */
static PyObject *py_em_format_values(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *vo;
    const char *sep;
    Py_ssize_t sep_len;
    if (!PyArg_ParseTuple(args, "Os#:em_format_values", &vo, &sep, &sep_len))
        return NULL;
    if (sep_len != 1) {
        PyErr_SetString(PyExc_ValueError, "sep must be one character");
        return NULL;
    }
    if (!PyArray_Check(vo)) {
        PyErr_SetString(PyExc_TypeError, "values must be a numpy array");
        return NULL;
    }
    int is_float = PyArray_TYPE((PyArrayObject *)vo) == NPY_FLOAT64;
    PyArrayObject *values = em_array(vo, "values",
                                     is_float ? NPY_FLOAT64 : NPY_INT64, 1, 0);
    if (!values)
        return NULL;
    npy_intp n = PyArray_DIM(values, 0);
    if (n > PY_SSIZE_T_MAX / EM_TEXT_MAX)
        return PyErr_NoMemory();
    PyObject *text = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n * EM_TEXT_MAX);
    if (!text)
        return NULL;
    char *out = PyBytes_AS_STRING(text);
    size_t len = 0;
    if (is_float) {
        /* PyOS_double_to_string allocates with PyMem_Malloc: the GIL stays */
        const double *v = PyArray_DATA(values);
        for (npy_intp i = 0; i < n; i++) {
            size_t k = em_put_fixed_double(out + len, v[i]);
            if (k) {
                len += k;
                out[len++] = sep[0];
                continue;
            }
            char *r = PyOS_double_to_string(v[i], 'r', 0, Py_DTSF_ADD_DOT_0,
                                            NULL);
            if (!r) {
                Py_DECREF(text);
                return NULL;
            }
            k = strlen(r);
            if (k > EM_TEXT_MAX - 1) {  /* cannot happen: repr's bound */
                PyMem_Free(r);
                Py_DECREF(text);
                PyErr_SetString(PyExc_RuntimeError, "float text too long");
                return NULL;
            }
            memcpy(out + len, r, k);
            PyMem_Free(r);
            len += k;
            out[len++] = sep[0];
        }
    } else {
        const int64_t *v = PyArray_DATA(values);
        Py_BEGIN_ALLOW_THREADS
        for (npy_intp i = 0; i < n; i++) {
            len += em_put_int(out + len, v[i]);
            out[len++] = sep[0];
        }
        Py_END_ALLOW_THREADS
    }
    if (_PyBytes_Resize(&text, (Py_ssize_t)len) < 0)
        return NULL;
    return text;
}

/* -- contour cuts of triangles (the VRML export) ---------------------------
 * One cut of triangles (n, 3) of point numbers along values[p] == bound, in
 * _em_output.cut_triangles' order: each triangle in turn gives its pieces
 * below and above the bound; each edge whose ends lie strictly on either
 * side gets one new point, numbered base, base + 1, ... in order of the
 * edge's first crossing (its ends as that crossing names them). */

/* A triangle's class: below, above, or a crossing case with the rotation
 * that puts first the vertex under the bound whose successor is not. */
enum { EM_CUT_BELOW, EM_CUT_ABOVE, EM_CUT_A, EM_CUT_B, EM_CUT_C, EM_CUT_D,
       EM_CUT_UNKNOWN };

/* sign(v - bound) as numpy's: -1, 0, 1, or 2 for nan */
static int em_cut_sign(double v, double bound)
{
    double d = v - bound;
    return d > 0 ? 1 : d < 0 ? -1 : d == 0 ? 0 : 2;
}

static int em_cut_class(const double w[3], double bound, int *rot)
{
    *rot = 0;
    if (w[0] <= bound && w[1] <= bound && w[2] <= bound)
        return EM_CUT_BELOW;
    if (w[0] >= bound && w[1] >= bound && w[2] >= bound)
        return EM_CUT_ABOVE;
    for (int j = 0; j < 3; j++)
        if (w[j] < bound && w[(j + 1) % 3] >= bound) {
            *rot = j;
            break;
        }
    int s1 = em_cut_sign(w[(*rot + 1) % 3], bound);
    int s2 = em_cut_sign(w[(*rot + 2) % 3], bound);
    if (em_cut_sign(w[*rot], bound) != -1)  /* no vertex starts a crossing:
                                               nan */
        return EM_CUT_UNKNOWN;
    if (s1 == 1 && s2 == -1)
        return EM_CUT_A;
    if (s1 == 1 && s2 == 1)
        return EM_CUT_B;
    if (s1 == 0 && s2 == 1)
        return EM_CUT_C;
    if (s1 == 1 && s2 == 0)
        return EM_CUT_D;
    return EM_CUT_UNKNOWN;
}

/* Open-addressed table of crossed edges: key (low end << 32 | high end),
 * value the new point's number. */
typedef struct {
    uint64_t *keys;     /* 0 = empty (an edge has distinct ends) */
    int64_t *ids;
    uint64_t mask;
    int bits;
} em_edges;

static uint64_t em_edge_key(int64_t a, int64_t b)
{
    uint64_t lo = (uint64_t)(a < b ? a : b), hi = (uint64_t)(a < b ? b : a);
    return lo << 32 | hi;
}

/* The slot of key: its own or the empty one where it goes. */
static uint64_t em_edges_slot(const em_edges *t, uint64_t key)
{
    uint64_t h = (key * 0x9E3779B97F4A7C15ull) >> (64 - t->bits);
    while (t->keys[h] && t->keys[h] != key)
        h = (h + 1) & t->mask;
    return h;
}

typedef struct {
    const int64_t *tris;
    const double *values;
    int64_t n, base;
    double bound;
    unsigned char *cls;     /* class | rotation << 4, per triangle */
    em_edges edges;
    int64_t *p, *q, crossed;
    int64_t *below, *above, nb, na;
} em_cut;

/* The new point of edge (a, b), made at its first crossing. */
static int64_t em_cut_mid(em_cut *c, int64_t a, int64_t b)
{
    uint64_t key = em_edge_key(a, b);
    uint64_t h = em_edges_slot(&c->edges, key);
    return c->edges.ids[h];
}

static void em_cut_cross(em_cut *c, const int64_t t[3], const double w[3])
{
    for (int j = 0; j < 3; j++) {
        int s0 = em_cut_sign(w[j], c->bound);
        int s1 = em_cut_sign(w[(j + 1) % 3], c->bound);
        if (!((s0 == -1 && s1 == 1) || (s0 == 1 && s1 == -1)))
            continue;
        uint64_t key = em_edge_key(t[j], t[(j + 1) % 3]);
        uint64_t h = em_edges_slot(&c->edges, key);
        if (c->edges.keys[h])
            continue;
        c->edges.keys[h] = key;
        c->edges.ids[h] = c->base + c->crossed;
        c->p[c->crossed] = t[j];
        c->q[c->crossed] = t[(j + 1) % 3];
        c->crossed++;
    }
}

static void em_cut_put(int64_t *out, int64_t *count, int64_t a, int64_t b,
                       int64_t d)
{
    int64_t *r = out + 3 * (*count)++;
    r[0] = a;
    r[1] = b;
    r[2] = d;
}

static void em_cut_pieces(em_cut *c, const int64_t t[3], int kind, int rot)
{
    int64_t a0 = t[rot], a1 = t[(rot + 1) % 3], a2 = t[(rot + 2) % 3];
    int64_t m1, m2;
    switch (kind) {
    case EM_CUT_A:
        m1 = em_cut_mid(c, a0, a1);
        m2 = em_cut_mid(c, a1, a2);
        em_cut_put(c->below, &c->nb, a0, m1, a2);
        em_cut_put(c->below, &c->nb, m1, m2, a2);
        em_cut_put(c->above, &c->na, m1, a1, m2);
        break;
    case EM_CUT_B:
        m1 = em_cut_mid(c, a0, a1);
        m2 = em_cut_mid(c, a2, a0);
        em_cut_put(c->below, &c->nb, a0, m1, m2);
        em_cut_put(c->above, &c->na, m1, a1, m2);
        em_cut_put(c->above, &c->na, a1, a2, m2);
        break;
    case EM_CUT_C:
        m1 = em_cut_mid(c, a2, a0);
        em_cut_put(c->below, &c->nb, a0, a1, m1);
        em_cut_put(c->above, &c->na, a1, a2, m1);
        break;
    default: /* EM_CUT_D */
        m1 = em_cut_mid(c, a0, a1);
        em_cut_put(c->below, &c->nb, a0, m1, a2);
        em_cut_put(c->above, &c->na, m1, a1, a2);
        break;
    }
}

/* Pass 1: classes; counts of pieces below and above and of crossing
 * triangles. Returns the first triangle of unknown case, or -1. */
static int64_t em_cut_classify(em_cut *c, int64_t *mixed)
{
    c->nb = c->na = *mixed = 0;
    for (int64_t i = 0; i < c->n; i++) {
        const int64_t *t = c->tris + 3 * i;
        double w[3] = {c->values[t[0]], c->values[t[1]], c->values[t[2]]};
        int rot;
        int kind = em_cut_class(w, c->bound, &rot);
        c->cls[i] = (unsigned char)(kind | rot << 4);
        if (kind == EM_CUT_UNKNOWN)
            return i;
        c->nb += kind == EM_CUT_ABOVE ? 0 : kind == EM_CUT_A ? 2 : 1;
        c->na += kind == EM_CUT_BELOW ? 0 : kind == EM_CUT_B ? 2 : 1;
        *mixed += kind > EM_CUT_ABOVE;
    }
    return -1;
}

/* Pass 2: pieces and new points, triangle by triangle. */
static void em_cut_write(em_cut *c)
{
    c->nb = c->na = c->crossed = 0;
    for (int64_t i = 0; i < c->n; i++) {
        const int64_t *t = c->tris + 3 * i;
        int kind = c->cls[i] & 15, rot = c->cls[i] >> 4;
        if (kind == EM_CUT_BELOW) {
            em_cut_put(c->below, &c->nb, t[0], t[1], t[2]);
            continue;
        }
        if (kind == EM_CUT_ABOVE) {
            em_cut_put(c->above, &c->na, t[0], t[1], t[2]);
            continue;
        }
        double w[3] = {c->values[t[0]], c->values[t[1]], c->values[t[2]]};
        em_cut_cross(c, t, w);
        em_cut_pieces(c, t, kind, rot);
    }
}

static PyObject *em_new_i8(int64_t rows, int cols)
{
    npy_intp dims[2] = {(npy_intp)rows, cols};
    return PyArray_SimpleNew(cols ? 2 : 1, dims, NPY_INT64);
}

/* em_cut_triangles(tris (n, 3) i8, values (N,) f8, bound, base) ->
 * (below (nb, 3), above (na, 3), p (k,), q (k,)): the pieces below and
 * above the bound in order, and the ends of each new point's edge (point
 * base + j on edge p[j]-q[j]). */
static PyObject *py_em_cut_triangles(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *to, *vo;
    double bound;
    long long base;
    if (!PyArg_ParseTuple(args, "OOdL:em_cut_triangles", &to, &vo, &bound,
                          &base))
        return NULL;
    PyArrayObject *tris = em_array(to, "tris", NPY_INT64, 2, 0);
    PyArrayObject *values = tris ? em_array(vo, "values", NPY_FLOAT64, 1, 0)
                                 : NULL;
    if (!values)
        return NULL;
    if (PyArray_DIM(tris, 1) != 3) {
        PyErr_SetString(PyExc_ValueError, "tris must have 3 columns");
        return NULL;
    }
    em_cut c = {.tris = PyArray_DATA(tris), .values = PyArray_DATA(values),
                .n = PyArray_DIM(tris, 0), .base = base, .bound = bound};
    int64_t npts = PyArray_DIM(values, 0);
    if (npts >= ((int64_t)1 << 31)) {
        PyErr_SetString(PyExc_ValueError, "too many points (2^31 or more)");
        return NULL;
    }
    for (int64_t i = 0; i < 3 * c.n; i++)
        if (c.tris[i] < 0 || c.tris[i] >= npts)
            return PyErr_Format(PyExc_ValueError,
                                "triangle %lld names point %lld outside "
                                "0..%lld", (long long)(i / 3),
                                (long long)c.tris[i], (long long)npts - 1);
    PyObject *result = NULL, *below = NULL, *above = NULL, *p = NULL,
             *q = NULL;
    c.cls = PyMem_Malloc((size_t)c.n + 1);
    if (!c.cls)
        return PyErr_NoMemory();
    int64_t mixed, bad;
    Py_BEGIN_ALLOW_THREADS
    bad = em_cut_classify(&c, &mixed);
    Py_END_ALLOW_THREADS
    if (bad >= 0) {
        PyErr_SetString(PyExc_RuntimeError, "unknown contour case");
        goto out_free_cls;
    }
    c.edges.bits = 4;
    while (((uint64_t)1 << c.edges.bits) < (uint64_t)(6 * mixed + 16))
        c.edges.bits++;
    c.edges.mask = ((uint64_t)1 << c.edges.bits) - 1;
    c.edges.keys = PyMem_Calloc(c.edges.mask + 1, sizeof(uint64_t));
    c.edges.ids = PyMem_Malloc((c.edges.mask + 1) * sizeof(int64_t));
    below = em_new_i8(c.nb, 3);
    above = em_new_i8(c.na, 3);
    p = em_new_i8(3 * mixed, 0);
    q = em_new_i8(3 * mixed, 0);
    if (!c.edges.keys || !c.edges.ids) {
        PyErr_NoMemory();
        goto out_free_edges;
    }
    if (!below || !above || !p || !q)
        goto out_free_edges;
    c.below = PyArray_DATA((PyArrayObject *)below);
    c.above = PyArray_DATA((PyArrayObject *)above);
    c.p = PyArray_DATA((PyArrayObject *)p);
    c.q = PyArray_DATA((PyArrayObject *)q);
    Py_BEGIN_ALLOW_THREADS
    em_cut_write(&c);
    Py_END_ALLOW_THREADS
    result = Py_BuildValue("(OONN)", below, above,
                           PySequence_GetSlice(p, 0, c.crossed),
                           PySequence_GetSlice(q, 0, c.crossed));
out_free_edges:
    PyMem_Free(c.edges.keys);
    PyMem_Free(c.edges.ids);
    Py_XDECREF(below);
    Py_XDECREF(above);
    Py_XDECREF(p);
    Py_XDECREF(q);
out_free_cls:
    PyMem_Free(c.cls);
    return result;
}

PyMethodDef exs_py_em_functions[] = {
    {"em_volumes", py_em_volumes, METH_VARARGS,
     "em_volumes(coords, conn, rule, factor, out) -> None: exomerge's volume "
     "of each element into out."},
    {"em_scatter_add", py_em_scatter_add, METH_VARARGS,
     "em_scatter_add(conn, values, sums, counts) -> None: per connectivity "
     "entry p, sums[p] += values[element], counts[p] += 1."},
    {"em_node_mean", py_em_node_mean, METH_VARARGS,
     "em_node_mean(sums, counts, default) -> None: sums / counts in place, "
     "default where a count is 0."},
    {"em_same", py_em_same, METH_VARARGS,
     "em_same(a, b) -> bool: two float64 arrays hold the same bytes."},
    {"em_merge_candidates", py_em_merge_candidates, METH_VARARGS,
     "em_merge_candidates(coords, axes, low, dims, inv, shift, edge, out) -> "
     "count: merge_nodes' candidate points into out[:count]."},
    {"em_merge_node_map", py_em_merge_node_map, METH_VARARGS,
     "em_merge_node_map(master, old_to_new, slave) -> slaves: merge_nodes' "
     "renumbering."},
    {"em_keep", py_em_keep, METH_VARARGS,
     "em_keep(src, drop, w, out) -> None: each row's entries of w values "
     "whose drop flag is False, into out."},
    {"em_merge_masters", py_em_merge_masters, METH_VARARGS,
     "em_merge_masters(i, j, label) -> None: the lowest vertex of each "
     "vertex's connected component into label."},
    {"em_expand_scheme", py_em_expand_scheme, METH_VARARGS,
     "em_expand_scheme(conn, local, code, table, first, out) -> None: a "
     "block's connectivity converted by a scheme, row by row."},
    {"em_format_values", py_em_format_values, METH_VARARGS,
     "em_format_values(values, sep) -> bytes: each float64 or int64 value "
     "as str() writes it, followed by sep."},
    {"em_cut_triangles", py_em_cut_triangles, METH_VARARGS,
     "em_cut_triangles(tris, values, bound, base) -> (below, above, p, q): "
     "one contour cut of triangles, the new points' edges."},
    {NULL, NULL, 0, NULL},
};
