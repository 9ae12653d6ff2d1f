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
