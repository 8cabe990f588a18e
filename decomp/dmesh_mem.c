/*
 * dmesh_mem.c -- the big arrays of a distributed-mesh build.
 *
 * A build writes tens of MB of fresh memory per rank; faulted in 4 KiB
 * pages, that first touch costs more than the work done in it. An array
 * of at least 4 MiB is therefore aligned to 2 MiB and advised for
 * transparent huge pages (a hint: where the kernel does not take it,
 * nothing changes). Freed with free(), resized with realloc().
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* MADV_HUGEPAGE */
#endif
#include <stdlib.h>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "decomp.h"

#define DM_HUGE ((size_t)2 << 20)

void *exsi_dm_alloc(int64_t n, size_t sz)
{
    size_t bytes = (size_t)(n > 0 ? n : 1) * sz;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (bytes >= 2 * DM_HUGE) {
        void *p = NULL;
        size_t len = (bytes + DM_HUGE - 1) / DM_HUGE * DM_HUGE;
        if (posix_memalign(&p, DM_HUGE, len) != 0)
            return NULL;
        (void)madvise(p, len, MADV_HUGEPAGE); /* advice: failure is harmless */
        return p;
    }
#endif
    return malloc(bytes);
}
