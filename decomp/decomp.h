/* decomp.h -- internals shared by the files of decomp/. */
#ifndef EXS_DECOMP_H
#define EXS_DECOMP_H

#include "exoslab_par.h"

/* The node id map through exs_gather_nodal_all's route (not a double
 * field, so not in the public enum). */
#define EXS_FIELD_ID_ ((exs_nodal_field)2)

/* Collective. ids[i] = node id (node_num_map, 1..n without one) of node
 * nodes[i] (1-based), each rank reading only its node slab of p. */
int exsi_decomp_gather_node_ids_all(exs_file *f, const exs_partition *p, int64_t n,
                            const int64_t *nodes, int64_t *ids);

/* One 8-byte nodal field to gather: coordinate axis, variable at a step,
 * or the node ids (EXS_FIELD_ID_, int64_t values). */
typedef struct exsi_gather_field {
    exs_nodal_field what;
    int sub;
    int64_t step;
    void *values; /* n values, in the order of the nodes asked for */
} exsi_gather_field;

/* Collective. Several fields at the same n nodes with one routing and
 * one exchange of ids: exs_gather_nodal_all for each, cheaper. */
int exsi_decomp_gather_fields_all(exs_file *f, const exs_partition *p, int nf,
                                  const exsi_gather_field *fields, int64_t n,
                                  const int64_t *nodes);


/* ---- the distributed mesh (dmesh*.c) ---- */

/* Local. All of decomp/'s memory (dmesh_mem.c): n items of sz bytes,
 * uninitialised (alloc) or zero (calloc); from 1 MiB on a mapping of its
 * own, advised for transparent huge pages. Freed only by exsi_dm_free,
 * resized only by exsi_dm_realloc (NULL on failure, p kept). */
void *exsi_dm_alloc(int64_t n, size_t sz);
void *exsi_dm_calloc(int64_t n, size_t sz);
void *exsi_dm_realloc(void *p, int64_t n, size_t sz);
void exsi_dm_free(void *p);

/* A build's scratch (dmesh_mem.c): zeroed arrays under ~2 MiB carved from
 * huge-page chunks, for temporaries that die with the build. Larger
 * requests (and all of them where the scratch cannot map) are plain
 * exsi_dm_calloc blocks, so every piece is still freed with exsi_dm_free
 * (which does nothing for a piece of a chunk); exsi_dm_scratch_release
 * then unmaps the chunks. */
typedef struct exsi_dm_scratch {
    struct exsi_dm_chunk *top;
} exsi_dm_scratch;
void *exsi_dm_scratch_calloc(exsi_dm_scratch *s, int64_t n, size_t sz);
void exsi_dm_scratch_release(exsi_dm_scratch *s);
/* How many of decomp/'s mappings are live (the tests' leak check: the
 * leak sanitizer does not see mappings). */
int64_t exsi_dm_mapped_blocks(void);

struct exs_dmesh {
    exs_file *f;
    exsi_dm_scratch scratch; /* the build's temporaries (empty after it) */
    int rank, size, num_dim;
    exs_partition p;
    /* blocks (all of the file's, in file order) */
    int64_t nblk;
    int64_t *blk_id, *blk_npe;
    int64_t *blk_own, *blk_ghost; /* entries here */
    int64_t *blk_start;           /* owned entries' first index in the block */
    int64_t *blk_first;           /* local index of the block's first entry */
    /* local elements, block after block: owned, then ghosts */
    int64_t nelem, nown_e;
    int64_t *e_global; /* 0-based global element index; NULL where it is
                        * p.elem_start + i (exsi_dm_elem_global) */
    int64_t *e_ids;    /* elem_num_map */
    int64_t *conn;     /* 0-based local nodes; block b at conn_at[b] */
    int64_t *conn_at;
    /* local nodes: owned, shared (not owned), ghost */
    int64_t nnodes, n_owned, n_shared, n_ghost;
    int64_t *node1;    /* 1-based global node number */
    int64_t *n_ids;    /* node_num_map */
    int *n_owner;      /* owners of local nodes n_owner_from.. (those
                        * before are the rank's own: exsi_dm_node_owner) */
    int64_t n_owner_from;
    double *xyz;       /* num_dim x nnodes */
    /* neighbours and their shared nodes (local indices) */
    int nnbr;
    int *nbr;
    int64_t *sh_at, *sh_nodes;
    /* owned elements' global indices (ascending); NULL for linear without
     * ghosts, where they are the slab's, p.elem_start + i */
    int64_t *own_g;
    /* a moved partition: the linear slab per block, and where each slab
     * element went (home plan) and where the ones received land */
    int moved;
    int64_t *slab_own;
    int64_t *home_count, *home_elem, nslab;
    int64_t *home_recv, *home_pos;
    int64_t bytes_moved;
    int64_t edge_cut; /* dual-graph edges cut (graph method), else -1 */
    /* ghost plan: owned local elements sent to each rank, and where the
     * ghosts received land locally */
    int64_t *gs_count, *gs_elem, ngs;
    int64_t *gr_count, *gr_pos, ngr;
    /* read from a Nemesis set (nemesis_read.c): f is that rank's handle,
     * closed by exs_dmesh_free, its store already closed */
    int owns_file;
};

/* A node directory's answer: for each of the n sorted 1-based nodes of a
 * closure, the ranks whose owned elements touch it (ascending; the first
 * is the node's owner). Only the nodes another rank touches are listed
 * (the exceptions, a CSR over closure indices x_idx, ascending); every
 * other node's list is {only} (this rank). */
typedef struct exsi_decomp_touch {
    int64_t only;
    int64_t nx, *x_idx, *x_at, *x_ranks;
    int32_t *slot;              /* closure index -> exception, -1: none; only
                                 * after exsi_dm_touch_index (else a search) */
    int64_t *orphans, norphans; /* nodes of my slab no element touches */
} exsi_decomp_touch;

/* Local. Closure node i's list: its length, and *ranks pointing at it. */
int64_t exsi_dm_touch_list(const exsi_decomp_touch *t, int64_t i, const int64_t **ranks);
/* Local. The slot index for exsi_dm_touch_list's random access over n
 * closure nodes (none when it cannot be had: a search answers). */
int exsi_dm_touch_index(exsi_decomp_touch *t, int64_t n);
void exsi_dm_touch_free(exsi_decomp_touch *t);

/* Collective. Who touches each of my n ascending, distinct nodes (my
 * owned elements' closure). */
int exsi_dm_dmesh_touch_all(exs_dmesh *dm, const int64_t *nodes, int64_t n, exsi_decomp_touch *t);

/* 8-byte items: counts per rank times 8 (bytes for exs_comm_alltoallv). */
void exsi_dm_counts_bytes(const int64_t *n, int size, int64_t *bytes);

/* Index of v in sorted a[0..n) or -1. */
int64_t exsi_dm_bsearch_i64(const int64_t *a, int64_t n, int64_t v);

/* Collective agreement on f's comm (message into f). */
int exsi_dm_agree(exs_dmesh *dm, int rc);

#define EXSI_DM_RUNS 4

/* What a build needs between its steps (dmesh.c, dmesh_ghost.c). */
typedef struct dm_build {
    exs_dmesh *dm;
    int ghosts;
    int64_t *gconn;             /* owned elements' 1-based nodes, block order */
    int conn_local;             /* gconn holds local indices already (one rank) */
    int64_t *closure, nclosure; /* distinct nodes of gconn, ascending */
    int closure_is_node1;       /* the closure's array is dm->node1 now */
    int64_t *x_node;            /* the node of each touch exception (its
                                 * closure entry before numbering) */
    exsi_decomp_touch touch;
    int64_t ngh, *gh_rec, *gh_at; /* ghost records received and their offsets:
                                   * gidx, block, id, npe nodes, npe owners */
    int64_t *gnode, *gowner, ngnode; /* ghost nodes (1-based) and owners */
    int nruns;                  /* > 0: the local nodes are at most
                                 * EXSI_DM_RUNS runs of consecutive nodes:
                                 * node1 run_g[r] + k is local run_l[r] + k
                                 * (k < run_n[r]; unused runs: run_n 0) */
    int64_t run_g[EXSI_DM_RUNS], run_l[EXSI_DM_RUNS], run_n[EXSI_DM_RUNS];
    int64_t *lookup;            /* (node1, local) pairs, sorted; or, when the
                                 * local nodes span a short range, */
    int32_t *dense;             /* local index of node1 - dense_lo (-1: none) */
    int64_t dense_lo, dense_n;
    int32_t *cx;                /* closure position of node cx_lo + k (-1: not
                                 * in it), when the closure spans a short
                                 * range; else NULL and a binary search */
    int64_t cx_lo, cx_n;
} dm_build;

/* Local element i's 0-based global index: e_global's, or, without it (a
 * linear mesh without ghosts, whose local elements are its slab's in
 * file order), the slab's start + i. */
static inline int64_t exsi_dm_elem_global(const exs_dmesh *dm, int64_t i)
{
    return dm->e_global ? dm->e_global[i] : dm->p.elem_start + i;
}

/* The owner of local node i. */
static inline int exsi_dm_node_owner(const exs_dmesh *dm, int64_t i)
{
    return i < dm->n_owner_from ? dm->rank : dm->n_owner[i - dm->n_owner_from];
}

/* Local. The closure index (b->cx) of b->closure; none when the closure
 * spans more than 4x its length or has 2^31 nodes (not an error). */
int exsi_dm_closure_index(dm_build *b);
/* Position of 1-based node in b->closure, or -1 (the index's one load,
 * else a binary search). */
static inline int64_t exsi_dm_closure_at(const dm_build *b, int64_t node)
{
    if (!b->cx)
        return exsi_dm_bsearch_i64(b->closure, b->nclosure, node);
    int64_t k = node - b->cx_lo;
    return k >= 0 && k < b->cx_n ? b->cx[k] : -1;
}

/* Collective. The ghost layer (nothing when b->ghosts is 0). */
int exsi_dm_dmesh_ghosts_all(dm_build *b);
/* Local. Local numbering of nodes and elements, shared lists. */
int exsi_dm_dmesh_assemble(dm_build *b);
/* Collective. Move the slab's elements to ranks dest[i] (one exchange of
 * records) and make the received ones the owned elements. */
int exsi_dm_dmesh_move_all(dm_build *b, const int *dest);
/* Collective. dest[i] for each slab element by a Zoltan method
 * (EXS_ENOTBUILT without Zoltan). Reports nothing else. */
int exsi_decomp_dmesh_zoltan_all(dm_build *b, exs_decomp_method m, int *dest);
/* The slab elements' dual graph: element i's neighbours (0-based global
 * element indices) are adj[xadj[i] .. xadj[i+1]). */
typedef struct exsi_decomp_graph {
    int64_t *xadj, *adj, nadj;
} exsi_decomp_graph;
void exsi_decomp_graph_free(exsi_decomp_graph *g);
/* Collective. Neighbours share >= 2 nodes in 2D, >= 3 in 3D. */
int exsi_decomp_dmesh_dual_graph_all(dm_build *b, exsi_decomp_graph *g);
/* Collective. dest[i] for each slab element from PT-Scotch's ParMETIS
 * interface on the dual graph (EXS_ENOTBUILT without it). */
int exsi_decomp_dmesh_scotch_all(dm_build *b, int *dest);

/* Collective. Coordinates of the slab's closure: centroid per element. */
int exsi_dm_dmesh_centroids_all(dm_build *b, double *cent);

#endif
