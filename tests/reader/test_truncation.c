/*
 * test_truncation -- every classic (CDF-1/2/5) corpus file, cut short at
 * each offset class, is refused at open with EXS_ECORRUPT and a message;
 * the whole file opens. Offset classes: inside the header (a quarter of
 * the way to the data), the last byte, the last 4 bytes (one padded
 * value), the last 0.1 %, 1 %, 10 % and half of the file. The cut copies
 * live in the test scratch directory; the corpus is only read.
 */
#include <dirent.h>
#include <unistd.h>

#include "exs_test.h"

#define NCUTS 7

static int is_classic(const char *path, unsigned char *version)
{
    unsigned char b[4] = {0};
    FILE *fp = fopen(path, "rb");
    size_t n = fp ? fread(b, 1, 4, fp) : 0;
    if (fp)
        fclose(fp);
    *version = b[3];
    return n == 4 && memcmp(b, "CDF", 3) == 0;
}

static unsigned char *slurp(const char *path, long *n)
{
    FILE *fp = fopen(path, "rb");
    unsigned char *b = NULL;
    if (fp && fseek(fp, 0, SEEK_END) == 0 && (*n = ftell(fp)) > 0 &&
        fseek(fp, 0, SEEK_SET) == 0 && (b = malloc((size_t)*n)) &&
        fread(b, 1, (size_t)*n, fp) != (size_t)*n) {
        free(b);
        b = NULL;
    }
    if (fp)
        fclose(fp);
    return b;
}

static int cut_and_open(const unsigned char *b, long keep, const char *tmp,
                        char *msg, size_t cap)
{
    exs_file *f = NULL;
    FILE *fp = fopen(tmp, "wb");
    if (!fp || fwrite(b, 1, (size_t)keep, fp) != (size_t)keep || fclose(fp) != 0)
        return 1;
    int rc = exs_open_err(tmp, EXS_READ, &f, msg, cap);
    exs_close(f);
    return rc;
}

static int sweep(const char *path, const char *tmp, int *refused)
{
    long n = 0;
    char msg[512];
    exs_file *f = NULL;
    unsigned char *b = slurp(path, &n);
    if (!b)
        return 0;
    EXS_OK(f, exs_open_err(path, EXS_READ, &f, msg, sizeof msg));
    exs_close(f);
    long cuts[NCUTS] = {n / 4 < 300 ? n / 4 : 300, n - 1, n - 4, n - n / 1000 - 1,
                        n - n / 100 - 1, n - n / 10, n / 2};
    for (int c = 0; c < NCUTS; c++) {
        int rc = cut_and_open(b, cuts[c], tmp, msg, sizeof msg);
        exs_test_checks++;
        if (rc != EXS_ECORRUPT || !msg[0])
            EXS_FAIL_("%s cut to %ld of %ld bytes: %s (%s), expected EXS_ECORRUPT",
                      path, cuts[c], n, exs_errname(rc), msg);
        else
            (*refused)++;
        /* A cut in the data must name both sizes. */
        if (c >= 1 && c <= 2 && rc == EXS_ECORRUPT)
            EXS_ASSERT(strstr(msg, "need") && strstr(msg, "bytes but the file has"));
    }
    free(b);
    return NCUTS;
}

int main(void)
{
    const char *dir = exs_test_corpus_dir();
    char tmp[4096], path[4096];
    DIR *d = opendir(dir);
    int files = 0, cuts = 0, refused = 0;
    if (!d) {
        printf("test_truncation: corpus %s not found: skipped\n", dir);
        return 0;
    }
    exs_test_tmp_path(tmp, sizeof tmp, "truncation_cut.exo");
    for (struct dirent *e; (e = readdir(d));) {
        unsigned char v;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (e->d_name[0] == '.' || !is_classic(path, &v) || (v != 1 && v != 2 && v != 5))
            continue;
        files++;
        cuts += sweep(path, tmp, &refused);
    }
    closedir(d);
    remove(tmp);
    EXS_ASSERT(files > 0);
    printf("test_truncation: %d classic files, %d cuts, %d refused\n", files, cuts,
           refused);
    return EXS_TEST_END();
}
