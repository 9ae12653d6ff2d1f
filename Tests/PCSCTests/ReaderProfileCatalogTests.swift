import Foundation
import Testing

@testable import PCSC

/// The real profiles in `hardware/readers`, and the choice of one by reader name.
@Suite("ReaderProfileCatalog with hardware/readers")
struct ReaderProfileCatalogTests {
    static let models = ["acs-acr122u", "acs-acr1252u", "hid-omnikey-5022", "hid-omnikey-5422", "identiv-utrust-3700f", "vpcd-virtual"]

    static func catalog() throws -> ReaderProfileCatalog {
        try ReaderProfileCatalog.load(from: ReaderProfileFixtures.hardwareReaders)
    }

    @Test("the folder gives the six reader models and the generic profile")
    func loadsAll() throws {
        let catalog = try Self.catalog()
        let ids = Set(catalog.profiles.map(\.id))
        #expect(ids == Set(Self.models + ["generic-pcsc"]))
        #expect(catalog.profiles.count == 7, "README.md and other non-JSON files must be ignored")
        #expect(catalog.source == ReaderProfileFixtures.hardwareReaders)
        let generic = try #require(catalog.profiles.first { $0.id == "generic-pcsc" })
        #expect(generic.namePatterns.isEmpty)
    }

    @Test(
        "a reader name picks its model's profile",
        arguments: [
            ("ACS ACR122U PICC Interface 00 00", "acs-acr122u"),
            ("ACS ACR1252 1S CL Reader [ACR1252 1S CL Reader(1)] 00 00", "acs-acr1252u"),
            ("HID Global OMNIKEY 5422CL Smartcard Reader 01 00", "hid-omnikey-5422"),
            ("HID Global OMNIKEY 5022 Smart Card Reader 00 00", "hid-omnikey-5022"),
            ("Identiv uTrust 3700 F CL Reader 00 00", "identiv-utrust-3700f"),
            ("Virtual PCD 00 00", "vpcd-virtual"),
            ("Virtual PCD 00 01", "vpcd-virtual"),
            ("acs acr122u picc interface 00 00", "acs-acr122u"),
        ]
    )
    func profileForReader(name: String, id: String) throws {
        #expect(try Self.catalog().profile(forReader: name).id == id)
    }

    @Test("an unknown reader gets the generic profile", arguments: ["Gemalto PC Twin Reader 00 00", "", "SCM Microsystems SCL3711 00 00"])
    func unknownReader(name: String) throws {
        let profile = try Self.catalog().profile(forReader: name)
        #expect(profile.id == "generic-pcsc")
        #expect(profile.namePatterns.isEmpty)
    }

    @Test("every profile's UID command is what its file says", arguments: models + ["generic-pcsc"])
    func uidCommand(id: String) throws {
        let profile = try #require(try Self.catalog().profiles.first { $0.id == id })
        let fileBytes = try #require(Hex.decode(profile.uid.apdu))
        #expect(profile.uidCommand.bytes == fileBytes)
        #expect(profile.uidCommand.bytes == [0xFF, 0xCA, 0x00, 0x00, 0x00])
    }

    @Test("the built-in generic profile reads the UID with FF CA 00 00 00")
    func builtInGeneric() {
        #expect(ReaderProfile.generic.uidCommand.bytes == [0xFF, 0xCA, 0x00, 0x00, 0x00])
        #expect(ReaderProfileCatalog.builtIn.profile(forReader: "Anything 00 00") == .generic)
    }
}
