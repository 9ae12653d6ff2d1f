import BackOfficeStorage
import CardProfile
import Hummingbird

/// What the back office knows, for its users: `GET /v1/terminals` (enrolled terminals with how
/// far each has synced; `auditor`) and `GET /v1/alarms?limit=N` (newest first; `auditor`).
struct AdministrationEndpoints: Sendable {
    let store: any LedgerStore
    let users: UserAuthenticator

    struct TerminalAnswer: Encodable {
        var id: UInt32
        var label: String
        var publicKey: String
        var enrolledAt: Int64
        var revokedAt: Int64?
        var revocationReason: String?
        var storedThrough: UInt64
    }

    struct AlarmAnswer: Encodable {
        var at: Int64
        var kind: String
        var terminal: UInt32?
        var sequence: UInt64?
        var detail: String
    }

    func register(on router: Router<BackOfficeRequestContext>) {
        router.get("/v1/terminals") { request, _ in
            _ = try await users.authorize(request, needs: .auditor)
            var answers: [TerminalAnswer] = []
            for terminal in try await store.terminals() {
                answers.append(
                    TerminalAnswer(
                        id: terminal.id, label: terminal.label, publicKey: HexText.encode(terminal.publicKey),
                        enrolledAt: terminal.enrolledAt,
                        revokedAt: terminal.revokedAt, revocationReason: terminal.revocationReason,
                        storedThrough: try await store.storedThrough(terminal: terminal.id)))
            }
            return try JSONBody.response(["terminals": answers])
        }
        router.get("/v1/alarms") { request, _ in
            _ = try await users.authorize(request, needs: .auditor)
            let limitText = request.uri.queryParameters["limit"]
            let limit = limitText.map { Int($0) } ?? 100
            guard let limit, (1...10_000).contains(limit) else {
                throw BackOfficeProblem.badRequest("limit must be a whole number in 1...10000")
            }
            let alarms = try await store.alarms(limit: limit).map {
                AlarmAnswer(at: $0.at, kind: $0.kind, terminal: $0.terminal, sequence: $0.sequence, detail: $0.detail)
            }
            return try JSONBody.response(["alarms": alarms])
        }
    }
}
