import Foundation
import Testing

@testable import PCSC

/// The reader profiles' extended-APDU field and their feedback commands.
@Suite("Reader profiles: extended APDUs and feedback")
struct ReaderProfileFeedbackTests {
    static func profile(_ id: String) throws -> ReaderProfile {
        try #require(try ReaderProfileCatalogTests.catalog().profiles.first { $0.id == id })
    }

    @Test("extendedAPDU as each file says; unknown means extended")
    func extendedAPDU() throws {
        #expect(try Self.profile("acs-acr122u").extendedAPDU == false)
        #expect(try Self.profile("acs-acr122u").carriesExtendedAPDUs == false)
        #expect(try Self.profile("acs-acr1252u").extendedAPDU == true)
        #expect(try Self.profile("vpcd-virtual").carriesExtendedAPDUs)
        #expect(try Self.profile("generic-pcsc").extendedAPDU == nil)
        #expect(try Self.profile("generic-pcsc").carriesExtendedAPDUs)
        #expect(ReaderProfile.generic.carriesExtendedAPDUs)
    }

    @Test("the ACR122U's patterns are one LED and buzzer pseudo-APDU each")
    func acr122u() throws {
        let feedback = try #require(try Self.profile("acs-acr122u").feedback)
        #expect(feedback.success?.readerCommand == .apdu(try CommandAPDU(cla: 0xFF, ins: 0x00, p1: 0x40, p2: 0xA0, data: [1, 1, 1, 1])))
        #expect(feedback.refusal?.readerCommand == .apdu(try CommandAPDU(cla: 0xFF, ins: 0x00, p1: 0x40, p2: 0x50, data: [2, 1, 2, 1])))
    }

    @Test("the ACR1252U's patterns are escapes under SCARD_CTL_CODE(3500)")
    func acr1252u() throws {
        let feedback = try #require(try Self.profile("acs-acr1252u").feedback)
        #expect(feedback.success?.readerCommand == .escape(code: 0x4200_0DAC, bytes: [0xE0, 0x00, 0x00, 0x28, 0x01, 0x0A]))
        #expect(feedback.refusal?.readerCommand == .escape(code: 0x4200_0DAC, bytes: [0xE0, 0x00, 0x00, 0x28, 0x01, 0x32]))
    }

    @Test(
        "readers the host cannot signal have no feedback",
        arguments: ["generic-pcsc", "hid-omnikey-5022", "hid-omnikey-5422", "identiv-utrust-3700f"])
    func none(id: String) throws {
        #expect(try Self.profile(id).feedback == nil)
    }

    @Test("a template where a concrete feedback command belongs is refused at load")
    func templateRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let json = ReaderProfileFixtures.profileJSON(id: "lamp").replacingOccurrences(
            of: #""quirks": []"#,
            with: #""feedback": { "success": { "transport": "apdu", "apdu": "FF0040{P2}0401010101" }, "refusal": null }, "quirks": []"#)
        try folder.write(json, to: "lamp.json")
        let error = #expect(throws: ReaderProfileCatalog.LoadError.self) {
            try ReaderProfileCatalog.load(from: folder.url)
        }
        #expect(error.map { "\($0)" }?.contains("feedback.success") == true)
    }

    @Test("a short APDU in hex parses in each of its four cases; other shapes do not")
    func shortBytes() {
        #expect(CommandAPDU(shortBytes: [0xFF, 0x00, 0x48, 0x00])?.bytes == [0xFF, 0x00, 0x48, 0x00])
        #expect(CommandAPDU(shortBytes: [0xFF, 0xCA, 0x00, 0x00, 0x00])?.expectedLength == 256)
        #expect(CommandAPDU(shortBytes: [0xFF, 0x00, 0x40, 0xA0, 0x04, 1, 1, 1, 1])?.data == [1, 1, 1, 1])
        #expect(CommandAPDU(shortBytes: [0x00, 0xA4, 0x04, 0x00, 0x01, 0xF0, 0x10])?.expectedLength == 16)
        #expect(CommandAPDU(shortBytes: [0xFF, 0x00, 0x40]) == nil)
        #expect(CommandAPDU(shortBytes: [0xFF, 0x00, 0x40, 0xA0, 0x04, 1, 1]) == nil)
    }
}
