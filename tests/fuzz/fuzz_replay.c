/*
 * fuzz_replay.c -- run the fuzz target on files, without libFuzzer: the
 * regression inputs (and the corpus) in every build, under whatever
 * sanitizers that build has.
 *
 *   fuzz_replay [--expect CODE] [--max-size BYTES] [--corpus DIR] FILE|DIR...
 *
 * --corpus DIR is a directory that may be missing: then the run is skipped
 * (exit 77, CTest's SKIP_RETURN_CODE) and says so.
 * A directory is walked one level deep (files over --max-size skipped).
 * With --expect, every input's open must return CODE (an EXS_E* number,
 * 0 included); without it, any code passes and only a crash fails.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "exoslab.h"
#include "fuzz_open.h"

typedef struct replay {
    int check;
    int expect;
    long long max_size;
    int runs;
    int failures;
} replay;

static unsigned char *slurp(const char *path, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    unsigned char *buf = NULL;
    long n;
    if (!fp)
        return NULL;
    if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
        fseek(fp, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL &&
        fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        *size = (size_t)n;
    fclose(fp);
    return buf;
}

static void replay_file(replay *r, const char *path)
{
    size_t size = 0;
    unsigned char *data = slurp(path, &size);
    if (!data) {
        fprintf(stderr, "fuzz_replay: cannot read %s\n", path);
        r->failures++;
        return;
    }
    int rc = exs_fuzz_one(data, size);
    free(data);
    r->runs++;
    printf("%s: %zu bytes: %d (%s)\n", path, size, rc, exs_errname(rc));
    if (r->check && rc != r->expect) {
        fprintf(stderr, "fuzz_replay: %s: expected %d (%s), got %d (%s)\n", path,
                r->expect, exs_errname(r->expect), rc, exs_errname(rc));
        r->failures++;
    }
}

static void replay_dir(replay *r, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];
    struct stat st;
    if (!d) {
        r->failures++;
        return;
    }
    while ((e = readdir(d)) != NULL) {
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (e->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
            st.st_size <= r->max_size)
            replay_file(r, path);
    }
    closedir(d);
}

int main(int argc, char **argv)
{
    replay r = {.max_size = 1LL << 40};
    struct stat st;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--expect") == 0 && i + 1 < argc) {
            r.check = 1;
            r.expect = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--max-size") == 0 && i + 1 < argc) {
            r.max_size = atoll(argv[++i]);
        } else if (strcmp(argv[i], "--corpus") == 0 && i + 1 < argc) {
            if (stat(argv[++i], &st) != 0 || !S_ISDIR(st.st_mode)) {
                printf("fuzz_replay: SKIP: no corpus at %s\n", argv[i]);
                return 77;
            }
            replay_dir(&r, argv[i]);
        } else if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            replay_dir(&r, argv[i]);
        } else {
            replay_file(&r, argv[i]);
        }
    }
    printf("fuzz_replay: %d inputs, %d failures\n", r.runs, r.failures);
    return r.failures || r.runs == 0 ? 1 : 0;
}
