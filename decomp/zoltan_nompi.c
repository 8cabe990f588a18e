/* zoltan_nompi.c -- the serial build has no Zoltan (it is an MPI library). */
#include "decomp.h"
#include "internal.h"

int exsi_decomp_dmesh_zoltan_all(dm_build *b, exs_decomp_method m, int *dest)
{
    (void)dest;
    return exsi_err(b->dm->f, EXS_ENOTBUILT, "decomposition method %d needs Zoltan "
                   "(libtrilinos-zoltan-dev), which the serial build does not include",
                   (int)m);
}
