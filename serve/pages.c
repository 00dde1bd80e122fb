/* pages.c - the server's pages: a list of scenarios, a variant's form, a plan's progress */
#include "pages.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "levels.h"
#include "textout.h"

/* Phone first: one column, tables scroll within their box, nothing wider than the screen. */
static const char style[] =
    "*{box-sizing:border-box}body{font:16px/1.45 system-ui,sans-serif;margin:0;color:#1d2430;"
    "background:#f6f7f9}header{background:#1f3a5f;color:#fff;padding:.6em 1em;display:flex;"
    "flex-wrap:wrap;gap:.5em 1em;align-items:center}header a{color:#fff}header form{margin:0}"
    "header button{background:#fff;color:#1f3a5f;border:0;border-radius:4px;padding:.25em .6em}"
    "main{max-width:1100px;margin:0 auto;padding:1em}h1{font-size:1.4em}h2{font-size:1.15em}"
    "section{background:#fff;border:1px solid #d8dde4;border-radius:6px;padding:.8em 1em;"
    "margin:0 0 1em}pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85em}"
    ".scroll{overflow-x:auto;max-width:100%}table{border-collapse:collapse}td,th{padding:.2em"
    " .5em;border-bottom:1px solid #eee;text-align:left}input[type=text],input[type=number],"
    "select{font:inherit;padding:.25em;max-width:100%}.err{color:#a40000;font-weight:600}"
    ".problems li{overflow-wrap:anywhere}button{font:inherit;padding:.4em 1em;cursor:pointer}"
    ".row{display:flex;flex-wrap:wrap;gap:.4em 1em;align-items:center;margin:.3em 0}"
    ".row label{flex:0 0 18em}.kv td:first-child{color:#555}.muted{color:#666}"
    "@media(max-width:600px){main{padding:.5em}.row label{flex:1 1 100%}}";

void html(FILE *f, const char *s)
{
    if (s)
        html_text(f, s);
}

/* A switch in the header: a POST to /prefs that sets the visitor's cookies. */
static void switch_form(page *pg, const char *lang, bool anon, const char *label)
{
    fputs("<form method=\"post\" action=\"/prefs\"><input type=\"hidden\" name=\"csrf\" value=\"",
          pg->f);
    html(pg->f, http_csrf(pg->rq));
    fprintf(pg->f,
            "\"><input type=\"hidden\" name=\"lang\" value=\"%s\"><input type=\"hidden\" "
            "name=\"anonymise\" value=\"%d\"><input type=\"hidden\" name=\"back\" value=\"",
            lang, anon);
    html(pg->f, http_path(pg->rq));
    fprintf(pg->f, "\"><button type=\"submit\" class=\"switch\">%s</button></form>", label);
}

int page_begin(page *pg, const http_req *rq, const char *title)
{
    *pg = (page){.lang = http_lang(rq), .rq = rq};
    if (!(pg->f = open_memstream(&pg->buf, &pg->len)))
        return -1;
    report_lang l = pg->lang;
    bool anon = http_anonymise(rq);
    fprintf(pg->f,
            "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>",
            T(l, "da", "en"));
    html(pg->f, title);
    fprintf(pg->f,
            " - omfordel</title><style>%s</style></head><body><header><a href=\"/\">"
            "<b>omfordel</b></a> <a href=\"/\">%s</a> <a href=\"/compare\">%s</a>",
            style, T(l, "Scenarier", "Scenarios"), T(l, "Sammenlign", "Compare"));
    switch_form(pg, l == REPORT_DA ? "en" : "da", anon, l == REPORT_DA ? "English" : "Dansk");
    switch_form(pg, T(l, "da", "en"), !anon,
                anon ? T(l, "Vis navne", "Show names") : T(l, "Anonymisér", "Anonymise"));
    fputs("</header><main><h1>", pg->f);
    html(pg->f, title);
    fputs("</h1>\n", pg->f);
    return 0;
}

void page_end(page *pg, http_resp *rs)
{
    fputs("</main></body></html>\n", pg->f);
    fclose(pg->f);
    rs->status = pg->buf ? 200 : 500;
    rs->body = pg->buf;
    rs->len = pg->len;
}

static const char *state_name(job_state st, report_lang l)
{
    switch (st) {
    case JOB_QUEUED:
        return T(l, "i kø", "queued");
    case JOB_RUNNING:
        return T(l, "planlægger", "planning");
    case JOB_DONE:
        return T(l, "færdig", "done");
    case JOB_FAILED:
        return T(l, "ingen plan", "no plan");
    case JOB_CANCELLED:
        break;
    }
    return T(l, "annulleret", "cancelled");
}

static void problems(FILE *f, char **lines, int n)
{
    if (n == 0)
        return;
    fputs("<ul class=\"problems\">", f);
    for (int i = 0; i < n; i++) {
        fprintf(f, "<li%s>", strstr(lines[i], ": error: ") ? " class=\"err\"" : "");
        html(f, lines[i]);
        fputs("</li>", f);
    }
    fputs("</ul>", f);
}

void pages_list(page *pg, const catalog *c, const jobs *js)
{
    report_lang l = pg->lang;
    FILE *f = pg->f;
    if (c->n == 0)
        fprintf(f, "<p>%s</p>", T(l, "Ingen scenarier fundet.", "No scenarios found."));
    for (int i = 0; i < c->n; i++) {
        const cat_entry *e = &c->e[i];
        fprintf(f, "<section class=\"scenario\" id=\"s%d\"><h2>", i);
        if (e->name) {
            fprintf(f, "<a href=\"/s/%d\">", i);
            html(f, e->name);
            fputs("</a>", f);
        } else {
            html(f, e->label);
        }
        fputs("</h2><p class=\"muted\">", f);
        html(f, e->label);
        if (e->variant)
            fprintf(f, " (%s)", T(l, "variant", "variant"));
        fputs("</p>", f);
        if (e->title) {
            fputs("<p>", f);
            html(f, e->title);
            fputs("</p>", f);
        }
        int k = jobs_latest(js, JOB_PLAN, i);
        if (k >= 0)
            fprintf(f, "<p><a href=\"/job/%d\">%s: %s</a></p>", k,
                    T(l, "Seneste plan", "Latest plan"), state_name(jobs_get(js, k)->state, l));
        problems(f, e->problems, e->n_problems);
        if (e->summary) {
            fprintf(f, "<details><summary>%s</summary><pre>", T(l, "Data", "Data"));
            html(f, e->summary);
            fputs("</pre></details>", f);
        }
        fputs("</section>\n", f);
    }
}

/* The problem beside field, when there is one. */
static void error_at(FILE *f, const variant_errors *errs, const char *field)
{
    for (int i = 0; errs && i < errs->n; i++)
        if (strcmp(errs->e[i].field, field) == 0) {
            fputs(" <span class=\"err\">", f);
            html(f, errs->e[i].text);
            fputs("</span>", f);
        }
}

/* The value of field: as posted, else the scenario's (printf of v; none when v < 0). */
static void value_of(FILE *f, const http_req *posted, const char *field, double v)
{
    const char *sent = posted ? http_field(posted, field) : NULL;
    fputs(" value=\"", f);
    if (sent)
        html(f, sent);
    else if (v >= 0)
        fprintf(f, "%.10g", v);
    fputs("\"", f);
}

static void number_row(FILE *f, const char *field, const char *label, double v,
                       const http_req *posted, const variant_errors *errs)
{
    fputs("<div class=\"row\"><label for=\"", f);
    html(f, field);
    fputs("\">", f);
    html(f, label);
    fputs("</label><input type=\"text\" inputmode=\"decimal\" id=\"", f);
    html(f, field);
    fputs("\" name=\"", f);
    html(f, field);
    fputs("\"", f);
    value_of(f, posted, field, v);
    fputs(">", f);
    error_at(f, errs, field);
    fputs("</div>\n", f);
}

static bool ticked(const om_scenario *s, int i, const http_req *posted)
{
    if (!posted)
        return s->staff[i].leaves;
    const char *one[1];
    int n = http_fields(posted, "leave", one, 0);
    const char **all = calloc((size_t)n + 1, sizeof *all);
    bool yes = false;
    if (all) {
        http_fields(posted, "leave", all, n);
        for (int k = 0; k < n && !yes; k++)
            yes = strcmp(all[k], s->staff[i].id) == 0;
    }
    free(all);
    return yes;
}

/* Leaves by its status in staff.csv: not the scenario's to change. */
static bool leaves_by_status(const om_scenario *s, int i)
{
    if (!s->staff[i].leaves)
        return false;
    for (int k = 0; k < s->n_leaves; k++)
        if (strcmp(s->leaves[k], s->staff[i].id) == 0)
            return false;
    return true;
}

static void leavers(page *pg, const om_scenario *s, const http_req *posted,
                    const variant_errors *errs)
{
    FILE *f = pg->f;
    report_lang l = pg->lang;
    bool anon = http_anonymise(pg->rq);
    int *order = anon ? scenario_order_by_id(&s->staff[0].id, sizeof *s->staff, s->n_staff) : NULL;
    int *number = order ? calloc((size_t)s->n_staff, sizeof *number) : NULL;
    for (int k = 0; number && k < s->n_staff; k++)
        number[order[k]] = k + 1;
    fprintf(f, "<section><h2>%s</h2>", T(l, "Hvem fratræder", "Who leaves"));
    error_at(f, errs, "leave");
    fprintf(f,
            "<div class=\"scroll\"><table class=\"staff\"><tr><th>%s</th><th>%s</th><th>%s</th>"
            "<th>%s</th></tr>",
            T(l, "Fratræder", "Leaves"), T(l, "Sagsbehandler", "Caseworker"), T(l, "Enhed", "Unit"),
            "FTE");
    for (int i = 0; i < s->n_staff; i++) {
        const om_staff *w = &s->staff[i];
        bool fixed = leaves_by_status(s, i);
        fputs("<tr><td><input type=\"checkbox\" name=\"leave\" value=\"", f);
        html(f, w->id);
        fprintf(f, "\"%s%s></td><td>", fixed || ticked(s, i, posted) ? " checked" : "",
                fixed ? " disabled" : "");
        if (anon) {
            fprintf(f, "%s %d", T(l, "Sagsbehandler", "Caseworker"), number ? number[i] : i + 1);
        } else {
            html(f, w->id);
            fputs(" ", f);
            html(f, w->name);
        }
        fputs("</td><td>", f);
        html(f, w->unit);
        fprintf(f, "</td><td>%g</td></tr>\n", w->fte);
    }
    fputs("</table></div></section>", f);
    free(order);
    free(number);
}

static void priorities(page *pg, const om_scenario *s, const http_req *posted,
                       const variant_errors *errs)
{
    FILE *f = pg->f;
    report_lang l = pg->lang;
    fprintf(f, "<section><h2>%s</h2>", T(l, "Prioriteter", "Priorities"));
    error_at(f, errs, "priorities");
    for (int k = 0; k < PRIO_COUNT; k++) {
        char key[16];
        snprintf(key, sizeof key, "prio%d", k + 1);
        const char *sent = posted ? http_field(posted, key) : NULL;
        const char *now = sent                     ? sent
                          : k < s->n_priorities ? priority_get(s->priorities[k])->name
                                                : "";
        fprintf(f, "<div class=\"row\"><label for=\"%s\">%d.</label><select id=\"%s\" name=\"%s\">",
                key, k + 1, key, key);
        fprintf(f, "<option value=\"\"%s>%s</option>", *now ? "" : " selected",
                T(l, "(ikke optimeret)", "(not optimised)"));
        for (int q = 0; q < PRIO_COUNT; q++) {
            const char *nm = priority_get((om_priority)q)->name;
            fprintf(f, "<option value=\"%s\"%s>%s</option>", nm,
                    strcmp(nm, now) == 0 ? " selected" : "", nm);
        }
        fputs("</select></div>", f);
    }
    fputs("</section>", f);
}

void pages_scenario(page *pg, int id, const cat_entry *e, const om_scenario *s,
                    const http_req *posted, const variant_errors *errs, const jobs *js)
{
    FILE *f = pg->f;
    report_lang l = pg->lang;
    if (e->title) {
        fputs("<p>", f);
        html(f, e->title);
        fputs("</p>", f);
    }
    problems(f, e->problems, e->n_problems);
    static const char *const actions[] = {"plan", "staffing", "tradeoff"};
    const char *labels[] = {
        T(l, "Planlæg dette scenarie", "Plan this scenario"), T(l, "Bemanding", "Staffing"),
        T(l, "Afvejning: flytninger mod spidsbelastning", "Trade-off: moves against peak load")};
    fputs("<section><div class=\"row\">", f);
    for (int a = 0; a < 3; a++)
        fprintf(f,
                "<form method=\"post\" action=\"/s/%d/%s\"><input type=\"hidden\" "
                "name=\"csrf\" value=\"%s\"><button type=\"submit\" id=\"%s\">%s</button></form>",
                id, actions[a], http_csrf(pg->rq), actions[a], labels[a]);
    fputs("</div>", f);
    for (int a = 0; a < 3; a++) {
        int k = jobs_latest(js, (job_kind)a, id);
        if (k >= 0)
            fprintf(f, "<p><a href=\"/job/%d\">%s: %s</a></p>", k, labels[a],
                    state_name(jobs_get(js, k)->state, l));
    }
    if (e->summary) {
        fprintf(f, "<details><summary>%s</summary><pre>", T(l, "Data", "Data"));
        html(f, e->summary);
        fputs("</pre></details>", f);
    }
    fputs("</section>", f);
    if (!s)
        return;
    fprintf(f,
            "<h2>%s</h2><form method=\"post\" action=\"/s/%d/variant\" id=\"variant\">"
            "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
            T(l, "Ny variant", "New variant"), id, http_csrf(pg->rq));
    error_at(f, errs, "");
    fputs("<section>", f);
    char name[128];
    snprintf(name, sizeof name, "%.50s-variant", s->name);
    const char *sent = posted ? http_field(posted, "name") : NULL;
    fprintf(f,
            "<div class=\"row\"><label for=\"name\">%s</label><input type=\"text\" id=\"name\" "
            "name=\"name\" value=\"",
            T(l, "Navn", "Name"));
    html(f, sent ? sent : name);
    fputs("\">", f);
    error_at(f, errs, "name");
    sent = posted ? http_field(posted, "title") : NULL;
    fprintf(f,
            "</div><div class=\"row\"><label for=\"title\">%s</label><input type=\"text\" "
            "id=\"title\" name=\"title\" value=\"",
            T(l, "Titel", "Title"));
    html(f, sent ? sent : "");
    fputs("\"></div>", f);
    number_row(f, "max_utilisation",
               T(l, "Højeste udnyttelse (1 = 100 %)", "Max utilisation (1 = 100 %)"),
               s->max_utilisation > 0 ? s->max_utilisation : -1, posted, errs);
    number_row(f, "time_limit", T(l, "Tidsgrænse (sekunder)", "Time limit (seconds)"),
               s->time_limit > 0 ? s->time_limit : 60, posted, errs);
    fprintf(f, "</section><section><h2>%s</h2>",
            T(l, "Loft (point pr. fuldtid)", "Caps (points per FTE)"));
    for (int d = 0; d < s->n_departments; d++) {
        char field[512], label[512];
        snprintf(field, sizeof field, "cap:%s", s->departments[d].id);
        snprintf(label, sizeof label, "%s (%s)", s->departments[d].name, s->departments[d].id);
        number_row(f, field, label, s->departments[d].cap_points, posted, errs);
    }
    fprintf(f, "</section><section><h2>%s</h2>",
            T(l, "Vægte (point pr. sag)", "Weights (points per case)"));
    for (int g = 0; g < s->n_segments; g++) {
        char field[512];
        snprintf(field, sizeof field, "weight:%s", s->segments[g].name);
        number_row(f, field, s->segments[g].name, s->segments[g].weight, posted, errs);
    }
    fputs("</section>", f);
    priorities(pg, s, posted, errs);
    leavers(pg, s, posted, errs);
    fprintf(f, "<p><button type=\"submit\" id=\"save\">%s</button></p></form>",
            T(l, "Gem variant", "Save variant"));
}

/* The live part of a plan's page: the numbers the status endpoint refreshes. */

/* The solver's level name in words, for the progress of a plan. */
static const char *level_words(const char *name, report_lang l)
{
    int k = level_find(name);
    if (k < 0)
        return name;
    return l == REPORT_EN ? level_get((model_level)k)->title_en : level_get((model_level)k)->title_da;
}

/* A level's value as people read it: as its table entry prints it. */
static void level_value(FILE *f, const char *name, double v)
{
    int k = level_find(name);
    const level_def *def = k >= 0 ? level_get((model_level)k) : NULL;
    if (!def)
        fprintf(f, "%.4g", v);
    else if (def->share)
        fprintf(f, "%.1f %%", 100 * v);
    else
        fprintf(f, "%.*f", def->decimals, v);
}

static void progress(page *pg, int id, const job *j, const jobs *js)
{
    FILE *f = pg->f;
    report_lang l = pg->lang;
    bool live = j->state == JOB_QUEUED || j->state == JOB_RUNNING;
    fprintf(f,
            "<section><table class=\"kv\"><tr><td>%s</td><td id=\"state\" "
            "data-live=\"%d\">%s</td></tr>",
            T(l, "Status", "State"), live, state_name(j->state, l));
    if (j->state == JOB_QUEUED)
        fprintf(f, "<tr><td>%s</td><td id=\"ahead\">%d</td></tr>",
                T(l, "Foran i køen", "Ahead in the queue"), jobs_ahead(js, id));
    if (j->state != JOB_QUEUED && j->kind != JOB_PLAN) /* no progress within: the time */
        fprintf(f, "<tr><td>%s</td><td id=\"seconds\">%.1f s</td></tr>", T(l, "Tid", "Time"),
                (j->state == JOB_RUNNING ? clock_now() : j->ended) - j->started);
    if (j->state != JOB_QUEUED && j->kind == JOB_PLAN) {
        double secs = (j->state == JOB_RUNNING ? clock_now() : j->ended) - j->started;
        fprintf(f, "<tr><td>%s</td><td id=\"level\" data-level=\"", T(l, "Niveau", "Level"));
        html(f, j->level);
        fputs("\">", f);
        html(f, level_words(j->level, l));
        fprintf(f, "</td></tr><tr><td>%s</td><td id=\"best\">", T(l, "Bedste", "Best"));
        if (j->best >= 0 && isfinite(j->best) && j->best < 1e29)
            level_value(f, j->level, j->best);
        fprintf(f, "</td></tr><tr><td>%s</td><td id=\"bound\">", T(l, "Grænse", "Bound"));
        if (j->bound >= 0 && isfinite(j->bound) && j->bound < 1e29)
            level_value(f, j->level, j->bound);
        fprintf(f, "</td></tr><tr><td>%s</td><td id=\"gap\">", T(l, "Gab", "Gap"));
        if (j->best > 0 && j->best < 1e29 && j->bound >= 0 && j->bound < 1e29)
            fprintf(f, "%.2f %%", 100 * (j->best - j->bound) / j->best);
        fprintf(f, "</td></tr><tr><td>%s</td><td id=\"seconds\">%.1f s</td></tr>",
                T(l, "Tid", "Time"), secs);
    }
    fputs("</table>", f);
    if (live)
        fprintf(f,
                "<form method=\"post\" action=\"/job/%d/cancel\"><input type=\"hidden\" "
                "name=\"csrf\" value=\"%s\"><button type=\"submit\" id=\"cancel\">%s</button>"
                "</form><noscript><p><a href=\"/job/%d\">%s</a></p></noscript>",
                id, http_csrf(pg->rq), T(l, "Annullér", "Cancel"), id, T(l, "Opdatér", "Refresh"));
    fputs("</section>", f);
    if (live) { /* progressive: without scripts the page still says where the plan is */
        fputs("<script>(function(){var W={}", f);
        for (int k = 0; k < LEVEL_COUNT; k++) {
            const level_def *def = level_get((model_level)k);
            fprintf(f, ";W['%s']=[", def->name);
            json_quote(f, l == REPORT_EN ? def->title_en : def->title_da); /* a JS string too */
            fprintf(f, ",%d,%d]", def->share, def->decimals);
        }
        fputs(";function words(n){return W[n]?W[n][0]:(n||'');}"
              "function show(n,v){var d=W[n];if(!d)return v.toPrecision(4);"
              "return d[1]?(100*v).toFixed(1)+' %':v.toFixed(d[2]);}"
              "var st=document.getElementById('state');"
              "function set(id,v){var e=document.getElementById(id);if(e)e.textContent=v;}"
              "function poll(){fetch(location.pathname+'/status',{credentials:'same-origin'})"
              ".then(function(r){return r.json();}).then(function(j){"
              "if(j.state!=='queued'&&j.state!=='running'){location.reload();return;}"
              "if(j.state!==st.getAttribute('data-state')&&st.getAttribute('data-state'))"
              "{location.reload();return;}st.setAttribute('data-state',j.state);"
              "set('level',words(j.level));"
              "set('best',j.best==null?'':show(j.level,j.best));"
              "set('bound',j.bound==null?'':show(j.level,j.bound));"
              "set('gap',j.gap==null?'':(100*j.gap).toFixed(2)+' %');"
              "set('seconds',j.seconds.toFixed(1)+' s');if(j.ahead!=null)set('ahead',j.ahead);"
              "setTimeout(poll,700);}).catch(function(){setTimeout(poll,2000);});}"
              "setTimeout(poll,700);})();</script>",
              f);
    }
}

void pages_job(page *pg, int id, const job *j, const cat_entry *e, char **files, int n_files,
               const jobs *js)
{
    FILE *f = pg->f;
    report_lang l = pg->lang;
    fprintf(f, "<p><a href=\"/s/%d\">", j->scenario);
    html(f, e ? e->label : j->path);
    fputs("</a></p>", f);
    progress(pg, id, j, js);
    if (j->state == JOB_FAILED && j->why) {
        fputs("<section><p class=\"err\" id=\"why\">", f);
        html(f, j->why);
        fputs("</p></section>", f);
    }
    if (j->state != JOB_DONE)
        return;
    const char *table = j->kind == JOB_PLAN ? NULL : jobs_output(j);
    if (table) {
        fputs("<section><pre id=\"result\">", f);
        html(f, table);
        fputs("</pre></section>", f);
    }
    fputs("<section>", f);
    if (j->kind == JOB_PLAN)
        fprintf(f, "<p><a id=\"report\" href=\"/job/%d/report\">%s</a></p>", id,
                T(l, "Rapporten", "The report"));
    fprintf(f, "<h2>%s</h2><ul id=\"files\">", T(l, "Filerne", "The files"));
    for (int i = 0; i < n_files; i++) {
        fprintf(f, "<li><a href=\"/job/%d/file/", id);
        html(f, files[i]);
        fputs("\">", f);
        html(f, files[i]);
        fputs("</a></li>", f);
    }
    fputs("</ul></section>", f);
}
