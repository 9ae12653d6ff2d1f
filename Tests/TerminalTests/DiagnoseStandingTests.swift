import AsyncHTTPClient
import CardProfile
import Foundation
import StoreProcesses
import Testing

@testable import TerminalApp

/// `diagnose`'s enrolment check against a real back office: a signed request with the
/// terminal's key, accepted while it is enrolled, failed once `terminal revoke` revoked it, and
/// failed for a terminal the back office never enrolled.
@Suite("Diagnose: the terminal's key at a real back office", .serialized)
struct DiagnoseStandingTests {
    @Test("enrolled passes; after terminal revoke it fails as revoked; never enrolled fails")
    func revoked() async throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        let issuer = try folder.writeIssuerAndCredential(terminalID: 21)
        let server = BackOfficeProcess(
            database: "sqlite:\(folder.path("backoffice.sqlite"))", logPath: folder.path("backoffice.log"),
            arguments: ["--card-check-seconds", "0"])
        let enrolled = try await server.command([
            "terminal", "enrol", "--credential-file", folder.path("credential.json"), "--issuer-file", folder.path("issuer.json"),
        ])
        #expect(enrolled.status == 0, "\(enrolled.standardError)")
        try await server.start()
        do {
            let settings = TerminalConfiguration.BackOfficeSettings(url: server.url)
            let file = try TerminalCredentialFile.load(folder.path("credential.json"))
            let credential = try file.credential()
            // The client a terminal has: trusting the authority its enrolment handed over.
            let client = try BackOfficeClient.make(settings, enrolledAuthority: file.backOfficeAuthority).client

            let accepted = await Diagnosis.standing(settings, credential: credential, client: client)
            #expect(accepted.status == .passed, "\(accepted)")

            let revoke = try await server.command(["terminal", "revoke", "21", "--reason", "stolen"])
            #expect(revoke.status == 0, "\(revoke.standardError)")
            let revoked = await Diagnosis.standing(settings, credential: credential, client: client)
            #expect(revoked.status == .failed, "\(revoked)")
            #expect(revoked.detail.contains("terminal 21's key has been revoked"), "\(revoked)")
            #expect(revoked.fix?.contains("terminal enrol") == true)

            let stranger = await Diagnosis.standing(settings, credential: issuer.enrolTerminal(id: 22), client: client)
            #expect(stranger.status == .failed && stranger.detail.contains("not enrolled"), "\(stranger)")
            try await client.shutdown()
        } catch {
            _ = try? await server.stop()
            throw error
        }
        _ = try await server.stop()
    }
}
