/* outset.h - a set of output files written together: all of them or none */
#ifndef OM_OUTSET_H
#define OM_OUTSET_H

#include <stdio.h>

#include "diag.h"

typedef struct outset outset;

/* Files to go into dir (made, with its parents, when missing). Returns new
 * (finish with outset_commit or outset_abort), or NULL with the reason in d. */
outset *outset_create(const char *dir, diags *d);
/* A stream for the file called name in dir; it is a temporary file until commit.
 * borrowed, valid until commit or abort. NULL with the reason in d. */
FILE *outset_open(outset *o, const char *name, diags *d);
/* Close every file and move each into place. On failure nothing is left behind.
 * Frees o and sets it to NULL. Returns 0 or -1. */
int outset_commit(outset **o, diags *d);
/* Remove every temporary file (and dir when it was made here). Accepts NULL. */
void outset_abort(outset **o);

#endif
