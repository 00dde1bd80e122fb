/* catalog.h - the scenario files the server found: the only paths a request can name */
#ifndef OM_SERVE_CATALOG_H
#define OM_SERVE_CATALOG_H

#include <stdbool.h>

typedef struct {
    char *path;      /* as found: DIR/file.json or DIR/sub/file.json */
    char *label;     /* the path shown to people */
    char *name;      /* the scenario's name, NULL when it cannot be read */
    char *title;     /* NULL when none */
    char *summary;   /* validate's summary of the data, NULL when it cannot be read */
    char **problems; /* errors and warnings, each "file:line:col: error: text" */
    int n_problems;
    bool variant; /* made by this server, in its output folder */
} cat_entry;

typedef struct {
    cat_entry *e;
    int n, cap;
} catalog;

/* The *.json files in each folder and in the folders just below it; a link is followed
 * only when it stays inside the folder. Returns new (caller frees), or NULL. */
catalog *catalog_create(char **dirs, int n);
/* Add the *.json files of dir (and with depth, of the folders in it), marked variant. */
void catalog_scan(catalog *c, const char *dir, int depth, bool variant);
void catalog_destroy(catalog **c);
/* Add one file (read and summarised now). Returns its index, or -1. */
int catalog_add(catalog *c, const char *path, const char *label, bool variant);
/* Read the entry's file again (after it changed). */
void catalog_refresh(catalog *c, int i);
/* The entry of index i, or NULL. Borrowed. */
const cat_entry *catalog_get(const catalog *c, int i);

#endif
