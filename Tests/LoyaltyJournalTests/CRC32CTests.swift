import LoyaltyJournal
import Testing

@Suite struct CRC32CTests {
    @Test func knownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        // RFC 3720, appendix B.4.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum([UInt8]()) == 0)
    }

    @Test func slicedMatchesBytewise() {
        var rng = SplitMix64(seed: 7)
        for length in [1, 7, 8, 9, 15, 16, 17, 63, 508, 1000] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            }
            #expect(CRC32C.checksum(bytes) == ~crc, "length \(length)")
        }
    }
}

@Suite struct CRC32CHardwareTests {
    @Test func hardwareMatchesSoftware() {
        var rng = SplitMix64(seed: 11)
        for length in [0, 1, 3, 8, 9, 100, 508, 4092] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            bytes.withUnsafeBytes { raw in
                #expect(CRC32C.checksum(raw) == CRC32C.softwareChecksum(raw), "length \(length)")
            }
        }
        print("CRC-32C: CPU instruction \(CRC32C.usesHardware ? "used" : "not available, software tables used")")
    }
}

@Suite struct CRC32CMultiBufferTests {
    @Test func checkValue() {
        let bytes = Array("123456789".utf8)
        bytes.withUnsafeBytes { raw in
            let sums = CRC32C.checksums(raw.baseAddress!, raw.baseAddress!, raw.baseAddress!, length: raw.count)
            #expect(sums.0 == 0xE306_9283 && sums.1 == 0xE306_9283 && sums.2 == 0xE306_9283)
            var out = [UInt32](repeating: 0, count: 4)
            out.withUnsafeMutableBufferPointer { o in
                CRC32C.checksums(of: raw.baseAddress!, stride: 0, length: raw.count, count: 4, into: o.baseAddress!)
            }
            #expect(out == [0xE306_9283, 0xE306_9283, 0xE306_9283, 0xE306_9283])
        }
        print(
            "CRC-32C batches: \(CRC32C.BatchMethod.preferred.map(String.init(describing:)) ?? "software tables") "
                + "(available: \(CRC32C.BatchMethod.available))")
    }

    @Test func threeBuffersMatchOne() {
        var rng = SplitMix64(seed: 23)
        var lengths = Array(0...40) + [63, 64, 65, 508, 509, 1020, 4092]
        for _ in 0..<50 { lengths.append(Int(rng.next() % 5000)) }
        for length in lengths {
            let buffers = (0..<3).map { _ in (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
            buffers[0].withUnsafeBytes { a in
                buffers[1].withUnsafeBytes { b in
                    buffers[2].withUnsafeBytes { c in
                        let base = UnsafeRawPointer(bitPattern: 1)!  // Never read when length is 0.
                        let sums = CRC32C.checksums(
                            a.baseAddress ?? base, b.baseAddress ?? base, c.baseAddress ?? base, length: length)
                        #expect(sums.0 == CRC32C.softwareChecksum(a), "length \(length)")
                        #expect(sums.1 == CRC32C.softwareChecksum(b), "length \(length)")
                        #expect(sums.2 == CRC32C.softwareChecksum(c), "length \(length)")
                        #expect(sums.0 == CRC32C.checksum(a) && sums.2 == CRC32C.checksum(c), "length \(length)")
                    }
                }
            }
        }
    }

    @Test func stridedBatchMatchesOneByOne() {
        var rng = SplitMix64(seed: 29)
        var shapes = [(512, 508), (4096, 4092), (100, 97), (64, 64), (13, 5), (9, 0)]
        for length in [31, 32, 33, 47, 48, 49, 63, 64, 65, 79, 80, 81, 95, 96, 97, 127, 128, 129, 1020, 2044] {
            shapes.append((length + Int(rng.next() % 24), length))
        }
        for _ in 0..<20 {
            let length = Int(rng.next() % 3000)
            shapes.append((length + Int(rng.next() % 40), length))
        }
        for (stride, length) in shapes {
            for count in [0, 1, 2, 3, 4, 5, 6, 7, 8, 11] {
                let bytes = (0..<(stride * count + 8)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                bytes.withUnsafeBytes { raw in
                    var out = [UInt32](repeating: 0xDEAD_BEEF, count: count + 1)
                    out.withUnsafeMutableBufferPointer { o in
                        CRC32C.checksums(of: raw.baseAddress!, stride: stride, length: length, count: count, into: o.baseAddress!)
                    }
                    for i in 0..<count {
                        let one = UnsafeRawBufferPointer(rebasing: raw[(i * stride)..<(i * stride + length)])
                        #expect(out[i] == CRC32C.softwareChecksum(one), "stride \(stride) length \(length) #\(i)/\(count)")
                    }
                    #expect(out[count] == 0xDEAD_BEEF)  // Nothing written past `count`.
                    for method in CRC32C.BatchMethod.available {
                        var other = [UInt32](repeating: 0xDEAD_BEEF, count: count + 1)
                        other.withUnsafeMutableBufferPointer { o in
                            CRC32C.checksums(
                                of: raw.baseAddress!, stride: stride, length: length, count: count, into: o.baseAddress!,
                                method: method)
                        }
                        #expect(other == out, "\(method): stride \(stride) length \(length) count \(count)")
                    }
                }
            }
        }
    }
}
