/*
 * bench_common.h -- what exoslab's benchmark programs share.
 *
 *  - The benchmark mesh: an n x n x n HEX8 grid whose every stored value is
 *    a closed-form function of its position (bench_value), so that any
 *    reader can be checked entry by entry.
 *  - A bench_mesh: every bulk array of that mesh in plain C arrays (what a
 *    writer writes from and what a whole-file reader reads into).
 *  - Measuring peers: each run in its own process (fork, or spawn for an
 *    external program), seconds reported by the child, peak RSS from
 *    wait4(). One untimed checking run per peer, then R rounds in which
 *    every peer runs once, the order rotated each round (interleaved, so
 *    that a burst of load on the shared machine hits every peer alike).
 *  - The result table: medians over rounds, and per-round paired ratios
 *    against the reference peer (same round, so the same machine state);
 *    the load average; the PASS/MISS lines against targets.
 *
 * POSIX only: no exoslab and no netCDF here, so that the libexodusII peer
 * (which must not link exoslab) and a later MPI variant can use it too.
 */
#ifndef EXS_BENCH_COMMON_H
#define EXS_BENCH_COMMON_H

#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------------ */
/* The benchmark mesh and its closed-form values. */

#define BENCH_NSTEPS 10
#define BENCH_NNODVAR 3
#define BENCH_NELEMVAR 1
#define BENCH_NGLOBVAR 2
#define BENCH_NODES_PER_ELEM 8
#define BENCH_SS_SIDE 4 /* the x = 0 face of a HEX8 */

typedef struct bench_geom {
    int64_t n;         /* elements along each axis */
    int64_t nblocks;   /* element blocks: contiguous element ranges */
    int64_t nsteps;
    int64_t num_nodes; /* (n+1)^3 */
    int64_t num_elem;  /* n^3 */
    int64_t ns_len;    /* node set 1: the nodes of the y = 0 face */
    int64_t ss_len;    /* side set 1: the elements of the x = 0 face */
} bench_geom;

/* Fill g for an n-grid split into nblocks. Returns -1 for bad sizes. */
int bench_geom_init(bench_geom *g, int64_t n, int64_t nblocks);
/* Recognise a benchmark mesh from the counts found in a file. Returns -1
 * when the counts are not those of one. */
int bench_geom_from_counts(bench_geom *g, int64_t num_nodes, int64_t num_elem,
                           int64_t nblocks, int64_t nsteps);
/* First element (0-based) of block k; k == nblocks gives num_elem. */
int64_t bench_block_start(const bench_geom *g, int64_t k);
int64_t bench_block_len(const bench_geom *g, int64_t k);

/* Names stored in the file. */
extern const char *const bench_nodvar_names[BENCH_NNODVAR];
extern const char *const bench_elemvar_names[BENCH_NELEMVAR];
extern const char *const bench_globvar_names[BENCH_NGLOBVAR];

/* The bulk arrays of the mesh. a and b select one array of a family. */
typedef enum bench_array {
    BA_COORD = 0, /* a = axis; per node */
    BA_CONN,      /* a = block; per element, 8 node numbers (1-based) */
    BA_NODE_MAP,  /* node_num_map */
    BA_ELEM_MAP,  /* elem_num_map */
    BA_NS_NODES,  /* node set 1 members (1-based node numbers) */
    BA_NS_DF,     /* node set 1 distribution factors */
    BA_SS_ELEMS,  /* side set 1 elements (1-based) */
    BA_SS_SIDES,  /* side set 1 sides */
    BA_TIMES,     /* time_whole */
    BA_GLOB,      /* b = step; entries are the global variables */
    BA_NODVAR,    /* a = variable, b = step; per node */
    BA_ELEMVAR,   /* a = block, b = step (variable 0); per block entry */
    BA_COUNT_
} bench_array;

/* Entries of one array (conn: entries are single node numbers). */
int64_t bench_array_len(const bench_geom *g, bench_array arr, int64_t a);
/* The value of entry i of an array. Exact in double and int32. */
double bench_value(const bench_geom *g, bench_array arr, int64_t a, int64_t b,
                   int64_t i);

/* Element types of a buffer to check. */
typedef enum bench_vtype { BV_F64 = 0, BV_F32, BV_I32, BV_I64 } bench_vtype;
size_t bench_vtype_size(bench_vtype t);

/* Compare entries [start, start+count) of an array with buf. Returns the
 * number of mismatches; reports the first on stderr, naming `who`. */
int64_t bench_check(const bench_geom *g, bench_array arr, int64_t a, int64_t b,
                    int64_t start, int64_t count, bench_vtype t,
                    const void *buf, const char *who);

/* ------------------------------------------------------------------ */
/* Buffers. Large ones (>= 4 MiB) are 2 MiB aligned and advised for
 * transparent huge pages, as numpy does for its arrays: with THP in
 * "madvise" mode this removes most first-touch page faults, which
 * otherwise cost more than the copy out of the page cache. Every peer uses
 * this allocator, so all pay the same. EXS_BENCH_HUGEPAGES=0 in the
 * environment turns the advice off (plain malloc behaviour). Free with
 * free(). */
void *bench_alloc(size_t n);
/* 1 when bench_alloc advises huge pages (the environment allows it). */
int bench_hugepages(void);
/* Write one byte per 4 KiB page of p[0..n): fault every page in before a
 * timed section, so that the timing measures the copy, not first touch
 * (the pre-touched reference of docs/performance.md). */
void bench_touch(void *p, size_t n);

/* ------------------------------------------------------------------ */
/* Every bulk array in memory, in stored types (int32 integers). */

typedef struct bench_mesh {
    bench_geom g;
    double *coord[3];
    int32_t *conn;     /* num_elem * 8, blocks in order */
    int32_t *node_map;
    int32_t *elem_map;
    int32_t *ns_nodes;
    double *ns_df;
    int32_t *ss_elems;
    int32_t *ss_sides;
    double *times;     /* nsteps */
    double *glob;      /* [step][var] */
    double *nodvar;    /* [var][step][node] */
    double *elemvar;   /* [block][step][entry]: block k at nsteps*start_k */
} bench_mesh;

/* Bytes of all arrays of a bench_mesh: the payload of a full read/write. */
int64_t bench_mesh_bytes(const bench_geom *g);
/* Allocate (not touch) every array. Returns -1 when out of memory. */
int bench_mesh_alloc(bench_mesh *m, const bench_geom *g);
void bench_mesh_free(bench_mesh *m);
/* Fault in every bulk array (bench_touch): the pre-touched buffers that
 * readers fill, so that no peer's timing includes first touch. */
void bench_mesh_touch(bench_mesh *m);
/* Fill every array with the closed-form values. */
void bench_mesh_fill(bench_mesh *m);
/* Check every array; returns the number of mismatches. */
int64_t bench_mesh_check(const bench_mesh *m, const char *who);

/* Pointers into a bench_mesh for one array family member. */
double *bench_mesh_nodvar(const bench_mesh *m, int var, int64_t step);
double *bench_mesh_elemvar(const bench_mesh *m, int64_t block, int64_t step);
int32_t *bench_mesh_conn(const bench_mesh *m, int64_t block);

/* ------------------------------------------------------------------ */
/* Timing and isolated runs. */

double bench_now(void); /* monotonic seconds */

/* What one run reports. */
typedef struct bench_result {
    int ok;              /* the run completed */
    int checked;         /* values were verified in this run */
    double seconds;      /* the timed section */
    int64_t payload;     /* bytes delivered (read into or written from memory) */
    int64_t mismatches;  /* when checked */
    int64_t rss_kib;     /* peak RSS of the run's process: the larger of its
                            own VmHWM and wait4()'s ru_maxrss */
    int64_t start_kib;   /* RSS when the run's work began (set by the child) */
    char note[256];
} bench_result;

/* One run of a peer, in the calling process. verify: check the values
 * (outside the timed section where the peer can). Fill r; return 0. */
typedef int (*bench_fn)(void *arg, int verify, bench_result *r);

/* Run fn in a forked child; r->rss_kib is the child's peak RSS. Returns 0
 * when the child reported a result, -1 when it crashed or failed. */
int bench_run_forked(bench_fn fn, void *arg, int verify, bench_result *r);

/* Run an external program (posix_spawn: the parent's memory is not
 * inherited) that prints one "BENCH_RESULT ..." line; parse it. */
int bench_run_spawned(char *const argv[], bench_result *r);

/* The line an external peer prints for bench_run_spawned, and its parse. */
void bench_result_print_line(FILE *fp, const char *peer, const bench_result *r);
int bench_result_parse_line(const char *line, bench_result *r);

/* VmRSS / VmHWM of this process in KiB (0 if unknown). */
int64_t bench_self_rss_kib(void);
int64_t bench_self_hwm_kib(void);

/* ------------------------------------------------------------------ */
/* A peer measured over several runs. A parallel (MPI) benchmark cannot
 * fork per run: it fills a bench_peer itself (best time of the slowest
 * rank, peak RSS summed or maxed over ranks, as it documents) and uses the
 * output helpers below unchanged. */

#define BENCH_MAX_ROUNDS 64

typedef struct bench_peer {
    char name[40];
    int runs;            /* timed runs that completed */
    int failed;          /* runs that crashed or reported an error */
    int checked;         /* the checking run completed */
    int64_t mismatches;
    int rounds;          /* rounds attempted */
    double secs[BENCH_MAX_ROUNDS]; /* seconds of round i; NAN if it failed */
    double median_s;     /* median over the completed rounds */
    double best_s;
    int64_t payload;
    int64_t peak_kib;    /* max over runs */
    int64_t start_kib;   /* min over runs */
    char note[256];
} bench_peer;

/* How to run a peer once: a forked function, or an external program whose
 * argv has the flag "--verify" inserted when checking. */
typedef struct bench_job {
    bench_fn fn;
    void *arg;
    char *const *argv;   /* used when fn is NULL; NULL-terminated */
} bench_job;

/* npeers peers: one checking run each (untimed, verify = 1), then
 * `rounds` rounds of one timed run per peer, round r starting at peer
 * r % npeers. Time and memory figures come from the timed runs only. */
void bench_measure_rounds(bench_peer *peers, const char *const *names,
                          const bench_job *jobs, int npeers, int rounds);
/* The same for one peer. */
void bench_measure(bench_peer *p, const char *name, const bench_job *job,
                   int reps);

/* For programs that run rounds themselves (the MPI benchmark): start a
 * peer, record the seconds of round i (NAN: failed), and finish it (the
 * median). */
void bench_peer_begin(bench_peer *p, const char *name);
void bench_peer_round(bench_peer *p, int round, double seconds);
void bench_peer_end(bench_peer *p);

/* Per-round paired ratio of p's throughput to ref's: for every round both
 * completed, (payload_p / secs_p) / (payload_ref / secs_ref). Median, min
 * and max into *med, *lo, *hi; returns the number of pairs (0: none). */
int bench_paired_ratio(const bench_peer *p, const bench_peer *ref, double *med,
                       double *lo, double *hi);

/* ------------------------------------------------------------------ */
/* Output. MB = 1e6 bytes (bandwidth), MiB = 2^20 bytes (memory). */

/* "load average: 1.23 0.98 0.75" (/proc/loadavg) with a label. */
void bench_print_load(FILE *fp, const char *when);
/* The table (medians; paired ratios against ref, the index of the
 * reference peer, -1: none), preceded by the load average now. */
void bench_table_print(FILE *fp, const char *title, const bench_peer *peers,
                       int npeers, int ref);
/* Median bandwidth of a peer in MB/s (0 if it did not run). */
double bench_peer_mbps(const bench_peer *p);
/* A target line: "TARGET <what>: <value> (<op> <limit>) PASS|MISS".
 * Returns 1 for PASS. A peer that did not run is a MISS. */
int bench_target(FILE *fp, const char *what, double value, double limit,
                 int higher_is_better, const char *unit);
/* A peer is usable for a target when it ran and its values checked. */
int bench_peer_good(const bench_peer *p);

/* Parse "123", "1e6"; -1 for garbage. */
int64_t bench_parse_i64(const char *s);

#endif /* EXS_BENCH_COMMON_H */
