/* agree.c -- collective error agreement over any communicator (shared by
 * the serial and the MPI implementation: it only calls the comm ops). */
#include <stdio.h>
#include <string.h>

#include "exoslab.h"
#include "exs_comm.h"

uint64_t exs_comm_hash(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    if (h == 0)
        h = UINT64_C(14695981039346656037); /* FNV-1a offset basis */
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * UINT64_C(1099511628211);
    return h;
}

static uint64_t msg_hash(const char *msg) { return exs_comm_hash(0, msg, strlen(msg)); }

/* The message of an agreement that already happened comes back when a
 * caller agrees on an agreed status again (a collective made of
 * collectives): it is everyone's message already and names its rank. */
static int already_agreed(const exs_comm *c, int status, const char *msg)
{
    return c->agreed_status != 0 && status == c->agreed_status &&
           msg_hash(msg) == c->agreed_msg;
}

/* Root's message gets "rank R: " (unless it came from an earlier
 * agreement) and goes to everyone. */
static int share_message(exs_comm *c, int status, int root, char *msg, size_t msglen)
{
    if (c->rank == root && !already_agreed(c, status, msg)) {
        char tmp[1024];
        snprintf(tmp, sizeof tmp, "rank %d: %s", root, msg);
        snprintf(msg, msglen, "%s", tmp);
    }
    if (exs_comm_bcast(c, msg, msglen, root) != 0)
        return EXS_EMPI;
    msg[msglen - 1] = '\0';
    return 0;
}

/* Two small reductions on the failure path only: the worst status (this is
 * the one every rank returns), then the lowest rank holding it, whose message
 * is broadcast. The success path costs one allreduce. */
static int agree_failed(exs_comm *c, int status, int64_t worst, char *msg,
                        size_t msglen)
{
    int64_t me = status == worst ? c->rank : c->size, root;
    if (exs_comm_allreduce_i64(c, &me, &root, 1, EXS_OP_MIN) != 0)
        return EXS_EMPI;
    if (msg && msglen > 0) {
        if (share_message(c, (int)worst, (int)root, msg, msglen) != 0)
            return EXS_EMPI;
        c->agreed_status = (int)worst;
        c->agreed_msg = msg_hash(msg);
    }
    return (int)worst;
}

int exs_comm_agree(exs_comm *c, int status, char *msg, size_t msglen)
{
    if (!c || c->size == 1)
        return status;
    int64_t mine = status, worst;
    if (exs_comm_allreduce_i64(c, &mine, &worst, 1, EXS_OP_MIN) != 0)
        return EXS_EMPI;
    return worst == 0 ? 0 : agree_failed(c, status, worst, msg, msglen);
}

/* One allreduce carries the status, rank 0's hash and the smallest and
 * largest hash (63 bits, so that they order as int64). Ranks whose hash is
 * not rank 0's fail with EXS_EMISMATCH; a real failure anywhere wins. */
int exs_comm_agree_hash(exs_comm *c, int status, uint64_t hash, const char *desc,
                        char *msg, size_t msglen)
{
    if (!c || c->size == 1)
        return status;
    int64_t h = (int64_t)(hash >> 1);
    int64_t v[4] = {status, c->rank == 0 ? h : INT64_MAX, h, -h}, r[4];
    if (exs_comm_allreduce_i64(c, v, r, 4, EXS_OP_MIN) != 0)
        return EXS_EMPI;
    if (r[0] != 0)
        return agree_failed(c, status, r[0], msg, msglen);
    if (r[2] == -r[3])
        return 0;
    int mine = h == r[1] ? 0 : EXS_EMISMATCH;
    if (mine && msg && msglen > 0)
        snprintf(msg, msglen, "ranks disagree: %s here differs from rank 0 (every "
                 "rank must pass the same)", desc ? desc : "an argument");
    return agree_failed(c, mine, EXS_EMISMATCH, msg, msglen);
}
