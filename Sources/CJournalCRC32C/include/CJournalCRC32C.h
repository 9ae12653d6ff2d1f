#ifndef CJOURNALCRC32C_H
#define CJOURNALCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has a CRC-32C instruction (SSE 4.2 on x86-64, the CRC extension on ARMv8).
int journal_crc32c_hardware_available(void);

/// Feeds `length` bytes into a running (not inverted) CRC-32C register with the CPU's CRC-32C
/// instruction. Call only when `journal_crc32c_hardware_available()` returned non-zero.
uint32_t journal_crc32c_hardware_update(uint32_t crc, const void *bytes, size_t length);

/// Feeds `length` bytes of each of three independent buffers `a`, `b`, `c` into the running
/// (not inverted) registers `crc[0]`, `crc[1]`, `crc[2]`, interleaving the three instruction
/// streams so that they overlap in the CPU (about three times the speed of three calls to
/// `journal_crc32c_hardware_update`). Same precondition.
void journal_crc32c_hardware_update3(uint32_t crc[3], const void *a, const void *b, const void *c,
                                     size_t length);

/// The final CRC-32C (initial value and final XOR `0xFFFFFFFF`) of `count` buffers of `length`
/// bytes starting `stride` bytes apart from `base` (for instance the checksummed part of
/// consecutive records), three at a time; the result for buffer `i` goes to `checksums[i]`.
/// Same precondition.
void journal_crc32c_hardware_checksums(const void *base, size_t stride, size_t length, size_t count,
                                       uint32_t *checksums);

/// Whether `journal_crc32c_carryless_update` is the faster way on this CPU (x86-64 with SSE 4.2
/// and PCLMULQDQ whose crc32 instruction is not pipelined: AMD before Zen 3). Where it returns
/// non-zero, the carry-less functions may be called.
int journal_crc32c_carryless_preferred(void);

/// Same contract as `journal_crc32c_hardware_update`, computed by folding with carry-less
/// multiplication (PCLMULQDQ), the crc32 instruction only reducing the result and the tail.
uint32_t journal_crc32c_carryless_update(uint32_t crc, const void *bytes, size_t length);

/// `journal_crc32c_carryless_update` of two independent buffers of equal length at once, their
/// instruction streams interleaved; registers in `crc[0]` and `crc[1]`.
void journal_crc32c_carryless_update2(uint32_t crc[2], const void *a, const void *b, size_t length);

/// Same contract as `journal_crc32c_hardware_checksums`, two buffers at a time with
/// `journal_crc32c_carryless_update2`.
void journal_crc32c_carryless_checksums(const void *base, size_t stride, size_t length, size_t count,
                                        uint32_t *checksums);

/// Whether this CPU has AVX-512 (F and VL) with VPCLMULQDQ, and the system saves its registers:
/// `journal_crc32c_vector_registers` may be called.
int journal_crc32c_vector_available(void);

/// Feeds the first `length` bytes of each of `count` buffers `stride` bytes apart into the
/// running (not inverted) registers `registers[0 ..< count]`, folding 64 bytes at a step with
/// AVX-512 carry-less multiplication. Call only when `journal_crc32c_vector_available()`
/// returned non-zero.
void journal_crc32c_vector_registers(const void *base, size_t stride, size_t length, size_t count,
                                     uint32_t *registers);

/// Whether `journal_crc32c_checksums_zero_tail` may be called (x86-64 with SSE 4.2 and PCLMULQDQ).
int journal_crc32c_zero_tail_available(void);

/// x^(8 * zeros - 33) modulo the CRC-32C polynomial, bit-reflected: the constant with which
/// `journal_crc32c_checksums_zero_tail` advances a register over `zeros` zero bytes
/// (`zeros` >= 5). Computed bit by bit: compute it once per `zeros`, not once per buffer.
uint32_t journal_crc32c_zero_shift_constant(size_t zeros);

/// Same results as `journal_crc32c_hardware_checksums`, for buffers whose bytes from `covered`
/// on (`16 <= length - covered`, `covered >= 64`) are usually zero: only the first `covered`
/// bytes go through the CRC, by interleaved crc32 instructions (`method` 0), carry-less
/// folding (1) or AVX-512 folding (2, only where `journal_crc32c_vector_available()`); the rest
/// is checked to be zero and the register advanced over it with
/// `shift` = `journal_crc32c_zero_shift_constant(length - covered)`. A buffer whose rest is
/// not all zero is checksummed over it as usual. Call only when
/// `journal_crc32c_zero_tail_available()` returned non-zero.
void journal_crc32c_checksums_zero_tail(const void *base, size_t stride, size_t length, size_t covered,
                                        uint32_t shift, int method, size_t count, uint32_t *checksums);

#endif
