import BackOfficeStorage
import CardProfile
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import SyncProtocol

/// Proves that a request comes from an enrolled terminal (`docs/sync-protocol.md`,
/// "Authentication"): its signature by the terminal's enrolled key, its time within the window,
/// its nonce never seen before. Refusals answer 401 (403 for a revoked terminal), are counted
/// in `backoffice_auth_refusals_total` by reason, and those that suggest an attack (bad
/// signature, replay, unknown or revoked terminal, a terminal speaking for another) raise an
/// alarm.
struct TerminalAuthenticator: Sendable {
    let store: any LedgerStore
    let clock: @Sendable () -> Int64
    let logger: Logger

    /// The terminal that signed `request` with `body` (the bytes as received).
    func authenticate(_ request: Request, body: some Collection<UInt8>) async throws -> EnrolledTerminal {
        let path = request.head.path ?? request.uri.description
        do {
            let (signed, signature) = try SignedRequest.read(method: request.method.rawValue, path: path, body: body) {
                request.headers[HTTPField.Name($0)!]
            }
            guard let terminal = try await store.terminal(signed.terminal) else {
                throw AuthenticationFailure.unknownTerminal(signed.terminal)
            }
            let key = try ProfileKeys.publicKey(terminal.publicKey)
            // The signature first: only the terminal itself learns that it is revoked.
            try signed.verify(signature: signature, by: key, now: clock())
            guard !terminal.isRevoked else { throw AuthenticationFailure.revoked(terminal.id) }
            guard try await store.useNonce(terminal: terminal.id, nonce: signed.nonce, expiresAt: signed.time + SignedRequest.window) else {
                throw AuthenticationFailure.replayed
            }
            return terminal
        } catch let failure as AuthenticationFailure {
            try await refuse(failure)
        }
    }

    /// Counts, logs and (when it suggests an attack) raises an alarm for `failure`, then throws
    /// the answer for it.
    func refuse(_ failure: AuthenticationFailure) async throws -> Never {
        Counter(label: "backoffice_auth_refusals_total", dimensions: [("reason", failure.code)]).increment()
        let terminal: UInt32? =
            switch failure {
            case .unknownTerminal(let id), .revoked(let id): id
            case .wrongTerminal(let signer, _): signer
            default: nil
            }
        switch failure {
        case .badSignature, .replayed, .unknownTerminal, .revoked, .wrongTerminal:
            try await store.raise(Alarm(at: clock(), kind: failure.code, terminal: terminal, detail: failure.description))
        case .missingHeader, .malformedHeader, .outsideWindow:
            break
        }
        logger.warning("refused a terminal request: \(failure)")
        if case .revoked = failure { throw BackOfficeProblem.forbidden(failure.description, code: failure.code) }
        if case .wrongTerminal = failure { throw BackOfficeProblem.forbidden(failure.description, code: failure.code) }
        throw BackOfficeProblem.unauthenticated(failure.description, code: failure.code, challenge: "Loyalty-Signature")
    }
}
