/* outset.c - write each file to a temporary name beside its place, rename all at the end */
#include "outset.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char *tmp, *final;
    FILE *f;
} outfile;

struct outset {
    char *dir;
    bool made_dir;
    outfile *files;
    int n;
};

static char *join(const char *dir, const char *name, const char *suffix)
{
    size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s%s", dir, name, suffix);
    return p;
}

/* mkdir -p; returns 0, or -1 with errno set. */
static int make_dirs(const char *dir)
{
    char *p = strdup(dir);
    if (!p)
        return -1;
    for (char *q = p + 1; *q; q++) {
        if (*q != '/')
            continue;
        *q = '\0';
        if (mkdir(p, 0777) < 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *q = '/';
    }
    int rc = mkdir(p, 0777) < 0 && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

outset *outset_create(const char *dir, diags *d)
{
    outset *o = calloc(1, sizeof *o);
    if (!o || !(o->dir = strdup(dir))) {
        free(o);
        diags_add(d, DIAG_INTERNAL, dir, 0, 0, NULL, "out of memory");
        return NULL;
    }
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            diags_add(d, DIAG_INTERNAL, dir, 0, 0, NULL, "exists and is not a folder");
            outset_abort(&o);
        }
        return o;
    }
    if (make_dirs(dir) < 0) {
        diags_add(d, DIAG_INTERNAL, dir, 0, 0, NULL, "cannot make the folder: %s", strerror(errno));
        outset_abort(&o);
        return NULL;
    }
    o->made_dir = true;
    return o;
}

FILE *outset_open(outset *o, const char *name, diags *d)
{
    outfile *more = realloc(o->files, ((size_t)o->n + 1) * sizeof(outfile));
    if (!more)
        goto oom;
    o->files = more;
    outfile *f = &o->files[o->n];
    *f = (outfile){join(o->dir, ".", name), join(o->dir, name, ""), NULL};
    if (!f->tmp || !f->final) {
        free(f->tmp);
        free(f->final);
        goto oom;
    }
    /* ".NAME" + ".XXXXXX": a hidden temporary name in the same folder */
    char *tmp = join(o->dir, strrchr(f->tmp, '/') + 1, ".XXXXXX");
    free(f->tmp);
    f->tmp = tmp;
    int fd = tmp ? mkstemp(tmp) : -1;
    if (fd >= 0) { /* mkstemp makes 0600; the result should read like any new file */
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    if (fd < 0 || !(f->f = fdopen(fd, "wb"))) {
        diags_add(d, DIAG_INTERNAL, f->final, 0, 0, NULL, "cannot write: %s", strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        free(f->tmp);
        free(f->final);
        return NULL;
    }
    o->n++;
    return f->f;
oom:
    diags_add(d, DIAG_INTERNAL, o->dir, 0, 0, NULL, "out of memory");
    return NULL;
}

int outset_commit(outset **op, diags *d)
{
    outset *o = *op;
    int rc = 0;
    for (int i = 0; i < o->n; i++) {
        FILE *f = o->files[i].f;
        o->files[i].f = NULL;
        if (ferror(f) | fflush(f) | fsync(fileno(f)) | fclose(f)) {
            diags_add(d, DIAG_INTERNAL, o->files[i].final, 0, 0, NULL, "cannot write: %s",
                      strerror(errno));
            rc = -1;
        }
    }
    for (int i = 0; rc == 0 && i < o->n; i++)
        if (rename(o->files[i].tmp, o->files[i].final) < 0) {
            diags_add(d, DIAG_INTERNAL, o->files[i].final, 0, 0, NULL, "cannot write: %s",
                      strerror(errno));
            rc = -1;
        } else {
            free(o->files[i].tmp);
            o->files[i].tmp = NULL;
        }
    if (rc == 0)
        o->made_dir = false; /* the folder is the result now */
    outset_abort(op);
    return rc;
}

void outset_abort(outset **op)
{
    if (!op || !*op)
        return;
    outset *o = *op;
    for (int i = 0; i < o->n; i++) {
        if (o->files[i].f)
            fclose(o->files[i].f);
        if (o->files[i].tmp)
            unlink(o->files[i].tmp);
        free(o->files[i].tmp);
        free(o->files[i].final);
    }
    if (o->made_dir)
        rmdir(o->dir);
    free(o->files);
    free(o->dir);
    free(o);
    *op = NULL;
}
