#ifndef SPIN_HINT_H
#define SPIN_HINT_H

/// Tells the CPU the caller is spinning on a value another thread will change (x86 `pause`,
/// ARM `yield`): it eases the loop off the memory system and off a sibling hardware thread.
static inline void journal_spin_hint(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    __asm__ __volatile__("yield");
#endif
}

#endif
