/*
 * comm_nompi.c -- the serial build: no communicators. comm=None is the
 * only accepted value; anything else says that it needs the MPI build.
 */
#include "exs_py.h"

int exs_py_have_mpi(void) { return 0; }

int exs_py_check_comm(PyObject *comm)
{
    if (comm == Py_None)
        return 0;
    exs_py_raise(EXS_ENOPAR, "comm= was given, but this exoslab is the serial "
                             "build: a communicator needs the MPI build "
                             "(configure with -DEXOSLAB_MPI=ON); pass comm=None");
    return -1;
}

void *exs_py_comm_ptr(PyObject *comm)
{
    exs_py_check_comm(comm);
    return NULL;
}

int exs_py_open_par(const char *path, int mode, void *comm_ptr, exs_file **f,
                    char *msg, size_t msglen)
{
    (void)path, (void)mode, (void)comm_ptr, (void)f, (void)msg, (void)msglen;
    return EXS_ENOPAR;
}

int exs_py_create_par(const char *path, const exs_create_opts *o, void *comm_ptr,
                      exs_file **f, char *msg, size_t msglen)
{
    (void)path, (void)o, (void)comm_ptr, (void)f, (void)msg, (void)msglen;
    return EXS_ENOPAR;
}

int exs_py_read_nemesis_par(const char *base, void *comm_ptr, exs_dmesh **dm,
                            char *msg, size_t msglen)
{
    (void)base, (void)comm_ptr, (void)dm, (void)msg, (void)msglen;
    return EXS_ENOPAR;
}
