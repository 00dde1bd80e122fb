/* serve.c - the serve command: the scenarios of some folders, planned from a browser */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog.h"
#include "cli.h"
#include "http.h"
#include "jobs.h"
#include "routes.h"
#include "shared.h"

#define MAX_CONNECTIONS 32    /* at once; more wait in the kernel's queue */
#define MAX_BODY (256 * 1024) /* bytes of one form: a leaver box per caseworker */
#define TURN_MS 200           /* how often queued plans and progress are looked at */

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
    (void)sig;
    stopping = 1;
}

int cli_serve(char **dirs, int n, cli_opts *o, int port)
{
    static char folder[] = "scenarios", *fallback[] = {folder};
    const char *out = o->output ? o->output : "out";
    int code = EXIT_INTERNAL;
    if (n == 0) {
        dirs = fallback;
        n = 1;
    }
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (stat(dirs[i], &st) < 0 || !S_ISDIR(st.st_mode)) {
            fprintf(stderr, "omfordel: error: %s: not a folder\n", dirs[i]);
            return EXIT_INPUT;
        }
    }
    char *variants = cli_join_path(out, "variants");
    catalog *cat = variants ? catalog_create(dirs, n) : NULL;
    jobs *js = cat ? jobs_create(o) : NULL;
    serve_ctx ctx = {cat, js, out, variants, o};
    http_server *h = NULL;
    if (!js) {
        cli_out_of_memory();
        goto out;
    }
    catalog_scan(cat, variants, 0, true);
    if (!(h = http_start(port, MAX_CONNECTIONS, MAX_BODY, routes_handle, &ctx))) {
        fprintf(stderr, "omfordel: error: cannot listen on 127.0.0.1 port %d: %s\n", port,
                errno ? strerror(errno) : "in use or not allowed");
        goto out;
    }
    http_set_defaults(h, o->report.lang, o->report.anonymise);
    struct sigaction sa = {.sa_handler = on_stop};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    printf("omfordel: %d scenario files; plans go into %s/\n"
           "omfordel: open %s\n",
           cat->n, out, http_url(h));
    fflush(stdout);
    while (!stopping) {
        http_run(h, TURN_MS);
        jobs_tick(js);
    }
    code = EXIT_PLAN;
out:
    http_stop(&h);
    jobs_destroy(&js);
    catalog_destroy(&cat);
    free(variants);
    return code;
}
