/*
 * write.h -- the writer's state and the entry points the parallel layer
 * shares with the serial create (not installed).
 *
 * Definitions (exs_def_*) are recorded in the handle's model (f->ents,
 * f->vars, f->qa ...), the same structs the reader fills. The netCDF header
 * is defined in one go (exsi_w_write_header) at exs_end_define or at the first
 * bulk write; the stored metadata (ids, names, truth tables, QA ...) is then
 * written from the model. Every storage call goes through f->store->ops, so
 * the same code defines a netCDF or a PnetCDF file, and every rank of a
 * parallel create makes the same calls in the same order.
 */
#ifndef EXS_WRITE_H
#define EXS_WRITE_H

#include "internal.h"

/* A property value put before the header exists; applied when it is. */
typedef struct exsi_w_pending_prop {
    int kind;
    int prop;       /* 0-based property index (1 = the first extra one) */
    int64_t index;  /* 0-based entity index */
    int64_t value;
} exsi_w_pending_prop;

struct exsi_core_write_state {
    exs_create_opts opts;     /* resolved (no zeros meaning "default") */
    int defining;             /* 1: definitions accepted, header not written */
    int created;              /* 1: this handle created the file */
    int broken;               /* 1: defining the header failed */
    int mesh_defined;
    int64_t node_chunk;       /* netCDF-4 chunk lengths in use */
    int64_t elem_chunk;
    int id_map_written[EXS_NUM_KINDS]; /* map kinds: exs_put_id_map seen */
    int id_map_defined[EXS_NUM_KINDS]; /* map kinds: variable in the header */
    int id_map_wanted[EXS_NUM_KINDS];  /* map kinds: exs_def_id_map, or a put
                                        * before the header: define it */
    exsi_w_pending_prop *props;
    int64_t nprops, props_cap;
    int64_t len_string, len_line; /* QA / info widths (33 / 81 or more) */
    int coord_written[3];     /* exs_put_coord seen for axis a (this rank) */
    /* Sticky failure: 0, or the code of the first failed storage call
     * (a write, a definition, a flush). Every later call returns it with
     * fail, and exs_close discards the file. */
    int failed;
    exsi_core_errinfo fail;
    /* Crash-safe create (write_commit.c). tmp_path: the hidden temporary
     * the store writes, NULL for a file opened with EXS_WRITE; final_path:
     * the target (a symlink resolved) it replaces at a successful close;
     * lock_fd: the lock (fcntl F_OFD_SETLK) held on the temporary while it is written (the
     * serial writer or rank 0; -1 elsewhere). */
    char *tmp_path;
    char *final_path;
    int lock_fd;
    int clobber;
    int order_map_written;    /* exs_put_order_map seen (this rank) */
    /* 1: the small arrays that lie after the bulk ones in a classic file
     * (names, truth tables, QA/info, the model parts) are still to be
     * written from the model: at close, after the bulk data (write_meta.c,
     * exsi_w_fill_tail). */
    int tail_pending;
};

/* Create the file of a new handle (serial or parallel; f->comm and
 * f->parallel set, f->path the target): reserve a hidden temporary beside
 * the target (the serial writer or rank 0; the name is broadcast), create
 * the store on it (netCDF for netCDF-4 or any serial create, PnetCDF for
 * a parallel classic one) and set up f->w with exsi_w_write_begin. With
 * clobber 0 an existing target is EXS_EEXIST before anything is created.
 * Collective in a parallel handle: every rank returns the same status.
 * On failure exs_close(f) removes whatever was created. */
int exsi_w_write_create(exs_file *f, const exs_create_opts *o);

/* Set up f->w for a handle whose store was just created (serial or
 * parallel): copies and checks the options, records the format and widths,
 * leaves the store in define mode. f->store, f->comm, f->parallel must be
 * set. Called by exsi_w_write_create (reusing the f->w it made). */
int exsi_w_write_begin(exs_file *f, const exs_create_opts *o);
/* Validate creation options before anything is created (EXS_EINVAL,
 * EXS_ENOTSUP with a message on f). exsi_w_write_begin checks them too. */
int exsi_w_write_check_opts(exs_file *f, const exs_create_opts *o);

/* write_state.c: the state every writer file shares (it calls no other
 * writer file). Set up f->w for a file opened with EXS_WRITE (results
 * into an existing mesh): no definitions, data writes to the variables
 * the file has. Called lazily by every exs_put_*; the parallel open may
 * call it at open. */
int exsi_w_write_open(exs_file *f);

/* Every public writer call starts here: EXS_EINVAL for NULL, the sticky
 * failure (its message restored) once one was recorded, else 0 with the
 * message of an earlier call cleared (a success leaves ""). */
int exsi_w_enter(exs_file *f);
/* Record rc (nonzero) as the handle's sticky failure, with f->errmsg, if
 * none was recorded yet; returns rc. No-op without f->w. */
int exsi_w_fail(exs_file *f, int rc);
/* A storage failure in a write context: netCDF/PnetCDF/HDF5 errors
 * (EXS_ENETCDF, EXS_EPNETCDF, EXS_ECORRUPT) become EXS_EWRITE with the
 * message "write failed: <detail>"; other codes are kept. Returns the
 * code (errors.c). */
int exsi_err_as_write(exs_file *f, int rc);

/* exs_close's steps for a handle with f->w (file.c calls them in order):
 * exsi_w_write_finish (header, unwritten maps, flush; agreed in parallel),
 * then the store is closed, then exsi_w_write_end(f, rc) with the agreed
 * status: publishes the temporary onto the target when rc is 0 (rank 0,
 * then agreed), removes it otherwise, and frees f->w. */
int exsi_w_write_end(exs_file *f, int rc);

/* write_commit.c, the crash-safe create's file operations (the serial
 * writer or rank 0 only). reserve: a new hidden temporary beside the
 * target, locked; publish: fsync, rename (clobber) or link (no clobber)
 * onto the target, fsync the directory, remove stale temporaries of the
 * same target; discard: unlink the temporary. All release the lock as
 * their last step (reserve keeps it). */
int exsi_w_tmp_reserve(exs_file *f, exsi_core_write_state *w);
int exsi_w_tmp_verify(exs_file *f, exsi_core_write_state *w);
int exsi_w_tmp_publish(exs_file *f, exsi_core_write_state *w);
/* fsync(2) the file being written (the temporary of a create): exs_sync. */
int exsi_w_fsync(exs_file *f);
void exsi_w_tmp_discard(exsi_core_write_state *w);

/* A handle open for writing and not failed (a sticky failure is
 * re-entered and returned); write_state.c. */
int exsi_w_usable(exs_file *f, const char *what);
/* Defining is still possible (EXS_EMODE with a message otherwise);
 * write_state.c. */
int exsi_w_check_define(exs_file *f, const char *what);
/* Data may be written: the mode allows it, and the header is defined
 * (defining it now if needed); write_header.c. */
int exsi_w_ready(exs_file *f, const char *what);

/* write_data.c: what every bulk put (in its topic file) shares.
 * put_pre: the mode allows data (exsi_w_ready), the buffer class and the
 * slab against n entries. An array of n == 0 entries has no variable
 * (netCDF has no empty fixed dimensions): its caller returns 0 after these
 * checks, the same on every rank. put_checked: every value fits the stored
 * type, then the one exsi_io_write of slab (st, ct). put_arr: entries
 * [start, start+count) of an array a topic's resolver filled (the slab
 * exsi_read_arr_slab gives reads too); missing is EXS_ENOTFOUND naming
 * it. entity_of: exsi_w_enter, then the entity of a kind that is a block
 * (want 0), a set (1) or a map (2). */
struct exsi_read_arr;
int exsi_w_put_pre(exs_file *f, const char *what, exs_type t, int want_float,
                   int64_t start, int64_t count, int64_t n);
int exsi_w_put_checked(exs_file *f, const exsi_core_varinfo *vi, const int64_t *st,
                       const int64_t *ct, exs_type t, const void *buf);
int exsi_w_put_arr(exs_file *f, const struct exsi_read_arr *arr, int64_t start,
                   int64_t count, exs_type t, const void *buf);
int exsi_w_entity_of(exs_file *f, exs_kind kind, int64_t id, int want,
                     exsi_core_entity **e);

/* write_header.c: define dims/vars/attributes of the whole model, leave
 * define mode, write the stored metadata from the model. */
int exsi_w_write_header(exs_file *f);
/* An id map the caller gives: while defining, mark it wanted (the header
 * defines it); after the header of a created file, define it now (redef,
 * the variable, enddef: collective on a parallel handle, so only the
 * collective put may get here there). 0 when it exists already or the
 * file was opened, not created (then its variable is looked up as is). */
int exsi_w_ensure_id_map(exs_file *f, exs_kind k);

/* write_meta.c pieces used by the header. */
int exsi_w_put_names_var(exs_file *f, const char *var, int64_t row, int64_t n,
                        char *const *names, int64_t width);
int exsi_w_fill_metadata(exs_file *f);
/* The rest of the stored metadata (names, truth tables, QA/info, the
 * property values put while defining); in a classic file most of it lies
 * after the bulk arrays (see exsi_w_fill_tail). */
int exsi_w_fill_metadata_tail(exs_file *f);
/* Write the pending tail (tail_pending) at close; 0 when none. Collective
 * on a parallel handle. */
int exsi_w_fill_tail(exs_file *f);

/* A value stored in the file's integers (ids, properties, map and
 * connectivity values) or a count stored as a dimension must fit them:
 * EXS_EOVERFLOW naming the value and the storage otherwise. */
int exsi_w_check_int(exs_file *f, const char *what, int64_t v);
int exsi_w_check_count(exs_file *f, const char *what, int64_t n);

/* Validate a name against the file's name length (EXS_ENAMELEN). */
int exsi_w_check_name(exs_file *f, const char *what, const char *name);
/* malloc'ed copy of s ("" for NULL). */
char *exsi_w_strdup(const char *s);
/* n malloc'ed empty strings (a names array of n); NULL on memory failure. */
char **exsi_w_empty_names(int64_t n);

/* maps.c, at close (exsi_w_write_finish): the maps a created file
 * declares and nobody wrote are filled with the identity 1..n, every rank
 * a share in bounded pieces (every rank makes the same calls). "Nobody":
 * a map one rank wrote alone (independently) counts as written on every
 * rank (one allreduce). fill_id_maps: the id maps in the header;
 * fill_order_map: the order map (exs_def_order_map). */
int exsi_map_fill_id_maps(exs_file *f);
int exsi_map_fill_order_map(exs_file *f);

/* netCDF types of the stored floats and integers. */
static inline int exsi_w_float_xtype(const exs_file *f)
{
    return f->float_size == 4 ? EXS_NC_FLOAT : EXS_NC_DOUBLE;
}
static inline int exsi_w_int_xtype(const exs_file *f)
{
    return f->int_size == 8 ? EXS_NC_INT64 : EXS_NC_INT;
}

#endif /* EXS_WRITE_H */
