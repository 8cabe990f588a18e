/*
 * exoslab.h -- partitioned, slab-native I/O of Exodus II mesh files.
 *
 * Conventions that hold for every declaration below:
 *  - Every function returns 0 on success or a negative EXS_E* code.
 *    exs_strerror(code) names the code; exs_errmsg(f) says what and where
 *    (file, variable, entity id) for the last failure on that handle.
 *  - Ids, counts and offsets are int64_t. Entity ids are the user ids stored
 *    in the file (eb_prop1 etc.); node and element numbers inside
 *    connectivity, set members and maps are 1-based, as stored.
 *  - Every bulk accessor takes a slab (start, count) of 0-based entries and
 *    a buffer the CALLER owns, with its element type. The library converts
 *    in the single netCDF read/write pass; it never allocates bulk data.
 *  - Strings returned as `const char *` (names, title, QA/info) are owned by
 *    the handle and stay valid until exs_close().
 *  - "Local" calls touch only this process. In a parallel open (see
 *    exoslab_par.h) every call that touches the file is collective; the
 *    functions here are then called by all ranks with their own slabs.
 *
 * This header never includes mpi.h. A serial build provides every symbol of
 * exoslab_par.h's serial counterparts, returning EXS_ENOPAR.
 *
 * Threads. Any number of threads may open, read, write and close
 * DIFFERENT handles at the same time, on the same file or on different
 * ones (several readers of one file are fine; as with netCDF, a file that
 * one handle writes must not be open in another). Every call into
 * netCDF, HDF5 and PnetCDF runs under one process-wide recursive lock, so
 * the file access itself is serialised: threads are safe, not faster.
 * A handle belongs to no thread, but two threads must not use ONE handle
 * at the same time (it holds the last message, counters and caches): a
 * caller sharing a handle serialises its calls with its own lock. Calls
 * without a handle (exs_strerror, exs_errname, exs_topo_*, exs_version_*,
 * exs_iter_*, exs_create_opts_init) are always safe. The library turns
 * HDF5's automatic error printing off in each thread that calls it (its
 * errors come back as codes and messages); that also silences the
 * caller's own HDF5 calls in those threads. Parallel handles
 * (exoslab_par.h) hold the lock while a collective call waits for the
 * other ranks: make their calls from one thread per process (MPI's
 * FUNNELED or SERIALIZED level suffices); other threads may use serial
 * handles meanwhile.
 */
#ifndef EXOSLAB_H
#define EXOSLAB_H

#include <stddef.h>
#include <stdint.h>

#include "exoslab_config.h" /* EXOSLAB_HAS_MPI: which variant this is */
#include "exoslab_export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EXS_VERSION_MAJOR 0
#define EXS_VERSION_MINOR 1
#define EXS_VERSION_PATCH 0
#define EXS_VERSION_NUMBER \
    (EXS_VERSION_MAJOR * 10000 + EXS_VERSION_MINOR * 100 + EXS_VERSION_PATCH)

/* Local. EXS_VERSION_NUMBER of the library actually linked. */
EXS_API int exs_version_number(void);
/* Local. "MAJOR.MINOR.PATCH (serial|mpi)"; static storage. */
EXS_API const char *exs_version_string(void);

/* ------------------------------------------------------------------ */
/* Errors: one table, expanded into the enum, exs_errname and strerror. */

#define EXS_ERROR_TABLE(X)                                                   \
    X(EXS_OK, 0, "success")                                                  \
    X(EXS_EINVAL, -1, "invalid argument")                                    \
    X(EXS_ENOMEM, -2, "out of memory")                                       \
    X(EXS_ENOFILE, -3, "file cannot be opened")                              \
    X(EXS_ENOTNC, -4, "not a netCDF file")                                   \
    X(EXS_ECORRUPT, -5, "file is truncated or corrupt")                      \
    X(EXS_ENOTEXO, -6, "not an Exodus II file (required dimension missing)") \
    X(EXS_EBADMODEL, -7, "inconsistent Exodus II model in the file")         \
    X(EXS_ENOTFOUND, -8, "no such entity id, name or variable")              \
    X(EXS_ERANGE, -9, "slab or index out of range")                          \
    X(EXS_ETYPE, -10, "buffer type does not suit this data")                 \
    X(EXS_EOVERFLOW, -11, "value does not fit the buffer type")              \
    X(EXS_EMODE, -12, "operation not allowed in this file mode")             \
    X(EXS_EEXIST, -13, "file exists and clobber was not asked for")          \
    X(EXS_EDEFINED, -14, "already defined")                                  \
    X(EXS_ENAMELEN, -15, "name longer than the file's name length")          \
    X(EXS_ENOTSUP, -16, "not supported by this build or file format")        \
    X(EXS_ENOPAR, -17, "parallel call in a serial build")                    \
    X(EXS_ENETCDF, -18, "netCDF library error")                              \
    X(EXS_EPNETCDF, -19, "PnetCDF library error")                            \
    X(EXS_EMPI, -20, "MPI error")                                            \
    X(EXS_ESIZE, -21, "sizes do not match")                                  \
    X(EXS_EWRITE, -22, "write or flush failed")                              \
    X(EXS_EREMOTE, -23, "another rank failed")                               \
    X(EXS_EMISMATCH, -24, "ranks disagree on the arguments of a collective call") \
    X(EXS_ECOLLECTIVE, -25, "ranks made different collective calls")         \
    X(EXS_ENOTBUILT, -26, "this build does not include that method")

#define EXS_X_ENUM_(name, code, text) name = code,
typedef enum exs_error { EXS_ERROR_TABLE(EXS_X_ENUM_) EXS_ERROR_END_ = -27 } exs_error;
#undef EXS_X_ENUM_

/* Local. Static text for a code ("slab or index out of range"). */
EXS_API const char *exs_strerror(int code);
/* Local. Static name of a code ("EXS_ERANGE"). */
EXS_API const char *exs_errname(int code);

/* ------------------------------------------------------------------ */
/* Types. */

typedef struct exs_file exs_file; /* opaque handle */

/* Element type of a caller's buffer. */
typedef enum exs_type { EXS_F64 = 0, EXS_F32 = 1, EXS_I64 = 2, EXS_I32 = 3 } exs_type;

/* Entity kinds, addressed as in SEACAS (EX_ELEM_BLOCK...). Maps are kinds
 * too: EXS_NODE_MAP with an id names a named map (node_map1...). */
typedef enum exs_kind {
    EXS_NODAL = 0,
    EXS_GLOBAL,
    EXS_ELEM_BLOCK,
    EXS_EDGE_BLOCK,
    EXS_FACE_BLOCK,
    EXS_NODE_SET,
    EXS_SIDE_SET,
    EXS_EDGE_SET,
    EXS_FACE_SET,
    EXS_ELEM_SET,
    EXS_NODE_MAP,
    EXS_EDGE_MAP,
    EXS_FACE_MAP,
    EXS_ELEM_MAP,
    EXS_NUM_KINDS
} exs_kind;

/* Container formats. */
typedef enum exs_format {
    EXS_FORMAT_DEFAULT = 0,   /* create: CDF-2, as libexodus */
    EXS_FORMAT_CLASSIC,       /* CDF-1 */
    EXS_FORMAT_64BIT_OFFSET,  /* CDF-2 */
    EXS_FORMAT_CDF5,          /* CDF-5 (64-bit data) */
    EXS_FORMAT_NETCDF4,       /* HDF5 */
    EXS_FORMAT_NETCDF4_CLASSIC
} exs_format;

/* Normalised element topology (the family; the node count is separate).
 * "HEX8", "hex8", "HEX", "HEXAHEDRON" all give EXS_TOPO_HEX. */
typedef enum exs_topo {
    EXS_TOPO_UNKNOWN = 0,
    EXS_TOPO_SPHERE,   /* SPHERE, POINT, CIRCLE (0-D) */
    EXS_TOPO_BAR,      /* BAR, BEAM, TRUSS, EDGE, LINE, ROD */
    EXS_TOPO_TRI,
    EXS_TOPO_QUAD,
    EXS_TOPO_SHELL,    /* quad shell (SHELL4/8/9) */
    EXS_TOPO_TRISHELL,
    EXS_TOPO_TET,
    EXS_TOPO_PYRAMID,
    EXS_TOPO_WEDGE,
    EXS_TOPO_HEX,
    EXS_TOPO_NSIDED,   /* arbitrary polygons: per-entry node counts */
    EXS_TOPO_NFACED,   /* arbitrary polyhedra: per-entry face counts */
    EXS_TOPO_SUPER,
    EXS_TOPO_BEX,      /* IGA Bezier-extraction elements (BEX_HEX...) */
    EXS_TOPO_NULL      /* a block with no entries and no type */
} exs_topo;

/* Local. Canonical upper-case family name ("HEX"). Static storage. */
EXS_API const char *exs_topo_name(exs_topo t);
/* Local. Normalise a type string as found in files. Never fails:
 * unknown strings give EXS_TOPO_UNKNOWN. */
EXS_API exs_topo exs_topo_parse(const char *type);

/* ------------------------------------------------------------------ */
/* Open and close. */

/* Open modes. */
enum { EXS_READ = 0, EXS_WRITE = 1 };

/* Local (serial open). Open an existing Exodus II file read-only
 * (EXS_READ) or for adding results (EXS_WRITE). Detects the container
 * format; a file that is netCDF but lacks mesh dimensions (a results-only
 * or load-balance file) still opens and reports zero counts.
 * On failure *f is NULL and the code says why (the message is lost with
 * the handle: use exs_open_err for it).
 *
 * EXS_WRITE changes the file in place: no temporary, no rename, so a
 * crash (or a failed write) in the middle leaves what was written so far.
 * Classic files (CDF-1/2/5): the mesh and every step completed before
 * the last exs_sync stay readable; steps after it may be missing, or
 * present with values not (or partly) written, and a name or property put
 * since may be old or new. netCDF-4 (HDF5) files: HDF5 has no crash
 * consistency, so a crash while metadata is being written can leave the
 * whole file unreadable. Copy a file that matters first, or write a new
 * one with exs_create. A failed write leaves the handle failed, as for
 * exs_create; exs_close then closes without adding anything more. */
EXS_API int exs_open(const char *path, int mode, exs_file **f);

/* Local. As exs_open, but on failure copies the message into msg
 * (msglen bytes, NUL-terminated) so it is not lost. msg may be NULL. */
EXS_API int exs_open_err(const char *path, int mode, exs_file **f, char *msg,
                         size_t msglen);

/* Local for serial handles, collective for parallel ones. Flushes and
 * closes; returns the first error (a handle whose writes failed returns
 * that failure). Accepts NULL (returns 0). The handle is freed in every
 * case. A file made by exs_create is put in place here, and only if
 * everything succeeded (see exs_create). */
EXS_API int exs_close(exs_file *f);

/* As exs_close, but on failure copies the message into msg (msglen
 * bytes, NUL-terminated), which would otherwise go with the handle. msg
 * may be NULL. The message names the code returned. */
EXS_API int exs_close_err(exs_file *f, char *msg, size_t msglen);

/* Local. The last error message of this handle ("" if none). Owned by the
 * handle. Accepts NULL (returns a static message). The text is
 * "path: context: detail (EXS_CODE)" (context, the array or call, only
 * where one was added), and after a failed collective call, on every
 * rank of a communicator of more than one, "rank R: " in front, R the
 * lowest rank that failed. A bulk read or write, a lookup by id and a
 * collective call that succeed leave it "" (and exs_errcode 0). */
EXS_API const char *exs_errmsg(const exs_file *f);

/* Local. The code of the failure exs_errmsg(f) describes: 0 if none.
 * Accepts NULL (returns EXS_EINVAL). */
EXS_API int exs_errcode(const exs_file *f);

/* ------------------------------------------------------------------ */
/* Inquiry (all Local; metadata is read at open and lives in the handle). */

typedef enum exs_inq {
    EXS_INQ_FORMAT = 0,      /* exs_format of the container */
    EXS_INQ_NUM_DIM,         /* 0 if absent (results-only file) */
    EXS_INQ_NUM_NODES,
    EXS_INQ_NUM_ELEM,
    EXS_INQ_NUM_EDGE,
    EXS_INQ_NUM_FACE,
    EXS_INQ_NUM_TIMES,
    EXS_INQ_NUM_QA,
    EXS_INQ_NUM_INFO,
    EXS_INQ_INT64_STATUS,    /* the int64_status attribute, 0 if absent */
    EXS_INQ_NAME_LEN,        /* usable name length (len_name - 1; 32 if absent) */
    EXS_INQ_MAX_NAME_USED,   /* longest name actually stored */
    EXS_INQ_FLOAT_SIZE,      /* bytes of the stored floating-point data (4/8) */
    EXS_INQ_INT_SIZE,        /* bytes of stored ids/connectivity (4/8) */
    EXS_INQ_HAS_MESH,        /* 1 if num_dim and coordinates are present */
    EXS_INQ_NEMESIS,         /* 1 if Nemesis load-balance data present */
    EXS_INQ_NUM_PROCS,       /* Nemesis num_processors, 0 if absent */
    EXS_INQ_COMPRESSED,      /* 1 if any variable is deflate-compressed */
    EXS_INQ_PARALLEL,        /* 1 for a parallel handle */
    EXS_INQ_RANK,            /* this rank in the handle's communicator */
    EXS_INQ_NRANKS,          /* size of the handle's communicator */
    EXS_INQ_ORDER_MAP,       /* 1 if the legacy order map (elem_map) is
                              * stored (or, writing, declared) */
    EXS_INQ_COUNT_
} exs_inq;

/* Local. One scalar fact about the file. */
EXS_API int exs_inquire(const exs_file *f, exs_inq what, int64_t *value);

/* Local. Title ("" if the file has none). */
EXS_API int exs_get_title(const exs_file *f, const char **title);

/* Local. Number of entities of a kind (blocks, sets, named maps). For
 * EXS_NODAL and EXS_GLOBAL this is 1 (the single implicit entity). */
EXS_API int exs_num_entities(const exs_file *f, exs_kind kind, int64_t *n);

/* Local. Ids of all entities of a kind, in file order, into the caller's
 * array of exs_num_entities() values. */
EXS_API int exs_get_ids(const exs_file *f, exs_kind kind, int64_t *ids);

/* Everything known about one block, set or named map. Strings are owned by
 * the handle. Fields that do not apply to the kind are 0 / NULL. */
typedef struct exs_entity_info {
    int64_t id;
    int64_t index;           /* 1-based position in the file (connectN) */
    int64_t num_entries;     /* entries in a block, members of a set */
    int64_t nodes_per_entry; /* blocks; NSIDED: total nodes of the block */
    int64_t edges_per_entry; /* element blocks with edge connectivity */
    int64_t faces_per_entry; /* NFACED: total faces of the block */
    int64_t num_attr;        /* attributes per entry */
    int64_t num_df;          /* sets: distribution factors (0: none) */
    int64_t offset;          /* blocks: first entry's 0-based global index */
    exs_topo topo;           /* blocks: normalised family */
    const char *type;        /* blocks: element type as stored, blanks kept
                              * ("HEX  " stays; "" if none); topo is the
                              * normalised family */
    const char *name;        /* "" if unnamed */
} exs_entity_info;

/* Local. Information on entity `id` of `kind`. EXS_ENOTFOUND for an
 * unknown id. For EXS_NODAL (id ignored) it describes the nodes as an
 * owner of attributes: num_entries is num_nodes, num_attr the node
 * attributes (SEACAS's nattrb); the other fields are 0 / "". */
EXS_API int exs_get_entity(const exs_file *f, exs_kind kind, int64_t id,
                           exs_entity_info *info);

/* Local. Look an entity up by name (exact match after trimming). */
EXS_API int exs_find_entity(const exs_file *f, exs_kind kind, const char *name,
                            int64_t *id);

/* Local. Properties (eb_prop1 "ID", eb_prop2 "MATL", ...). Property 0 is
 * always "ID". Names are owned by the handle. */
EXS_API int exs_num_props(const exs_file *f, exs_kind kind, int *n);
EXS_API int exs_get_prop_name(const exs_file *f, exs_kind kind, int prop,
                              const char **name);
EXS_API int exs_get_prop(exs_file *f, exs_kind kind, int64_t id, const char *name,
                         int64_t *value);
/* Local. Property `name` of every entity of a kind, in file order (values
 * holds exs_inquire's count of that kind; "ID" or NULL gives the ids). */
EXS_API int exs_get_prop_array(exs_file *f, exs_kind kind, const char *name,
                               int64_t *values);

/* Local. Name of coordinate axis 0..num_dim-1 ("" if the file has none). */
EXS_API int exs_get_coord_name(const exs_file *f, int axis, const char **name);

/* Local. Name of attribute `attr` (0-based) of a block, a set, or for
 * EXS_NODAL (id ignored) of the nodes ("" if none). */
EXS_API int exs_get_attr_name(const exs_file *f, exs_kind kind, int64_t id,
                              int attr, const char **name);

/* Local. QA record i (0-based): rec[0..3] = code, version, date, time. */
EXS_API int exs_get_qa(const exs_file *f, int64_t i, const char *rec[4]);
/* Local. Info record i (0-based). */
EXS_API int exs_get_info(const exs_file *f, int64_t i, const char **line);

/* ------------------------------------------------------------------ */
/* Bulk reads. Each reads entries [start, start+count) into buf, `count`
 * entries of the stated width, converted to type t. count may be 0. A
 * slab past the end is EXS_ERANGE; a float buffer for integer data (or the
 * reverse) is EXS_ETYPE; a stored value that does not fit t is
 * EXS_EOVERFLOW. All Local in a serial open. */

/* Coordinate component `axis` (0 = x) of nodes [start, start+count). */
EXS_API int exs_get_coord(exs_file *f, int axis, int64_t start, int64_t count,
                          exs_type t, void *buf);

/* Which connectivity of a block to read. */
typedef enum exs_conn {
    EXS_CONN_NODES = 0, /* connect / ebconn / fbconn */
    EXS_CONN_EDGES,     /* element->edge (edgconn) */
    EXS_CONN_FACES      /* element->face (facconn; the NFACED one) */
} exs_conn;

/* Connectivity of entries [start, start+count) of a block: per_entry values
 * per entry (nodes/edges/faces_per_entry), 1-based as stored. For NSIDED
 * and NFACED blocks the slab indexes the flat connectivity array (total
 * nodes or faces), not entries; exs_get_entry_counts gives the split. */
EXS_API int exs_get_conn(exs_file *f, exs_kind kind, int64_t id, exs_conn which,
                         int64_t start, int64_t count, exs_type t, void *buf);

/* Local. The shape exs_get_conn and exs_put_conn index for connectivity
 * `which` of a block, from the model alone (the file is not read, and a
 * file still being defined answers too): *rows entries of *width values.
 * For NSIDED node and NFACED face connectivity the slab indexes the flat
 * array: *rows is the total node or face count and *width 1. EXS_EINVAL
 * for an unknown `which` or a NULL pointer; EXS_ENOTFOUND for an unknown
 * id or a connectivity the kind has not (edges or faces of an edge or
 * face block). The rule is the one resolver the reads and writes use. */
EXS_API int exs_get_conn_extent(exs_file *f, exs_kind kind, int64_t id,
                                exs_conn which, int64_t *rows, int64_t *width);

/* Per-entry node (NSIDED) or face (NFACED) counts of entries
 * [start, start+count) of a block. */
EXS_API int exs_get_entry_counts(exs_file *f, exs_kind kind, int64_t id,
                                 int64_t start, int64_t count, exs_type t,
                                 void *buf);

/* All attributes of entries [start, start+count): num_attr values per
 * entry, entry-major. kind is a block kind, a set kind (the entries are
 * the set's members, in member order; SEACAS's nsattrb<i>, ssattrb<i>,
 * esattrb<i>, fsattrb<i>, elsattrb<i>) or EXS_NODAL (the nodes' nattrb;
 * id is ignored). num_attr comes from exs_get_entity. */
EXS_API int exs_get_attr(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                         int64_t count, exs_type t, void *buf);

/* Members [start, start+count) of a set. `entries` gets node/element/edge/
 * face numbers; `extra` gets sides (side sets) or orientations (edge and
 * face sets) and may be NULL. Both buffers are of type t. */
EXS_API int exs_get_set(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                        int64_t count, exs_type t, void *entries, void *extra);

/* Distribution factors [start, start+count) of a set. */
EXS_API int exs_get_df(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                       int64_t count, exs_type t, void *buf);

/* Id map (node_num_map, elem_num_map, edge_num_map, face_num_map) of kind
 * EXS_NODE_MAP..EXS_ELEM_MAP. A file without one gives 1..n. */
EXS_API int exs_get_id_map(exs_file *f, exs_kind map_kind, int64_t start,
                           int64_t count, exs_type t, void *buf);

/* Local. *has = 1 when the file stores the id map of map_kind
 * (EXS_NODE_MAP..EXS_ELEM_MAP), 0 when exs_get_id_map would give the
 * identity 1..n because there is none. For a file being written: 1 once
 * the map is defined (exs_def_id_map) or put (exs_put_id_map). */
EXS_API int exs_has_id_map(const exs_file *f, exs_kind map_kind, int *has);

/* Named map `id` (node_map1, elem_map2...) of a map kind. */
EXS_API int exs_get_map(exs_file *f, exs_kind map_kind, int64_t id, int64_t start,
                        int64_t count, exs_type t, void *buf);

/* The legacy element order map ("elem_map" without a number). A file
 * without one gives 1..n. */
EXS_API int exs_get_order_map(exs_file *f, int64_t start, int64_t count,
                              exs_type t, void *buf);

/* Validate the model's cross-references, which the bulk reads above
 * return as stored: every node number of a block's connectivity is in
 * 1..num_nodes, every edge / face number of element->edge / element->face
 * connectivity in 1..num_edge / 1..num_face; the per-entry counts of
 * NSIDED / NFACED blocks are >= 0 and add up to their flat arrays; node,
 * edge, face and element set members are in 1..num_nodes, num_edge,
 * num_face, num_elem; side set sides are >= 1; every assembly member
 * names an entity of the assembly's member kind (block, set or map of
 * that kind, assembly, blob) that the file has, and the stored member
 * type names a kind. Returns 0, or the first problem as EXS_EBADMODEL
 * with a message naming the block, set or assembly, the
 * position and the value (a read failure returns the read's code). Reads
 * everything in bounded slabs (memory does not grow with the file).
 * Local on a serial handle; on a parallel handle every rank must call it
 * (each reads and checks the whole model). */
EXS_API int exs_check_references(exs_file *f);

/* Time values of steps [start, start+count) (0-based steps). */
EXS_API int exs_get_times(exs_file *f, int64_t start, int64_t count, exs_type t,
                          void *buf);

/* ------------------------------------------------------------------ */
/* Results variables. kind is EXS_GLOBAL, EXS_NODAL, a block kind or a set
 * kind; var is 0-based. */

/* Local. Number of variables of a kind. */
EXS_API int exs_num_vars(const exs_file *f, exs_kind kind, int *n);
/* Local. Name of variable `var`. */
EXS_API int exs_get_var_name(const exs_file *f, exs_kind kind, int var,
                             const char **name);
/* Local. Index of the variable called `name` (EXS_ENOTFOUND if none). */
EXS_API int exs_find_var(const exs_file *f, exs_kind kind, const char *name,
                         int *var);
/* Local. Truth table, entity-major: tab[e * nvars + v] is 1 when variable
 * v is stored for the e-th entity (file order). For an opened file that is
 * whether the values are stored (the vals_* variable exists), whatever a
 * stored table (elem_var_tab...) says: 0 where it is not stored, also when
 * the file has no table. For a file being written it is the defined table
 * (all 1 when none was defined). tab has exs_num_entities() *
 * exs_num_vars() ints. */
EXS_API int exs_get_truth(const exs_file *f, exs_kind kind, int *tab);

/* Variable `var` of entity `id` (ignored for EXS_NODAL and EXS_GLOBAL) at
 * 0-based `step`, entries [start, start+count). For EXS_GLOBAL the entries
 * are the variables themselves (var is ignored): start, count index them.
 * A variable the truth table leaves out is EXS_ENOTFOUND. */
EXS_API int exs_get_var(exs_file *f, exs_kind kind, int64_t id, int var,
                        int64_t step, int64_t start, int64_t count, exs_type t,
                        void *buf);

/* As exs_get_var for steps [step, step+nsteps): buf is [nsteps][count]. */
EXS_API int exs_get_var_steps(exs_file *f, exs_kind kind, int64_t id, int var,
                              int64_t step, int64_t nsteps, int64_t start,
                              int64_t count, exs_type t, void *buf);

/* ------------------------------------------------------------------ */
/* Chunks and streaming. */

/* Local. The natural slab length for the bulk arrays of an entity: the
 * HDF5 chunk length along the entry dimension for chunked netCDF-4 data
 * (the coordinates / connectivity when chunked, else the entity's first
 * result variable: libexodus's layout chunks only those, a step per
 * chunk), else the number of entries in `block_bytes` (0 = 1 MiB) of the
 * widest array. kind EXS_NODAL gives the node chunk; id is ignored for it. */
EXS_API int exs_chunk_len(const exs_file *f, exs_kind kind, int64_t id,
                          int64_t block_bytes, int64_t *len);

/* Walks [start, start+count) in slabs of `step` entries whose boundaries
 * lie on multiples of `step` (so each slab is whole chunks when step is a
 * chunk length). A plain struct: no allocation, no file access. */
typedef struct exs_slab_iter {
    int64_t next;  /* first entry of the next slab */
    int64_t end;   /* one past the last entry */
    int64_t step;
} exs_slab_iter;

/* Local. Initialise; step <= 0 is EXS_EINVAL. */
EXS_API int exs_iter_init(exs_slab_iter *it, int64_t start, int64_t count,
                          int64_t step);
/* Local. 1 and the next slab, or 0 when done. */
EXS_API int exs_iter_next(exs_slab_iter *it, int64_t *start, int64_t *count);

/* ------------------------------------------------------------------ */
/* Writing. Define, then write: the library keeps the netCDF define/data
 * mode to itself. Definitions (exs_def_*) may come in any order until the
 * first bulk write (exs_put_* of array data, or exs_end_define); after
 * that, new definitions are EXS_EMODE. Names, properties, QA and info may
 * be put at any time. */

typedef struct exs_create_opts {
    exs_format format;     /* EXS_FORMAT_DEFAULT: CDF-2 */
    int int64;             /* 1: store ids, maps, connectivity as int64 */
    int float_size;        /* 8 (default) or 4: stored floating point */
    int name_len;          /* usable name length; default 32 */
    int clobber;           /* 1: overwrite an existing file (default 0) */
    int deflate;           /* netCDF-4: deflate level 0..9 (0 = off) */
    int shuffle;           /* netCDF-4: byte shuffle with deflate */
    int zstd;              /* netCDF-4: zstd level (EXS_ENOTSUP if absent) */
    int64_t node_chunk;    /* netCDF-4 chunk length for nodal arrays (0 = auto) */
    int64_t elem_chunk;    /* ... for element/entry arrays (0 = auto) */
    int nparts;            /* auto chunks fit this many writers (0 = 1) */
    unsigned flags;        /* EXS_SYNC or 0 (default 0); other bits: EXS_EINVAL */
} exs_create_opts;

/* Create flag (exs_create_opts.flags): make the file durable at close.
 *
 * Durability is one policy for every backend (serial netCDF-C, parallel
 * netCDF-4, PnetCDF). By default nothing is fsync(2)-ed: exs_close leaves
 * the data in the operating system's page cache, as netCDF-C and PnetCDF
 * do by themselves, and the crash-safe create below still holds against
 * any death of the writing process (the rename is atomic, the page cache
 * outlives the process); a power loss or kernel crash soon after the close
 * may leave the new name with data not yet on disk. With EXS_SYNC, close
 * flushes every rank's writes (nc_sync / ncmpi_sync), fsyncs the file
 * before the rename (or link) and the directory after it: old or new file
 * across a power loss too. exs_sync asks for the same at any time. The
 * value is a single bit, distinct from the open modes. */
#define EXS_SYNC 0x100u

/* Local. Fill opts with the defaults above. */
EXS_API void exs_create_opts_init(exs_create_opts *opts);

/* Local (serial). Create a file. opts may be NULL for the defaults. With
 * clobber 0 an existing path is EXS_EEXIST and is left untouched.
 *
 * Crash safety. The file is written under a hidden temporary name in the
 * same directory (".NAME.exs-XXXXXX", mode as the file it replaces, or
 * 0666 less the umask) and put at `path` by a successful exs_close only:
 * rename(2) with clobber, link(2) without (an existing or meanwhile
 * created `path` is never replaced). Until then `path` keeps its previous
 * contents byte for byte, whatever happens to the writer (SIGKILL, a full
 * disk, a failed write); a failed close removes the temporary. A symlink
 * at `path` is followed: the file it names is replaced. The temporary is
 * locked (fcntl F_OFD_SETLK) while it is written; one left by a killed
 * writer (its lock gone with the process) is removed by the next
 * successful close of the same target. With EXS_SYNC in opts->flags the
 * data are fsync(2)-ed before the rename, and the directory after it;
 * without it nothing is (see EXS_SYNC: proof against the writer's death,
 * not a power loss).
 *
 * Failure is sticky. Values that do not fit the file's storage (ids,
 * properties, counts stored as dimensions, the largest node or element
 * number, bulk integers or floats) are refused when they are passed
 * (EXS_EOVERFLOW, naming the value and the storage); nothing is written
 * then and the handle stays usable. A failure of the storage itself (a
 * write, a definition, a flush: EXS_EWRITE "write failed: ...",
 * EXS_EOVERFLOW from netCDF) leaves the handle failed: every later call
 * and exs_close return that code with its message, and the file is not
 * put in place. */
EXS_API int exs_create(const char *path, const exs_create_opts *opts,
                       exs_file **f);

/* Local. As exs_create, but on failure copies the message into msg
 * (msglen bytes, NUL-terminated), which would otherwise go with the
 * handle; a failure before any handle exists (f or path NULL) says so
 * too. msg may be NULL. */
EXS_API int exs_create_err(const char *path, const exs_create_opts *opts,
                           exs_file **f, char *msg, size_t msglen);

/* The longest title stored (a longer one is EXS_ENAMELEN). */
#define EXS_MAX_TITLE_LEN 1023

/* Define the mesh: title (at most EXS_MAX_TITLE_LEN characters),
 * dimension (1..3) and node count. Once any coordinate is written, every
 * component must be before exs_close (else close fails with EXS_EINVAL and
 * the file is not kept): a missing one would read back as zeros.
 * num_dim 0 defines a file without a mesh (results only, as SEACAS's
 * testwt-results, or Nemesis data only): the title and num_nodes (which
 * may be 0) are stored, num_dim, coordinates and their names are not,
 * and the file reads back with EXS_INQ_HAS_MESH 0 and num_dim 0. */
EXS_API int exs_def_mesh(exs_file *f, const char *title, int num_dim,
                         int64_t num_nodes);

/* A block definition. For NSIDED, nodes_per_entry is the total node count
 * of the block; for NFACED, faces_per_entry is the total face count. */
typedef struct exs_block_def {
    int64_t id;
    const char *type;        /* "HEX8", "NSIDED", ... */
    int64_t num_entries;
    int64_t nodes_per_entry;
    int64_t edges_per_entry; /* element blocks: element->edge conn (0 none) */
    int64_t faces_per_entry; /* element blocks: element->face conn (0 none) */
    int64_t num_attr;
    const char *name;        /* NULL or "" for none */
} exs_block_def;

/* Define a block of kind EXS_ELEM/EDGE/FACE_BLOCK. Block entries are
 * numbered in definition order. */
EXS_API int exs_def_block(exs_file *f, exs_kind kind, const exs_block_def *def);

/* Define a set: num_entries members and num_df distribution factors (0 or
 * num_entries; side sets may have any count). Ids are unique per kind
 * (EXS_EDEFINED), except that null sets (no members, no factors) may
 * share an id with other null sets: libexodus leaves the placeholder id
 * -1 on sets it declared and never wrote, and exs_copy reproduces such
 * files. Addressed by that id, they are addressed together
 * (exs_put_name and exs_put_prop set each of them; a read gives the
 * first's). */
EXS_API int exs_def_set(exs_file *f, exs_kind kind, int64_t id,
                        int64_t num_entries, int64_t num_df, const char *name);

/* Give set `id` (of a set kind, defined already) num_attr attributes
 * per member, stored as SEACAS does (num_att_in_ns<i>, nsattrb<i>(members,
 * num_attr), nsattrib_name<i>; ss, es, fs, els alike). Once per set, while
 * definitions are open; 0 is a no-op. Values: exs_put_attr, names:
 * exs_put_attr_names with the set's kind and id. A set of no members
 * stores none. */
EXS_API int exs_def_set_attr(exs_file *f, exs_kind kind, int64_t id,
                             int64_t num_attr);

/* Give the nodes num_attr attributes each (num_att_in_nblk,
 * nattrb(num_nodes, num_attr), nattrib_name), after exs_def_mesh, once.
 * They are addressed as kind EXS_NODAL with any id (0) in exs_put_attr,
 * exs_put_attr_names, exs_get_attr, exs_get_attr_name, exs_get_entity. */
EXS_API int exs_def_node_attr(exs_file *f, int64_t num_attr);

/* Declare the legacy element order map (elem_map(num_elem)), which is
 * otherwise not stored: a file without one reads as 1..n, and stays
 * without one. Values: exs_put_order_map; one declared and never written
 * is filled with 1..n at close. */
EXS_API int exs_def_order_map(exs_file *f);

/* Define a named map of a map kind (node_map1...). */
EXS_API int exs_def_map(exs_file *f, exs_kind map_kind, int64_t id,
                        const char *name);

/* Define the id map (node_num_map, elem_num_map, ...) of map_kind: the
 * file will store one. A file stores an id map only when its writer gives
 * one: defined here, or put with exs_put_id_map (before the header, or
 * after it, which defines it then: on a parallel handle only through
 * exs_put_id_map_all). A map defined and never put is stored as 1..n.
 * Without either, the file has none and reads give 1..n anyway. */
EXS_API int exs_def_id_map(exs_file *f, exs_kind map_kind);

/* Define the variables of a kind, by name. Once per kind. */
EXS_API int exs_def_vars(exs_file *f, exs_kind kind, int nvars,
                         const char *const *names);

/* Define a truth table (entity-major, as exs_get_truth) for a block or set
 * kind. Without one every variable is stored for every entity. */
EXS_API int exs_def_truth(exs_file *f, exs_kind kind, const int *tab);

/* Define an extra integer property (eb_prop2 "MATL"...). */
EXS_API int exs_def_prop(exs_file *f, exs_kind kind, const char *name);

/* End definitions now (otherwise the first bulk write does it). */
EXS_API int exs_end_define(exs_file *f);

/* Names and small records; allowed at any time after the entity exists. */
EXS_API int exs_put_name(exs_file *f, exs_kind kind, int64_t id, const char *name);
EXS_API int exs_put_coord_names(exs_file *f, const char *const *names);
/* num_attr names for the attributes of a block, a set or (EXS_NODAL, id
 * ignored) the nodes. */
EXS_API int exs_put_attr_names(exs_file *f, exs_kind kind, int64_t id,
                               const char *const *names);
EXS_API int exs_put_prop(exs_file *f, exs_kind kind, int64_t id, const char *name,
                         int64_t value);
/* QA records (n of them, 4 strings each) and info lines; each call
 * replaces what an earlier one put, and must come before exs_end_define. */
EXS_API int exs_put_qa(exs_file *f, int64_t n, const char *const (*recs)[4]);
EXS_API int exs_put_info(exs_file *f, int64_t n, const char *const *lines);

/* Bulk writes: the mirror of the reads, same slabs and types. */
EXS_API int exs_put_coord(exs_file *f, int axis, int64_t start, int64_t count,
                          exs_type t, const void *buf);
EXS_API int exs_put_conn(exs_file *f, exs_kind kind, int64_t id, exs_conn which,
                         int64_t start, int64_t count, exs_type t,
                         const void *buf);
EXS_API int exs_put_entry_counts(exs_file *f, exs_kind kind, int64_t id,
                                 int64_t start, int64_t count, exs_type t,
                                 const void *buf);
/* Attributes of a block's, a set's or (EXS_NODAL) the nodes' entries, as
 * exs_get_attr reads them. */
EXS_API int exs_put_attr(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                         int64_t count, exs_type t, const void *buf);
EXS_API int exs_put_set(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                        int64_t count, exs_type t, const void *entries,
                        const void *extra);
EXS_API int exs_put_df(exs_file *f, exs_kind kind, int64_t id, int64_t start,
                       int64_t count, exs_type t, const void *buf);
EXS_API int exs_put_id_map(exs_file *f, exs_kind map_kind, int64_t start,
                           int64_t count, exs_type t, const void *buf);
EXS_API int exs_put_map(exs_file *f, exs_kind map_kind, int64_t id, int64_t start,
                        int64_t count, exs_type t, const void *buf);
/* Entries [start, start+count) of the legacy element order map (elem_map),
 * 1-based element numbers. Declared by exs_def_order_map, or by this call
 * itself while the definitions are open; else EXS_ENOTFOUND. */
EXS_API int exs_put_order_map(exs_file *f, int64_t start, int64_t count,
                              exs_type t, const void *buf);

/* Append (step == current number of steps) or overwrite a time value. */
EXS_API int exs_put_time(exs_file *f, int64_t step, double time);
/* The time values of steps [start, start+count) (count values of type t,
 * EXS_F64 or EXS_F32): overwrites the steps the file has and appends the
 * rest; start is at most the current number of steps. */
EXS_API int exs_put_times(exs_file *f, int64_t start, int64_t count, exs_type t,
                          const void *buf);
EXS_API int exs_put_var(exs_file *f, exs_kind kind, int64_t id, int var,
                        int64_t step, int64_t start, int64_t count, exs_type t,
                        const void *buf);
/* As exs_put_var for steps [step, step+nsteps), each of which the file
 * already has (exs_put_time first): buf is [nsteps][count]. One storage
 * call for all of them (a simulation that keeps several steps, a
 * converter copying a file). nsteps 0 writes nothing. */
EXS_API int exs_put_var_steps(exs_file *f, exs_kind kind, int64_t id, int var,
                              int64_t step, int64_t nsteps, int64_t start,
                              int64_t count, exs_type t, const void *buf);

/* Flush what was written so far to disk: the storage library's buffers
 * (nc_sync / ncmpi_sync on every rank), then fsync(2) of the file (the
 * hidden temporary of an exs_create until its close). Collective in
 * parallel. Whatever the create flags; see EXS_SYNC for the default. */
EXS_API int exs_sync(exs_file *f);

/* ------------------------------------------------------------------ */
/* The rest of the SEACAS model: assemblies, blobs, reduction variables,
 * coordinate frames (src/assembly.c, src/reduction.c, src/frames.c; the
 * writer's side in src/write_extra.c).
 *
 * Assemblies and blobs are not exs_kind values. EXS_NUM_KINDS sizes every
 * per-kind table of the handle and the kind table (src/kinds.c), whose
 * rows describe what assemblies and blobs do not have: a count
 * dimension, entries, connectivity, attributes, properties, a status
 * variable. SEACAS itself finds them by variable name
 * (assembly_entity<id>, blob_entity<id>), and so do these calls. The two
 * codes below name them where a kind is asked for: an assembly's member
 * kind, the reduction-variable calls, and nowhere else (exs_get_ids,
 * exs_get_entity... answer EXS_EINVAL for them).
 *
 * Stored as SEACAS stores them (exodusII_int.h):
 *  - assembly id: variable assembly_entity<id>(num_entity_assembly<id>)
 *    holding the member ids (integers of the file's id width), with
 *    attributes _id, _type (SEACAS entity type of the members: 1 element
 *    block, 2 node set, ... 16 assembly), _name and _typename;
 *  - blob id: dimension num_values_blob<id>, variable
 *    blob_entity<id>(blob_entity = 1) with attributes _id and _name;
 *  - reduction variables of a kind: dimension num_<k>_red_var, names
 *    name_<k>_red_var, values vals_red_var_<kk><n>(time_step,
 *    num_<k>_red_var), one value per variable and step for each entity
 *    (<k>: elem edge face nset sset eset fset elset assembly blob; <kk>:
 *    eb edb fb nset sset eset fset elset assembly blob; <n> the entity's
 *    1-based file index, for assemblies and blobs its id);
 *  - blob variables: num_blob_var, name_blob_var,
 *    vals_blob_var<v>blob<id>(time_step, num_values_blob<id>);
 *  - coordinate frames: dimensions num_cframes and num_cframes_9,
 *    frame_ids(num_cframes) int, frame_tags(num_cframes) char ('R'
 *    rectangular, 'C' cylindrical, 'S' spherical), frame_coordinates
 *    (num_cframes_9) floats: per frame the origin, a point on the third
 *    axis and a point in the 1-3 plane (9 values).
 * Free-form entity attributes and field metadata: see exs_num_entity_atts
 * below. */
enum {
    EXS_ASSEMBLY = 64, /* an assembly: member kind, reduction variables */
    EXS_BLOB = 65      /* a blob: member kind, reduction variables */
};

/* One assembly. Strings are owned by the handle. */
typedef struct exs_assembly_info {
    int64_t id;
    int64_t index;           /* 1-based position in file order */
    int member_kind;         /* exs_kind of the members, EXS_ASSEMBLY or
                              * EXS_BLOB; -1 when the stored _type names
                              * another kind */
    int stored_type;         /* the _type attribute as stored */
    int64_t num_members;
    const char *name;        /* "" if unnamed */
    const char *member_type; /* the _typename attribute ("element block"),
                              * "" if absent */
} exs_assembly_info;

/* Local. Number of assemblies; their ids in file order (the caller's
 * array of exs_num_assemblies values). */
EXS_API int exs_num_assemblies(const exs_file *f, int64_t *n);
EXS_API int exs_get_assembly_ids(const exs_file *f, int64_t *ids);
/* Local. Assembly `id`; EXS_ENOTFOUND for an unknown id. */
EXS_API int exs_get_assembly(const exs_file *f, int64_t id, exs_assembly_info *info);
/* Local. Member ids [start, start+count) of assembly `id` (ids of
 * entities of its member kind, as stored), integer buffer of type t. */
EXS_API int exs_get_assembly_members(exs_file *f, int64_t id, int64_t start,
                                     int64_t count, exs_type t, void *buf);

/* One blob (an opaque array of num_entries values, with variables).
 * The name is owned by the handle. */
typedef struct exs_blob_info {
    int64_t id;
    int64_t index;       /* 1-based position in file order */
    int64_t num_entries; /* num_values_blob<id> */
    const char *name;    /* "" if unnamed */
} exs_blob_info;

/* Local. Number of blobs, their ids in file order, one blob's info
 * (EXS_ENOTFOUND for an unknown id). */
EXS_API int exs_num_blobs(const exs_file *f, int64_t *n);
EXS_API int exs_get_blob_ids(const exs_file *f, int64_t *ids);
EXS_API int exs_get_blob(const exs_file *f, int64_t id, exs_blob_info *info);

/* Local. Blob variables: their number, the name of variable `var`
 * (0-based; owned by the handle), and values [start, start+count) of
 * variable `var` of blob `id` at 0-based `step` (float buffer). A blob
 * variable not stored for that blob is EXS_ENOTFOUND. */
EXS_API int exs_num_blob_vars(const exs_file *f, int *n);
EXS_API int exs_get_blob_var_name(const exs_file *f, int var, const char **name);
EXS_API int exs_get_blob_var(exs_file *f, int64_t id, int var, int64_t step,
                             int64_t start, int64_t count, exs_type t, void *buf);

/* Reduction variables: one value per entity (not per entry) and step.
 * kind: a block or set kind, EXS_ASSEMBLY or EXS_BLOB; EXS_GLOBAL answers
 * with the global variables (which are reductions by nature: the same
 * as exs_num_vars / exs_get_var_name / exs_get_var). Other kinds are
 * EXS_EINVAL. Local. */
EXS_API int exs_num_red_vars(const exs_file *f, int kind, int *n);
EXS_API int exs_get_red_var_name(const exs_file *f, int kind, int var,
                                 const char **name);
/* Values of reduction variables [start, start+count) (0-based variable
 * indices) of entity `id` (ignored for EXS_GLOBAL) at 0-based `step`,
 * float buffer. An entity without stored values (a null block, or a
 * file that never wrote them) is EXS_ENOTFOUND. */
EXS_API int exs_get_red_vars(exs_file *f, int kind, int64_t id, int64_t step,
                             int64_t start, int64_t count, exs_type t, void *buf);

/* Local. Coordinate frames: their number, and frames [start,
 * start+count): ids (int64, may be NULL), coordinates (9 values per
 * frame, float buffer of type t, may be NULL) and tags (one char per
 * frame, no terminator, may be NULL). */
EXS_API int exs_num_frames(const exs_file *f, int64_t *n);
EXS_API int exs_get_frames(exs_file *f, int64_t start, int64_t count, int64_t *ids,
                           exs_type t, void *coords, char *tags);

/* Entity attributes: a name, a type and a few values on the entity
 * itself (not one per entry), as SEACAS's ex_put_attribute stores them:
 * netCDF attributes of the entity's variable, NC_INT, NC_DOUBLE or
 * NC_CHAR. SEACAS's field metadata (ex_put_field_metadata: attributes
 * "Field@<field>@type", "...@type_name", "...@separator",
 * "...@cardinality", "...@component_names", "...@suffices") and its
 * basis and quadrature definitions (ex_put_basis / ex_put_quadrature on
 * the file: "Basis@<name>@cardinality", "...@subc_dim", "...@xi",
 * "Quad@<name>@weight", ...) are attributes of this kind too, and are
 * read, written and copied as such.
 *
 * owner and the variable holding the attributes:
 *  - EXS_GLOBAL: the file's global attributes, less the ones Exodus
 *    itself defines (title, api_version, version, floating_point_word_size,
 *    file_size, maximum_name_length, int64_status, last_written_time and
 *    the nemesis_* versions); id ignored;
 *  - a block kind: connect<n> / ebconn<n> / fbconn<n> (less elem_type);
 *  - a set kind: node_ns<n>, elem_ss<n>, edge_es<n>, face_fs<n>,
 *    elem_els<n> (<n> the 1-based file index; a null entity has no
 *    variable, so no attributes);
 *  - EXS_ASSEMBLY: assembly_entity<id> (less _id, _type, _name,
 *    _typename); EXS_BLOB: blob_entity<id> (less _id, _name).
 * Names starting with '_' are netCDF's or the entity's own and never
 * listed. Integer attributes of other netCDF integer types are read as
 * EXS_ATT_INT, float ones as EXS_ATT_DOUBLE; NC_STRING ones are not
 * listed. All Local (attributes are header data every rank has). */
enum { EXS_ATT_INT = 1, EXS_ATT_DOUBLE = 2, EXS_ATT_CHAR = 3 };

/* Number of entity attributes of (owner, id); EXS_ENOTFOUND for an
 * unknown entity. */
EXS_API int exs_num_entity_atts(exs_file *f, int owner, int64_t id, int *n);
/* The i-th (0-based) one: its name into name (cap bytes, 257 suffice),
 * type (EXS_ATT_*) and length (values, or characters without a
 * terminator). */
EXS_API int exs_get_entity_att_info(exs_file *f, int owner, int64_t id, int i,
                                    char *name, size_t cap, int *type, int64_t *len);
/* Values of attribute `name`: type EXS_ATT_INT: int64_t buf[cap];
 * EXS_ATT_DOUBLE: double buf[cap]; EXS_ATT_CHAR: char buf[cap], NUL
 * terminated (cap >= length + 1, else EXS_ERANGE). A stored type of the
 * other numeric kind converts; text vs. numbers is EXS_ETYPE. */
EXS_API int exs_get_entity_att(exs_file *f, int owner, int64_t id, const char *name,
                               int type, int64_t cap, void *buf);
/* Writing: define attribute `name` of (owner, id) with len values
 * (int64_t, double, or len characters) while defining (EXS_EMODE after
 * the header). The entity must be defined and, for blocks and sets, not
 * null. Stored as NC_INT (NC_INT64 where a value does not fit and the
 * format has it, else EXS_EOVERFLOW), NC_DOUBLE or NC_CHAR. A second put
 * of the same name replaces the first. Names Exodus reserves (above) are
 * EXS_EINVAL. In parallel every rank puts the same attributes (the
 * header's agreement checks it). */
EXS_API int exs_put_entity_att(exs_file *f, int owner, int64_t id, const char *name,
                               int type, int64_t len, const void *vals);

/* Writing, with the rules of the other definitions: exs_def_* before the
 * first bulk write (EXS_EMODE after), the data after.
 *
 * Define assembly `id` (> 0, unique among assemblies) of num_members
 * (> 0, as SEACAS requires) members of member_kind (a block, set or map
 * kind, EXS_ASSEMBLY or EXS_BLOB). name may be NULL. */
EXS_API int exs_def_assembly(exs_file *f, int64_t id, const char *name,
                             int member_kind, int64_t num_members);
/* Member ids [start, start+count) of assembly `id` (integer buffer). */
EXS_API int exs_put_assembly_members(exs_file *f, int64_t id, int64_t start,
                                     int64_t count, exs_type t, const void *buf);
/* Define blob `id` (> 0, unique) of num_entries (>= 1) values. */
EXS_API int exs_def_blob(exs_file *f, int64_t id, const char *name,
                         int64_t num_entries);
/* Define the blob variables, by name; once. Stored for every blob. */
EXS_API int exs_def_blob_vars(exs_file *f, int nvars, const char *const *names);
/* Values [start, start+count) of blob variable `var` of blob `id` at an
 * existing `step` (exs_put_time first). */
EXS_API int exs_put_blob_var(exs_file *f, int64_t id, int var, int64_t step,
                             int64_t start, int64_t count, exs_type t,
                             const void *buf);
/* Define the reduction variables of a kind (as exs_num_red_vars; for
 * EXS_GLOBAL this is exs_def_vars), by name; once per kind. Their values
 * are stored for every entity of the kind that has entries (every
 * assembly and blob), as SEACAS allows no values for a null block. */
EXS_API int exs_def_red_vars(exs_file *f, int kind, int nvars,
                             const char *const *names);
/* Which entities of a reduction kind store values, one int per entity
 * in file order (exs_get_ids; for assemblies and blobs their id order):
 * 1 stored, 0 not. SEACAS defines the values of an entity when they are
 * first written, so a file may store them for some entities only.
 * exs_get_red_truth reports an opened file (1 where the variable
 * exists); exs_def_red_truth (after exs_def_red_vars, before the header
 * is written) leaves out the entities marked 0. Local. */
EXS_API int exs_get_red_truth(exs_file *f, int kind, int *tab);
EXS_API int exs_def_red_truth(exs_file *f, int kind, const int *tab);
/* Reduction variables [start, start+count) of entity `id` at an existing
 * `step` (float buffer). */
EXS_API int exs_put_red_vars(exs_file *f, int kind, int64_t id, int64_t step,
                             int64_t start, int64_t count, exs_type t,
                             const void *buf);
/* Define n >= 1 coordinate frames (once), then write frames
 * [start, start+count): ids, 9 coordinates each (float buffer of type
 * t), tags 'R', 'C' or 'S' (others are EXS_EINVAL). None may be NULL. */
EXS_API int exs_def_frames(exs_file *f, int64_t n);
EXS_API int exs_put_frames(exs_file *f, int64_t start, int64_t count,
                           const int64_t *ids, exs_type t, const void *coords,
                           const char *tags);
/* Copy: a new file with everything the reader sees of an open one. */

/* What exs_copy / exs_copy_all change or leave out. exs_copy_opts_init
 * gives "an identical model in the source's container". Selections are
 * lists the caller owns (NULL: no selection of that sort); an entity is
 * kept when its id is in the id list or its name in the name list. */
typedef struct exs_copy_opts {
    exs_format format;     /* EXS_FORMAT_DEFAULT: the source's format */
    int int64;             /* -1 (default): the source's; 0: 32-bit; 1: 64-bit */
    int float_size;        /* 0 (default): the source's; else 4 or 8 */
    int name_len;          /* 0 (default): the source's (at least 32) */
    int clobber;           /* 1: replace an existing dst (default 0: EXS_EEXIST) */
    int deflate, shuffle, zstd;    /* netCDF-4 compression, as exs_create_opts */
    int64_t node_chunk, elem_chunk; /* netCDF-4 chunk lengths (0 = auto) */
    int64_t step_start;    /* first time step kept (0-based; default 0) */
    int64_t step_count;    /* steps kept from step_start: -1 (default) all,
                            * 0 none (the mesh only); clipped to the file */
    /* Element blocks kept (edge and face blocks are always kept). Dropping
     * one renumbers the elements after it: element sets and side sets
     * keep only members in kept blocks (renumbered), element maps and
     * variables follow; every node is kept. The entity attributes of a
     * dropped block or set are dropped; an assembly keeps the members the
     * copy has (none left: the assembly is not copied, and a nested
     * assembly counts as a member only when it is copied, so a parent of
     * emptied assemblies alone is dropped too); reduction values
     * stay stored for the entities that stored them, matched by id. */
    const int64_t *block_ids;
    int num_block_ids;
    const char *const *block_names;
    int num_block_names;
    /* Sets kept, of every set kind (a set of any kind with a listed id or
     * name). */
    const int64_t *set_ids;
    int num_set_ids;
    const char *const *set_names;
    int num_set_names;
    /* Results variables kept, of every kind, by name. */
    const char *const *var_names;
    int num_var_names;
    /* Called after each time step is copied with the steps done and the
     * steps to copy (on every rank of exs_copy_all); NULL: none. The
     * copy cannot be stopped from it. */
    void (*progress)(void *ctx, int64_t done, int64_t total);
    void *progress_ctx;
} exs_copy_opts;

/* Local. Fill opts with the defaults above. */
EXS_API void exs_copy_opts_init(exs_copy_opts *opts);

/* Local (serial src). Copy src into a new file at dst_path: title,
 * coordinates and their names, every block (connectivity, NSIDED /
 * NFACED counts, edge and face connectivity, attributes and their
 * names), set (members, sides or orientations, distribution factors), id
 * map (only those the source stores), named map, entity names,
 * properties, QA and info records, and the time steps with every results
 * variable of every kind and the truth tables. opts NULL: defaults.
 * A source without a mesh (num_dim 0: results only, or Nemesis data
 * only) is copied into a file without one (exs_def_mesh with num_dim 0).
 * Nemesis load-balance data (a part file's global counts and ids, its
 * internal / border / external node and element maps, its node and
 * element communication maps, by SEACAS's names) is copied as stored,
 * after everything else in one re-definition of dst, unless opts select
 * blocks or sets: it numbers the part's elements, nodes and sets, which
 * such a copy changes, so that copy has none (steps and variables
 * selected keep it). Other arrays of other conventions are not copied.
 * Every array goes through in bounded slabs (exs_chunk_len, at most 1 MiB
 * of values each): memory does not grow with the file. A selection that
 * names no entity of src (an unknown id or name), an existing dst_path
 * without clobber, or an unsupported format / option is refused before
 * dst_path is created; any failure later leaves no file at dst_path (and
 * an existing one untouched: see exs_create). A parallel src:
 * EXS_EINVAL (use exs_copy_all).
 * Narrowing (opts int64 = 0 for a 64-bit src, or a CDF-1/CDF-2 /
 * netCDF-4 classic format, which hold 32-bit integers only; float_size 4
 * for an 8-byte src): nothing is truncated or wrapped. Every integer the
 * copy writes is checked against the 32-bit range INT32_MIN..INT32_MAX
 * where it is stored: entity ids and properties, the node count,
 * connectivity, set members and sides, id maps and named maps, NSIDED /
 * NFACED entry counts, assembly members; every count stored as a
 * dimension against the format's dimension limit; every double written
 * into 4-byte storage against the float range (it is rounded, never
 * clipped). The first value that does not fit fails the copy with
 * EXS_EOVERFLOW, its message naming the value or the slab entry and the
 * array, and no file is left at dst_path. */
EXS_API int exs_copy(exs_file *src, const char *dst_path,
                     const exs_copy_opts *opts);

/* Collective over dst's communicator (Local for serial handles): the copy
 * of exs_copy into dst, a handle fresh from exs_create (serial src) or
 * exs_create_par on the ranks of src's parallel open. Each rank copies
 * its chunk-aligned slab of nodes and elements (exs_get_partition of
 * src); small arrays (sets, maps of edges and faces, polygonal blocks) go
 * through rank 0; every bulk call is an `_all` call. The container
 * options of opts (format, int64, float_size, name_len, clobber,
 * compression, chunks) are dst's own and ignored here. dst is left open:
 * the caller closes it (a failure has already made its close discard it). */
EXS_API int exs_copy_all(exs_file *src, exs_file *dst, const exs_copy_opts *opts);

/* ------------------------------------------------------------------ */
/* Debug counters (for tests and benchmarks). */
typedef struct exs_stats {
    int64_t storage_calls;     /* netCDF/PnetCDF data calls issued */
    int64_t collective_calls;  /* collective data calls (waits, _all calls) */
    int64_t bytes_read;
    int64_t bytes_written;
} exs_stats;
/* Local. Counters since open (or the last reset). */
EXS_API int exs_get_stats(const exs_file *f, exs_stats *s);
EXS_API int exs_reset_stats(exs_file *f);

#ifdef __cplusplus
}
#endif

#endif /* EXOSLAB_H */
