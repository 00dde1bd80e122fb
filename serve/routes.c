/* routes.c - answer each request: the path names a catalog entry or a job by number */
#include "routes.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "compare.h"
#include "pages.h"
#include "plan_in.h"
#include "report_html.h"
#include "scenario_in.h"
#include "shared.h"
#include "variant.h"

#define MAX_DOWNLOAD ((off_t)1 << 31) /* bytes of one plan file served */

/* The number at the start of *p, up to '/' or the end: digits only. Returns it (and
 * moves *p past it), or -1. */
static int number(const char **p)
{
    const char *s = *p;
    long v = 0;
    size_t n = strspn(s, "0123456789");
    if (n == 0 || n > 6 || (s[n] && s[n] != '/'))
        return -1;
    for (size_t i = 0; i < n; i++)
        v = 10 * v + (s[i] - '0');
    *p = s + n;
    return (int)v;
}

static bool is(const http_req *rq, const char *method)
{
    return strcmp(http_method(rq), method) == 0;
}
static bool get(const http_req *rq) { return is(rq, "GET") || is(rq, "HEAD"); }

static void redirect(http_resp *rs, const char *fmt, int id)
{
    char where[64];
    snprintf(where, sizeof where, fmt, id);
    rs->status = 303;
    rs->location = strdup(where);
}

static void text(http_resp *rs, int status, const char *msg)
{
    rs->status = status;
    rs->type = "text/plain; charset=utf-8";
    rs->body = strdup(msg);
    rs->len = rs->body ? strlen(rs->body) : 0;
}

static void list(serve_ctx *c, const http_req *rq, http_resp *rs)
{
    page pg;
    if (page_begin(&pg, rq, T(http_lang(rq), "Scenarier", "Scenarios")) < 0) {
        text(rs, 500, "out of memory\n");
        return;
    }
    pages_list(&pg, c->cat, c->js);
    page_end(&pg, rs);
}

static void scenario(serve_ctx *c, int id, const http_req *posted, const variant_errors *errs,
                     const http_req *rq, http_resp *rs)
{
    const cat_entry *e = catalog_get(c->cat, id);
    diags *d = diags_create();
    om_scenario *s = scenario_read(e->path, d);
    page pg;
    if (page_begin(&pg, rq, e->name ? e->name : e->label) < 0) {
        scenario_destroy(&s);
        diags_destroy(&d);
        {
            text(rs, 500, "out of memory\n");
            return;
        }
    }
    pages_scenario(&pg, id, e, diags_errors(d) ? NULL : s, posted, errs, c->js);
    page_end(&pg, rs);
    if (errs && errs->n && rs->status == 200)
        rs->status = 422;
    scenario_destroy(&s);
    diags_destroy(&d);
}

static void variant(serve_ctx *c, int id, const http_req *rq, http_resp *rs)
{
    const cat_entry *e = catalog_get(c->cat, id);
    diags *d = diags_create();
    om_scenario *s = scenario_read(e->path, d);
    variant_errors errs = {0};
    char *path = NULL;
    if (!s || diags_errors(d))
        text(rs, 409, "the scenario cannot be read; see its errors\n");
    else if ((path = variant_save(s, e->path, rq, c->variants, &errs))) {
        char label[PATH_MAX];
        snprintf(label, sizeof label, "%s", path);
        int k = catalog_add(c->cat, path, label, true);
        if (k < 0)
            text(rs, 500, "out of memory\n");
        else
            redirect(rs, "/s/%d", k);
    } else {
        scenario(c, id, rq, &errs, rq, rs);
    }
    free(path);
    variant_errors_clear(&errs);
    scenario_destroy(&s);
    diags_destroy(&d);
}

static void plan(serve_ctx *c, int id, job_kind kind, http_resp *rs)
{
    catalog_refresh(c->cat, id); /* plan what the file says now */
    const cat_entry *e = catalog_get(c->cat, id);
    if (!e->name) {
        text(rs, 409, "the scenario cannot be read; see its errors\n");
        return;
    }
    if (strcmp(e->name, "variants") == 0 || strcmp(e->name, "compare") == 0) {
        text(rs, 409,
             "a scenario called variants or compare would plan into the server's own "
             "folders: rename it\n");
        return;
    }
    static const char *const suffix[] = {"", "-staffing", "-tradeoff"};
    char *dir = malloc(strlen(c->out) + strlen(e->name) + 16);
    if (dir)
        sprintf(dir, "%s/%s%s", c->out, e->name, suffix[kind]);
    int k = dir ? jobs_add(c->js, kind, id, e->path, dir) : -1;
    free(dir);
    if (k < 0) {
        text(rs, 500, "out of memory\n");
        return;
    }
    jobs_tick(c->js);
    redirect(rs, "/job/%d", k);
}

static void status(serve_ctx *c, int id, http_resp *rs)
{
    rs->body = jobs_status_json(c->js, id);
    rs->status = rs->body ? 200 : 500;
    rs->len = rs->body ? strlen(rs->body) : 0;
    rs->type = "application/json";
}

/* Whether name is one of the files the job's listing holds. */
static bool listed(const job *j, const char *name)
{
    char **files;
    int n = jobs_files(j, &files);
    bool found = false;
    for (int i = 0; i < n; i++) {
        found = found || strcmp(files[i], name) == 0;
        free(files[i]);
    }
    free(files);
    return found;
}

static const char *type_of(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {{".json", "application/json"},
                 {".csv", "text/csv; charset=utf-8"},
                 {".html", "text/html; charset=utf-8"},
                 {".md", "text/markdown; charset=utf-8"},
                 {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}};
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

/* A file the server listed itself, opened without following a link. */
static void send_file(const char *dir, const char *name, bool attach, http_resp *rs)
{
    char *path = cli_join_path(dir, name);
    int fd = path ? open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
    struct stat st;
    free(path);
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_DOWNLOAD) {
        if (fd >= 0)
            close(fd);
        {
            text(rs, 404, "not found\n");
            return;
        }
    }
    rs->status = 200;
    rs->fd = fd;
    rs->len = (size_t)st.st_size;
    rs->type = type_of(name);
    rs->download = attach ? name : NULL;
}

static void job_page(serve_ctx *c, int id, const http_req *rq, http_resp *rs)
{
    const job *j = jobs_get(c->js, id);
    const cat_entry *e = catalog_get(c->cat, j->scenario);
    char **files = NULL;
    int n = j->state == JOB_DONE ? jobs_files(j, &files) : 0;
    page pg;
    report_lang l = http_lang(rq);
    const char *titles[] = {T(l, "Plan", "Plan"), T(l, "Bemanding", "Staffing"),
                            T(l, "Afvejning", "Trade-off")};
    if (page_begin(&pg, rq, titles[j->kind]) == 0) {
        pages_job(&pg, id, j, e, files, n, c->js);
        page_end(&pg, rs);
    }
    for (int i = 0; i < n; i++)
        free(files[i]);
    free(files);
}

/* report.html of the plan, again from plan.json, in the visitor's language and switch. */
static void report(serve_ctx *c, int id, const http_req *rq, http_resp *rs)
{
    const job *j = jobs_get(c->js, id);
    bool plan = j->state == JOB_DONE && j->kind == JOB_PLAN;
    char *path = plan ? cli_join_path(j->dir, "plan.json") : NULL;
    diags *d = diags_create();
    plan_doc *doc = path ? plan_doc_read(path, d) : NULL;
    report_options o = {http_lang(rq), http_anonymise(rq)};
    size_t len = 0;
    FILE *f = doc ? open_memstream(&rs->body, &len) : NULL;
    int rc = f ? report_html_doc(f, doc, path, &o, d) : -1;
    if (f)
        fclose(f);
    rs->len = len;
    rs->status = rc == 0 ? 200 : 404;
    if (rc != 0) {
        free(rs->body);
        rs->body = NULL;
        text(rs, 404, "no report: the plan is not done\n");
    }
    plan_doc_destroy(&doc);
    diags_destroy(&d);
    free(path);
}

static void prefs(const http_req *rq, http_resp *rs)
{
    const char *lang = http_field(rq, "lang"), *anon = http_field(rq, "anonymise");
    const char *back = http_field(rq, "back");
    report_lang l = REPORT_DA;
    if (lang && report_lang_parse(lang, &l) < 0)
        l = REPORT_DA;
    http_set_prefs(rq, rs, l, anon && strcmp(anon, "1") == 0);
    /* only a path of this server, never another site's */
    bool local = back && back[0] == '/' && back[1] != '/' && back[1] != '\\' &&
                 strlen(back) < 512 && !strpbrk(back, "\r\n");
    rs->status = 303;
    rs->location = strdup(local ? back : "/");
}

/* The plans that are done, to choose from. */
static void compare_page(serve_ctx *c, const http_req *rq, http_resp *rs)
{
    report_lang l = http_lang(rq);
    page pg;
    if (page_begin(&pg, rq, T(l, "Sammenlign planer", "Compare plans")) < 0) {
        text(rs, 500, "out of memory\n");
        return;
    }
    fprintf(pg.f,
            "<form method=\"post\" action=\"/compare\"><input type=\"hidden\" name=\"csrf\" "
            "value=\"%s\"><section><ul>",
            http_csrf(rq));
    int shown = 0;
    for (int i = 0; i < c->js->n; i++) {
        const job *j = jobs_get(c->js, i);
        const cat_entry *e = catalog_get(c->cat, j->scenario);
        if (j->state != JOB_DONE || j->kind != JOB_PLAN ||
            jobs_latest(c->js, JOB_PLAN, j->scenario) != i)
            continue;
        fprintf(pg.f, "<li><label><input type=\"checkbox\" name=\"job\" value=\"%d\"> ", i);
        html(pg.f, e->name ? e->name : e->label);
        fputs("</label></li>", pg.f);
        shown++;
    }
    fputs("</ul>", pg.f);
    if (shown == 0)
        fprintf(
            pg.f, "<p>%s</p>",
            T(l, "Planlæg først et eller flere scenarier.", "Plan one or more scenarios first."));
    fprintf(pg.f, "<button type=\"submit\" id=\"compare\">%s</button></section></form>",
            T(l, "Sammenlign", "Compare"));
    page_end(&pg, rs);
}

/* comparison.* of the chosen plans into OUT/compare, then its page. */
static void compare(serve_ctx *c, const http_req *rq, http_resp *rs)
{
    enum { MAX_COLUMNS = 20 };
    const char *ids[MAX_COLUMNS];
    int n = http_fields(rq, "job", ids, MAX_COLUMNS), used = 0;
    compare_column cols[MAX_COLUMNS];
    plan_doc *docs[MAX_COLUMNS];
    char *paths[MAX_COLUMNS], *names[MAX_COLUMNS];
    diags *d = diags_create();
    if (n < 1 || n > MAX_COLUMNS) {
        diags_destroy(&d);
        {
            text(rs, 400, "choose from 1 to 20 plans\n");
            return;
        }
    }
    for (int i = 0; i < n; i++) {
        const char *p = ids[i];
        int k = number(&p);
        const job *j = *p ? NULL : jobs_get(c->js, k);
        if (!j || j->state != JOB_DONE)
            continue;
        paths[used] = cli_join_path(j->dir, "plan.json");
        docs[used] = paths[used] ? plan_doc_read(paths[used], d) : NULL;
        const char *nm = docs[used] ? plan_doc_scenario(docs[used]) : NULL;
        names[used] = nm ? compare_unique_name(nm, names, used) : NULL;
        if (!docs[used] || !names[used]) {
            plan_doc_destroy(&docs[used]);
            free(paths[used]);
            free(names[used]);
            continue;
        }
        cols[used] = (compare_column){names[used], paths[used], paths[used], NULL, docs[used]};
        used++;
    }
    char *dir = cli_join_path(c->out, "compare");
    csv_style st = {c->opts->excel ? ';' : ',', c->opts->excel};
    if (used == 0 || !dir || compare_write(dir, cols, used, &st, http_lang(rq), false, d) < 0)
        text(rs, 500, "the comparison could not be written\n");
    else
        redirect(rs, "/compare/result", 0);
    for (int i = 0; i < used; i++) {
        plan_doc_destroy(&docs[i]);
        free(paths[i]);
        free(names[i]);
    }
    free(dir);
    diags_destroy(&d);
}

void routes_handle(void *ctx, const http_req *rq, http_resp *rs)
{
    serve_ctx *c = ctx;
    const char *p = http_path(rq);
    int id;
    jobs_tick(c->js);
    if (strcmp(p, "/") == 0 && get(rq)) {
        list(c, rq, rs);
        return;
    }
    if (strcmp(p, "/prefs") == 0 && is(rq, "POST")) {
        prefs(rq, rs);
        return;
    }
    if (strcmp(p, "/compare") == 0) {
        if (get(rq))
            compare_page(c, rq, rs);
        else
            compare(c, rq, rs);
        return;
    }
    if (strcmp(p, "/compare/result") == 0 && get(rq)) {
        char *dir = cli_join_path(c->out, "compare");
        if (dir)
            send_file(dir, "comparison.html", false, rs);
        free(dir);
        return;
    }
    if (strncmp(p, "/s/", 3) == 0) {
        p += 3;
        if ((id = number(&p)) < 0 || !catalog_get(c->cat, id))
            return;
        if (!*p && get(rq)) {
            scenario(c, id, NULL, NULL, rq, rs);
            return;
        }
        if (strcmp(p, "/variant") == 0 && is(rq, "POST")) {
            variant(c, id, rq, rs);
            return;
        }
        static const char *const kinds[] = {"/plan", "/staffing", "/tradeoff"};
        for (int k = 0; k < 3; k++)
            if (strcmp(p, kinds[k]) == 0 && is(rq, "POST")) {
                plan(c, id, (job_kind)k, rs);
                return;
            }
        return;
    }
    if (strncmp(p, "/job/", 5) == 0) {
        p += 5;
        if ((id = number(&p)) < 0 || !jobs_get(c->js, id))
            return;
        const job *j = jobs_get(c->js, id);
        if (!*p && get(rq)) {
            job_page(c, id, rq, rs);
            return;
        }
        if (strcmp(p, "/status") == 0 && get(rq)) {
            status(c, id, rs);
            return;
        }
        if (strcmp(p, "/cancel") == 0 && is(rq, "POST")) {
            jobs_cancel(c->js, id);
            {
                redirect(rs, "/job/%d", id);
                return;
            }
        }
        if (strcmp(p, "/report") == 0 && get(rq)) {
            report(c, id, rq, rs);
            return;
        }
        if (strncmp(p, "/file/", 6) == 0 && get(rq) && j->state == JOB_DONE && listed(j, p + 6)) {
            send_file(j->dir, p + 6, true, rs);
            return;
        }
    }
}
