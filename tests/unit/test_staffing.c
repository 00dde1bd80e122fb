/* test_staffing.c - the staffing LPs on instances whose answers are known by hand */
#include <math.h>

#include "check.h"
#include "build.h"
#include "staffing.h"

static staffing_result *run(const om_scenario *s, double cut, double target, diag_kind *why)
{
    diags *d = diags_create();
    staffing_options o = {cut, target, {.time_limit = 10, .gap = 0}};
    staffing_result *r = staffing_run(s, &o, d);
    *why = diags_first_error(d);
    diags_destroy(&d);
    return r;
}

/* A segment two departments serve is split between them in the fluid model: J (cap 10)
 * serves x and s, L (cap 20) serves s and y, one caseworker fixed to each. Demand x 5,
 * s 20, y 10: with a of s in J, (5 + a) / 10 = (30 - a) / 20 gives a = 20/3 and the
 * peak 35/30. Whole cases cannot reach it: J 5 + 7 = 12 (120 %) or L 10 + 14 = 24
 * (120 %); the plan's peak is 1.2. */
static void test_shared_segment(void)
{
    om_scenario *s = new_scenario();
    add_department(s, "J", "x|s", 10);
    add_department(s, "L", "s|y", 20);
    add_staff(s, "j1", 1, 1, false, "", "J");
    add_staff(s, "l1", 1, 1, false, "", "L");
    add_cases(s, 5, "j1", "x", 1, false);
    add_cases(s, 20, "j1", "s", 1, false);
    add_cases(s, 10, "l1", "y", 1, false);
    diag_kind why;
    staffing_result *r = run(s, -1, -1, &why);
    if (!r) {
        fail("no result (%d)", why);
    } else {
        expect(fabs(r->fluid_peak - 35.0 / 30) < 1e-8);
        expect(fabs(r->plan_peak - 1.2) < 1e-9);
        expect(r->fluid_peak <= r->plan_peak);
        expect(fabs(r->fluid_overload - 5) < 1e-8); /* 35 points on 30 of capacity */
        /* one more FTE in J (cap 10): 35 on 40, everyone at 87.5 % */
        expect(fabs(r->departments[0].peak_plus_one - 0.875) < 1e-8);
        expect(fabs(r->departments[0].overload_plus_one) < 1e-8);
    }
    staffing_destroy(&r);
    scenario_destroy(&s);
}

/* Pinned cases stay: a1 holds 15 pinned cases at cap 10, a2 none. No FTE anywhere brings
 * a1 below 150 %: the fluid peak stays, a target of 100 % has no answer (infeasible). */
static void test_pins_bind(void)
{
    om_scenario *s = new_scenario();
    add_department(s, "A", "x", 10);
    add_staff(s, "a1", 1, 1, false, "", "A");
    add_staff(s, "a2", 1, 1, false, "", "A");
    add_cases(s, 15, "a1", "x", 1, true);
    add_cases(s, 4, "a2", "x", 1, false);
    diag_kind why;
    staffing_result *r = run(s, -1, -1, &why);
    if (!r) {
        fail("no result (%d)", why);
    } else {
        expect(fabs(r->fluid_peak - 1.5) < 1e-8);
        expect(fabs(r->departments[0].peak_plus_one - 1.5) < 1e-8);
        expect(fabs(r->fluid_overload - 5) < 1e-8);
        /* FTE needed counts workload only: 19 points at 10 */
        expect(fabs(r->departments[0].fte_needed - 1.9) < 1e-8);
    }
    staffing_destroy(&r);
    r = run(s, -1, 1, &why);
    expect(!r && why == DIAG_INFEASIBLE);
    staffing_destroy(&r);
    r = run(s, -1, 1.5, &why); /* a1 at 150 % exactly, a2 carries 4 of 10 */
    expect(r && fabs(r->target_fte) < 1e-8);
    staffing_destroy(&r);
    scenario_destroy(&s);
}

/* Weights of 1000 and 0.001, caps of 10,000 and 0.01, in one model: J (cap 10,000) has
 * j1 (1 FTE) and j2 (0.01 FTE), capacity 10,100, and one case of 1000 points; F (cap
 * 0.01) has f1, capacity 0.01, and 40 cases of 0.001. F's 0.04 points set the peak at
 * 400 %, 0.03 above the cap; J's 1000 points on 10,100 are 9.9 %. FTE needed: J 1000 /
 * 10,000 = 0.1, F 0.04 / 0.01 = 4 (3 to hire). One more FTE in F: 0.04 / 0.02 = 200 %,
 * 0.02 above; in J, nothing changes. To bring everyone to 100 %: 3 FTE in F. */
static void test_wide_range(void)
{
    om_scenario *s = new_scenario();
    add_department(s, "J", "x", 10000);
    add_department(s, "F", "y", 0.01);
    add_staff(s, "j1", 1, 1, false, "", "J");
    add_staff(s, "j2", 0.01, 1, false, "", "J");
    add_staff(s, "f1", 1, 1, false, "", "F");
    add_cases(s, 1, "j1", "x", 1000, false);
    add_cases(s, 40, "f1", "y", 0.001, false);
    diag_kind why;
    staffing_result *r = run(s, -1, 1, &why);
    if (!r) {
        fail("no result (%d)", why);
    } else {
        expect(fabs(r->fluid_peak - 4) < 1e-8 && fabs(r->fluid_overload - 0.03) < 1e-10);
        expect(fabs(r->departments[0].fte_needed - 0.1) < 1e-10);
        expect(fabs(r->departments[1].fte_needed - 4) < 1e-8);
        expect(fabs(r->departments[1].fte_to_hire - 3) < 1e-8);
        expect(fabs(r->departments[1].peak_plus_one - 2) < 1e-8);
        expect(fabs(r->departments[1].overload_plus_one - 0.02) < 1e-10);
        expect(fabs(r->departments[0].peak_plus_one - 4) < 1e-8);
        expect(fabs(r->departments[1].target_fte - 3) < 1e-8 &&
               fabs(r->departments[0].target_fte) < 1e-10);
        expect(!r->fluid_bound && !r->target_bound && !r->departments[0].need_bound &&
               !r->departments[1].plus_one_bound);
    }
    staffing_destroy(&r);
    scenario_destroy(&s);
}

/* The scenario after a cut shares all but its staff with the original, which it leaves
 * as it was; a department cut to nothing leaves. */
static void test_cut_scenario(void)
{
    om_scenario *s = new_scenario();
    add_department(s, "A", "x", 10);
    add_department(s, "B", "x", 10);
    add_staff(s, "a1", 1, 1, false, "", NULL);
    add_staff(s, "a2", 0.5, 1, false, "", NULL);
    add_staff(s, "b1", 1, 1, false, "", NULL);
    add_staff(s, "z", 1, 1, true, "", NULL);
    int placement[] = {0, 0, 1, -1};
    double cut[] = {0.5, 1};
    om_staff staff[4];
    om_scenario c;
    if (staffing_cut_view(s, placement, cut, staff, &c) < 0) {
        fail("no scenario");
    } else {
        expect(fabs(c.staff[0].fte - 2.0 / 3) < 1e-12 && fabs(c.staff[1].fte - 1.0 / 3) < 1e-12);
        expect(c.staff[0].department == 0 && c.staff[2].department == 1);
        expect(c.staff[2].leaves && c.staff[3].leaves);
        expect(near(s->staff[0].fte, 1) && !s->staff[2].leaves && s->staff[0].department == -1);
        expect(c.staff == staff && c.departments == s->departments && c.cases == s->cases);
    }
    scenario_destroy(&s);
}

int main(void)
{
    test_shared_segment();
    test_pins_bind();
    test_wide_range();
    test_cut_scenario();
    return test_failures ? 1 : 0;
}
