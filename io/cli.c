/* cli.c - the command line: one option table, one function per subcommand */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "inspect.h"
#include "metrics.h"
#include "outset.h"
#include "plan.h"
#include "plan_in.h"
#include "plan_out.h"
#include "precheck.h"
#include "report_html.h"
#include "scenario_in.h"
#include "summary.h"

static const char usage_text[] =
    "usage: omfordel COMMAND [OPTIONS] ARGS\n"
    "\n"
    "Plan a jobcentre reorganisation: which caseworker joins which new department\n"
    "and which case goes to whom, under caseload caps, keeping citizens with the\n"
    "caseworker they know wherever it can.\n"
    "\n"
    "commands:\n"
    "  plan SCENARIO.json       solve and write the plan files into a folder\n"
    "  validate SCENARIO.json   check every input and summarise the data; no solve\n"
    "  explain PLAN.json CASE   why that case stays or moves, in one sentence\n"
    "  diff PLAN_A.json PLAN_B.json\n"
    "                           which caseworkers and cases differ between two plans\n"
    "  report PLAN.json         the HTML report for people again, from plan.json alone\n"
    "                           (default report.html beside it)\n"
    "\n"
    "options:\n"
    "  -o, --output DIR         folder for the plan files (default out/<scenario name>);\n"
    "                           for report, the HTML file\n"
    "      --time-limit S       seconds the solver may take in all (default 60)\n"
    "      --gap G              relative MIP gap accepted per level (default 0.005)\n"
    "      --excel              CSV for Danish Excel: ';', decimal comma, UTF-8 BOM\n"
    "      --lang da|en         language of report.html (default da, Danish)\n"
    "      --anonymise          caseworker ids in report.html become \"Sagsbehandler N\"\n"
    "  -q, --quiet              print nothing but errors\n"
    "  -v, --verbose            print the time of each phase and the solver's log\n"
    "  -h, --help               print this help and exit\n"
    "  -V, --version            print the version and exit\n"
    "\n"
    "exit codes: 0 plan written or input valid (overload is reported, not an error);\n"
    "1 no plan exists; 2 usage; 3 input data error; 4 internal or solver failure.\n";

typedef struct {
    const char *output;
    double time_limit, gap; /* negative: not given */
    bool excel, quiet, verbose;
    report_options report;
    double t0;
} cli_opts;

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("omfordel: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\ntry 'omfordel --help'\n", stderr);
    return EXIT_USAGE;
}

/* Print every problem; return the exit code they call for (0 for warnings only). */
static int report(const diags *d)
{
    char line[2048];
    for (size_t i = 0; i < diags_count(d); i++) {
        const diag *g = diags_get(d, i);
        diag_format(g, line, sizeof line);
        if (!g->source)
            fputs("omfordel: ", stderr);
        fprintf(stderr, "%s\n", line);
    }
    diag_kind k = diags_first_error(d);
    return k == DIAG_WARNING ? 0 : (int)k;
}

static void phase(const cli_opts *o, const char *what)
{
    if (o->verbose)
        fprintf(stderr, "omfordel: %-28s %8.3f s\n", what, clock_now() - o->t0);
}

static void on_log(const char *line, void *info)
{
    const cli_opts *o = info;
    if (o->verbose)
        fputs(line, stderr);
}

static void on_progress(const char *level, double best, double bound, void *info)
{
    (void)info;
    fprintf(stderr, "\romfordel: %-18s best %-12.6g bound %-12.6g", level, best, bound);
    fflush(stderr);
}

static double parse_number(const char *s, const char *opt, bool *ok)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v) || v < 0) {
        *ok = false;
        usage_error("%s: expected a number >= 0, got '%s'", opt, s);
    }
    return v;
}

/* Read and pre-check the scenario; on failure print why and set *code. */
static om_scenario *load(const char *path, cli_opts *o, int *code)
{
    diags *d = diags_create();
    om_scenario *s = scenario_read(path, d);
    if (s)
        precheck_run(s, d);
    *code = report(d);
    if (*code != 0)
        scenario_destroy(&s);
    diags_destroy(&d);
    phase(o, "read and check");
    return s;
}

static int cmd_validate(const char *path, cli_opts *o)
{
    int code;
    om_scenario *s = load(path, o, &code);
    if (!s)
        return code;
    if (!o->quiet)
        summary_data(stdout, s);
    scenario_destroy(&s);
    return EXIT_PLAN;
}

static int cmd_plan(const char *path, cli_opts *o)
{
    int code;
    om_scenario *s = load(path, o, &code);
    if (!s)
        return code;
    if (o->time_limit >= 0)
        s->time_limit = o->time_limit;
    if (o->gap >= 0)
        s->gap = o->gap;
    plan_options po = {s->time_limit, s->gap, on_log, NULL, o};
    if (!o->quiet && isatty(STDERR_FILENO))
        po.progress = on_progress;
    diags *d = diags_create();
    om_plan *p = plan_solve(s, &po, d);
    if (po.progress)
        fputs("\r\033[K", stderr);
    om_metrics *m = NULL;
    char *dir = NULL;
    code = report(d);
    if (!p)
        goto out;
    phase(o, "solve");
    m = metrics_create(s, p);
    const char *out = o->output;
    if (!out) {
        size_t n = strlen(s->name) + 5;
        dir = malloc(n);
        if (dir)
            snprintf(dir, n, "out/%s", s->name);
        out = dir;
    }
    csv_style st = {o->excel ? ';' : ',', o->excel};
    if (!m || !out || plan_write(out, s, p, m, &st, &o->report, d) < 0) {
        if (!diags_errors(d))
            diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        code = report(d);
        goto out;
    }
    phase(o, "write");
    if (!o->quiet)
        summary_plan(stdout, s, p, m, out);
    code = EXIT_PLAN;
out:
    free(dir);
    metrics_destroy(&m);
    plan_destroy(&p);
    diags_destroy(&d);
    scenario_destroy(&s);
    return code;
}

static int cmd_explain(const char *path, const char *case_id)
{
    diags *d = diags_create();
    plan_doc *p = plan_doc_read(path, d);
    int code = report(d);
    if (p && inspect_explain(stdout, p, case_id) < 0) {
        fprintf(stderr, "%s: error: no case '%s' in the plan\n", path, case_id);
        code = EXIT_INPUT;
    }
    plan_doc_destroy(&p);
    diags_destroy(&d);
    return code;
}

static int cmd_diff(const char *path_a, const char *path_b)
{
    diags *d = diags_create();
    plan_doc *a = plan_doc_read(path_a, d);
    plan_doc *b = a ? plan_doc_read(path_b, d) : NULL;
    int code = report(d);
    if (a && b)
        inspect_diff(stdout, a, b);
    plan_doc_destroy(&a);
    plan_doc_destroy(&b);
    diags_destroy(&d);
    return code;
}

/* Where the report of the plan at path goes: -o FILE, -o DIR/, or report.html beside
 * the plan. Returns new dir and *name (both caller frees), or NULL when out of memory. */
static char *report_target(const char *path, const char *output, char **name)
{
    const char *target = output ? output : path;
    const char *slash = strrchr(target, '/');
    struct stat st;
    bool is_dir = output && (target[strlen(target) - 1] == '/' ||
                             (stat(target, &st) == 0 && S_ISDIR(st.st_mode)));
    char *dir = NULL;
    if (is_dir) {
        dir = strdup(target);
        *name = strdup("report.html");
    } else {
        dir = slash ? strndup(target, (size_t)(slash - target) + (slash == target)) : strdup(".");
        *name = strdup(output ? (slash ? slash + 1 : target) : "report.html");
    }
    if (!dir || !*name) {
        free(dir);
        free(*name);
        *name = NULL;
        return NULL;
    }
    return dir;
}

static int cmd_report(const char *path, cli_opts *o)
{
    diags *d = diags_create();
    plan_doc *p = plan_doc_read(path, d);
    char *name = NULL, *dir = NULL;
    outset *set = NULL;
    int code = report(d);
    if (!p)
        goto out;
    if (o->output && !*o->output) {
        code = usage_error("-o needs a file name");
        goto out;
    }
    dir = report_target(path, o->output, &name);
    if (!dir) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        code = report(d);
        goto out;
    }
    set = outset_create(dir, d);
    FILE *f = set ? outset_open(set, name, d) : NULL;
    if (!f || report_html_doc(f, p, path, &o->report, d) < 0) {
        outset_abort(&set);
        code = report(d);
        goto out;
    }
    if (outset_commit(&set, d) < 0) {
        code = report(d);
        goto out;
    }
    if (!o->quiet)
        printf("report written to %s/%s\n", dir, name);
    code = EXIT_PLAN;
out:
    free(dir);
    free(name);
    plan_doc_destroy(&p);
    diags_destroy(&d);
    return code;
}

int cli_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},  {"time-limit", required_argument, NULL, 't'},
        {"gap", required_argument, NULL, 'g'},     {"excel", no_argument, NULL, 'x'},
        {"quiet", no_argument, NULL, 'q'},         {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},          {"version", no_argument, NULL, 'V'},
        {"lang", required_argument, NULL, 'l'},    {"anonymise", no_argument, NULL, 'a'},
        {NULL, 0, NULL, 0}};
    cli_opts o = {.time_limit = -1, .gap = -1, .report = {REPORT_DA, false}, .t0 = clock_now()};
    bool ok = true;
    int c;
    opterr = 0;
    while (ok && (c = getopt_long(argc, argv, ":o:qvhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            o.output = optarg;
            break;
        case 't':
            o.time_limit = parse_number(optarg, "--time-limit", &ok);
            break;
        case 'g':
            o.gap = parse_number(optarg, "--gap", &ok);
            break;
        case 'x':
            o.excel = true;
            break;
        case 'l':
            if (report_lang_parse(optarg, &o.report.lang) < 0)
                return usage_error("--lang: expected da or en, got '%s'", optarg);
            break;
        case 'a':
            o.report.anonymise = true;
            break;
        case 'q':
            o.quiet = true;
            break;
        case 'v':
            o.verbose = true;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return EXIT_PLAN;
        case 'V':
            printf("omfordel %s\n", OMFORDEL_VERSION);
            return EXIT_PLAN;
        case ':':
            return usage_error("option '%s' needs a value", argv[optind - 1]);
        default:
            return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!ok)
        return EXIT_USAGE;
    if (optind >= argc)
        return usage_error("no command given");
    const char *cmd = argv[optind];
    int nargs = argc - optind - 1;
    char **args = argv + optind + 1;
    if (strcmp(cmd, "validate") == 0 || strcmp(cmd, "plan") == 0) {
        if (nargs != 1)
            return usage_error("%s takes one scenario file", cmd);
        return cmd[0] == 'v' ? cmd_validate(args[0], &o) : cmd_plan(args[0], &o);
    }
    if (strcmp(cmd, "report") == 0) {
        if (nargs != 1)
            return usage_error("report takes one plan.json");
        return cmd_report(args[0], &o);
    }
    if (strcmp(cmd, "explain") == 0 || strcmp(cmd, "diff") == 0) {
        if (nargs != 2)
            return usage_error("%s takes two arguments", cmd);
        return cmd[0] == 'e' ? cmd_explain(args[0], args[1]) : cmd_diff(args[0], args[1]);
    }
    return usage_error("unknown command '%s'", cmd);
}
