// What the system saves of the CPU's vector registers (x86-64), for the checksum code to tell
// whether it may use AVX2 or AVX-512: the CPU having them is not enough.
#ifndef JOURNAL_CPU_STATE_H
#define JOURNAL_CPU_STATE_H
#if defined(__x86_64__)
#include <cpuid.h>

// Bits of XCR0: SSE and AVX state (1, 2); and for AVX-512 the opmask and upper ZMM state (5-7).
enum { journal_saves_avx = 0x06, journal_saves_avx512 = 0xE6 };

// Whether the system saves every state in `states` (bits of XCR0).
static inline int journal_system_saves(unsigned int states) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || (ecx & bit_OSXSAVE) == 0) return 0;
    unsigned int xcr0_low, xcr0_high;
    __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    return (xcr0_low & states) == states;
}
#endif
#endif
