/*
 * copy.h -- the copy engine (src/copy.c) that exs_copy, exs_copy_all and
 * exs_copy_mesh_all (decomp/copy_mesh.c, which owns the partition) share.
 * Not installed.
 */
#ifndef EXS_COPY_H
#define EXS_COPY_H

#include "exoslab_par.h"
#include "internal.h"

/* What one rank copies of the bulk arrays: its node and element slabs
 * (0-based global indices; [0, n) for a serial copy). */
typedef struct exsi_copy_slabs {
    int64_t node_start, node_count;
    int64_t elem_start, elem_count;
} exsi_copy_slabs;

/* One copy job. results: extra results definitions put after the copied
 * ones (exs_copy_mesh_all's), NULL for none; mesh_only: no results
 * variables and no steps of src. */
typedef struct exsi_copy_job {
    const exs_copy_opts *opts;
    exsi_copy_slabs slabs;
    const exs_results_def *results;
    int mesh_only;
} exsi_copy_job;

/* src/copy_nemesis.c: the Nemesis load-balance data of src (its global
 * counts, internal / border / external maps, communication maps and
 * version attributes), in phase 1 after everything else, in one
 * re-definition of dst; nothing for a src without it. Every rank makes
 * the same calls (every rank reads the arrays whole). */
int exsi_copy_part_nemesis(exs_file *src, exs_file *dst, int phase);

/* Copy src into the fresh dst (both serial, or both parallel on the same
 * ranks): definitions, end of definitions, data. Collective on parallel
 * handles, agreed; a failure marks dst failed (its close discards it). */
int exsi_copy_run(exs_file *src, exs_file *dst, const exsi_copy_job *job);

#endif
