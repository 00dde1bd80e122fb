/* scenario_in.h - read a scenario file, its extends chain and its three CSV tables */
#ifndef OM_SCENARIO_IN_H
#define OM_SCENARIO_IN_H

#include "diag.h"
#include "scenario.h"

/* Read the scenario at path with everything it names. Returns new (caller frees
 * with scenario_destroy), or NULL with every problem found appended to d
 * (DIAG_INPUT, each naming file:line:col or file and JSON path). */
om_scenario *scenario_read(const char *path, diags *d);

/* The file name of path without its folder and ".json": a scenario's default
 * name, and a comparison's column for one that cannot be read. Returns new
 * (caller frees), or NULL when out of memory. */
char *scenario_path_stem(const char *path);

#endif
