/* exodusii_dump -- a standalone program linking only libexoIIv2c (never
 * exoslab) that prints what libexodusII reads of a file, one line per
 * array: "key count fnv1a-hash" (the hash of the values' bytes, read with
 * the 64-bit integer API and as doubles). Two files libexodusII reads
 * alike print the same lines; tests/python/test_copy.py compares an
 * original's with its copy's. argv[1]: the file. Exit 2 if it cannot be
 * opened. */
#include <exodusII.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fnv(const void *p, size_t n)
{
    const unsigned char *b = p;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

static void line(const char *key, const void *p, int64_t n, size_t sz)
{
    printf("%s %lld %016llx\n", key, (long long)n,
           (unsigned long long)fnv(p, (size_t)(n > 0 ? n : 0) * sz));
}

static void *xcalloc(int64_t n) { return calloc((size_t)(n > 0 ? n : 1), 8); }

static void blocks(int ex, ex_entity_type t, const char *tag, int64_t nb)
{
    int64_t *ids = xcalloc(nb);
    ex_get_ids(ex, t, ids);
    for (int64_t i = 0; i < nb; i++) {
        char type[MAX_STR_LENGTH + 1] = "", key[128];
        int64_t n = 0, npe = 0, ned = 0, nfa = 0, nat = 0;
        ex_get_block(ex, t, ids[i], type, &n, &npe, &ned, &nfa, &nat);
        printf("%s %lld %s %lld %lld %lld %lld %lld\n", tag, (long long)ids[i], type,
               (long long)n, (long long)npe, (long long)ned, (long long)nfa, (long long)nat);
        int nsided = strncmp(type, "NSIDED", 6) == 0 || strncmp(type, "nsided", 6) == 0;
        int64_t len = nsided ? npe : n * npe;
        if (len > 0 && nfa == 0) {
            int64_t *c = xcalloc(len);
            ex_get_conn(ex, t, ids[i], c, NULL, NULL);
            snprintf(key, sizeof key, "%s_conn_%lld", tag, (long long)ids[i]);
            line(key, c, len, 8);
            free(c);
        }
        if (nat > 0 && n > 0) {
            double *a = xcalloc(n * nat);
            ex_get_attr(ex, t, ids[i], a);
            snprintf(key, sizeof key, "%s_attr_%lld", tag, (long long)ids[i]);
            line(key, a, n * nat, 8);
            free(a);
        }
    }
    free(ids);
}

static void sets(int ex, ex_entity_type t, const char *tag, int64_t ns)
{
    int64_t *ids = xcalloc(ns);
    ex_get_ids(ex, t, ids);
    for (int64_t i = 0; i < ns; i++) {
        int64_t n = 0, ndf = 0;
        char key[128];
        ex_get_set_param(ex, t, ids[i], &n, &ndf);
        int64_t *m = xcalloc(n), *x = xcalloc(n);
        ex_get_set(ex, t, ids[i], m, t == EX_NODE_SET || t == EX_ELEM_SET ? NULL : x);
        snprintf(key, sizeof key, "%s_%lld", tag, (long long)ids[i]);
        line(key, m, n, 8);
        snprintf(key, sizeof key, "%s_extra_%lld", tag, (long long)ids[i]);
        line(key, x, n, 8);
        if (ndf > 0) {
            double *d = xcalloc(ndf);
            ex_get_set_dist_fact(ex, t, ids[i], d);
            snprintf(key, sizeof key, "%s_df_%lld", tag, (long long)ids[i]);
            line(key, d, ndf, 8);
            free(d);
        }
        free(m), free(x);
    }
    free(ids);
}

static void vars(int ex, ex_entity_type t, const char *tag, int64_t nent, int nsteps)
{
    int nv = 0;
    ex_get_variable_param(ex, t, &nv);
    printf("%s_vars %d\n", tag, nv);
    if (nv <= 0)
        return;
    int64_t *ids = xcalloc(nent), nn = 0;
    if (t != EX_NODAL && t != EX_GLOBAL)
        ex_get_ids(ex, t, ids);
    int *truth = calloc((size_t)(nent * nv + 1), sizeof *truth);
    for (int64_t i = 0; i < nent * nv; i++)
        truth[i] = 1;
    if (t != EX_NODAL && t != EX_GLOBAL)
        ex_get_truth_table(ex, t, (int)nent, nv, truth);
    for (int64_t e = 0; e < nent; e++) {
        if (t == EX_NODAL) {
            ex_init_params p;
            memset(&p, 0, sizeof p); /* a file it cannot read leaves p as it was */
            ex_get_init_ext(ex, &p);
            nn = p.num_nodes;
        } else if (t == EX_GLOBAL) {
            nn = nv;
        } else if (t == EX_NODE_SET || t == EX_SIDE_SET) {
            int64_t ndf = 0;
            ex_get_set_param(ex, t, ids[e], &nn, &ndf);
        } else {
            int64_t npe, ned, nfa, nat;
            char type[MAX_STR_LENGTH + 1];
            ex_get_block(ex, t, ids[e], type, &nn, &npe, &ned, &nfa, &nat);
        }
        double *v = xcalloc(nn);
        for (int j = 0; j < (t == EX_GLOBAL ? 1 : nv); j++)
            for (int s = 1; s <= nsteps; s++) {
                char key[128];
                if (!truth[e * nv + j])
                    continue;
                ex_get_var(ex, s, t, j + 1, ids[e], nn, v);
                snprintf(key, sizeof key, "%s_var_%lld_%d_%d", tag, (long long)ids[e], j, s);
                line(key, v, nn, 8);
            }
        free(v);
    }
    free(ids), free(truth);
}

int main(int argc, char **argv)
{
    int cpu = 8, io = 0;
    float ver = 0;
    if (argc < 2)
        return 2;
    ex_opts(0);
    int ex = ex_open(argv[1], EX_READ, &cpu, &io, &ver);
    if (ex < 0)
        return 2;
    ex_set_int64_status(ex, EX_ALL_INT64_API);
    /* zeroed first: on a file without the mesh dimensions (a Nemesis
     * load-balance file) ex_get_init_ext fails and leaves p unwritten, and
     * the dump printed whatever the stack held as the title */
    ex_init_params p;
    memset(&p, 0, sizeof p);
    ex_get_init_ext(ex, &p);
    printf("title %s\ndims %lld %lld %lld %lld %lld\n", p.title, (long long)p.num_dim,
           (long long)p.num_nodes, (long long)p.num_elem, (long long)p.num_edge,
           (long long)p.num_face);
    double *c[3] = {xcalloc(p.num_nodes), xcalloc(p.num_nodes), xcalloc(p.num_nodes)};
    ex_get_coord(ex, c[0], c[1], c[2]);
    for (int a = 0; a < p.num_dim && a < 3; a++)
        line(a == 0 ? "coordx" : a == 1 ? "coordy" : "coordz", c[a], p.num_nodes, 8);
    blocks(ex, EX_ELEM_BLOCK, "eb", p.num_elem_blk);
    blocks(ex, EX_EDGE_BLOCK, "edb", p.num_edge_blk);
    blocks(ex, EX_FACE_BLOCK, "fab", p.num_face_blk);
    sets(ex, EX_NODE_SET, "ns", p.num_node_sets);
    sets(ex, EX_SIDE_SET, "ss", p.num_side_sets);
    sets(ex, EX_ELEM_SET, "els", p.num_elem_sets);
    int64_t *m = xcalloc(p.num_nodes > p.num_elem ? p.num_nodes : p.num_elem);
    ex_get_id_map(ex, EX_NODE_MAP, m);
    line("node_num_map", m, p.num_nodes, 8);
    ex_get_id_map(ex, EX_ELEM_MAP, m);
    line("elem_num_map", m, p.num_elem, 8);
    int nsteps = ex_inquire_int(ex, EX_INQ_TIME);
    double *t = xcalloc(nsteps);
    for (int s = 1; s <= nsteps; s++)
        ex_get_time(ex, s, &t[s - 1]);
    line("times", t, nsteps, 8);
    vars(ex, EX_GLOBAL, "glo", 1, nsteps);
    vars(ex, EX_NODAL, "nod", 1, nsteps);
    vars(ex, EX_ELEM_BLOCK, "elem", p.num_elem_blk, nsteps);
    vars(ex, EX_NODE_SET, "nset", p.num_node_sets, nsteps);
    vars(ex, EX_SIDE_SET, "sset", p.num_side_sets, nsteps);
    ex_close(ex);
    for (int a = 0; a < 3; a++)
        free(c[a]);
    free(m), free(t);
    return 0;
}
