/* h5_direct.h -- the netCDF-4 direct read path (storage-internal).
 *
 * A netCDF-4 variable without filters is an HDF5 dataset whose values sit
 * in the file as they are in memory on a little-endian machine: contiguous
 * at one offset, or in chunks at offsets HDF5's chunk index names.
 * h5_direct.c asks HDF5 (its own handle on the file netCDF has open) for
 * those offsets once per variable or chunk and reads a slab with pread or
 * a mapping straight into the caller's buffer, instead of HDF5's selection
 * and type-conversion machinery. The netCDF backend routes the slabs it
 * covers here (serial read-only netCDF-4 opens; EXOSLAB_NO_DIRECT=1 turns
 * it off) and everything else to netCDF. */
#ifndef EXS_H5_DIRECT_H
#define EXS_H5_DIRECT_H

#include "internal.h"

typedef struct exsi_store_h5_direct exsi_store_h5_direct;

/* The direct reader of the netCDF-4 file at path that netCDF has open as
 * ncid (read-only), or *d = NULL (and 0) when HDF5 cannot give one (a
 * user block, a big-endian machine, a refused open). */
int exsi_store_h5_direct_open(exs_file *f, const char *path, int ncid,
                              exsi_store_h5_direct **d);
void exsi_store_h5_direct_close(exsi_store_h5_direct *d);

/* Read the slab (start, count: vi->ndims entries) of variable vi->varid
 * into buf as type t: 0, a negative EXS_* code with a message on f
 * (EXS_ECORRUPT: the file ends before the slab's bytes), or
 * EXS_CDF_DIRECT_PASS (cdf_direct.h) when netCDF should read it: filters,
 * compact or external storage, a chunk never written (fill values), a
 * buffer type that is not the stored one or its exact widening (int to
 * int64, float to double), a slab that is out of range or whose pieces are
 * not contiguous in the chunks (more than a few thousand runs). */
int exsi_store_h5_direct_get(exsi_store_h5_direct *d, exs_file *f,
                             const exsi_core_varinfo *vi, const int64_t *start,
                             const int64_t *count, int t, void *buf);
/* Slabs the direct path has read since open (for tests). */
int64_t exsi_store_h5_direct_reads(const exsi_store_h5_direct *d);

#endif
