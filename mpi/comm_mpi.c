/* comm_mpi.c -- the MPI communicator: the one file that calls MPI_*. */
#include <mpi.h>

#include <limits.h>
#include <stdlib.h>

#include "exoslab.h"
#include "exs_comm.h"

typedef struct mpi_state {
    MPI_Comm comm; /* our duplicate, freed with the exsi_comm */
    MPI_Info info; /* our duplicate of the caller's hints, or MPI_INFO_NULL */
} mpi_state;

static MPI_Comm comm_of(exsi_comm *c) { return ((mpi_state *)c->impl)->comm; }

static int ok(int mpirc) { return mpirc == MPI_SUCCESS ? 0 : EXS_EMPI; }

static void mpi_free(exsi_comm *c)
{
    mpi_state *s = c->impl;
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized && s->info != MPI_INFO_NULL)
        MPI_Info_free(&s->info);
    if (!finalized)
        MPI_Comm_free(&s->comm);
    free(s);
    free(c);
}

static MPI_Op op_of(exsi_comm_op op)
{
    return op == EXS_OP_MIN ? MPI_MIN : op == EXS_OP_MAX ? MPI_MAX : MPI_SUM;
}

static int mpi_allreduce_i64(exsi_comm *c, const int64_t *in, int64_t *out, int n,
                             exsi_comm_op op)
{
    const void *src = in == out ? MPI_IN_PLACE : (const void *)in;
    return ok(MPI_Allreduce(src, out, n, MPI_INT64_T, op_of(op), comm_of(c)));
}

/* Broadcasts are split so that no count exceeds INT_MAX bytes. */
static int mpi_bcast(exsi_comm *c, void *buf, size_t bytes, int root)
{
    char *p = buf;
    while (bytes > 0) {
        int n = bytes > (size_t)INT_MAX ? INT_MAX : (int)bytes;
        if (MPI_Bcast(p, n, MPI_BYTE, root, comm_of(c)) != MPI_SUCCESS)
            return EXS_EMPI;
        p += n;
        bytes -= (size_t)n;
    }
    return 0;
}

static int mpi_allgather_i64(exsi_comm *c, const int64_t *in, int n, int64_t *out)
{
    return ok(MPI_Allgather(in, n, MPI_INT64_T, out, n, MPI_INT64_T, comm_of(c)));
}

static int mpi_alltoall_i64(exsi_comm *c, const int64_t *in, int64_t *out)
{
    return ok(MPI_Alltoall(in, 1, MPI_INT64_T, out, 1, MPI_INT64_T, comm_of(c)));
}

/* Counts and displacements as int arrays; EXS_ERANGE past INT_MAX bytes. */
static int int_counts(const int64_t *counts, int n, int *ic, int *id)
{
    int64_t off = 0;
    for (int r = 0; r < n; r++) {
        if (counts[r] < 0 || counts[r] > INT_MAX || off > INT_MAX)
            return EXS_ERANGE;
        ic[r] = (int)counts[r];
        id[r] = (int)off;
        off += counts[r];
    }
    return off > INT_MAX ? EXS_ERANGE : 0;
}

static int mpi_gatherv_bytes(exsi_comm *c, const void *in, size_t nbytes,
                             void *out, const int64_t *counts, int root)
{
    int n = c->size, rc = 0;
    int *ic = NULL, *id = NULL;
    if (nbytes > INT_MAX)
        return EXS_ERANGE;
    if (c->rank == root) {
        ic = malloc(2 * (size_t)n * sizeof *ic);
        if (!ic)
            return EXS_ENOMEM;
        id = ic + n;
        rc = int_counts(counts, n, ic, id);
    }
    /* Every rank must enter the collective, even when root's counts were
     * bad: root then gathers nothing and reports the error afterwards. */
    if (rc != 0 && c->rank == root)
        for (int r = 0; r < n; r++)
            ic[r] = id[r] = 0;
    int mrc = MPI_Gatherv(in, (int)nbytes, MPI_BYTE, out, ic, id, MPI_BYTE, root,
                          comm_of(c));
    free(ic);
    return rc ? rc : ok(mrc);
}

static int mpi_alltoallv_bytes(exsi_comm *c, const void *sendbuf,
                               const int64_t *sendcounts, void *recvbuf,
                               const int64_t *recvcounts)
{
    int n = c->size;
    int *buf = malloc(4 * (size_t)n * sizeof *buf);
    if (!buf)
        return EXS_ENOMEM;
    int *sc = buf, *sd = buf + n, *rc = buf + 2 * n, *rd = buf + 3 * n;
    int err = int_counts(sendcounts, n, sc, sd);
    if (!err)
        err = int_counts(recvcounts, n, rc, rd);
    /* Agree on the argument check first so nobody enters alone. */
    int64_t e = err, worst;
    if (MPI_Allreduce(&e, &worst, 1, MPI_INT64_T, MPI_MIN, comm_of(c)) != MPI_SUCCESS)
        worst = EXS_EMPI;
    if (worst == 0)
        worst = ok(MPI_Alltoallv(sendbuf, sc, sd, MPI_BYTE, recvbuf, rc, rd,
                                 MPI_BYTE, comm_of(c)));
    free(buf);
    return (int)worst;
}

static int mpi_barrier(exsi_comm *c) { return ok(MPI_Barrier(comm_of(c))); }

static const exsi_comm_ops mpi_ops = {
    .name = "mpi",
    .free = mpi_free,
    .allreduce_i64 = mpi_allreduce_i64,
    .bcast = mpi_bcast,
    .allgather_i64 = mpi_allgather_i64,
    .alltoall_i64 = mpi_alltoall_i64,
    .gatherv_bytes = mpi_gatherv_bytes,
    .alltoallv_bytes = mpi_alltoallv_bytes,
    .barrier = mpi_barrier,
};

/* The caller's hints, duplicated (MPI_INFO_NULL stays itself). */
static int dup_info(const void *mpi_info, MPI_Info *out)
{
    MPI_Info in = mpi_info ? *(const MPI_Info *)mpi_info : MPI_INFO_NULL;
    *out = MPI_INFO_NULL;
    return in == MPI_INFO_NULL ? 0 : ok(MPI_Info_dup(in, out));
}

int exsi_comm_from_mpi(const void *mpi_comm, const void *mpi_info, exsi_comm **out)
{
    int initialized = 0;
    *out = NULL;
    if (!mpi_comm)
        return EXS_EINVAL;
    MPI_Initialized(&initialized);
    if (!initialized)
        return EXS_EMPI;
    MPI_Comm user = *(const MPI_Comm *)mpi_comm;
    if (user == MPI_COMM_NULL)
        return EXS_EINVAL;
    exsi_comm *c = calloc(1, sizeof *c);
    mpi_state *s = calloc(1, sizeof *s);
    if (!c || !s) {
        free(c);
        free(s);
        return EXS_ENOMEM;
    }
    if (MPI_Comm_dup(user, &s->comm) != MPI_SUCCESS) {
        free(c);
        free(s);
        return EXS_EMPI;
    }
    if (dup_info(mpi_info, &s->info) != 0) {
        MPI_Comm_free(&s->comm);
        free(c);
        free(s);
        return EXS_EMPI;
    }
    MPI_Comm_rank(s->comm, &c->rank);
    MPI_Comm_size(s->comm, &c->size);
    c->ops = &mpi_ops;
    c->impl = s;
    *out = c;
    return 0;
}

const void *exsi_comm_mpi_info(const exsi_comm *c)
{
    if (!c || c->ops != &mpi_ops)
        return NULL;
    return &((const mpi_state *)c->impl)->info;
}

const void *exsi_comm_mpi_handle(const exsi_comm *c)
{
    if (!c || c->ops != &mpi_ops)
        return NULL;
    return &((const mpi_state *)c->impl)->comm;
}

int exsi_comm_thread_multiple(const exsi_comm *c)
{
    int level = MPI_THREAD_SINGLE;
    if (!c || c->ops != &mpi_ops || MPI_Query_thread(&level) != MPI_SUCCESS)
        return 0;
    return level == MPI_THREAD_MULTIPLE;
}
