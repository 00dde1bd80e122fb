/* routes.h - which page answers which request */
#ifndef OM_SERVE_ROUTES_H
#define OM_SERVE_ROUTES_H

#include "catalog.h"
#include "http.h"
#include "jobs.h"

typedef struct {
    catalog *cat;
    jobs *js;
    const char *out;      /* the output folder: plans in OUT/<name>, variants, comparisons */
    const char *variants; /* OUT/variants */
    const cli_opts *opts;
} serve_ctx;

/* The http_handler of the server (ctx: a serve_ctx). */
void routes_handle(void *ctx, const http_req *rq, http_resp *rs);

#endif
