/* test_entity_index -- entities are found by id through the list's sorted
 * index (src/util.c) however the ids come: defined out of order, looked up
 * between definitions (the index is then extended, not rebuilt), after a
 * reopen (built once from the scan), and unknown ids are EXS_ENOTFOUND. */
#include <stdint.h>
#include <stdio.h>

#include "exs_test.h"

#define NBLK 300

/* Distinct, scrambled ids in [1, 1000]: 7919 is prime to 1000. */
static int64_t id_of(int i) { return (int64_t)(i * 7919 % 1000) + 1; }

static void write_blocks(const char *path)
{
    exs_file *f = NULL;
    char name[32];
    EXS_OK(f, exs_create(path, NULL, &f));
    if (!f)
        return;
    EXS_OK(f, exs_def_mesh(f, "index", 3, NBLK));
    for (int i = 0; i < NBLK; i++) {
        snprintf(name, sizeof name, "b%d", i);
        exs_block_def b = {id_of(i), "SPHERE", 1, 1, 0, 0, 0, name};
        EXS_OK(f, exs_def_block(f, EXS_ELEM_BLOCK, &b));
        EXS_ASSERT_RC(exs_def_block(f, EXS_ELEM_BLOCK, &b), EXS_EDEFINED);
        if (i % 7 == 3) /* a lookup between definitions: the index grows */
            EXS_OK(f, exs_put_name(f, EXS_ELEM_BLOCK, id_of(i / 2), name));
    }
    EXS_ASSERT_RC(exs_put_name(f, EXS_ELEM_BLOCK, 1001, "x"), EXS_ENOTFOUND);
    for (int a = 0; a < 3; a++) {
        double zero[NBLK] = {0};
        EXS_OK(f, exs_put_coord(f, a, 0, NBLK, EXS_F64, zero));
    }
    for (int i = NBLK - 1; i >= 0; i--) {
        int64_t node = i + 1;
        EXS_OK(f, exs_put_conn(f, EXS_ELEM_BLOCK, id_of(i), EXS_CONN_NODES, 0, 1,
                               EXS_I64, &node));
    }
    EXS_OK(f, exs_close(f));
}

/* Every block where the definitions put it; its node says which it is. */
static void check_blocks(const char *path)
{
    exs_file *f = NULL;
    exs_entity_info in;
    EXS_OK(f, exs_open(path, EXS_READ, &f));
    if (!f)
        return;
    for (int i = 0; i < NBLK; i++) {
        int64_t node = 0;
        EXS_OK(f, exs_get_entity(f, EXS_ELEM_BLOCK, id_of(i), &in));
        EXS_ASSERT_EQ(in.id, id_of(i));
        EXS_ASSERT_EQ(in.index, i + 1);
        EXS_ASSERT_EQ(in.offset, i);
        EXS_OK(f, exs_get_conn(f, EXS_ELEM_BLOCK, id_of(i), EXS_CONN_NODES, 0, 1,
                               EXS_I64, &node));
        EXS_ASSERT_EQ(node, i + 1);
    }
    /* the renamed ones carry the name of the definition that renamed them */
    EXS_OK(f, exs_get_entity(f, EXS_ELEM_BLOCK, id_of(1), &in));
    EXS_ASSERT_STREQ(in.name, "b3");
    const int64_t unknown[] = {0, -1, 1001, INT64_MAX, INT64_MIN};
    for (size_t u = 0; u < sizeof unknown / sizeof *unknown; u++)
        EXS_ASSERT_RC(exs_get_entity(f, EXS_ELEM_BLOCK, unknown[u], &in), EXS_ENOTFOUND);
    EXS_OK(f, exs_close(f));
}

int main(void)
{
    char path[512];
    exs_test_tmp_path(path, sizeof path, "entity_index.exo");
    write_blocks(path);
    check_blocks(path);
    remove(path);
    return EXS_TEST_END();
}
