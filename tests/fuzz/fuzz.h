/* fuzz.h - a scratch folder for fuzz harnesses that must hand the readers a file */
#ifndef OM_FUZZ_H
#define OM_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fuzz_dir[64];
static char fuzz_paths[8][128];
static int fuzz_n_paths;

static inline void fuzz_cleanup(void)
{
    for (int i = 0; i < fuzz_n_paths; i++)
        unlink(fuzz_paths[i]);
    rmdir(fuzz_dir);
}

/* The scratch folder, made on first use and removed at exit. */
static inline const char *fuzz_folder(void)
{
    if (!fuzz_dir[0]) {
        snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/omfordel-fuzz-XXXXXX");
        if (!mkdtemp(fuzz_dir))
            abort();
        atexit(fuzz_cleanup);
    }
    return fuzz_dir;
}

/* Write size bytes to name in the scratch folder; returns its path (static). */
static inline const char *fuzz_write(const char *name, const void *data, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", fuzz_folder(), name);
    int k = 0;
    while (k < fuzz_n_paths && strcmp(fuzz_paths[k], path) != 0)
        k++;
    if (k == fuzz_n_paths) {
        if (k == 8)
            abort();
        memcpy(fuzz_paths[fuzz_n_paths++], path, sizeof path);
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    return fuzz_paths[k];
}

/* A small valid scenario: scenario.json extends base.json, which names the tables. */
static const char *const fuzz_files[][2] = {
    {"scenario.json", "{\"extends\": \"base.json\", \"name\": \"cut\", \"caps\": {\"Job\": 50},\n"
                      " \"weights\": {\"jobparat\": 1.2}, \"leaves\": [\"s3\"],\n"
                      " \"solver\": {\"time_limit\": 5, \"gap\": 0.01}}\n"},
    {"base.json", "{\"name\": \"base\", \"data\": {\"departments\": \"departments.csv\",\n"
                  " \"staff\": \"staff.csv\", \"cases\": \"cases.csv\"},\n"
                  " \"weights\": {\"aktivitetsparat\": 1.38}}\n"},
    {"departments.csv", "id,name,segments,cap_points,min_fte,max_fte\n"
                        "Job,Jobafdelingen,jobparat,55,,\n"
                        "Akt,Aktivering,aktivitetsparat|sygedagpenge,40,0,3\n"},
    {"staff.csv", "id,name,unit,fte,status,qualified,department,cap_factor\n"
                  "s1,Anna,Nord,1,stays,,,\n"
                  "s2,Bo,Syd,0.5,stays,aktivitetsparat|sygedagpenge,Akt,0.5\n"
                  "s3,Carl,Nord,1,leaves,,,\n"
                  "s4,Dina,Syd,1,stays,jobparat,,\n"},
    {"cases.csv", "id,caseworker,segment,weight,pinned\n"
                  "c1,s1,jobparat,,\n"
                  "c2,s2,aktivitetsparat,,1\n"
                  "c3,s3,sygedagpenge,2,\n"
                  "c4,,jobparat,,\n"
                  "\"c5\",s4,\"jobparat\",1.5,0\n"},
};
enum { FUZZ_N_FILES = 5 };

/* Write the small valid scenario, with file k (an index into fuzz_files, or -1 for
 * none) replaced by the given bytes; only what changed since the last call is
 * written. Returns the path of scenario.json. */
static inline const char *fuzz_scenario(int k, const void *data, size_t size)
{
    static int written, last = -1;
    static const char *top;
    for (int i = 0; i < FUZZ_N_FILES; i++) {
        if (written && i != last)
            continue;
        const char *p = fuzz_write(fuzz_files[i][0], fuzz_files[i][1], strlen(fuzz_files[i][1]));
        if (i == 0)
            top = p;
    }
    written = 1;
    if (k >= 0)
        fuzz_write(fuzz_files[k][0], data, size);
    last = k;
    return top;
}

/* Abort when a message repeats a CPR-like number in full. */
static inline void fuzz_no_cpr(const char *line)
{
    size_t n = strlen(line);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && line[i - 1] >= '0' && line[i - 1] <= '9')
            continue;
        for (size_t len = 10; len <= 11 && i + len <= n; len++) {
            char id[12];
            memcpy(id, line + i, len);
            id[len] = '\0';
            char after = line[i + len];
            if (diag_cpr_like(id) && !(after >= '0' && after <= '9'))
                abort();
        }
    }
}

/* Format every problem in d, as the command line would, and abort when one repeats a
 * CPR-like number in full. */
static inline void fuzz_check_messages(const diags *d)
{
    char line[2048];
    for (size_t i = 0; i < diags_count(d); i++) {
        diag_format(diags_get(d, i), line, sizeof line);
        fuzz_no_cpr(line);
    }
}

#endif
