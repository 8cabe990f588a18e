/*
 * dmesh_mem.c -- the memory of decomp/: every array a distributed mesh,
 * its build, its Nemesis files or its results route allocates.
 *
 * A build writes tens of MB of fresh memory per rank, in arrays that live
 * for one step. Two costs follow from malloc's own choices: arrays it
 * hands out from its heap are faulted in 4 KiB pages (on the VM kind of
 * 2026-12-04, ~2.7 ms per MiB, against 0.08 ms for a 2 MiB page and 0.04
 * ms to rewrite memory already there), and what is freed there stays
 * resident and scattered. So an array of 1 MiB or more is a mapping of
 * its own: 2 MiB-aligned, advised for transparent huge pages (advice:
 * where the kernel does not take it, nothing else changes), zero when it
 * comes, unmapped when freed. Its length is rounded up to whole 2 MiB
 * pages when it fits one, or when that wastes less than 1 MiB, else to 4
 * KiB (the tail then takes small pages). Smaller arrays come from malloc,
 * or, for a build's temporaries, from its scratch (below).
 *
 * Every block starts with a 64-byte header that says which of the two it
 * is: memory from here is freed with exsi_dm_free and resized with
 * exsi_dm_realloc, never with free() or realloc() (the sanitizer builds
 * catch a mix-up either way). A mapping grows by mremap: its pages move,
 * nothing is copied.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* MADV_HUGEPAGE */
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "decomp.h"

#define DM_HDR ((size_t)64)
#define DM_HUGE ((size_t)2 << 20)
#define DM_MAP_FROM ((size_t)1 << 20)

static _Atomic int64_t mapped_blocks; /* live mappings (exsi_dm_mapped_blocks) */

typedef struct dm_hdr {
    size_t map_len; /* the mapping's length; 0 for a malloc'd block */
    size_t bytes;   /* what the caller can use */
    int scratch;    /* carved from a scratch chunk: freed with it */
} dm_hdr;

static void *payload(dm_hdr *h)
{
    return (char *)h + DM_HDR;
}

static dm_hdr *header(void *p)
{
    return (dm_hdr *)((char *)p - DM_HDR);
}

/* n items of sz bytes; 0 (not a block) when the product overflows. */
static size_t bytes_of(int64_t n, size_t sz)
{
    size_t cnt = (size_t)(n > 0 ? n : 1);
    if (sz != 0 && cnt > (SIZE_MAX - 2 * DM_HUGE) / sz)
        return 0;
    return cnt * sz;
}

#if defined(__linux__) && defined(MADV_HUGEPAGE)
static size_t map_len_of(size_t bytes)
{
    size_t need = bytes + DM_HDR, rem = need % DM_HUGE;
    if (need <= DM_HUGE || rem == 0 || rem >= DM_HUGE / 2)
        return (need + DM_HUGE - 1) / DM_HUGE * DM_HUGE;
    return (need + 4095) / 4096 * 4096;
}

static dm_hdr *map_block(size_t bytes)
{
    size_t len = map_len_of(bytes);
    /* over-map by one huge page, then trim to an aligned start */
    char *raw = mmap(NULL, len + DM_HUGE, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        return NULL;
    uintptr_t at = ((uintptr_t)raw + DM_HUGE - 1) / DM_HUGE * DM_HUGE;
    size_t head = at - (uintptr_t)raw, tail = DM_HUGE - head;
    if (head > 0)
        (void)munmap(raw, head);
    if (tail > 0)
        (void)munmap((char *)at + len, tail);
    (void)madvise((void *)at, len, MADV_HUGEPAGE); /* advice: failure is harmless */
    dm_hdr *h = (dm_hdr *)at;
    *h = (dm_hdr){len, bytes, 0};
    mapped_blocks++;
    return h;
}
#endif

static void *alloc_block(int64_t n, size_t sz, int zero)
{
    size_t bytes = bytes_of(n, sz);
    if (bytes == 0)
        return NULL;
    dm_hdr *h = NULL;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (bytes >= DM_MAP_FROM)
        h = map_block(bytes); /* fresh mappings are zero */
    if (h)
        return payload(h);
#endif
    h = zero ? calloc(1, bytes + DM_HDR) : malloc(bytes + DM_HDR);
    if (!h)
        return NULL;
    *h = (dm_hdr){0, bytes, 0};
    return payload(h);
}

void *exsi_dm_alloc(int64_t n, size_t sz)
{
    return alloc_block(n, sz, 0);
}

void *exsi_dm_calloc(int64_t n, size_t sz)
{
    return alloc_block(n, sz, 1);
}

void exsi_dm_free(void *p)
{
    if (!p)
        return;
    dm_hdr *h = header(p);
    if (h->scratch)
        return; /* its chunk goes with the scratch */
#if defined(__linux__)
    if (h->map_len > 0) {
        mapped_blocks--;
        (void)munmap(h, h->map_len);
        return;
    }
#endif
    free(h);
}

void *exsi_dm_realloc(void *p, int64_t n, size_t sz)
{
    if (!p)
        return exsi_dm_alloc(n, sz);
    size_t bytes = bytes_of(n, sz);
    dm_hdr *h = header(p);
    if (bytes == 0)
        return NULL;
    if (h->scratch) { /* never resized where it lies: the scratch frees it */
        if (bytes <= h->bytes) {
            h->bytes = bytes;
            return p;
        }
        void *q = exsi_dm_alloc(n, sz);
        if (q)
            memcpy(q, p, h->bytes);
        return q;
    }
    if (h->map_len > 0 && bytes + DM_HDR <= h->map_len) {
        h->bytes = bytes; /* fits in the mapping: nothing moves */
        return p;
    }
    if (h->map_len == 0 && bytes < DM_MAP_FROM) {
        dm_hdr *g = realloc(h, bytes + DM_HDR);
        if (!g)
            return NULL;
        g->bytes = bytes;
        return payload(g);
    }
#if defined(__linux__) && defined(MADV_HUGEPAGE) && defined(MREMAP_MAYMOVE)
    if (h->map_len > 0) {
        /* the pages move, not the bytes: no second copy is ever resident */
        size_t len = map_len_of(bytes);
        void *g = mremap(h, h->map_len, len, MREMAP_MAYMOVE);
        if (g == MAP_FAILED)
            return NULL;
        (void)madvise(g, len, MADV_HUGEPAGE);
        h = g;
        h->map_len = len, h->bytes = bytes;
        return payload(h);
    }
#endif
    void *q = exsi_dm_alloc(n, sz);
    if (!q)
        return NULL;
    memcpy(q, p, h->bytes < bytes ? h->bytes : bytes);
    exsi_dm_free(p);
    return q;
}

/* ---- scratch: a build's small temporaries, on huge pages ----
 *
 * Arrays under 1 MiB come from malloc, which (past its mmap threshold)
 * maps each afresh: a step that makes a dozen 200 KB arrays faults ~600
 * small pages, ~1.5 ms on the VM kind above. A scratch carves such arrays
 * one after another from 2 MiB chunks advised for huge pages (one fault
 * per chunk), never reuses a piece (so each is zero, as fresh mappings
 * are), and unmaps its chunks at once when released. */

/* Under AddressSanitizer the unused part of a chunk and the 64 bytes
 * after each piece are poisoned, so that a piece overrun is still seen. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define SCRATCH_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define SCRATCH_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define SCRATCH_POISON(p, n) ((void)(p), (void)(n))
#define SCRATCH_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

typedef struct exsi_dm_chunk {
    struct exsi_dm_chunk *next;
    size_t used;
} exsi_dm_chunk;

#define DM_CHUNK_BYTES (DM_HUGE - DM_HDR) /* one huge page with its header */

void *exsi_dm_scratch_calloc(exsi_dm_scratch *s, int64_t n, size_t sz)
{
    size_t bytes = bytes_of(n, sz);
    /* a header, the piece rounded to 64 bytes, 64 bytes of red zone */
    size_t need = (bytes + DM_HDR - 1) / DM_HDR * DM_HDR + 2 * DM_HDR;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    exsi_dm_chunk *c = s ? s->top : NULL;
    if (s && bytes > 0 && need <= DM_CHUNK_BYTES - DM_HDR) {
        if (!c || c->used + need > DM_CHUNK_BYTES) {
            dm_hdr *m = map_block(DM_CHUNK_BYTES);
            c = m ? payload(m) : NULL;
            if (c) {
                c->next = s->top, c->used = DM_HDR, s->top = c;
                SCRATCH_POISON((char *)c + DM_HDR, DM_CHUNK_BYTES - DM_HDR);
            }
        }
        if (c) {
            dm_hdr *h = (dm_hdr *)((char *)c + c->used);
            SCRATCH_UNPOISON(h, DM_HDR + bytes);
            *h = (dm_hdr){0, bytes, 1};
            c->used += need;
            return payload(h);
        }
    }
#else
    (void)s, (void)need;
#endif
    return exsi_dm_calloc(n, sz);
}

void exsi_dm_scratch_release(exsi_dm_scratch *s)
{
    if (!s)
        return;
    while (s->top) {
        exsi_dm_chunk *next = s->top->next;
        SCRATCH_UNPOISON(s->top, DM_CHUNK_BYTES);
        exsi_dm_free(s->top); /* the chunk itself is a mapped block */
        s->top = next;
    }
}

int64_t exsi_dm_mapped_blocks(void)
{
    return mapped_blocks;
}
