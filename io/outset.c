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
    char *old;     /* the file that stood at final, kept here until commit succeeds */
    bool had_old;  /* whether final existed and now has a link at old */
    bool replaced; /* whether tmp has been renamed onto final */
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
    size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 3;
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
        diags_add(d, DIAG_INTERNAL, dir, 0, 0, NULL, "cannot make the folder: %s",
                  errno == ENOMEM ? "out of memory" : strerror(errno));
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
    /* ".NAME.XXXXXX" and ".NAME.old": hidden names in the same folder, so that
     * rename stays within one file system */
    *f = (outfile){.tmp = join(o->dir, ".", name), .final = join(o->dir, name, "")};
    char *tmp = f->tmp ? join(o->dir, strrchr(f->tmp, '/') + 1, ".XXXXXX") : NULL;
    f->old = f->tmp ? join(o->dir, strrchr(f->tmp, '/') + 1, ".old") : NULL;
    free(f->tmp);
    f->tmp = tmp;
    if (!f->tmp || !f->final || !f->old) {
        free(f->tmp);
        free(f->final);
        free(f->old);
        goto oom;
    }
    /* mkstemp makes 0600; the file gets what the umask allows (see --umask) */
    int fd = mkstemp(tmp);
    if (fd >= 0) {
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
        free(f->old);
        return NULL;
    }
    o->n++;
    return f->f;
oom:
    diags_add(d, DIAG_INTERNAL, o->dir, 0, 0, NULL, "out of memory");
    return NULL;
}

static void fail(diags *d, const char *path)
{
    diags_add(d, DIAG_INTERNAL, path, 0, 0, NULL, "cannot write: %s",
              errno ? strerror(errno) : "input/output error");
}

int outset_commit(outset **op, diags *d)
{
    outset *o = *op;
    int rc = 0;
    for (int i = 0; i < o->n; i++) {
        FILE *f = o->files[i].f;
        o->files[i].f = NULL;
        errno = 0;
        if (ferror(f) | fflush(f) | fsync(fileno(f)) | fclose(f)) {
            fail(d, o->files[i].final);
            rc = -1;
        }
    }
    /* keep a link to each file the set replaces, so that a failed rename can put
     * them back */
    for (int i = 0; rc == 0 && i < o->n; i++) {
        outfile *f = &o->files[i];
        struct stat st;
        unlink(f->old);
        if (lstat(f->final, &st) == 0 && S_ISDIR(st.st_mode)) {
            diags_add(d, DIAG_INTERNAL, f->final, 0, 0, NULL,
                      "cannot write: a folder of that name is in the way");
            rc = -1;
        } else if (lstat(f->final, &st) == 0 && !S_ISREG(st.st_mode)) {
            /* a rename would put a file where a device, pipe or link was
             * (-o /dev/null as root would replace the device itself) */
            diags_add(d, DIAG_INTERNAL, f->final, 0, 0, NULL,
                      "cannot write: not a regular file (a device, a pipe or a symbolic link)");
            rc = -1;
        } else
            /* no link on some file systems (FAT): then that file cannot be put back */
            f->had_old = link(f->final, f->old) == 0;
    }
    for (int i = 0; rc == 0 && i < o->n; i++) {
        if (rename(o->files[i].tmp, o->files[i].final) < 0) {
            fail(d, o->files[i].final);
            rc = -1;
        } else
            o->files[i].replaced = true;
    }
    for (int i = 0; i < o->n; i++) {
        outfile *f = &o->files[i];
        if (rc < 0 && f->replaced && f->had_old)
            rename(f->old, f->final); /* the previous file is back */
        else if (rc < 0 && f->replaced)
            unlink(f->final); /* there was none */
        else if (f->had_old)
            unlink(f->old); /* done with, or never replaced */
        if (f->replaced) {
            free(f->tmp);
            f->tmp = NULL;
        }
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
        free(o->files[i].old);
    }
    if (o->made_dir)
        rmdir(o->dir);
    free(o->files);
    free(o->dir);
    free(o);
    *op = NULL;
}
