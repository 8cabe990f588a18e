/* write_commit.c -- crash-safe create. A new file is written under a
 * hidden temporary name in its target's directory, ".NAME.exs-XXXXXX",
 * and only a successful close puts it in place: rename(2) onto the target
 * with clobber (atomic: a reader or a crash sees the old file or the new
 * one, never a mix), link(2) without clobber (atomic and never replaces a
 * file that appeared meanwhile). A failed close unlinks the temporary.
 *
 * Stale temporaries. A writer holds a write lock on its temporary (an
 * open-file-description lock, fcntl F_OFD_SETLK: independent of the
 * flock(2) that HDF5 takes on the files it opens, and not dropped when
 * netCDF closes its own descriptors) from the moment it is created until
 * it is renamed or unlinked; the kernel drops the lock when the process
 * dies, however it dies. After a
 * successful publish, every ".NAME.exs-XXXXXX" of the same target that is
 * a regular file of ours and whose lock can be taken at once belongs to a
 * dead writer and is removed. A writer that was still between creating
 * and locking its name re-checks, once it holds the lock, that the name
 * still is its file (and takes a new one otherwise), so a cleaner never
 * removes a live writer's temporary.
 *
 * Before the rename, the temporary is opened and its metadata read like
 * any file (exs_open): a storage layer that dropped writes silently does
 * not get to replace the old file.
 *
 * Only the serial writer or rank 0 of a parallel one runs these (the name
 * is broadcast; the agreement on close happens before the rename). */
#define _GNU_SOURCE 1 /* realpath, fchmod and F_OFD_SETLK under -std=c11 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "write.h"

#define TMP_TAG ".exs-"
#define TMP_RAND 6
#define TMP_BASE_MAX 200 /* longer target names are cut in the temporary's */

/* Lock the whole file through fd: the writer's write lock (waiting until
 * granted), or a cleaner's read lock (at once or not at all; it conflicts
 * with a writer's, and needs no write access). */
static int lock_fd(int fd, int writer)
{
    struct flock l = {.l_type = writer ? F_WRLCK : F_RDLCK, .l_whence = SEEK_SET,
                      .l_start = 0, .l_len = 0, .l_pid = 0};
    return fcntl(fd, writer ? F_OFD_SETLKW : F_OFD_SETLK, &l);
}

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* Split path into a malloc'ed directory ("." for none) and base name. */
static int split_path(const char *path, char **dir, const char **base)
{
    const char *slash = strrchr(path, '/');
    size_t dlen = slash ? (size_t)(slash - path) : 1;
    *dir = malloc(dlen + 1);
    if (!*dir)
        return EXS_ENOMEM;
    if (!slash)
        strcpy(*dir, ".");
    else if (dlen == 0)
        strcpy(*dir, "/");
    else {
        memcpy(*dir, path, dlen);
        (*dir)[dlen] = '\0';
    }
    *base = slash ? slash + 1 : path;
    return 0;
}

/* A temporary name's prefix for base: "." + base (cut) + ".exs-". */
static void tmp_prefix(const char *base, char *out, size_t cap)
{
    snprintf(out, cap, ".%.*s" TMP_TAG, TMP_BASE_MAX, base);
}

static uint64_t mix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* The target: path, or what a symlink at path points to (so that the
 * rename replaces the file, not the link). */
static char *resolve_target(const char *path)
{
    struct stat st;
    char *real = NULL;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
        real = realpath(path, NULL);
    return real ? real : exsi_w_strdup(path);
}

/* Create and lock one fresh temporary; *again = 1 (and 0 returned) when
 * the name was taken and another should be tried. */
static int try_reserve(exs_file *f, exsi_core_write_state *w, const char *name, int *again)
{
    struct stat a, b;
    *again = 0;
    int fd = open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd < 0 && errno == EEXIST)
        *again = 1;
    if (fd < 0)
        return *again ? 0
               : exsi_err(f, EXS_ENOFILE, "cannot create the temporary %s: %s", name,
                         strerror(errno));
    if (lock_fd(fd, 1) != 0) {
        int e = errno;
        close(fd);
        unlink(name);
        return exsi_err(f, EXS_ENOFILE, "cannot lock the temporary %s: %s", name,
                       strerror(e));
    }
    /* A cleaner may have removed the name before we held the lock. */
    if (fstat(fd, &a) != 0 || lstat(name, &b) != 0 || a.st_ino != b.st_ino ||
        a.st_dev != b.st_dev) {
        close(fd);
        *again = 1;
        return 0;
    }
    w->lock_fd = fd;
    w->tmp_path = exsi_w_strdup(name);
    return w->tmp_path ? 0 : exsi_err(f, EXS_ENOMEM, "temporary name");
}

/* The existing target's permission bits go to the temporary. */
static void keep_mode(exsi_core_write_state *w)
{
    struct stat st;
    if (stat(w->final_path, &st) == 0 && S_ISREG(st.st_mode))
        fchmod(w->lock_fd, st.st_mode & 07777);
}

int exsi_w_tmp_reserve(exs_file *f, exsi_core_write_state *w)
{
    struct stat st;
    char *dir = NULL, prefix[TMP_BASE_MAX + 16];
    const char *base;
    w->final_path = resolve_target(f->path);
    if (!w->final_path || split_path(w->final_path, &dir, &base) != 0)
        return exsi_err(f, EXS_ENOMEM, "temporary name");
    int rc = 0, exists = stat(w->final_path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode))
        rc = exsi_err(f, EXS_ENOFILE, "cannot create: the path is a directory");
    else if ((exists || lstat(w->final_path, &st) == 0) && !w->clobber)
        rc = exsi_err(f, EXS_EEXIST, "the file exists and clobber was not asked for");
    else if (!base[0])
        rc = exsi_err(f, EXS_ENOFILE, "cannot create: the path names no file");
    tmp_prefix(base, prefix, sizeof prefix);
    size_t cap = strlen(dir) + strlen(prefix) + TMP_RAND + 2;
    char *name = rc == 0 ? malloc(cap) : NULL;
    if (rc == 0 && !name)
        rc = exsi_err(f, EXS_ENOMEM, "temporary name");
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t seed = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
                    ((uint64_t)getpid() << 16) ^ (uint64_t)(uintptr_t)w;
    for (int attempt = 0; rc == 0 && attempt < 100; attempt++) {
        uint64_t r = mix64(seed + (uint64_t)attempt);
        int n = snprintf(name, cap, "%s/%s", dir, prefix);
        for (int i = 0; i < TMP_RAND; i++, r /= 62)
            name[n + i] = alphabet[r % 62];
        name[n + TMP_RAND] = '\0';
        int again = 0;
        rc = try_reserve(f, w, name, &again);
        if (rc != 0 || !again)
            break;
        if (attempt == 99)
            rc = exsi_err(f, EXS_ENOFILE, "no free temporary name in %s", dir);
    }
    if (rc == 0 && w->lock_fd >= 0)
        keep_mode(w);
    free(name);
    free(dir);
    return rc;
}

/* One open and close of the temporary, right after the store created it
 * and before any data: the backends create over the reserved (empty)
 * file by truncating it (netCDF-C: O_TRUNC; PnetCDF: truncate; HDF5:
 * set_size 0), and ext4 marks a file truncated to size 0 for its
 * "truncate and rewrite" heuristic (auto_da_alloc): the first close of any
 * descriptor of it then starts writeback of all its delayed-allocation
 * data. Left to the backend's close, that was 0.16-0.19 s per 183 MB rank
 * inside exs_close (a new file made by the peers has no such mark). Closed
 * now, there is nothing to flush and the mark is gone. The lock is an OFD
 * lock on lock_fd's own description: another descriptor's close leaves it.
 * Best effort: nothing fails if the open does. */
static void settle_truncate(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd >= 0)
        close(fd);
}

/* The store created the file at tmp_path: if it replaced the inode we
 * locked (unlink and create), lock the new one. */
int exsi_w_tmp_verify(exs_file *f, exsi_core_write_state *w)
{
    struct stat a, b;
    settle_truncate(w->tmp_path);
    if (fstat(w->lock_fd, &a) == 0 && stat(w->tmp_path, &b) == 0 &&
        a.st_ino == b.st_ino && a.st_dev == b.st_dev)
        return 0;
    close(w->lock_fd);
    w->lock_fd = open(w->tmp_path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    if (w->lock_fd < 0 || lock_fd(w->lock_fd, 1) != 0)
        return exsi_err(f, EXS_ENOFILE, "cannot lock the temporary %s: %s",
                       w->tmp_path, strerror(errno));
    return 0;
}

/* Is this directory entry a temporary of the target with prefix? */
static int is_tmp_name(const char *name, const char *prefix)
{
    size_t pl = strlen(prefix);
    if (strncmp(name, prefix, pl) != 0 || strlen(name) != pl + TMP_RAND)
        return 0;
    for (size_t i = pl; i < pl + TMP_RAND; i++)
        if (!strchr(alphabet, name[i]) || name[i] == '\0')
            return 0;
    return 1;
}

/* Remove one candidate if no live writer holds it. */
static int remove_if_stale(int dfd, const char *name)
{
    struct stat a, b;
    if (fstatat(dfd, name, &a, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(a.st_mode) ||
        a.st_uid != geteuid())
        return 0;
    int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return 0;
    int removed = 0;
    if (lock_fd(fd, 0) == 0 && fstat(fd, &a) == 0 &&
        fstatat(dfd, name, &b, AT_SYMLINK_NOFOLLOW) == 0 && a.st_ino == b.st_ino &&
        a.st_dev == b.st_dev)
        removed = unlinkat(dfd, name, 0) == 0;
    close(fd);
    return removed;
}

/* Stale temporaries of the target (best effort: a failure here never
 * fails the close). Returns how many were removed. */
static int remove_stale(const exsi_core_write_state *w)
{
    char *dir = NULL, prefix[TMP_BASE_MAX + 16];
    const char *base;
    if (split_path(w->final_path, &dir, &base) != 0)
        return 0;
    tmp_prefix(base, prefix, sizeof prefix);
    DIR *d = opendir(dir);
    int removed = 0;
    for (struct dirent *de; d && (de = readdir(d)) != NULL;)
        if (is_tmp_name(de->d_name, prefix))
            removed += remove_if_stale(dirfd(d), de->d_name);
    if (d)
        closedir(d);
    free(dir);
    return removed;
}

static void sync_dir(const char *path)
{
    char *dir = NULL;
    const char *base;
    if (split_path(path, &dir, &base) != 0)
        return;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

/* Put the temporary at the target: rename, or (no clobber) link. */
static int place(exs_file *f, exsi_core_write_state *w)
{
    if (w->clobber)
        return rename(w->tmp_path, w->final_path) == 0 ? 0 : errno;
    if (link(w->tmp_path, w->final_path) == 0)
        return unlink(w->tmp_path), 0;
    int e = errno;
    struct stat st;
    if (e == EEXIST)
        return exsi_err(f, EXS_EEXIST, "the file appeared while it was being "
                       "written and clobber was not asked for: left as it was"), -1;
    /* Filesystems without hard links: rename when the name is still free. */
    if ((e == EPERM || e == ENOTSUP || e == ENOSYS || e == EMLINK) &&
        lstat(w->final_path, &st) != 0)
        return rename(w->tmp_path, w->final_path) == 0 ? 0 : errno;
    return e;
}

/* The temporary must open as what it claims to be before it replaces
 * anything: a storage layer that lost writes without saying so (Open MPI's
 * ompio under a full disk reports success) is caught here. */
static int reads_back(exs_file *f, exsi_core_write_state *w)
{
    char msg[EXS_ERRMSG_LEN];
    exs_file *chk = NULL;
    int rc = exs_open_err(w->tmp_path, EXS_READ, &chk, msg, sizeof msg);
    if (rc == 0)
        return exs_close(chk);
    return exsi_err(f, EXS_EWRITE, "write failed: the file written does not read "
                   "back (%s)", msg);
}

int exsi_w_fsync(exs_file *f)
{
    const char *path = f->w && f->w->tmp_path ? f->w->tmp_path : f->path;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int e = fd < 0 || fsync(fd) != 0 ? errno : 0;
    if (fd >= 0)
        close(fd);
    return e ? exsi_err(f, EXS_EWRITE, "write failed: flushing %s to disk: %s", path,
                       strerror(e)) : 0;
}

int exsi_w_tmp_publish(exs_file *f, exsi_core_write_state *w)
{
    int rc = w->lock_fd >= 0 ? exsi_store_cdf_complete_tail(f, w->lock_fd) : 0;
    if (rc == 0)
        rc = reads_back(f, w);
    if (rc != 0) {
        exsi_w_tmp_discard(w);
        return rc;
    }
    int durable = (w->opts.flags & EXS_SYNC) != 0; /* docs/reliability.md */
    if (durable && fsync(w->lock_fd) != 0) {
        int e = errno;
        exsi_w_tmp_discard(w);
        return exsi_err(f, EXS_EWRITE, "write failed: flushing %s to disk: %s",
                       w->tmp_path, strerror(e));
    }
    int e = place(f, w);
    if (e != 0) {
        int rc = e < 0 ? EXS_EEXIST
                       : exsi_err(f, EXS_EWRITE, "write failed: renaming %s onto the "
                                 "file: %s", w->tmp_path, strerror(e));
        exsi_w_tmp_discard(w);
        return rc;
    }
    if (durable)
        sync_dir(w->final_path);
    remove_stale(w);
    close(w->lock_fd);
    w->lock_fd = -1;
    return 0;
}

void exsi_w_tmp_discard(exsi_core_write_state *w)
{
    if (w->tmp_path && w->lock_fd >= 0)
        unlink(w->tmp_path);
    if (w->lock_fd >= 0)
        close(w->lock_fd);
    w->lock_fd = -1;
}
