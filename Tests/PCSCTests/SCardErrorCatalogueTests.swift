import Testing

@testable import PCSC

/// The generated catalogue of PC/SC result codes: complete, well-formed, and true to the C header.
@Suite("SCardError catalogue")
struct SCardErrorCatalogueTests {
    static let codes = SCardError.catalogue.keys.sorted()

    @Test("every catalogued code has an SCARD_ C name and a meaning", arguments: codes)
    func entryIsWellFormed(code: UInt32) {
        let error = SCardError(rawValue: code)
        #expect(error.cName.hasPrefix("SCARD_"))
        #expect(!error.cName.contains("0x"), "a catalogued code must not fall back to its hex form")
        #expect(!error.meaning.isEmpty)
        #expect(error.meaning != SCardError(rawValue: 0x8010_00FE).meaning, "a catalogued code must not read as unknown")
    }

    @Test("no two codes share a C name")
    func namesAreUnique() {
        let names = Self.codes.map { SCardError(rawValue: $0).cName }
        #expect(!names.isEmpty)
        #expect(Set(names).count == names.count)
    }

    @Test(
        "known codes map to their C names",
        arguments: [
            (UInt32(0x8010_001D), "SCARD_E_NO_SERVICE"),
            (0x8010_0069, "SCARD_W_REMOVED_CARD"),
            (0x8010_000A, "SCARD_E_TIMEOUT"),
            (0x8010_001E, "SCARD_E_SERVICE_STOPPED"),
            (0x8010_000C, "SCARD_E_NO_SMARTCARD"),
            (0x8010_0001, "SCARD_F_INTERNAL_ERROR"),
            (0x8010_0018, "SCARD_P_SHUTDOWN"),
        ]
    )
    func knownMapping(code: UInt32, cName: String) {
        #expect(SCardError(rawValue: code).cName == cName)
    }

    @Test("named constants carry the codes of their C names")
    func namedConstants() {
        #expect(SCardError.noService.rawValue == 0x8010_001D)
        #expect(SCardError.removedCard.rawValue == 0x8010_0069)
        #expect(SCardError.timeout.rawValue == 0x8010_000A)
        #expect(SCardError.timeout.cName == "SCARD_E_TIMEOUT")
        #expect(SCardError.timeout.meaning.lowercased().contains("timeout"))
    }

    @Test(
        "each catalogue entry matches the #define of its C name in pcsclite.h",
        .enabled(if: PCSCHeader.isInstalled, "libpcsclite-dev header not installed"),
        arguments: codes
    )
    func matchesHeader(code: UInt32) throws {
        let cName = SCardError(rawValue: code).cName
        let headerValue = try #require(PCSCHeader.resultCodes[cName], "\(cName) is not defined in pcsclite.h")
        #expect(headerValue == code)
    }

    @Test(
        "every result code pcsclite.h defines is in the catalogue",
        .enabled(if: PCSCHeader.isInstalled, "libpcsclite-dev header not installed")
    )
    func headerIsCovered() {
        #expect(!PCSCHeader.resultCodes.isEmpty, "no result codes parsed from \(PCSCHeader.path)")
        for (name, value) in PCSCHeader.resultCodes.sorted(by: { $0.key < $1.key }) {
            #expect(SCardError.catalogue[value] != nil, "\(name) (0x\(String(value, radix: 16))) missing")
        }
    }
}
