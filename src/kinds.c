/* kinds.c -- how each entity kind is spelled in an Exodus II file, and the
 * element type vocabulary. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* One row per kind, every field named; a field a kind lacks is NULL.
 * `total`: which mesh-wide count the kind's entries number (exsi_kind_total). */
const exsi_core_kind_desc exsi_kind_kinds[EXS_NUM_KINDS] = {
    [EXS_NODAL] = {
        .label = "nodal",
        .total_dim = "num_nodes",
        .nvar_dim = "num_nod_var",
        .var_names = "name_nod_var",
        .var_vals = "vals_nod_var%lld",
        .attr_var = "nattrb",
        .attr_dim = "num_att_in_nblk",
        .attr_names = "nattrib_name",
        .total = EXS_TOTAL_NODES,
    },
    [EXS_GLOBAL] = {
        .label = "global",
        .nvar_dim = "num_glo_var",
        .var_names = "name_glo_var",
        .var_vals = "vals_glo_var",
    },
    [EXS_ELEM_BLOCK] = {
        .label = "element block",
        .count_dim = "num_el_blk",
        .prop_fmt = "eb_prop%lld",
        .status_var = "eb_status",
        .names_var = "eb_names",
        .entry_dim = "num_el_in_blk%lld",
        .npe_dim = "num_nod_per_el%lld",
        .conn_var = "connect%lld",
        .attr_var = "attrib%lld",
        .attr_dim = "num_att_in_blk%lld",
        .attr_names = "attrib_name%lld",
        .epec_var = "ebepecnt%lld",
        .nvar_dim = "num_elem_var",
        .var_names = "name_elem_var",
        .var_tab = "elem_var_tab",
        .var_vals = "vals_elem_var%lldeb%lld",
        .total_dim = "num_elem",
        .total = EXS_TOTAL_ELEM,
    },
    [EXS_EDGE_BLOCK] = {
        .label = "edge block",
        .count_dim = "num_ed_blk",
        .prop_fmt = "ed_prop%lld",
        .status_var = "ed_status",
        .names_var = "ed_names",
        .entry_dim = "num_ed_in_blk%lld",
        .npe_dim = "num_nod_per_ed%lld",
        .conn_var = "ebconn%lld",
        .attr_var = "eattrb%lld",
        .attr_dim = "num_att_in_eblk%lld",
        .attr_names = "eattrib_name%lld",
        .nvar_dim = "num_edge_var",
        .var_names = "name_edge_var",
        .var_tab = "edge_var_tab",
        .var_vals = "vals_edge_var%lldeb%lld",
        .total_dim = "num_edge",
        .total = EXS_TOTAL_EDGE,
    },
    [EXS_FACE_BLOCK] = {
        .label = "face block",
        .count_dim = "num_fa_blk",
        .prop_fmt = "fa_prop%lld",
        .status_var = "fa_status",
        .names_var = "fa_names",
        .entry_dim = "num_fa_in_blk%lld",
        .npe_dim = "num_nod_per_fa%lld",
        .conn_var = "fbconn%lld",
        .attr_var = "fattrb%lld",
        .attr_dim = "num_att_in_fblk%lld",
        .attr_names = "fattrib_name%lld",
        .epec_var = "fbepecnt%lld",
        .nvar_dim = "num_face_var",
        .var_names = "name_face_var",
        .var_tab = "face_var_tab",
        .var_vals = "vals_face_var%lldfb%lld",
        .total_dim = "num_face",
        .total = EXS_TOTAL_FACE,
    },
    [EXS_NODE_SET] = {
        .label = "node set",
        .count_dim = "num_node_sets",
        .prop_fmt = "ns_prop%lld",
        .status_var = "ns_status",
        .names_var = "ns_names",
        .entry_dim = "num_nod_ns%lld",
        .conn_var = "node_ns%lld",
        .df_var = "dist_fact_ns%lld",
        .attr_var = "nsattrb%lld",
        .attr_dim = "num_att_in_ns%lld",
        .attr_names = "nsattrib_name%lld",
        .nvar_dim = "num_nset_var",
        .var_names = "name_nset_var",
        .var_tab = "nset_var_tab",
        .var_vals = "vals_nset_var%lldns%lld",
        .total = EXS_TOTAL_NODES,
    },
    [EXS_SIDE_SET] = {
        .label = "side set",
        .count_dim = "num_side_sets",
        .prop_fmt = "ss_prop%lld",
        .status_var = "ss_status",
        .names_var = "ss_names",
        .entry_dim = "num_side_ss%lld",
        .conn_var = "elem_ss%lld",
        .extra_var = "side_ss%lld",
        .df_var = "dist_fact_ss%lld",
        .attr_var = "ssattrb%lld",
        .attr_dim = "num_att_in_ss%lld",
        .attr_names = "ssattrib_name%lld",
        .nvar_dim = "num_sset_var",
        .var_names = "name_sset_var",
        .var_tab = "sset_var_tab",
        .var_vals = "vals_sset_var%lldss%lld",
        .total = EXS_TOTAL_ELEM,
    },
    [EXS_EDGE_SET] = {
        .label = "edge set",
        .count_dim = "num_edge_sets",
        .prop_fmt = "es_prop%lld",
        .status_var = "es_status",
        .names_var = "es_names",
        .entry_dim = "num_edge_es%lld",
        .conn_var = "edge_es%lld",
        .extra_var = "ornt_es%lld",
        .df_var = "dist_fact_es%lld",
        .attr_var = "esattrb%lld",
        .attr_dim = "num_att_in_es%lld",
        .attr_names = "esattrib_name%lld",
        .nvar_dim = "num_eset_var",
        .var_names = "name_eset_var",
        .var_tab = "eset_var_tab",
        .var_vals = "vals_eset_var%lldes%lld",
        .total = EXS_TOTAL_EDGE,
    },
    [EXS_FACE_SET] = {
        .label = "face set",
        .count_dim = "num_face_sets",
        .prop_fmt = "fs_prop%lld",
        .status_var = "fs_status",
        .names_var = "fs_names",
        .entry_dim = "num_face_fs%lld",
        .conn_var = "face_fs%lld",
        .extra_var = "ornt_fs%lld",
        .df_var = "dist_fact_fs%lld",
        .attr_var = "fsattrb%lld",
        .attr_dim = "num_att_in_fs%lld",
        .attr_names = "fsattrib_name%lld",
        .nvar_dim = "num_fset_var",
        .var_names = "name_fset_var",
        .var_tab = "fset_var_tab",
        .var_vals = "vals_fset_var%lldfs%lld",
        .total = EXS_TOTAL_FACE,
    },
    [EXS_ELEM_SET] = {
        .label = "element set",
        .count_dim = "num_elem_sets",
        .prop_fmt = "els_prop%lld",
        .status_var = "els_status",
        .names_var = "els_names",
        .entry_dim = "num_ele_els%lld",
        .conn_var = "elem_els%lld",
        .df_var = "dist_fact_els%lld",
        .attr_var = "elsattrb%lld",
        .attr_dim = "num_att_in_els%lld",
        .attr_names = "elsattrib_name%lld",
        .nvar_dim = "num_elset_var",
        .var_names = "name_elset_var",
        .var_tab = "elset_var_tab",
        .var_vals = "vals_elset_var%lldes%lld",
        .total = EXS_TOTAL_ELEM,
    },
    [EXS_NODE_MAP] = {
        .label = "node map",
        .count_dim = "num_node_maps",
        .prop_fmt = "nm_prop%lld",
        .names_var = "nmap_names",
        .conn_var = "node_map%lld",
        .total_dim = "num_nodes",
        .id_map = "node_num_map",
        .total = EXS_TOTAL_NODES,
    },
    [EXS_EDGE_MAP] = {
        .label = "edge map",
        .count_dim = "num_edge_maps",
        .prop_fmt = "edm_prop%lld",
        .names_var = "edmap_names",
        .conn_var = "edge_map%lld",
        .total_dim = "num_edge",
        .id_map = "edge_num_map",
        .total = EXS_TOTAL_EDGE,
    },
    [EXS_FACE_MAP] = {
        .label = "face map",
        .count_dim = "num_face_maps",
        .prop_fmt = "fam_prop%lld",
        .names_var = "famap_names",
        .conn_var = "face_map%lld",
        .total_dim = "num_face",
        .id_map = "face_num_map",
        .total = EXS_TOTAL_FACE,
    },
    [EXS_ELEM_MAP] = {
        .label = "element map",
        .count_dim = "num_elem_maps",
        .prop_fmt = "em_prop%lld",
        .names_var = "emap_names",
        .conn_var = "elem_map%lld",
        .total_dim = "num_elem",
        .id_map = "elem_num_map",
        .total = EXS_TOTAL_ELEM,
    },
};

const char *const exsi_core_coord_vars[3] = {"coordx", "coordy", "coordz"};

int64_t *exsi_kind_total_ref(exs_file *f, exs_kind k)
{
    if (!f || !exsi_core_kind_valid((int)k))
        return NULL;
    switch (exsi_kind_kinds[k].total) {
    case EXS_TOTAL_NODES:
        return &f->num_nodes;
    case EXS_TOTAL_ELEM:
        return &f->num_elem;
    case EXS_TOTAL_EDGE:
        return &f->num_edge;
    case EXS_TOTAL_FACE:
        return &f->num_face;
    default:
        return NULL;
    }
}

int64_t exsi_kind_total(const exs_file *f, exs_kind k)
{
    /* The same fields, read only. */
    const int64_t *n = exsi_kind_total_ref((exs_file *)f, k);
    return n ? *n : 0;
}

int exsi_kind_fmt_name(char *buf, size_t cap, const char *fmt, int64_t a, int64_t b)
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
