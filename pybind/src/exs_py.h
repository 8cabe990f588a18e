/*
 * exs_py.h -- what the C files of the exoslab extension share.
 *
 * The extension (exoslab._ext) is a thin layer: one Handle type wrapping an
 * exs_file, one method per library accessor, numpy arrays allocated here and
 * filled by the library in its single pass. Everything Pythonic (names,
 * kinds as strings, info objects, iterators) lives in the pure-Python
 * package on top.
 *
 * Threads: every bulk data call releases the GIL. netCDF-C is not
 * thread-safe, so one module-wide lock serialises all library calls (as
 * h5py does). Calls that may change the handle's strings (definitions,
 * names) keep the GIL as well, so Python code never converts a string that
 * another thread is replacing.
 */
#ifndef EXS_PY_H
#define EXS_PY_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pythread.h>

#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#define PY_ARRAY_UNIQUE_SYMBOL exs_py_ARRAY_API
#ifndef EXS_PY_IMPORT_ARRAY
#define NO_IMPORT_ARRAY
#endif
#include <numpy/arrayobject.h>

#include "exoslab.h"
#include "exoslab_par.h"

#define EXS_PY_MSG_LEN 600
/* Status of a call on a handle that was closed meanwhile (not a library
 * code: the library's codes are all >= EXS_ERROR_END_). */
#define EXS_PY_CLOSED (-1000)

/* The Python object around one exs_file. */
typedef struct exs_py_handle {
    PyObject_HEAD
    exs_file *f;      /* NULL once closed */
    PyObject *comm;   /* the mpi4py communicator (None for serial handles) */
    int parallel;     /* opened with a communicator */
    int collective;   /* parallel: bulk calls use the collective _all ones */
} exs_py_handle;

extern PyTypeObject exs_py_handle_type;

/* ---- module.c: errors, the lock, dtypes, output arrays ---- */

/* Raise the exception the one table maps `code` to, with `msg` (or the
 * code's text if msg is empty). Returns NULL. */
PyObject *exs_py_raise(int code, const char *msg);
/* Raise exoslab.ArgumentError (a ValueError) with a formatted message. */
PyObject *exs_py_arg_error(const char *fmt, ...);
/* Add the exception classes and constants to the module. 0 or -1. */
int exs_py_init_errors(PyObject *m);

/* One library call on a handle. exs_py_begin takes the module lock
 * (releasing the GIL first when `nogil`) and returns the handle's exs_file,
 * NULL when it is closed. exs_py_end keeps the message of a failure,
 * drops the lock, takes the GIL back and raises for rc < 0; it returns
 * rc. Between the two: C only, no Python API. */
typedef struct exs_py_call {
    PyThreadState *ts;   /* non-NULL while the GIL is released */
    char msg[EXS_PY_MSG_LEN];
} exs_py_call;
int exs_py_lock_init(void);

/* What one library call does under the lock: a body, an ordinary function
 * of the handle's exs_file (NULL for calls without a handle: open, create,
 * close) and its own argument. It returns the library's status; for a
 * failure it may write its own message into msg (EXS_PY_MSG_LEN bytes),
 * used when there is no handle to take exs_errmsg() from. */
typedef int (*exs_py_body)(exs_file *f, void *arg, char *msg);
/* THE call helper: body under the module lock (the GIL released when
 * nogil: the body then touches no Python object), the failure's message
 * kept before the lock is dropped, the exception raised after the GIL is
 * back. h NULL: a call without a handle; h closed: ValueError, body not
 * run. Returns the body's status (>= 0), or -1 with the exception set. */
int exs_py_locked(exs_py_handle *h, int nogil, exs_py_body body, void *arg);
exs_file *exs_py_begin(exs_py_handle *h, exs_py_call *c, int nogil);
int exs_py_end(exs_py_call *c, exs_file *f, int rc);

/* A metadata call (definitions, names, counts) through the one helper,
 * with the GIL kept: its body is an ordinary function of the exs_file and
 * one exs_py_meta, which carries the call's arguments and where its result
 * goes; a failure's message is the handle's. */
typedef struct exs_py_meta exs_py_meta;
typedef int (*exs_py_meta_fn)(exs_file *f, const exs_py_meta *m);
struct exs_py_meta {
    exs_py_meta_fn fn;   /* set by exs_py_meta_call */
    int kind, i;
    int64_t id, n, n2;
    const char *s;
    const void *p;       /* input: a definition, names, a table */
    void *out;           /* output: a count, ids, an info, a name */
};

static inline int exs_py_meta_body(exs_file *f, void *arg, char *msg)
{
    const exs_py_meta *m = arg;
    (void)msg;
    return m->fn(f, m);
}

/* fn under exs_py_locked (GIL kept): its status (>= 0), or -1 with the
 * exception set. */
static inline int exs_py_meta_call(exs_py_handle *h, exs_py_meta_fn fn, exs_py_meta *m)
{
    m->fn = fn;
    return exs_py_locked(h, 0, exs_py_meta_body, m);
}


/* The buffer type for a requested dtype (None: the out array's type, or
 * the default). want_float picks the default class. -1 with an exception. */
int exs_py_type(PyObject *dtype, PyObject *out, int want_float, exs_type *t);
/* numpy type number of an exs_type. */
int exs_py_typenum(exs_type t);
/* The output array: a new one of shape dims (numpy owns it) when out is
 * None, else `out` itself after checking type, shape, C order, alignment
 * and writeability. New reference, or NULL with ArgumentError. */
PyArrayObject *exs_py_out(PyObject *out, exs_type t, int nd, const npy_intp *dims,
                          const char *what);
/* Input data for a write as a C-ordered, aligned, native array of a
 * supported type (numpy converts only if it must). New ref or NULL. */
PyArrayObject *exs_py_in(PyObject *data, int want_float, exs_type *t,
                         const char *what);

/* O& converters: an int64 count where None means "to the end" (-1); a
 * UTF-8 name (str or bytes) into a new bytes object. */
int exs_py_conv_count(PyObject *o, void *p);
int exs_py_conv_name(PyObject *o, void *p);
/* A str from library text: UTF-8, bytes that are not go through
 * surrogateescape (lossless; the writers accept them back). */
PyObject *exs_py_str(const char *s);

/* ---- bulk requests (read.c, write.c) ---- */

/* One bulk request, in the library's terms. */
typedef struct exs_py_req {
    exs_kind kind;
    int64_t id;
    int sub;          /* axis, variable index or exs_conn */
    int64_t step, nsteps;
    int64_t start, count;
    void *extra;      /* second buffer: set sides / orientations */
    int coll;         /* parallel handle in collective mode: the _all call */
    int parsed;       /* the arguments were understood */
    int reached;      /* the library call was made */
} exs_py_req;

/* A bulk read or write of request r into / from buf (writes only read it). */
typedef int (*exs_py_io_fn)(exs_file *f, const exs_py_req *r, exs_type t, void *buf);
/* fn with the GIL released; 0, or -1 with the exception set. */
int exs_py_run(exs_py_handle *h, exs_py_req *r, exs_py_io_fn fn, exs_type t,
               void *buf);
/* Collective mode: a rank that failed before reaching the library (a bad
 * out=, an unknown id...) still takes part in the collective call, with a
 * slab the library rejects, so that the other ranks fail with it instead
 * of waiting. res is the method's result; the local error is the one
 * raised. */
PyObject *exs_py_guard(exs_py_handle *h, exs_py_req *r, exs_py_io_fn fn,
                       PyObject *res);

/* The thin guard, the extension's one function-making macro: the method
 * `name` runs its body, the ordinary function name##_body(h, args, kw, &r),
 * under exs_py_guard with fn as the collective fallback call. */
#define EXS_PY_GUARDED(name, fn)                                               \
    static PyObject *name(exs_py_handle *h, PyObject *args, PyObject *kw)      \
    {                                                                          \
        exs_py_req r;                                                          \
        exs_py_req_init(h, &r);                                                \
        return exs_py_guard(h, &r, fn, name##_body(h, args, kw, &r));          \
    }

/* Zero it, count = -1 ("to the end"), coll from the handle. */
void exs_py_req_init(exs_py_handle *h, exs_py_req *r);

/* The collective variant on parallel handles in collective mode. */
#define EXS_PY_PICK(r, fn) ((r)->coll ? fn##_all : fn)

/* ---- comm_mpi.c / comm_nompi.c ---- */

/* Whether this build has MPI (1) or not (0). */
int exs_py_have_mpi(void);
/* Check `comm` is a communicator this build can use. 0, or -1 with an
 * exception (TypeError for a non-communicator; exoslab.Error saying a
 * communicator needs the MPI build in the serial build). */
int exs_py_check_comm(PyObject *comm);
/* Parallel open/create with the communicator. Called with the GIL
 * released and the lock held; comm_ptr from exs_py_comm_ptr. */
int exs_py_open_par(const char *path, int mode, void *comm_ptr, exs_file **f,
                    char *msg, size_t msglen);
int exs_py_create_par(const char *path, const exs_create_opts *o, void *comm_ptr,
                      exs_file **f, char *msg, size_t msglen);
/* The MPI_Comm * inside an mpi4py object (GIL held); NULL + exception. */
void *exs_py_comm_ptr(PyObject *comm);
/* exs_dmesh_read_nemesis_par with that communicator (EXS_ENOPAR in the
 * serial build). */
int exs_py_read_nemesis_par(const char *base, void *comm_ptr, exs_dmesh **dm,
                            char *msg, size_t msglen);

/* ---- handle.c, read.c, write.c, par.c: method tables ---- */
extern PyMethodDef exs_py_read_methods[];
extern PyMethodDef exs_py_write_methods[];
extern PyMethodDef exs_py_par_methods[];
extern PyMethodDef exs_py_model_methods[]; /* model.c: assemblies, blobs... */
extern PyMethodDef exs_py_batch_methods[]; /* batch.c: get_vars, put_vars */
PyObject *exs_py_open(PyObject *mod, PyObject *args, PyObject *kw);
PyObject *exs_py_create(PyObject *mod, PyObject *args, PyObject *kw);
exs_py_handle *exs_py_handle_new(exs_file *f, PyObject *comm);
/* Join the method tables into the type's (before PyType_Ready). */
int exs_py_handle_prepare(void);

/* Fill exs_entity_info for an entity (GIL held). 0 or -1 + exception. */
int exs_py_entity(exs_py_handle *h, exs_kind kind, int64_t id, exs_entity_info *info);
/* The library's shape of a block's connectivity `which` (exs_get_conn_extent):
 * rows the slab indexes, values per row. -1 with the exception set. */
int exs_py_conn_extent(exs_py_handle *h, exs_kind kind, int64_t id, int which,
                       int64_t *rows, int64_t *width);
/* Entries of an entity: nodes (NODAL), variables (GLOBAL), block entries,
 * set members, map length (map kinds with id < 0: the id map). */
int exs_py_extent(exs_py_handle *h, exs_kind kind, int64_t id, int64_t *n);
/* One inquiry value (GIL held). 0 or -1 + exception. */
int exs_py_inquire(exs_py_handle *h, exs_inq what, int64_t *v);

#endif /* EXS_PY_H */
