#ifndef PROCESSOR_PLACEMENT_H
#define PROCESSOR_PLACEMENT_H

/// Where the threads of a journal scan run. Two threads share the work of a scan only when they
/// run on two processors: a helper the scheduler wakes on the processor of the thread it helps
/// takes turns with it instead.

/// The processor the calling thread runs on now, or -1 where that is not known.
int journal_current_processor(void);

/// How many processors the calling thread may run on (its affinity mask, which a container's
/// cpuset or `taskset` may make smaller than the processors online); at least 1.
int journal_allowed_processor_count(void);

/// The calling thread's affinity, kept to be put back.
typedef struct {
    unsigned long words[16];
} journal_processor_mask;

/// Keeps the calling thread off `processor` (it moves at once if it runs there), when it may run
/// elsewhere: saves its affinity in `saved` and returns 1; returns 0 when nothing changed.
int journal_avoid_processor(int processor, journal_processor_mask *saved);

/// Puts back the affinity `journal_avoid_processor` saved.
void journal_restore_processors(const journal_processor_mask *saved);

#endif
