/* nemesis_read_mpi.c -- the MPI entry of the Nemesis reader. */
#include <stdio.h>

#include "internal.h"
#include "nemesis.h"

int exs_dmesh_read_nemesis_par(const char *base, MPI_Comm comm, exs_dmesh **dm,
                               char *msg, size_t msglen)
{
    exsi_comm *c = NULL;
    char tmp[EXS_ERRMSG_LEN];
    if (!dm)
        return EXS_EINVAL;
    *dm = NULL;
    int rc = exsi_comm_from_mpi(&comm, NULL, &c);
    if (rc != 0) {
        if (msg && msglen)
            snprintf(msg, msglen, "duplicating the communicator failed");
        return rc;
    }
    return exsi_nem_read_comm(base, c, dm, msg ? msg : tmp, msg ? msglen : sizeof tmp);
}
