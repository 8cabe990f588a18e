/* errors.c -- codes, their names and texts (one table in exoslab.h), and
 * the per-handle message. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

const char *exs_strerror(int code)
{
    switch (code) {
#define EXS_X_TEXT_(name, value, text) \
    case value:                        \
        return text;
        EXS_ERROR_TABLE(EXS_X_TEXT_)
#undef EXS_X_TEXT_
    default:
        return "unknown error code";
    }
}

const char *exs_errname(int code)
{
    switch (code) {
#define EXS_X_NAME_(name, value, text) \
    case value:                        \
        return #name;
        EXS_ERROR_TABLE(EXS_X_NAME_)
#undef EXS_X_NAME_
    default:
        return "EXS_E?";
    }
}

/* The path as messages show it: a long one is cut from the left. */
static const char *msg_path(const exs_file *f)
{
    const char *path = f->path && f->path[0] ? f->path : "(no file)";
    size_t plen = strlen(path);
    return plen > 160 ? path + plen - 160 : path;
}

/* Append s to buf (cap bytes, *at used), keeping `keep` bytes free. */
static void append(char *buf, size_t cap, size_t *at, const char *s, size_t keep)
{
    size_t n = strlen(s), room = cap - 1 - *at;
    room = room > keep ? room - keep : 0;
    n = n < room ? n : room;
    memcpy(buf + *at, s, n);
    *at += n;
    buf[*at] = '\0';
}

/* The one place a failure becomes text: "[rank R: ]where: [context: ]
 * detail (EXS_CODE)" (no "where: " for an agreement's own finding, which
 * is about the ranks, not the file); a long detail is cut, never the
 * code. */
static void compose(exs_file *f)
{
    const exsi_core_errinfo *e = &f->err;
    char rank[24] = "", tail[32];
    size_t at = 0, cap = sizeof f->errmsg;
    f->errmsg[0] = '\0';
    if (e->code == 0)
        return;
    if (e->rank >= 0)
        snprintf(rank, sizeof rank, "rank %d: ", e->rank);
    snprintf(tail, sizeof tail, " (%.16s)", exs_errname(e->code));
    size_t keep = strlen(tail);
    append(f->errmsg, cap, &at, rank, keep);
    if (e->where[0]) { /* an agreement's own finding names no file */
        append(f->errmsg, cap, &at, e->where, keep);
        append(f->errmsg, cap, &at, ": ", keep);
    }
    if (e->context[0]) {
        append(f->errmsg, cap, &at, e->context, keep);
        append(f->errmsg, cap, &at, ": ", keep);
    }
    append(f->errmsg, cap, &at, e->detail, keep);
    append(f->errmsg, cap, &at, tail, 0);
}

int exsi_err(exs_file *f, int code, const char *fmt, ...)
{
    if (!f)
        return code;
    exsi_core_errinfo *e = &f->err;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->detail, sizeof e->detail, fmt, ap);
    va_end(ap);
    e->code = code;
    e->rank = -1;
    e->context[0] = '\0';
    snprintf(e->where, sizeof e->where, "%s", msg_path(f));
    compose(f);
    return code;
}

/* A code without a message of its own (a store or comm call that only
 * returned it) says what the code means. */
static void ensure_detail(exs_file *f, int rc)
{
    if (f->err.code == 0 || f->err.detail[0] == '\0')
        exsi_err(f, rc, "%s", exs_strerror(rc));
}

int exsi_err_context(exs_file *f, int rc, const char *label)
{
    if (!f || rc == 0)
        return rc;
    exsi_core_errinfo *e = &f->err;
    char old[sizeof e->context];
    ensure_detail(f, rc);
    snprintf(old, sizeof old, "%s", e->context);
    snprintf(e->context, sizeof e->context, "%s%s%.*s", label, old[0] ? ": " : "",
             (int)(sizeof e->context / 2), old);
    e->code = rc;
    compose(f);
    return rc;
}

void exsi_err_set(exs_file *f, const exsi_core_errinfo *e)
{
    if (!f || !e)
        return;
    f->err = *e;
    compose(f);
}

void exsi_err_clear(exs_file *f)
{
    if (!f)
        return;
    f->err.code = 0;
    f->err.rank = -1;
    f->err.context[0] = f->err.detail[0] = '\0';
    compose(f);
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int exsi_err_as_write(exs_file *f, int rc)
{
    if (!f || (rc != EXS_ENETCDF && rc != EXS_EPNETCDF && rc != EXS_ECORRUPT))
        return rc;
    ensure_detail(f, rc);
    const exsi_core_errinfo *e = &f->err;
    int said = e->context[0] ? starts_with(e->context, "write failed")
                             : starts_with(e->detail, "write failed: ");
    if (said) {
        f->err.code = EXS_EWRITE;
        compose(f);
        return EXS_EWRITE;
    }
    return exsi_err_context(f, EXS_EWRITE, "write failed");
}

/* Every rank takes the failing rank's failure: its parts and its rank
 * (an earlier agreement's rank stays: a collective made of collectives
 * names the rank that failed first, once). */
static int share_failure(exs_file *f, int worst, int root)
{
    if (exsi_comm_rank(f->comm) == root) {
        ensure_detail(f, worst);
        if (f->err.rank < 0)
            f->err.rank = root;
    }
    if (exsi_comm_bcast(f->comm, &f->err, sizeof f->err, root) != 0)
        return EXS_EMPI;
    f->err.where[sizeof f->err.where - 1] = '\0';
    f->err.context[sizeof f->err.context - 1] = '\0';
    f->err.detail[sizeof f->err.detail - 1] = '\0';
    f->err.code = worst;
    compose(f);
    return worst;
}

int exsi_err_agree_call(exs_file *f, int rc, uint64_t sig, const char *sigdesc,
                       uint64_t hash, const char *desc)
{
    exsi_comm_sig sg = {sig, sigdesc, hash, desc};
    char why[EXS_COMM_WHY_LEN];
    int mine, root;
    if (!f)
        return rc;
    int worst = exsi_comm_agree_root(f->comm, rc, &sg, &mine, why, sizeof why, &root);
    if (worst == 0 || root < 0)
        return worst;
    if (why[0]) { /* this rank's call or arguments differed: no file's fault */
        exsi_err(f, mine, "%s", why);
        f->err.where[0] = '\0';
    }
    return share_failure(f, worst, root);
}

int exsi_err_agree(exs_file *f, int rc)
{
    return exsi_err_agree_call(f, rc, 0, NULL, 0, NULL);
}

int exsi_err_nohandle(char *msg, size_t msglen, int rc, const char *call,
                     const char *why)
{
    if (msg && msglen)
        snprintf(msg, msglen, "%s: %s (%s)", call, why, exs_errname(rc));
    return rc;
}

int exs_errcode(const exs_file *f) { return f ? f->err.code : EXS_EINVAL; }

const char *exs_errmsg(const exs_file *f)
{
    if (!f)
        return "no file handle";
    return f->errmsg;
}

int exs_version_number(void) { return EXS_VERSION_NUMBER; }

const char *exs_version_string(void)
{
#define EXS_STR2_(x) #x
#define EXS_STR_(x) EXS_STR2_(x)
#ifdef EXOSLAB_HAVE_MPI
    return EXS_STR_(EXS_VERSION_MAJOR) "." EXS_STR_(EXS_VERSION_MINOR) "." EXS_STR_(
        EXS_VERSION_PATCH) " (mpi)";
#else
    return EXS_STR_(EXS_VERSION_MAJOR) "." EXS_STR_(EXS_VERSION_MINOR) "." EXS_STR_(
        EXS_VERSION_PATCH) " (serial)";
#endif
}
