/* model_atts.c -- the Handle methods for entity attributes (exoslab.h's
 * exs_num_entity_atts...: SEACAS's ex_put_attribute, field metadata,
 * basis and quadrature attributes). Joined to the model table (model.c). */
#include <string.h>

#include "exs_py.h"

/* The library calls, each an exs_py_meta_call body: m->kind the owner
 * kind, m->id its id, m->s an attribute's name, m->i its type or index,
 * m->n a length, m->p the values put, m->out where a result goes. */
typedef struct att_info {
    char name[260]; /* an attribute name: NC_MAX_NAME + 1 */
    int type;
    int64_t len;
} att_info;

static int get_att_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_get_entity_att(f, m->kind, m->id, m->s, m->i, m->n, m->out);
}

static int att_info_fn(exs_file *f, const exs_py_meta *m)
{
    att_info *a = m->out;
    return exs_get_entity_att_info(f, m->kind, m->id, m->i, a->name, sizeof a->name,
                                   &a->type, &a->len);
}

static int num_atts_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_num_entity_atts(f, m->kind, m->id, m->out);
}

static int put_att_fn(exs_file *f, const exs_py_meta *m)
{
    return exs_put_entity_att(f, m->kind, m->id, m->s, m->i, m->n, m->p);
}

/* One attribute's value: a list of ints or floats, or a str. */
static PyObject *att_value(exs_py_handle *h, int owner, long long id,
                           const char *name, int type, int64_t len)
{
    size_t width = type == EXS_ATT_CHAR ? 1 : 8;
    void *buf = PyMem_Calloc((size_t)len + 1, width);
    if (!buf)
        return PyErr_NoMemory();
    exs_py_meta m = {.kind = owner, .id = id, .s = name, .i = type, .n = len + 1,
                     .out = buf};
    int rc = exs_py_meta_call(h, get_att_fn, &m);
    PyObject *v = NULL;
    if (rc >= 0 && type == EXS_ATT_CHAR)
        v = exs_py_str(buf);
    else if (rc >= 0)
        v = PyList_New((Py_ssize_t)len);
    for (int64_t i = 0; v && type != EXS_ATT_CHAR && i < len; i++) {
        PyObject *x = type == EXS_ATT_INT ? PyLong_FromLongLong(((int64_t *)buf)[i])
                                          : PyFloat_FromDouble(((double *)buf)[i]);
        if (!x) {
            Py_CLEAR(v);
            break;
        }
        PyList_SET_ITEM(v, (Py_ssize_t)i, x);
    }
    PyMem_Free(buf);
    return v;
}

/* The i-th attribute as (name, type, value), NULL with an exception. */
static PyObject *att_item(exs_py_handle *h, int owner, long long id, int i)
{
    att_info a = {.type = 0, .len = 0};
    exs_py_meta m = {.kind = owner, .id = id, .i = i, .out = &a};
    if (exs_py_meta_call(h, att_info_fn, &m) < 0)
        return NULL;
    PyObject *v = att_value(h, owner, id, a.name, a.type, a.len);
    return v ? Py_BuildValue("(NiN)", exs_py_str(a.name), a.type, v) : NULL;
}

PyObject *exs_py_h_entity_atts(exs_py_handle *h, PyObject *args)
{
    int owner, n = 0;
    long long id;
    if (!PyArg_ParseTuple(args, "iL", &owner, &id))
        return NULL;
    exs_py_meta m = {.kind = owner, .id = id, .out = &n};
    if (exs_py_meta_call(h, num_atts_fn, &m) < 0)
        return NULL;
    PyObject *l = PyList_New(n);
    for (int i = 0; l && i < n; i++) {
        PyObject *it = att_item(h, owner, id, i);
        if (!it) {
            Py_CLEAR(l);
            break;
        }
        PyList_SET_ITEM(l, i, it);
    }
    return l;
}

/* put_entity_att(owner, id, name, type, data, len): data the values'
 * bytes (int64 / float64 native, or the text). */
PyObject *exs_py_h_put_entity_att(exs_py_handle *h, PyObject *args)
{
    int owner, type;
    long long id, len;
    PyObject *name = NULL;
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "iLO&iy*L", &owner, &id, exs_py_conv_name, &name, &type,
                          &data, &len))
        return NULL;
    size_t width = type == EXS_ATT_CHAR ? 1 : 8;
    int rc = EXS_EINVAL;
    if (len >= 0 && (size_t)data.len >= (size_t)len * width) {
        exs_py_meta m = {.kind = owner, .id = id, .s = PyBytes_AS_STRING(name),
                         .i = type, .n = len, .p = data.buf};
        rc = exs_py_meta_call(h, put_att_fn, &m);
    } else
        exs_py_arg_error("put_entity_att: %lld values, %zd bytes", len, data.len);
    PyBuffer_Release(&data);
    Py_XDECREF(name);
    if (rc < 0 || PyErr_Occurred())
        return NULL;
    Py_RETURN_NONE;
}
