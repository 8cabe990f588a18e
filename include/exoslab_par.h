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
 *  - each `_all` call first agrees, in the one allreduce every agreement
 *    makes, on which call it is (its name and the entity it works on:
 *    kind, id, axis, variable, step; not the slab, which is each rank's
 *    own). Ranks that make different collective calls, or the same call
 *    on different entities, all return EXS_ECOLLECTIVE instead of
 *    hanging; other arguments that must match (a step or time written)
 *    give EXS_EMISMATCH. What cannot be detected: a rank that never makes
 *    the call (the others wait for it, as in any MPI collective), and a
 *    rank inside a collective that is not an exoslab call (the caller's
 *    own MPI calls) while others are in one. See docs/reliability.md.
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
 * everything else is declared and works in both builds. On a serial handle
 * (exs_open / exs_create, in either build) an `_all` call is the plain
 * call: a communicator of one rank, nothing to agree on; so code written
 * with the `_all` forms runs unchanged serially. The partition functions
 * work there too (one rank owns everything).
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
 * boundaries are multiples of chunk; the whole chunks are dealt out (the
 * first ranks get one more) and the partial chunk at the end goes to the
 * last rank, so shares differ by at most one chunk. Rank `rank` gets
 * [*start, *start+*count); with fewer chunks than ranks some ranks get
 * count 0. EXS_EINVAL for n < 0, chunk <= 0 or a bad rank. */
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
 * widest array; the element chunk is the smallest over the blocks. The
 * slabs are then cut on the balanced alignment unit of that chunk
 * (exs_balanced_unit below), which node_chunk / elem_chunk report. */
EXS_API int exs_get_partition(exs_file *f, int64_t block_bytes,
                              exs_partition *p);

/* ------------------------------------------------------------------ */
/* Decomposition: the alignment rule.
 *
 * Alignment never costs balance. For an array of n entries whose natural
 * chunk (exs_chunk_len) is `chunk`, split over P ranks, the alignment
 * unit u is:
 *   - chunk itself when chunk <= n / (4P);
 *   - else the largest divisor of chunk that is <= n / (4P) (so every
 *     chunk boundary is still a unit boundary; for the power-of-two
 *     default of contiguous files that is a power of two);
 *   - 1 when n / (4P) < 2.
 * Whole units are dealt out in rank order (exs_split_range), so shares
 * differ by at most one unit, u is at most 1/(4P) of the array, and every
 * rank gets a share whenever n >= P. */

/* Local, pure. The alignment unit of the rule above into *unit.
 * EXS_EINVAL for n < 0, chunk <= 0 or nranks <= 0. */
EXS_API int exs_balanced_unit(int64_t n, int64_t chunk, int nranks,
                              int64_t *unit);

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
 * nodes (e.g. an element slab's closure from exs_unique_nodes). When every
 * rank's nodes are at most 8 runs of consecutive nodes (a slab's closure,
 * whatever their order), each run is read straight into values, one
 * collective read per run (as many as the rank with the most runs has;
 * nodes two ranks ask for are read by both), and nothing travels.
 * Otherwise each rank reads only its own node slab of p, in one
 * collective read, and the values travel to the ranks that asked in one
 * all-to-all exchange of ids and one of values. The ranks' node slabs
 * must tile the nodes in rank order (exs_get_partition's do), either way.
 * Temporary memory: none for runs; else the rank's node slab and its
 * requests. Works on serial handles too (a plain read). */
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
EXS_API int exs_get_order_map_all(exs_file *f, int64_t start, int64_t count,
                                  exs_type t, void *buf);
/* Declares the order map on every rank when definitions are still open,
 * as exs_put_order_map does. */
EXS_API int exs_put_order_map_all(exs_file *f, int64_t start, int64_t count,
                                  exs_type t, const void *buf);
/* Every rank passes the same step and time. */
EXS_API int exs_put_time_all(exs_file *f, int64_t step, double time);
/* As exs_put_times; every rank passes the same steps and values. */
EXS_API int exs_put_times_all(exs_file *f, int64_t start, int64_t count,
                              exs_type t, const void *buf);
EXS_API int exs_put_var_all(exs_file *f, exs_kind kind, int64_t id, int var,
                            int64_t step, int64_t start, int64_t count,
                            exs_type t, const void *buf);
/* As exs_put_var_steps: steps [step, step+nsteps) the file has, buf is
 * [nsteps][count]; every rank passes the same steps. */
EXS_API int exs_put_var_steps_all(exs_file *f, exs_kind kind, int64_t id,
                                  int var, int64_t step, int64_t nsteps,
                                  int64_t start, int64_t count, exs_type t,
                                  const void *buf);

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
/* Collective. As exs_put_vars_all for steps [step, step+nsteps), which the
 * file already has (exs_put_time_all first); each request's buf is
 * [nsteps][count]. Every rank passes the same steps. Still ONE collective
 * wait on PnetCDF files, one collective call per variable on netCDF-4. */
EXS_API int exs_put_vars_steps_all(exs_file *f, int64_t step, int64_t nsteps,
                                   int64_t n, const exs_var_req *reqs);

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

/* ------------------------------------------------------------------ */
/* Distributed mesh: the partition a solver computes on.
 *
 * exs_dmesh_create builds, in ONE collective call, everything a rank
 * needs to compute on its elements:
 *  - local elements, per element block of the file (every block is
 *    listed on every rank, perhaps with 0 local entries): first the
 *    owned entries in global file order, then (ghosts = 1) the ghost
 *    entries in global file order. Connectivity is flat, 0-based LOCAL
 *    node indices, nodes_per_entry values per entry;
 *  - local nodes: first the nodes this rank owns, then the shared nodes
 *    it does not own (touched by its owned elements, owned by a
 *    neighbour), then the ghost nodes (touched only by ghost elements);
 *    each group ascending in global index;
 *  - the maps local -> global: 0-based global node / element indices and
 *    the file's id maps (node_num_map / elem_num_map, 1..n without one);
 *  - coordinates of all local nodes;
 *  - per neighbour rank, the nodes both touch (Nemesis-style node
 *    communication maps), ascending in global index, which is the order
 *    on both sides.
 *
 * Ownership (deterministic): an element is owned by the rank the method
 * gives it (`linear`: the rank whose element slab of exs_get_partition
 * holds it). A node is owned by the lowest rank that owns an element
 * touching it; a node no element touches is owned by the rank whose node
 * slab holds it. So every node has exactly one owner.
 *
 * Ghosts (one layer): the elements owned by other ranks that share at
 * least one node with an element this rank owns.
 *
 * Node ownership and sharing are settled through a directory: the rank
 * whose node slab holds a node collects the ranks touching it (one
 * all-to-all exchange of ids, one of answers). Ghost elements travel in
 * one all-to-all exchange. Coordinates and id maps come through
 * exs_gather_nodal_all's route (each rank reads its own node slab). */

typedef struct exs_dmesh exs_dmesh; /* opaque */

typedef enum exs_decomp_method {
    EXS_DECOMP_LINEAR = 0, /* the chunk-aligned element slabs, no movement */
    EXS_DECOMP_RCB = 1,    /* Zoltan recursive coordinate bisection */
    EXS_DECOMP_RIB = 2,    /* Zoltan recursive inertial bisection */
    EXS_DECOMP_HSFC = 3,   /* Zoltan Hilbert space-filling curve */
    EXS_DECOMP_GRAPH = 4   /* PT-Scotch (SCOTCH_dgraphPart), dual graph */
} exs_decomp_method;

/* Local. Parse "linear", "rcb", "rib", "hsfc", "graph" (EXS_EINVAL for
 * anything else). */
EXS_API int exs_decomp_method_parse(const char *name, exs_decomp_method *m);

typedef struct exs_dmesh_opts {
    exs_decomp_method method;
    int ghosts;          /* 0: none, 1: one layer of ghost elements */
    int64_t block_bytes; /* as exs_get_partition (0 = 1 MiB) */
} exs_dmesh_opts;

/* Counts of this rank's share. */
typedef struct exs_dmesh_info {
    int num_dim;
    int64_t num_blocks;      /* element blocks of the file */
    int64_t owned_nodes, shared_nodes, ghost_nodes; /* the three groups */
    int64_t num_nodes;       /* local nodes: the sum of the three */
    int64_t owned_elems, ghost_elems, num_elems;
    int num_neighbors;       /* ranks sharing nodes with this one */
    int64_t global_nodes, global_elems;
} exs_dmesh_info;

/* Collective over f's communicator (serial handles: one rank owns all).
 * opts NULL: linear, no ghosts. Methods not in this build return
 * EXS_ENOTBUILT on every rank. *dm is NULL on failure; the message is in
 * exs_errmsg(f). The dmesh keeps f (it must stay open while dm is used
 * for fields) and owns all its memory; exs_dmesh_free releases it. */
EXS_API int exs_dmesh_create(exs_file *f, const exs_dmesh_opts *opts,
                             exs_dmesh **dm);
/* Local. Accepts NULL. */
EXS_API void exs_dmesh_free(exs_dmesh *dm);

/* Local. */
EXS_API int exs_dmesh_get_info(const exs_dmesh *dm, exs_dmesh_info *info);

/* Local. Block b (0-based position in the file): its id, nodes per
 * entry, owned and ghost entries here. */
EXS_API int exs_dmesh_block(const exs_dmesh *dm, int64_t b, int64_t *id,
                            int64_t *nodes_per_entry, int64_t *owned,
                            int64_t *ghosts);
/* Local. Block b's connectivity, (owned + ghosts) * nodes_per_entry
 * 0-based local node indices, into caller memory. */
EXS_API int exs_dmesh_conn(const exs_dmesh *dm, int64_t b, int64_t *conn);
/* Local. Block b's entries as 0-based global element indices (file
 * order across blocks) and as element ids (elem_num_map). Either may be
 * NULL. */
EXS_API int exs_dmesh_elems(const exs_dmesh *dm, int64_t b, int64_t *global,
                            int64_t *ids);
/* Local. All local nodes: 0-based global indices and node ids (either
 * may be NULL); coordinates as num_dim arrays of num_nodes doubles,
 * axis-major (xyz may be NULL). */
EXS_API int exs_dmesh_nodes(const exs_dmesh *dm, int64_t *global, int64_t *ids,
                            double *xyz);
/* Local. Neighbours (ascending ranks) and, for neighbour k, the local
 * indices of the shared nodes in the agreed order (ascending global
 * index). *n gets their number; nodes may be NULL to ask. */
EXS_API int exs_dmesh_neighbors(const exs_dmesh *dm, int *ranks);
EXS_API int exs_dmesh_shared(const exs_dmesh *dm, int k, int64_t *nodes,
                             int64_t *n);
/* Local. The owning rank of every local node (num_nodes values). */
EXS_API int exs_dmesh_node_owners(const exs_dmesh *dm, int *owners);

/* Partition quality over all ranks (the same on every rank). */
typedef struct exs_dmesh_quality {
    double elem_imbalance;   /* max owned elements / mean - 1 */
    double node_imbalance;   /* max owned nodes / mean - 1 */
    int64_t shared_nodes;    /* nodes touched by more than one rank */
    int64_t max_neighbors;   /* most neighbours of one rank */
    int64_t bytes_moved;     /* element records moved by a repartition */
    int64_t edge_cut;        /* dual-graph edges cut (graph method; else -1) */
} exs_dmesh_quality;

/* Collective. */
EXS_API int exs_dmesh_quality_all(exs_dmesh *dm, exs_dmesh_quality *q);

/* Collective. Nodal variable var (0-based) at step (0-based) at every
 * local node (num_nodes values). */
EXS_API int exs_dmesh_nodal_field(exs_dmesh *dm, int var, int64_t step,
                                  double *values);
/* Collective. Element variable var at step for every local element,
 * block after block (num_elems values); blocks where the truth table
 * says the variable is absent get NaN. */
EXS_API int exs_dmesh_elem_field(exs_dmesh *dm, int var, int64_t step,
                                 double *values);

/* ------------------------------------------------------------------ */
/* Results: copy the mesh, then add results (the composed write).
 *
 * A solver's results file keeps the input's mesh: exs_copy_mesh_all puts
 * into a new file the title, coordinates and their names, every block
 * (connectivity, attributes and their names, names, properties), set
 * (members, sides, distribution factors), id map and named map, QA and
 * info records of an open file, and defines the result variables. Then
 * each output step, exs_dmesh_write_results writes what every rank owns
 * into that one file, in the original global order. */

/* The variables of a results file (names owned by the caller, read
 * during the call only). Counts may be 0 (names NULL then). */
typedef struct exs_results_def {
    int num_global;
    const char *const *global_names;
    int num_nodal;
    const char *const *nodal_names;
    int num_elem;
    const char *const *elem_names;
    const int *elem_truth; /* blocks x num_elem, as exs_def_truth; NULL: all */
} exs_results_def;

/* Collective over dst's communicator (Local for serial handles). dst is
 * freshly made by exs_create / exs_create_par on the same ranks as src
 * (both serial or both parallel) with nothing defined yet. Copies src's
 * mesh (the list above; not its variables or steps) and defines def's
 * variables (def may be NULL: none); definitions end here, so only names,
 * properties and the variables' values may follow. Every rank reads and
 * writes its chunk-aligned slab of the nodes and element blocks
 * (exs_get_partition of src); sets, named maps, edge/face and NSIDED/
 * NFACED blocks go through rank 0. EXS_EINVAL for a source without a mesh
 * or handles on different ranks. */
EXS_API int exs_copy_mesh_all(exs_file *src, exs_file *dst,
                              const exs_results_def *def);

/* Collective over dm's communicator; out (made by exs_copy_mesh_all from
 * dm's file, open on the same ranks) gets time step `step` (0-based: the
 * next one, or one already written) at `time`:
 *  - global: the num_global values (taken from rank 0);
 *  - nodal: num_nodal arrays of num_nodes values (exs_dmesh_info), the
 *    local nodes' values, variable-major;
 *  - elem: num_elem arrays of num_elems values, the local elements block
 *    after block as exs_dmesh_elem_field gives them, variable-major.
 * Only what this rank OWNS is taken (shared and ghost entries are
 * ignored). The owned values travel with their global index to the rank
 * whose node / element slab (dm's partition, chunk-aligned) holds them
 * (one all-to-all exchange for nodes, one for elements), and every rank
 * writes its slabs in one collective batch: the file holds every node and
 * element's value once, in the original order. Element variables the
 * truth table leaves out are not written. A buffer may be NULL where its
 * count of variables is 0. EXS_ESIZE when out is not a copy of the mesh. */
EXS_API int exs_dmesh_write_results(exs_dmesh *dm, exs_file *out, int64_t step,
                                    double time, const double *global,
                                    const double *nodal, const double *elem);

/* ------------------------------------------------------------------ */
/* Collective forms of the assembly, blob, reduction-variable and frame
 * accessors (exoslab.h): the serial calls' arguments, Collective. Every
 * rank names the same assembly / blob / entity, variable and step; each
 * has its own slab (count 0 takes part without data). */

EXS_API int exs_get_assembly_members_all(exs_file *f, int64_t id, int64_t start,
                                         int64_t count, exs_type t, void *buf);
EXS_API int exs_put_assembly_members_all(exs_file *f, int64_t id, int64_t start,
                                         int64_t count, exs_type t,
                                         const void *buf);
EXS_API int exs_get_red_vars_all(exs_file *f, int kind, int64_t id, int64_t step,
                                 int64_t start, int64_t count, exs_type t,
                                 void *buf);
EXS_API int exs_put_red_vars_all(exs_file *f, int kind, int64_t id, int64_t step,
                                 int64_t start, int64_t count, exs_type t,
                                 const void *buf);
EXS_API int exs_get_blob_var_all(exs_file *f, int64_t id, int var, int64_t step,
                                 int64_t start, int64_t count, exs_type t,
                                 void *buf);
EXS_API int exs_put_blob_var_all(exs_file *f, int64_t id, int var, int64_t step,
                                 int64_t start, int64_t count, exs_type t,
                                 const void *buf);
/* Every rank passes the same arrays (NULL or not) to exs_get_frames_all. */
EXS_API int exs_get_frames_all(exs_file *f, int64_t start, int64_t count,
                               int64_t *ids, exs_type t, void *coords, char *tags);
EXS_API int exs_put_frames_all(exs_file *f, int64_t start, int64_t count,
                               const int64_t *ids, exs_type t, const void *coords,
                               const char *tags);

/* File per rank (Nemesis): a distributed mesh as a set of files.
 *
 * A set of P files base.P.r, r = 0..P-1 (exs_nemesis_name), as SEACAS's
 * decomposition tools write them: each is an Exodus II file of one rank's
 * part (its owned elements, block after block, every block of the mesh
 * listed even when empty; the nodes they touch; node sets and side sets
 * restricted to them; a set id repeated by placeholder sets is kept once)
 * plus Nemesis load-balance data readable by SEACAS's
 * Nemesis API (ex_get_init_global, ex_get_loadbal_param,
 * ex_get_cmap_params, ex_get_node_cmap, ex_get_processor_node_maps,
 * ex_get_processor_elem_maps): global counts, block ids and counts, set
 * ids and counts; internal and border nodes and elements (a border node
 * is shared with another rank, a border element touches one); one node
 * communication map per neighbour rank (its id the neighbour's rank, the
 * shared nodes ascending in global number); one element communication
 * map per neighbour rank sharing element sides (each owned element's
 * side, by Exodus side number, that an element of that rank also has:
 * QUAD, TRI, HEX, TET, WEDGE and PYRAMID blocks; one exchange of the
 * sides' node numbers with the neighbours settles it). Where the source
 * has a node (element) id map, node_num_map (elem_num_map) holds its ids,
 * as SEACAS's nem_spread writes them, and the named node (element) map
 * "exs_global_position" (id 1) the 1-based global positions; without one
 * node_num_map / elem_num_map hold the positions and no named map is
 * written. Also written: element block attributes of the owned entries,
 * node-set distribution factors, side-set distribution factors where
 * every side of the set has the same shape (one topology, one kind of
 * side), and every step of the file's global, nodal and element
 * variables (read collectively one step at a time, each part getting its
 * nodes' and owned elements' values). Not written: ghosts, external
 * nodes (a part holds only the nodes of its owned elements, so there
 * are none), set variables, other entities (edge/face blocks, element
 * sets, assemblies). */

/* Local, pure. "base.nprocs.rank" into buf (cap bytes), the rank
 * zero-padded to the width of nprocs (SEACAS's rule: mesh.e.16.03).
 * EXS_EINVAL for a bad rank or nprocs, EXS_ENAMELEN when cap is short. */
EXS_API int exs_nemesis_name(const char *base, int nprocs, int rank, char *buf,
                             size_t cap);

/* Collective over dm's communicator. Every rank writes its part of dm
 * to exs_nemesis_name(base, P, rank) through a serial create of its own
 * (opts as for exs_create, NULL: defaults; clobber 0 keeps existing
 * files and fails). Ghost elements and ghost nodes are not written. Each
 * rank reads every node and side set of dm's file once (collectively) to
 * keep its members. On failure every rank returns the worst code, and
 * exs_dmesh_errmsg(dm) names the failing rank and file; each file is
 * crash-safe as any exs_create (an existing one is replaced only by a
 * complete new one), but files other ranks completed stay. */
EXS_API int exs_dmesh_write_nemesis(exs_dmesh *dm, const char *base,
                                    const exs_create_opts *opts);

#ifdef EXOSLAB_HAVE_MPI
/* Collective over comm (duplicated; the mesh keeps the duplicate). Read
 * the set base.P.r, P the size of comm: rank r opens base.P.r alone
 * (serial reads) and builds its part as exs_dmesh_create would lay it
 * out: every element of its file owned, local nodes owned then shared
 * (no ghosts), global indices from the named maps "exs_global_position"
 * where a part has them, else from node_num_map / elem_num_map (which
 * must be global numbers 1..num_nodes_global / 1..num_elems_global, each
 * block's elements within its global range), node and element ids from
 * node_num_map / elem_num_map, neighbours and shared nodes
 * from the node communication maps. A node is owned by the lowest rank
 * holding it. Checks that every file opens, is a Nemesis part of a set of
 * P, that all parts agree on the global counts and blocks (EXS_EMISMATCH
 * otherwise) and that together they hold every global element once
 * (EXS_EBADMODEL); a set of a different size is EXS_ESIZE. Every rank
 * returns the same code, msg (msglen bytes, may be NULL) the failing
 * rank's message. The mesh holds no file to read fields from:
 * exs_dmesh_nodal_field / exs_dmesh_elem_field return EXS_ENOTSUP. */
EXS_API int exs_dmesh_read_nemesis_par(const char *base, MPI_Comm comm,
                                       exs_dmesh **dm, char *msg, size_t msglen);
#endif

/* Local. The same for a set of one file, base.1.0 (both builds). */
EXS_API int exs_dmesh_read_nemesis(const char *base, exs_dmesh **dm, char *msg,
                                   size_t msglen);

/* Local. The last message of dm's calls (a mesh read from a Nemesis set
 * has no file handle of the caller's to hold it). Owned by dm. */
EXS_API const char *exs_dmesh_errmsg(const exs_dmesh *dm);

#ifdef __cplusplus
}
#endif

#endif /* EXOSLAB_PAR_H */
