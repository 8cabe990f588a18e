/*
 * exs_nc.h -- direct netCDF-C reads for tests that compare exoslab's
 * answers with what the file holds (no exoslab code involved).
 */
#ifndef EXS_NC_H
#define EXS_NC_H

#include <stdint.h>

/* Whole variable `name` as doubles / int64 in a malloc'ed array (free it).
 * Returns the number of values, or -1 when the variable is absent or the
 * read fails. A zero-length variable gives 0 and a non-NULL pointer. */
int64_t exs_nc_get_f64(int ncid, const char *name, double **out);
int64_t exs_nc_get_i64(int ncid, const char *name, int64_t **out);

/* Length of a dimension, -1 when absent. */
int64_t exs_nc_dim(int ncid, const char *name);

/* Row `row` of a char(n, width) variable, trimmed of trailing NULs and
 * blanks, into buf (cap bytes). Returns 0, or -1 when absent. */
int exs_nc_get_row(int ncid, const char *name, int64_t row, char *buf,
                   size_t cap);
/* Same for qa_records(n, 4, len): record r, field j. */
int exs_nc_get_qa(int ncid, int64_t r, int j, char *buf, size_t cap);

/* Compare n values; on mismatch record a test failure naming ctx and the
 * first differing index. Counts as one check. Returns mismatches. */
int64_t exs_cmp_f64(const char *ctx, const double *got, const double *want,
                    int64_t n);
int64_t exs_cmp_i64(const char *ctx, const int64_t *got, const int64_t *want,
                    int64_t n);

/* A checksum (FNV-1a 64) of a file's bytes; 0 if unreadable. */
uint64_t exs_file_checksum(const char *path);

#endif

/* A minimal Exodus II file written with netCDF-C directly (for tests of
 * slabs, chunking and bad input): num_dim 2, one TRI3 element block. */
typedef struct exs_mini {
    int cmode;           /* nc_create mode bits (NC_NETCDF4, NC_64BIT_DATA..) */
    int64_t num_nodes;   /* default 4 */
    int64_t num_elem;    /* num_elem dimension; default = block entries */
    int64_t blk_entries; /* num_el_in_blk1; default 2 */
    int64_t conn_rows;   /* first dimension of connect1; default blk_entries */
    int64_t chunk;       /* netCDF-4 chunk length of coordx/y (0: default) */
    int no_entry_dim;    /* leave num_el_in_blk1 out */
    int no_coords;       /* leave coordx/coordy out */
    int64_t big_map;     /* != 0: int64 node_num_map whose last value is this */
} exs_mini;

/* Write it; 0 or the netCDF status. Coordinates are x = i, y = 2i. */
int exs_nc_write_mini(const char *path, const exs_mini *m);
