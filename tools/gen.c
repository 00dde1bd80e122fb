/* gen.c - write a synthetic municipality (departments, staff, cases, scenario) for omfordel */

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_CASES 100000000L
#define MAX_STAFF 1000000L
#define TWO_PI 6.283185307179586

/* Capacity against demand after leavers: well above by default, mildly short with --tight. */
#define SLACK_LOOSE 1.15
#define SLACK_TIGHT 0.96

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* ---- PRNG: xoshiro256** seeded through splitmix64; the output depends on the arguments only */

typedef struct {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* One stream per stage, so that e.g. --leavers or --pinned-share leave the caseloads alone. */
enum {
    STREAM_STAFF = 1,
    STREAM_LEAVE,
    STREAM_QUAL,
    STREAM_CASES,
    STREAM_PIN,
    STREAM_SKEW,
    STREAM_SPEC,
    STREAM_CAPS,
    STREAM_HOUSE,
    STREAM_CHANGES
};

static void rng_seed(rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03u);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* uniform in [0,1) with 53 random bits */
static double rng_unit(rng *r) { return (double)(rng_next(r) >> 11) * 0x1.0p-53; }

/* uniform in [0,n), unbiased by rejection */
static uint64_t rng_below(rng *r, uint64_t n)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % n, x;
    do
        x = rng_next(r);
    while (x >= limit);
    return x % n;
}

/* standard normal (Box-Muller, one value per call: simple and fast enough here) */
static double rng_normal(rng *r)
{
    double u1 = 1.0 - rng_unit(r), u2 = rng_unit(r);
    return sqrt(-2.0 * log(u1)) * cos(TWO_PI * u2);
}

/* ---- The domain: segments, old units by benefit type, new departments by distance */

enum {
    SEG_JOBPARAT,
    SEG_AKTIVITETSPARAT,
    SEG_UDDANNELSESPARAT,
    SEG_AKTIVITETSPARAT_U30,
    SEG_SYGEDAGPENGE_1,
    SEG_SYGEDAGPENGE_23,
    SEG_JOBAFKLARING,
    SEG_RESSOURCEFORLOEB,
    SEG_LEDIGHEDSYDELSE,
    SEG_INTEGRATION,
    SEG_A_DAGPENGE,
    N_SEG
};

/* Weights: 45 over the midpoint of the union's (DS) recommended cases per FTE;
 * shares a plausible mix of the ~11,000 citizens on support in a Slagelse-size
 * municipality. */
static const struct {
    const char *name;
    double weight, share;
} segs[N_SEG] = {
    {"jobparat", 1.0, 0.10},          {"aktivitetsparat", 1.38, 0.13},
    {"uddannelsesparat", 1.13, 0.06}, {"aktivitetsparat_u30", 1.38, 0.07},
    {"sygedagpenge_1", 1.29, 0.09},   {"sygedagpenge_23", 1.29, 0.10},
    {"jobafklaring", 1.38, 0.04},     {"ressourceforloeb", 1.38, 0.05},
    {"ledighedsydelse", 1.2, 0.06},   {"integration", 1.06, 0.10},
    {"a_dagpenge", 1.0, 0.20},
};

enum { U_KONTANT, U_SYGE, U_ADAGPENGE, U_UNGE, U_FLEKS, U_INTEGRATION, N_UNIT };

static const char *const unit_names[N_UNIT] = {
    "Kontanthjælp", "Sygedagpenge", "A-dagpenge/Job", "Unge", "Fleks og ressource", "Integration",
};

/* Which old unit holds a case of each segment: a row sums to 1. A unit's segments are
 * those with a share > 0, so its caseworkers hold several segments of one benefit type. */
static const double seg_unit_aligned[N_SEG][N_UNIT] = {
    [SEG_JOBPARAT] = {[U_KONTANT] = 0.6, [U_ADAGPENGE] = 0.4},
    [SEG_AKTIVITETSPARAT] = {[U_KONTANT] = 0.85, [U_INTEGRATION] = 0.15},
    [SEG_UDDANNELSESPARAT] = {[U_UNGE] = 1.0},
    [SEG_AKTIVITETSPARAT_U30] = {[U_UNGE] = 1.0},
    [SEG_SYGEDAGPENGE_1] = {[U_SYGE] = 1.0},
    [SEG_SYGEDAGPENGE_23] = {[U_SYGE] = 1.0},
    [SEG_JOBAFKLARING] = {[U_SYGE] = 0.7, [U_FLEKS] = 0.3},
    [SEG_RESSOURCEFORLOEB] = {[U_FLEKS] = 0.8, [U_KONTANT] = 0.2},
    [SEG_LEDIGHEDSYDELSE] = {[U_FLEKS] = 1.0},
    [SEG_INTEGRATION] = {[U_INTEGRATION] = 1.0},
    [SEG_A_DAGPENGE] = {[U_ADAGPENGE] = 1.0},
};

/* --spread: the old units cut across the new lines. Kontanthjælp also held the under-30s
 * (before Unge took them), Sygedagpenge the sick on ledighedsydelse and aktivitetsparate,
 * A-dagpenge/Job the sick and young insured, Unge young jobparate and young refugees,
 * Integration jobparate refugees; so a unit's cases fall into two or three departments. */
static const double seg_unit_spread[N_SEG][N_UNIT] = {
    [SEG_JOBPARAT] =
        {[U_KONTANT] = 0.4, [U_ADAGPENGE] = 0.3, [U_UNGE] = 0.15, [U_INTEGRATION] = 0.15},
    [SEG_AKTIVITETSPARAT] = {[U_KONTANT] = 0.7, [U_INTEGRATION] = 0.2, [U_SYGE] = 0.1},
    [SEG_UDDANNELSESPARAT] = {[U_UNGE] = 0.6, [U_KONTANT] = 0.25, [U_ADAGPENGE] = 0.15},
    [SEG_AKTIVITETSPARAT_U30] = {[U_UNGE] = 0.7, [U_KONTANT] = 0.3},
    [SEG_SYGEDAGPENGE_1] = {[U_SYGE] = 0.75, [U_ADAGPENGE] = 0.25},
    [SEG_SYGEDAGPENGE_23] = {[U_SYGE] = 0.75, [U_FLEKS] = 0.25},
    [SEG_JOBAFKLARING] = {[U_SYGE] = 0.5, [U_FLEKS] = 0.5},
    [SEG_RESSOURCEFORLOEB] = {[U_FLEKS] = 0.6, [U_KONTANT] = 0.3, [U_SYGE] = 0.1},
    [SEG_LEDIGHEDSYDELSE] = {[U_FLEKS] = 0.7, [U_SYGE] = 0.3},
    [SEG_INTEGRATION] = {[U_INTEGRATION] = 0.8, [U_UNGE] = 0.2},
    [SEG_A_DAGPENGE] = {[U_ADAGPENGE] = 1.0},
};

#define MAX_DEPT 9
#define MAX_BASE_SEGS 6

typedef struct {
    const char *id, *name;
    int segs[MAX_BASE_SEGS]; /* in the order written; ends at the first -1 */
} dept_def;

/* A second department serving a segment (--shared): the segment is appended to it. */
typedef struct {
    int seg, dept;
} share_def;

/* A new design: departments, each segment served by one of them, and the segments that
 * may also be served by a neighbour on the distance-to-labour-market scale, in the order
 * --shared takes them. */
typedef struct {
    const dept_def *depts;
    int n_depts;
    const share_def *shares;
    int n_shares;
    int default_shared; /* without --shared */
} design_def;

/* 3: Fleks joins Længere fra and Integration joins Job. */
static const dept_def design3[] = {
    {"Job",
     "Job og virksomhed",
     {SEG_JOBPARAT, SEG_A_DAGPENGE, SEG_SYGEDAGPENGE_1, SEG_INTEGRATION, -1}},
    {"Uddannelse", "Uddannelse og unge", {SEG_UDDANNELSESPARAT, SEG_AKTIVITETSPARAT_U30, -1}},
    {"Laengere_fra",
     "Længere fra arbejdsmarkedet",
     {SEG_AKTIVITETSPARAT, SEG_SYGEDAGPENGE_23, SEG_JOBAFKLARING, SEG_RESSOURCEFORLOEB,
      SEG_LEDIGHEDSYDELSE, -1}},
};
static const share_def shares3[] = {
    {SEG_SYGEDAGPENGE_23, 0}, {SEG_AKTIVITETSPARAT_U30, 2}, {SEG_INTEGRATION, 2}};

/* 4: as 5 with Fleks merged into Længere fra. */
static const dept_def design4[] = {
    {"Job", "Job og virksomhed", {SEG_JOBPARAT, SEG_A_DAGPENGE, SEG_SYGEDAGPENGE_1, -1}},
    {"Uddannelse", "Uddannelse og unge", {SEG_UDDANNELSESPARAT, SEG_AKTIVITETSPARAT_U30, -1}},
    {"Laengere_fra",
     "Længere fra arbejdsmarkedet",
     {SEG_AKTIVITETSPARAT, SEG_SYGEDAGPENGE_23, SEG_JOBAFKLARING, SEG_RESSOURCEFORLOEB,
      SEG_LEDIGHEDSYDELSE, -1}},
    {"Integration", "Integration", {SEG_INTEGRATION, -1}},
};
static const share_def shares4[] = {{SEG_SYGEDAGPENGE_23, 0},
                                    {SEG_AKTIVITETSPARAT_U30, 2},
                                    {SEG_AKTIVITETSPARAT, 3},
                                    {SEG_JOBAFKLARING, 0}};

/* 5: job-ready, young, far from the labour market, flex and integration. */
static const dept_def design5[] = {
    {"Job", "Job og virksomhed", {SEG_JOBPARAT, SEG_A_DAGPENGE, SEG_SYGEDAGPENGE_1, -1}},
    {"Uddannelse", "Uddannelse og unge", {SEG_UDDANNELSESPARAT, SEG_AKTIVITETSPARAT_U30, -1}},
    {"Laengere_fra",
     "Længere fra arbejdsmarkedet",
     {SEG_AKTIVITETSPARAT, SEG_SYGEDAGPENGE_23, SEG_JOBAFKLARING, SEG_RESSOURCEFORLOEB, -1}},
    {"Fleks", "Fleks og ledighedsydelse", {SEG_LEDIGHEDSYDELSE, -1}},
    {"Integration", "Integration", {SEG_INTEGRATION, -1}},
};
static const share_def shares5[] = {{SEG_SYGEDAGPENGE_23, 0},
                                    {SEG_AKTIVITETSPARAT_U30, 2},
                                    {SEG_RESSOURCEFORLOEB, 3},
                                    {SEG_AKTIVITETSPARAT, 4},
                                    {SEG_JOBAFKLARING, 3}};

/* 6: as 5 with the sick (sygedagpenge, jobafklaring) split off Job and Længere fra. */
static const dept_def design6[] = {
    {"Job", "Job og virksomhed", {SEG_JOBPARAT, SEG_A_DAGPENGE, -1}},
    {"Sygedagpenge",
     "Sygedagpenge og jobafklaring",
     {SEG_SYGEDAGPENGE_1, SEG_SYGEDAGPENGE_23, SEG_JOBAFKLARING, -1}},
    {"Uddannelse", "Uddannelse og unge", {SEG_UDDANNELSESPARAT, SEG_AKTIVITETSPARAT_U30, -1}},
    {"Laengere_fra",
     "Længere fra arbejdsmarkedet",
     {SEG_AKTIVITETSPARAT, SEG_RESSOURCEFORLOEB, -1}},
    {"Fleks", "Fleks og ledighedsydelse", {SEG_LEDIGHEDSYDELSE, -1}},
    {"Integration", "Integration", {SEG_INTEGRATION, -1}},
};
static const share_def shares6[] = {{SEG_SYGEDAGPENGE_23, 3},
                                    {SEG_AKTIVITETSPARAT_U30, 3},
                                    {SEG_RESSOURCEFORLOEB, 4},
                                    {SEG_AKTIVITETSPARAT, 5},
                                    {SEG_JOBAFKLARING, 3}};

/* 7: as 6 with a Ressource department (jobafklaring, ressourceforløb) off the sick and
 * Længere fra. */
static const dept_def design7[] = {
    {"Job", "Job og virksomhed", {SEG_JOBPARAT, SEG_A_DAGPENGE, -1}},
    {"Sygedagpenge", "Sygedagpenge", {SEG_SYGEDAGPENGE_1, SEG_SYGEDAGPENGE_23, -1}},
    {"Uddannelse", "Uddannelse og unge", {SEG_UDDANNELSESPARAT, SEG_AKTIVITETSPARAT_U30, -1}},
    {"Laengere_fra", "Længere fra arbejdsmarkedet", {SEG_AKTIVITETSPARAT, -1}},
    {"Ressource", "Ressourceforløb og jobafklaring", {SEG_JOBAFKLARING, SEG_RESSOURCEFORLOEB, -1}},
    {"Fleks", "Fleks og ledighedsydelse", {SEG_LEDIGHEDSYDELSE, -1}},
    {"Integration", "Integration", {SEG_INTEGRATION, -1}},
};
static const share_def shares7[] = {
    {SEG_SYGEDAGPENGE_23, 3}, {SEG_AKTIVITETSPARAT_U30, 3}, {SEG_RESSOURCEFORLOEB, 5},
    {SEG_AKTIVITETSPARAT, 6}, {SEG_JOBAFKLARING, 1},
};

/* 8: as 7 with the insured unemployed (a-dagpenge) apart from the job-ready on
 * kontanthjælp. */
static const dept_def design8[] = {
    {"Job", "Jobparate", {SEG_JOBPARAT, -1}},
    {"Dagpenge", "Forsikrede ledige", {SEG_A_DAGPENGE, -1}},
    {"Sygedagpenge", "Sygedagpenge", {SEG_SYGEDAGPENGE_1, SEG_SYGEDAGPENGE_23, -1}},
    {"Uddannelse", "Uddannelse og unge", {SEG_UDDANNELSESPARAT, SEG_AKTIVITETSPARAT_U30, -1}},
    {"Laengere_fra", "Længere fra arbejdsmarkedet", {SEG_AKTIVITETSPARAT, -1}},
    {"Ressource", "Ressourceforløb og jobafklaring", {SEG_JOBAFKLARING, SEG_RESSOURCEFORLOEB, -1}},
    {"Fleks", "Fleks og ledighedsydelse", {SEG_LEDIGHEDSYDELSE, -1}},
    {"Integration", "Integration", {SEG_INTEGRATION, -1}},
};
static const share_def shares8[] = {
    {SEG_SYGEDAGPENGE_23, 4}, {SEG_AKTIVITETSPARAT_U30, 4}, {SEG_RESSOURCEFORLOEB, 6},
    {SEG_AKTIVITETSPARAT, 7}, {SEG_JOBAFKLARING, 2},        {SEG_JOBPARAT, 1},
};

/* 9: as 8 with the young split: Uddannelse (uddannelseshjælp, job-ready for education)
 * and Unge (aktivitetsparate under 30). */
static const dept_def design9[] = {
    {"Job", "Jobparate", {SEG_JOBPARAT, -1}},
    {"Dagpenge", "Forsikrede ledige", {SEG_A_DAGPENGE, -1}},
    {"Sygedagpenge", "Sygedagpenge", {SEG_SYGEDAGPENGE_1, SEG_SYGEDAGPENGE_23, -1}},
    {"Uddannelse", "Uddannelsesparate unge", {SEG_UDDANNELSESPARAT, -1}},
    {"Unge", "Aktivitetsparate unge", {SEG_AKTIVITETSPARAT_U30, -1}},
    {"Laengere_fra", "Længere fra arbejdsmarkedet", {SEG_AKTIVITETSPARAT, -1}},
    {"Ressource", "Ressourceforløb og jobafklaring", {SEG_JOBAFKLARING, SEG_RESSOURCEFORLOEB, -1}},
    {"Fleks", "Fleks og ledighedsydelse", {SEG_LEDIGHEDSYDELSE, -1}},
    {"Integration", "Integration", {SEG_INTEGRATION, -1}},
};
static const share_def shares9[] = {
    {SEG_SYGEDAGPENGE_23, 5},  {SEG_AKTIVITETSPARAT_U30, 5}, {SEG_RESSOURCEFORLOEB, 7},
    {SEG_AKTIVITETSPARAT, 8},  {SEG_JOBAFKLARING, 2},        {SEG_JOBPARAT, 1},
    {SEG_UDDANNELSESPARAT, 4},
};

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Indexed by the number of departments; designs 4 and up share sygedagpenge_23 by default
 * (long sick leave on either side of the line), so the engine chooses where it goes. */
static const design_def designs[MAX_DEPT + 1] = {
    [3] = {design3, N_OF(design3), shares3, N_OF(shares3), 0},
    [4] = {design4, N_OF(design4), shares4, N_OF(shares4), 1},
    [5] = {design5, N_OF(design5), shares5, N_OF(shares5), 1},
    [6] = {design6, N_OF(design6), shares6, N_OF(shares6), 1},
    [7] = {design7, N_OF(design7), shares7, N_OF(shares7), 1},
    [8] = {design8, N_OF(design8), shares8, N_OF(shares8), 1},
    [9] = {design9, N_OF(design9), shares9, N_OF(shares9), 1},
};

/* Names, ASCII and with æøå; CSV-safe (no comma, quote or newline), so written unquoted. */
static const char *const first_names[] = {
    "Anne",   "Mette",  "Hanne",   "Susanne",   "Lene",    "Camilla", "Marianne", "Helle",
    "Pia",    "Louise", "Kirsten", "Birgitte",  "Tove",    "Bodil",   "Signe",    "Ida",
    "Maja",   "Freja",  "Sofie",   "Trine",     "Dorthe",  "Gitte",   "Lærke",    "Nanna",
    "Rikke",  "Malene", "Stine",   "Karen",     "Inge",    "Ulla",    "Grethe",   "Åse",
    "Bjørg",  "Julie",  "Line",    "Charlotte", "Tina",    "Heidi",   "Mathilde", "Fatima",
    "Aylin",  "Søren",  "Jørgen",  "Bjørn",     "Mads",    "Rasmus",  "Jens",     "Lars",
    "Henrik", "Morten", "Niels",   "Ole",       "Peter",   "Thomas",  "Kasper",   "Anders",
    "Mikkel", "Torben", "Jesper",  "Jørn",      "Steffen", "Ahmed",   "Mustafa",  "Bo",
};

/* Common names first: surnames are drawn with a bias towards the head of the list. */
static const char *const last_names[] = {
    "Nielsen",  "Jensen",       "Hansen",    "Pedersen",    "Andersen",   "Christensen", "Larsen",
    "Sørensen", "Rasmussen",    "Jørgensen", "Petersen",    "Madsen",     "Kristensen",  "Olsen",
    "Thomsen",  "Christiansen", "Poulsen",   "Johansen",    "Møller",     "Mortensen",   "Knudsen",
    "Jakobsen", "Mikkelsen",    "Lauridsen", "Holm",        "Østergaard", "Dahl",        "Bækgaard",
    "Løkke",    "Frølich",      "Kjær",      "Søndergaard", "Lund",       "Vestergaard", "Nørgaard",
    "Ågård",    "Bach",         "Friis",     "Skov",        "Enevoldsen", "Høj",         "Bruun",
    "Damgaard", "Lindholm",     "Kaya",      "Yilmaz",      "Hussain",    "Abdi",
};

#define N_FIRST (sizeof first_names / sizeof first_names[0])
#define N_LAST (sizeof last_names / sizeof last_names[0])

/* Per-case weight overrides: a light follow-up or an unusually heavy case. */
static const char *const override_text[] = {"", "0.5", "1.5", "2", "2.5"};
static const double override_value[] = {0, 0.5, 1.5, 2.0, 2.5};
#define N_OVERRIDE 4

#define CASE_PINNED 0x8  /* flag bit; the low 3 bits hold the override code */
#define FIXED_LATER (-2) /* drawn for a fixed department, chosen once caseloads exist */

/* ---- Options and the generated world */

/* A knob left unset takes today's rule (or the preset of --shape); NOT_SET marks it. */
#define NOT_SET (-1.0)

typedef struct {
    long n_cases, n_staff, n_leavers;
    uint64_t seed;
    int n_depts;
    int shared;          /* segments served by two departments; -1: the design's default */
    double pinned_share; /* share of cases drawn for pinning */
    double load;         /* demand over capacity at caps; NOT_SET: one cap from the slack */
    double skew;         /* share of heavy caseloads, and as many near-empty ones */
    double specialists;  /* share qualified for 1-3 segments; NOT_SET: 10 % for their unit's */
    double cap_factors;  /* share with cap_factor 0.5 or 0.8; NOT_SET: 4 % at 0.5 */
    double own_weights;  /* share of cases weighed by hand; NOT_SET: 0.4 % */
    double no_caseworker, fixed;
    double households;   /* share of cases in households of 2-4; 0: no household column */
    const char *out, *name;
    bool tight, spread, realistic;
    bool changes;    /* --changes-12m: a changes_12m column */
    bool move_costs; /* --move-costs: the scenario's move_cost and repeat_change_factor */
} opts;

typedef struct {
    int unit;
    int first, last;
    double fte, cap_factor;
    double base;          /* lognormal share of the unit's cases (uneven caseloads) */
    double aff[N_SEG];    /* lognormal leaning towards some of the unit's segments */
    double points[N_SEG]; /* points held per segment, to choose a fixed department */
    double skew;          /* --skew: caseload against the unit's mean, 0 when not skewed */
    bool leaves, restricted, reserved;
    unsigned qual;    /* bit g set when qualified for segment g */
    int fixed;        /* fixed new department, -1 when the engine chooses */
    unsigned pinmask; /* departments that could keep every case pinned so far */
} staff_t;

/* A department as written: its design's segments, then those --shared adds. */
typedef struct {
    const char *id, *name;
    int segs[N_SEG], n_segs;
    double cap; /* cap_points */
} dept_t;

typedef struct {
    const opts *o;
    const double (*seg_unit)[N_UNIT]; /* aligned or spread */
    unsigned unit_segs[N_UNIT];       /* bit g set when the unit holds segment g */
    dept_t depts[MAX_DEPT];
    int n_depts;
    unsigned servers[N_SEG]; /* bit d set when department d serves the segment */
    staff_t *staff;
    int32_t *case_cw; /* staff index, -1 for none */
    uint8_t *case_seg, *case_flag;
    int32_t *case_house;  /* --households: household number from 1, 0 for none */
    uint8_t *case_changes; /* --changes-12m */
    long n_houses, n_house_cases, n_house_split;
    double demand, seg_demand[N_SEG], fte_eff, fte_needed;
    long n_pinned, n_empty, n_override;
} world;

#define ALL_SEGS ((1u << N_SEG) - 1)

static bool is_set(double knob) { return knob >= 0; }

static int bit_count(unsigned m)
{
    int n = 0;
    for (; m; m &= m - 1)
        n++;
    return n;
}

static bool unit_has(const world *w, int u, int g) { return (w->unit_segs[u] >> g) & 1u; }

/* Whether staff member s may take segment g. */
static bool qualified(const staff_t *s, int g) { return (s->qual >> g) & 1u; }

/* Departments staff member s could join: the fixed one, or any serving a qualified segment. */
static unsigned eligible_mask(const world *w, const staff_t *s)
{
    unsigned m = 0;
    if (s->fixed >= 0)
        return 1u << s->fixed;
    for (int g = 0; g < N_SEG; g++)
        if (qualified(s, g))
            m |= w->servers[g];
    return m;
}

/* Index of the first cum[k] > x (cum ascending, x below its last entry). */
static int pick_cum(const double *cum, int n, double x)
{
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (cum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* The new departments of --departments with the first --shared segments of the design's
 * list served by a second department, and the old units of --spread or not. */
static void build_design(world *w)
{
    const design_def *ds = &designs[w->o->n_depts];
    int shared = w->o->shared < 0 ? ds->default_shared : w->o->shared;
    w->n_depts = ds->n_depts;
    for (int d = 0; d < ds->n_depts; d++) {
        dept_t *dp = &w->depts[d];
        dp->id = ds->depts[d].id;
        dp->name = ds->depts[d].name;
        for (int k = 0; k < MAX_BASE_SEGS && ds->depts[d].segs[k] >= 0; k++)
            dp->segs[dp->n_segs++] = ds->depts[d].segs[k];
    }
    for (int j = 0; j < shared && j < ds->n_shares; j++) {
        dept_t *dp = &w->depts[ds->shares[j].dept];
        dp->segs[dp->n_segs++] = ds->shares[j].seg;
    }
    for (int d = 0; d < w->n_depts; d++)
        for (int k = 0; k < w->depts[d].n_segs; k++)
            w->servers[w->depts[d].segs[k]] |= 1u << d;
    w->seg_unit = w->o->spread ? seg_unit_spread : seg_unit_aligned;
    for (int g = 0; g < N_SEG; g++)
        for (int u = 0; u < N_UNIT; u++)
            if (w->seg_unit[g][u] > 0)
                w->unit_segs[u] |= 1u << g;
}

/* Staff per old unit in proportion to the unit's points, each unit off by a random
 * factor: some units were understaffed before the reorganisation. */
static void split_units(const world *w, long n, rng *r, long count[N_UNIT])
{
    double target[N_UNIT], sum_pf = 0, pf[N_UNIT];
    long sum = 0;
    for (int u = 0; u < N_UNIT; u++) {
        double p = 0;
        for (int g = 0; g < N_SEG; g++)
            p += segs[g].share * segs[g].weight * w->seg_unit[g][u];
        pf[u] = p * (0.8 + 0.45 * rng_unit(r));
        sum_pf += pf[u];
    }
    for (int u = 0; u < N_UNIT; u++) {
        target[u] = (double)n * pf[u] / sum_pf;
        count[u] = (long)target[u] < 1 ? 1 : (long)target[u];
        sum += count[u];
    }
    while (sum < n) { /* largest remainder gets the next person */
        int best = 0;
        for (int u = 1; u < N_UNIT; u++)
            if (target[u] - (double)count[u] > target[best] - (double)count[best])
                best = u;
        count[best]++;
        sum++;
    }
    while (sum > n) { /* only when the minimum of one per unit overshot */
        int best = -1;
        for (int u = 0; u < N_UNIT; u++)
            if (count[u] > 1 &&
                (best < 0 || (double)count[u] - target[u] > (double)count[best] - target[best]))
                best = u;
        count[best]--;
        sum--;
    }
}

/* Staff: unit, name, fte, cap_factor, leavers, qualifications (fixed departments later). */
static int make_staff(world *w)
{
    const opts *o = w->o;
    long n = o->n_staff, count[N_UNIT], k = 0;
    int *units = NULL, *order = NULL, rc = -1;
    rng r;

    w->staff = calloc((size_t)n, sizeof *w->staff);
    units = malloc((size_t)n * sizeof *units);
    order = malloc((size_t)n * sizeof *order);
    if (!w->staff || !units || !order)
        goto out;

    rng_seed(&r, o->seed, STREAM_STAFF);
    split_units(w, n, &r, count);
    for (int u = 0; u < N_UNIT; u++)
        for (long c = 0; c < count[u]; c++)
            units[k++] = u;
    for (long i = n - 1; i > 0; i--) { /* shuffle: units are interleaved in id order */
        long j = (long)rng_below(&r, (uint64_t)i + 1);
        int t = units[i];
        units[i] = units[j];
        units[j] = t;
    }
    for (long i = 0; i < n; i++) {
        staff_t *s = &w->staff[i];
        double u = rng_unit(&r), v = rng_unit(&r), c;
        s->unit = units[i];
        s->first = (int)rng_below(&r, N_FIRST);
        s->last = (int)((double)N_LAST * v * v);
        s->fte = 1.0;
        if (u < 0.20) { /* about one in five works part-time */
            double p = u / 0.20;
            s->fte = p < 0.45 ? 0.8 : p < 0.80 ? 0.75 : 0.5;
        }
        c = rng_unit(&r); /* cap_factor: new staff, union reps, part-time duties */
        if (!is_set(o->cap_factors))
            s->cap_factor = c < 0.04 ? 0.5 : 1.0;
        else
            s->cap_factor = c < o->cap_factors / 2 ? 0.5 : c < o->cap_factors ? 0.8 : 1.0;
        s->base = s->fte * s->cap_factor * exp(0.25 * rng_normal(&r));
        for (int g = 0; g < N_SEG; g++)
            s->aff[g] = exp(0.3 * rng_normal(&r));
        s->fixed = -1;
    }

    /* exactly n_leavers leave: a partial Fisher-Yates draw */
    rng_seed(&r, o->seed, STREAM_LEAVE);
    for (long i = 0; i < n; i++)
        order[i] = (int)i;
    for (long i = 0; i < o->n_leavers; i++) {
        long j = i + (long)rng_below(&r, (uint64_t)(n - i));
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
        w->staff[order[i]].leaves = true;
    }

    /* The first staying caseworkers, one per department, stay generalists, so every
     * department can be staffed whatever the restrictions drawn below. */
    k = 0;
    for (long i = 0; i < n && k < w->n_depts; i++)
        if (!w->staff[i].leaves) {
            w->staff[i].reserved = true;
            k++;
        }

    /* Draws for every person, used or not, so one person's status moves no one else's. */
    rng_seed(&r, o->seed, STREAM_QUAL);
    for (long i = 0; i < n; i++) {
        staff_t *s = &w->staff[i];
        double q = rng_unit(&r), f = rng_unit(&r);
        s->restricted = !s->reserved && q < (!is_set(o->specialists) ? 0.10 : o->specialists);
        s->qual = s->restricted ? w->unit_segs[s->unit] : ALL_SEGS; /* specialists: later */
        s->fixed = !s->reserved && !s->leaves && f < o->fixed ? FIXED_LATER : -1;
    }
    rc = 0;
out:
    free(units);
    free(order);
    return rc;
}

/* --skew: a share of caseworkers hold 3-5 times their unit's mean caseload, as many hold
 * almost nothing (1-5 % of it). Their weights are set against the others' so that the
 * expected caseload is that multiple of the unit's mean; a unit too small for that (the
 * multiples sum past its size) takes the multiples of its unskewed members' mean. */
static void skew_caseloads(world *w)
{
    const opts *o = w->o;
    long n = o->n_staff;
    double normal_sum[N_UNIT] = {0}, all_sum[N_UNIT] = {0}, mult_sum[N_UNIT] = {0};
    long n_all[N_UNIT] = {0}, n_normal[N_UNIT] = {0};
    double mean[N_UNIT];
    rng r;

    if (!(o->skew > 0))
        return;
    rng_seed(&r, o->seed, STREAM_SKEW);
    for (long i = 0; i < n; i++) {
        staff_t *s = &w->staff[i];
        double x = rng_unit(&r), y = rng_unit(&r);
        s->skew = x < o->skew ? 3.0 + 2.0 * y : x < 2 * o->skew ? 0.01 + 0.04 * y : 0;
        n_all[s->unit]++;
        all_sum[s->unit] += s->base;
        if (s->skew > 0) {
            mult_sum[s->unit] += s->skew;
        } else {
            normal_sum[s->unit] += s->base;
            n_normal[s->unit]++;
        }
    }
    for (int u = 0; u < N_UNIT; u++) {
        double rest = (double)n_all[u] - mult_sum[u];
        if (n_normal[u] > 0 && rest >= 1.0)
            mean[u] = normal_sum[u] / rest;
        else if (n_normal[u] > 0)
            mean[u] = normal_sum[u] / (double)n_normal[u];
        else
            mean[u] = n_all[u] > 0 ? all_sum[u] / (double)n_all[u] : 1.0;
    }
    for (long i = 0; i < n; i++) {
        staff_t *s = &w->staff[i];
        if (s->skew > 0)
            s->base = s->skew * mean[s->unit];
    }
}

/* Weighted pools: for each unit and segment, cumulative weights over the unit's staff. */
typedef struct {
    int *members[N_UNIT];
    long n[N_UNIT];
    double *cum[N_UNIT][N_SEG];
} pools;

static void pools_free(pools *p)
{
    for (int u = 0; u < N_UNIT; u++) {
        free(p->members[u]);
        for (int g = 0; g < N_SEG; g++)
            free(p->cum[u][g]);
    }
}

static int pools_build(const world *w, pools *p)
{
    long n = w->o->n_staff;
    int rc = -1;
    memset(p, 0, sizeof *p);
    for (long i = 0; i < n; i++)
        p->n[w->staff[i].unit]++;
    for (int u = 0; u < N_UNIT; u++) {
        p->members[u] = malloc((size_t)p->n[u] * sizeof(int));
        if (!p->members[u])
            goto out;
        p->n[u] = 0;
    }
    for (long i = 0; i < n; i++) {
        int u = w->staff[i].unit;
        p->members[u][p->n[u]++] = (int)i;
    }
    for (int u = 0; u < N_UNIT; u++)
        for (int g = 0; g < N_SEG; g++) {
            double acc = 0;
            if (!unit_has(w, u, g))
                continue;
            p->cum[u][g] = malloc((size_t)p->n[u] * sizeof(double));
            if (!p->cum[u][g])
                goto out;
            for (long k = 0; k < p->n[u]; k++) {
                const staff_t *s = &w->staff[p->members[u][k]];
                acc += s->base * s->aff[g];
                p->cum[u][g][k] = acc;
            }
        }
    rc = 0;
out:
    return rc;
}

/* Override code of a case weighed by hand, from its draw v below the share: today's four
 * values in equal parts, or with --own-weights 0.5, 2 and 2.5 in equal parts. */
static int own_code(const opts *o, double v)
{
    static const int codes[3] = {1, 3, 4};
    int third;
    if (!is_set(o->own_weights))
        return 1 + (int)(v / 0.001);
    third = (int)(3.0 * v / o->own_weights);
    return codes[third < 3 ? third : 2];
}

/* Cases: segment by the municipal mix, old unit by benefit type, caseworker by weight. */
static int make_cases(world *w)
{
    const opts *o = w->o;
    double seg_cum[N_SEG], unit_cum[N_SEG][N_UNIT], acc = 0;
    double own_weights = !is_set(o->own_weights) ? 0.004 : o->own_weights;
    pools p;
    int rc = -1;
    rng r;

    memset(&p, 0, sizeof p);
    w->case_cw = malloc((size_t)o->n_cases * sizeof *w->case_cw);
    w->case_seg = malloc((size_t)o->n_cases);
    w->case_flag = calloc((size_t)o->n_cases, 1);
    if (!w->case_cw || !w->case_seg || !w->case_flag || pools_build(w, &p) != 0)
        goto out;
    for (int g = 0; g < N_SEG; g++) {
        double a = 0;
        acc += segs[g].share;
        seg_cum[g] = acc;
        for (int u = 0; u < N_UNIT; u++) {
            a += w->seg_unit[g][u];
            unit_cum[g][u] = a;
        }
    }

    rng_seed(&r, o->seed, STREAM_CASES);
    for (long i = 0; i < o->n_cases; i++) {
        int g = pick_cum(seg_cum, N_SEG, rng_unit(&r) * seg_cum[N_SEG - 1]);
        int u = pick_cum(unit_cum[g], N_UNIT, rng_unit(&r) * unit_cum[g][N_UNIT - 1]);
        const double *cum = p.cum[u][g];
        long n = p.n[u];
        int cw = p.members[u][pick_cum(cum, (int)n, rng_unit(&r) * cum[n - 1])];
        double e = rng_unit(&r), v = rng_unit(&r), weight = segs[g].weight;
        w->case_seg[i] = (uint8_t)g;
        if (v < own_weights) { /* weighed by hand */
            int code = own_code(o, v);
            w->case_flag[i] = (uint8_t)code;
            weight = override_value[code];
            w->n_override++;
        }
        if (e < o->no_caseworker) { /* new intake without a caseworker yet */
            w->case_cw[i] = -1;
            w->n_empty++;
        } else {
            w->case_cw[i] = cw;
            w->staff[cw].points[g] += weight;
        }
        w->demand += weight;
        w->seg_demand[g] += weight;
    }
    rc = 0;
out:
    pools_free(&p);
    return rc;
}

/* --specialists: each drawn specialist is qualified for the 1-3 segments holding most of
 * their points (a specialist keeps what they know best); one holding no cases for those
 * of their unit's segments they lean towards most. Draws for every person, used or not. */
static void choose_specialisms(world *w)
{
    rng r;
    if (!is_set(w->o->specialists))
        return;
    rng_seed(&r, w->o->seed, STREAM_SPEC);
    for (long i = 0; i < w->o->n_staff; i++) {
        staff_t *s = &w->staff[i];
        int k = 1 + (int)rng_below(&r, 3);
        double score[N_SEG];
        if (!s->restricted)
            continue;
        for (int g = 0; g < N_SEG; g++) /* points first; the leaning only breaks ties */
            score[g] = s->points[g] + (unit_has(w, s->unit, g) ? 1e-6 * s->aff[g] : 0);
        s->qual = 0;
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int g = 0; g < N_SEG; g++)
                if (!qualified(s, g) && score[g] > 0 && (best < 0 || score[g] > score[best]))
                    best = g;
            if (best < 0)
                break;
            s->qual |= 1u << best;
        }
    }
}

/* Fixed departments: where the person's current points are mostly served (a decision
 * management would already have made), among departments serving a qualified segment. */
static void fix_departments(world *w)
{
    for (long i = 0; i < w->o->n_staff; i++) {
        staff_t *s = &w->staff[i];
        int best = -1;
        double best_pts = -1;
        if (s->fixed != FIXED_LATER)
            continue;
        for (int d = 0; d < w->n_depts; d++) {
            double pts = 0;
            bool any = false;
            for (int k = 0; k < w->depts[d].n_segs; k++) {
                int g = w->depts[d].segs[k];
                if (qualified(s, g)) {
                    any = true;
                    pts += s->points[g];
                }
            }
            if (any && pts > best_pts) {
                best = d;
                best_pts = pts;
            }
        }
        s->fixed = best;
    }
}

/* Pinned cases: only with staying, qualified caseworkers, and only while some department
 * they may join serves every segment pinned to them, so the pins can always hold. The
 * reserved generalists get none: they must stay free to staff any department. */
static void pin_cases(world *w)
{
    const opts *o = w->o;
    rng r;
    for (long i = 0; i < o->n_staff; i++)
        w->staff[i].pinmask = eligible_mask(w, &w->staff[i]);
    rng_seed(&r, o->seed, STREAM_PIN);
    for (long i = 0; i < o->n_cases; i++) {
        staff_t *s;
        int g = w->case_seg[i];
        unsigned m;
        if (!(rng_unit(&r) < o->pinned_share) || w->case_cw[i] < 0)
            continue;
        s = &w->staff[w->case_cw[i]];
        m = s->pinmask & w->servers[g];
        if (s->leaves || s->reserved || !qualified(s, g) || m == 0)
            continue;
        s->pinmask = m;
        w->case_flag[i] |= CASE_PINNED;
        w->n_pinned++;
    }
}

/* --households: cases in households of 2 (55 %), 3 (30 %) or 4, about the share asked
 * for. A household's segments are ones a department serves together (a couple on jobparat
 * and a_dagpenge, or on aktivitetsparat and sygedagpenge_23), so the hard rule can always
 * hold; its cases are mostly with one caseworker today, one household in ten has them with
 * two or more. A pinned case joins only a household held by its own caseworker, who is
 * qualified for its every segment in a department they may still join. */
static int make_households(world *w)
{
    const opts *o = w->o;
    long n = o->n_cases, *start, *pos, *list, taken = 0;
    rng r;
    if (o->households <= 0)
        return 0;
    w->case_house = calloc((size_t)n, sizeof *w->case_house);
    start = calloc((size_t)o->n_staff + 2, sizeof *start);
    pos = malloc(((size_t)o->n_staff + 1) * sizeof *pos);
    list = malloc((size_t)n * sizeof *list);
    if (!w->case_house || !start || !pos || !list) {
        free(start);
        free(pos);
        free(list);
        return -1;
    }
    /* each caseworker's cases, in case order (counting sort; index n_staff: no caseworker) */
    for (long i = 0; i < n; i++)
        start[(w->case_cw[i] < 0 ? o->n_staff : w->case_cw[i]) + 1]++;
    for (long k = 0; k <= o->n_staff; k++) {
        start[k + 1] += start[k];
        pos[k] = start[k];
    }
    for (long i = 0; i < n; i++)
        list[pos[w->case_cw[i] < 0 ? o->n_staff : w->case_cw[i]]++] = i;
    free(pos);
    rng_seed(&r, o->seed, STREAM_HOUSE);
    /* up to three passes over the cases, until the share is reached */
    for (long at = 0; at < 3 * n && taken < o->households * n; at++) {
        long i = at % n;
        int size = 2, cw = w->case_cw[i], members = 1;
        double x = rng_unit(&r);
        bool split = rng_unit(&r) < 0.1, pinned = (w->case_flag[i] & CASE_PINNED) != 0;
        unsigned mask = w->servers[w->case_seg[i]], held = 1u << w->case_seg[i];
        long chosen[4];
        if (w->case_house[i] || !(rng_unit(&r) < o->households / 2.6))
            continue;
        size = x < 0.55 ? 2 : x < 0.85 ? 3 : 4;
        chosen[0] = i;
        for (int tries = 0; tries < 12 && members < size; tries++) {
            long j;
            int g;
            if (split || cw < 0) {
                j = (long)rng_below(&r, (uint64_t)n);
            } else {
                long m = start[cw + 1] - start[cw];
                j = list[start[cw] + (long)rng_below(&r, (uint64_t)m)];
            }
            g = w->case_seg[j];
            if (j == i || w->case_house[j] || !(mask & w->servers[g]))
                continue;
            if ((w->case_flag[j] & CASE_PINNED) && (pinned || w->case_cw[j] != cw))
                continue; /* one pinned case a household, with its own caseworker */
            if (pinned && w->case_cw[j] != cw)
                continue;
            bool dup = false;
            for (int k = 0; k < members; k++)
                dup |= chosen[k] == j;
            if (dup)
                continue;
            pinned |= (w->case_flag[j] & CASE_PINNED) != 0;
            mask &= w->servers[g];
            held |= 1u << g;
            chosen[members++] = j;
        }
        if (members < 2)
            continue;
        if (pinned) { /* its caseworker must be able to hold the whole household */
            long k = -1;
            for (int m = 0; m < members; m++)
                if (w->case_flag[chosen[m]] & CASE_PINNED)
                    k = w->case_cw[chosen[m]];
            staff_t *s = &w->staff[k];
            if ((s->qual & held) != held || !(s->pinmask & mask))
                continue;
            s->pinmask &= mask;
        }
        w->n_houses++;
        split = false;
        for (int m = 0; m < members; m++) {
            w->case_house[chosen[m]] = (int32_t)w->n_houses;
            split |= w->case_cw[chosen[m]] != w->case_cw[i];
        }
        w->n_house_split += split;
        taken += members;
    }
    w->n_house_cases = taken;
    free(start);
    free(list);
    return 0;
}

/* --changes-12m: changes of caseworker in the last 12 months. About 40 % of the
 * aktivitetsparate (and those on ressourceforloeb, jobafklaring, aktivitetsparat_u30) had
 * at least one, a fifth of the others; of those with any, 65 % one, 25 % two, 8 % three,
 * 2 % four. */
static int draw_changes(world *w)
{
    const opts *o = w->o;
    rng r;
    if (!o->changes)
        return 0;
    w->case_changes = calloc((size_t)o->n_cases, 1);
    if (!w->case_changes)
        return -1;
    rng_seed(&r, o->seed, STREAM_CHANGES);
    for (long i = 0; i < o->n_cases; i++) {
        int g = w->case_seg[i];
        bool far = g == SEG_AKTIVITETSPARAT || g == SEG_AKTIVITETSPARAT_U30 ||
                   g == SEG_RESSOURCEFORLOEB || g == SEG_JOBAFKLARING;
        double any = rng_unit(&r), x = rng_unit(&r);
        if (any < (far ? 0.40 : 0.20))
            w->case_changes[i] = x < 0.65 ? 1 : x < 0.90 ? 2 : x < 0.98 ? 3 : 4;
    }
    return 0;
}

/* Caps. Without --load one cap in points per FTE for every department: the weights
 * already make a point the same work everywhere, and a uniform cap fixes total capacity
 * against demand. With --load each department's cap is policy: drawn from 50-80 points
 * per FTE, then all scaled by one factor so that the FTE the demand needs at the caps,
 * over the staying staff's FTE x cap_factor, is the load asked for. A segment served by
 * two departments counts half in each. */
static void set_caps(world *w)
{
    const opts *o = w->o;
    double eff = 0, cap, dem[MAX_DEPT] = {0}, need = 0;
    rng r;
    for (long i = 0; i < o->n_staff; i++)
        if (!w->staff[i].leaves)
            eff += w->staff[i].fte * w->staff[i].cap_factor;
    w->fte_eff = eff;
    for (int d = 0; d < w->n_depts; d++)
        for (int k = 0; k < w->depts[d].n_segs; k++) {
            int g = w->depts[d].segs[k];
            dem[d] += w->seg_demand[g] / (double)bit_count(w->servers[g]);
        }
    if (!is_set(o->load)) {
        cap = (o->tight ? SLACK_TIGHT : SLACK_LOOSE) * w->demand / eff;
        cap = floor(cap * 10.0 + 0.5) / 10.0;
        for (int d = 0; d < w->n_depts; d++)
            w->depts[d].cap = cap < 0.1 ? 0.1 : cap;
    } else {
        double policy[MAX_DEPT], scale;
        rng_seed(&r, o->seed, STREAM_CAPS);
        for (int d = 0; d < w->n_depts; d++) {
            policy[d] = 50.0 + 30.0 * rng_unit(&r);
            need += dem[d] / policy[d];
        }
        scale = need / (eff * o->load);
        for (int d = 0; d < w->n_depts; d++) {
            cap = floor(policy[d] * scale * 10.0 + 0.5) / 10.0;
            w->depts[d].cap = cap < 0.1 ? 0.1 : cap > 100000 ? 100000 : cap;
        }
    }
    need = 0;
    for (int d = 0; d < w->n_depts; d++)
        need += dem[d] / w->depts[d].cap;
    w->fte_needed = need;
}

/* ---- Buffered output: one fopen per file, fwrite in 1 MiB blocks */

#define WBUF (1u << 20)

typedef struct {
    FILE *f;
    char *path;
    char buf[WBUF];
    size_t len;
    int err; /* first errno seen, 0 when fine */
} writer;

static void w_flush(writer *w)
{
    if (w->len > 0 && fwrite(w->buf, 1, w->len, w->f) != w->len && !w->err)
        w->err = errno ? errno : EIO;
    w->len = 0;
}

static void w_mem(writer *w, const char *s, size_t n)
{
    if (w->len + n > WBUF)
        w_flush(w);
    if (n > WBUF) { /* never for our short fields, but stay correct */
        if (fwrite(s, 1, n, w->f) != n && !w->err)
            w->err = errno ? errno : EIO;
        return;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static void w_str(writer *w, const char *s) { w_mem(w, s, strlen(s)); }

/* prefix and zero-padded number: ids sort the same as text and as numbers */
static void w_id(writer *w, char prefix, long v, int width)
{
    char tmp[32];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0 && n < 30);
    while (n < width && n < 30)
        tmp[n++] = '0';
    tmp[n++] = prefix;
    for (int i = 0; i < n / 2; i++) {
        char t = tmp[i];
        tmp[i] = tmp[n - 1 - i];
        tmp[n - 1 - i] = t;
    }
    w_mem(w, tmp, (size_t)n);
}

/* at most 6 decimals, trailing zeros dropped, C locale (1.38, 61.2, 1) */
static void w_num(writer *w, double v)
{
    char tmp[64];
    int n = snprintf(tmp, sizeof tmp, "%.6f", v);
    if (n <= 0 || (size_t)n >= sizeof tmp)
        return;
    while (n > 1 && tmp[n - 1] == '0')
        n--;
    if (tmp[n - 1] == '.')
        n--;
    w_mem(w, tmp, (size_t)n);
}

static void w_long(writer *w, long v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%ld", v);
    if (n > 0 && (size_t)n < sizeof tmp)
        w_mem(w, tmp, (size_t)n);
}

static void w_u64(writer *w, uint64_t v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
    if (n > 0 && (size_t)n < sizeof tmp)
        w_mem(w, tmp, (size_t)n);
}

/* JSON string with quotes; escapes what JSON requires, passes UTF-8 through */
static void w_json_str(writer *w, const char *s)
{
    w_str(w, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            w_mem(w, esc, 2);
        } else if (c < 0x20) {
            int n = snprintf(esc, sizeof esc, "\\u%04x", c);
            w_mem(w, esc, (size_t)n);
        } else {
            w_mem(w, s, 1);
        }
    }
    w_str(w, "\"");
}

/* returns new (caller frees with w_close), or NULL with errno set */
static writer *w_open(const char *dir, const char *file)
{
    size_t len = strlen(dir) + strlen(file) + 2;
    writer *w = malloc(sizeof *w);
    if (!w)
        return NULL;
    w->len = 0;
    w->err = 0;
    w->f = NULL;
    w->path = malloc(len);
    if (w->path) {
        snprintf(w->path, len, "%s/%s", dir, file);
        w->f = fopen(w->path, "wb");
    }
    if (!w->f) {
        int e = errno;
        free(w->path);
        free(w);
        errno = e;
        return NULL;
    }
    return w;
}

/* Flush, close and free; 0 when every byte reached the file, else -1 with a message. */
static int w_close(writer **wp)
{
    writer *w = *wp;
    int rc = 0;
    if (!w)
        return 0;
    w_flush(w);
    if (fclose(w->f) != 0 && !w->err)
        w->err = errno ? errno : EIO;
    if (w->err) {
        fprintf(stderr, "gen: error: cannot write %s: %s\n", w->path, strerror(w->err));
        rc = -1;
    }
    free(w->path);
    free(w);
    *wp = NULL;
    return rc;
}

static int digits(long v)
{
    int n = 1;
    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

static int open_or_complain(writer **w, const char *dir, const char *file)
{
    *w = w_open(dir, file);
    if (!*w) {
        fprintf(stderr, "gen: error: cannot create %s/%s: %s\n", dir, file, strerror(errno));
        return -1;
    }
    return 0;
}

static int write_departments(const world *w)
{
    writer *o = NULL;
    if (open_or_complain(&o, w->o->out, "departments.csv") != 0)
        return -1;
    w_str(o, "id,name,segments,cap_points\n");
    for (int d = 0; d < w->n_depts; d++) {
        const dept_t *dp = &w->depts[d];
        w_str(o, dp->id);
        w_str(o, ",");
        w_str(o, dp->name);
        w_str(o, ",");
        for (int k = 0; k < dp->n_segs; k++) {
            if (k > 0)
                w_str(o, "|");
            w_str(o, segs[dp->segs[k]].name);
        }
        w_str(o, ",");
        w_num(o, dp->cap);
        w_str(o, "\n");
    }
    return w_close(&o);
}

static int write_staff(const world *w)
{
    int width = digits(w->o->n_staff) < 4 ? 4 : digits(w->o->n_staff);
    writer *o = NULL;
    if (open_or_complain(&o, w->o->out, "staff.csv") != 0)
        return -1;
    w_str(o, "id,name,unit,fte,status,qualified,department,cap_factor\n");
    for (long i = 0; i < w->o->n_staff; i++) {
        const staff_t *s = &w->staff[i];
        w_id(o, 's', i + 1, width);
        w_str(o, ",");
        w_str(o, first_names[s->first]);
        w_str(o, " ");
        w_str(o, last_names[s->last]);
        w_str(o, ",");
        w_str(o, unit_names[s->unit]);
        w_str(o, ",");
        w_num(o, s->fte);
        w_str(o, s->leaves ? ",leaves," : ",stays,");
        if (s->restricted) {
            bool first = true;
            for (int g = 0; g < N_SEG; g++)
                if (qualified(s, g)) {
                    if (!first)
                        w_str(o, "|");
                    w_str(o, segs[g].name);
                    first = false;
                }
        }
        w_str(o, ",");
        if (s->fixed >= 0)
            w_str(o, w->depts[s->fixed].id);
        w_str(o, ",");
        if (s->cap_factor < 1.0)
            w_num(o, s->cap_factor);
        w_str(o, "\n");
    }
    return w_close(&o);
}

static int write_cases(const world *w)
{
    int cwidth = digits(w->o->n_cases) < 7 ? 7 : digits(w->o->n_cases);
    int swidth = digits(w->o->n_staff) < 4 ? 4 : digits(w->o->n_staff);
    writer *o = NULL;
    if (open_or_complain(&o, w->o->out, "cases.csv") != 0)
        return -1;
    int hwidth = digits(w->n_houses) < 5 ? 5 : digits(w->n_houses);
    w_str(o, "id,caseworker,segment,weight,pinned");
    w_str(o, w->case_house ? ",household" : "");
    w_str(o, w->case_changes ? ",changes_12m\n" : "\n");
    for (long i = 0; i < w->o->n_cases; i++) {
        unsigned flag = w->case_flag[i];
        w_id(o, 'c', i + 1, cwidth);
        w_str(o, ",");
        if (w->case_cw[i] >= 0)
            w_id(o, 's', (long)w->case_cw[i] + 1, swidth);
        w_str(o, ",");
        w_str(o, segs[w->case_seg[i]].name);
        w_str(o, ",");
        w_str(o, override_text[flag & 0x7]);
        w_str(o, (flag & CASE_PINNED) ? ",1" : ",");
        if (w->case_house) {
            w_str(o, ",");
            if (w->case_house[i])
                w_id(o, 'h', w->case_house[i], hwidth);
        }
        if (w->case_changes) {
            w_str(o, ",");
            w_long(o, w->case_changes[i]);
        }
        w_str(o, "\n");
    }
    return w_close(&o);
}

static int write_scenario(const world *w)
{
    const opts *op = w->o;
    writer *o = NULL;
    if (open_or_complain(&o, op->out, "scenario.json") != 0)
        return -1;
    w_str(o, "{\n  \"name\": ");
    w_json_str(o, op->name);
    w_str(o, ",\n  \"title\": \"Synthetic municipality: ");
    w_long(o, op->n_cases);
    w_str(o, " cases, ");
    w_long(o, op->n_staff);
    w_str(o, " caseworkers, ");
    w_long(o, op->n_depts);
    w_str(o, " departments (gen seed ");
    w_u64(o, op->seed);
    w_str(o, ")\",\n  \"data\": {\n"
             "    \"departments\": \"departments.csv\",\n"
             "    \"staff\": \"staff.csv\",\n"
             "    \"cases\": \"cases.csv\"\n  },\n  \"weights\": {\n");
    for (int g = 0; g < N_SEG; g++) {
        w_str(o, "    ");
        w_json_str(o, segs[g].name);
        w_str(o, ": ");
        w_num(o, segs[g].weight);
        w_str(o, g + 1 < N_SEG ? ",\n" : "\n");
    }
    if (op->move_costs) /* the vulnerable segments: a change of caseworker costs them most */
        w_str(o, "  },\n  \"move_cost\": {\n    \"aktivitetsparat\": 3,\n"
                 "    \"ressourceforloeb\": 3,\n    \"jobafklaring\": 3\n  },\n"
                 "  \"repeat_change_factor\": 0.5\n}\n");
    else
        w_str(o, "  }\n}\n");
    return w_close(&o);
}

/* mkdir -p: create each missing component */
static int make_dirs(const char *path)
{
    size_t len = strlen(path);
    char *p = malloc(len + 1);
    int rc = -1;
    if (!p)
        goto out;
    memcpy(p, path, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        p[i] = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "gen: error: cannot create %s: %s\n", p, strerror(errno));
            goto out;
        }
        p[i] = path[i];
    }
    rc = 0;
out:
    free(p);
    return rc;
}

/* ---- Command line */

static void usage(FILE *f)
{
    fputs("usage: gen --cases N --caseworkers N [options]\n"
          "Write a synthetic municipality for omfordel: departments.csv, staff.csv,\n"
          "cases.csv and scenario.json. The same arguments give byte-identical files.\n"
          "\n"
          "  --cases N           cases (citizens) to write, 1..100000000\n"
          "  --caseworkers N     caseworkers in staff.csv, 6..1000000 (one per old unit at least)\n"
          "  --leavers N         of them with status 'leaves' (default 0)\n"
          "  --seed N            seed of the generator (default 1)\n"
          "  --departments D     new departments, 3..9 (default 5)\n"
          "  --pinned-share F    share of cases drawn for pinning, 0..1 (default 0.01)\n"
          "  --out DIR           folder to write, created if missing (default: NAME)\n"
          "  --name NAME         the scenario's name (default synthetic)\n"
          "  --tight             caps a little below demand (mild overload);\n"
          "                      without it capacity is well above demand\n"
          "\n"
          "Shape knobs; each left out keeps today's shape (in brackets):\n"
          "  --load L            caps set by policy: each department its own cap drawn from\n"
          "                      50..80 points/FTE, all scaled so that demand over capacity\n"
          "                      after leavers is L, 0.1..10 (one cap for all: load 0.87,\n"
          "                      1.04 with --tight)\n"
          "  --skew F            share F of caseworkers hold 3..5x their unit's mean caseload\n"
          "                      and as many almost nothing, 0..0.25 (0)\n"
          "  --spread            old units cut across the new departments: a unit's cases\n"
          "                      fall into 2..3 of them (units by benefit type)\n"
          "  --shared N          segments served by two departments, 0..the design's\n"
          "                      maximum, 3 to 7 (0 with 3 departments, else 1)\n"
          "  --specialists F     share of staff qualified for only 1..3 segments, 0..1\n"
          "                      (10 % qualified for their old unit's segments)\n"
          "  --cap-factors F     share of staff with cap_factor 0.5 or 0.8 (half each),\n"
          "                      0..1 (4 % at 0.5)\n"
          "  --own-weights F     share of cases with their own weight 0.5, 2 or 2.5, 0..1\n"
          "                      (0.4 % at 0.5, 1.5, 2 or 2.5)\n"
          "  --no-caseworker F   share of cases without a caseworker, 0..1 (0.01)\n"
          "  --fixed F           share of staying staff with a fixed department, 0..1\n"
          "                      (0.05)\n"
          "  --shape S           default, or realistic, the shape measured on another\n"
          "                      generator's data: --load 1.2 --skew 0.05 --spread\n"
          "                      --shared 2 --specialists 0.15 --cap-factors 0.1\n"
          "                      --own-weights 0.04 --pinned-share 0.02 --no-caseworker 0.03\n"
          "                      --fixed 0.08; an option given as well wins\n"
          "\n"
          "Case costs and households (each left out writes no column or key):\n"
          "  --households F      share F of cases in households of 2..4 (a household\n"
          "                      column), 0..1: segments one department serves together,\n"
          "                      mostly with one caseworker today, one in ten split\n"
          "  --changes-12m       a changes_12m column: ~40 % of aktivitetsparate (and\n"
          "                      ressourceforloeb, jobafklaring, aktivitetsparat_u30) and\n"
          "                      20 % of the others changed caseworker 1..4 times\n"
          "  --move-costs        the scenario's move_cost (3 for aktivitetsparat,\n"
          "                      ressourceforloeb, jobafklaring) and repeat_change_factor 0.5\n"
          "  --help              show this help\n",
          f);
}

static int parse_long(const char *opt, const char *s, long lo, long hi, long *v)
{
    char *end;
    long x;
    errno = 0;
    x = strtol(s, &end, 10);
    if (errno || end == s || *end || x < lo || x > hi) {
        fprintf(stderr, "gen: error: %s: expected a whole number in %ld..%ld, got '%s'\n", opt, lo,
                hi, s);
        return -1;
    }
    *v = x;
    return 0;
}

static int parse_double(const char *opt, const char *s, double lo, double hi, double *v)
{
    char *end;
    double x;
    errno = 0;
    x = strtod(s, &end);
    if (errno || end == s || *end || !(x >= lo) || !(x <= hi)) {
        fprintf(stderr, "gen: error: %s: expected a number in %g..%g, got '%s'\n", opt, lo, hi, s);
        return -1;
    }
    *v = x;
    return 0;
}

/* knob = the preset's value when unset and the preset applies, else the default */
static void settle(double *knob, bool preset, double preset_value, double default_value)
{
    if (!is_set(*knob))
        *knob = preset ? preset_value : default_value;
}

static int parse_args(int argc, char **argv, opts *o)
{
    enum {
        OPT_LOAD = 256,
        OPT_SKEW,
        OPT_SPREAD,
        OPT_SHARED,
        OPT_SPECIALISTS,
        OPT_CAP_FACTORS,
        OPT_OWN_WEIGHTS,
        OPT_NO_CASEWORKER,
        OPT_FIXED,
        OPT_SHAPE,
        OPT_HOUSEHOLDS,
        OPT_CHANGES,
        OPT_MOVE_COSTS
    };
    static const struct option longopts[] = {
        {"cases", required_argument, NULL, 'c'},
        {"caseworkers", required_argument, NULL, 'w'},
        {"leavers", required_argument, NULL, 'l'},
        {"seed", required_argument, NULL, 's'},
        {"departments", required_argument, NULL, 'd'},
        {"pinned-share", required_argument, NULL, 'p'},
        {"out", required_argument, NULL, 'o'},
        {"name", required_argument, NULL, 'n'},
        {"tight", no_argument, NULL, 't'},
        {"load", required_argument, NULL, OPT_LOAD},
        {"skew", required_argument, NULL, OPT_SKEW},
        {"spread", no_argument, NULL, OPT_SPREAD},
        {"shared", required_argument, NULL, OPT_SHARED},
        {"specialists", required_argument, NULL, OPT_SPECIALISTS},
        {"cap-factors", required_argument, NULL, OPT_CAP_FACTORS},
        {"own-weights", required_argument, NULL, OPT_OWN_WEIGHTS},
        {"no-caseworker", required_argument, NULL, OPT_NO_CASEWORKER},
        {"fixed", required_argument, NULL, OPT_FIXED},
        {"shape", required_argument, NULL, OPT_SHAPE},
        {"households", required_argument, NULL, OPT_HOUSEHOLDS},
        {"changes-12m", no_argument, NULL, OPT_CHANGES},
        {"move-costs", no_argument, NULL, OPT_MOVE_COSTS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    long v;
    int c;
    bool real;
    memset(o, 0, sizeof *o);
    o->n_cases = -1;
    o->n_staff = -1;
    o->seed = 1;
    o->n_depts = 5;
    o->shared = -1;
    o->pinned_share = o->load = o->skew = o->specialists = NOT_SET;
    o->cap_factors = o->own_weights = o->no_caseworker = o->fixed = NOT_SET;
    o->name = "synthetic";
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        char *end;
        int bad = 0;
        switch (c) {
        case 'c':
            bad = parse_long("--cases", optarg, 1, MAX_CASES, &o->n_cases);
            break;
        case 'w':
            bad = parse_long("--caseworkers", optarg, N_UNIT, MAX_STAFF, &o->n_staff);
            break;
        case 'l':
            bad = parse_long("--leavers", optarg, 0, MAX_STAFF, &o->n_leavers);
            break;
        case 's':
            errno = 0;
            o->seed = strtoull(optarg, &end, 10);
            if (errno || end == optarg || *end || optarg[0] == '-') {
                fprintf(stderr, "gen: error: --seed: expected a whole number >= 0, got '%s'\n",
                        optarg);
                return -1;
            }
            break;
        case 'd':
            bad = parse_long("--departments", optarg, 3, MAX_DEPT, &v);
            o->n_depts = (int)v;
            break;
        case 'p':
            bad = parse_double("--pinned-share", optarg, 0, 1, &o->pinned_share);
            break;
        case 'o':
            o->out = optarg;
            break;
        case 'n':
            o->name = optarg;
            break;
        case 't':
            o->tight = true;
            break;
        case OPT_LOAD:
            bad = parse_double("--load", optarg, 0.1, 10, &o->load);
            break;
        case OPT_SKEW:
            bad = parse_double("--skew", optarg, 0, 0.25, &o->skew);
            break;
        case OPT_SPREAD:
            o->spread = true;
            break;
        case OPT_SHARED:
            bad = parse_long("--shared", optarg, 0, N_SEG, &v);
            o->shared = (int)v;
            break;
        case OPT_SPECIALISTS:
            bad = parse_double("--specialists", optarg, 0, 1, &o->specialists);
            break;
        case OPT_CAP_FACTORS:
            bad = parse_double("--cap-factors", optarg, 0, 1, &o->cap_factors);
            break;
        case OPT_OWN_WEIGHTS:
            bad = parse_double("--own-weights", optarg, 0, 1, &o->own_weights);
            break;
        case OPT_NO_CASEWORKER:
            bad = parse_double("--no-caseworker", optarg, 0, 1, &o->no_caseworker);
            break;
        case OPT_FIXED:
            bad = parse_double("--fixed", optarg, 0, 1, &o->fixed);
            break;
        case OPT_SHAPE:
            if (strcmp(optarg, "realistic") == 0) {
                o->realistic = true;
            } else if (strcmp(optarg, "default") == 0) {
                o->realistic = false;
            } else {
                fprintf(stderr,
                        "gen: error: --shape: expected 'default' or 'realistic', got '%s'\n",
                        optarg);
                return -1;
            }
            break;
        case OPT_HOUSEHOLDS:
            bad = parse_double("--households", optarg, 0, 1, &o->households);
            break;
        case OPT_CHANGES:
            o->changes = true;
            break;
        case OPT_MOVE_COSTS:
            o->move_costs = true;
            break;
        case 'h':
            usage(stdout);
            return 1;
        default:
            return -1;
        }
        if (bad)
            return -1;
    }
    if (optind < argc) {
        fprintf(stderr, "gen: error: unexpected argument '%s'\n", argv[optind]);
        return -1;
    }
    if (o->n_cases < 0 || o->n_staff < 0) {
        fputs("gen: error: --cases and --caseworkers are required\n", stderr);
        return -1;
    }
    if (o->n_staff - o->n_leavers < o->n_depts) {
        fprintf(stderr,
                "gen: error: --leavers %ld leaves fewer staying caseworkers than the %d "
                "departments\n",
                o->n_leavers, o->n_depts);
        return -1;
    }
    if (o->shared > designs[o->n_depts].n_shares) {
        fprintf(stderr, "gen: error: --shared %d: the design of %d departments shares at most %d\n",
                o->shared, o->n_depts, designs[o->n_depts].n_shares);
        return -1;
    }
    if (!o->name[0]) {
        fputs("gen: error: --name must not be empty\n", stderr);
        return -1;
    }
    if (!o->out)
        o->out = o->name;

    /* --shape realistic: the shape measured on another generator's Slagelse-size data */
    real = o->realistic;
    if (o->tight && (is_set(o->load) || real)) {
        fputs("gen: error: --tight sets one cap for all; it does not go with --load or "
              "--shape realistic\n",
              stderr);
        return -1;
    }
    settle(&o->load, real, 1.2, NOT_SET);
    settle(&o->skew, real, 0.05, 0);
    settle(&o->specialists, real, 0.15, NOT_SET);
    settle(&o->cap_factors, real, 0.10, NOT_SET);
    settle(&o->own_weights, real, 0.04, NOT_SET);
    settle(&o->pinned_share, real, 0.02, 0.01);
    settle(&o->no_caseworker, real, 0.03, 0.01);
    settle(&o->fixed, real, 0.08, 0.05);
    if (real) {
        o->spread = true;
        if (o->shared < 0)
            o->shared = 2; /* every design shares at least three */
    }
    return 0;
}

int main(int argc, char **argv)
{
    opts o;
    world w;
    int rc = EXIT_FAIL, parsed = parse_args(argc, argv, &o);

    memset(&w, 0, sizeof w);
    if (parsed != 0) {
        if (parsed < 0)
            fputs("try 'gen --help'\n", stderr);
        rc = parsed > 0 ? EXIT_OK : EXIT_USAGE;
        goto out;
    }
    w.o = &o;
    build_design(&w);
    if (make_staff(&w) != 0) {
        fputs("gen: error: out of memory\n", stderr);
        goto out;
    }
    skew_caseloads(&w);
    if (make_cases(&w) != 0) {
        fputs("gen: error: out of memory\n", stderr);
        goto out;
    }
    choose_specialisms(&w);
    fix_departments(&w);
    pin_cases(&w);
    set_caps(&w);
    if (make_households(&w) != 0 || draw_changes(&w) != 0) {
        fputs("gen: error: out of memory\n", stderr);
        goto out;
    }

    if (make_dirs(o.out) != 0 || write_departments(&w) != 0 || write_staff(&w) != 0 ||
        write_cases(&w) != 0 || write_scenario(&w) != 0)
        goto out;
    printf("gen: wrote %s: %ld cases (%ld without caseworker, %ld pinned, %ld weighed by hand), "
           "%ld caseworkers (%ld leave), %d departments, ",
           o.out, o.n_cases, w.n_empty, w.n_pinned, w.n_override, o.n_staff, o.n_leavers,
           w.n_depts);
    if (!is_set(o.load)) {
        printf("cap %.1f points/FTE, demand %.0f points, capacity %.0f points\n", w.depts[0].cap,
               w.demand, w.depts[0].cap * w.fte_eff);
    } else {
        double lo = w.depts[0].cap, hi = w.depts[0].cap;
        for (int d = 1; d < w.n_depts; d++) {
            lo = fmin(lo, w.depts[d].cap);
            hi = fmax(hi, w.depts[d].cap);
        }
        printf("caps %.1f to %.1f points/FTE, demand %.0f points, load %.3f (%.1f FTE needed "
               "at the caps, %.1f FTE x cap_factor staying)\n",
               lo, hi, w.demand, w.fte_needed / w.fte_eff, w.fte_needed, w.fte_eff);
    }
    if (o.households > 0)
        printf("gen: %ld households hold %ld cases, %ld of them with two or more caseworkers "
               "today\n",
               w.n_houses, w.n_house_cases, w.n_house_split);
    rc = EXIT_OK;
out:
    free(w.staff);
    free(w.case_cw);
    free(w.case_seg);
    free(w.case_flag);
    free(w.case_house);
    free(w.case_changes);
    return rc;
}
