/*
 * internal.h -- the Exodus II data model over a small storage interface.
 *
 * Not installed. Everything in src/, decomp/ and pybind's C code that needs
 * the handle's insides includes this.
 */
#ifndef EXS_INTERNAL_H
#define EXS_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "exoslab.h"
#include "exs_comm.h"

#define EXS_ERRMSG_LEN 512
#define EXS_MAX_DIMS 8
#define EXS_DEFAULT_BLOCK_BYTES (1 << 20)
#define EXS_VARNAME_CAP 257 /* NC_MAX_NAME + 1 */

/* Internal element types beyond exs_type: characters (names, records). */
#define EXS_TEXT 16

/* A hot loop gets an AVX2 clone where the compiler can make one (the
 * baseline x86-64 target has no byte shuffle and no 64-bit compare),
 * picked at load time. Not under the sanitizers: the clone's resolver (an
 * ifunc) runs before their runtime is set up, and ThreadSanitizer crashes
 * there at start-up. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define EXSI_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define EXSI_AVX2_CLONES
#endif

/* netCDF external types; PnetCDF uses the same numbers. */
enum {
    EXS_NC_BYTE = 1, EXS_NC_CHAR = 2, EXS_NC_SHORT = 3, EXS_NC_INT = 4,
    EXS_NC_FLOAT = 5, EXS_NC_DOUBLE = 6, EXS_NC_INT64 = 10
};

/* ------------------------------------------------------------------ */
/* Storage: one small function table per backend. */

typedef struct exsi_core_store exsi_core_store;

typedef struct exsi_core_varinfo {
    int varid;
    int xtype;                    /* EXS_NC_* */
    int ndims;
    int dimids[EXS_MAX_DIMS];
    int64_t dimlen[EXS_MAX_DIMS]; /* current lengths (unlimited: records) */
} exsi_core_varinfo;

/* Storage layout of one variable. */
typedef struct exsi_core_layout {
    int chunked;                  /* 1: HDF5 chunked */
    int64_t chunks[EXS_MAX_DIMS]; /* chunk lengths when chunked */
    int deflate;                  /* deflate level, 0 = none */
} exsi_core_layout;

typedef struct exsi_core_store_ops {
    const char *name;
    /* Flush, close and free. Returns the first flush error. */
    int (*close)(exsi_core_store *s);
    /* Metadata. A missing name is EXS_ENOTFOUND (no message set). */
    int (*inq_dim)(exsi_core_store *s, const char *name, int *dimid, int64_t *len);
    int (*inq_var)(exsi_core_store *s, const char *name, exsi_core_varinfo *vi);
    int (*inq_layout)(exsi_core_store *s, int varid, exsi_core_layout *lay);
    /* Name of variable varid (0, 1, ... in file order) into name, cap >=
     * EXS_VARNAME_CAP; EXS_ENOTFOUND past the last. Lets the model scan
     * walk the stored variables once instead of probing declared names. */
    int (*inq_varname)(exsi_core_store *s, int varid, char *name, size_t cap);
    /* Child groups of the root (netCDF-4): their number, the first one's
     * name into first (cap bytes). NULL: the format has no groups. */
    int (*inq_groups)(exsi_core_store *s, int *n, char *first, size_t cap);
    /* Attributes of varid (-1: global). Text: up to cap-1 bytes, NUL
     * terminated. Numbers: up to cap values converted to int64/double.
     * *n gets the stored length. */
    int (*get_att_text)(exsi_core_store *s, int varid, const char *name, char *buf,
                        size_t cap, size_t *n);
    int (*get_att_i64)(exsi_core_store *s, int varid, const char *name, int64_t *buf,
                       size_t cap, size_t *n);
    int (*get_att_f64)(exsi_core_store *s, int varid, const char *name, double *buf,
                       size_t cap, size_t *n);
    /* The idx-th (0-based) attribute of varid (-1: global): its name (cap
     * >= EXS_VARNAME_CAP), netCDF type and length; EXS_ENOTFOUND past the
     * last. Lets a caller list attributes it does not know by name. */
    int (*inq_att_at)(exsi_core_store *s, int varid, int idx, char *name, size_t cap,
                      int *xtype, size_t *len);
    /* Data, on the variable as resolved by inq_var (its id and rank: no
     * per-call inquiry): t is an exs_type or EXS_TEXT, start/count have
     * vi->ndims entries. Collective in a parallel open unless independent
     * mode was asked for. Called by exsi_io_read/exsi_io_write only (src/io.c). */
    int (*get_vara)(exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *start,
                    const int64_t *count, int t, void *buf);
    int (*put_vara)(exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *start,
                    const int64_t *count, int t, const void *buf);
    /* Define mode (the model layer decides when). */
    int (*redef)(exsi_core_store *s);
    int (*enddef)(exsi_core_store *s);
    /* enddef leaving h_minfree bytes free after a classic header, so that
     * a variable defined later fits without moving the data; NULL where
     * the backend has no such choice (then enddef). */
    int (*enddef_reserve)(exsi_core_store *s, int64_t h_minfree);
    int (*def_dim)(exsi_core_store *s, const char *name, int64_t len, int *dimid);
    int (*def_var)(exsi_core_store *s, const char *name, int xtype, int ndims,
                   const int *dimids, int *varid);
    /* chunks: NULL for contiguous. deflate 0 = none. */
    int (*def_var_layout)(exsi_core_store *s, int varid, const int64_t *chunks,
                          int deflate, int shuffle, int zstd);
    int (*put_att_text)(exsi_core_store *s, int varid, const char *name,
                        const char *text);
    int (*put_att_i64)(exsi_core_store *s, int varid, const char *name, int xtype,
                       size_t n, const int64_t *vals);
    int (*put_att_f64)(exsi_core_store *s, int varid, const char *name, int xtype,
                       size_t n, const double *vals);
    int (*sync)(exsi_core_store *s);
    /* Optional (NULL: not available). Nonblocking requests completed by one
     * wait_all; a backend without them runs the request at once. */
    int (*iget_vara)(exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *start,
                     const int64_t *count, int t, void *buf);
    int (*iput_vara)(exsi_core_store *s, const exsi_core_varinfo *vi, const int64_t *start,
                     const int64_t *count, int t, const void *buf);
    int (*wait_all)(exsi_core_store *s);
    /* Parallel: 1 = collective data access, 0 = independent. */
    int (*set_collective)(exsi_core_store *s, int collective);
} exsi_core_store_ops;

struct exsi_core_store {
    const exsi_core_store_ops *ops;
    exs_file *file;  /* for messages and counters */
    int ncid;
    int format;      /* exs_format */
    int parallel;
    void *impl;      /* backend's own state */
};

/* Backends. mode: EXS_READ / EXS_WRITE. comm NULL or serial: serial open. */
int exsi_store_netcdf_open(exs_file *f, const char *path, int mode,
                          exsi_comm *comm, exsi_core_store **s);
int exsi_store_netcdf_create(exs_file *f, const char *path,
                            const exs_create_opts *o, exsi_comm *comm,
                            exsi_core_store **s);
/* PnetCDF (MPI build only; EXS_ENOTSUP otherwise). */
int exsi_store_pnetcdf_open(exs_file *f, const char *path, int mode,
                           exsi_comm *comm, exsi_core_store **s);
int exsi_store_pnetcdf_create(exs_file *f, const char *path,
                             const exs_create_opts *o, exsi_comm *comm,
                             exsi_core_store **s);

/* 1 when the netCDF library linked has the zstd filter. */
int exsi_store_has_zstd(void);

/* Classify the first bytes of a file: exs_format, or EXS_ENOTNC /
 * EXS_ECORRUPT / EXS_ENOFILE with a message on f. */
int exsi_file_sniff_format(exs_file *f, const char *path, int *format);

/* Walk a classic (CDF-1/2/5, `version` 1/2/5) header on fd, a file of
 * `size` bytes, before netCDF reads it: every count must fit in the file,
 * every type and dimension id be valid; else EXS_ECORRUPT with a message
 * (src/storage/cdf_header.c). */
int exsi_store_check_cdf_header(exs_file *f, int fd, int64_t size, int version);
int exsi_store_cdf_complete_tail(exs_file *f, int fd);

/* ------------------------------------------------------------------ */
/* Kinds: how each entity kind is spelled in the file. */

/* The mesh-wide count a kind's entries number: nodal, node sets and node
 * maps number nodes; element blocks, element and side sets and element
 * maps number elements; and so on. EXS_TOTAL_NONE: the global kind. */
typedef enum exsi_core_total_of {
    EXS_TOTAL_NONE = 0,
    EXS_TOTAL_NODES,
    EXS_TOTAL_ELEM,
    EXS_TOTAL_EDGE,
    EXS_TOTAL_FACE,
} exsi_core_total_of;

typedef struct exsi_core_kind_desc {
    const char *label;      /* "element block", for messages */
    const char *count_dim;  /* "num_el_blk" */
    const char *prop_fmt;   /* "eb_prop%d" (prop 1 is the id) */
    const char *status_var; /* "eb_status" */
    const char *names_var;  /* "eb_names" */
    const char *entry_dim;  /* "num_el_in_blk%d", "num_nod_ns%d" */
    const char *npe_dim;    /* "num_nod_per_el%d" */
    const char *conn_var;   /* "connect%d"; sets: member list; maps: map */
    const char *extra_var;  /* "side_ss%d", "ornt_es%d" */
    const char *df_var;     /* "dist_fact_ns%d" */
    const char *attr_var;   /* "attrib%d" */
    const char *attr_dim;   /* "num_att_in_blk%d" */
    const char *attr_names; /* "attrib_name%d" */
    const char *epec_var;   /* "ebepecnt%d" (NSIDED/NFACED counts) */
    const char *nvar_dim;   /* "num_elem_var" */
    const char *var_names;  /* "name_elem_var" */
    const char *var_tab;    /* "elem_var_tab" */
    const char *var_vals;   /* "vals_elem_var%deb%d" (var, entity index) */
    const char *total_dim;  /* blocks: "num_elem"; maps: "num_nodes"... */
    const char *id_map;     /* map kinds: "node_num_map" */
    exsi_core_total_of total;     /* which count the entries number */
} exsi_core_kind_desc;

/* The table, indexed by exs_kind. Immutable. */
extern const exsi_core_kind_desc exsi_kind_kinds[EXS_NUM_KINDS];

/* The coordinate variables of axis 0, 1, 2 ("coordx", "coordy", "coordz"). */
extern const char *const exsi_core_coord_vars[3];

/* The kind's mesh-wide count (exsi_kind_kinds[k].total): num_nodes, num_elem,
 * num_edge or num_face of f; 0 for EXS_GLOBAL or an invalid kind. The
 * _ref form is the handle's field itself (NULL for none), for the writer
 * that adds a block's entries to it. */
int64_t exsi_kind_total(const exs_file *f, exs_kind k);
int64_t *exsi_kind_total_ref(exs_file *f, exs_kind k);

static inline int exsi_core_is_block(exs_kind k)
{
    return k == EXS_ELEM_BLOCK || k == EXS_EDGE_BLOCK || k == EXS_FACE_BLOCK;
}
static inline int exsi_core_is_set(exs_kind k)
{
    return k >= EXS_NODE_SET && k <= EXS_ELEM_SET;
}
static inline int exsi_core_is_map(exs_kind k)
{
    return k >= EXS_NODE_MAP && k <= EXS_ELEM_MAP;
}
static inline int exsi_core_kind_valid(int k) { return k >= 0 && k < EXS_NUM_KINDS; }
/* Kinds that have entities (blocks, sets, named maps). */
static inline int exsi_core_has_entities(exs_kind k)
{
    return exsi_core_is_block(k) || exsi_core_is_set(k) || exsi_core_is_map(k);
}
/* Kinds that can carry results variables. */
static inline int exsi_core_has_vars(exs_kind k)
{
    return k == EXS_NODAL || k == EXS_GLOBAL || exsi_core_is_block(k) || exsi_core_is_set(k);
}

/* snprintf a per-entity name ("connect%d", index) into buf (cap bytes). */
int exsi_kind_fmt_name(char *buf, size_t cap, const char *fmt, int64_t a, int64_t b);

/* ------------------------------------------------------------------ */
/* The model: what the handle knows after open (or after definitions). */

typedef struct exsi_core_entity {
    int64_t id;
    int64_t index;           /* 1-based file index */
    int64_t num_entries;
    int64_t nodes_per_entry;
    int64_t edges_per_entry;
    int64_t faces_per_entry;
    int64_t num_attr;
    int64_t num_df;
    int64_t offset;          /* blocks: first entry's global 0-based index */
    int status;              /* eb_status etc.: 0 = null entity */
    exs_topo topo;
    char *type;              /* as stored, "" if none */
    char *name;              /* trimmed, "" if none */
    char **attr_names;       /* num_attr strings, or NULL */
} exsi_core_entity;

/* One entry of an entity list's id index. */
typedef struct exsi_core_id_pos {
    int64_t id;
    int64_t pos;             /* into the list's e[] */
} exsi_core_id_pos;

typedef struct exsi_core_entity_list {
    int64_t n;
    exsi_core_entity *e;
    int nprops;              /* including "ID" */
    char **prop_names;       /* nprops strings; prop i is "<abbr>_prop<i+1>" */
    exsi_core_id_pos *by_id; /* e[0..nindexed) sorted by (id, pos): util.c */
    int64_t nindexed, index_cap;
} exsi_core_entity_list;

typedef struct exsi_core_var_list {
    int n;
    char **names;
    int *truth;              /* n_entities * n, entity-major; NULL: all 1 */
    int legacy_varid;        /* vals_nod_var(time, nvar, nodes), or -1 */
    /* An opened file: the truth is which values are stored, kept sparse
     * (sorted entity_index0 * n + var codes) so that open costs O(stored
     * variables), not O(entities x variables). truth is then NULL. */
    int sparse;
    int64_t nstored;
    int64_t *stored;
} exsi_core_var_list;

typedef struct exsi_core_write_state exsi_core_write_state; /* src/write.c */

/* The last failure of a handle, kept in parts; src/errors.c is the one
 * place that writes them as text: "[rank R: ]where: [context: ]detail
 * (EXS_CODE)", the same on a serial handle, in every rank of a
 * collective, and in Python. */
typedef struct exsi_core_errinfo {
    int code;                   /* 0: none */
    int rank;                   /* an agreed failure's failing rank; -1 */
    char where[168];            /* the path as messages show it */
    char context[160];          /* labels added on the way out, "a: b" */
    char detail[EXS_ERRMSG_LEN - 200]; /* what the failing call said */
} exsi_core_errinfo;

/* What exsi_io_read/exsi_io_write do with a slab (src/io.c): the store call now,
 * only validate it (a collective's first pass on every rank), or post a
 * nonblocking request (a collective batch on PnetCDF). */
typedef enum { EXS_IO_NOW = 0, EXS_IO_CHECK, EXS_IO_POST } exsi_core_io_mode;

struct exs_file {
    char *path;
    exsi_core_store *store;
    exsi_comm *comm;             /* serial or duplicated MPI communicator */
    int mode;                   /* EXS_READ / EXS_WRITE (created: EXS_WRITE) */
    int format;                 /* exs_format */
    int parallel;
    exsi_core_io_mode io_mode;        /* EXS_IO_NOW except inside a collective */
    exsi_core_errinfo err;            /* the last failure, in parts */
    char errmsg[EXS_ERRMSG_LEN]; /* err as text (exs_err_compose), "" if none */

    char *title;
    int num_dim;
    int64_t num_nodes, num_elem, num_edge, num_face;
    int64_t num_times;
    int64_t int64_status;
    int name_len;               /* usable length: len_name - 1 */
    int max_name_used;
    int float_size;             /* stored float width: 4 or 8 */
    int int_size;               /* stored id/conn width: 4 or 8 */
    int has_mesh;
    int nemesis;
    int64_t num_procs;
    int compressed;
    int64_t value_bound;        /* scan: the most values the file can hold
                                 * (0: not computed yet) */

    char **coord_names;         /* num_dim names ("" if none) */
    int coord_varid[3];         /* coordx/y/z, -1 if absent */
    int coord_combined;         /* legacy coord(num_dim, num_nodes), or -1 */
    int time_varid;             /* time_whole, or -1 */

    exsi_core_entity_list ents[EXS_NUM_KINDS];
    exsi_core_var_list vars[EXS_NUM_KINDS];

    int64_t num_qa;
    char **qa;                  /* num_qa * 4 strings */
    int64_t num_info;
    char **info;

    exs_stats stats;
    int64_t written_end;        /* PnetCDF: 1 + the last byte a write asked
                                 * for, max over ranks after close (the
                                 * tail completion trusts a file that long) */
    exsi_core_write_state *w;         /* non-NULL while writing */

    /* The nodes as an owner of attributes (nattrb, num_att_in_nblk,
     * nattrib_name): id 0, index 0, num_entries num_nodes; only num_attr
     * and attr_names mean anything (src/attrs.c). */
    exsi_core_entity node_attr;
    int order_map;              /* 1: the legacy elem_map is stored / declared */
    struct exsi_core_xmodel *xm;      /* assemblies, blobs, reduction variables,
                                 * frames (src/model_x.h); NULL: none */
};

/* ------------------------------------------------------------------ */
/* Helpers shared by the topic files. */

/* Record a message on f (printf-style) and return code. f may be NULL. */
int exsi_err(exs_file *f, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Put `label` in front of the context of f's failure (the array, the
 * call), make its code rc and return rc: no text is taken apart. */
int exsi_err_context(exs_file *f, int rc, const char *label);

/* A constructor's failure before any handle exists, as text in msg
 * (msg may be NULL): "call: why (EXS_CODE)". Returns rc. */
int exsi_err_nohandle(char *msg, size_t msglen, int rc, const char *call,
                     const char *why);

/* Put back a failure kept aside (a saved f->err). */
void exsi_err_set(exs_file *f, const exsi_core_errinfo *e);

/* Forget f's failure: a call that succeeds leaves no stale message. */
void exsi_err_clear(exs_file *f);

/* Agree on rc across f's ranks (exsi_comm_agree_root): the worst code
 * everywhere, with the failing rank's failure (its parts, its rank)
 * on every rank. Serial or one rank: rc. Collective. */
int exsi_err_agree(exs_file *f, int rc);
int exsi_err_agree_call(exs_file *f, int rc, uint64_t sig, const char *sigdesc,
                       uint64_t hash, const char *desc);

/* The owner of attributes of (kind, id): a block, a set, or for
 * EXS_NODAL (id ignored) the nodes' f->node_attr; EXS_EINVAL for other
 * kinds, EXS_ENOTFOUND for an unknown id. src/util.c, beside the entity
 * lookup: attrs.c's get and put, the writer's header and the copy ask it,
 * and it calls nothing of theirs. */
int exsi_util_attr_owner(exs_file *f, exs_kind kind, int64_t id, exsi_core_entity **e);

/* Find entity `id` of kind; EXS_ENOTFOUND (with message) if absent. */
int exsi_util_entity_lookup(exs_file *f, exs_kind kind, int64_t id, exsi_core_entity **e);
/* The first entity of list l with this id, or NULL; sets no message. */
exsi_core_entity *exsi_util_entity_find(exsi_core_entity_list *l, int64_t id);

/* Check a slab against n entries and a buffer type against the data class
 * (want_float: 1 float data, 0 integer data). Sets the message. */
int exsi_util_check_slab(exs_file *f, const char *what, int64_t start, int64_t count,
                   int64_t n);
int exsi_util_check_type(exs_file *f, const char *what, exs_type t, int want_float);

/* 1 when variable var is stored for the entity at 0-based position e of
 * its list (truth table, sparse stored list, or all 1). */
int exsi_scan_truth_get(const exsi_core_var_list *v, int64_t e, int var);

/* Look up a variable by name; EXS_ENOTFOUND (no message) if absent. */
int exsi_util_var_lookup(exs_file *f, const char *name, exsi_core_varinfo *vi);

/* Read / write a hyperslab of a variable through the store, counting stats
 * and naming the variable in any error; the only callers of the store's
 * data operations, by f->io_mode (src/io.c). */
int exsi_io_read(exs_file *f, const exsi_core_varinfo *vi, const int64_t *start,
             const int64_t *count, int t, void *buf);
int exsi_io_write(exs_file *f, const exsi_core_varinfo *vi, const int64_t *start,
              const int64_t *count, int t, const void *buf);

/* 1 unless the handle only validates (EXS_IO_CHECK): what an accessor
 * changes in the model besides the file (a step appended, a map marked
 * written) happens only when it executes. */
static inline int exsi_core_io_executes(const exs_file *f)
{
    return f->io_mode != EXS_IO_CHECK;
}

/* Size in bytes of one value of exs_type / EXS_TEXT. */
size_t exsi_util_type_size(int t);

/* Trim trailing blanks/NULs of a fixed-width name into a new string. */
char *exsi_util_strndup_trim(const char *s, size_t n);

/* Free everything the model owns (not the store or comm). */
void exsi_scan_model_free(exs_file *f);

/* ---- open / close pieces (file.c, scan.c), shared with the parallel open ---- */

/* A zeroed handle owning a copy of path; NULL on memory failure. */
exs_file *exsi_file_alloc(const char *path);
/* Free the handle's memory (model, path, the struct); not store or comm. */
void exsi_file_free(exs_file *f);
/* Read the whole metadata model from f->store into f. Every rank of a
 * parallel open makes the same calls in the same order. */
int exsi_scan_model_scan(exs_file *f);

/* ---- hooks of the writer (write.c) and the parallel layer ---- */

/* Finish a file being written: leave define mode, flush pending data.
 * Called by exs_close when f->w is set; exsi_w_write_end (write.h) then
 * publishes or discards the file and frees f->w. */
int exsi_w_write_finish(exs_file *f);
/* The part of a copy (exs_copy) that carries what src/copy_attrs.c owns:
 * the attributes of every set kind and of the nodes, with their names,
 * and the legacy element order map (block attributes come with the
 * blocks: exs_def_block's num_attr). Two phases, as the writer has them:
 *  phase 0, while dst is being defined (after its mesh and sets are
 *    defined): exs_def_node_attr, exs_def_set_attr for every set src has
 *    with attributes and members and dst has with the same member count,
 *    their attribute names, and exs_def_order_map when src stores one;
 *  phase 1, when data is written: the attribute values and the order map,
 *    in bounded pieces (64 Ki entries), read from src with the plain
 *    (serial) readers.
 * A set dst lacks, or holds with another member count (a copy that
 * selected or changed sets), is skipped, not an error. Serial handles
 * (on a parallel one every call is independent). 0 or the first code;
 * the message is on dst (a read failure quotes src's). Not wired into any
 * public call: exs_copy calls it (src/copy_attrs.c). */
int exsi_copy_part_attrs(exs_file *src, exs_file *dst, int phase);

/* Parallel handle: every rank defined the same model (a hash agreed on;
 * EXS_EMISMATCH on every rank otherwise). Collective; 0 when serial. */
int exsi_par_agree_model(exs_file *f);

/* ------------------------------------------------------------------ */
/* Checked arithmetic: every count times a size and every offset plus a
 * length goes through these. 0 on success; EXS_EOVERFLOW when the exact
 * result does not fit (or, for byte sizes, is negative). Internal names
 * carry the exsi_ prefix. */

static inline int exsi_mul64(int64_t a, int64_t b, int64_t *out)
{
    return __builtin_mul_overflow(a, b, out) ? EXS_EOVERFLOW : 0;
}

static inline int exsi_add64(int64_t a, int64_t b, int64_t *out)
{
    return __builtin_add_overflow(a, b, out) ? EXS_EOVERFLOW : 0;
}

/* count values of elsize bytes each, as a size_t byte count. */
static inline int exsi_bytes(int64_t count, size_t elsize, size_t *out)
{
    if (count < 0)
        return EXS_EOVERFLOW;
    return __builtin_mul_overflow((uint64_t)count, elsize, out) ? EXS_EOVERFLOW : 0;
}

/* The model parts of src/model_x.h (assemblies, blobs and their
 * variables, reduction variables, coordinate frames) from src to dst, for
 * exs_copy: phase 0 defines on dst whatever of them src has (dst still
 * defining), phase 1 writes their data: assembly members, frames, and
 * the reduction and blob values of the steps both files have (put dst's
 * times first). Entities src stores no reduction values for get none on
 * dst either. Serial handles (src/copy_model.c). */
int exsi_copy_part_model(exs_file *src, exs_file *dst, int phase);
/* src/copy_entity_atts.c: the entity attributes of every owner dst has
 * (define in phase 0). */
int exsi_copy_part_entity_atts(exs_file *src, exs_file *dst, int phase);

#endif /* EXS_INTERNAL_H */
