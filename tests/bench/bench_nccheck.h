/*
 * bench_nccheck.h -- find the benchmark mesh's bulk arrays by their netCDF
 * names and check them against the closed-form values. Compiled into each
 * program with the netCDF that program uses.
 */
#ifndef EXS_BENCH_NCCHECK_H
#define EXS_BENCH_NCCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "bench_common.h"

/* Which array a netCDF variable holds. Returns 1 for a bulk array of the
 * benchmark mesh (per_step: stored (time_step, entries)), 0 otherwise. */
int bench_nc_array_of(const bench_geom *g, const char *name, bench_array *arr,
                      int64_t *a, int *per_step);

/* Bulk arrays a complete benchmark file holds. */
int bench_nc_expected_arrays(const bench_geom *g);

/* Check a whole variable read in its stored type (nc_type xtype). Sets
 * *known as bench_nc_array_of; returns the mismatches. */
int64_t bench_nc_check_var(const bench_geom *g, const char *name, int xtype,
                           const void *buf, int *known, const char *who);

/* Read a benchmark file back with netCDF-C, one variable (one step of a
 * time-dependent one) at a time, and check every bulk array. Returns the
 * mismatches (a missing array counts as one), or -1 when the file cannot
 * be read (message in note). */
int64_t bench_nc_check_file(const char *path, const bench_geom *g, char *note,
                            size_t cap);

#endif /* EXS_BENCH_NCCHECK_H */
