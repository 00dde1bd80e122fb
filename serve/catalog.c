/* catalog.c - find the scenario files under the folders served, read and summarise each */
#define _XOPEN_SOURCE 700 /* realpath */
#include "catalog.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "precheck.h"
#include "scenario_in.h"
#include "summary.h"

#define MAX_FILES 2000 /* scenario files listed in all */

static void entry_clear(cat_entry *e)
{
    free(e->name);
    free(e->title);
    free(e->summary);
    for (int i = 0; i < e->n_problems; i++)
        free(e->problems[i]);
    free(e->problems);
    e->name = e->title = e->summary = NULL;
    e->problems = NULL;
    e->n_problems = 0;
}

/* Read the entry's scenario as validate does: its name, title, summary and problems. */
static void entry_read(cat_entry *e)
{
    diags *d = diags_create();
    om_scenario *s = scenario_read(e->path, d);
    if (s)
        precheck_run(s, d);
    size_t n = diags_count(d);
    e->problems = n ? calloc(n, sizeof *e->problems) : NULL;
    for (size_t i = 0; e->problems && i < n; i++) {
        char line[2048];
        diag_format(diags_get(d, i), line, sizeof line);
        if ((e->problems[e->n_problems] = strdup(line)))
            e->n_problems++;
    }
    if (s && !diags_errors(d)) {
        e->name = strdup(s->name);
        e->title = s->title ? strdup(s->title) : NULL;
        size_t len = 0;
        FILE *f = open_memstream(&e->summary, &len);
        if (f && summary_data(f, s) < 0) {
            fclose(f);
            free(e->summary);
            e->summary = NULL;
        } else if (f) {
            fclose(f);
        }
    }
    scenario_destroy(&s);
    diags_destroy(&d);
}

int catalog_add(catalog *c, const char *path, const char *label, bool variant)
{
    if (c->n == c->cap) {
        int cap = c->cap ? 2 * c->cap : 16;
        cat_entry *e = cap <= MAX_FILES ? realloc(c->e, (size_t)cap * sizeof *e) : NULL;
        if (!e)
            return -1;
        c->e = e;
        c->cap = cap;
    }
    cat_entry *e = &c->e[c->n];
    *e = (cat_entry){.path = strdup(path), .label = strdup(label), .variant = variant};
    if (!e->path || !e->label) {
        free(e->path);
        free(e->label);
        return -1;
    }
    entry_read(e);
    return c->n++;
}

void catalog_refresh(catalog *c, int i)
{
    if (i >= 0 && i < c->n) {
        entry_clear(&c->e[i]);
        entry_read(&c->e[i]);
    }
}

const cat_entry *catalog_get(const catalog *c, int i)
{
    return i >= 0 && i < c->n ? &c->e[i] : NULL;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Whether path, links resolved, lies inside the folder root (resolved). */
static bool inside(const char *path, const char *root)
{
    char real[PATH_MAX];
    size_t n = strlen(root);
    return realpath(path, real) && strncmp(real, root, n) == 0 && real[n] == '/';
}

/* Add the *.json files of dir (label: its path below the folder served), and with
 * depth those of the folders in it. */
static void scan(catalog *c, const char *dir, const char *root, const char *shown, int depth,
                 bool variant)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, by_name);
    for (int i = 0; i < n; i++) {
        const char *nm = names[i]->d_name;
        size_t len = strlen(nm);
        char path[PATH_MAX], label[PATH_MAX];
        struct stat st;
        if (nm[0] != '.' && snprintf(path, sizeof path, "%s/%s", dir, nm) < (int)sizeof path &&
            snprintf(label, sizeof label, "%s/%s", shown, nm) < (int)sizeof label &&
            inside(path, root) && stat(path, &st) == 0) {
            if (S_ISREG(st.st_mode) && len > 5 && strcmp(nm + len - 5, ".json") == 0)
                catalog_add(c, path, label, variant);
            else if (S_ISDIR(st.st_mode) && depth > 0)
                scan(c, path, root, label, depth - 1, variant);
        }
        free(names[i]);
    }
    free(names);
}

void catalog_scan(catalog *c, const char *folder, int depth, bool variant)
{
    char root[PATH_MAX];
    size_t len = strlen(folder);
    char *dir = strdup(folder);
    while (dir && len > 1 && dir[len - 1] == '/')
        dir[--len] = '\0';
    if (dir && realpath(dir, root))
        scan(c, dir, root, dir, depth, variant);
    free(dir);
}

catalog *catalog_create(char **dirs, int n)
{
    catalog *c = calloc(1, sizeof *c);
    for (int i = 0; c && i < n; i++)
        catalog_scan(c, dirs[i], 1, false);
    return c;
}

void catalog_destroy(catalog **cp)
{
    catalog *c = *cp;
    if (!c)
        return;
    for (int i = 0; i < c->n; i++) {
        entry_clear(&c->e[i]);
        free(c->e[i].path);
        free(c->e[i].label);
    }
    free(c->e);
    free(c);
    *cp = NULL;
}
