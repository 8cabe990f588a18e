/* scotch_nompi.c -- the serial build has no PT-Scotch (an MPI library). */
#include "decomp.h"
#include "internal.h"

int exsi_decomp_dmesh_scotch_all(dm_build *b, int *dest)
{
    (void)dest;
    return exsi_err(b->dm->f, EXS_ENOTBUILT, "decomposition method graph needs PT-Scotch "
                   "(libscotchparmetis-dev), which the serial build does not include");
}
