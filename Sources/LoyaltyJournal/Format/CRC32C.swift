import CJournalCRC32C

/// CRC-32C (Castagnoli): reflected polynomial `0x82F63B78`, initial value `0xFFFFFFFF`,
/// final XOR `0xFFFFFFFF`, bits processed least significant first (the iSCSI / ext4 / SSE4.2
/// `crc32` variant). `CRC32C.checksum("123456789")` is `0xE3069283`.
///
/// Uses the CPU's CRC-32C instruction where there is one (SSE 4.2, ARMv8 CRC), which keeps the
/// open-time scan of a full journal close to the speed of reading the file; otherwise
/// slicing-by-8 over eight 256-entry tables (8 KiB).
public enum CRC32C {
    /// Whether the CPU's instruction is used.
    public static let usesHardware = journal_crc32c_hardware_available() != 0

    /// Whether batches (``checksums(of:stride:length:count:into:)``) fold with carry-less
    /// multiplication rather than interleave crc32 instructions: on CPUs whose crc32 instruction
    /// is not pipelined (AMD before Zen 3), where that is the faster of the two.
    public static let usesCarrylessBatches = usesHardware && journal_crc32c_carryless_preferred() != 0

    /// How a batch of buffers goes through the CRC where the CPU has the crc32 instruction.
    public enum BatchMethod: Int32, Sendable, CaseIterable, CustomStringConvertible {
        /// Three buffers at once, their crc32 instruction streams interleaved.
        case interleavedInstructions = 0
        /// Folding 32 bytes at a step by carry-less multiplication (PCLMULQDQ), two buffers at once.
        case carrylessFolding = 1
        /// Folding 64 bytes at a step in four lanes with AVX-512 VPCLMULQDQ.
        case vectorFolding = 2

        /// The methods this CPU can run (none without the crc32 instruction).
        public static let available: [BatchMethod] = allCases.filter(\.isAvailable)

        /// The fastest available method: AVX-512 folding where there is VPCLMULQDQ (a quarter of
        /// the instructions), carry-less folding where crc32 is not pipelined, else interleaving.
        public static let preferred: BatchMethod? =
            available.contains(.vectorFolding)
            ? .vectorFolding
            : usesCarrylessBatches
                ? .carrylessFolding
                : available.first

        private var isAvailable: Bool {
            guard usesHardware else { return false }
            switch self {
            case .interleavedInstructions: return true
            case .carrylessFolding: return journal_crc32c_zero_tail_available() != 0
            case .vectorFolding: return journal_crc32c_vector_available() != 0
            }
        }

        public var description: String {
            switch self {
            case .interleavedInstructions: "interleaved crc32"
            case .carrylessFolding: "carry-less multiplication"
            case .vectorFolding: "AVX-512 carry-less multiplication"
            }
        }
    }

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard usesHardware, let base = bytes.baseAddress else { return ~update(0xFFFF_FFFF, bytes) }
        return ~journal_crc32c_hardware_update(0xFFFF_FFFF, base, bytes.count)
    }

    /// The checksums of `count` buffers of `length` bytes each, starting `stride` bytes apart
    /// from `base` (for instance the checksummed part of consecutive records); the checksum of
    /// buffer `i` goes to `checksums[i]`. The buffers are independent, so several are done at
    /// once, by `method` (``BatchMethod/preferred`` unless a test asks for another available one;
    /// `nil`: the software tables).
    public static func checksums(
        of base: UnsafeRawPointer, stride: Int, length: Int, count: Int, into checksums: UnsafeMutablePointer<UInt32>,
        method: BatchMethod? = BatchMethod.preferred
    ) {
        precondition(length >= 0 && count >= 0 && stride >= 0)
        precondition(method.map { BatchMethod.available.contains($0) } ?? true)
        switch method {
        case .vectorFolding:
            checksums.initialize(repeating: 0xFFFF_FFFF, count: count)
            journal_crc32c_vector_registers(base, stride, length, count, checksums)
            for i in 0..<count { checksums[i] = ~checksums[i] }
        case .carrylessFolding:
            journal_crc32c_carryless_checksums(base, stride, length, count, checksums)
        case .interleavedInstructions:
            journal_crc32c_hardware_checksums(base, stride, length, count, checksums)
        case nil:
            for i in 0..<count {
                checksums[i] = ~update(0xFFFF_FFFF, UnsafeRawBufferPointer(start: base + i * stride, count: length))
            }
        }
    }

    /// Whether ``checksums(of:stride:length:covered:zeroShift:count:into:)`` may be used (x86-64
    /// with the crc32 instruction and carry-less multiplication).
    public static let skipsZeroTails = usesHardware && journal_crc32c_zero_tail_available() != 0

    /// The constant that advances a CRC register over `zeros` zero bytes (`zeros` ≥ 5), for
    /// ``checksums(of:stride:length:covered:zeroShift:count:into:)``. Costs `8 × zeros` steps:
    /// compute it once per length.
    public static func zeroShift(over zeros: Int) -> UInt32 {
        precondition(zeros >= 5)
        return journal_crc32c_zero_shift_constant(zeros)
    }

    /// The same checksums as ``checksums(of:stride:length:count:into:)``, for buffers whose bytes
    /// from `covered` on are usually zero (a record's padding): only the first `covered` bytes
    /// go through the CRC; the rest is checked to be zero and the register advanced over it at
    /// once by `zeroShift` (``zeroShift(over:)`` of `length − covered`), which the CRC's
    /// linearity makes exact. A buffer whose rest is not all zero is checksummed over all of it.
    /// Needs ``skipsZeroTails``, `covered ≥ 64` and `length − covered ≥ 16`.
    public static func checksums(
        of base: UnsafeRawPointer, stride: Int, length: Int, covered: Int, zeroShift: UInt32, count: Int,
        into checksums: UnsafeMutablePointer<UInt32>, method: BatchMethod? = BatchMethod.preferred
    ) {
        precondition(skipsZeroTails && covered >= 64 && length - covered >= 16 && count >= 0 && stride >= length)
        guard let method, BatchMethod.available.contains(method) else {
            preconditionFailure("\(String(describing: method)) is not available on this CPU")
        }
        journal_crc32c_checksums_zero_tail(base, stride, length, covered, zeroShift, method.rawValue, count, checksums)
    }

    /// The checksums of three buffers of equal length, their instruction streams interleaved
    /// (software tables one after the other where the CPU has no instruction).
    public static func checksums(
        _ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ c: UnsafeRawPointer, length: Int
    ) -> (UInt32, UInt32, UInt32) {
        guard usesHardware else {
            return (
                softwareChecksum(UnsafeRawBufferPointer(start: a, count: length)),
                softwareChecksum(UnsafeRawBufferPointer(start: b, count: length)),
                softwareChecksum(UnsafeRawBufferPointer(start: c, count: length))
            )
        }
        var registers: (UInt32, UInt32, UInt32) = (0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF)
        withUnsafeMutableBytes(of: &registers) { raw in
            journal_crc32c_hardware_update3(raw.baseAddress!.assumingMemoryBound(to: UInt32.self), a, b, c, length)
        }
        return (~registers.0, ~registers.1, ~registers.2)
    }

    /// The checksum of `bytes` computed in software, whatever the CPU (for tests).
    public static func softwareChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        ~update(0xFFFF_FFFF, bytes)
    }

    /// The checksum of `bytes`.
    public static func checksum<C: Collection<UInt8>>(_ bytes: C) -> UInt32 {
        if let result = bytes.withContiguousStorageIfAvailable({ checksum(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(bytes).withUnsafeBytes { checksum($0) }
    }

    /// Feeds `bytes` into a running (not yet inverted) CRC register.
    static func update(_ start: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = start
        var index = 0
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return crc }
        tables.withUnsafeBufferPointer { t in
            while count - index >= 8 {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let low = UInt32(truncatingIfNeeded: word) ^ crc
                let high = UInt32(truncatingIfNeeded: word >> 32)
                crc =
                    t[7 &* 256 &+ Int(low & 0xFF)]
                    ^ t[6 &* 256 &+ Int((low >> 8) & 0xFF)]
                    ^ t[5 &* 256 &+ Int((low >> 16) & 0xFF)]
                    ^ t[4 &* 256 &+ Int(low >> 24)]
                    ^ t[3 &* 256 &+ Int(high & 0xFF)]
                    ^ t[2 &* 256 &+ Int((high >> 8) & 0xFF)]
                    ^ t[1 &* 256 &+ Int((high >> 16) & 0xFF)]
                    ^ t[Int(high >> 24)]
                index &+= 8
            }
            while index < count {
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                crc = t[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
                index &+= 1
            }
        }
        return crc
    }

    /// Table `k` (entries `k*256 ..< (k+1)*256`) advances the register by one byte followed
    /// by `k` zero bytes.
    private static let tables: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var crc = UInt32(n)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            table[n] = crc
        }
        for n in 0..<256 {
            var crc = table[n]
            for k in 1..<8 {
                crc = table[Int(crc & 0xFF)] ^ (crc >> 8)
                table[k * 256 + n] = crc
            }
        }
        return table
    }()
}
