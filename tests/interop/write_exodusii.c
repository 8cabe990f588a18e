/* write_exodusii -- a standalone program linking only libexoIIv2c (never
 * exoslab: Debian's libexoIIv2c brings its own netCDF) that writes the
 * model of theirs_model.h with libexodusII 6.02, in every container and
 * integer width that version offers, for check_theirs to read with exoslab.
 * argv[1]: the output directory. Every ex_ call's return code is checked;
 * any failure makes the exit status 1. */
#include <exodusII.h>
#include <stdio.h>
#include <string.h>

#include "theirs_model.h"

static int fails;

#define CK(call)                                                                 \
    do {                                                                         \
        int rc_ = (call);                                                        \
        if (rc_ < 0) {                                                           \
            fprintf(stderr, "%s:%d: %s -> %d\n", __FILE__, __LINE__, #call, rc_); \
            fails++;                                                             \
        }                                                                        \
    } while (0)

static const ex_entity_type blk_kind[TB_KINDS] = {EX_ELEM_BLOCK, EX_EDGE_BLOCK,
                                                  EX_FACE_BLOCK};
static const ex_entity_type set_kind[TS_KINDS] = {EX_NODE_SET, EX_SIDE_SET, EX_EDGE_SET,
                                                  EX_FACE_SET, EX_ELEM_SET};
static const ex_entity_type map_kind[TMK_KINDS] = {EX_NODE_MAP, EX_EDGE_MAP, EX_FACE_MAP,
                                                   EX_ELEM_MAP};
static const ex_entity_type var_kind[TV_KINDS] = {
    EX_GLOBAL, EX_NODAL, EX_ELEM_BLOCK, EX_EDGE_BLOCK, EX_FACE_BLOCK,
    EX_NODE_SET, EX_SIDE_SET, EX_EDGE_SET, EX_FACE_SET, EX_ELEM_SET};

static void put_init(int exo)
{
    ex_init_params p;
    memset(&p, 0, sizeof p);
    strcpy(p.title, TM_TITLE);
    p.num_dim = TM_DIM;
    p.num_nodes = TM_NODES;
    p.num_edge = TM_EDGES;
    p.num_edge_blk = TM_NBLK;
    p.num_face = TM_FACES;
    p.num_face_blk = TM_NBLK;
    p.num_elem = TM_ELEMS;
    p.num_elem_blk = TM_NBLK;
    p.num_node_sets = p.num_edge_sets = p.num_face_sets = TM_NSET;
    p.num_side_sets = p.num_elem_sets = TM_NSET;
    p.num_node_maps = tm_nmaps[TMK_NODE];
    p.num_edge_maps = tm_nmaps[TMK_EDGE];
    p.num_face_maps = tm_nmaps[TMK_FACE];
    p.num_elem_maps = tm_nmaps[TMK_ELEM];
    CK(ex_put_init_ext(exo, &p));
}

static void put_coords(int exo)
{
    double xyz[TM_DIM][TM_NODES];
    char *names[TM_DIM];
    for (int a = 0; a < TM_DIM; a++) {
        for (int n = 0; n < TM_NODES; n++)
            xyz[a][n] = tm_coord(a, n);
        names[a] = (char *)tm_coord_name[a];
    }
    CK(ex_put_coord(exo, xyz[0], xyz[1], xyz[2]));
    CK(ex_put_coord_names(exo, names));
    /* A coordinate frame: exoslab has no API for it, it must not mind. */
    int64_t cf_id = 1;
    double cf[9] = {0, 0, 0, 0, 0, 1, 1, 0, 0};
    CK(ex_put_coordinate_frames(exo, 1, &cf_id, cf, "R"));
}

static void put_block(int exo, int k, int b)
{
    int64_t id = tm_blk_id[k][b], len = tm_blk_len[k][b], npe = tm_blk_npe[k][b];
    int na = tm_blk_nattr[k][b];
    int hex = k == TB_ELEM && b == 0;
    CK(ex_put_block(exo, blk_kind[k], id, tm_blk_type[k][b], len, npe,
                    hex ? TM_HEX_EDGES : 0, hex ? TM_HEX_FACES : 0, na));
    int64_t conn[64], econn[2 * TM_HEX_EDGES], fconn[2 * TM_HEX_FACES];
    for (int64_t e = 0; e < len; e++)
        for (int c = 0; c < npe; c++)
            conn[e * npe + c] = tm_conn(k, b, e, c);
    for (int64_t e = 0; hex && e < len; e++) {
        for (int c = 0; c < TM_HEX_EDGES; c++)
            econn[e * TM_HEX_EDGES + c] = tm_elem_edge(e, c);
        for (int c = 0; c < TM_HEX_FACES; c++)
            fconn[e * TM_HEX_FACES + c] = tm_elem_face(e, c);
    }
    CK(ex_put_conn(exo, blk_kind[k], id, conn, hex ? econn : NULL, hex ? fconn : NULL));
    if (na == 0)
        return;
    double attr[64];
    char *names[2];
    for (int64_t e = 0; e < len; e++)
        for (int a = 0; a < na; a++)
            attr[e * na + a] = tm_attr(k, b, e, a);
    CK(ex_put_attr(exo, blk_kind[k], id, attr));
    for (int a = 0; a < na; a++)
        names[a] = (char *)tm_attr_name[k][b][a];
    CK(ex_put_attr_names(exo, blk_kind[k], id, names));
}

static void put_blocks(int exo)
{
    for (int k = 0; k < TB_KINDS; k++) {
        char *names[TM_NBLK];
        for (int b = 0; b < TM_NBLK; b++) {
            put_block(exo, k, b);
            names[b] = (char *)tm_blk_name[k][b];
        }
        CK(ex_put_names(exo, blk_kind[k], names));
    }
}

static void put_sets(int exo)
{
    for (int k = 0; k < TS_KINDS; k++) {
        for (int s = 0; s < TM_NSET; s++) {
            int64_t id = tm_set_id[k][s], n = tm_set_len[k][s], ndf = tm_set_ndf(k, s);
            int64_t ent[8], extra[8];
            double df[16];
            CK(ex_put_set_param(exo, set_kind[k], id, n, ndf));
            for (int64_t m = 0; m < n; m++) {
                ent[m] = tm_set_entry(k, s, m);
                extra[m] = tm_set_extra(k, s, m);
            }
            int has_extra = k == TS_SIDE || k == TS_EDGE || k == TS_FACE;
            CK(ex_put_set(exo, set_kind[k], id, ent, has_extra ? extra : NULL));
            for (int64_t i = 0; i < ndf; i++)
                df[i] = tm_set_df(k, s, i);
            if (ndf > 0)
                CK(ex_put_set_dist_fact(exo, set_kind[k], id, df));
            CK(ex_put_name(exo, set_kind[k], id, tm_set_name[k][s]));
        }
    }
}

static void put_maps(int exo)
{
    int64_t map[TM_EDGES], order[TM_ELEMS];
    for (int mk = 0; mk < TMK_KINDS; mk++) {
        for (int64_t i = 0; i < tm_map_total(mk); i++)
            map[i] = tm_id_map(mk, i);
        CK(ex_put_id_map(exo, map_kind[mk], map));
        for (int j = 0; j < tm_nmaps[mk]; j++) {
            for (int64_t i = 0; i < tm_map_total(mk); i++)
                map[i] = tm_map_val(mk, j, i);
            CK(ex_put_num_map(exo, map_kind[mk], tm_map_id[mk][j], map));
            CK(ex_put_name(exo, map_kind[mk], tm_map_id[mk][j], tm_map_name[mk][j]));
        }
    }
    for (int64_t e = 0; e < TM_ELEMS; e++)
        order[e] = tm_order_map(e);
    CK(ex_put_map(exo, order));
}

/* The element block properties are named first with ex_put_prop_names (in
 * one call: 6.02 numbers them from 2 on each call); ex_put_prop creates
 * the others. */
static void put_props(int exo)
{
    char *eb_names[2] = {(char *)tm_prop_name[0], (char *)tm_prop_name[1]};
    CK(ex_put_prop_names(exo, EX_ELEM_BLOCK, 2, eb_names));
    for (int p = 0; p < TM_NPROPS; p++) {
        int k = tm_prop_kind[p];
        ex_entity_type t = tm_prop_isblk[p] ? blk_kind[k] : set_kind[k];
        char *name = (char *)tm_prop_name[p];
        for (int e = 0; e < 2; e++) {
            int64_t id = tm_prop_isblk[p] ? tm_blk_id[k][e] : tm_set_id[k][e];
            CK(ex_put_prop(exo, t, id, name, tm_prop_val(p, e)));
        }
    }
}

static void put_records(int exo)
{
    char *qa[TM_QA][4], *info[TM_INFO];
    for (int i = 0; i < TM_QA; i++)
        for (int j = 0; j < 4; j++)
            qa[i][j] = (char *)tm_qa[i][j];
    for (int i = 0; i < TM_INFO; i++)
        info[i] = (char *)tm_info[i];
    CK(ex_put_qa(exo, TM_QA, qa));
    CK(ex_put_info(exo, TM_INFO, info));
}

/* Truth tables for the kinds with holes and one full one (edge sets); the
 * others have none in the file. */
static int has_truth_table(int vk)
{
    return vk == TV_ELEM || vk == TV_FACE || vk == TV_SSET || vk == TV_FSET ||
           vk == TV_ESET;
}

static void def_vars(int exo)
{
    for (int vk = 0; vk < TV_KINDS; vk++) {
        char *names[3];
        int tab[2 * 3];
        for (int v = 0; v < tm_nvars[vk]; v++)
            names[v] = (char *)tm_var_name[vk][v];
        CK(ex_put_variable_param(exo, var_kind[vk], tm_nvars[vk]));
        CK(ex_put_variable_names(exo, var_kind[vk], tm_nvars[vk], names));
        if (!has_truth_table(vk))
            continue;
        for (int b = 0; b < tm_var_nent(vk); b++)
            for (int v = 0; v < tm_nvars[vk]; v++)
                tab[b * tm_nvars[vk] + v] = tm_truth(vk, b, v);
        CK(ex_put_truth_table(exo, var_kind[vk], tm_var_nent(vk), tm_nvars[vk], tab));
    }
}

static int64_t var_entity_id(int vk, int b)
{
    if (vk <= TV_NODAL)
        return vk == TV_NODAL ? 1 : 0;
    if (vk <= TV_FACE)
        return tm_blk_id[vk - TV_ELEM][b];
    return tm_set_id[vk - TV_NSET][b];
}

static void put_step(int exo, int s)
{
    double t = tm_time(s), vals[TM_NODES];
    CK(ex_put_time(exo, s + 1, &t));
    for (int64_t i = 0; i < 3; i++)
        vals[i] = tm_var(TV_GLOBAL, 0, 0, i, s);
    CK(ex_put_var(exo, s + 1, EX_GLOBAL, 1, 0, 3, vals));
    for (int vk = TV_NODAL; vk < TV_KINDS; vk++)
        for (int b = 0; b < tm_var_nent(vk); b++)
            for (int v = 0; v < tm_nvars[vk]; v++) {
                if (!tm_truth(vk, b, v))
                    continue;
                int64_t n = tm_var_len(vk, b);
                for (int64_t i = 0; i < n; i++)
                    vals[i] = tm_var(vk, v, b, i, s);
                CK(ex_put_var(exo, s + 1, var_kind[vk], v + 1, var_entity_id(vk, b), n,
                              vals));
            }
}

static void write_file(const char *path, int mode, int io_ws)
{
    int cpu_ws = 8;
    int before = fails;
    int exo = ex_create(path, mode, &cpu_ws, &io_ws);
    if (exo < 0) {
        fprintf(stderr, "ex_create(%s, 0x%x) -> %d\n", path, mode, exo);
        fails++;
        return;
    }
    CK(ex_set_int64_status(exo, EX_ALL_INT64_API));
    put_init(exo);
    put_coords(exo);
    put_blocks(exo);
    put_sets(exo);
    put_maps(exo);
    put_props(exo);
    put_records(exo);
    def_vars(exo);
    for (int s = 0; s < TM_STEPS; s++)
        put_step(exo, s);
    CK(ex_close(exo));
    printf("%s: written by libexodusII %.2f (mode 0x%x, io_ws %d)%s\n", path,
           (double)EX_API_VERS, mode, io_ws, fails > before ? ": FAILED" : "");
}

int main(int argc, char **argv)
{
    /* The file names and modes; check_theirs.c has the same list. */
    static const struct { const char *name; int mode, io_ws; } files[] = {
        {"theirs_default.exo", EX_CLOBBER, 8},
        {"theirs_classic.exo", EX_CLOBBER | EX_NORMAL_MODEL, 8},
        {"theirs_large.exo", EX_CLOBBER | EX_LARGE_MODEL, 8},
        {"theirs_f32.exo", EX_CLOBBER | EX_LARGE_MODEL, 4},
        {"theirs_nc4.exo", EX_CLOBBER | EX_NETCDF4, 8},
        {"theirs_nc4_noclassic.exo", EX_CLOBBER | EX_NETCDF4 | EX_NOCLASSIC, 8},
        {"theirs_nc4_i64.exo", EX_CLOBBER | EX_NETCDF4 | EX_ALL_INT64_DB, 8},
    };
    char path[4096];
    if (argc < 2) {
        fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
        return 2;
    }
    ex_opts(EX_VERBOSE);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", argv[1], files[i].name);
        write_file(path, files[i].mode, files[i].io_ws);
    }
    return fails ? 1 : 0;
}
