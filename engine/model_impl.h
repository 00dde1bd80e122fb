/* model_impl.h - the model's layout, private to model.c (building, rounding) and moves.c */
#ifndef OM_MODEL_IMPL_H
#define OM_MODEL_IMPL_H

#include "model.h"

/* An item is a case, or a household the plan keeps with one caseworker: its
 * segments are a set (model_set_*), its weight their sum. */
typedef struct {
    int owner; /* staff index of the current caseworker, -1 when none */
    int set;   /* its segment (< n_segments), or n_segments + a household's segment set */
    double weight;
    bool pinned;
    int n;       /* items in the class */
    int first;   /* offset of its items in class_items */
    int size;    /* cases in an item */
    int stay;    /* cases of an item that stay when its owner keeps it */
    double save; /* what keeping an item saves on the continuity level: the cost of those */
    int group;   /* a household split today: its index, shared by one class per caseworker
                  * who may keep it (n 1, at most one keeps it); -1 otherwise */
    bool lead;   /* the group's first class: the household counts in its pool through it */
    int pool;    /* -1 for pinned classes: they never move */
    int k_first; /* offset of its keep columns in keep[] */
    int k_count; /* 0 when the caseworker cannot keep them */
} mclass;

typedef struct {
    int set;
    double weight;
    int n;       /* items of non-pinned classes in the pool */
    int a_first; /* offset of its take columns in take[] */
    int a_count;
} mpool;

typedef struct {
    int staff, dep;
    double cap;     /* capacity of the caseworker in this department */
    int y;          /* placement column */
    long link_coef; /* coefficient of y in the link row, -1 when there is none */
    long card_coef; /* coefficient of y in the row bounding how many cases it keeps, or -1 */
} mpair;

typedef struct {
    int col, pair;
} mflow;

struct model {
    const om_scenario *s;
    lp *lp;
    mpair *pairs;
    int n_pairs;
    int *pair_first, *pair_count; /* per staff member; count 0 for leavers */
    mclass *classes;
    int n_classes;
    int *class_items;
    int *item_start, *item_len, *item_cases; /* cases of item t: item_len[t] from item_start[t] */
    int *group_next; /* per class: the next class of its group (a cycle), itself outside one */
    int n_items;
    int *set_first, *set_segs; /* household segment set k: set_segs[set_first[k] .. [k+1]) */
    int n_sets;
    double total_cost; /* the continuity level when nothing is kept */
    int *keep_need;    /* per staff member: own cases to keep (max_cases_out); 0 when none */
    double *pair_own;  /* per pair: own cases its caseworker may keep there */
    mpool *pools;
    int n_pools;
    mflow *keep, *take;
    int n_keep, n_take;
    int *pair_keeps, *pair_keeps_first; /* per pair, the classes it may keep, lightest first */
    int *take_at;                       /* [pool * n_pairs + pair]: its take column, or -1 */
    int col_peak;
    int *col_over; /* per staff member, -1 for leavers */
    int *col_top;  /* per department: its highest utilisation */
    bool *held;    /* per staff member: placement held by a heuristic for now */
    int *fixed;    /* the staff model_fix_dominant and model_fix_one held, in order */
    int n_fixed;
    double peak;       /* the peak fixed by model_fix_level, 0 until then */
    double peak_floor; /* no plan's peak is lower: 1, or more (case_bounds) */
    int over_row;      /* the row fixing the total overload, -1 until then */
    double over;       /* its bound */
    double moved;      /* the moves fixed by model_fix_level, negative until then */
    bool balance_fixed;
    bool wishes_fixed; /* placements then move only where the wishes row allows: not at all */
    double cold_seconds[LEVEL_COUNT]; /* model_cold_seconds */
    int *cover_row;                   /* add_dep_covers' rows, and the points each must hold */
    double *cover_need;
    int n_covers;
    int n_cases;
};

/* Whether the owner of class g may hand on one more item of it kept at pair in x
 * and still keep what max_cases_out asks. */
bool model_may_hand_own(const model *m, const double *x, int g, int pair);

/* Whether a class of g's group other than g keeps its household in x. */
bool model_group_kept(const model *m, const double *x, int g);

/* Points each pair carries in x. */
void model_pair_loads(const model *m, const double *x, double *load);
/* Give n cases of pool q, one at a time, to the placed receiver whose
 * utilisation ends lowest. Returns -1 when nobody placed can take them. */
int model_fill_pool(const model *m, int q, long n, const int *choice, double *load, double *x);

#endif
