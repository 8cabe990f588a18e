/*
 * exs_comm.h -- the communicator layer (internal).
 *
 * src/ and decomp/ talk to processes only through this interface. Two
 * implementations: comm_serial.c (size 1, collectives copy) is always
 * built; comm_mpi.c (MPI) only with EXOSLAB_MPI. Only mpi/ calls MPI_*.
 */
#ifndef EXS_COMM_H
#define EXS_COMM_H

#include <stddef.h>
#include <stdint.h>

typedef struct exsi_comm exsi_comm;

typedef enum exsi_comm_op { EXS_OP_MIN, EXS_OP_MAX, EXS_OP_SUM } exsi_comm_op;

/* The dispatch table one implementation fills. */
typedef struct exsi_comm_ops {
    const char *name;
    void (*free)(exsi_comm *c);
    int (*allreduce_i64)(exsi_comm *c, const int64_t *in, int64_t *out, int n,
                         exsi_comm_op op);
    int (*bcast)(exsi_comm *c, void *buf, size_t bytes, int root);
    int (*allgather_i64)(exsi_comm *c, const int64_t *in, int n, int64_t *out);
    int (*alltoall_i64)(exsi_comm *c, const int64_t *in, int64_t *out);
    int (*gatherv_bytes)(exsi_comm *c, const void *in, size_t nbytes, void *out,
                         const int64_t *counts, int root);
    int (*alltoallv_bytes)(exsi_comm *c, const void *sendbuf,
                           const int64_t *sendcounts, void *recvbuf,
                           const int64_t *recvcounts);
    int (*barrier)(exsi_comm *c);
} exsi_comm_ops;

struct exsi_comm {
    const exsi_comm_ops *ops;
    int rank;
    int size;
    void *impl; /* the implementation's own state (MPI: a duplicated comm) */
    int agreed_status;   /* the last failed agreement's status and the */
    uint64_t agreed_msg; /* hash of its message (so it is not re-prefixed) */
};

/* The serial communicator: size 1, rank 0. Never fails except for memory. */
int exsi_comm_serial(exsi_comm **c);

/* Duplicate the MPI communicator at *mpi_comm and the hints at *mpi_info
 * (an MPI_Comm and an MPI_Info passed by address, so this header needs no
 * mpi.h; mpi_info NULL or MPI_INFO_NULL: none). Both are freed with the
 * exsi_comm. EXS_ENOPAR in a serial build. Collective over that
 * communicator. */
int exsi_comm_from_mpi(const void *mpi_comm, const void *mpi_info, exsi_comm **c);

/* The duplicated MPI_Info's address for the storage backends (PnetCDF's
 * hints), or NULL for the serial communicator. */
const void *exsi_comm_mpi_info(const exsi_comm *c);

/* The duplicated MPI_Comm's address for the storage backends (nc_open_par,
 * ncmpi_open), or NULL for the serial communicator. */
const void *exsi_comm_mpi_handle(const exsi_comm *c);

/* 1 when MPI was initialised with MPI_THREAD_MULTIPLE (threads of a
 * library we call may use MPI at once: PT-Scotch's), else 0; 0 for the
 * serial communicator. Local. */
int exsi_comm_thread_multiple(const exsi_comm *c);

/* Free (and MPI_Comm_free the duplicate). Accepts NULL. Collective for an
 * MPI communicator. */
void exsi_comm_free(exsi_comm *c);

static inline int exsi_comm_rank(const exsi_comm *c) { return c ? c->rank : 0; }
static inline int exsi_comm_size(const exsi_comm *c) { return c ? c->size : 1; }

int exsi_comm_allreduce_i64(exsi_comm *c, const int64_t *in, int64_t *out, int n,
                           exsi_comm_op op);
int exsi_comm_bcast(exsi_comm *c, void *buf, size_t bytes, int root);
/* out gets size * n values, rank-major. */
int exsi_comm_allgather_i64(exsi_comm *c, const int64_t *in, int n, int64_t *out);
/* in[r] goes to rank r; out[r] comes from rank r (size values each). */
int exsi_comm_alltoall_i64(exsi_comm *c, const int64_t *in, int64_t *out);
/* Gather nbytes from each rank to root; counts[r] (bytes) needed at root. */
int exsi_comm_gatherv_bytes(exsi_comm *c, const void *in, size_t nbytes, void *out,
                           const int64_t *counts, int root);
/* Byte counts per destination / source rank; displacements are the prefix
 * sums of the counts. */
int exsi_comm_alltoallv_bytes(exsi_comm *c, const void *sendbuf,
                             const int64_t *sendcounts, void *recvbuf,
                             const int64_t *recvcounts);
int exsi_comm_barrier(exsi_comm *c);

/* Collective error agreement. Every rank passes its own status (0 or a
 * negative code) and its message buffer (msg, msglen). All ranks return the
 * worst (most negative) status; when it is nonzero, every rank's msg holds
 * the message of the lowest-numbered failing rank, prefixed "rank R: ".
 * A communication failure itself yields EXS_EMPI. */
int exsi_comm_agree(exsi_comm *c, int status, char *msg, size_t msglen);

/* The same agreement, and in the same allreduce, a check that every rank
 * passed the same `hash` (of arguments that must be alike everywhere: a
 * path, a definition, a time step). A rank whose hash differs from rank
 * 0's fails with EXS_EMISMATCH and the message "ranks disagree: <desc>
 * here ..." (desc: this rank's version, in words); a failure status on any
 * rank takes precedence. Success costs one allreduce (of seven values:
 * exsi_comm_agree_call with no signature). */
int exsi_comm_agree_hash(exsi_comm *c, int status, uint64_t hash, const char *desc,
                        char *msg, size_t msglen);

/* The agreement every collective call makes first, and the shape every
 * agreement above shares (one allreduce of seven values, whichever
 * function makes it): status as exsi_comm_agree; then `sig`, the call's
 * signature (which operation, on which entity: 0 for a plain agreement),
 * must be rank 0's, else EXS_ECOLLECTIVE on every rank with the message
 * "ranks made different collective calls: <sigdesc> here ..."; then
 * `hash` as exsi_comm_agree_hash (EXS_EMISMATCH). Because every agreement
 * point has the same shape, ranks that entered different collective calls
 * meet in the same allreduce and learn it there instead of hanging. What
 * it cannot see: a rank that never makes the call (the others wait for it
 * in the allreduce, as in any MPI collective). */
int exsi_comm_agree_call(exsi_comm *c, int status, uint64_t sig, const char *sigdesc,
                        uint64_t hash, const char *desc, char *msg, size_t msglen);

/* What an agreement compares besides the status (exsi_comm_agree_call's
 * sig, sigdesc, hash, desc; zeros and NULLs for a plain agreement). */
typedef struct exsi_comm_sig {
    uint64_t sig;
    const char *sigdesc;
    uint64_t hash;
    const char *desc;
} exsi_comm_sig;

/* The longest reason an agreement gives for EXS_ECOLLECTIVE/EXS_EMISMATCH. */
#define EXS_COMM_WHY_LEN 400

/* The same agreement, structured: returns the worst status, sets *root to
 * the lowest rank holding it (-1 on success, on one rank, or when the
 * communication itself failed: EXS_EMPI) and *mine to this rank's status
 * as the agreement saw it; where this rank's call or arguments differed,
 * *mine is EXS_ECOLLECTIVE or EXS_EMISMATCH and `why` says so in words.
 * Shares no message: the caller broadcasts what it keeps (src/errors.c
 * does so for a file handle). */
int exsi_comm_agree_root(exsi_comm *c, int status, const exsi_comm_sig *sg, int *mine,
                        char *why, size_t whylen, int *root);

/* FNV-1a of n bytes, continuing from h (0 to start). Not cryptographic:
 * it catches honest disagreement between ranks. */
uint64_t exsi_comm_hash(uint64_t h, const void *data, size_t n);

#endif /* EXS_COMM_H */
