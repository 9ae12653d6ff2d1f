// Checksums of buffers whose last bytes are zero, without feeding the zeros through the CRC.
//
// CRC-32C is linear: the register after `bytes` followed by `n` zero bytes is the register after
// `bytes` multiplied by x^(8n) modulo the polynomial. With the register `r` (32 bits, reflected)
// and the constant k = x^(8n-33) mod P, the carry-less product r*k (63 bits, reflected, so one bit
// short of 64) fed to the crc32 instruction as one 64-bit word with a zero register gives
// r * x^(8n-33) * x * x^32 = r * x^(8n): one multiplication and one crc32 instead of n bytes.
#include "CJournalCRC32C.h"
#include <string.h>

uint32_t journal_crc32c_zero_shift_constant(size_t zeros) {
    // x^0 is the top bit in reflected order; multiplying by x shifts right and reduces.
    uint32_t value = 0x80000000u;
    for (size_t step = 8 * zeros - 33; step > 0; step--) {
        value = (value & 1) ? (value >> 1) ^ 0x82F63B78u : value >> 1;
    }
    return value;
}

#if defined(__x86_64__)
#include <immintrin.h>
#include "cpu_state.h"

int journal_crc32c_zero_tail_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & bit_SSE4_2) != 0 && (ecx & bit_PCLMUL) != 0;
}

// Whether the `length` bytes at `p` (at least 16) are all zero.
__attribute__((target("sse4.2")))
static inline int all_zero(const unsigned char *p, size_t length) {
    __m128i any = _mm_loadu_si128((const __m128i *)(p + length - 16));
    for (size_t offset = 0; offset + 16 <= length; offset += 16) {
        any = _mm_or_si128(any, _mm_loadu_si128((const __m128i *)(p + offset)));
    }
    return _mm_testz_si128(any, any);
}

// The same with 32-byte loads: half the instructions over a record's padding.
__attribute__((target("avx2")))
static inline int all_zero_avx2(const unsigned char *p, size_t length) {
    if (length < 32) return all_zero(p, length);
    __m256i any = _mm256_loadu_si256((const __m256i *)(p + length - 32));
    for (size_t offset = 0; offset + 32 <= length; offset += 32) {
        any = _mm256_or_si256(any, _mm256_loadu_si256((const __m256i *)(p + offset)));
    }
    return _mm256_testz_si256(any, any);
}

// Whether this CPU has AVX2 and the system saves its registers. Found once.
static int avx2_usable(void) {
    static int known;  // 0: not looked yet, 1: no, 2: yes.
    int state = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (state == 0) {
        unsigned int eax, ebx, ecx, edx;
        int usable = journal_system_saves(journal_saves_avx) && __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)
            && (ebx & bit_AVX2) != 0;
        state = usable ? 2 : 1;
        __atomic_store_n(&known, state, __ATOMIC_RELAXED);
    }
    return state == 2;
}

// The register `crc` advanced over the zero bytes `shift` stands for.
__attribute__((target("sse4.2,pclmul")))
static inline uint32_t advance_over_zeros(uint32_t crc, uint32_t shift) {
    __m128i product = _mm_clmulepi64_si128(_mm_cvtsi32_si128((int)crc), _mm_cvtsi32_si128((int)shift), 0x00);
    return (uint32_t)__builtin_ia32_crc32di(0, (uint64_t)_mm_cvtsi128_si64(product));
}

typedef int (*zero_test)(const unsigned char *p, size_t length);

// How the covered bytes go through the CRC (`method` of journal_crc32c_checksums_zero_tail).
enum { interleaved_instructions = 0, carryless_folding = 1, vector_folding = 2 };

// The final checksum of buffer `p` whose first `covered` bytes left the register `crc`.
__attribute__((target("sse4.2,pclmul"), always_inline))
static inline uint32_t finish(uint32_t crc, const unsigned char *p, size_t covered, size_t length,
                              uint32_t shift, int method, zero_test zero) {
    if (zero(p + covered, length - covered)) return ~advance_over_zeros(crc, shift);
    return ~(method == carryless_folding ? journal_crc32c_carryless_update(crc, p + covered, length - covered)
                                         : journal_crc32c_hardware_update(crc, p + covered, length - covered));
}

// The loop of `journal_crc32c_checksums_zero_tail`, inlined into one copy per zero test so that
// each copy inlines its test.
__attribute__((target("sse4.2,pclmul"), always_inline))
static inline void checksums_zero_tail(const unsigned char *p, size_t stride, size_t length, size_t covered,
                                       uint32_t shift, int method, size_t count, uint32_t *checksums,
                                       zero_test zero) {
    size_t i = 0;
    if (method == vector_folding) {
        uint32_t registers[32];
        for (; i < count; i += 32) {
            size_t batch = count - i < 32 ? count - i : 32;
            for (size_t k = 0; k < batch; k++) registers[k] = 0xFFFFFFFFu;
            journal_crc32c_vector_registers(p + i * stride, stride, covered, batch, registers);
            for (size_t k = 0; k < batch; k++) {
                checksums[i + k] = finish(registers[k], p + (i + k) * stride, covered, length, shift, method, zero);
            }
        }
        return;
    }
    if (method == carryless_folding) {
        for (; i + 2 <= count; i += 2) {
            uint32_t crc[2] = {0xFFFFFFFFu, 0xFFFFFFFFu};
            journal_crc32c_carryless_update2(crc, p + i * stride, p + (i + 1) * stride, covered);
            checksums[i] = finish(crc[0], p + i * stride, covered, length, shift, method, zero);
            checksums[i + 1] = finish(crc[1], p + (i + 1) * stride, covered, length, shift, method, zero);
        }
    } else {
        for (; i + 3 <= count; i += 3) {
            uint32_t crc[3] = {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu};
            journal_crc32c_hardware_update3(crc, p + i * stride, p + (i + 1) * stride, p + (i + 2) * stride, covered);
            for (size_t k = 0; k < 3; k++) {
                checksums[i + k] = finish(crc[k], p + (i + k) * stride, covered, length, shift, method, zero);
            }
        }
    }
    for (; i < count; i++) {
        uint32_t crc = method == carryless_folding ? journal_crc32c_carryless_update(0xFFFFFFFFu, p + i * stride, covered)
                                                   : journal_crc32c_hardware_update(0xFFFFFFFFu, p + i * stride, covered);
        checksums[i] = finish(crc, p + i * stride, covered, length, shift, method, zero);
    }
}

__attribute__((target("sse4.2,pclmul")))
static void checksums_zero_tail_sse(const unsigned char *p, size_t stride, size_t length, size_t covered,
                                    uint32_t shift, int method, size_t count, uint32_t *checksums) {
    checksums_zero_tail(p, stride, length, covered, shift, method, count, checksums, all_zero);
}

__attribute__((target("sse4.2,pclmul,avx2")))
static void checksums_zero_tail_avx2(const unsigned char *p, size_t stride, size_t length, size_t covered,
                                     uint32_t shift, int method, size_t count, uint32_t *checksums) {
    checksums_zero_tail(p, stride, length, covered, shift, method, count, checksums, all_zero_avx2);
}

void journal_crc32c_checksums_zero_tail(const void *base, size_t stride, size_t length, size_t covered,
                                        uint32_t shift, int method, size_t count, uint32_t *checksums) {
    if (avx2_usable()) {
        checksums_zero_tail_avx2(base, stride, length, covered, shift, method, count, checksums);
    } else {
        checksums_zero_tail_sse(base, stride, length, covered, shift, method, count, checksums);
    }
}
#else
int journal_crc32c_zero_tail_available(void) { return 0; }

void journal_crc32c_checksums_zero_tail(const void *base, size_t stride, size_t length, size_t covered,
                                        uint32_t shift, int method, size_t count, uint32_t *checksums) {
    (void)covered; (void)shift; (void)method;
    journal_crc32c_hardware_checksums(base, stride, length, count, checksums);
}
#endif
