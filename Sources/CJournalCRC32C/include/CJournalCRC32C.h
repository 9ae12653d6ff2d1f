#ifndef CJOURNALCRC32C_H
#define CJOURNALCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has a CRC-32C instruction (SSE 4.2 on x86-64, the CRC extension on ARMv8).
int journal_crc32c_hardware_available(void);

/// Feeds `length` bytes into a running (not inverted) CRC-32C register with the CPU's CRC-32C
/// instruction. Call only when `journal_crc32c_hardware_available()` returned non-zero.
uint32_t journal_crc32c_hardware_update(uint32_t crc, const void *bytes, size_t length);

#endif
