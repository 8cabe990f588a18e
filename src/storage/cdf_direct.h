/* cdf_direct.h -- the classic-format direct read path (storage-internal).
 *
 * A classic (CDF-1/2/5) file stores each variable's values big-endian at a
 * fixed offset the header names: a fixed-size variable at begin, record r
 * of a record variable at begin + r x recsize. The header walker
 * (cdf_header.c) records that layout; cdf_direct.c reads a contiguous slab
 * with pread(2) straight into the caller's buffer and converts it there,
 * with netCDF-C's range rules. The netCDF backend routes the slabs it
 * covers to it (serial read-only opens; EXOSLAB_NO_DIRECT=1 turns it off)
 * and everything else to netCDF. */
#ifndef EXS_CDF_DIRECT_H
#define EXS_CDF_DIRECT_H

#include "internal.h"

/* One variable as the header lays it out, in netCDF's varid order. */
typedef struct exsi_store_cdf_var {
    int64_t begin;               /* data offset (record variables: record 0) */
    int64_t shape[EXS_MAX_DIMS]; /* dimension lengths; the record one is 0 */
    int64_t name_at;             /* file offset and length of its name, */
    int64_t name_len;            /* for messages */
    int ndims;                   /* -1: more than EXS_MAX_DIMS (not covered) */
    int is_rec;
    int xtype;                   /* NC_* type number */
} exsi_store_cdf_var;

typedef struct exsi_store_cdf_layout {
    int64_t nvars;
    exsi_store_cdf_var *vars;
    int64_t recsize; /* bytes from one record to the next */
    int64_t numrecs; /* -1: streaming (numrecs not in the header) */
    int64_t size;    /* the file's size when the header was walked */
} exsi_store_cdf_layout;

/* Walk the classic header of fd (a file of `size` bytes, CDF `version`)
 * as exsi_store_check_cdf_header does and fill lay (free with
 * exsi_store_cdf_layout_free). EXS_ECORRUPT with a message on f when the header
 * is bad (cdf_header.c). */
int exsi_store_cdf_layout_read(exs_file *f, int fd, int64_t size, int version,
                        exsi_store_cdf_layout *lay);
void exsi_store_cdf_layout_free(exsi_store_cdf_layout *lay);

typedef struct exsi_store_cdf_direct exsi_store_cdf_direct;

/* The direct reader of the classic file at path, or *d = NULL (and 0)
 * when the file is not a classic one or its header does not walk. */
int exsi_store_cdf_direct_open(exs_file *f, const char *path, exsi_store_cdf_direct **d);
void exsi_store_cdf_direct_close(exsi_store_cdf_direct *d);
/* The layout, for the backend's check against netCDF's own metadata. */
const exsi_store_cdf_layout *exsi_store_cdf_direct_layout(const exsi_store_cdf_direct *d);

/* Returned by exsi_store_cdf_direct_get for a slab it does not cover. */
#define EXS_CDF_DIRECT_PASS 1

/* Read the slab (start, count: vi->ndims entries) of variable vi->varid
 * into buf as type t. 0, a negative EXS_* code with a message on f
 * (EXS_EOVERFLOW: a value did not fit t, every other value converted, as
 * netCDF does; EXS_ECORRUPT: the file ends before the slab), or
 * EXS_CDF_DIRECT_PASS when netCDF should read it (the slab is not
 * contiguous in the file, out of range, or of a type not covered). */
int exsi_store_cdf_direct_get(exsi_store_cdf_direct *d, exs_file *f, const exsi_core_varinfo *vi,
                       const int64_t *start, const int64_t *count, int t,
                       void *buf);
/* The mapped read of large runs, shared with h5_direct.c: runs of at
 * least EXSI_MAP_MIN_BYTES are mapped (a 10^5-node file of 800 KB arrays
 * read in 13.9 ms with 1 MiB, 11.8 ms with 256 KiB: below it the mmap and
 * munmap calls and the page-table work cost more than the second pass they
 * save), EXSI_MAP_WINDOW_BYTES at a time (mapped pages count in the
 * process's RSS while mapped: a whole 32 MiB run at once would show as
 * 32 MiB more peak RSS than the caller's buffers), and every mapped run
 * is stored past the cache (non-temporal stores:
 * no read of the destination's lines before they are written). That
 * threshold was 2 MiB (a core's L2, to keep a slab a caller uses at once
 * hot), but a file's arrays are read one after another and a 10^5-node
 * file's 830 KB arrays then cost 20 % more per node than a 10^6-node
 * file's 8 MB ones (CDF-5 at 10^5: 0.69-0.74 of pread at 2 MiB, 0.80-0.94
 * at 256 KiB, the same minutes): every mapped run streams, so there is no
 * threshold of its own. */
#define EXSI_MAP_MIN_BYTES (256 << 10)
#define EXSI_MAP_WINDOW_BYTES (4 << 20)

typedef struct exsi_store_window {
    void *base;
    size_t span;
} exsi_store_window;

/* Whether large runs are mapped (a direct reader's `map`): never
 * (EXOSLAB_NO_MMAP=1), always (EXOSLAB_MMAP=1, for tests of the mapped
 * path), or as measured on this machine (neither set). The mapping wins
 * or loses by a factor, depending on the host rather than the file: on
 * one VM kind the mapped copy (one pass, swap fused, stores past the
 * cache) read CDF-5 at 1.1x pread and pread + swap at 0.8-0.9x; on
 * another (AMD EPYC guest, 2026-12-04) reading user mappings of the page
 * cache ran at 3 GB/s whatever the copy, against 13-17 GB/s for pread,
 * i.e. 0.2 of pread mapped and 0.5-0.6 with pread. So the first mappable
 * run a process reads is timed both ways (exsi_store_map_verdict), and
 * the faster is kept for the process. */
enum { EXSI_MAP_NEVER = 0, EXSI_MAP_ALWAYS = 1, EXSI_MAP_MEASURE = 2 };
int exsi_store_map_mode_from_env(void);
/* The verdict for runs stored byte-swapped (swap 1, classic) or as they
 * are (swap 0, netCDF-4): 1 map, -1 pread, 0 not measured yet. */
int exsi_store_map_verdict(int swap);

/* 1 when the len bytes at off of fd are to be mapped (at least
 * EXSI_MAP_MIN_BYTES, map not NEVER, and under MEASURE the verdict for
 * `swap` says so: measured here on these bytes when not yet known) and
 * lie within the file's current size (a run past the end is left to
 * pread, which reports the truncation). */
int exsi_store_mappable(int fd, int map, int swap, int64_t off, int64_t len);
/* A populated read-only mapping of the len bytes at file offset from:
 * the first of them, or NULL; release with exsi_store_unmap_window. */
const unsigned char *exsi_store_map_window(int fd, long pagesize, int64_t from, int64_t len,
                                           exsi_store_window *w);
void exsi_store_unmap_window(exsi_store_window *w);

/* n values of width w (4 or 8) from src into dst (not overlapping),
 * byte-swapped when swap is set; _stream with stores that bypass the
 * cache (for runs larger than it) where the CPU has them. Shared with the
 * netCDF-4 direct path (h5_direct.c). */
void exsi_store_copy_values(unsigned char *dst, const unsigned char *src, int64_t n, int w,
                            int swap);
void exsi_store_copy_stream(unsigned char *dst, const unsigned char *src, int64_t n, int w,
                            int swap);

/* Slabs the direct path has read since open (for tests). */
int64_t exsi_store_cdf_direct_reads(const exsi_store_cdf_direct *d);

#endif
