/*
 * bench_common.c -- closed-form mesh values, isolated runs, the table.
 * See bench_common.h.
 */
#define _GNU_SOURCE 1 /* wait4 */
#include "bench_common.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

const char *const bench_nodvar_names[BENCH_NNODVAR] = {"temp", "pres", "dens"};
const char *const bench_elemvar_names[BENCH_NELEMVAR] = {"stress"};
const char *const bench_globvar_names[BENCH_NGLOBVAR] = {"energy", "momentum"};

/* ------------------------------------------------------------------ */
/* Geometry. */

int bench_geom_init(bench_geom *g, int64_t n, int64_t nblocks)
{
    if (n < 1 || n > 1200 || nblocks < 1 || nblocks > n * n * n)
        return -1;
    memset(g, 0, sizeof *g);
    g->n = n;
    g->nblocks = nblocks;
    g->nsteps = BENCH_NSTEPS;
    g->num_nodes = (n + 1) * (n + 1) * (n + 1);
    g->num_elem = n * n * n;
    g->ns_len = (n + 1) * (n + 1);
    g->ss_len = n * n;
    return 0;
}

int bench_geom_from_counts(bench_geom *g, int64_t num_nodes, int64_t num_elem,
                           int64_t nblocks, int64_t nsteps)
{
    int64_t n = (int64_t)llround(cbrt((double)num_elem));
    if (bench_geom_init(g, n, nblocks) != 0)
        return -1;
    if (g->num_nodes != num_nodes || g->num_elem != num_elem ||
        nsteps != BENCH_NSTEPS)
        return -1;
    return 0;
}

int64_t bench_block_start(const bench_geom *g, int64_t k)
{
    return g->num_elem * k / g->nblocks;
}

int64_t bench_block_len(const bench_geom *g, int64_t k)
{
    return bench_block_start(g, k + 1) - bench_block_start(g, k);
}

int64_t bench_array_len(const bench_geom *g, bench_array arr, int64_t a)
{
    switch (arr) {
    case BA_COORD:
    case BA_NODE_MAP:
    case BA_NODVAR:
        return g->num_nodes;
    case BA_CONN:
        return bench_block_len(g, a) * BENCH_NODES_PER_ELEM;
    case BA_ELEM_MAP:
        return g->num_elem;
    case BA_NS_NODES:
    case BA_NS_DF:
        return g->ns_len;
    case BA_SS_ELEMS:
    case BA_SS_SIDES:
        return g->ss_len;
    case BA_TIMES:
        return g->nsteps;
    case BA_GLOB:
        return BENCH_NGLOBVAR;
    case BA_ELEMVAR:
        return bench_block_len(g, a);
    default:
        return 0;
    }
}

/* 1-based node number of corner c of element e (HEX8 order). */
static double conn_value(const bench_geom *g, int64_t e, int c)
{
    static const int dx[8] = {0, 1, 1, 0, 0, 1, 1, 0};
    static const int dy[8] = {0, 0, 1, 1, 0, 0, 1, 1};
    static const int dz[8] = {0, 0, 0, 0, 1, 1, 1, 1};
    int64_t n = g->n, m = n + 1;
    int64_t ex = e % n, ey = (e / n) % n, ez = e / (n * n);
    return (double)((ex + dx[c]) + m * ((ey + dy[c]) + m * (ez + dz[c])) + 1);
}

static double coord_value(const bench_geom *g, int64_t axis, int64_t i)
{
    int64_t m = g->n + 1;
    int64_t ijk[3] = {i % m, (i / m) % m, i / (m * m)};
    return (double)ijk[axis] / (double)g->n;
}

double bench_value(const bench_geom *g, bench_array arr, int64_t a, int64_t b,
                   int64_t i)
{
    int64_t m = g->n + 1;
    switch (arr) {
    case BA_COORD:
        return coord_value(g, a, i);
    case BA_CONN:
        return conn_value(g, bench_block_start(g, a) + i / 8, (int)(i % 8));
    case BA_NODE_MAP:
        return (double)(2 * i + 1);
    case BA_ELEM_MAP:
        return (double)(3 * i + 1);
    case BA_NS_NODES: /* the y = 0 face: ix + m*m*iz */
        return (double)(i % m + m * m * (i / m) + 1);
    case BA_NS_DF:
        return 1.0 + 0.25 * (double)(i % 8);
    case BA_SS_ELEMS: /* the x = 0 face: n*(ey + n*ez) */
        return (double)(g->n * i + 1);
    case BA_SS_SIDES:
        return (double)BENCH_SS_SIDE;
    case BA_TIMES:
        return 0.5 * (double)(i + 1);
    case BA_GLOB:
        return 100.0 * (double)(i + 1) + (double)b;
    case BA_NODVAR:
        return 1e7 * (double)(a + 1) + (double)i + 0.25 * (double)b;
    case BA_ELEMVAR:
        return 5e7 + (double)(bench_block_start(g, a) + i) + 0.25 * (double)b;
    default:
        return NAN;
    }
}

size_t bench_vtype_size(bench_vtype t)
{
    return t == BV_F64 || t == BV_I64 ? 8 : 4;
}

static double load(bench_vtype t, const void *buf, int64_t k)
{
    switch (t) {
    case BV_F64:
        return ((const double *)buf)[k];
    case BV_F32:
        return ((const float *)buf)[k];
    case BV_I32:
        return ((const int32_t *)buf)[k];
    default:
        return (double)((const int64_t *)buf)[k];
    }
}

static const char *array_names[BA_COUNT_] = {
    "coord", "conn", "node_map", "elem_map", "ns_nodes", "ns_df",
    "ss_elems", "ss_sides", "times", "glob", "nodvar", "elemvar"};

int64_t bench_check(const bench_geom *g, bench_array arr, int64_t a, int64_t b,
                    int64_t start, int64_t count, bench_vtype t,
                    const void *buf, const char *who)
{
    int64_t bad = 0;
    /* float32 buffers hold rounded values: compare after rounding too. */
    for (int64_t k = 0; k < count; k++) {
        double want = bench_value(g, arr, a, b, start + k);
        double got = load(t, buf, k);
        if (t == BV_F32)
            want = (float)want;
        if (got == want)
            continue;
        if (bad++ == 0)
            fprintf(stderr, "%s: %s[a=%" PRId64 ",b=%" PRId64 "] entry %" PRId64
                    ": got %.17g, want %.17g\n", who, array_names[arr], a, b,
                    start + k, got, want);
    }
    return bad;
}

/* ------------------------------------------------------------------ */
/* Buffers. */

#define BENCH_HUGE (2u << 20)

int bench_hugepages(void)
{
    const char *e = getenv("EXS_BENCH_HUGEPAGES");
    return !(e && strcmp(e, "0") == 0);
}

void *bench_alloc(size_t n)
{
    void *p = NULL;
    if (n < 2 * BENCH_HUGE || !bench_hugepages())
        return malloc(n ? n : 1);
    size_t len = (n + BENCH_HUGE - 1) / BENCH_HUGE * BENCH_HUGE;
    if (posix_memalign(&p, BENCH_HUGE, len) != 0)
        return NULL;
    madvise(p, len, MADV_HUGEPAGE); /* advice only: failure is harmless */
    return p;
}

void bench_touch(void *p, size_t n)
{
    volatile char *c = p;
    for (size_t i = 0; i < n; i += 4096)
        c[i] = 0;
    if (n)
        c[n - 1] = 0;
}

/* ------------------------------------------------------------------ */
/* Timing and memory. */

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int64_t status_field_kib(const char *key)
{
    FILE *fp = fopen("/proc/self/status", "r");
    char line[256];
    int64_t v = 0;
    size_t klen = strlen(key);
    if (!fp)
        return 0;
    while (fgets(line, sizeof line, fp))
        if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
            v = strtoll(line + klen + 1, NULL, 10);
            break;
        }
    fclose(fp);
    return v;
}

int64_t bench_self_rss_kib(void) { return status_field_kib("VmRSS"); }
int64_t bench_self_hwm_kib(void) { return status_field_kib("VmHWM"); }

/* ------------------------------------------------------------------ */
/* Isolated runs. */

static int read_full(int fd, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(fd, (char *)buf + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        got += (size_t)k;
    }
    return 0;
}

static void child_run(int fd, bench_fn fn, void *arg, int verify)
{
    bench_result r;
    memset(&r, 0, sizeof r);
    r.start_kib = bench_self_rss_kib();
    int rc = fn(arg, verify, &r);
    r.ok = rc == 0;
    r.rss_kib = bench_self_hwm_kib(); /* the parent keeps the larger figure */
    ssize_t k = write(fd, &r, sizeof r);
    _exit(k == (ssize_t)sizeof r ? 0 : 3);
}

/* Wait for pid; peak RSS into *kib. Returns the exit status or -1. */
static int wait_child(pid_t pid, int64_t *kib)
{
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR)
            return -1;
    *kib = ru.ru_maxrss;
    if (WIFSIGNALED(status)) {
        fprintf(stderr, "bench: child %d killed by signal %d\n", (int)pid,
                WTERMSIG(status));
        return -1;
    }
    return WEXITSTATUS(status);
}

int bench_run_forked(bench_fn fn, void *arg, int verify, bench_result *r)
{
    int fds[2];
    memset(r, 0, sizeof *r);
    if (pipe(fds) != 0)
        return -1;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        child_run(fds[1], fn, arg, verify);
    }
    close(fds[1]);
    int got = read_full(fds[0], r, sizeof *r);
    close(fds[0]);
    int64_t kib = 0;
    int st = wait_child(pid, &kib);
    if (kib > r->rss_kib)
        r->rss_kib = kib;
    if (got != 0 || st != 0) {
        r->ok = 0;
        return -1;
    }
    return r->ok ? 0 : -1;
}

/* Read everything a child prints on fd and keep its BENCH_RESULT line. */
static int collect_result(int fd, bench_result *r)
{
    char buf[8192];
    size_t len = 0;
    ssize_t k;
    while ((k = read(fd, buf + len, sizeof buf - 1 - len)) != 0) {
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            break;
        len += (size_t)k;
        if (len == sizeof buf - 1) { /* keep the tail */
            memmove(buf, buf + len / 2, len - len / 2);
            len -= len / 2;
        }
    }
    buf[len] = '\0';
    const char *line = strstr(buf, "BENCH_RESULT ");
    if (!line)
        return -1;
    return bench_result_parse_line(line, r);
}

int bench_run_spawned(char *const argv[], bench_result *r)
{
    int fds[2];
    posix_spawn_file_actions_t fa;
    pid_t pid;
    memset(r, 0, sizeof *r);
    if (pipe(fds) != 0)
        return -1;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    fflush(stdout);
    fflush(stderr);
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        fprintf(stderr, "bench: cannot run %s: %s\n", argv[0], strerror(rc));
        close(fds[0]);
        return -1;
    }
    int got = collect_result(fds[0], r);
    close(fds[0]);
    int64_t kib = 0;
    int st = wait_child(pid, &kib);
    if (kib > r->rss_kib)
        r->rss_kib = kib;
    if (got != 0 || st != 0) {
        r->ok = 0;
        return -1;
    }
    return r->ok ? 0 : -1;
}

void bench_result_print_line(FILE *fp, const char *peer, const bench_result *r)
{
    fprintf(fp, "BENCH_RESULT peer=%s ok=%d checked=%d seconds=%.6f payload=%"
            PRId64 " mismatches=%" PRId64 " start_kib=%" PRId64 " hwm_kib=%"
            PRId64 " note=%s\n", peer, r->ok, r->checked, r->seconds,
            r->payload, r->mismatches, r->start_kib, bench_self_hwm_kib(),
            r->note);
    fflush(fp);
}

int bench_result_parse_line(const char *line, bench_result *r)
{
    char peer[64];
    int ok = 0, checked = 0;
    double s = 0;
    long long payload = 0, bad = 0, start = 0, hwm = 0;
    int n = sscanf(line, "BENCH_RESULT peer=%63s ok=%d checked=%d seconds=%lf "
                   "payload=%lld mismatches=%lld start_kib=%lld hwm_kib=%lld",
                   peer, &ok, &checked, &s, &payload, &bad, &start, &hwm);
    if (n != 8)
        return -1;
    memset(r, 0, sizeof *r);
    r->ok = ok;
    r->checked = checked;
    r->seconds = s;
    r->payload = payload;
    r->mismatches = bad;
    r->start_kib = start;
    r->rss_kib = hwm;
    const char *note = strstr(line, " note=");
    if (note) {
        snprintf(r->note, sizeof r->note, "%s", note + 6);
        r->note[strcspn(r->note, "\n")] = '\0';
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Measuring a peer. */

static int run_job(const bench_job *job, int verify, bench_result *r)
{
    if (job->fn)
        return bench_run_forked(job->fn, job->arg, verify, r);
    char *argv[64];
    int k = 0, j = 0;
    argv[k++] = job->argv[j++];
    if (verify)
        argv[k++] = "--verify";
    while (job->argv[j] && k < 63)
        argv[k++] = job->argv[j++];
    argv[k] = NULL;
    return bench_run_spawned(argv, r);
}

/* Memory figures come from the timed runs only: a checking run may hold
 * extra memory for the check itself. */
static void peer_add(bench_peer *p, const bench_result *r, int round)
{
    if (round < 0) {
        p->checked = r->checked;
        p->mismatches = r->mismatches;
    } else {
        bench_peer_round(p, round, r->seconds);
        if (r->rss_kib > p->peak_kib)
            p->peak_kib = r->rss_kib;
        if (r->start_kib < p->start_kib)
            p->start_kib = r->start_kib;
    }
    p->payload = r->payload;
    if (r->note[0])
        snprintf(p->note, sizeof p->note, "%s", r->note);
}

void bench_peer_begin(bench_peer *p, const char *name)
{
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s", name);
    p->best_s = INFINITY;
    p->median_s = NAN;
    p->start_kib = INT64_MAX;
}

void bench_peer_round(bench_peer *p, int round, double seconds)
{
    if (round < 0 || round >= BENCH_MAX_ROUNDS)
        return;
    for (int i = p->rounds; i < round; i++)
        p->secs[i] = NAN;
    p->secs[round] = seconds;
    if (round >= p->rounds)
        p->rounds = round + 1;
    if (isnan(seconds))
        return;
    p->runs++;
    if (seconds < p->best_s)
        p->best_s = seconds;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median of the non-NAN values of v[0..n). NAN when there are none. */
static double median_of(const double *v, int n)
{
    double tmp[BENCH_MAX_ROUNDS];
    int k = 0;
    for (int i = 0; i < n && i < BENCH_MAX_ROUNDS; i++)
        if (!isnan(v[i]))
            tmp[k++] = v[i];
    if (k == 0)
        return NAN;
    qsort(tmp, (size_t)k, sizeof tmp[0], cmp_double);
    return k % 2 ? tmp[k / 2] : 0.5 * (tmp[k / 2 - 1] + tmp[k / 2]);
}

void bench_peer_end(bench_peer *p)
{
    p->median_s = median_of(p->secs, p->rounds);
    if (p->start_kib == INT64_MAX)
        p->start_kib = 0;
}

static void run_counted(bench_peer *p, const bench_job *job, int round)
{
    bench_result r;
    if (run_job(job, round < 0, &r) != 0) {
        p->failed++;
        if (round >= 0)
            bench_peer_round(p, round, NAN);
        if (r.note[0])
            snprintf(p->note, sizeof p->note, "%s", r.note);
        return;
    }
    peer_add(p, &r, round);
}

void bench_measure_rounds(bench_peer *peers, const char *const *names,
                          const bench_job *jobs, int npeers, int rounds)
{
    if (rounds > BENCH_MAX_ROUNDS)
        rounds = BENCH_MAX_ROUNDS;
    for (int i = 0; i < npeers; i++) {
        bench_peer_begin(&peers[i], names[i]);
        run_counted(&peers[i], &jobs[i], -1);
    }
    for (int r = 0; r < rounds; r++)
        for (int j = 0; j < npeers; j++) {
            int i = (r + j) % npeers;
            run_counted(&peers[i], &jobs[i], r);
        }
    for (int i = 0; i < npeers; i++)
        bench_peer_end(&peers[i]);
}

void bench_measure(bench_peer *p, const char *name, const bench_job *job,
                   int reps)
{
    bench_measure_rounds(p, &name, job, 1, reps);
}

int bench_paired_ratio(const bench_peer *p, const bench_peer *ref, double *med,
                       double *lo, double *hi)
{
    double q[BENCH_MAX_ROUNDS];
    int n = 0, rounds = p->rounds < ref->rounds ? p->rounds : ref->rounds;
    *med = *lo = *hi = NAN;
    if (p->payload <= 0 || ref->payload <= 0)
        return 0;
    for (int i = 0; i < rounds; i++) {
        if (isnan(p->secs[i]) || isnan(ref->secs[i]) || !(p->secs[i] > 0))
            continue;
        q[n] = ((double)p->payload / p->secs[i]) /
               ((double)ref->payload / ref->secs[i]);
        if (n == 0 || q[n] < *lo)
            *lo = q[n];
        if (n == 0 || q[n] > *hi)
            *hi = q[n];
        n++;
    }
    *med = median_of(q, n);
    return n;
}

/* ------------------------------------------------------------------ */
/* Output. */

int bench_peer_good(const bench_peer *p)
{
    return p->runs > 0 && p->failed == 0 && p->checked && p->mismatches == 0;
}

double bench_peer_mbps(const bench_peer *p)
{
    if (p->runs == 0 || !(p->median_s > 0))
        return 0;
    return (double)p->payload / p->median_s / 1e6;
}

static const char *check_word(const bench_peer *p, char *buf, size_t cap)
{
    if (p->failed)
        snprintf(buf, cap, "FAILED(%d)", p->failed);
    else if (!p->checked)
        snprintf(buf, cap, "-");
    else if (p->mismatches)
        snprintf(buf, cap, "BAD(%" PRId64 ")", p->mismatches);
    else
        snprintf(buf, cap, "ok");
    return buf;
}

void bench_print_load(FILE *fp, const char *when)
{
    char buf[128] = "unknown";
    FILE *lf = fopen("/proc/loadavg", "r");
    if (lf) {
        if (fgets(buf, sizeof buf, lf))
            buf[strcspn(buf, "\n")] = '\0';
        fclose(lf);
    }
    fprintf(fp, "[load average %s: %s]\n", when, buf);
}

static void table_row(FILE *fp, const bench_peer *p, const bench_peer *ref)
{
    const double mib = 1024.0 * 1024.0;
    double peak = (double)p->peak_kib / 1024.0;
    double pay = (double)p->payload / mib;
    double med = NAN, lo = NAN, hi = NAN;
    char chk[32], range[32] = "-";
    if (ref && bench_paired_ratio(p, ref, &med, &lo, &hi) > 0)
        snprintf(range, sizeof range, "%.3f-%.3f", lo, hi);
    if (p->runs == 0) {
        fprintf(fp, "%-24s %8s %9s %7s %13s %8s %8.1f %8.1f %7s  %s  %s\n",
                p->name, "-", "-", "-", "-", "-", peak, pay, "-",
                check_word(p, chk, sizeof chk), p->note);
        return;
    }
    char vs[16] = "-";
    if (ref && !isnan(med))
        snprintf(vs, sizeof vs, "%.3f", med);
    fprintf(fp, "%-24s %8.4f %9.1f %7s %13s %8.4f %8.1f %8.1f %7.3f  %s  %s\n",
            p->name, p->median_s, bench_peer_mbps(p), vs, range,
            p->best_s, peak, pay, pay > 0 ? peak / pay : 0.0,
            check_word(p, chk, sizeof chk), p->note);
}

void bench_table_print(FILE *fp, const char *title, const bench_peer *peers,
                       int npeers, int ref)
{
    const bench_peer *r = ref >= 0 ? &peers[ref] : NULL;
    fprintf(fp, "\n== %s ==\n", title);
    bench_print_load(fp, "at the end");
    fprintf(fp, "%-24s %8s %9s %7s %13s %8s %8s %8s %7s  %s\n", "peer", "seconds",
            "MB/s", r ? "vs ref" : "-", "paired range", "seconds", "peakRSS",
            "payload", "RSS/pay", "check");
    fprintf(fp, "%-24s %8s %9s %7s %13s %8s %8s %8s %7s\n", "", "(median)",
            "(median)", r ? "(med)" : "", r ? r->name : "", "(best)", "MiB", "MiB",
            "");
    for (int i = 0; i < npeers; i++)
        table_row(fp, &peers[i], r);
    fflush(fp);
}

int bench_target(FILE *fp, const char *what, double value, double limit,
                 int higher_is_better, const char *unit)
{
    int pass = isfinite(value) &&
               (higher_is_better ? value >= limit : value <= limit);
    fprintf(fp, "TARGET %-58s %9.2f %s (%s %.2f %s)  %s\n", what, value, unit,
            higher_is_better ? ">=" : "<=", limit, unit, pass ? "PASS" : "MISS");
    return pass;
}

int64_t bench_parse_i64(const char *s)
{
    char *end = NULL;
    if (!s || !*s)
        return -1;
    double v = strtod(s, &end);
    if (*end != '\0' || v < 0 || v > 9e18)
        return -1;
    return (int64_t)v;
}
