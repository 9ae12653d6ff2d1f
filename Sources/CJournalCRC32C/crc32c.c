// The CRC-32C instruction, for the journal's checksums. The portable table-driven version lives
// in Swift (CRC32C.swift) and is used when this CPU has no such instruction.
#include "CJournalCRC32C.h"
#include "cpu_state.h"
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

int journal_crc32c_hardware_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & bit_SSE4_2) != 0;
}

__attribute__((target("sse4.2")))
uint32_t journal_crc32c_hardware_update(uint32_t crc, const void *bytes, size_t length) {
    const unsigned char *p = bytes;
#if defined(__x86_64__)
    uint64_t c = crc;
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        c = __builtin_ia32_crc32di(c, word);
        p += 8;
        length -= 8;
    }
    crc = (uint32_t)c;
#endif
    while (length > 0) {
        crc = __builtin_ia32_crc32qi(crc, *p);
        p++;
        length--;
    }
    return crc;
}

// Three independent streams interleaved: the instruction has a latency of 3 cycles but a
// throughput of one per cycle, so one dependency chain leaves two thirds of it idle.
__attribute__((target("sse4.2")))
void journal_crc32c_hardware_update3(uint32_t crc[3], const void *a, const void *b, const void *c,
                                     size_t length) {
    const unsigned char *p0 = a, *p1 = b, *p2 = c;
#if defined(__x86_64__)
    uint64_t c0 = crc[0], c1 = crc[1], c2 = crc[2];
    while (length >= 8) {
        uint64_t w0, w1, w2;
        memcpy(&w0, p0, 8);
        memcpy(&w1, p1, 8);
        memcpy(&w2, p2, 8);
        c0 = __builtin_ia32_crc32di(c0, w0);
        c1 = __builtin_ia32_crc32di(c1, w1);
        c2 = __builtin_ia32_crc32di(c2, w2);
        p0 += 8; p1 += 8; p2 += 8;
        length -= 8;
    }
    uint32_t r0 = (uint32_t)c0, r1 = (uint32_t)c1, r2 = (uint32_t)c2;
#else
    uint32_t r0 = crc[0], r1 = crc[1], r2 = crc[2];
#endif
    while (length > 0) {
        r0 = __builtin_ia32_crc32qi(r0, *p0++);
        r1 = __builtin_ia32_crc32qi(r1, *p1++);
        r2 = __builtin_ia32_crc32qi(r2, *p2++);
        length--;
    }
    crc[0] = r0; crc[1] = r1; crc[2] = r2;
}

#if defined(__x86_64__)
#include <immintrin.h>

int journal_crc32c_carryless_preferred(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if ((ecx & bit_SSE4_2) == 0 || (ecx & bit_PCLMUL) == 0) return 0;
    unsigned int family = (eax >> 8) & 0xF;
    if (family == 0xF) family += (eax >> 20) & 0xFF;
    unsigned int vendor[3];
    if (!__get_cpuid(0, &eax, &vendor[0], &vendor[2], &vendor[1])) return 0;
    // "AuthenticAMD" before Zen 3 (family 0x19): crc32 issues one every 3 cycles there.
    return memcmp(vendor, "AuthenticAMD", 12) == 0 && family < 0x19;
}

// Carry-less multiplication (PCLMULQDQ): each buffer is folded in two interleaved 16-byte
// lanes (offsets 0, 32, 64, ... and 16, 48, ...) 32 bytes at a time, the lanes are folded into
// one (and one more 16-byte block in if there is one), those 128 bits are reduced with the crc32
// instruction and the tail (under 16 bytes) is fed to it. Where crc32 is not pipelined (AMD
// Zen 1 and 2: one every 3 cycles) this is about twice as fast, and interleaving crc32 streams
// gains nothing there. Two buffers go at once, so that the short dependent chain at the end of
// one overlaps the other's.

// Bit-reflected x^n mod P: folds over 256 and 128 bits (the constant for the high, earlier,
// 64-bit half in the upper lane).
#define CRC32C_K256 _mm_set_epi64x(0xba4fc28e, 0x3da6d0cb)
#define CRC32C_K128 _mm_set_epi64x(0x493c7d27, 0xf20c0dfe)

__attribute__((target("sse4.2,pclmul"), always_inline))
static inline __m128i crc32c_fold(__m128i x, __m128i k, __m128i next) {
    return _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11)), next);
}

__attribute__((target("sse4.2,pclmul"), always_inline))
static inline __m128i crc32c_load(const unsigned char *p) { return _mm_loadu_si128((const __m128i *)p); }

// The register after `x` (congruent to everything folded so far) and then `tail` bytes at `p`.
__attribute__((target("sse4.2,pclmul"), always_inline))
static inline uint32_t crc32c_finish(__m128i x, const unsigned char *p, size_t tail) {
    uint64_t c = __builtin_ia32_crc32di(0, (uint64_t)_mm_cvtsi128_si64(x));
    c = __builtin_ia32_crc32di(c, (uint64_t)_mm_extract_epi64(x, 1));
    uint32_t r = (uint32_t)c;
    if (tail >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        r = (uint32_t)__builtin_ia32_crc32di(r, w);
        p += 8;
        tail -= 8;
    }
    if (tail >= 4) {
        uint32_t w;
        memcpy(&w, p, 4);
        r = __builtin_ia32_crc32si(r, w);
        p += 4;
        tail -= 4;
    }
    while (tail > 0) {
        r = __builtin_ia32_crc32qi(r, *p++);
        tail--;
    }
    return r;
}

__attribute__((target("sse4.2,pclmul")))
void journal_crc32c_carryless_update2(uint32_t crc[2], const void *a, const void *b, size_t length) {
    if (length < 64) {
        crc[0] = journal_crc32c_hardware_update(crc[0], a, length);
        crc[1] = journal_crc32c_hardware_update(crc[1], b, length);
        return;
    }
    const unsigned char *pa = a, *pb = b;
    const __m128i k256 = CRC32C_K256, k128 = CRC32C_K128;
    __m128i a0 = _mm_xor_si128(crc32c_load(pa), _mm_cvtsi32_si128((int)crc[0])), a1 = crc32c_load(pa + 16);
    __m128i b0 = _mm_xor_si128(crc32c_load(pb), _mm_cvtsi32_si128((int)crc[1])), b1 = crc32c_load(pb + 16);
    size_t offset = 32;
    for (; offset + 32 <= length; offset += 32) {
        a0 = crc32c_fold(a0, k256, crc32c_load(pa + offset));
        b0 = crc32c_fold(b0, k256, crc32c_load(pb + offset));
        a1 = crc32c_fold(a1, k256, crc32c_load(pa + offset + 16));
        b1 = crc32c_fold(b1, k256, crc32c_load(pb + offset + 16));
    }
    a0 = crc32c_fold(a0, k128, a1);
    b0 = crc32c_fold(b0, k128, b1);
    if (offset + 16 <= length) {
        a0 = crc32c_fold(a0, k128, crc32c_load(pa + offset));
        b0 = crc32c_fold(b0, k128, crc32c_load(pb + offset));
        offset += 16;
    }
    crc[0] = crc32c_finish(a0, pa + offset, length - offset);
    crc[1] = crc32c_finish(b0, pb + offset, length - offset);
}

uint32_t journal_crc32c_carryless_update(uint32_t crc, const void *bytes, size_t length) {
    uint32_t registers[2] = {crc, 0};
    journal_crc32c_carryless_update2(registers, bytes, bytes, length);
    return registers[0];
}

// AVX-512 with VPCLMULQDQ: four 16-byte lanes folded at once, 64 bytes a step (the constants
// for a fold over 512 bits), then the lanes into one (over 384, 256 and 128 bits), then as
// above. Where the CPU has it (Intel since Ice Lake, AMD since Zen 4) it takes a quarter of the
// instructions of the crc32 streams.
#define CRC32C_K512 _mm_set_epi64x(0x9e4addf8, 0x740eef02)
#define CRC32C_K384 _mm_set_epi64x(0xddc0152b, 0x1c291d04)

int journal_crc32c_vector_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if ((ecx & bit_SSE4_2) == 0 || (ecx & bit_PCLMUL) == 0 || !journal_system_saves(journal_saves_avx512)) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ebx & bit_AVX512F) != 0 && (ebx & bit_AVX512VL) != 0 && (ecx & bit_VPCLMULQDQ) != 0;
}

__attribute__((target("sse4.2,pclmul"), always_inline))
static inline __m128i crc32c_fold_alone(__m128i x, __m128i k) {
    return _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11));
}

__attribute__((target("sse4.2,pclmul,avx512f,avx512vl,vpclmulqdq")))
void journal_crc32c_vector_registers(const void *base, size_t stride, size_t length, size_t count,
                                     uint32_t *registers) {
    const __m512i k512 = _mm512_broadcast_i32x4(CRC32C_K512);
    const __m128i k384 = CRC32C_K384, k256 = CRC32C_K256, k128 = CRC32C_K128;
    for (size_t i = 0; i < count; i++) {
        const unsigned char *p = (const unsigned char *)base + i * stride;
        if (length < 64) {
            registers[i] = journal_crc32c_hardware_update(registers[i], p, length);
            continue;
        }
        __m512i x = _mm512_xor_si512(_mm512_loadu_si512(p), _mm512_zextsi128_si512(_mm_cvtsi32_si128((int)registers[i])));
        size_t offset = 64;
        for (; offset + 64 <= length; offset += 64) {
            x = _mm512_ternarylogic_epi64(_mm512_clmulepi64_epi128(x, k512, 0x00), _mm512_clmulepi64_epi128(x, k512, 0x11),
                                          _mm512_loadu_si512(p + offset), 0x96);
        }
        __m128i folded = _mm_xor_si128(
            _mm_xor_si128(crc32c_fold_alone(_mm512_extracti32x4_epi32(x, 0), k384),
                          crc32c_fold_alone(_mm512_extracti32x4_epi32(x, 1), k256)),
            crc32c_fold(_mm512_extracti32x4_epi32(x, 2), k128, _mm512_extracti32x4_epi32(x, 3)));
        for (; offset + 16 <= length; offset += 16) folded = crc32c_fold(folded, k128, crc32c_load(p + offset));
        registers[i] = crc32c_finish(folded, p + offset, length - offset);
    }
}
#else
int journal_crc32c_carryless_preferred(void) { return 0; }
uint32_t journal_crc32c_carryless_update(uint32_t crc, const void *bytes, size_t length) {
    return journal_crc32c_hardware_update(crc, bytes, length);
}
void journal_crc32c_carryless_update2(uint32_t crc[2], const void *a, const void *b, size_t length) {
    crc[0] = journal_crc32c_hardware_update(crc[0], a, length);
    crc[1] = journal_crc32c_hardware_update(crc[1], b, length);
}
#endif

#elif defined(__aarch64__)
#include <sys/auxv.h>
#ifndef HWCAP_CRC32
#define HWCAP_CRC32 (1 << 7)
#endif

int journal_crc32c_hardware_available(void) {
#if defined(__linux__)
    return (getauxval(AT_HWCAP) & HWCAP_CRC32) != 0;
#else
    return 1;  // Every Apple ARM64 CPU has it.
#endif
}

__attribute__((target("crc")))
uint32_t journal_crc32c_hardware_update(uint32_t crc, const void *bytes, size_t length) {
    const unsigned char *p = bytes;
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        crc = __builtin_arm_crc32cd(crc, word);
        p += 8;
        length -= 8;
    }
    while (length > 0) {
        crc = __builtin_arm_crc32cb(crc, *p);
        p++;
        length--;
    }
    return crc;
}

// Three independent streams interleaved (see the x86-64 version).
__attribute__((target("crc")))
void journal_crc32c_hardware_update3(uint32_t crc[3], const void *a, const void *b, const void *c,
                                     size_t length) {
    const unsigned char *p0 = a, *p1 = b, *p2 = c;
    uint32_t r0 = crc[0], r1 = crc[1], r2 = crc[2];
    while (length >= 8) {
        uint64_t w0, w1, w2;
        memcpy(&w0, p0, 8);
        memcpy(&w1, p1, 8);
        memcpy(&w2, p2, 8);
        r0 = __builtin_arm_crc32cd(r0, w0);
        r1 = __builtin_arm_crc32cd(r1, w1);
        r2 = __builtin_arm_crc32cd(r2, w2);
        p0 += 8; p1 += 8; p2 += 8;
        length -= 8;
    }
    while (length > 0) {
        r0 = __builtin_arm_crc32cb(r0, *p0++);
        r1 = __builtin_arm_crc32cb(r1, *p1++);
        r2 = __builtin_arm_crc32cb(r2, *p2++);
        length--;
    }
    crc[0] = r0; crc[1] = r1; crc[2] = r2;
}

// The ARMv8 CRC32CX instruction is pipelined on the cores that have it: the interleaved
// crc32 streams are the fast path there.
int journal_crc32c_carryless_preferred(void) { return 0; }
uint32_t journal_crc32c_carryless_update(uint32_t crc, const void *bytes, size_t length) {
    return journal_crc32c_hardware_update(crc, bytes, length);
}
void journal_crc32c_carryless_update2(uint32_t crc[2], const void *a, const void *b, size_t length) {
    crc[0] = journal_crc32c_hardware_update(crc[0], a, length);
    crc[1] = journal_crc32c_hardware_update(crc[1], b, length);
}

#else
int journal_crc32c_hardware_available(void) { return 0; }
int journal_crc32c_carryless_preferred(void) { return 0; }
uint32_t journal_crc32c_carryless_update(uint32_t crc, const void *bytes, size_t length) {
    (void)bytes; (void)length;
    return crc;
}
void journal_crc32c_carryless_update2(uint32_t crc[2], const void *a, const void *b, size_t length) {
    (void)crc; (void)a; (void)b; (void)length;
}
uint32_t journal_crc32c_hardware_update(uint32_t crc, const void *bytes, size_t length) {
    (void)bytes; (void)length;
    return crc;
}
void journal_crc32c_hardware_update3(uint32_t crc[3], const void *a, const void *b, const void *c,
                                     size_t length) {
    (void)crc; (void)a; (void)b; (void)c; (void)length;
}
#endif

void journal_crc32c_hardware_checksums(const void *base, size_t stride, size_t length, size_t count,
                                       uint32_t *checksums) {
    const unsigned char *p = base;
    size_t i = 0;
    for (; i + 3 <= count; i += 3) {
        uint32_t crc[3] = {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu};
        journal_crc32c_hardware_update3(crc, p + i * stride, p + (i + 1) * stride, p + (i + 2) * stride, length);
        checksums[i] = ~crc[0];
        checksums[i + 1] = ~crc[1];
        checksums[i + 2] = ~crc[2];
    }
    for (; i < count; i++) {
        checksums[i] = ~journal_crc32c_hardware_update(0xFFFFFFFFu, p + i * stride, length);
    }
}

void journal_crc32c_carryless_checksums(const void *base, size_t stride, size_t length, size_t count,
                                        uint32_t *checksums) {
    const unsigned char *p = base;
    size_t i = 0;
    for (; i + 2 <= count; i += 2) {
        uint32_t crc[2] = {0xFFFFFFFFu, 0xFFFFFFFFu};
        journal_crc32c_carryless_update2(crc, p + i * stride, p + (i + 1) * stride, length);
        checksums[i] = ~crc[0];
        checksums[i + 1] = ~crc[1];
    }
    for (; i < count; i++) {
        checksums[i] = ~journal_crc32c_carryless_update(0xFFFFFFFFu, p + i * stride, length);
    }
}

#if !defined(__x86_64__)
int journal_crc32c_vector_available(void) { return 0; }
void journal_crc32c_vector_registers(const void *base, size_t stride, size_t length, size_t count,
                                     uint32_t *registers) {
    (void)base; (void)stride; (void)length; (void)count; (void)registers;
}
#endif
