/*
 * bench_read_exodusii.c -- exs_bench_read_exodusii: the libexodusII peer
 * of exs_bench_read. Links only -lexoIIv2c (and whatever netCDF that
 * library brings); never exoslab, so the two netCDF builds never meet in
 * one program.
 *
 *   exs_bench_read_exodusii [--verify] --once FILE   one read, one
 *        "BENCH_RESULT" line (how exs_bench_read runs it; RSS is taken by
 *        the caller)
 *   exs_bench_read_exodusii FILE [--reps R]          its own table row
 *
 * Reads what exs_bench_read's exoslab peer reads: coordinates, element
 * connectivity, id maps, the node and side set, times, global, nodal and
 * element variables of every step, into one bench_mesh (allocated and
 * touched outside the timed section, as every peer's buffers).
 */
#include <exodusII.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"

typedef struct exo_shape {
    bench_geom g;
    int *blk_ids;
    int ns_id, ss_id;
} exo_shape;

static int exo_fail(int rc, const char *what, bench_result *r)
{
    snprintf(r->note, sizeof r->note, "%.200s failed (%d)", what, rc);
    fprintf(stderr, "libexodusII: %s\n", r->note);
    return -1;
}

#define EXO_TRY(r, call)                                                     \
    do {                                                                     \
        int rc_ = (call);                                                    \
        if (rc_ < 0)                                                         \
            return exo_fail(rc_, #call, (r));                                \
    } while (0)

static int exo_shape_of(int exoid, exo_shape *sh, bench_result *r)
{
    char title[MAX_LINE_LENGTH + 1];
    int ndim, nn, ne, nb, nns, nss;
    memset(sh, 0, sizeof *sh);
    EXO_TRY(r, ex_get_init(exoid, title, &ndim, &nn, &ne, &nb, &nns, &nss));
    int64_t nt = ex_inquire_int(exoid, EX_INQ_TIME);
    if (bench_geom_from_counts(&sh->g, nn, ne, nb, nt) != 0 || nns != 1 ||
        nss != 1) {
        snprintf(r->note, sizeof r->note, "not a benchmark mesh");
        return -1;
    }
    sh->blk_ids = malloc((size_t)nb * sizeof(int));
    if (!sh->blk_ids)
        return -1;
    EXO_TRY(r, ex_get_elem_blk_ids(exoid, sh->blk_ids));
    EXO_TRY(r, ex_get_node_set_ids(exoid, &sh->ns_id));
    EXO_TRY(r, ex_get_side_set_ids(exoid, &sh->ss_id));
    for (int64_t k = 0; k < nb; k++) {
        char type[MAX_STR_LENGTH + 1];
        int nel, npe, nat;
        EXO_TRY(r, ex_get_elem_block(exoid, sh->blk_ids[k], type, &nel, &npe, &nat));
        if (nel != bench_block_len(&sh->g, k) || npe != BENCH_NODES_PER_ELEM) {
            snprintf(r->note, sizeof r->note, "block %d is not the benchmark's",
                     sh->blk_ids[k]);
            return -1;
        }
    }
    return 0;
}

static int exo_read_mesh(int exoid, const exo_shape *sh, bench_mesh *m,
                         bench_result *r)
{
    const bench_geom *g = &sh->g;
    EXO_TRY(r, ex_get_coord(exoid, m->coord[0], m->coord[1], m->coord[2]));
    for (int64_t k = 0; k < g->nblocks; k++)
        EXO_TRY(r, ex_get_elem_conn(exoid, sh->blk_ids[k], bench_mesh_conn(m, k)));
    EXO_TRY(r, ex_get_node_num_map(exoid, m->node_map));
    EXO_TRY(r, ex_get_elem_num_map(exoid, m->elem_map));
    EXO_TRY(r, ex_get_node_set(exoid, sh->ns_id, m->ns_nodes));
    EXO_TRY(r, ex_get_node_set_dist_fact(exoid, sh->ns_id, m->ns_df));
    EXO_TRY(r, ex_get_side_set(exoid, sh->ss_id, m->ss_elems, m->ss_sides));
    return 0;
}

static int exo_read_results(int exoid, const exo_shape *sh, bench_mesh *m,
                            bench_result *r)
{
    const bench_geom *g = &sh->g;
    EXO_TRY(r, ex_get_all_times(exoid, m->times));
    for (int s = 0; s < g->nsteps; s++) {
        EXO_TRY(r, ex_get_glob_vars(exoid, s + 1, BENCH_NGLOBVAR,
                                    m->glob + s * BENCH_NGLOBVAR));
        for (int v = 0; v < BENCH_NNODVAR; v++)
            EXO_TRY(r, ex_get_nodal_var(exoid, s + 1, v + 1, g->num_nodes,
                                        bench_mesh_nodvar(m, v, s)));
        for (int64_t k = 0; k < g->nblocks; k++)
            EXO_TRY(r, ex_get_elem_var(exoid, s + 1, 1, sh->blk_ids[k],
                                       bench_block_len(g, k),
                                       bench_mesh_elemvar(m, k, s)));
    }
    return 0;
}

/* One whole read in this process. */
static int read_once(void *arg, int verify, bench_result *r)
{
    const char *path = arg;
    int cpu_ws = 8, io_ws = 0, rc = 0;
    float version = 0;
    exo_shape sh;
    bench_mesh m;
    memset(&sh, 0, sizeof sh);
    memset(&m, 0, sizeof m);
    double t0 = bench_now();
    int exoid = ex_open(path, EX_READ, &cpu_ws, &io_ws, &version);
    if (exoid < 0) {
        snprintf(r->note, sizeof r->note, "ex_open failed (%d)", exoid);
        return -1;
    }
    rc = exo_shape_of(exoid, &sh, r);
    double t_pause = bench_now();
    if (rc == 0 && bench_mesh_alloc(&m, &sh.g) != 0)
        rc = -1;
    if (rc == 0)
        bench_mesh_touch(&m);
    t0 += bench_now() - t_pause; /* pre-touched buffers, as every peer's */
    if (rc == 0)
        rc = exo_read_mesh(exoid, &sh, &m, r);
    if (rc == 0)
        rc = exo_read_results(exoid, &sh, &m, r);
    if (ex_close(exoid) < 0 && rc == 0)
        rc = exo_fail(-1, "ex_close", r);
    r->seconds = bench_now() - t0;
    r->payload = rc == 0 ? bench_mesh_bytes(&sh.g) : 0;
    if (rc == 0 && verify) {
        r->checked = 1;
        r->mismatches = bench_mesh_check(&m, "libexodusII");
    }
    bench_mesh_free(&m);
    free(sh.blk_ids);
    return rc;
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    int once = 0, verify = 0, reps = 3;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--once") == 0)
            once = 1;
        else if (strcmp(argv[i], "--verify") == 0)
            verify = 1;
        else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc)
            reps = (int)bench_parse_i64(argv[++i]);
        else if (argv[i][0] != '-' && !path)
            path = argv[i];
        else
            path = NULL, i = argc;
    }
    if (!path || reps < 1) {
        fprintf(stderr, "usage: exs_bench_read_exodusii [--verify] [--once] FILE "
                        "[--reps R]\n");
        return 2;
    }
    ex_opts(EX_VERBOSE);
    if (once) {
        bench_result r;
        memset(&r, 0, sizeof r);
        r.start_kib = bench_self_rss_kib();
        r.ok = read_once((void *)path, verify, &r) == 0;
        bench_result_print_line(stdout, "exodusii", &r);
        return r.ok ? 0 : 1;
    }
    bench_peer p;
    bench_job job = {read_once, (void *)path, NULL};
    bench_measure(&p, "exodusii", &job, reps);
    bench_table_print(stdout, "exs_bench_read_exodusii", &p, 1, -1);
    return bench_peer_good(&p) ? 0 : 1;
}
