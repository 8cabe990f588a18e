/*
 * bench_ncfile.h -- write a bench_mesh with plain netCDF-C in the layout
 * libexodusII writes (dimensions, variables, attributes, no fill). Used by
 * exs_bench_gen and as the netCDF-C peer of exs_bench_write.
 */
#ifndef EXS_BENCH_NCFILE_H
#define EXS_BENCH_NCFILE_H

#include <stddef.h>
#include <stdint.h>

#include "bench_common.h"

typedef enum bench_format { BENCH_NC4 = 0, BENCH_CDF5, BENCH_CDF2 } bench_format;

typedef struct bench_nc_opts {
    bench_format format;
    int64_t chunk_nodes; /* netCDF-4 chunk length of nodal arrays; 0: default */
    int64_t chunk_elems; /* ... of element arrays; 0: netCDF's default */
    int deflate;         /* netCDF-4 deflate level, 0 = off */
    int cache_off;       /* netCDF-4: per-variable chunk cache 0 once in data
                            mode (whole chunks then go straight to HDF5's
                            file layer: no copy, no cache memory) */
} bench_nc_opts;

/* "nc4" / "cdf5" / "cdf2" -> format; -1 if unknown. */
int bench_format_parse(const char *s);
const char *bench_format_name(bench_format f);

/* Create path (clobbering) and write every array of m. Returns 0, or a
 * netCDF status with a message in err. */
int bench_nc_write(const char *path, const bench_mesh *m,
                   const bench_nc_opts *o, char *err, size_t errlen);

#endif /* EXS_BENCH_NCFILE_H */
