import Foundation
import Testing
import X509

@testable import TLSAuthority

/// The TLS folder on real files: made once, reused, renewed when due; keys owner-only.
@Suite("TLS folder")
struct TLSFolderTests {
    static func temporaryFolder() -> String { NSTemporaryDirectory() + "tls-folder-" + UUID().uuidString }

    static func mode(_ path: String) throws -> Int {
        try #require((FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    @Test("first use makes the authority and a server certificate for the names; keys 0600, folder 0700")
    func firstUse() throws {
        let path = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let folder = TLSFolder(path: path)
        let now = Date()
        let prepared = try folder.prepare(names: ServerNames(["bo.shop.example", "10.0.0.5"]), now: now)
        #expect(prepared.authorityMade)
        #expect(prepared.change == .made)
        #expect(try Self.mode(folder.authorityKeyPath) == 0o600)
        #expect(try Self.mode(folder.serverKeyPath) == 0o600)
        #expect(try Self.mode(path) == 0o700)
        let server = prepared.server.certificate
        #expect(prepared.authority.signed(server))
        let names = try #require(try server.extensions.subjectAlternativeNames).map(\.description)
        #expect(names.contains { $0.contains("bo.shop.example") })
        #expect(names.contains { $0.contains("localhost") })
        #expect(names.count == 4)
        #expect(try server.extensions.extendedKeyUsage?.contains(.serverAuth) == true)
        #expect(server.notValidAfter.timeIntervalSince(now) > 364 * 86_400)
        #expect(prepared.authority.certificate.notValidAfter.timeIntervalSince(now) > 9 * 365 * 86_400)
    }

    @Test("a later use reuses both; new names or a near end renew the server certificate, never the authority")
    func reuseAndRenew() throws {
        let path = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let folder = TLSFolder(path: path)
        let now = Date()
        let names = ServerNames(["127.0.0.1"])
        let first = try folder.prepare(names: names, now: now)
        let again = try folder.prepare(names: names, now: now + 86_400)
        #expect(!again.authorityMade)
        #expect(again.change == .reused)
        #expect(again.server.certificate == first.server.certificate)

        let renamed = try folder.prepare(names: ServerNames(["bo.shop.example"]), now: now + 86_400)
        guard case .renewed(let reason) = renamed.change else {
            Issue.record("new names did not renew: \(renamed.change)")
            return
        }
        #expect(reason.contains("names"))
        #expect(renamed.authority.certificate == first.authority.certificate)

        let late = try folder.prepare(names: ServerNames(["bo.shop.example"]), now: now + 340 * 86_400)
        guard case .renewed(let ending) = late.change else {
            Issue.record("a certificate 25 days from its end was not renewed: \(late.change)")
            return
        }
        #expect(ending.contains("ends on"))
        #expect(late.authority.certificate == first.authority.certificate)
        #expect(late.server.certificate.notValidAfter > renamed.server.certificate.notValidAfter)
    }

    @Test("a key file others may read is refused with the fix; a missing half is named")
    func refusals() throws {
        let path = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let folder = TLSFolder(path: path)
        _ = try folder.authority()
        chmod(folder.authorityKeyPath, 0o640)
        let open = #expect(throws: TLSAuthorityError.self) { try folder.authority() }
        #expect(open?.description.contains("chmod 600 \(folder.authorityKeyPath)") == true, "\(String(describing: open))")
        chmod(folder.authorityKeyPath, 0o600)
        try FileManager.default.removeItem(atPath: folder.authorityCertificatePath)
        let missing = #expect(throws: TLSAuthorityError.self) { try folder.authority() }
        #expect(missing?.description.contains("ca.pem is missing") == true, "\(String(describing: missing))")
    }

    @Test("names: addresses as IP entries, host names as DNS entries, localhost and 127.0.0.1 always, each once")
    func names() {
        #expect(ServerNames(["0.0.0.0"]).names == ["localhost", "127.0.0.1"])
        #expect(ServerNames(["BO.Example", "bo.example", "::1"]).names == ["bo.example", "::1", "localhost", "127.0.0.1"])
        #expect(IPAddressBytes.parse("10.1.2.3") == [10, 1, 2, 3])
        #expect(IPAddressBytes.parse("::1") == Array(repeating: 0, count: 15) + [1])
        #expect(IPAddressBytes.parse("fe80::1:2")?.count == 16)
        #expect(IPAddressBytes.parse("256.1.1.1") == nil)
        #expect(IPAddressBytes.parse("bo.example") == nil)
    }
}
