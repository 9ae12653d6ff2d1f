import Testing

@testable import PCSC

/// The matching rule on made-up catalogues: longest pattern wins, case-insensitive, generic otherwise.
@Suite("ReaderProfileCatalog matching")
struct ReaderProfileMatchingTests {
    @Test("the longest matching pattern wins, whatever the order")
    func longestPatternWins() throws {
        let short = try ReaderProfileFixtures.profile(id: "short", patterns: ["5422"])
        let long = try ReaderProfileFixtures.profile(id: "long", patterns: ["OMNIKEY 5422CL"])
        for profiles in [[short, long], [long, short]] {
            let catalog = ReaderProfileCatalog(profiles: profiles)
            #expect(catalog.profile(forReader: "HID Global OMNIKEY 5422CL Smartcard Reader 01 00").id == "long")
            #expect(catalog.profile(forReader: "HID Global OMNIKEY 5422 Smartcard Reader 00 00").id == "short")
        }
    }

    @Test("matching ignores case")
    func caseInsensitive() throws {
        let catalog = ReaderProfileCatalog(profiles: [try ReaderProfileFixtures.profile(id: "x", patterns: ["uTrust 3700 F"])])
        #expect(catalog.profile(forReader: "IDENTIV UTRUST 3700 F CL READER 00 00").id == "x")
    }

    @Test("without a match, the catalogue's own pattern-less profile is used, else the built-in one")
    func fallback() throws {
        let model = try ReaderProfileFixtures.profile(id: "model", patterns: ["ACR122U"])
        let local = try ReaderProfileFixtures.profile(id: "local-generic", patterns: [])
        #expect(ReaderProfileCatalog(profiles: [model, local]).profile(forReader: "Other 00 00").id == "local-generic")
        #expect(ReaderProfileCatalog(profiles: [model]).profile(forReader: "Other 00 00") == .generic)
        #expect(ReaderProfileCatalog(profiles: []).profile(forReader: "Other 00 00") == .generic)
    }

    @Test(
        "a profile's own UID command is used",
        arguments: [("FFCA000004", "FF CA 00 00 04"), ("FFCA0000", "FF CA 00 00"), ("FF CA 00 00 10", "FF CA 00 00 10")])
    func customUIDCommand(apdu: String, expected: String) throws {
        var profile = ReaderProfile.generic
        profile.uid.apdu = apdu
        #expect(profile.uidCommand.bytes == hex(expected))
    }

    @Test("an unusable UID command falls back to FF CA 00 00 00", arguments: ["", "FFCA", "ZZ"])
    func unusableUIDCommand(apdu: String) {
        var profile = ReaderProfile.generic
        profile.uid.apdu = apdu
        #expect(profile.uidCommand.bytes == hex("FF CA 00 00 00"))
    }
}
