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
    const char *path = f->path ? f->path : "(no file)";
    size_t plen = strlen(path);
    return plen > 160 ? path + plen - 160 : path;
}

int exs_err(exs_file *f, int code, const char *fmt, ...)
{
    if (!f)
        return code;
    char detail[EXS_ERRMSG_LEN - 64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    /* "path: detail (EXS_ECODE)" */
    snprintf(f->errmsg, sizeof f->errmsg, "%.160s: %.*s (%.16s)", msg_path(f),
             (int)(sizeof f->errmsg - 200), detail, exs_errname(code));
    return code;
}

/* The detail of f's message: without the "path: " it starts with and the
 * " (EXS_...)" it ends with. */
static void msg_detail(const exs_file *f, char *out, size_t cap)
{
    const char *m = f->errmsg, *path = msg_path(f);
    size_t plen = strlen(path);
    if (strncmp(m, path, plen) == 0 && strncmp(m + plen, ": ", 2) == 0)
        m += plen + 2;
    snprintf(out, cap, "%s", m);
    char *tail = strrchr(out, '(');
    if (tail && tail > out && tail[-1] == ' ' && strncmp(tail, "(EXS_", 5) == 0)
        tail[-1] = '\0';
}

int exs_err_as_write(exs_file *f, int rc)
{
    if (!f || (rc != EXS_ENETCDF && rc != EXS_EPNETCDF && rc != EXS_ECORRUPT))
        return rc;
    char detail[EXS_ERRMSG_LEN];
    msg_detail(f, detail, sizeof detail);
    if (strncmp(detail, "write failed: ", 14) == 0)
        return exs_err(f, EXS_EWRITE, "%s", detail);
    return exs_err(f, EXS_EWRITE, "write failed: %s", detail);
}

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
