/*
 * exoslab_par.h -- parallel (MPI) access to one shared Exodus II file.
 *
 * A parallel handle comes from exs_open_par / exs_create_par, which
 * duplicate the caller's communicator (freed by exs_close, which is then
 * collective). On such a handle:
 *  - the plain accessors of exoslab.h are independent accesses: each rank
 *    reads or writes its own slab, without waiting for the others;
 *  - the `_all` accessors below take the same arguments and are
 *    Collective: every rank calls them, in the same order, each with its
 *    own slab (count 0 is fine: a rank with nothing to do still calls).
 *    Ranks agree on the outcome before returning: if any rank fails, all
 *    return the worst code and exs_errmsg() holds the failing rank's
 *    message, prefixed "rank R: ". A failure never leaves a rank waiting.
 *  - writes to record (time-dependent) data of netCDF-4 files must use the
 *    `_all` forms (parallel HDF5 extends datasets collectively);
 *  - compressed (deflate) netCDF-4 variables can only be accessed
 *    collectively (parallel HDF5's rule for filtered data): a plain
 *    accessor on such a variable is run as a collective call, so every rank
 *    must make it, as with the `_all` forms. A rank alone would wait.
 *
 * netCDF-4 files go through netCDF-C's parallel HDF5; CDF-1/2/5 files
 * through PnetCDF, where a batch (exs_get_vars_all, exs_get_elem_conn_all)
 * is posted as nonblocking requests finished by ONE collective wait.
 *
 * The MPI_Comm entry points exist only in the MPI build (EXOSLAB_HAS_MPI in
 * exoslab_config.h, which defines EXOSLAB_HAVE_MPI: consumers define nothing);
 * everything else is declared in both builds. In the serial build the
 * `_all` calls return EXS_ENOPAR; the partition functions work there too
 * (one rank owns everything).
 */
#ifndef EXOSLAB_PAR_H
#define EXOSLAB_PAR_H

#include "exoslab.h"

#ifdef EXOSLAB_HAVE_MPI
#include <mpi.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Open and create. */

#ifdef EXOSLAB_HAVE_MPI
/* Collective over comm. Open an existing file (EXS_READ / EXS_WRITE) on
 * every rank of comm, which is duplicated. info is passed to PnetCDF
 * (MPI_INFO_NULL is fine). Every rank reads the metadata; on failure every
 * rank returns the same code, *f is NULL, and exs_open_par_err copies the
 * failing rank's message into msg (msglen bytes; msg may be NULL). */
EXS_API int exs_open_par(const char *path, int mode, MPI_Comm comm,
                         MPI_Info info, exs_file **f);
EXS_API int exs_open_par_err(const char *path, int mode, MPI_Comm comm,
                             MPI_Info info, exs_file **f, char *msg,
                             size_t msglen);

/* Collective over comm. Create a file for parallel writing: netCDF-4
 * formats through parallel HDF5, the others through PnetCDF. opts as for
 * exs_create (NULL: defaults); opts->nparts 0 or 1 becomes the comm size,
 * so netCDF-4 chunks are whole per writer's partition. Definitions
 * (exs_def_*, names, QA) are then made by every rank with the same
 * arguments; the header is written at exs_end_define or at the first
 * collective write. */
EXS_API int exs_create_par(const char *path, const exs_create_opts *opts,
                           MPI_Comm comm, MPI_Info info, exs_file **f);
EXS_API int exs_create_par_err(const char *path, const exs_create_opts *opts,
                               MPI_Comm comm, MPI_Info info, exs_file **f,
                               char *msg, size_t msglen);
#endif

/* ------------------------------------------------------------------ */
/* Partition: contiguous, chunk-aligned slabs of nodes and elements. */

/* Local, pure. Split [0, n) into nranks contiguous ranges whose
 * boundaries are multiples of chunk; whole chunks are dealt out so shares
 * differ by at most one chunk. Rank `rank` gets [*start, *start+*count);
 * ranks past the last chunk get count 0 (start n). EXS_EINVAL for n < 0,
 * chunk <= 0 or a bad rank. */
EXS_API int exs_split_range(int64_t n, int64_t chunk, int nranks, int rank,
                            int64_t *start, int64_t *count);

/* This rank's slabs. Nodes [node_start, node_start+node_count), elements
 * [elem_start, +elem_count) in file order across element blocks (0-based
 * global indices), cut on multiples of node_chunk / elem_chunk. */
typedef struct exs_partition {
    int64_t node_start, node_count;
    int64_t elem_start, elem_count;
    int64_t node_chunk, elem_chunk;
} exs_partition;

/* Local. The partition of f over its communicator (one rank for a serial
 * handle). Chunk lengths are read from the file (exs_chunk_len): HDF5
 * chunks when chunked, else the entries in block_bytes (0 = 1 MiB) of the
 * widest array; the element chunk is the smallest over the blocks. */
EXS_API int exs_get_partition(exs_file *f, int64_t block_bytes,
                              exs_partition *p);

/* One element block's share of an element slab: entries
 * [block_start, block_start+count) of block block_id (0-based within the
 * block), landing at entry slab_offset of the slab. */
typedef struct exs_block_piece {
    int64_t block_id, block_start, count, slab_offset;
} exs_block_piece;

/* Local. The pieces of element slab [elem_start, elem_start+elem_count),
 * in file order, non-empty ones only. *n gets their number; pieces may be
 * NULL to ask for it; more than cap is EXS_ESIZE (with *n set). */
EXS_API int exs_partition_pieces(exs_file *f, int64_t elem_start,
                                 int64_t elem_count, exs_block_piece *pieces,
                                 int64_t cap, int64_t *n);

/* Local. The distinct node numbers (1-based, ascending) among the n values
 * of conn, into out (room for n values; out may be conn itself); *nout
 * gets how many. Given an element slab's connectivity, this is the slab's
 * node closure: the nodes it owns and its ghost nodes alike. O(n log n). */
EXS_API int exs_unique_nodes(const int64_t *conn, int64_t n, int64_t *out,
                             int64_t *nout);

/* The nodal fields exs_gather_nodal_all fetches. */
typedef enum exs_nodal_field {
    EXS_FIELD_COORD = 0, /* coordinate `sub` (axis) */
    EXS_FIELD_VAR = 1    /* nodal variable `sub` at `step` */
} exs_nodal_field;

/* Collective. values[i] = the field at node nodes[i] (1-based), for any
 * nodes (e.g. an element slab's closure from exs_unique_nodes). Each rank
 * reads only its own node slab of p, in one collective read, and the
 * values travel to the ranks that asked in one all-to-all exchange of ids
 * and one of values. The ranks' node slabs must tile the nodes in rank
 * order (exs_get_partition's do). Temporary memory: the rank's node slab
 * and its requests. Works on serial handles too (a plain read). */
EXS_API int exs_gather_nodal_all(exs_file *f, const exs_partition *p,
                                 exs_nodal_field what, int sub, int64_t step,
                                 int64_t n, const int64_t *nodes, double *values);

/* ------------------------------------------------------------------ */
/* Collective accessors: the serial accessors' arguments, Collective. */

EXS_API int exs_get_coord_all(exs_file *f, int axis, int64_t start,
                              int64_t count, exs_type t, void *buf);
EXS_API int exs_get_conn_all(exs_file *f, exs_kind kind, int64_t id,
                             exs_conn which, int64_t start, int64_t count,
                             exs_type t, void *buf);
EXS_API int exs_get_attr_all(exs_file *f, exs_kind kind, int64_t id,
                             int64_t start, int64_t count, exs_type t,
                             void *buf);
EXS_API int exs_get_set_all(exs_file *f, exs_kind kind, int64_t id,
                            int64_t start, int64_t count, exs_type t,
                            void *entries, void *extra);
EXS_API int exs_get_df_all(exs_file *f, exs_kind kind, int64_t id,
                           int64_t start, int64_t count, exs_type t, void *buf);
EXS_API int exs_get_entry_counts_all(exs_file *f, exs_kind kind, int64_t id,
                                     int64_t start, int64_t count, exs_type t,
                                     void *buf);
EXS_API int exs_get_id_map_all(exs_file *f, exs_kind map_kind, int64_t start,
                               int64_t count, exs_type t, void *buf);
EXS_API int exs_get_map_all(exs_file *f, exs_kind map_kind, int64_t id,
                            int64_t start, int64_t count, exs_type t,
                            void *buf);
EXS_API int exs_get_times_all(exs_file *f, int64_t start, int64_t count,
                              exs_type t, void *buf);
EXS_API int exs_get_var_all(exs_file *f, exs_kind kind, int64_t id, int var,
                            int64_t step, int64_t start, int64_t count,
                            exs_type t, void *buf);
EXS_API int exs_get_var_steps_all(exs_file *f, exs_kind kind, int64_t id,
                                  int var, int64_t step, int64_t nsteps,
                                  int64_t start, int64_t count, exs_type t,
                                  void *buf);

EXS_API int exs_put_coord_all(exs_file *f, int axis, int64_t start,
                              int64_t count, exs_type t, const void *buf);
EXS_API int exs_put_conn_all(exs_file *f, exs_kind kind, int64_t id,
                             exs_conn which, int64_t start, int64_t count,
                             exs_type t, const void *buf);
EXS_API int exs_put_attr_all(exs_file *f, exs_kind kind, int64_t id,
                             int64_t start, int64_t count, exs_type t,
                             const void *buf);
EXS_API int exs_put_set_all(exs_file *f, exs_kind kind, int64_t id,
                            int64_t start, int64_t count, exs_type t,
                            const void *entries, const void *extra);
EXS_API int exs_put_df_all(exs_file *f, exs_kind kind, int64_t id,
                           int64_t start, int64_t count, exs_type t,
                           const void *buf);
EXS_API int exs_put_entry_counts_all(exs_file *f, exs_kind kind, int64_t id,
                                     int64_t start, int64_t count, exs_type t,
                                     const void *buf);
EXS_API int exs_put_id_map_all(exs_file *f, exs_kind map_kind, int64_t start,
                               int64_t count, exs_type t, const void *buf);
EXS_API int exs_put_map_all(exs_file *f, exs_kind map_kind, int64_t id,
                            int64_t start, int64_t count, exs_type t,
                            const void *buf);
/* Every rank passes the same step and time. */
EXS_API int exs_put_time_all(exs_file *f, int64_t step, double time);
EXS_API int exs_put_var_all(exs_file *f, exs_kind kind, int64_t id, int var,
                            int64_t step, int64_t start, int64_t count,
                            exs_type t, const void *buf);

/* ------------------------------------------------------------------ */
/* Batches: one collective operation for many slabs. */

/* One variable slab: as exs_get_var / exs_put_var's arguments (the step
 * is the batch's). buf is read (put) or filled (get). */
typedef struct exs_var_req {
    exs_kind kind;
    int64_t id;
    int var;
    int64_t start, count;
    exs_type t;
    void *buf;
} exs_var_req;

/* Collective. Read (write) n variable slabs of time step `step`. Ranks may
 * pass different lists (different lengths too; n may be 0). On PnetCDF
 * files this is ONE collective wait (stats.collective_calls += 1); on
 * netCDF-4 files one collective call per variable named by any rank. */
EXS_API int exs_get_vars_all(exs_file *f, int64_t step, int64_t n,
                             const exs_var_req *reqs);
EXS_API int exs_put_vars_all(exs_file *f, int64_t step, int64_t n,
                             const exs_var_req *reqs);

/* Collective. Node connectivity of element slab [elem_start,
 * elem_start+elem_count) (global, file order; e.g. a partition's), all
 * block pieces in one operation. buf gets, piece after piece, count *
 * nodes_per_entry values of each piece. NSIDED/NFACED blocks in the slab
 * are EXS_ENOTSUP. */
EXS_API int exs_get_elem_conn_all(exs_file *f, int64_t elem_start,
                                  int64_t elem_count, exs_type t, void *buf);
EXS_API int exs_put_elem_conn_all(exs_file *f, int64_t elem_start,
                                  int64_t elem_count, exs_type t,
                                  const void *buf);

#ifdef __cplusplus
}
#endif

#endif /* EXOSLAB_PAR_H */
