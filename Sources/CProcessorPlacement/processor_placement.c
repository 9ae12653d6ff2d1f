// Processor placement for the journal scan's helper thread (see processor_placement.h).
#define _GNU_SOURCE
#include "processor_placement.h"

#ifdef __linux__
#include <sched.h>
#include <string.h>

_Static_assert(sizeof(journal_processor_mask) >= sizeof(cpu_set_t), "the mask holds a cpu_set_t");

int journal_current_processor(void) { return sched_getcpu(); }

int journal_allowed_processor_count(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
    int count = CPU_COUNT(&set);
    return count > 0 ? count : 1;
}

int journal_avoid_processor(int processor, journal_processor_mask *saved) {
    cpu_set_t current;
    if (processor < 0 || processor >= CPU_SETSIZE) return 0;
    if (sched_getaffinity(0, sizeof current, &current) != 0) return 0;
    if (!CPU_ISSET(processor, &current) || CPU_COUNT(&current) < 2) return 0;
    cpu_set_t elsewhere = current;
    CPU_CLR(processor, &elsewhere);
    if (sched_setaffinity(0, sizeof elsewhere, &elsewhere) != 0) return 0;
    memset(saved, 0, sizeof *saved);
    memcpy(saved, &current, sizeof current);
    return 1;
}

void journal_restore_processors(const journal_processor_mask *saved) {
    cpu_set_t set;
    memcpy(&set, saved, sizeof set);
    (void)sched_setaffinity(0, sizeof set, &set);
}
#else
#include <unistd.h>

int journal_current_processor(void) { return -1; }
int journal_allowed_processor_count(void) {
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (int)online : 1;
}
int journal_avoid_processor(int processor, journal_processor_mask *saved) { (void)processor; (void)saved; return 0; }
void journal_restore_processors(const journal_processor_mask *saved) { (void)saved; }
#endif
