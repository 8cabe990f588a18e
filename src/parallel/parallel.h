/*
 * parallel.h -- what the parallel layer's files share (src/parallel/).
 *
 * A collective (`_all`) call first runs the serial accessor with the
 * handle in EXS_IO_CHECK mode (src/io.c: slabs validated, nothing read or
 * written), agrees on the outcome (so a rank that fails validation never
 * leaves the others in a collective call), then runs it for real with the
 * store in collective mode, or posting nonblocking requests (PnetCDF).
 */
#ifndef EXS_PARALLEL_H
#define EXS_PARALLEL_H

#include "exoslab_par.h"
#include "internal.h"

/* Agree on rc across the handle's ranks: the worst code everywhere, with
 * the failing rank's message in f->errmsg. Collective. */
static inline int exsi_par_agree(exs_file *f, int rc)
{
    return exsi_err_agree(f, rc);
}

#endif
