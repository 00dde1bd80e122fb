/* csv_floor.c - the floor of reading: libcsv parses the files and stores nothing */
/*
 * Usage: csv_floor FILE...
 * Feeds each file to libcsv (CSV_STRICT | CSV_STRICT_FINI, the options omfordel's reader
 * uses) in 1 MiB blocks; the callbacks only count. Prints "FILE: N rows, M fields" per
 * file. This is what `make bench` compares `omfordel validate` with: no reader built on
 * libcsv can be faster than libcsv itself.
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCK = 1 << 20 };

typedef struct {
    unsigned long rows;
    unsigned long fields;
    size_t bytes; /* summed so that the callbacks touch their data */
} counts;

static void on_field(void *s, size_t len, void *info)
{
    counts *c = info;
    (void)s;
    c->fields++;
    c->bytes += len;
}

static void on_row(int term, void *info)
{
    counts *c = info;
    (void)term;
    c->rows++;
}

static int parse_file(const char *path, char *buf)
{
    struct csv_parser p;
    counts c = {0, 0, 0};
    int rc = 1;
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "csv_floor: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        fprintf(stderr, "csv_floor: out of memory\n");
        fclose(f);
        return 1;
    }
    size_t n;
    while ((n = fread(buf, 1, BLOCK, f)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_row, &c) != n) {
            fprintf(stderr, "csv_floor: %s: %s\n", path, csv_strerror(csv_error(&p)));
            goto out;
        }
    }
    if (ferror(f)) {
        fprintf(stderr, "csv_floor: %s: read error\n", path);
        goto out;
    }
    if (csv_fini(&p, on_field, on_row, &c) != 0) {
        fprintf(stderr, "csv_floor: %s: %s\n", path, csv_strerror(csv_error(&p)));
        goto out;
    }
    printf("%s: %lu rows, %lu fields, %zu bytes in fields\n", path, c.rows, c.fields, c.bytes);
    rc = 0;
out:
    csv_free(&p);
    fclose(f);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: csv_floor FILE...\n");
        return 2;
    }
    char *buf = malloc(BLOCK);
    if (!buf) {
        fprintf(stderr, "csv_floor: out of memory\n");
        return 1;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++)
        rc |= parse_file(argv[i], buf);
    free(buf);
    return rc;
}
