/*
 * pages.c -- exoslab._ext.page_advice / populate_pages: how a large fresh
 * result array gets its memory (Linux madvise), for the model import.
 *
 * The first touch of fresh anonymous memory is most of what an in-memory
 * import costs: each page is allocated and zeroed by the kernel, and on a
 * VM with free-page reporting the host must also back it again. The import
 * reads into each bulk array front to back; populate_pages, run by a
 * second thread, faults the same array in from the back (MADV_POPULATE_WRITE:
 * the pages are allocated as by a write, their contents are not touched),
 * so the two meet in the middle and the reader finds the rest present.
 *
 * page_advice chooses the page size first. Which is cheaper depends on
 * the host: where free-page reporting hands a 2 MiB huge page freed a
 * second before back to the hypervisor, it costs 3-4 ms per MiB to touch
 * again against ~0.3-0.5 ms for 4 KiB pages; on the VM kind of 2026-12-04
 * 4 KiB pages cost ~1.5 ms per MiB and huge pages far less. The import
 * asks for huge pages by default (no populate thread) and for 4 KiB pages
 * plus this thread with EXOSLAB_HUGE_PAGES=0 (_em_io.py,
 * docs/performance.md).
 *
 * Both only ever advise; where the kernel lacks an advice (EINVAL) or the
 * platform has no madvise they do nothing and return False.
 */
#include "exs_py.h"

#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

extern PyMethodDef exs_py_page_functions[];

/* Linux 5.14's advice, for headers older than the kernel we run on. */
#if defined(__linux__) && !defined(MADV_POPULATE_WRITE)
#define MADV_POPULATE_WRITE 23
#endif

/* Bytes one populate call covers: small enough that the reader, coming
 * the other way, soon finds whole chunks present. */
#define EXS_PY_POPULATE_CHUNK ((size_t)2 << 20)

/* The whole pages inside arr's data: [*lo, *hi), 0 when none. */
static int page_range(PyObject *arr, uintptr_t *lo, uintptr_t *hi)
{
    if (!PyArray_Check(arr) || !PyArray_IS_C_CONTIGUOUS((PyArrayObject *)arr) ||
        !PyArray_ISWRITEABLE((PyArrayObject *)arr)) {
        PyErr_SetString(PyExc_TypeError,
                        "expected a writeable C-contiguous numpy array");
        return -1;
    }
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t start = (uintptr_t)PyArray_DATA((PyArrayObject *)arr);
    uintptr_t end = start + (uintptr_t)PyArray_NBYTES((PyArrayObject *)arr);
    *lo = (start + page - 1) / page * page;
    *hi = end / page * page;
    if (*hi <= *lo)
        *lo = *hi = 0;
    return 0;
}

/* page_advice(array, huge) -> bool: ask for transparent huge pages (huge)
 * or for 4 KiB pages over the array's whole pages, before it is touched. */
static PyObject *py_page_advice(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *arr;
    int huge;
    uintptr_t lo, hi;
    if (!PyArg_ParseTuple(args, "Op:page_advice", &arr, &huge) ||
        page_range(arr, &lo, &hi) < 0)
        return NULL;
    int done = 0;
#if defined(__linux__) && defined(MADV_HUGEPAGE) && defined(MADV_NOHUGEPAGE)
    if (hi > lo)
        done = madvise((void *)lo, hi - lo, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE) == 0;
#else
    (void)huge;
#endif
    return PyBool_FromLong(done);
}

/* populate_pages(array) -> bool: fault the array's whole pages in, last
 * chunk first, without the GIL. False if the kernel refused (it then
 * stopped: the reader faults the rest in itself). */
static PyObject *py_populate_pages(PyObject *mod, PyObject *arr)
{
    (void)mod;
    uintptr_t lo, hi;
    if (page_range(arr, &lo, &hi) < 0)
        return NULL;
    int ok = 0;
#if defined(__linux__)
    ok = hi > lo;
    Py_BEGIN_ALLOW_THREADS
    for (uintptr_t end = hi; ok && end > lo;) {
        uintptr_t start = end - lo > EXS_PY_POPULATE_CHUNK ? end - EXS_PY_POPULATE_CHUNK : lo;
        ok = madvise((void *)start, end - start, MADV_POPULATE_WRITE) == 0 ||
             errno == EINTR;
        end = start;
    }
    Py_END_ALLOW_THREADS
#endif
    return PyBool_FromLong(ok);
}

PyMethodDef exs_py_page_functions[] = {
    {"page_advice", py_page_advice, METH_VARARGS,
     "page_advice(array, huge) -> bool: madvise the array's whole pages for "
     "transparent huge pages or for small pages (before the first touch)."},
    {"populate_pages", py_populate_pages, METH_O,
     "populate_pages(array) -> bool: fault the array's pages in from its end "
     "backwards (MADV_POPULATE_WRITE; contents untouched), without the GIL."},
    {NULL, NULL, 0, NULL},
};
