/* kinds.c -- how each entity kind is spelled in an Exodus II file, and the
 * element type vocabulary. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Field order: label, count_dim, prop_fmt, status_var, names_var,
 * entry_dim, npe_dim, conn_var, extra_var, df_var, attr_var, attr_dim,
 * attr_names, epec_var, nvar_dim, var_names, var_tab, var_vals, total_dim,
 * id_map. */
const exs_kind_desc exs_kinds[EXS_NUM_KINDS] = {
    [EXS_NODAL] = {.label = "nodal", .total_dim = "num_nodes",
                   .nvar_dim = "num_nod_var", .var_names = "name_nod_var",
                   .var_vals = "vals_nod_var%lld", .attr_var = "nattrb",
                   .attr_dim = "num_att_in_nblk", .attr_names = "nattrib_name"},
    [EXS_GLOBAL] = {.label = "global", .nvar_dim = "num_glo_var",
                    .var_names = "name_glo_var", .var_vals = "vals_glo_var"},
    [EXS_ELEM_BLOCK] = {"element block", "num_el_blk", "eb_prop%lld", "eb_status",
                        "eb_names", "num_el_in_blk%lld", "num_nod_per_el%lld",
                        "connect%lld", NULL, NULL, "attrib%lld", "num_att_in_blk%lld",
                        "attrib_name%lld", "ebepecnt%lld", "num_elem_var",
                        "name_elem_var", "elem_var_tab", "vals_elem_var%lldeb%lld",
                        "num_elem", NULL},
    [EXS_EDGE_BLOCK] = {"edge block", "num_ed_blk", "ed_prop%lld", "ed_status",
                        "ed_names", "num_ed_in_blk%lld", "num_nod_per_ed%lld",
                        "ebconn%lld", NULL, NULL, "eattrb%lld", "num_att_in_eblk%lld",
                        "eattrib_name%lld", NULL, "num_edge_var", "name_edge_var",
                        "edge_var_tab", "vals_edge_var%lldeb%lld", "num_edge", NULL},
    [EXS_FACE_BLOCK] = {"face block", "num_fa_blk", "fa_prop%lld", "fa_status",
                        "fa_names", "num_fa_in_blk%lld", "num_nod_per_fa%lld",
                        "fbconn%lld", NULL, NULL, "fattrb%lld", "num_att_in_fblk%lld",
                        "fattrib_name%lld", "fbepecnt%lld", "num_face_var",
                        "name_face_var", "face_var_tab", "vals_face_var%lldfb%lld",
                        "num_face", NULL},
    [EXS_NODE_SET] = {"node set", "num_node_sets", "ns_prop%lld", "ns_status",
                      "ns_names", "num_nod_ns%lld", NULL, "node_ns%lld", NULL,
                      "dist_fact_ns%lld", "nsattrb%lld", "num_att_in_ns%lld",
                      "nsattrib_name%lld", NULL, "num_nset_var",
                      "name_nset_var", "nset_var_tab", "vals_nset_var%lldns%lld",
                      NULL, NULL},
    [EXS_SIDE_SET] = {"side set", "num_side_sets", "ss_prop%lld", "ss_status",
                      "ss_names", "num_side_ss%lld", NULL, "elem_ss%lld",
                      "side_ss%lld", "dist_fact_ss%lld", "ssattrb%lld",
                      "num_att_in_ss%lld", "ssattrib_name%lld", NULL,
                      "num_sset_var", "name_sset_var", "sset_var_tab",
                      "vals_sset_var%lldss%lld", NULL, NULL},
    [EXS_EDGE_SET] = {"edge set", "num_edge_sets", "es_prop%lld", "es_status",
                      "es_names", "num_edge_es%lld", NULL, "edge_es%lld",
                      "ornt_es%lld", "dist_fact_es%lld", "esattrb%lld",
                      "num_att_in_es%lld", "esattrib_name%lld", NULL,
                      "num_eset_var", "name_eset_var", "eset_var_tab",
                      "vals_eset_var%lldes%lld", NULL, NULL},
    [EXS_FACE_SET] = {"face set", "num_face_sets", "fs_prop%lld", "fs_status",
                      "fs_names", "num_face_fs%lld", NULL, "face_fs%lld",
                      "ornt_fs%lld", "dist_fact_fs%lld", "fsattrb%lld",
                      "num_att_in_fs%lld", "fsattrib_name%lld", NULL,
                      "num_fset_var", "name_fset_var", "fset_var_tab",
                      "vals_fset_var%lldfs%lld", NULL, NULL},
    [EXS_ELEM_SET] = {"element set", "num_elem_sets", "els_prop%lld", "els_status",
                      "els_names", "num_ele_els%lld", NULL, "elem_els%lld", NULL,
                      "dist_fact_els%lld", "elsattrb%lld", "num_att_in_els%lld",
                      "elsattrib_name%lld", NULL, "num_elset_var",
                      "name_elset_var", "elset_var_tab", "vals_elset_var%lldes%lld",
                      NULL, NULL},
    [EXS_NODE_MAP] = {.label = "node map", .count_dim = "num_node_maps",
                      .prop_fmt = "nm_prop%lld", .names_var = "nmap_names",
                      .conn_var = "node_map%lld", .total_dim = "num_nodes",
                      .id_map = "node_num_map"},
    [EXS_EDGE_MAP] = {.label = "edge map", .count_dim = "num_edge_maps",
                      .prop_fmt = "edm_prop%lld", .names_var = "edmap_names",
                      .conn_var = "edge_map%lld", .total_dim = "num_edge",
                      .id_map = "edge_num_map"},
    [EXS_FACE_MAP] = {.label = "face map", .count_dim = "num_face_maps",
                      .prop_fmt = "fam_prop%lld", .names_var = "famap_names",
                      .conn_var = "face_map%lld", .total_dim = "num_face",
                      .id_map = "face_num_map"},
    [EXS_ELEM_MAP] = {.label = "element map", .count_dim = "num_elem_maps",
                      .prop_fmt = "em_prop%lld", .names_var = "emap_names",
                      .conn_var = "elem_map%lld", .total_dim = "num_elem",
                      .id_map = "elem_num_map"},
};

int exs_fmt_name(char *buf, size_t cap, const char *fmt, int64_t a, int64_t b)
{
    int n = snprintf(buf, cap, fmt, (long long)a, (long long)b);
    return n < 0 || (size_t)n >= cap ? EXS_EINVAL : 0;
}

/* ---- element types ---- */

static const struct {
    const char *prefix;
    exs_topo topo;
} topo_words[] = {
    /* longest first where one word begins another */
    {"TRISHELL", EXS_TOPO_TRISHELL}, {"TRIANGLE", EXS_TOPO_TRI},
    {"TRI", EXS_TOPO_TRI},           {"QUADRILATERAL", EXS_TOPO_QUAD},
    {"QUAD", EXS_TOPO_QUAD},         {"SHELL", EXS_TOPO_SHELL},
    {"TETRAHEDRON", EXS_TOPO_TET},   {"TETRA", EXS_TOPO_TET},
    {"TET", EXS_TOPO_TET},           {"PYRAMID", EXS_TOPO_PYRAMID},
    {"PYRA", EXS_TOPO_PYRAMID},      {"WEDGE", EXS_TOPO_WEDGE},
    {"PRISM", EXS_TOPO_WEDGE},       {"PENTA", EXS_TOPO_WEDGE},
    {"HEXAHEDRON", EXS_TOPO_HEX},    {"HEX", EXS_TOPO_HEX},
    {"NSIDED", EXS_TOPO_NSIDED},     {"NFACED", EXS_TOPO_NFACED},
    {"SUPER", EXS_TOPO_SUPER},       {"BEX", EXS_TOPO_BEX},
    {"SPHERE", EXS_TOPO_SPHERE},     {"POINT", EXS_TOPO_SPHERE},
    {"CIRCLE", EXS_TOPO_SPHERE},     {"PARTICLE", EXS_TOPO_SPHERE},
    {"BEAM", EXS_TOPO_BAR},          {"BAR", EXS_TOPO_BAR},
    {"TRUSS", EXS_TOPO_BAR},         {"EDGE", EXS_TOPO_BAR},
    {"LINE", EXS_TOPO_BAR},          {"ROD", EXS_TOPO_BAR},
    {"NULL", EXS_TOPO_NULL},
};

exs_topo exs_topo_parse(const char *type)
{
    char up[40];
    size_t n = 0;
    if (!type)
        return EXS_TOPO_UNKNOWN;
    while (*type == ' ')
        type++;
    for (; type[n] && n < sizeof up - 1; n++)
        up[n] = (char)toupper((unsigned char)type[n]);
    up[n] = '\0';
    while (n > 0 && up[n - 1] == ' ')
        up[--n] = '\0';
    if (n == 0)
        return EXS_TOPO_UNKNOWN;
    for (size_t i = 0; i < sizeof topo_words / sizeof topo_words[0]; i++) {
        size_t len = strlen(topo_words[i].prefix);
        /* The word, then digits, ':' or '_' (HEX8, tetra:8, BEX_HEX, TRI_3). */
        if (strncmp(up, topo_words[i].prefix, len) == 0 &&
            (up[len] == '\0' || isdigit((unsigned char)up[len]) || up[len] == ':' ||
             up[len] == '_' || up[len] == '-'))
            return topo_words[i].topo;
    }
    return EXS_TOPO_UNKNOWN;
}

const char *exs_topo_name(exs_topo t)
{
    static const char *const names[] = {
        [EXS_TOPO_UNKNOWN] = "UNKNOWN", [EXS_TOPO_SPHERE] = "SPHERE",
        [EXS_TOPO_BAR] = "BAR",         [EXS_TOPO_TRI] = "TRI",
        [EXS_TOPO_QUAD] = "QUAD",       [EXS_TOPO_SHELL] = "SHELL",
        [EXS_TOPO_TRISHELL] = "TRISHELL", [EXS_TOPO_TET] = "TET",
        [EXS_TOPO_PYRAMID] = "PYRAMID", [EXS_TOPO_WEDGE] = "WEDGE",
        [EXS_TOPO_HEX] = "HEX",         [EXS_TOPO_NSIDED] = "NSIDED",
        [EXS_TOPO_NFACED] = "NFACED",   [EXS_TOPO_SUPER] = "SUPER",
        [EXS_TOPO_BEX] = "BEX",         [EXS_TOPO_NULL] = "NULL",
    };
    if ((int)t < 0 || (size_t)t >= sizeof names / sizeof names[0])
        return "UNKNOWN";
    return names[t];
}
