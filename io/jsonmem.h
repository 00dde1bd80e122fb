/* jsonmem.h - notice when Jansson runs out of memory: its parser does not always
 * say so (a failed string buffer can come back as a shorter string) */
#ifndef OM_JSONMEM_H
#define OM_JSONMEM_H

#include <stdbool.h>

/* Route Jansson's allocations through a watch and clear its flag; call before each
 * json_load*. */
void jsonmem_watch(void);
/* Whether an allocation failed since jsonmem_watch. */
bool jsonmem_failed(void);

#endif
