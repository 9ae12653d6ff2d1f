import Foundation
import Testing

@testable import PCSC

/// Profile folders that cannot be used are refused with a precise reason.
@Suite("ReaderProfileCatalog load errors")
struct ReaderProfileLoadErrorTests {
    /// The file an `invalidProfile` error names, or `nil` for another error.
    static func invalidFile(_ error: any Error) -> String? {
        guard case ReaderProfileCatalog.LoadError.invalidProfile(let file, _) = error else { return nil }
        return file
    }

    @Test("a file that is not valid JSON is named in the error")
    func invalidJSON() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(ReaderProfileFixtures.profileJSON(id: "good", patterns: ["Good"]), to: "a-good.json")
        try folder.write("{ \"formatVersion\": 1, \"id\": ", to: "b-broken.json")
        let error = #expect(throws: ReaderProfileCatalog.LoadError.self) {
            try ReaderProfileCatalog.load(from: folder.url)
        }
        #expect(error.map(Self.invalidFile) == "b-broken.json")
        #expect(error.map { "\($0)" }?.contains("b-broken.json") == true)
    }

    @Test("a file missing a required field is named in the error")
    func missingField() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(#"{ "formatVersion": 1, "id": "half" }"#, to: "half.json")
        let error = #expect(throws: ReaderProfileCatalog.LoadError.self) {
            try ReaderProfileCatalog.load(from: folder.url)
        }
        #expect(error.map(Self.invalidFile) == "half.json")
    }

    @Test("formatVersion 2 is refused")
    func formatVersion2() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(ReaderProfileFixtures.profileJSON(id: "future", formatVersion: 2), to: "future.json")
        let error = #expect(throws: ReaderProfileCatalog.LoadError.self) {
            try ReaderProfileCatalog.load(from: folder.url)
        }
        #expect(error.map(Self.invalidFile) == "future.json")
        #expect(error.map { "\($0)" }?.contains("formatVersion") == true)
    }

    @Test("a UID command that is not hex is refused")
    func nonHexUID() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(ReaderProfileFixtures.profileJSON(id: "bad-uid", uid: "FFCAXX0000"), to: "bad-uid.json")
        let error = #expect(throws: ReaderProfileCatalog.LoadError.self) {
            try ReaderProfileCatalog.load(from: folder.url)
        }
        #expect(error.map(Self.invalidFile) == "bad-uid.json")
    }

    @Test("a folder without profiles loads empty and falls back to generic")
    func noProfiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("notes", to: "README.md")
        let catalog = try ReaderProfileCatalog.load(from: folder.url)
        #expect(catalog.profiles.isEmpty)
        #expect(catalog.profile(forReader: "Virtual PCD 00 00") == .generic)
    }

    @Test("a missing folder cannot be loaded")
    func loadMissingFolder() {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("pcsc-unit-missing-\(UUID().uuidString)")
        #expect(throws: ReaderProfileCatalog.LoadError.self) {
            try ReaderProfileCatalog.load(from: missing)
        }
    }

    @Test("locate with an explicit missing folder throws instead of falling back")
    func locateMissingExplicit() {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("pcsc-unit-missing-\(UUID().uuidString)").path
        let error = #expect(throws: ReaderProfileCatalog.LoadError.self) {
            try ReaderProfileCatalog.locate(explicit: missing)
        }
        guard case .unreadableFolder(let path, _)? = error else {
            Issue.record("expected unreadableFolder, got \(String(describing: error))")
            return
        }
        #expect(path == missing)
    }

    @Test("locate with an explicit folder loads that folder")
    func locateExplicit() throws {
        let catalog = try ReaderProfileCatalog.locate(explicit: ReaderProfileFixtures.hardwareReaders.path)
        #expect(catalog.source?.standardizedFileURL.path == ReaderProfileFixtures.hardwareReaders.path)
        #expect(catalog.profiles.contains { $0.id == "vpcd-virtual" })
    }

    @Test("locate with an explicit folder holding a bad profile throws")
    func locateExplicitInvalid() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("not json", to: "broken.json")
        let error = #expect(throws: ReaderProfileCatalog.LoadError.self) {
            try ReaderProfileCatalog.locate(explicit: folder.url.path)
        }
        #expect(error.map(Self.invalidFile) == "broken.json")
    }
}
