/*
 * par.c -- the partition of exoslab_par.h (both builds: a serial handle is
 * one rank that owns everything).
 */
#include "exs_py.h"

#include <stdlib.h>


typedef struct partition_args {
    long long bytes;
    exs_partition p;
} partition_args;

static int partition_body(exs_file *f, void *arg, char *msg)
{
    partition_args *a = arg;
    (void)msg;
    return exs_get_partition(f, a->bytes, &a->p);
}

static PyObject *h_get_partition(exs_py_handle *h, PyObject *args)
{
    partition_args a = {0};
    const exs_partition *p = &a.p;
    if (!PyArg_ParseTuple(args, "|L", &a.bytes))
        return NULL;
    if (exs_py_locked(h, 0, partition_body, &a) < 0)
        return NULL;
    return Py_BuildValue("(LLLLLL)", (long long)p->node_start, (long long)p->node_count,
                         (long long)p->elem_start, (long long)p->elem_count,
                         (long long)p->node_chunk, (long long)p->elem_chunk);
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

/* The pieces of an element slab into p (room for n; p NULL: count them). */
typedef struct pieces_args {
    long long start, count;
    exs_block_piece *p;
    int64_t n;
} pieces_args;

static int pieces_body(exs_file *f, void *arg, char *msg)
{
    pieces_args *a = arg;
    (void)msg;
    return exs_partition_pieces(f, a->start, a->count, a->p, a->p ? a->n : 0, &a->n);
}

/* [(block_id, block_start, count, slab_offset), ...] of an element slab. */
static PyObject *h_partition_pieces(exs_py_handle *h, PyObject *args)
{
    pieces_args a = {0};
    PyObject *res = NULL;
    if (!PyArg_ParseTuple(args, "LL", &a.start, &a.count))
        return NULL;
    if (exs_py_locked(h, 0, pieces_body, &a) < 0)
        return NULL;
    if (!(a.p = calloc((size_t)a.n + 1, sizeof *a.p)))
        return PyErr_NoMemory();
    if (exs_py_locked(h, 0, pieces_body, &a) < 0)
        goto out_free;
    res = pieces_list(a.p, a.n);
out_free:
    free(a.p);
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

