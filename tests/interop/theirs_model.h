/*
 * theirs_model.h -- the model libexodusII 6.02 writes (write_exodusii.c)
 * and exoslab reads back (check_theirs.c), in closed form. No library
 * headers: both programs include it.
 *
 * 12 nodes (a 2 x 1 x 1 hex grid), 3 kinds of blocks with 2 blocks each
 * (element blocks: 2 HEX8 with element->edge and element->face
 * connectivity, 3 BEAM2 with 2 attributes; edge blocks; face blocks), 5
 * kinds of sets with 2 sets each (the first with distribution factors, the
 * second without), id maps and named maps of all 4 map kinds, the legacy
 * element order map, properties, names, QA and info records, and 3 time
 * steps of variables of all 10 variable kinds, some left out by truth
 * tables. Values are arbitrary but in range, so the program that reads
 * them back knows each one.
 *
 * Kinds are numbered here, each program maps them to its own enums:
 * blocks TB_ELEM, TB_EDGE, TB_FACE; sets TS_NODE, TS_SIDE, TS_EDGE,
 * TS_FACE, TS_ELEM; variable kinds TV_* (below).
 */
#ifndef EXS_THEIRS_MODEL_H
#define EXS_THEIRS_MODEL_H

#define TM_TITLE "exoslab interop: written by libexodusII 6.02"
#define TM_DIM 3
#define TM_NX 2
#define TM_NODES ((TM_NX + 1) * 4)
#define TM_STEPS 3
#define TM_QA 2
#define TM_INFO 3
#define TM_NBLK 2  /* blocks of each block kind */
#define TM_NSET 2  /* sets of each set kind */
#define TM_HEX_EDGES 12
#define TM_HEX_FACES 6

enum { TB_ELEM = 0, TB_EDGE, TB_FACE, TB_KINDS };
enum { TS_NODE = 0, TS_SIDE, TS_EDGE, TS_FACE, TS_ELEM, TS_KINDS };
/* Map kinds: node, edge, face, element (id maps and named maps). */
enum { TMK_NODE = 0, TMK_EDGE, TMK_FACE, TMK_ELEM, TMK_KINDS };
enum {
    TV_GLOBAL = 0, TV_NODAL, TV_ELEM, TV_EDGE, TV_FACE,
    TV_NSET, TV_SSET, TV_ESET, TV_FSET, TV_ELSET, TV_KINDS
};

/* ---- blocks ---- */
static const long long tm_blk_id[TB_KINDS][TM_NBLK] = {{10, 20}, {100, 200}, {300, 400}};
static const char *const tm_blk_type[TB_KINDS][TM_NBLK] = {
    {"HEX8", "BEAM2"}, {"EDGE2", "BAR2"}, {"QUAD4", "TRI3"}};
static const long long tm_blk_len[TB_KINDS][TM_NBLK] = {{2, 3}, {12, 8}, {7, 4}};
static const long long tm_blk_npe[TB_KINDS][TM_NBLK] = {{8, 2}, {2, 2}, {4, 3}};
static const int tm_blk_nattr[TB_KINDS][TM_NBLK] = {{0, 2}, {0, 1}, {1, 0}};
/* The longest name is exactly 32 characters (the default name length). */
static const char *const tm_blk_name[TB_KINDS][TM_NBLK] = {
    {"hex_block", "beam_block_with_a_32_char_name_x"},
    {"edges_a", "edges_b"},
    {"quad_faces", "tri_faces"}};
static const char *const tm_attr_name[TB_KINDS][TM_NBLK][2] = {
    {{"", ""}, {"AREA", "INERTIA"}}, {{"", ""}, {"LENGTH", ""}}, {{"THICKNESS", ""}, {"", ""}}};

static inline long long tm_kind_total(int k)
{
    return tm_blk_len[k][0] + tm_blk_len[k][1];
}
#define TM_ELEMS (2 + 3)
#define TM_EDGES (12 + 8)
#define TM_FACES (7 + 4)

static inline long long tm_node(int i, int j, int k)
{
    return i + (TM_NX + 1) * (j + 2 * k);
}
static inline double tm_coord(int axis, long long n)
{
    if (axis == 0)
        return 1.5 * (double)(n % (TM_NX + 1));
    if (axis == 1)
        return 0.75 * (double)((n / (TM_NX + 1)) % 2) - 0.125;
    return 2.0 * (double)(n / (2 * (TM_NX + 1))) + 0.5;
}
static const char *const tm_coord_name[TM_DIM] = {"x_axis", "y_axis", "z_axis"};

/* Connectivity value c of entry e of block b of kind k (1-based). */
static inline long long tm_conn(int k, int b, long long e, int c)
{
    static const int di[8] = {0, 1, 1, 0, 0, 1, 1, 0}, dj[8] = {0, 0, 1, 1, 0, 0, 1, 1},
                     dk[8] = {0, 0, 0, 0, 1, 1, 1, 1};
    long long g = e + (b ? tm_blk_len[k][0] : 0); /* entry across the kind */
    if (k == TB_ELEM && b == 0)
        return tm_node((int)e + di[c], dj[c], dk[c]) + 1;
    if (k == TB_ELEM)
        return (e + 4 * c) % TM_NODES + 1;
    if (k == TB_EDGE)
        return (g + c * (1 + g % 3)) % TM_NODES + 1;
    return (2 * g + 3 * c) % TM_NODES + 1;
}
/* Element->edge and element->face connectivity of the HEX8 block. */
static inline long long tm_elem_edge(long long e, int c)
{
    return (e * 12 + c * 7) % TM_EDGES + 1;
}
static inline long long tm_elem_face(long long e, int c)
{
    return (e * 6 + c * 5) % TM_FACES + 1;
}
/* Attribute a of entry e of block b of kind k. */
static inline double tm_attr(int k, int b, long long e, int a)
{
    return 0.5 * (double)(k + 1) + 0.125 * (double)b + 0.0625 * (double)e + 10.0 * a;
}

/* ---- sets ---- */
static const long long tm_set_id[TS_KINDS][TM_NSET] = {
    {1, 2}, {5, 6}, {7, 8}, {9, 11}, {12, 13}};
static const long long tm_set_len[TS_KINDS][TM_NSET] = {
    {4, 3}, {2, 1}, {4, 2}, {3, 2}, {3, 2}};
/* Distribution factors per member of the first set (side sets: per side,
 * 4 nodes of a HEX8 face); the second set has none. */
static const long long tm_set_dfper[TS_KINDS] = {1, 4, 1, 1, 1};
static const char *const tm_set_name[TS_KINDS][TM_NSET] = {
    {"ns_left", "ns_corner"}, {"ss_bottom", "ss_top"}, {"es_rim", "es_spine"},
    {"fs_skin", "fs_cut"}, {"els_mixed", "els_pair"}};

static inline long long tm_set_ndf(int k, int s)
{
    return s == 0 ? tm_set_len[k][0] * tm_set_dfper[k] : 0;
}
/* Member m of set s of kind k: node/element/edge/face number (1-based). */
static inline long long tm_set_entry(int k, int s, long long m)
{
    switch (k) {
    case TS_NODE: return (3 * m + s) % TM_NODES + 1;
    case TS_SIDE: return (m + s) % 2 + 1;           /* HEX8 elements */
    case TS_EDGE: return (5 * m + s) % TM_EDGES + 1;
    case TS_FACE: return (4 * m + s) % TM_FACES + 1;
    default: return (2 * m + s) % TM_ELEMS + 1;
    }
}
/* Side (side sets, 1..6) or orientation (edge and face sets, 0/1). */
static inline long long tm_set_extra(int k, int s, long long m)
{
    if (k == TS_SIDE)
        return (m + 2 * s) % 6 + 1;
    if (k == TS_EDGE)
        return (m + s) % 2;
    return (m + s + 1) % 2;
}
static inline double tm_set_df(int k, int s, long long i)
{
    return 1.0 + 0.25 * (double)i + 2.0 * k + 0.5 * s;
}

/* ---- maps ---- */
static inline long long tm_map_total(int mk)
{
    return mk == TMK_NODE ? TM_NODES : mk == TMK_EDGE ? TM_EDGES
                                   : mk == TMK_FACE ? TM_FACES : TM_ELEMS;
}
/* Id map (node_num_map, edge_num_map, face_num_map, elem_num_map). */
static inline long long tm_id_map(int mk, long long i)
{
    return 1000LL * (mk + 1) + 3 * i + 7;
}
/* Named maps: 2 node maps, 1 edge, 1 face, 2 element maps. */
static const int tm_nmaps[TMK_KINDS] = {2, 1, 1, 2};
static const long long tm_map_id[TMK_KINDS][2] = {{31, 32}, {41, 0}, {51, 0}, {61, 62}};
static const char *const tm_map_name[TMK_KINDS][2] = {
    {"nmap_a", "nmap_b"}, {"edmap", ""}, {"famap", ""}, {"emap_a", "emap_b"}};
static inline long long tm_map_val(int mk, int j, long long i)
{
    return (i * (j + 2) + mk) % tm_map_total(mk) + 1 + 100 * j;
}
/* Legacy element order map ("elem_map"). */
static inline long long tm_order_map(long long e) { return TM_ELEMS - e; }

/* ---- properties (besides ID) ---- */
#define TM_NPROPS 6
/* kind is TB_* (block) when tm_prop_isblk, else TS_*. */
static const int tm_prop_isblk[TM_NPROPS] = {1, 1, 1, 0, 0, 0};
static const int tm_prop_kind[TM_NPROPS] = {TB_ELEM, TB_ELEM, TB_EDGE, TS_NODE, TS_SIDE, TS_FACE};
static const char *const tm_prop_name[TM_NPROPS] = {"MATL", "SOLVER", "EKIND",
                                                    "COLOR", "GROUP", "FKIND"};
static inline long long tm_prop_val(int p, int entity)
{
    return 100LL * (p + 1) + 11 * entity + 3;
}

/* ---- QA and info ---- */
static const char *const tm_qa[TM_QA][4] = {
    {"write_exodusii", "6.02", "05/01/24", "12:00:00"},
    {"theirs_model", "v2.0", "01/01/13", "23:59:59"}};
/* The last line is exactly 80 characters, the longest libexodusII keeps. */
static const char *const tm_info[TM_INFO] = {
    "first info line", "",
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-+*/=<>!"};

/* ---- results ---- */
static inline double tm_time(int s) { return 0.25 + 1.5 * s; }
static const int tm_nvars[TV_KINDS] = {3, 2, 2, 1, 2, 1, 1, 1, 1, 1};
static const char *const tm_var_name[TV_KINDS][3] = {
    {"g_energy", "g_mass", "g_dt"}, {"disp_x", "temp"}, {"stress", "strain"},
    {"edge_flux", "", ""}, {"face_p", "face_q", ""}, {"ns_load", "", ""},
    {"ss_press", "", ""}, {"es_val", "", ""}, {"fs_val", "", ""}, {"els_val", "", ""}};
/* Entities of a variable kind's entity kind (blocks or sets); 1 for
 * global and nodal. */
static inline int tm_var_nent(int vk) { return vk <= TV_NODAL ? 1 : 2; }
/* Truth table: variable v of the b-th entity of kind vk is stored. */
static inline int tm_truth(int vk, int b, int v)
{
    if (vk == TV_ELEM)
        return !(b == 1 && v == 1);
    if (vk == TV_FACE)
        return !(b == 1 && v == 0);
    if (vk == TV_SSET || vk == TV_FSET)
        return b == 0;
    return 1;
}
/* Entries of entity b of variable kind vk (global: the variables). */
static inline long long tm_var_len(int vk, int b)
{
    switch (vk) {
    case TV_GLOBAL: return 3;
    case TV_NODAL: return TM_NODES;
    case TV_ELEM: return tm_blk_len[TB_ELEM][b];
    case TV_EDGE: return tm_blk_len[TB_EDGE][b];
    case TV_FACE: return tm_blk_len[TB_FACE][b];
    default: return tm_set_len[vk - TV_NSET][b];
    }
}
static inline double tm_var(int vk, int v, int b, long long i, int s)
{
    return 0.5 + s + 100.0 * vk + 10.0 * v + 0.125 * (double)i + 0.0625 * b;
}

#endif
