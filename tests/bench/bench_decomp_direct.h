/*
 * bench_decomp_direct.h -- the direct peers of exs_bench_decomp: Zoltan's
 * RCB and PT-Scotch's ParMETIS interface called by the benchmark itself on
 * the file's slabs, no exs_dmesh involved, so that the distributed mesh's
 * repartitions can be read against what the partitioner alone costs.
 *
 * Each peer reads what the partitioner needs (the element slab's
 * connectivity; for RCB also the coordinates of the node range that
 * connectivity spans, for the centroids), partitions, and counts the
 * elements each part received. It does NOT move any element afterwards:
 * it is the floor a repartitioning build cannot go under.
 *
 * Built only where CMake found the library (EXS_BENCH_HAVE_ZOLTAN,
 * EXS_BENCH_HAVE_PARMETIS); otherwise the call returns EXS_ENOTBUILT and
 * the benchmark prints the peer as not built.
 */
#ifndef EXS_BENCH_DECOMP_DIRECT_H
#define EXS_BENCH_DECOMP_DIRECT_H

#include <stdint.h>

#include <mpi.h>

#include "exoslab_par.h"

typedef struct direct_in {
    exs_file *f;     /* opened collectively on comm */
    MPI_Comm comm;
    int rank, size;
    int64_t nodes, elems, npe; /* mesh counts; nodes per element (one type) */
    int dim;
    exs_topo topo;
} direct_in;

typedef struct direct_out {
    int64_t assigned;      /* elements the partition gives this rank */
    int64_t min_part, max_part; /* over the parts, the same on every rank */
    int64_t total;         /* sum of the parts: the mesh's elements when right */
    int64_t bad_dest;      /* elements given a part outside [0, size), summed */
    int64_t edge_cut;      /* dual-graph edges between parts, counted here
                            * (-1 for RCB, which has no graph) */
    int64_t graph_edges;   /* the dual graph's edges (0 for RCB) */
    double part_seconds;   /* the library call alone, slowest rank */
    char note[160];
} direct_out;

/* Collective over in->comm. 0, EXS_ENOTBUILT, or an exoslab/partitioner
 * failure (out->note says what). */
int bench_direct_zoltan_rcb(const direct_in *in, direct_out *out);
int bench_direct_ptscotch_kway(const direct_in *in, direct_out *out);

#endif
