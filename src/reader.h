/*
 * reader.h -- the pieces the bulk topic files (coords.c, blocks.c, attrs.c,
 * sets.c, maps.c, vars.c) share: one stored array resolved to its variable
 * (one resolver per topic, for the get and the put), a message label naming
 * variable and entity, and the single read into the caller's buffer.
 */
#ifndef EXS_READER_H
#define EXS_READER_H

#include "internal.h"

#define EXS_WHAT_LEN 192

/* One stored array, as a slab accessor sees it: `n` entries of `width`
 * values, stored as (lead..., n, width), (lead..., n * width) or
 * (lead..., n) when width is 1. */
typedef struct exsi_read_arr {
    char name[64];           /* variable name ("connect2") */
    char what[EXS_WHAT_LEN]; /* "connect2 of element block 11" */
    int found;               /* 1: the variable exists */
    exsi_core_varinfo vi;
    int64_t n;               /* entries the slab indexes */
    int64_t width;           /* values per entry (1 for flat arrays) */
    int nlead;               /* leading dimensions (time, variable) */
    int64_t lead_start[2];
    int64_t lead_count[2];
} exsi_read_arr;

/* Name the array after fmt(a, b) and label it for messages with `owner`
 * ("element block 11"; NULL: the name alone). Looks the variable up; a
 * missing one leaves found 0 (no error). */
int exsi_read_arr_init(exs_file *f, exsi_read_arr *arr, const char *fmt, int64_t a,
                 int64_t b, const char *owner);

/* Check buffer type (float data or not), buffer pointer and slab against
 * arr->n, with arr->what in any message. The stored type must suit the
 * data: integer data (connectivity, members, maps) stored as floating
 * point or text, or float data stored as text, is EXS_EBADMODEL -- a
 * conversion would truncate 1.7 to 1 silently. */
int exsi_read_arr_check(exs_file *f, const exsi_read_arr *arr, int64_t start, int64_t count,
                  exs_type t, int want_float, const void *buf);

/* The one storage read of entries [start, start+count) into buf. A missing
 * variable is an error naming it unless there is nothing to read (n == 0).
 * A failure's message is prefixed with arr->what. */
int exsi_read_arr_read(exs_file *f, const exsi_read_arr *arr, int64_t start, int64_t count,
                 exs_type t, void *buf);

/* Fill buf with start+1 .. start+count (the map a file without one
 * implies). EXS_EOVERFLOW when the values do not fit t. */
int exsi_read_fill_identity(exs_file *f, const char *what, int64_t start,
                      int64_t count, exs_type t, void *buf);

/* Fill buf with count copies of v (integer buffer). */
int exsi_read_fill_const(exs_file *f, const char *what, int64_t v, int64_t count,
                   exs_type t, void *buf);

/* Stored netCDF types: integral (byte .. uint64, not char) or not. */
static inline int exsi_read_xtype_integral(int xt)
{
    return xt == EXS_NC_BYTE || xt == EXS_NC_SHORT || xt == EXS_NC_INT ||
           xt == EXS_NC_INT64 || (xt >= 7 && xt <= 11 && xt != EXS_NC_INT64);
}
static inline const char *exsi_read_xtype_name(int xt)
{
    static const char *const n[] = {"?", "byte", "char", "short", "int", "float",
                                    "double", "ubyte", "ushort", "uint", "int64",
                                    "uint64"};
    return xt >= 1 && xt <= 11 ? n[xt] : "a non-numeric type";
}

/* The slab of the stored variable that entries [start, start+count) of
 * arr are: the leading dimensions (arr->lead_start/count), then the
 * entries and their values, whichever of the three layouts the file
 * uses. EXS_EBADMODEL naming arr->what when the stored shape cannot hold
 * arr->n entries of arr->width values. Reads and writes both use it. */
int exsi_read_arr_slab(exs_file *f, const exsi_read_arr *arr, int64_t start, int64_t count,
                 int64_t *st, int64_t *ct);

/* ---- the resolvers: one per topic, shared by get and put ---- */

/* Connectivity `which` of block e, from the model alone: the variable's
 * name format, the entries a slab indexes (*n) and the values per entry
 * (*width). NSIDED node and NFACED face connectivity is flat: *n values
 * of width 1. EXS_EINVAL (no message): unknown `which`; EXS_ENOTFOUND:
 * the kind has no such connectivity (edges or faces of an edge or face
 * block). exs_get_conn_extent reports the same shape. */
int exsi_block_conn_shape(exs_kind kind, const exsi_core_entity *e, exs_conn which,
                   const char **fmt, int64_t *n, int64_t *width);
/* The connectivity's array (exsi_block_conn_shape, then its variable): missing
 * is EXS_ENOTFOUND unless the block is empty. blocks.c; the writer's
 * exs_put_conn uses it too. */
int exsi_block_conn_arr(exs_file *f, exs_kind kind, const exsi_core_entity *e,
                 exs_conn which, exsi_read_arr *arr);
/* Results variable `var` (0-based) of (kind, id): the global values, a
 * nodal variable (either layout) or an entity's; the truth table
 * honoured. lead_start/count[0] (the step) is the caller's. vars.c;
 * exs_put_var uses it too. */
int exsi_var_arr(exs_file *f, exs_kind kind, int64_t id, int var, exsi_read_arr *arr);
/* Coordinate `axis` of the nodes: coordx/y/z or the combined coord.
 * coords.c; exs_put_coord uses it too. */
int exsi_coord_arr(exs_file *f, int axis, exsi_read_arr *arr);

/* Time values (time_whole), num_times entries. vars.c; exs_put_time too. */
int exsi_var_time_arr(exs_file *f, exsi_read_arr *arr);
/* Per-entry node counts of an NSIDED/NFACED block (ebepecnt<i>,
 * fbepecnt<i>). blocks.c; exs_put_entry_counts too. */
int exsi_block_counts_arr(exs_file *f, exs_kind kind, const exsi_core_entity *e,
                          exsi_read_arr *arr);
/* Attributes of an owner exsi_attr_owner found (a block, a set, the
 * nodes): entries x num_attr. attrs.c; exs_put_attr too. */
int exsi_attr_arr(exs_file *f, exs_kind kind, int64_t id, const exsi_core_entity *e,
                  exsi_read_arr *arr);
/* One part of a set: its members, its sides or orientations (entries of
 * the set), or its distribution factors (num_df). sets.c; exs_put_set and
 * exs_put_df too. */
typedef enum exsi_set_part { EXSI_SET_MEMBERS, EXSI_SET_EXTRA, EXSI_SET_DF } exsi_set_part;
int exsi_set_arr(exs_file *f, exs_kind kind, const exsi_core_entity *e,
                 exsi_set_part part, exsi_read_arr *arr);
/* A map kind's id map (e NULL) or its named map e, exsi_kind_total
 * entries; the legacy order map elem_map (1-D only), num_elem entries.
 * maps.c; exs_put_id_map, exs_put_map and exs_put_order_map too. */
int exsi_map_arr(exs_file *f, exs_kind map_kind, const exsi_core_entity *e,
                 exsi_read_arr *arr);
int exsi_map_order_arr(exs_file *f, exsi_read_arr *arr);

/* "element block 11" into buf. */
void exsi_read_owner_label(char *buf, size_t cap, exs_kind kind, int64_t id);

#endif
