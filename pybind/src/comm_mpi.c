/*
 * comm_mpi.c -- the MPI build: mpi4py communicators (through mpi4py's C
 * API, imported on first use so that `import exoslab` alone does not
 * initialise MPI) and the parallel entry points of exoslab_par.h.
 */
#include <mpi.h>

#include "exs_py.h"

#include <mpi4py/mpi4py.h>

int exs_py_have_mpi(void) { return 1; }

/* mpi4py's C API, imported once (its function pointers live in this file). */
static int mpi4py_ready(void)
{
    if (PyMPIComm_Get)
        return 0;
    return import_mpi4py() < 0 ? -1 : 0;
}

static int is_comm(PyObject *comm)
{
    PyObject *mod = PyImport_ImportModule("mpi4py.MPI");
    PyObject *cls = mod ? PyObject_GetAttrString(mod, "Comm") : NULL;
    int yes = cls ? PyObject_IsInstance(comm, cls) : -1;
    Py_XDECREF(cls);
    Py_XDECREF(mod);
    return yes;
}

int exs_py_check_comm(PyObject *comm)
{
    if (comm == Py_None)
        return 0;
    if (mpi4py_ready() < 0)
        return -1;
    int yes = is_comm(comm);
    if (yes < 0)
        return -1;
    if (!yes) {
        PyErr_Format(PyExc_TypeError, "comm must be an mpi4py communicator "
                     "(mpi4py.MPI.Comm, e.g. MPI.COMM_WORLD) or None, not %s",
                     Py_TYPE(comm)->tp_name);
        return -1;
    }
    MPI_Comm *c = PyMPIComm_Get(comm);
    if (!c)
        return -1;
    if (*c == MPI_COMM_NULL) {
        exs_py_arg_error("comm is MPI.COMM_NULL");
        return -1;
    }
    return 0;
}

void *exs_py_comm_ptr(PyObject *comm)
{
    if (mpi4py_ready() < 0)
        return NULL;
    return PyMPIComm_Get(comm);
}

int exs_py_open_par(const char *path, int mode, void *comm_ptr, exs_file **f,
                    char *msg, size_t msglen)
{
    /* the _err form: the detail (which file, what is wrong, which rank)
     * survives the failed open, as in the serial exs_open_err */
    return exs_open_par_err(path, mode, *(MPI_Comm *)comm_ptr, MPI_INFO_NULL, f, msg,
                            msglen);
}

int exs_py_create_par(const char *path, const exs_create_opts *o, void *comm_ptr,
                      exs_file **f, char *msg, size_t msglen)
{
    return exs_create_par_err(path, o, *(MPI_Comm *)comm_ptr, MPI_INFO_NULL, f, msg,
                              msglen);
}

int exs_py_read_nemesis_par(const char *base, void *comm_ptr, exs_dmesh **dm,
                            char *msg, size_t msglen)
{
    return exs_dmesh_read_nemesis_par(base, *(MPI_Comm *)comm_ptr, dm, msg, msglen);
}
