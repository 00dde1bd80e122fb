/* pages.h - the server's HTML pages: rendered here, no external assets */
#ifndef OM_SERVE_PAGES_H
#define OM_SERVE_PAGES_H

#include <stdio.h>

#include "catalog.h"
#include "http.h"
#include "jobs.h"
#include "scenario.h"
#include "variant.h"

/* A page being written: into memory, then into the response. */
typedef struct {
    FILE *f;
    char *buf;
    size_t len;
    report_lang lang;
    const http_req *rq;
} page;

/* Start a page titled title (the layout: header, switches). Returns 0, or -1. */
int page_begin(page *pg, const http_req *rq, const char *title);
/* End it into rs with status 200. */
void page_end(page *pg, http_resp *rs);
/* s, escaped for HTML text and attribute values (textout's html_text); nothing for NULL. */
void html(FILE *f, const char *s);

/* The scenarios: each with its summary, or its problems at their place. */
void pages_list(page *pg, const catalog *c, const jobs *js);
/* One scenario: its summary, the form of a variant (posted: the form as sent back,
 * with errs beside the fields; NULL: the scenario's values), plan. */
void pages_scenario(page *pg, int id, const cat_entry *e, const om_scenario *s,
                    const http_req *posted, const variant_errors *errs, const jobs *js);
/* A plan: queued, running with its progress, or its report and files. */
void pages_job(page *pg, int id, const job *j, const cat_entry *e, char **files, int n_files,
               const jobs *js);

#endif
