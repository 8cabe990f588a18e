/* nemesis_vars.h -- Nemesis load-balance data beyond the Exodus model
 * (internal): extra dimensions and integer variables, defined into a
 * file being written and read back by name. Names and shapes follow
 * SEACAS's exodusII_int.h (num_int_node, node_mapi, n_comm_ids, ...). */
#ifndef EXS_NEMESIS_H
#define EXS_NEMESIS_H

#include "internal.h"

typedef struct exsi_nem_dim {
    const char *name;
    int64_t len; /* 0: not defined (SEACAS leaves empty ones out) */
} exsi_nem_dim;

typedef struct exsi_nem_var {
    const char *name;
    const char *dim;      /* NULL: a scalar */
    int64_t n;            /* values: the dimension's length, 1 for a scalar */
    const int64_t *vals;
} exsi_nem_var;

/* Local, on a serial handle made by exs_create whose Exodus data is
 * written. Ends definitions, re-enters define mode once, defines the
 * dimensions of nonzero length, the variables (the file's integer type)
 * whose dimension exists and the nemesis_file_version /
 * nemesis_api_version attributes, then writes the values. */
int exsi_nem_put(exs_file *f, int ndims, const exsi_nem_dim *dims, int nvars,
                const exsi_nem_var *vars);

/* Local. Length of a dimension, 0 when the file has none of that name. */
int64_t exsi_nem_dim_len(exs_file *f, const char *name);

/* Local. The n values of integer variable `name` (n 0: nothing read,
 * the variable may be absent). EXS_EBADMODEL when it is missing or its
 * length is not n. */
int exsi_nem_get(exs_file *f, const char *name, int64_t n, int64_t *vals);

#endif
