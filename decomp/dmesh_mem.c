/*
 * dmesh_mem.c -- the big arrays of a distributed-mesh build.
 *
 * A build writes tens of MB of fresh memory per rank; faulted in 4 KiB
 * pages, that first touch costs more than the work done in it. An array
 * of at least 4 MiB is therefore aligned to 2 MiB and advised for
 * transparent huge pages (a hint: where the kernel does not take it,
 * nothing changes). Freed with free(), resized with realloc(). On the VM
 * kind of 2026-12-04 (transparent huge pages on madvise only) a 4 KiB page
 * costs ~1.5 ms per MiB to touch: the whole build, not only its largest
 * arrays, takes zeroed arrays from here (exsi_dm_calloc).
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* MADV_HUGEPAGE */
#endif
#include <stdint.h>
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

void *exsi_dm_calloc(int64_t n, size_t sz)
{
    size_t cnt = (size_t)(n > 0 ? n : 1), bytes = cnt * sz;
    void *p = calloc(cnt, sz);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    /* Advised where it lies (no alignment of its own): calloc's large
     * chunks are fresh mappings, zero without being touched, so an array
     * that is only partly used stays partly resident; the 2 MiB pages
     * inside it take huge pages at their first touch. */
    if (p && bytes >= 2 * DM_HUGE) {
        uintptr_t lo = ((uintptr_t)p + DM_HUGE - 1) / DM_HUGE * DM_HUGE;
        uintptr_t hi = ((uintptr_t)p + bytes) / DM_HUGE * DM_HUGE;
        if (hi > lo)
            (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
    }
#endif
    return p;
}
