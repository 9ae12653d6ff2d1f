import LoyaltyJournal
import Testing

/// The checksums that skip zero padding are those of the whole buffers, whatever the buffers
/// hold: padding that is zero, padding that is not, and every split between the two, by every
/// method this CPU has.
@Suite struct CRC32CZeroTailTests {
    @Test func skippingZeroPaddingGivesTheWholeChecksums() throws {
        try #require(CRC32C.skipsZeroTails, "no carry-less multiplication on this CPU")
        var rng = SplitMix64(seed: 41)
        for (stride, length) in [(512, 508), (1024, 1020), (4096, 4092)] {
            let count = 37
            for covered in Swift.stride(from: 64, through: length - 16, by: 32) {
                var bytes = [UInt8](repeating: 0, count: stride * count)
                for record in 0..<count {
                    // Some records fill just what is covered, some less, some spill past it.
                    let filled = record % 4 == 0 ? length : Int(rng.next() % UInt64(covered + 1))
                    for i in 0..<filled { bytes[record * stride + i] = UInt8(truncatingIfNeeded: rng.next()) }
                    if record % 5 == 1 { bytes[record * stride + length - 1] = 1 }
                }
                let shift = CRC32C.zeroShift(over: length - covered)
                var plain = [UInt32](repeating: 0, count: count)
                bytes.withUnsafeBytes { raw in
                    for record in 0..<count {
                        plain[record] = CRC32C.softwareChecksum(
                            UnsafeRawBufferPointer(rebasing: raw[(record * stride)..<(record * stride + length)]))
                    }
                    for method in CRC32C.BatchMethod.available {
                        var fast = [UInt32](repeating: 0, count: count)
                        fast.withUnsafeMutableBufferPointer { out in
                            CRC32C.checksums(
                                of: raw.baseAddress!, stride: stride, length: length, covered: covered,
                                zeroShift: shift, count: count, into: out.baseAddress!, method: method)
                        }
                        #expect(fast == plain, "\(method): stride \(stride), covered \(covered)")
                    }
                }
            }
        }
    }
}
