/* cli.c - the command line: one option table, one function per subcommand */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "date.h"
#include "inspect.h"
#include "metrics.h"
#include "num.h"
#include "outset.h"
#include "plan.h"
#include "plan_in.h"
#include "precheck.h"
#include "report_html.h"
#include "scenario_in.h"
#include "shared.h"
#include "staffing.h"
#include "staffing_out.h"
#include "summary.h"
#include "tradeoff.h"
#include "tradeoff_out.h"

static const char usage_commands[] =
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
    "  compare A.json B.json ...\n"
    "                           plan each scenario (or take a plan.json) and write a\n"
    "                           side-by-side comparison (default out/compare)\n"
    "  tradeoff SCENARIO.json   the frontier between continuity and peak load: cases\n"
    "                           moved against peak utilisation, each point a plan\n"
    "                           (default out/<scenario name>-tradeoff)\n"
    "  staffing SCENARIO.json   FTE each department needs to hold its cap, what one more\n"
    "                           FTE there does; with -o DIR also staffing.csv and .json\n"
    "  schedule PLAN.json       the week-by-week handovers of a plan, every week within\n"
    "                           the meetings a caseworker can take (default beside it)\n"
    "  serve [DIR ...]          the scenarios under the folders (default scenarios/) in a\n"
    "                           browser on this machine: variants, plans with progress,\n"
    "                           reports, comparisons; prints the URL with its token\n"
    "\n";
/* apart from the commands: C11 compilers need take no string over 4,095 bytes */
static const char usage_options[] =
    "options:\n"
    "  -o, --output DIR         folder for the plan files (default out/<scenario name>);\n"
    "                           for report, the HTML file; for compare and tradeoff,\n"
    "                           the folder of the comparison or the frontier; for\n"
    "                           staffing, the folder of staffing.csv and staffing.json;\n"
    "                           for schedule, the folder of the schedule files\n"
    "      --time-limit S       seconds the solver may take in all (default 60)\n"
    "      --gap G              relative MIP gap accepted per level (default 0.01)\n"
    "      --points N           points on the trade-off frontier, 2 to 50 (default 5)\n"
    "      --excel              CSV for Danish Excel: ';', decimal comma, UTF-8 BOM\n"
    "      --xlsx               also an Excel workbook beside the CSV files: plan.xlsx,\n"
    "                           comparison.xlsx, staffing.xlsx (with -o), tradeoff.xlsx,\n"
    "                           schedule.xlsx\n"
    "      --lang da|en         language of report.html, comparison.html and schedule.html\n"
    "                           (default da)\n"
    "      --anonymise          caseworker ids and names in report.html and schedule.html,\n"
    "                           and names in caseworkers.csv, become \"Sagsbehandler N\"\n"
    "      --cut N              staffing: how N fewer FTE (whole) are best spread over the\n"
    "                           departments, and the caseloads that follow\n"
    "      --target-utilisation U\n"
    "                           staffing: the FTE, by department, that bring every\n"
    "                           caseworker to at most U (1 = 100 %)\n"
    "      --start YYYY-MM-DD   schedule: the Monday of week 1 (default the next Monday)\n"
    "      --per-week N         schedule: handover meetings one caseworker can take part\n"
    "                           in a week (default the scenario's, else 10); staff.csv's\n"
    "                           handovers_per_week overrides it for that person\n"
    "      --port N             serve: the port on 127.0.0.1 and ::1 (default 8700; 0: any\n"
    "                           free port)\n"
    "      --out DIR            serve: the folder for plans and variants (default out/)\n"
    "      --umask MASK         permissions withheld from files written, octal\n"
    "                           (default 077: files are 0600, for their owner only)\n"
    "  -q, --quiet              print nothing but errors and warnings\n"
    "  -v, --verbose            print the time of each phase (and of each level) and the\n"
    "                           solver's log\n"
    "  -h, --help               print this help and exit\n"
    "  -V, --version            print the version and exit\n"
    "\n"
    "exit codes: 0 plan written or input valid (overload is reported, not an error);\n"
    "1 no plan exists; 2 usage; 3 input data error; 4 internal or solver failure.\n";

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

/* An octal umask such as "077" or "0022". Returns 0, or -1 when s is not one. */
static int parse_umask(const char *s, mode_t *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 8);
    if (end == s || *end || errno || v < 0 || v > 0777)
        return -1;
    *out = (mode_t)v;
    return 0;
}

/* Read and pre-check the scenario; on failure print why and set *code. */
static om_scenario *load(const char *path, cli_opts *o, int *code)
{
    diags *d = diags_create();
    om_scenario *s = scenario_read(path, d);
    if (s)
        precheck_run(s, d);
    *code = cli_report(d);
    if (*code != 0)
        scenario_destroy(&s);
    diags_destroy(&d);
    cli_phase(o, "read and check");
    return s;
}

static int cmd_validate(const char *path, cli_opts *o)
{
    int code;
    om_scenario *s = load(path, o, &code);
    if (!s)
        return code;
    if (!o->quiet && summary_data(stdout, s) < 0) {
        cli_out_of_memory();
        code = EXIT_INTERNAL;
    }
    scenario_destroy(&s);
    return code;
}

static int cmd_plan(const char *path, cli_opts *o)
{
    om_scenario *s = NULL;
    om_plan *p = NULL;
    char *dir = NULL;
    int code = cli_solve(path, o, &s, &p, NULL);
    if (code != 0)
        goto out;
    dir = o->output ? strdup(o->output) : cli_join_path("out", s->name);
    code = cli_write_plan(dir, s, p, o, true);
out:
    free(dir);
    plan_destroy(&p);
    scenario_destroy(&s);
    return code;
}

static int cmd_staffing(const char *path, cli_opts *o)
{
    int code;
    diags *d = diags_create();
    csv_style st = {o->excel ? ';' : ',', o->excel};
    staffing_result *r = NULL;
    om_scenario *s = load(path, o, &code);
    if (!s)
        goto out;
    if (o->time_limit >= 0)
        s->time_limit = o->time_limit;
    if (o->gap >= 0)
        s->gap = o->gap;
    staffing_options so = {
        o->cut,
        o->target,
        {.time_limit = s->time_limit, .gap = s->gap, .log = cli_on_log, .info = o}};
    r = staffing_run(s, &so, d);
    code = cli_report(d);
    if (!r || code != 0) {
        code = code ? code : EXIT_INTERNAL;
        goto out;
    }
    cli_phase(o, "staffing");
    if (o->output &&
        staffing_write(o->output, s, r, &st,
                       o->xlsx ? T(o->report.lang, "Bemanding", "Staffing") : NULL, d) < 0) {
        code = cli_report(d);
        goto out;
    }
    if (!o->quiet) {
        staffing_print(stdout, s, r);
        if (o->output)
            printf("\nstaffing written to %s/staffing.{csv,json}\n", o->output);
    }
    code = EXIT_PLAN;
out:
    staffing_destroy(&r);
    scenario_destroy(&s);
    diags_destroy(&d);
    return code;
}

/* The frontier: each point's plan files in DIR/point-N, the points in
 * tradeoff.csv and tradeoff.json, and a table on stdout. */
static int cmd_tradeoff(const char *path, cli_opts *o)
{
    int code, n = o->points;
    om_scenario *s = load(path, o, &code);
    if (!s)
        return code;
    if (o->time_limit >= 0)
        s->time_limit = o->time_limit;
    if (o->gap >= 0)
        s->gap = o->gap;
    diags *d = diags_create();
    tradeoff_point *points = calloc((size_t)n, sizeof *points);
    tradeoff_row *rows = calloc((size_t)n, sizeof *rows);
    om_metrics **metrics = calloc((size_t)n, sizeof *metrics);
    char **subs = calloc((size_t)n, sizeof *subs);
    char *dir = NULL;
    bool solved = false;
    code = EXIT_INTERNAL;
    if (!points || !rows || !metrics || !subs)
        goto out;
    if (o->output) {
        dir = strdup(o->output);
    } else if ((dir = malloc(strlen(s->name) + 14))) {
        sprintf(dir, "out/%s-tradeoff", s->name);
    }
    plan_options po = {.time_limit = s->time_limit, .gap = s->gap, .log = cli_on_log, .info = o};
    if (!dir || tradeoff_solve(s, &po, n, points, d) < 0)
        goto out;
    solved = true;
    cli_phase(o, "solve");
    for (int i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "point-%d", i + 1);
        subs[i] = cli_join_path(dir, name);
        /* each point is the plan of its own scenario.json, which says what it was
         * solved under: read it back, so plan.json names it as its input */
        char *own = subs[i] ? cli_join_path(subs[i], "scenario.json") : NULL;
        om_scenario *ps = own && tradeoff_write_scenario(subs[i], s, &points[i], i + 1, d) == 0
                              ? scenario_read(own, d)
                              : NULL;
        free(own);
        metrics[i] = ps ? metrics_create(ps, points[i].plan) : NULL;
        code = ps && metrics[i] ? cli_write_plan(subs[i], ps, points[i].plan, o, false)
                                : EXIT_INTERNAL;
        scenario_destroy(&ps);
        if (code != EXIT_PLAN)
            goto out;
        rows[i] = (tradeoff_row){&points[i], metrics[i], subs[i] + strlen(dir) + 1};
    }
    csv_style st = {o->excel ? ';' : ',', o->excel};
    code = EXIT_INTERNAL;
    if (tradeoff_write(dir, s->name, rows, n, &st,
                       o->xlsx ? T(o->report.lang, "Afvejning", "Trade-off") : NULL, d) < 0)
        goto out;
    cli_phase(o, "write");
    if (!o->quiet) {
        tradeoff_print(stdout, rows, n);
        printf("frontier written to %s/tradeoff.{csv,json}, each point's plan to %s/point-N/\n",
               dir, dir);
    }
    code = EXIT_PLAN;
out:
    if (code == EXIT_INTERNAL || !solved) {
        if (!diags_errors(d))
            diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        code = cli_report(d);
    }
    for (int i = 0; i < n && points; i++) {
        plan_destroy(&points[i].plan);
        if (metrics)
            metrics_destroy(&metrics[i]);
        if (subs)
            free(subs[i]);
    }
    free(points);
    free(rows);
    free(metrics);
    free(subs);
    free(dir);
    diags_destroy(&d);
    scenario_destroy(&s);
    return code;
}

static int cmd_explain(const char *path, const char *case_id)
{
    diags *d = diags_create();
    plan_doc *p = plan_doc_read(path, d);
    int code = cli_report(d);
    if (p && code == 0 && inspect_explain(stdout, p, case_id) < 0) {
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
    int code = cli_report(d);
    if (a && b && code == 0)
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
    int code = cli_report(d);
    if (!p || code != 0)
        goto out;
    if (o->output && !*o->output) {
        code = usage_error("-o needs a file name");
        goto out;
    }
    dir = report_target(path, o->output, &name);
    if (!dir) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        code = cli_report(d);
        goto out;
    }
    set = outset_create(dir, d);
    FILE *f = set ? outset_open(set, name, d) : NULL;
    if (!f || report_html_doc(f, p, path, &o->report, d) < 0) {
        outset_abort(&set);
        code = cli_report(d);
        goto out;
    }
    if (outset_commit(&set, d) < 0) {
        code = cli_report(d);
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
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"time-limit", required_argument, NULL, 't'},
                                             {"gap", required_argument, NULL, 'g'},
                                             {"excel", no_argument, NULL, 'x'},
                                             {"xlsx", no_argument, NULL, 'X'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"verbose", no_argument, NULL, 'v'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"version", no_argument, NULL, 'V'},
                                             {"lang", required_argument, NULL, 'l'},
                                             {"anonymise", no_argument, NULL, 'a'},
                                             {"points", required_argument, NULL, 'p'},
                                             {"cut", required_argument, NULL, 'c'},
                                             {"target-utilisation", required_argument, NULL, 'u'},
                                             {"umask", required_argument, NULL, 'm'},
                                             {"start", required_argument, NULL, 's'},
                                             {"per-week", required_argument, NULL, 'w'},
                                             {"port", required_argument, NULL, 'P'},
                                             {"out", required_argument, NULL, 'o'},
                                             {NULL, 0, NULL, 0}};
    cli_opts o = {.time_limit = -1,
                  .gap = -1,
                  .points = 5,
                  .cut = -1,
                  .target = -1,
                  .report = {REPORT_DA, false},
                  .t0 = clock_now()};
    bool ok = true;
    int c, port = 8700;
    mode_t mask = 077; /* plans describe citizens' cases: their owner's eyes only */
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
        case 'p': {
            double v = parse_number(optarg, "--points", &ok);
            if (ok && (v != floor(v) || v < 2 || v > 50))
                return usage_error("--points: expected a whole number from 2 to 50, got '%s'",
                                   optarg);
            o.points = (int)v;
            break;
        }
        case 'x':
            o.excel = true;
            break;
        case 'X':
            o.xlsx = true;
            break;
        case 'c':
            o.cut = parse_number(optarg, "--cut", &ok);
            if (ok && !num_eq(o.cut, floor(o.cut)))
                return usage_error("--cut: expected a whole number of FTE, got '%s'", optarg);
            break;
        case 'u':
            o.target = parse_number(optarg, "--target-utilisation", &ok);
            if (ok && !(o.target > 0))
                return usage_error("--target-utilisation: expected a number > 0, got '%s'", optarg);
            break;
        case 'l':
            if (report_lang_parse(optarg, &o.report.lang) < 0)
                return usage_error("--lang: expected da or en, got '%s'", optarg);
            break;
        case 'a':
            o.report.anonymise = true;
            break;
        case 'm':
            if (parse_umask(optarg, &mask) < 0)
                return usage_error("--umask: expected an octal mask from 0 to 777, got '%s'",
                                   optarg);
            break;
        case 's': {
            om_day day;
            if (date_parse(optarg, &day) < 0)
                return usage_error("--start: expected a date YYYY-MM-DD, got '%s'", optarg);
            if (date_weekday(day) != 0)
                return usage_error("--start: %s is not a Monday", optarg);
            o.start = optarg;
            break;
        }
        case 'w': {
            double v = parse_number(optarg, "--per-week", &ok);
            if (ok && (v != floor(v) || v < 1 || v > 1000))
                return usage_error("--per-week: expected a whole number from 1 to 1000, got '%s'",
                                   optarg);
            o.per_week = (int)v;
            break;
        }
        case 'P': {
            double v = parse_number(optarg, "--port", &ok);
            if (ok && (v != floor(v) || v > 65535))
                return usage_error("--port: expected a whole number from 0 to 65535, got '%s'",
                                   optarg);
            port = (int)v;
            break;
        }
        case 'q':
            o.quiet = true;
            break;
        case 'v':
            o.verbose = true;
            break;
        case 'h':
            fputs(usage_commands, stdout);
            fputs(usage_options, stdout);
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
    umask(mask);
    /* past a file size limit (ulimit -f), a write should fail, not kill us */
    signal(SIGXFSZ, SIG_IGN);
    if (optind >= argc)
        return usage_error("no command given");
    const char *cmd = argv[optind];
    int nargs = argc - optind - 1;
    char **args = argv + optind + 1;
    if ((o.cut >= 0 || o.target >= 0) && strcmp(cmd, "staffing") != 0)
        return usage_error("--cut and --target-utilisation belong to staffing");
    if (o.xlsx && strcmp(cmd, "plan") != 0 && strcmp(cmd, "compare") != 0 &&
        strcmp(cmd, "staffing") != 0 && strcmp(cmd, "tradeoff") != 0 &&
        strcmp(cmd, "schedule") != 0)
        return usage_error("--xlsx belongs to plan, compare, staffing, tradeoff and schedule");
    if ((o.start || o.per_week) && strcmp(cmd, "schedule") != 0)
        return usage_error("--start and --per-week belong to schedule");
    if (strcmp(cmd, "validate") == 0 || strcmp(cmd, "plan") == 0) {
        if (nargs != 1)
            return usage_error("%s takes one scenario file", cmd);
        return cmd[0] == 'v' ? cmd_validate(args[0], &o) : cmd_plan(args[0], &o);
    }
    if (strcmp(cmd, "staffing") == 0) {
        if (nargs != 1)
            return usage_error("staffing takes one scenario file");
        return cmd_staffing(args[0], &o);
    }
    if (strcmp(cmd, "compare") == 0) {
        if (nargs < 1)
            return usage_error("compare takes one or more scenario or plan.json files");
        return cli_compare(args, nargs, &o);
    }
    if (strcmp(cmd, "tradeoff") == 0) {
        if (nargs != 1)
            return usage_error("tradeoff takes one scenario file");
        return cmd_tradeoff(args[0], &o);
    }
    if (strcmp(cmd, "schedule") == 0) {
        if (nargs != 1)
            return usage_error("schedule takes one plan.json");
        return cli_schedule(args[0], &o);
    }
    if (strcmp(cmd, "serve") == 0)
        return cli_serve(args, nargs, &o, port);
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
