/*
 * model_x.h -- the parts of the SEACAS model beyond blocks, sets and maps:
 * assemblies, blobs (with their variables), reduction variables of every
 * kind, coordinate frames. Kept in one struct the handle points at
 * (f->xm, NULL while a file has none of them), so that the per-kind
 * tables sized by EXS_NUM_KINDS stay as they are. Not installed.
 *
 * Read side: src/assembly.c (assemblies, blobs, blob variables),
 * src/reduction.c, src/frames.c, with the scan in src/scan_model.c.
 * Write side: src/write_extra.c.
 */
#ifndef EXS_MODEL_X_H
#define EXS_MODEL_X_H

#include "internal.h"

/* SEACAS entity type numbers (ex_entity_type), as the _type attribute of
 * an assembly stores its members' kind. */
enum { EXS_SEACAS_ASSEMBLY = 16, EXS_SEACAS_BLOB = 17 };

typedef struct exsi_xm_assembly_rec {
    int64_t id;
    int member_kind;     /* exs_kind, EXS_ASSEMBLY, EXS_BLOB or -1 */
    int stored_type;     /* _type as stored (SEACAS ex_entity_type) */
    int64_t num_members;
    char *name;
    char *member_type;   /* _typename as stored, "" if absent */
} exsi_xm_assembly_rec;

typedef struct exsi_xm_blob_rec {
    int64_t id;
    int64_t num_entries;
    char *name;
} exsi_xm_blob_rec;

typedef struct exsi_xm_name_list {
    int n;
    char **names;
    /* writer, reduction kinds: 1 where the entity (file order) stores
     * values; ntruth entries (entities defined later store them), NULL:
     * every entity that can */
    int *truth;
    int64_t ntruth;
} exsi_xm_name_list;

/* A writer's entity attribute (src/entity_atts.c), put at define. */
typedef struct exsi_xm_entity_att_rec {
    int owner;           /* EXS_GLOBAL, a block or set kind, EXS_ASSEMBLY/BLOB */
    int64_t id;
    int type;            /* EXS_ATT_* */
    int64_t len;
    char *name;
    void *vals;          /* len int64_t / double / chars (+ NUL) */
} exsi_xm_entity_att_rec;

/* Slots of the reduction-variable table: three block kinds, five set
 * kinds, assemblies, blobs (src/reduction.c). */
#define EXS_RED_SLOTS 10

typedef struct exsi_core_xmodel {
    int64_t nasm, asm_cap;
    exsi_xm_assembly_rec *asm_;
    int64_t nblob, blob_cap;
    exsi_xm_blob_rec *blob;
    exsi_xm_name_list red[EXS_RED_SLOTS];
    exsi_xm_name_list blob_vars;
    int64_t nframes;
    int64_t neatt, eatt_cap;
    exsi_xm_entity_att_rec *eatt;
} exsi_core_xmodel;

/* How one kind's reduction variables are stored. */
typedef struct exsi_xm_red_desc {
    int kind;              /* exs_kind, EXS_ASSEMBLY or EXS_BLOB */
    const char *count_dim; /* "num_elem_red_var" */
    const char *names_var; /* "name_elem_red_var" */
    const char *vals_fmt;  /* "vals_red_var_eb%lld" */
    int by_id;             /* 1: the suffix is the id, 0: the file index */
} exsi_xm_red_desc;

/* The table's row for kind (NULL: no reduction variables, EXS_GLOBAL
 * included) and its slot. */
const exsi_xm_red_desc *exsi_xm_red_desc_of(int kind, int *slot);
/* Row `slot` (0 .. EXS_RED_SLOTS-1). */
const exsi_xm_red_desc *exsi_xm_red_desc_at(int slot);

/* The handle's extension, made on first use (NULL: out of memory, with
 * the message set). */
exsi_core_xmodel *exsi_xm(exs_file *f);

/* Find assembly / blob `id` (EXS_ENOTFOUND with a message if absent). */
int exsi_xm_assembly_lookup(exs_file *f, int64_t id, exsi_xm_assembly_rec **a);
int exsi_xm_blob_lookup(exs_file *f, int64_t id, exsi_xm_blob_rec **b);

/* The vals_red_var_* suffix of entity `id` of a reduction kind: its file
 * index (blocks, sets; an entity without entries: EXS_ENOTFOUND, SEACAS
 * stores no values for a null entity) or its id (assemblies, blobs). */
int exsi_xm_red_suffix(exs_file *f, const exsi_xm_red_desc *d, int64_t id, int64_t *suffix);

/* Entities of a reduction kind: their number, and the id of the i-th
 * (0-based, file order). */
int64_t exsi_xm_red_nent(const exs_file *f, const exsi_xm_red_desc *d);
int64_t exsi_xm_red_id(const exs_file *f, const exsi_xm_red_desc *d, int64_t i);

/* A member kind's SEACAS type number and name ("element block"); -1 /
 * NULL for one that has none. And back: the member kind of a type number
 * (-1 if none). */
int exsi_xm_seacas_type(int member_kind);
const char *exsi_xm_seacas_type_name(int member_kind);
int exsi_xm_member_kind_of(int seacas_type);

/* Read a char(n, len) names variable into n new strings ("" for missing
 * rows; a missing variable gives n empty names). */
int exsi_scan_x_read_names(exs_file *f, const char *var, int64_t n, char ***out);
void exsi_scan_x_free_names(char **names, int64_t n);

/* scan_model.c: read assemblies, blobs, reduction and blob variables and
 * frames of an open file into f->xm (called by exsi_scan_model_scan). */
int exsi_scan_model_x(exs_file *f);
/* check_model.c: exs_check_references's part for assembly members
 * (EXS_EBADMODEL naming the assembly, the position and the id). */
int exsi_check_assemblies(exs_file *f);
/* Free f->xm. */
void exsi_scan_model_x_free(exs_file *f);

/* write_extra.c: the writer's pieces, called from write_header.c: define
 * the dimensions, variables and attributes (define mode), then write the
 * names and placeholders (data mode). */
int exsi_w_def_model_x(exs_file *f);
int exsi_w_fill_model_x(exs_file *f);
/* entity_atts.c: put the writer's entity attributes (define mode, after
 * every entity's variable), their hash, and freeing them. */
int exsi_eatt_w_def_entity_atts(exs_file *f);
uint64_t exsi_eatt_entity_atts_hash(const exs_file *f, uint64_t h);
void exsi_eatt_entity_atts_free(exsi_core_xmodel *xm);
/* The definitions as a hash (parallel agreement on the model). */
uint64_t exsi_w_model_x_hash(const exs_file *f, uint64_t h);

#endif /* EXS_MODEL_X_H */
