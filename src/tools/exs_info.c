/* exs_info -- print what an Exodus II file holds. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exoslab.h"

static const char *const kind_names[EXS_NUM_KINDS] = {
    "nodal", "global", "element block", "edge block", "face block",
    "node set", "side set", "edge set", "face set", "element set",
    "node map", "edge map", "face map", "element map"};

static const char *const format_names[] = {"default", "classic (CDF-1)",
                                           "64-bit offset (CDF-2)", "CDF-5",
                                           "netCDF-4", "netCDF-4 classic model"};

static void print_entities(exs_file *f, exs_kind k)
{
    int64_t n = 0;
    exs_num_entities(f, k, &n);
    if (n == 0)
        return;
    int64_t *ids = malloc((size_t)n * sizeof *ids);
    if (!ids)
        return;
    exs_get_ids(f, k, ids);
    printf("%ss: %" PRId64 "\n", kind_names[k], n);
    for (int64_t i = 0; i < n; i++) {
        exs_entity_info e;
        if (exs_get_entity(f, k, ids[i], &e) != 0)
            continue;
        printf("  id %-6" PRId64 " %-20s entries %-8" PRId64, e.id,
               e.name[0] ? e.name : "-", e.num_entries);
        if (k == EXS_ELEM_BLOCK || k == EXS_EDGE_BLOCK || k == EXS_FACE_BLOCK)
            printf(" type %s (%s) nodes/entry %" PRId64 " attrs %" PRId64, e.type,
                   exs_topo_name(e.topo), e.nodes_per_entry, e.num_attr);
        else if (e.num_df)
            printf(" dist. factors %" PRId64, e.num_df);
        printf("\n");
    }
    free(ids);
}

static void print_vars(exs_file *f, exs_kind k)
{
    int n = 0;
    if (exs_num_vars(f, k, &n) != 0 || n == 0)
        return;
    printf("%s variables: %d:", kind_names[k], n);
    for (int v = 0; v < n; v++) {
        const char *name;
        exs_get_var_name(f, k, v, &name);
        printf(" %s", name);
    }
    printf("\n");
}

static void usage(FILE *out, const char *prog)
{
    fprintf(out,
            "Usage: %s [--] FILE...\n"
            "\n"
            "Print what each Exodus II FILE holds: format, dimension, node, element\n"
            "and time-step counts, blocks with their element types, sets, maps and\n"
            "variable names. Exit status: 0, 1 if a file could not be read, 2 for a\n"
            "usage error.\n"
            "\n"
            "  -h, --help     this text\n"
            "  -V, --version  the exoslab library version\n"
            "  --             the arguments that follow are file names\n"
            "\n"
            "The Python command `exoslab info` prints more (chunking, compression)\n"
            "and JSON with --json.\n",
            prog);
}

/* 0: files start at *first; -1: done (help/version printed); 2: usage error. */
static int parse_options(int argc, char **argv, int *first)
{
    int a = 1;
    for (; a < argc && argv[a][0] == '-' && argv[a][1] != '\0'; a++) {
        if (strcmp(argv[a], "--") == 0) {
            a++;
            break;
        }
        if (strcmp(argv[a], "-h") == 0 || strcmp(argv[a], "--help") == 0) {
            usage(stdout, argv[0]);
            return -1;
        }
        if (strcmp(argv[a], "-V") == 0 || strcmp(argv[a], "--version") == 0) {
            printf("exs_info (exoslab %s)\n", exs_version_string());
            return -1;
        }
        fprintf(stderr, "%s: unknown option '%s' (see %s --help)\n", argv[0],
                argv[a], argv[0]);
        return 2;
    }
    if (a >= argc) {
        fprintf(stderr, "%s: no FILE given (see %s --help)\n", argv[0], argv[0]);
        return 2;
    }
    *first = a;
    return 0;
}

int main(int argc, char **argv)
{
    int status = 0, first = 1;
    int prc = parse_options(argc, argv, &first);
    if (prc != 0)
        return prc < 0 ? 0 : prc;
    for (int a = first; a < argc; a++) {
        exs_file *f;
        char msg[512];
        int rc = exs_open_err(argv[a], EXS_READ, &f, msg, sizeof msg);
        if (rc != 0) {
            fprintf(stderr, "%s\n", msg);
            status = 1;
            continue;
        }
        const char *title;
        int64_t v[EXS_INQ_COUNT_] = {0};
        for (int q = 0; q < EXS_INQ_COUNT_; q++)
            exs_inquire(f, (exs_inq)q, &v[q]);
        exs_get_title(f, &title);
        printf("%s\n  title \"%s\"\n  format %s, %" PRId64 "-D, %" PRId64
               " nodes, %" PRId64 " elements, %" PRId64 " time steps, name length %"
               PRId64 ", %s\n",
               argv[a], title, format_names[v[EXS_INQ_FORMAT]], v[EXS_INQ_NUM_DIM],
               v[EXS_INQ_NUM_NODES], v[EXS_INQ_NUM_ELEM], v[EXS_INQ_NUM_TIMES],
               v[EXS_INQ_NAME_LEN], v[EXS_INQ_HAS_MESH] ? "mesh" : "no mesh");
        for (int k = EXS_ELEM_BLOCK; k < EXS_NUM_KINDS; k++)
            print_entities(f, (exs_kind)k);
        for (int k = 0; k < EXS_NUM_KINDS; k++)
            print_vars(f, (exs_kind)k);
        exs_close(f);
    }
    return status;
}
