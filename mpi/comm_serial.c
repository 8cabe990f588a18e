/* comm_serial.c -- the size-1 communicator: collectives copy their input. */
#include "exs_comm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exoslab.h"

static void serial_free(exsi_comm *c) { free(c); }

static int serial_allreduce_i64(exsi_comm *c, const int64_t *in, int64_t *out,
                                int n, exsi_comm_op op)
{
    (void)c;
    (void)op;
    if (in != out)
        memmove(out, in, (size_t)n * sizeof *out);
    return 0;
}

static int serial_bcast(exsi_comm *c, void *buf, size_t bytes, int root)
{
    (void)c;
    (void)buf;
    (void)bytes;
    return root == 0 ? 0 : EXS_EINVAL;
}

static int serial_allgather_i64(exsi_comm *c, const int64_t *in, int n,
                                int64_t *out)
{
    (void)c;
    if (in != out)
        memmove(out, in, (size_t)n * sizeof *out);
    return 0;
}

static int serial_alltoall_i64(exsi_comm *c, const int64_t *in, int64_t *out)
{
    (void)c;
    out[0] = in[0];
    return 0;
}

static int serial_gatherv_bytes(exsi_comm *c, const void *in, size_t nbytes,
                                void *out, const int64_t *counts, int root)
{
    (void)c;
    (void)counts;
    if (root != 0)
        return EXS_EINVAL;
    if (nbytes && in != out)
        memmove(out, in, nbytes);
    return 0;
}

static int serial_alltoallv_bytes(exsi_comm *c, const void *sendbuf,
                                  const int64_t *sendcounts, void *recvbuf,
                                  const int64_t *recvcounts)
{
    (void)c;
    if (sendcounts[0] != recvcounts[0])
        return EXS_ESIZE;
    if (sendcounts[0] && sendbuf != recvbuf)
        memmove(recvbuf, sendbuf, (size_t)sendcounts[0]);
    return 0;
}

static int serial_barrier(exsi_comm *c)
{
    (void)c;
    return 0;
}

static const exsi_comm_ops serial_ops = {
    .name = "serial",
    .free = serial_free,
    .allreduce_i64 = serial_allreduce_i64,
    .bcast = serial_bcast,
    .allgather_i64 = serial_allgather_i64,
    .alltoall_i64 = serial_alltoall_i64,
    .gatherv_bytes = serial_gatherv_bytes,
    .alltoallv_bytes = serial_alltoallv_bytes,
    .barrier = serial_barrier,
};

int exsi_comm_serial(exsi_comm **c)
{
    exsi_comm *s = calloc(1, sizeof *s);
    if (!s)
        return EXS_ENOMEM;
    s->ops = &serial_ops;
    s->rank = 0;
    s->size = 1;
    *c = s;
    return 0;
}

/* ---- dispatch (shared by both implementations) ---- */

void exsi_comm_free(exsi_comm *c)
{
    if (c)
        c->ops->free(c);
}

int exsi_comm_allreduce_i64(exsi_comm *c, const int64_t *in, int64_t *out, int n,
                           exsi_comm_op op)
{
    return c->ops->allreduce_i64(c, in, out, n, op);
}

int exsi_comm_bcast(exsi_comm *c, void *buf, size_t bytes, int root)
{
    return c->ops->bcast(c, buf, bytes, root);
}

int exsi_comm_allgather_i64(exsi_comm *c, const int64_t *in, int n, int64_t *out)
{
    return c->ops->allgather_i64(c, in, n, out);
}

int exsi_comm_alltoall_i64(exsi_comm *c, const int64_t *in, int64_t *out)
{
    return c->ops->alltoall_i64(c, in, out);
}

int exsi_comm_gatherv_bytes(exsi_comm *c, const void *in, size_t nbytes, void *out,
                           const int64_t *counts, int root)
{
    return c->ops->gatherv_bytes(c, in, nbytes, out, counts, root);
}

int exsi_comm_alltoallv_bytes(exsi_comm *c, const void *sendbuf,
                             const int64_t *sendcounts, void *recvbuf,
                             const int64_t *recvcounts)
{
    return c->ops->alltoallv_bytes(c, sendbuf, sendcounts, recvbuf, recvcounts);
}

int exsi_comm_barrier(exsi_comm *c) { return c->ops->barrier(c); }

/* Error agreement (exsi_comm_agree, exsi_comm_agree_hash) is in agree.c. */
