/*
 * par.c -- the partition of exoslab_par.h (both builds: a serial handle is
 * one rank that owns everything).
 */
#include "exs_py.h"

#include <stdlib.h>


static PyObject *h_get_partition(exs_py_handle *h, PyObject *args)
{
    exs_py_call c;
    exs_partition p;
    long long bytes = 0;
    if (!PyArg_ParseTuple(args, "|L", &bytes))
        return NULL;
    exs_file *f = exs_py_begin(h, &c, 0);
    int rc = f ? exs_get_partition(f, bytes, &p) : EXS_PY_CLOSED;
    if (exs_py_end(&c, f, rc) < 0)
        return NULL;
    return Py_BuildValue("(LLLLLL)", (long long)p.node_start, (long long)p.node_count,
                         (long long)p.elem_start, (long long)p.elem_count,
                         (long long)p.node_chunk, (long long)p.elem_chunk);
}

static PyObject *pieces_list(const exs_block_piece *p, int64_t n)
{
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (int64_t i = 0; list && i < n; i++) {
        PyObject *t = Py_BuildValue("(LLLL)", (long long)p[i].block_id,
                                    (long long)p[i].block_start, (long long)p[i].count,
                                    (long long)p[i].slab_offset);
        if (!t)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, (Py_ssize_t)i, t);
    }
    return list;
}

/* [(block_id, block_start, count, slab_offset), ...] of an element slab. */
static PyObject *h_partition_pieces(exs_py_handle *h, PyObject *args)
{
    exs_py_call c;
    long long start, count;
    int64_t n = 0;
    exs_block_piece *p = NULL;
    PyObject *res = NULL;
    if (!PyArg_ParseTuple(args, "LL", &start, &count))
        return NULL;
    exs_file *f = exs_py_begin(h, &c, 0);
    int rc = f ? exs_partition_pieces(f, start, count, NULL, 0, &n) : EXS_PY_CLOSED;
    if (exs_py_end(&c, f, rc) < 0)
        return NULL;
    if (!(p = calloc((size_t)n + 1, sizeof *p)))
        return PyErr_NoMemory();
    f = exs_py_begin(h, &c, 0);
    rc = f ? exs_partition_pieces(f, start, count, p, n, &n) : EXS_PY_CLOSED;
    if (exs_py_end(&c, f, rc) < 0)
        goto out_free;
    res = pieces_list(p, n);
out_free:
    free(p);
    return res;
}

PyMethodDef exs_py_par_methods[] = {
    {"get_partition", (PyCFunction)h_get_partition, METH_VARARGS,
     "get_partition(block_bytes=0) -> (node_start, node_count, elem_start, "
     "elem_count, node_chunk, elem_chunk)"},
    {"partition_pieces", (PyCFunction)h_partition_pieces, METH_VARARGS,
     "partition_pieces(elem_start, elem_count) -> [(block_id, block_start, "
     "count, slab_offset)]"},
    {NULL, NULL, 0, NULL},
};

