/* moves.h - local moves that improve an integer plan of the model */
#ifndef OM_MOVES_H
#define OM_MOVES_H

#include "model.h"

/* Improve the integer plan x on level by local moves (docs/formulation.md), until
 * none helps or the clock passes deadline (clock_now seconds). x may break
 * levels fixed before; check it. Returns 0 or -1. */
int moves_improve(const model *m, double *x, model_level level, double deadline);

#endif
