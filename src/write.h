/*
 * write.h -- the writer's state and the entry points the parallel layer
 * shares with the serial create (not installed).
 *
 * Definitions (exs_def_*) are recorded in the handle's model (f->ents,
 * f->vars, f->qa ...), the same structs the reader fills. The netCDF header
 * is defined in one go (exs_write_header) at exs_end_define or at the first
 * bulk write; the stored metadata (ids, names, truth tables, QA ...) is then
 * written from the model. Every storage call goes through f->store->ops, so
 * the same code defines a netCDF or a PnetCDF file, and every rank of a
 * parallel create makes the same calls in the same order.
 */
#ifndef EXS_WRITE_H
#define EXS_WRITE_H

#include "internal.h"

/* A property value put before the header exists; applied when it is. */
typedef struct exs_pending_prop {
    int kind;
    int prop;       /* 0-based property index (1 = the first extra one) */
    int64_t index;  /* 0-based entity index */
    int64_t value;
} exs_pending_prop;

struct exs_write_state {
    exs_create_opts opts;     /* resolved (no zeros meaning "default") */
    int defining;             /* 1: definitions accepted, header not written */
    int created;              /* 1: this handle created the file */
    int broken;               /* 1: defining the header failed */
    int mesh_defined;
    int64_t node_chunk;       /* netCDF-4 chunk lengths in use */
    int64_t elem_chunk;
    int id_map_written[EXS_NUM_KINDS]; /* map kinds: exs_put_id_map seen */
    int id_map_defined[EXS_NUM_KINDS]; /* map kinds: variable in the header */
    exs_pending_prop *props;
    int64_t nprops, props_cap;
    int64_t len_string, len_line; /* QA / info widths (33 / 81 or more) */
};

/* Set up f->w for a handle whose store was just created (serial or
 * parallel): copies and checks the options, records the format and widths,
 * leaves the store in define mode. f->store, f->comm, f->parallel must be
 * set. Called by exs_create; the parallel create calls it the same way. */
int exs_write_begin(exs_file *f, const exs_create_opts *o);
/* Validate creation options before anything is created (EXS_EINVAL,
 * EXS_ENOTSUP with a message on f). exs_write_begin checks them too. */
int exs_write_check_opts(exs_file *f, const exs_create_opts *o);

/* Set up f->w for a file opened with EXS_WRITE (results into an existing
 * mesh): no definitions, data writes to the variables the file has. Called
 * lazily by every exs_put_*; the parallel open may call it at open. */
int exs_write_open(exs_file *f);

/* Defining is still possible (EXS_EMODE with a message otherwise). */
int exs_w_check_define(exs_file *f, const char *what);
/* Data may be written: the mode allows it, and the header is defined
 * (defining it now if needed). */
int exs_w_ready(exs_file *f, const char *what);

/* write_header.c: define dims/vars/attributes of the whole model, leave
 * define mode, write the stored metadata from the model. */
int exs_write_header(exs_file *f);

/* write_meta.c pieces used by the header. */
int exs_w_put_names_var(exs_file *f, const char *var, int64_t row, int64_t n,
                        char *const *names, int64_t width);
int exs_w_fill_metadata(exs_file *f);

/* Validate a name against the file's name length (EXS_ENAMELEN). */
int exs_w_check_name(exs_file *f, const char *what, const char *name);
/* malloc'ed copy of s ("" for NULL). */
char *exs_w_strdup(const char *s);

/* netCDF types of the stored floats and integers. */
static inline int exs_w_float_xtype(const exs_file *f)
{
    return f->float_size == 4 ? EXS_NC_FLOAT : EXS_NC_DOUBLE;
}
static inline int exs_w_int_xtype(const exs_file *f)
{
    return f->int_size == 8 ? EXS_NC_INT64 : EXS_NC_INT;
}

#endif /* EXS_WRITE_H */
