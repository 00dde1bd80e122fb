/* test_scenario_in.c - scenario files, extends, the three tables, and the precheck */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "precheck.h"
#include "scenario_in.h"

static char dir[] = "/tmp/test_scenario_in.XXXXXX";

static const char *at(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void put(const char *name, const char *text)
{
    char sub[256];
    snprintf(sub, sizeof sub, "%s", at(name));
    char *slash = strrchr(sub, '/');
    if (slash && slash > sub + strlen(dir)) {
        *slash = '\0';
        mkdir(sub, 0755);
    }
    FILE *f = fopen(at(name), "wb");
    if (!f || fputs(text, f) < 0)
        fail("cannot write %s", name);
    if (f)
        fclose(f);
}

/* Every diag formatted, one per line, with the temp folder cut from file names. */
static const char *all(const diags *d)
{
    static char out[8192];
    size_t used = 0, dl = strlen(dir) + 1;
    out[0] = '\0';
    for (size_t i = 0; i < diags_count(d); i++) {
        char line[2048];
        diag_format(diags_get(d, i), line, sizeof line);
        const char *l = strncmp(line, dir, dl - 1) == 0 && line[dl - 1] == '/' ? line + dl : line;
        int w = snprintf(out + used, sizeof out - used, "%s\n", l);
        if (w < 0 || (size_t)w >= sizeof out - used)
            break;
        used += (size_t)w;
    }
    return out;
}

#define SAME(got, want)                                                                            \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (strcmp(g_, w_) != 0)                                                                   \
            fail("got\n%swant\n%s", g_, w_);                                                       \
    } while (0)

static const char *DEPS = "id,name,segments,cap_points,min_fte,max_fte\n"
                          "Job,Jobafdelingen,jobparat,55,,\n"
                          "Akt,,aktivitetsparat| sygedagpenge ,40,0.5,3\n";
static const char *STAFF = "id,name,unit,fte,status,qualified,department,cap_factor\n"
                           "s1,Søren Ærø,Nord,1,stays,,,\n"
                           "s2,Bo,Syd,0.5,stays,aktivitetsparat|sygedagpenge,Akt,0.5\n"
                           "s3,Carl,Nord,1,leaves,,,\n"
                           "s4,Dorte,Syd,0.8,stays,,,\n";
static const char *CASES = "id,caseworker,segment,weight,pinned\n"
                           "c1,s1,jobparat,,\n"
                           "c2,s2,aktivitetsparat,,1\n"
                           "c3,s3,sygedagpenge,2.5,0\n"
                           "c4,,ledighedsydelse,,\n";

static void write_base(void)
{
    put("departments.csv", DEPS);
    put("staff.csv", STAFF);
    put("cases.csv", CASES);
}

static void test_read(void)
{
    write_base();
    put("s.json", "{\n"
                  "  \"name\": \"base\", \"title\": \"Base line\",\n"
                  "  \"data\": {\"departments\": \"departments.csv\", \"staff\": \"staff.csv\",\n"
                  "           \"cases\": \"cases.csv\"},\n"
                  "  \"weights\": {\"aktivitetsparat\": 1.38, \"ledighedsydelse\": 2},\n"
                  "  \"caps\": {\"Job\": 50},\n"
                  "  \"leaves\": [\"s4\"],\n"
                  "  \"salary_per_fte\": 520000,\n"
                  "  \"solver\": {\"time_limit\": 30, \"gap\": 0.005},\n"
                  "  \"priorities\": [\"continuity\", \"caps\", \"balance\"]\n"
                  "}\n");
    diags *d = diags_create();
    om_scenario *s = scenario_read(at("s.json"), d);
    SAME(all(d), "");
    expect(s != NULL);
    if (!s)
        goto out;
    expect(strcmp(s->name, "base") == 0 && strcmp(s->title, "Base line") == 0);
    expect(s->n_extends == 0 && s->extends == NULL);
    expect(strcmp(s->path, at("s.json")) == 0);
    expect(strcmp(s->cases_path, at("cases.csv")) == 0);
    /* departments' segments first, in order, then those only weights name */
    expect(s->n_segments == 4);
    if (s->n_segments == 4) {
        expect(strcmp(s->segments[0].name, "jobparat") == 0 && near(s->segments[0].weight, 1));
        expect(strcmp(s->segments[1].name, "aktivitetsparat") == 0 &&
               near(s->segments[1].weight, 1.38));
        expect(strcmp(s->segments[2].name, "sygedagpenge") == 0);
        expect(strcmp(s->segments[3].name, "ledighedsydelse") == 0 &&
               near(s->segments[3].weight, 2));
    }
    expect(s->n_departments == 2);
    if (s->n_departments == 2) {
        const om_department *j = &s->departments[0], *a = &s->departments[1];
        expect(near(j->cap_points, 50) && near(j->min_fte, 0) && j->max_fte < 0);
        expect(near(a->cap_points, 40) && near(a->min_fte, 0.5) && near(a->max_fte, 3));
        expect(strcmp(a->name, "Akt") == 0); /* an empty name falls back to the id */
        expect(a->n_segments == 2 && a->segments[0] == 1 && a->segments[1] == 2);
        expect(j->line == 2 && a->line == 3);
    }
    expect(s->n_staff == 4);
    if (s->n_staff == 4) {
        expect(strcmp(s->staff[0].name, "Søren Ærø") == 0 && !s->staff[0].leaves);
        expect(s->staff[0].n_qualified == 0 && s->staff[0].department == -1);
        expect(s->staff[1].department == 1 && s->staff[1].n_qualified == 2);
        expect(near(s->staff[1].fte, 0.5) && near(s->staff[1].cap_factor, 0.5));
        expect(s->staff[2].leaves && s->staff[3].leaves); /* status, and the scenario */
        expect(near(s->staff[3].cap_factor, 1));
    }
    expect(s->n_cases == 4);
    if (s->n_cases == 4) {
        expect(s->cases[0].caseworker == 0 && s->cases[0].segment == 0 &&
               near(s->cases[0].weight, 1) && !s->cases[0].pinned);
        expect(s->cases[1].pinned && near(s->cases[1].weight, 1.38));
        expect(near(s->cases[2].weight, 2.5) && !s->cases[2].pinned);
        expect(s->cases[3].caseworker == -1 && s->cases[3].segment == 3 &&
               near(s->cases[3].weight, 2) && s->cases[3].line == 5);
    }
    expect(s->n_leaves == 1 && strcmp(s->leaves[0], "s4") == 0);
    expect(near(s->salary_per_fte, 520000) && near(s->time_limit, 30) && near(s->gap, 0.005));
    expect(s->priorities[0] == PRIO_CONTINUITY && s->priorities[1] == PRIO_CAPS &&
           s->priorities[2] == PRIO_BALANCE);
out:
    scenario_destroy(&s);
    diags_destroy(&d);
}

static void test_extends(void)
{
    write_base();
    put("base/departments.csv", DEPS);
    put("base/staff.csv", "id,name,unit,fte,status\ns1,A,N,1,stays\n");
    put("base/cases.csv", CASES);
    put("base/baseline.json",
        "{\"name\": \"baseline\", \"title\": \"T\",\n"
        " \"data\": {\"departments\": \"departments.csv\", \"staff\": \"staff.csv\",\n"
        "          \"cases\": \"cases.csv\"},\n"
        " \"weights\": {\"aktivitetsparat\": 1.38, \"jobparat\": 1.1},\n"
        " \"caps\": {\"Akt\": 45}, \"leaves\": [\"s1\", \"s4\"], \"salary_per_fte\": 500000,\n"
        " \"solver\": {\"time_limit\": 10, \"gap\": 0.01},\n"
        " \"priorities\": [{\"level\": \"balance\", \"slack\": 0.5}, \"caps\", \"continuity\"]}\n");
    put("mid.json", "{\"extends\": \"base/baseline.json\", \"caps\": {\"Job\": 60},\n"
                    " \"solver\": {\"gap\": 0.02}}\n");
    put("cut-40.json", "{\"extends\": \"mid.json\", \"data\": {\"staff\": \"staff.csv\"},\n"
                       " \"weights\": {\"jobparat\": 1.2, \"ledighedsydelse\": 1},\n"
                       " \"leaves\": [\"s3\"], \"priorities\": [\"caps\",\n"
                       " {\"level\": \"continuity\", \"slack\": 0.02}]}\n");
    diags *d = diags_create();
    om_scenario *s = scenario_read(at("cut-40.json"), d);
    SAME(all(d), "");
    expect(s != NULL);
    if (!s)
        goto out;
    expect(strcmp(s->name, "cut-40") == 0 && s->title == NULL); /* never inherited */
    expect(s->n_extends == 2);
    if (s->n_extends == 2)
        expect(strcmp(s->extends[0], at("mid.json")) == 0 &&
               strcmp(s->extends[1], at("base/baseline.json")) == 0);
    expect(strcmp(s->departments_path, at("base/departments.csv")) == 0);
    expect(strcmp(s->staff_path, at("staff.csv")) == 0); /* relative to the file naming it */
    expect(strcmp(s->cases_path, at("base/cases.csv")) == 0);
    expect(s->n_staff == 4 && s->n_leaves == 1 && strcmp(s->leaves[0], "s3") == 0);
    if (s->n_staff == 4)
        expect(!s->staff[0].leaves && !s->staff[3].leaves && s->staff[2].leaves);
    /* objects merge key by key */
    expect(s->n_segments == 4);
    if (s->n_segments == 4) {
        expect(near(s->segments[0].weight, 1.2) && near(s->segments[1].weight, 1.38));
        expect(strcmp(s->segments[3].name, "ledighedsydelse") == 0);
    }
    if (s->n_departments == 2)
        expect(near(s->departments[0].cap_points, 60) && near(s->departments[1].cap_points, 45));
    expect(near(s->time_limit, 10) && near(s->gap, 0.02) && near(s->salary_per_fte, 500000));
    /* priorities replace the inherited ones whole, slacks with them */
    expect(s->n_priorities == 2 && s->priorities[0] == PRIO_CAPS &&
           s->priorities[1] == PRIO_CONTINUITY);
    expect(near(s->slack[PRIO_CONTINUITY], 0.02) && s->slack[PRIO_CAPS] == 0 &&
           s->slack[PRIO_BALANCE] == 0);
out:
    scenario_destroy(&s);
    diags_destroy(&d);

    /* a cycle names the chain; nothing is read past it */
    put("a.json", "{\"extends\": \"b.json\"}");
    put("b.json", "{\"extends\": \"./a.json\"}");
    d = diags_create();
    expect(scenario_read(at("a.json"), d) == NULL);
    char want[1024];
    snprintf(want, sizeof want,
             "b.json: error: $.extends: extends cycle: %s -> %s -> %s/./a.json\n", at("a.json"),
             at("b.json"), dir);
    SAME(all(d), want);
    diags_destroy(&d);
}

static void test_errors(void)
{
    write_base();
    put("departments.csv", "id,name,segments,cap_points\nJob,J,jobparat,0\nJob,K,x||y,abc\n");
    put("staff.csv", "id,name,unit,fte,status,department,qualified\n"
                     "s1,A,N,1.5,stays,Jobb,jobparat|nope\n"
                     ",B,N,1,gone,,\n");
    put("cases.csv", "id,caseworker,segment,pinned\n"
                     "c1,s9,jobparrat,2\n"
                     "c1,,jobparat,1\n"
                     "311299-1234,s1,jobparat,\n"
                     "0101901234,s1,jobparat,\n"
                     "320190-1234,s1,jobparat,\n"
                     "011390-1234,s1,jobparat,\n");
    put("e.json", "{\"data\": {\"departments\": \"departments.csv\", \"staff\": \"staff.csv\",\n"
                  "          \"cases\": \"cases.csv\", \"extra\": \"x\"},\n"
                  " \"wieghts\": {}, \"caps\": {\"Akt\": 5, \"Job\": \"many\"},\n"
                  " \"leaves\": [\"s1\", 7, \"s7\"], \"solver\": {\"gap\": -1, \"threads\": 2},\n"
                  " \"salary_per_fte\": -3, \"priorities\": [\"caps\",\n"
                  " {\"level\": \"balance\", \"slack\": -1}, \"caps\"], \"name\": \"a/b\"}\n");
    diags *d = diags_create();
    expect(scenario_read(at("e.json"), d) == NULL);
    SAME(all(d),
         "e.json: error: $: unknown key 'wieghts'; did you mean 'weights'?\n"
         "e.json: error: $.name: must be a short name usable as a folder name (no '/'), got "
         "\"a/b\"\n"
         "e.json: error: $.data: unknown key 'extra'\n"
         "e.json: error: $.caps.Job: must be a number in [0.01,100000], got \"many\"\n"
         "e.json: error: $.leaves[1]: must be a staff id, got 7\n"
         "e.json: error: $.salary_per_fte: must be a number in [0,1000000000], got -3\n"
         "e.json: error: $.solver: unknown key 'threads'\n"
         "e.json: error: $.solver.gap: must be a number in [0,1), got -1\n"
         "e.json: error: $.priorities[1].slack: must be a number >= 0 (relative: 0.02 is 2 %), "
         "got -1\n"
         "e.json: error: $.priorities[2]: \"caps\" is named twice (also at $.priorities[0])\n"
         "departments.csv:2:4: error: column 'cap_points': must be in [0.01,100000], got \"0\"\n"
         "departments.csv:3:1: error: column 'id': duplicate department id \"Job\" (first on "
         "line 2)\n"
         "departments.csv:3:3: error: column 'segments': empty segment name in \"x||y\"\n"
         "departments.csv:3:4: error: column 'cap_points': expected a number, got \"abc\"\n"
         "e.json: error: $.caps.Akt: unknown department \"Akt\"\n"
         "staff.csv:2:4: error: column 'fte': must be in (0,1], got \"1.5\"\n"
         "staff.csv:2:7: error: column 'qualified': unknown segment \"nope\"\n"
         "staff.csv:2:6: error: column 'department': unknown department \"Jobb\"; did you mean "
         "\"Job\"?\n"
         "staff.csv:3:1: error: column 'id': empty cell; every staff needs an id\n"
         "staff.csv:3:5: error: column 'status': expected \"stays\" or \"leaves\", got \"gone\"\n"
         "e.json: error: $.leaves[2]: unknown staff id \"s7\"\n"
         "cases.csv:2:2: error: column 'caseworker': unknown caseworker \"s9\"\n"
         "cases.csv:2:3: error: column 'segment': unknown segment \"jobparrat\"; did you mean "
         "\"jobparat\"?\n"
         "cases.csv:2:4: error: column 'pinned': expected 0 or 1, got \"2\"\n"
         "cases.csv:3:1: error: column 'id': duplicate case id \"c1\" (first on line 2)\n"
         "cases.csv:3:4: error: column 'pinned': a pinned case needs a caseworker\n"
         "cases.csv:4:1: error: column 'id': case id \"311299-****\" looks like a CPR number; "
         "ids must be pseudonymous\n"
         "cases.csv:5:1: error: column 'id': case id \"010190****\" looks like a CPR number; "
         "ids must be pseudonymous\n");
    diags_destroy(&d);

    /* no diags list: still NULL, nothing leaks */
    expect(scenario_read(at("e.json"), NULL) == NULL);
    expect(scenario_read(at("nosuch.json"), NULL) == NULL);

    /* a missing scenario, a directory, a syntax error */
    d = diags_create();
    expect(scenario_read(at("nosuch.json"), d) == NULL);
    expect(scenario_read(dir, d) == NULL);
    put("bad.json", "{\n  \"name\": \"x\",\n}\n");
    expect(scenario_read(at("bad.json"), d) == NULL);
    char want[1024];
    snprintf(want, sizeof want,
             "nosuch.json: error: cannot read scenario: No such file or directory\n"
             "%s: error: cannot read scenario: is a directory\n"
             "bad.json:3:1: error: string or '}' expected near '}'\n",
             dir);
    SAME(all(d), want);
    diags_destroy(&d);
}

/* Duplicate case ids whether the ids come in order or not: in order, the reader keeps
 * no map until an id comes out of order, and then fills it with every id so far,
 * those of records it did not store too. */
static void test_duplicate_ids(void)
{
    write_base();
    put("d.json", "{\"data\": {\"departments\": \"departments.csv\", \"staff\": \"staff.csv\", "
                  "\"cases\": \"cases.csv\"}}");
    put("cases.csv", "id,caseworker,segment\n"
                     "c1,s1,jobparat\n"
                     "c2,s1,nope\n"
                     "c3,s1,jobparat\n"
                     "c3,s1,jobparat\n"
                     "c2,s1,jobparat\n"
                     "c0,s1,jobparat\n"
                     "c9,s1,jobparat\n"
                     "c0,s1,jobparat\n");
    diags *d = diags_create();
    expect(scenario_read(at("d.json"), d) == NULL);
    SAME(all(d), "cases.csv:3:3: error: column 'segment': unknown segment \"nope\"\n"
                 "cases.csv:5:1: error: column 'id': duplicate case id \"c3\" (first on line 4)\n"
                 "cases.csv:6:1: error: column 'id': duplicate case id \"c2\" (first on line 3)\n"
                 "cases.csv:9:1: error: column 'id': duplicate case id \"c0\" (first on line 7)\n");
    diags_destroy(&d);
    /* ids in order, and out of order from the start: the same cases */
    static const char *const ids[2][3] = {{"c1", "c2", "c3"}, {"c3", "c1", "c2"}};
    static const char *const tables[2] = {
        "id,caseworker,segment\nc1,s1,jobparat\nc2,s2,aktivitetsparat\nc3,,jobparat\n",
        "id,caseworker,segment\nc3,,jobparat\nc1,s1,jobparat\nc2,s2,aktivitetsparat\n"};
    for (int k = 0; k < 2; k++) {
        put("cases.csv", tables[k]);
        d = diags_create();
        om_scenario *s = scenario_read(at("d.json"), d);
        SAME(all(d), "");
        expect(s && s->n_cases == 3);
        for (int i = 0; s && i < s->n_cases && i < 3; i++)
            expect(strcmp(s->cases[i].id, ids[k][i]) == 0);
        scenario_destroy(&s);
        diags_destroy(&d);
    }
}

/* Read s.json over the given tables and run the precheck; returns its messages. */
static const char *precheck_of(const char *deps, const char *staff, const char *cases,
                               const char *extra, int *errors)
{
    static char out[8192];
    char json[1024];
    put("departments.csv", deps);
    put("staff.csv", staff);
    put("cases.csv", cases);
    snprintf(json, sizeof json,
             "{\"data\": {\"departments\": \"departments.csv\", \"staff\": \"staff.csv\", "
             "\"cases\": \"cases.csv\"}%s}",
             extra);
    put("p.json", json);
    diags *d = diags_create();
    om_scenario *s = scenario_read(at("p.json"), d);
    *errors = -1;
    if (s)
        *errors = precheck_run(s, d);
    snprintf(out, sizeof out, "%s", all(d));
    scenario_destroy(&s);
    diags_destroy(&d);
    return out;
}

static void test_precheck(void)
{
    int e;
    const char *D = "id,name,segments,cap_points,min_fte,max_fte\n"
                    "Job,J,jobparat,55,,\n"
                    "Akt,A,aktivitetsparat|sygedagpenge,40,,\n";
    const char *S = "id,name,unit,fte,status,qualified,department\n"
                    "s1,A,N,1,stays,,\n"
                    "s2,B,S,0.5,stays,aktivitetsparat|sygedagpenge,\n"
                    "s3,C,N,1,leaves,,\n";
    const char *C = "id,caseworker,segment,pinned\nc1,s1,jobparat,\nc2,s2,aktivitetsparat,1\n";

    SAME(precheck_of(D, S, C, "", &e), "");
    expect(e == 0);

    /* a segment that no department serves; one that no staying caseworker can take */
    SAME(precheck_of(D,
                     "id,name,unit,fte,status,qualified\ns1,A,N,1,stays,jobparat\n"
                     "s2,B,N,1,leaves,\n",
                     "id,caseworker,segment\nc1,s1,jobparat\nc2,,ledig\nc3,,ledig\n"
                     "c4,,sygedagpenge\n",
                     ", \"weights\": {\"ledig\": 1}", &e),
         "p.json: error: segment sygedagpenge has 1 case but no staying caseworker can take "
         "them: none is qualified for it and free to join a department that serves it\n"
         "p.json: error: segment ledig has 2 cases but no department serves it\n"
         "p.json: warning: department Akt: no staying caseworker can join it, so it stays "
         "empty\n");
    expect(e == 2);

    /* pinned cases: leaver, unqualified, fixed elsewhere, not together */
    SAME(precheck_of("id,name,segments,cap_points\nJob,J,jobparat,55\nAkt,A,aktivitetsparat,40\n"
                     "Syg,S,sygedagpenge,40\n",
                     "id,name,unit,fte,status,qualified,department\n"
                     "s1,A,N,1,stays,,\n"
                     "s2,B,S,1,stays,aktivitetsparat,\n"
                     "s3,C,N,1,leaves,,\n"
                     "s4,D,N,1,stays,,Job\n",
                     "id,caseworker,segment,pinned\n"
                     "c1,s3,jobparat,1\nc2,s3,jobparat,1\nc3,s2,jobparat,1\n"
                     "c4,s4,sygedagpenge,1\nc5,s1,jobparat,1\nc6,s1,sygedagpenge,1\n",
                     "", &e),
         "p.json: error: 2 pinned cases stay with caseworkers who leave: c1 (s3), c2 (s3)\n"
         "p.json: error: 1 pinned case has a caseworker not qualified for the segment: c3 (s2, "
         "jobparat)\n"
         "p.json: error: 1 pinned case has a caseworker fixed in a department that does not "
         "serve the segment: c4 (s4 in Job, sygedagpenge)\n"
         "p.json: error: 1 caseworker has pinned cases in segments that no single department "
         "they can join serves together: s1\n");
    expect(e == 4);

    /* no department to join; FTE bounds */
    SAME(precheck_of("id,name,segments,cap_points,min_fte,max_fte\nJob,J,jobparat,55,2.5,\n"
                     "Akt,A,aktivitetsparat,40,,0.4\n",
                     "id,name,unit,fte,status,qualified,department\n"
                     "s1,A,N,1,stays,,Job\ns2,B,N,0.5,stays,,Job\n"
                     "s3,C,N,1,stays,ledig,\ns4,D,N,0.5,stays,,Akt\n",
                     "id,caseworker,segment\nc1,s1,jobparat\n", ", \"weights\": {\"ledig\": 1}",
                     &e),
         "p.json: error: 1 staying caseworker can join no department: none serves a segment "
         "they are qualified for: s3\n"
         "p.json: error: department Job needs at least 2.5 FTE (min_fte) but the staying "
         "caseworkers who can join it have 1.5 FTE\n"
         "p.json: error: department Akt takes at most 0.4 FTE (max_fte) but 0.5 FTE of staying "
         "caseworkers are fixed in it\n");
    expect(e == 3);
    SAME(precheck_of("id,name,segments,cap_points,min_fte,max_fte\nJob,J,jobparat,55,1,1\n"
                     "Akt,A,jobparat,40,,1\n",
                     "id,name,unit,fte,status\ns1,A,N,1,stays\ns2,B,N,1,stays\ns3,C,N,1,stays\n",
                     "id,caseworker,segment\nc1,s1,jobparat\n", "", &e),
         "p.json: error: the departments take at most 2 FTE together (max_fte) but the staying "
         "caseworkers have 3 FTE and each must join one\n");
    expect(e == 1);
    SAME(precheck_of("id,name,segments,cap_points,min_fte\nJob,J,jobparat,55,1\n"
                     "Akt,A,jobparat,40,1.5\n",
                     "id,name,unit,fte,status\ns1,A,N,1,stays\ns2,B,N,1,stays\n",
                     "id,caseworker,segment\nc1,s1,jobparat\n", "", &e),
         "p.json: error: the departments need at least 2.5 FTE together (min_fte) but the "
         "staying caseworkers have 2 FTE\n");
    expect(e == 1);

    /* demand above the largest capacity is a warning; ids beyond five are counted */
    SAME(precheck_of("id,name,segments,cap_points\nJob,J,jobparat,2\nAkt,A,jobparat,4\n",
                     "id,name,unit,fte,status,cap_factor\ns1,A,N,1,stays,0.5\n"
                     "s2,B,N,0.5,stays,\n",
                     "id,caseworker,segment,weight\nc1,s1,jobparat,3\nc2,s2,jobparat,3\n"
                     "c3,s2,jobparat,0.5\n",
                     "", &e),
         "p.json: warning: the cases need 6.5 points but the staying caseworkers can carry at "
         "most 4 (each at the highest cap_points they can get): 2.5 points too many, about 0.8 "
         "FTE at the mean cap_points of 3\n");
    expect(e == 0);
    SAME(precheck_of(D, S,
                     "id,caseworker,segment,pinned\nc1,s3,jobparat,1\nc2,s3,jobparat,1\n"
                     "c3,s3,jobparat,1\nc4,s3,jobparat,1\nc5,s3,jobparat,1\nc6,s3,jobparat,1\n"
                     "c7,s3,jobparat,1\n",
                     "", &e),
         "p.json: error: 7 pinned cases stay with caseworkers who leave: c1 (s3), c2 (s3), c3 "
         "(s3), c4 (s3), c5 (s3) and 2 more\n");
    expect(e == 1);
}

static void cleanup(void)
{
    const char *names[] = {"departments.csv",
                           "staff.csv",
                           "cases.csv",
                           "s.json",
                           "base/departments.csv",
                           "base/staff.csv",
                           "base/cases.csv",
                           "base/baseline.json",
                           "mid.json",
                           "cut-40.json",
                           "a.json",
                           "b.json",
                           "e.json",
                           "bad.json",
                           "p.json"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        unlink(at(names[i]));
    rmdir(at("base"));
    rmdir(dir);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_read();
    test_extends();
    test_errors();
    test_duplicate_ids();
    test_precheck();
    cleanup();
    return test_failures != 0;
}
