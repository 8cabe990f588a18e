/* test_crash_safe -- exs_create with clobber never damages the file it
 * replaces:
 *  - kill-mid-write trials: a forked writer replacing the file is killed
 *    (SIGKILL) after each phase and after many delays spread over its
 *    whole run; every time the target is byte-identical to the old file
 *    and reads as the old model, or (a kill after the rename) reads as the
 *    complete new one; the temporaries killed writers left are removed by
 *    the next successful create;
 *  - a full disk (RLIMIT_FSIZE with SIGXFSZ ignored, in a child) at
 *    several sizes and in every format: the first failure is EXS_EWRITE
 *    "write failed: ...", every later call and exs_close return it, the
 *    old file is byte-identical and no temporary is left;
 *  - no clobber: an existing file is refused and untouched, the target
 *    appears only at close, one created meanwhile is kept;
 *  - the stale-temporary rule, a symlinked target, the file mode.
 * Prints the trial counts (docs/reliability.md quotes them). */
#define _GNU_SOURCE 1 /* F_OFD_SETLK */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "crash_common.h"
#include "exs_test.h"

#define GRID 20 /* 8000 nodes, 6859 HEX8, about 0.9 MB a file */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static const char *fmt_name(exs_format f)
{
    return f == EXS_FORMAT_CLASSIC ? "cdf1" : f == EXS_FORMAT_64BIT_OFFSET ? "cdf2"
           : f == EXS_FORMAT_CDF5 ? "cdf5" : "nc4";
}

/* A forked writer of `variant` onto path; killed after delay_us (< 0:
 * never) or by itself after phase kill_after. Returns its wait status. */
static int run_writer(const char *path, exs_format fmt, int variant, int kill_after,
                      double delay_us)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        _exit(crash_write(path, fmt, 1, GRID, variant, kill_after) == 0 ? 0 : 3);
    if (delay_us >= 0) {
        struct timespec ts = {(time_t)(delay_us / 1e6),
                              (long)((delay_us - (time_t)(delay_us / 1e6) * 1e6) * 1e3)};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return st;
}

typedef struct trials {
    int run, old_kept, new_complete, damaged, left_temps;
} trials;

/* One killed writer; the target must be the old file or the whole new
 * one. A new one is turned back into the old (a successful create). */
static void one_trial(const char *path, exs_format fmt, int kill_after,
                      double delay_us, uint64_t *h_old, trials *t)
{
    long size;
    run_writer(path, fmt, 2, kill_after, delay_us);
    t->run++;
    t->left_temps += crash_count_temps(path) > 0;
    if (crash_hash(path, &size) == *h_old && crash_check(path, GRID, 1)) {
        t->old_kept++;
        return;
    }
    if (crash_check(path, GRID, 2)) {
        t->new_complete++;
        EXS_OK(NULL, crash_write(path, fmt, 1, GRID, 1, 0));
        *h_old = crash_hash(path, &size);
        return;
    }
    t->damaged++;
    EXS_FAIL_("%s: kill after phase %d / %.0f us left a damaged target", fmt_name(fmt),
              kill_after, delay_us);
}

static void kill_trials(exs_format fmt, int timed, trials *t)
{
    char path[512], name[64];
    long size;
    snprintf(name, sizeof name, "crash_kill_%s.exo", fmt_name(fmt));
    exs_test_tmp_path(path, sizeof path, name);
    EXS_OK(NULL, crash_write(path, fmt, 1, GRID, 1, 0));
    uint64_t h_old = crash_hash(path, &size);
    EXS_ASSERT(size > 0 && crash_check(path, GRID, 1));
    for (int p = 1; p <= CRASH_PHASES; p++)
        one_trial(path, fmt, p, -1, &h_old, t);
    /* How long a whole (forked) write takes, then delays over 1.3 times
     * that, so kills land in every phase, close and rename included. */
    double t0 = now();
    int st = run_writer(path, fmt, 1, 0, -1);
    double whole_us = (now() - t0) * 1e6;
    EXS_ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    h_old = crash_hash(path, &size);
    for (int i = 0; i < timed; i++)
        one_trial(path, fmt, 0, whole_us * 1.3 * i / timed, &h_old, t);
    /* The temporaries of killed writers go with the next successful one. */
    EXS_OK(NULL, crash_write(path, fmt, 1, GRID, 3, 0));
    EXS_ASSERT_EQ(crash_count_temps(path), 0);
    EXS_ASSERT(crash_check(path, GRID, 3));
    printf("kill trials %s: %d run (whole write %.0f us), old file kept %d, new file "
           "complete %d, damaged %d; %d left a temporary, all removed by the next "
           "create\n", fmt_name(fmt), t->run, whole_us, t->old_kept, t->new_complete,
           t->damaged, t->left_temps);
}

/* ---- a full disk ---- */

typedef struct full_result {
    int first_rc, later_rc, close_rc;
    char first_msg[512], close_msg[512];
} full_result;

static void full_child(const char *path, exs_format fmt, rlim_t limit, int fd)
{
    full_result r;
    exs_file *f = NULL;
    exs_create_opts o;
    memset(&r, 0, sizeof r);
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {limit, limit};
    setrlimit(RLIMIT_FSIZE, &rl);
    exs_create_opts_init(&o);
    o.format = fmt;
    o.clobber = 1;
    r.first_rc = exs_create(path, &o, &f);
    if (r.first_rc == 0) {
        r.first_rc = crash_fill(f, GRID, 2, 0);
        snprintf(r.first_msg, sizeof r.first_msg, "%s", exs_errmsg(f));
        double x = 1;
        r.later_rc = exs_put_coord(f, 0, 0, 1, EXS_F64, &x);
        r.close_rc = exs_close_err(f, r.close_msg, sizeof r.close_msg);
    }
    ssize_t w = write(fd, &r, sizeof r);
    _exit(w == (ssize_t)sizeof r ? 0 : 1);
}

/* Returns 1 when the full disk was met (during the writes or at close). */
static int disk_full_case(exs_format fmt, rlim_t limit)
{
    char path[512], name[64];
    long size0, size1;
    full_result r;
    int fds[2];
    snprintf(name, sizeof name, "crash_full_%s.exo", fmt_name(fmt));
    exs_test_tmp_path(path, sizeof path, name);
    EXS_OK(NULL, crash_write(path, fmt, 1, GRID, 1, 0));
    uint64_t h0 = crash_hash(path, &size0);
    if (pipe(fds) != 0)
        return 0;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        full_child(path, fmt, limit, fds[1]);
    }
    close(fds[1]);
    ssize_t n = read(fds[0], &r, sizeof r);
    close(fds[0]);
    waitpid(pid, NULL, 0);
    EXS_ASSERT_EQ(n, (ssize_t)sizeof r);
    if (n != (ssize_t)sizeof r)
        return 0;
    int rc = r.first_rc ? r.first_rc : r.close_rc;
    const char *msg = r.first_rc ? r.first_msg : r.close_msg;
    printf("disk full %s at %lu bytes: %s%s -> %s\n", fmt_name(fmt),
           (unsigned long)limit, r.first_rc ? "" : "(at close) ", exs_errname(rc), msg);
    EXS_ASSERT_EQ(rc, EXS_EWRITE);
    EXS_ASSERT(strstr(msg, "write failed: ") != NULL);
    EXS_ASSERT(strstr(msg, "netCDF library error") == NULL &&
               strstr(msg, "corrupt") == NULL);
    if (r.first_rc) { /* sticky: later calls and close say the same */
        EXS_ASSERT_EQ(r.later_rc, r.first_rc);
        EXS_ASSERT_EQ(r.close_rc, r.first_rc);
        EXS_ASSERT(strstr(r.close_msg, "write failed: ") != NULL);
    }
    EXS_ASSERT(strstr(r.close_msg, exs_errname(r.close_rc)) != NULL);
    EXS_ASSERT_EQ(crash_hash(path, &size1), h0);
    EXS_ASSERT_EQ(size1, size0);
    EXS_ASSERT(crash_check(path, GRID, 1));
    EXS_ASSERT_EQ(crash_count_temps(path), 0);
    return rc == EXS_EWRITE;
}

/* ---- no clobber ---- */

static void test_no_clobber(void)
{
    char path[512];
    long s0, s1;
    exs_file *f = NULL;
    exs_create_opts o;
    exs_test_tmp_path(path, sizeof path, "crash_noclobber.exo");
    unlink(path);
    exs_create_opts_init(&o);
    EXS_OK(f, exs_create(path, &o, &f));
    EXS_ASSERT(access(path, F_OK) != 0); /* appears only when complete */
    if (f) {
        EXS_OK(f, crash_fill(f, 4, 1, 0));
        EXS_OK(f, exs_close(f));
    }
    EXS_ASSERT(crash_check(path, 4, 1));
    uint64_t h0 = crash_hash(path, &s0);
    EXS_ASSERT_RC(exs_create(path, &o, &f), EXS_EEXIST);
    EXS_ASSERT_EQ(crash_hash(path, &s1), h0);
    EXS_ASSERT_EQ(crash_count_temps(path), 0);
    /* One that appears while we write is kept; ours goes. */
    unlink(path);
    EXS_OK(f, exs_create(path, &o, &f));
    FILE *fp = fopen(path, "w");
    if (fp) {
        fputs("theirs", fp);
        fclose(fp);
    }
    if (f) {
        EXS_OK(f, crash_fill(f, 4, 2, 0));
        EXS_ASSERT_RC(exs_close(f), EXS_EEXIST);
    }
    EXS_ASSERT_EQ(s1 = 0, 0);
    crash_hash(path, &s1);
    EXS_ASSERT_EQ(s1, 6);
    EXS_ASSERT_EQ(crash_count_temps(path), 0);
}

/* ---- the stale-temporary rule ---- */

static void touch(const char *dir, const char *name)
{
    char p[700];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *fp = fopen(p, "w");
    if (fp)
        fclose(fp);
}

static int exists(const char *dir, const char *name)
{
    char p[700];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return access(p, F_OK) == 0;
}

/* A live writer's temporary: a child holds its lock until told to go. */
static pid_t hold_lock(const char *dir, const char *name, int *go)
{
    char p[700];
    int ready[2], wait_go[2];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    if (pipe(ready) != 0 || pipe(wait_go) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
        int fd = open(p, O_RDWR | O_CREAT, 0600);
        char c = fd >= 0 && fcntl(fd, F_OFD_SETLK, &l) == 0 ? 'y' : 'n';
        ssize_t w = write(ready[1], &c, 1);
        w += read(wait_go[0], &c, 1);
        _exit(w > 0 ? 0 : 1);
    }
    char c = 0;
    ssize_t r = read(ready[0], &c, 1);
    EXS_ASSERT(r == 1 && c == 'y');
    close(ready[0]);
    close(ready[1]);
    close(wait_go[0]);
    *go = wait_go[1];
    return pid;
}

static void test_stale_rule(void)
{
    char path[600], dir[512];
    int go = -1;
    exs_test_tmp_path(dir, sizeof dir, "crash_stale");
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/t.exo", dir);
    touch(dir, ".t.exo.exs-AbCd12");  /* a dead writer's: removed */
    touch(dir, ".t.exo.exs-Ab");      /* not our pattern: kept */
    touch(dir, ".u.exo.exs-AbCd12");  /* another target's: kept */
    char sub[600];
    snprintf(sub, sizeof sub, "%s/.t.exo.exs-Dir123", dir);
    mkdir(sub, 0755);                 /* not a regular file: kept */
    pid_t live = hold_lock(dir, ".t.exo.exs-Live12", &go);
    EXS_OK(NULL, crash_write(path, EXS_FORMAT_DEFAULT, 1, 3, 1, 0));
    EXS_ASSERT(!exists(dir, ".t.exo.exs-AbCd12"));
    EXS_ASSERT(exists(dir, ".t.exo.exs-Ab"));
    EXS_ASSERT(exists(dir, ".u.exo.exs-AbCd12"));
    EXS_ASSERT(exists(dir, ".t.exo.exs-Dir123"));
    EXS_ASSERT(exists(dir, ".t.exo.exs-Live12")); /* locked: a live writer's */
    if (live > 0) {
        EXS_ASSERT(write(go, "g", 1) == 1);
        close(go);
        waitpid(live, NULL, 0);
    }
    /* Its writer gone, the next successful create removes it. */
    EXS_OK(NULL, crash_write(path, EXS_FORMAT_DEFAULT, 1, 3, 2, 0));
    EXS_ASSERT(!exists(dir, ".t.exo.exs-Live12"));
    EXS_ASSERT(crash_check(path, 3, 2));
    rmdir(sub);
}

/* A symlinked target: the file it names is replaced, the link stays; the
 * replaced file's mode is kept. */
static void test_link_and_mode(void)
{
    char real[512], link_path[512];
    struct stat st;
    exs_test_tmp_path(real, sizeof real, "crash_real.exo");
    exs_test_tmp_path(link_path, sizeof link_path, "crash_link.exo");
    EXS_OK(NULL, crash_write(real, EXS_FORMAT_NETCDF4, 1, 3, 1, 0));
    chmod(real, 0640);
    unlink(link_path);
    EXS_ASSERT(symlink(real, link_path) == 0);
    EXS_OK(NULL, crash_write(link_path, EXS_FORMAT_NETCDF4, 1, 3, 2, 0));
    EXS_ASSERT(lstat(link_path, &st) == 0 && S_ISLNK(st.st_mode));
    EXS_ASSERT(crash_check(real, 3, 2));
    EXS_ASSERT(stat(real, &st) == 0 && (st.st_mode & 0777) == 0640);
    EXS_ASSERT_EQ(crash_count_temps(real), 0);
}

int main(int argc, char **argv)
{
    int timed = argc > 1 ? atoi(argv[1]) : 30;
    const exs_format fmts[4] = {EXS_FORMAT_CLASSIC, EXS_FORMAT_64BIT_OFFSET,
                                EXS_FORMAT_CDF5, EXS_FORMAT_NETCDF4};
    trials all = {0};
    for (int i = 0; i < 4; i++) {
        trials t = {0};
        kill_trials(fmts[i], i == 1 || i == 3 ? timed : timed / 3, &t);
        all.run += t.run, all.old_kept += t.old_kept;
        all.new_complete += t.new_complete, all.damaged += t.damaged;
        all.left_temps += t.left_temps;
    }
    printf("kill trials, all formats: %d run, %d survived (old file byte-identical "
           "%d, new file complete %d), damaged %d\n", all.run,
           all.old_kept + all.new_complete, all.old_kept, all.new_complete,
           all.damaged);
    const rlim_t limits[3] = {2048, 65536, 400000};
    int full = 0, cases = 0;
    for (int i = 0; i < 4; i++)
        for (int l = 0; l < 3; l++, cases++)
            full += disk_full_case(fmts[i], limits[l]);
    printf("disk full: %d of %d cases gave EXS_EWRITE and kept the old file\n", full,
           cases);
    test_no_clobber();
    test_stale_rule();
    test_link_and_mode();
    return EXS_TEST_END();
}
