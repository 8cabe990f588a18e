/* nemesis.h (decomp) -- what the Nemesis writer and reader of decomp/
 * share: one rank's part, as the per-rank file holds it. */
#ifndef EXS_DECOMP_NEMESIS_H
#define EXS_DECOMP_NEMESIS_H

#include "decomp.h"
#include "exs_comm.h"

/* The named node / element map (id 1) of a part whose source has id maps:
 * each entry's 1-based global position, node_num_map / elem_num_map then
 * holding the source's ids. */
#define EXS_NEM_POS_NAME "exs_global_position"

/* A (key, value) pair for sorted lookups. */
typedef struct exsi_nem_kv {
    int64_t key, val;
} exsi_nem_kv;

/* Sort pairs by key; the value of key in sorted pairs, or -1. */
void exsi_nem_kv_sort(exsi_nem_kv *kv, int64_t n);
int64_t exsi_nem_kv_find(const exsi_nem_kv *kv, int64_t n, int64_t key);

/* One rank's sets, restricted to its part: node sets keep the local nodes
 * (and their distribution factors), side sets the owned elements (sides,
 * and their distribution factors when every side has the same number of
 * them), element sets the owned elements (and their factors). Members are
 * 1-based local numbers; at[] says where each sits in the whole set (for
 * the set variables, nemesis_steps.c). */
typedef struct nem_set {
    int64_t id, gcount, gdf;   /* the whole set's members and factors */
    int64_t n;                 /* members here */
    int64_t *mem, *side;       /* side: side sets only */
    int64_t *at;               /* 0-based position in the whole set */
    double *df;                /* dfk factors per member, or NULL */
    int64_t dfk;
    int64_t src;               /* the source's entity index (truth rows) */
    const char *name;
} nem_set;

typedef struct nem_sets {
    int64_t nns, nss, nes;
    nem_set *ns, *ss, *es;
} nem_sets;

void exsi_nem_sets_free(nem_sets *s);
/* Collective over dm's file (every rank reads every set once). */
int exsi_nem_sets_load_all(exs_dmesh *dm, nem_sets *s);
/* The sets of kind k (node, side or element sets) and their number; NULL
 * and 0 for another kind. */
const nem_set *exsi_nem_sets_of(const nem_sets *s, exs_kind k, int64_t *n);

/* Element block attributes of the owned entries (nemesis_attrs.c):
 * nattr[b] per entry, vals[b] entry-major in local order. */
typedef struct nem_attrs {
    int64_t nblk, *nattr;
    double **vals;
} nem_attrs;

void exsi_nem_attrs_free(nem_attrs *a);
/* Collective over dm's file (every rank reads every block's attributes
 * once). Nothing for a mesh read from a Nemesis set. */
int exsi_nem_attrs_load_all(exs_dmesh *dm, nem_attrs *a);

/* Element communication maps (nemesis_ecomm.c): per neighbour (ids,
 * stat 1, idx the end of its entries), the owned elements' sides (1-based
 * file element, Exodus side number) another rank's element shares. */
typedef struct nem_ecomm {
    int64_t nmaps, *ids, *stat, *idx;
    int64_t n, *eids, *sids, *proc;
} nem_ecomm;

void exsi_nem_ecomm_free(nem_ecomm *e);
/* Collective over dm's communicator (one exchange of sides, one of
 * answers). */
int exsi_nem_elem_comm_all(exs_dmesh *dm, nem_ecomm *e);

/* Results (nemesis_steps.c). Local: define the global, nodal, element
 * and node/side/element set variables of dm's file (and their truth
 * tables, less what the part has no entries of) in the part o. */
int exsi_nem_def_vars(exs_file *o, const exs_dmesh *dm, const nem_sets *s);
/* Collective over dm's communicator: every step of those variables, the
 * part's nodes, owned elements and set members written to o; agreed after
 * each write. Nothing for a mesh without a file or steps. */
int exsi_nem_put_steps_all(exs_dmesh *dm, const nem_sets *s, exs_file *o);

/* Collective over c, which the mesh (or, on failure, this call) takes
 * over: read base.P.r at rank r of P (nemesis_read.c). msg gets the
 * failing rank's message. */
int exsi_nem_read_comm(const char *base, exsi_comm *c, exs_dmesh **dm, char *msg,
                      size_t msglen);

#endif
