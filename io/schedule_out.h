/* schedule_out.h - write a schedule's files (CSV, JSON, HTML, workbook), all or none */
#ifndef OM_SCHEDULE_OUT_H
#define OM_SCHEDULE_OUT_H

#include "date.h"
#include "diag.h"
#include "plan_in.h"
#include "report_html.h"
#include "schedule.h"
#include "textout.h"

/* A schedule with what its files say about it. All borrowed but the tallies. */
typedef struct {
    const char *plan_path;
    const plan_doc *plan;
    const int *row; /* per move: its case's row in the plan */
    const sched_move *moves;
    int n_moves;
    const sched_worker *workers;
    const double *capacity; /* per worker: points at 100 %; NAN when none (leavers) */
    const om_day *last_day; /* per worker: a leaver's last day; LONG_MIN when none */
    int n_workers;
    const sched_result *r;
    om_day start; /* the Monday of week 1 */
    int per_week; /* the default number of meetings a week */
    /* the tallies, by week (0 .. weeks-1) and worker: schedule_tally fills them */
    int *meetings, *cases_in, *cases_out;
    double *points; /* at each week's end */
} schedule_doc;

/* Fill the tallies. Returns 0, or -1 when out of memory. */
int schedule_tally(schedule_doc *c);
void schedule_doc_free(schedule_doc *c);
/* The Monday of week (1-based) as YYYY-MM-DD. Returns buf (11 bytes or more). */
char *schedule_monday(const schedule_doc *c, int week, char *buf);

/* Write schedule.csv, weeks.csv, letters.csv, schedule.json and schedule.html (as ro
 * says) into dir, and schedule.xlsx (a sheet per CSV) when xlsx. Returns 0, or -1 with
 * the reason in d (nothing written). */
int schedule_write(const char *dir, const schedule_doc *c, const csv_style *st,
                   const report_options *ro, bool xlsx, diags *d);

#endif
