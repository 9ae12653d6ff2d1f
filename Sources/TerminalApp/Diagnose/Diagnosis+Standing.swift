import AsyncHTTPClient
import CardProfile
import Foundation
import NIOCore
import SyncProtocol

extension Diagnosis {
    /// The terminal's standing at the back office: one request signed with the terminal's key
    /// (the revoked-terminals document, as the running terminal asks for it), which the back
    /// office authenticates first (`docs/sync-protocol.md`, "Authentication"). Fails when the
    /// back office says the key is revoked (403 `revoked`) or unknown (401 `unknown-terminal`),
    /// or refuses the signature.
    static func standing(
        _ settings: TerminalConfiguration.BackOfficeSettings, credential: TerminalCredential, client: HTTPClient,
        now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
    ) async -> DiagnosticCheck {
        let name = "enrolment"
        let terminal = credential.terminalID
        let path = "/v1/documents/\(DocumentKind.revokedTerminals.rawValue)?after=0"
        let basePath = URLComponents(string: settings.url)?.path ?? ""
        let signed = SignedRequest(
            method: "GET", path: basePath + path, terminal: terminal, time: now(), nonce: SignedRequest.newNonce(), body: [UInt8]())
        var request = HTTPClientRequest(url: settings.url + path)
        request.method = .GET
        for header in signed.headers(signedWith: credential.privateKey) { request.headers.add(name: header.name, value: header.value) }
        let status: Int
        let problem: ProblemAnswer?
        do {
            let response = try await client.execute(request, timeout: .seconds(Int64(settings.timeoutSeconds)))
            let body = try await response.body.collect(upTo: 1 << 20)
            status = Int(response.status.code)
            problem = try? JSONDecoder().decode(ProblemAnswer.self, from: Data(body.readableBytesView))
        } catch {
            return .warned(
                name, "the terminal's standing could not be asked: \(error)",
                fix: "see the back-office check; run diagnose again once it passes")
        }
        switch (status, problem?.error) {
        case (200, _), (204, _):
            return .passed(name, "terminal \(terminal)'s key is accepted by the back office")
        case (_, "revoked"):
            return .failed(
                name, "terminal \(terminal)'s key has been revoked: the back office refuses its uploads and downloads",
                fix:
                    "if the device is trusted again, enrol it anew at the back office (loyalty-backoffice terminal enrol), which lifts the revocation; otherwise take it out of service"
            )
        case (_, "unknown-terminal"):
            return .failed(
                name, "terminal \(terminal) is not enrolled at this back office",
                fix: "enrol it (loyalty-backoffice terminal enrol) or check backOffice.url")
        case (_, "outside-window"):
            return .failed(
                name, "the back office refused the request's time: \(problem?.reason ?? "")",
                fix: "set the clock and turn on time synchronisation (timedatectl set-ntp true)")
        default:
            let reason = problem.map { "\($0.error): \($0.reason)" } ?? "no reason given"
            return .failed(
                name, "the back office refused the terminal's signed request (HTTP \(status), \(reason))",
                fix: "check that terminalCredentialFile is this terminal's enrolment at this back office")
        }
    }
}
