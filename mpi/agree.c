/* agree.c -- collective error agreement over any communicator (shared by
 * the serial and the MPI implementation: it only calls the comm ops). */
#include <stdio.h>
#include <string.h>

#include "exoslab.h"
#include "exs_comm.h"

uint64_t exsi_comm_hash(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    if (h == 0)
        h = UINT64_C(14695981039346656037); /* FNV-1a offset basis */
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * UINT64_C(1099511628211);
    return h;
}

static uint64_t msg_hash(const char *msg) { return exsi_comm_hash(0, msg, strlen(msg)); }

/* The message of an agreement that already happened comes back when a
 * caller agrees on an agreed status again (a collective made of
 * collectives): it is everyone's message already and names its rank. */
static int already_agreed(const exsi_comm *c, int status, const char *msg)
{
    return c->agreed_status != 0 && status == c->agreed_status &&
           msg_hash(msg) == c->agreed_msg;
}

/* Root's message gets "rank R: " (unless it came from an earlier
 * agreement) and goes to everyone. */
static int share_message(exsi_comm *c, int status, int root, char *msg, size_t msglen)
{
    if (c->rank == root && !already_agreed(c, status, msg)) {
        char tmp[1024];
        snprintf(tmp, sizeof tmp, "rank %d: %s", root, msg);
        snprintf(msg, msglen, "%s", tmp);
    }
    if (exsi_comm_bcast(c, msg, msglen, root) != 0)
        return EXS_EMPI;
    msg[msglen - 1] = '\0';
    return 0;
}

/* The lowest rank holding the worst status (a second small reduction, on
 * the failure path only: success costs one allreduce). */
static int lowest_with(exsi_comm *c, int status, int64_t worst, int *root)
{
    int64_t me = status == worst ? c->rank : c->size, r;
    if (exsi_comm_allreduce_i64(c, &me, &r, 1, EXS_OP_MIN) != 0)
        return EXS_EMPI;
    *root = (int)r;
    return 0;
}

/* Of this rank's value v (63 bits, so that they order as int64) and the
 * reduced {rank 0's, smallest, -largest}: 1 when every rank has the same
 * value, else -1 here where v is not rank 0's, 0 where it is. */
static int alike(int64_t v, const int64_t *r)
{
    return r[1] == -r[2] ? 1 : v == r[0] ? 0 : -1;
}

static void describe(char *msg, size_t msglen, int code, const char *desc)
{
    if (!msg || msglen == 0)
        return;
    if (code == EXS_ECOLLECTIVE)
        snprintf(msg, msglen, "ranks made different collective calls: %s here, "
                 "another call on rank 0 (every rank must make the same collective "
                 "calls in the same order)", desc ? desc : "a plain agreement");
    else
        snprintf(msg, msglen, "ranks disagree: %s here differs from rank 0 (every "
                 "rank must pass the same)", desc ? desc : "an argument");
}

/* Every agreement is this one allreduce of seven values, whichever call
 * makes it, so that two ranks in different agreement points still match
 * in MPI and see the difference: the status, then {rank 0's, smallest,
 * -largest} of the call's signature and of its arguments' hash. A failure
 * status anywhere wins; then a different call (EXS_ECOLLECTIVE); then
 * different arguments (EXS_EMISMATCH). */
int exsi_comm_agree_root(exsi_comm *c, int status, const exsi_comm_sig *sg, int *mine,
                        char *why, size_t whylen, int *root)
{
    *root = -1;
    *mine = status;
    if (why && whylen)
        why[0] = '\0';
    if (!c || c->size == 1)
        return status;
    int64_t s = (int64_t)(sg->sig >> 1), h = (int64_t)(sg->hash >> 1), r[7];
    int64_t v[7] = {status, c->rank == 0 ? s : INT64_MAX, s, -s,
                    c->rank == 0 ? h : INT64_MAX, h, -h};
    if (exsi_comm_allreduce_i64(c, v, r, 7, EXS_OP_MIN) != 0)
        return EXS_EMPI;
    if (r[0] != 0)
        return lowest_with(c, status, r[0], root) ? EXS_EMPI : (int)r[0];
    int same_sig = alike(s, r + 1), same_args = alike(h, r + 4);
    if (same_sig == 1 && same_args == 1)
        return 0;
    int worst = same_sig == 1 ? EXS_EMISMATCH : EXS_ECOLLECTIVE;
    *mine = same_sig == -1 ? EXS_ECOLLECTIVE : same_sig == 0 ? 0
          : same_args == -1 ? EXS_EMISMATCH : 0;
    if (*mine)
        describe(why, whylen, *mine, *mine == EXS_ECOLLECTIVE ? sg->sigdesc : sg->desc);
    return lowest_with(c, *mine, worst, root) ? EXS_EMPI : worst;
}

/* The text form, for a message without a handle: the root's message gets
 * "rank R: " (unless it came from an earlier agreement) and goes to
 * everyone. */
int exsi_comm_agree_call(exsi_comm *c, int status, uint64_t sig, const char *sigdesc,
                        uint64_t hash, const char *desc, char *msg, size_t msglen)
{
    exsi_comm_sig sg = {sig, sigdesc, hash, desc};
    int mine, root;
    char why[EXS_COMM_WHY_LEN];
    int worst = exsi_comm_agree_root(c, status, &sg, &mine, why, sizeof why, &root);
    if (worst == 0 || root < 0 || !msg || msglen == 0)
        return worst;
    if (why[0])
        snprintf(msg, msglen, "%s", why);
    if (share_message(c, worst, root, msg, msglen) != 0)
        return EXS_EMPI;
    c->agreed_status = worst;
    c->agreed_msg = msg_hash(msg);
    return worst;
}

int exsi_comm_agree(exsi_comm *c, int status, char *msg, size_t msglen)
{
    return exsi_comm_agree_call(c, status, 0, NULL, 0, NULL, msg, msglen);
}

int exsi_comm_agree_hash(exsi_comm *c, int status, uint64_t hash, const char *desc,
                        char *msg, size_t msglen)
{
    return exsi_comm_agree_call(c, status, 0, NULL, hash, desc, msg, msglen);
}
