/*
 * copy_mesh.c -- the collective copies: exs_copy_all (everything the
 * reader sees, src/copy.c's engine) and exs_copy_mesh_all ("copy the
 * mesh, then add results": the same engine without src's results and
 * steps, plus the definitions of the results a solver will write).
 *
 * What this file adds to the engine is the partition: each rank copies
 * its chunk-aligned node and element slabs (exs_get_partition of src),
 * which is decomposition, so it lives here and src/ stays free of decomp/.
 */
#include "copy.h"
#include "decomp.h"

static int run(exs_file *src, exs_file *dst, const exs_copy_opts *o,
               const exs_results_def *def, int mesh_only)
{
    exs_partition p;
    if (!src || !dst)
        return EXS_EINVAL;
    int rc = exs_get_partition(src, 0, &p);
    if (dst->parallel)
        rc = exsi_err_agree(dst, rc);
    if (rc != 0)
        return rc;
    exsi_copy_job job = {.opts = o,
                        .slabs = {p.node_start, p.node_count, p.elem_start, p.elem_count},
                        .results = def,
                        .mesh_only = mesh_only};
    return exsi_copy_run(src, dst, &job);
}

int exs_copy_all(exs_file *src, exs_file *dst, const exs_copy_opts *opts)
{
    return run(src, dst, opts, NULL, 0);
}

int exs_copy_mesh_all(exs_file *src, exs_file *dst, const exs_results_def *def)
{
    return run(src, dst, NULL, def, 1);
}
