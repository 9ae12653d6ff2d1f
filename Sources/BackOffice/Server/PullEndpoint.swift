import BackOfficeStorage
import HTTPTypes
import Hummingbird
import SyncProtocol

/// `GET /v1/journal`: a user's pull of synced transactions, in the order the back office stored
/// them. Query: `after` (a cursor from an earlier pull; default: the start), `terminal`,
/// `from` / `before` (the terminal's record time, ms since the epoch), `limit` (1 ...
/// `maximumPullLimit`, default 1000), `format` (`json`, `ndjson`, `csv`; or by `Accept`).
///
/// The answer's `Loyalty-Next-Cursor` resumes exactly after this page (nothing missed or
/// repeated, even while uploads go on) and `Loyalty-More` says whether the page was cut at its
/// limit. Needs the `auditor` role.
struct PullEndpoint: Sendable {
    let store: any LedgerStore
    let users: UserAuthenticator
    let options: BackOfficeOptions

    func register(on router: Router<BackOfficeRequestContext>) {
        router.get("/v1/journal") { request, _ in try await pull(request) }
    }

    func pull(_ request: Request) async throws -> Response {
        _ = try await users.authorize(request, needs: .auditor)
        let parameters = request.uri.queryParameters
        func integer(_ name: String, in range: ClosedRange<Int64>) throws -> Int64? {
            guard let text = parameters[Substring(name)] else { return nil }
            guard let value = Int64(text), range.contains(value) else {
                throw BackOfficeProblem.badRequest("\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return value
        }
        for name in parameters.map({ String($0.key) }) where !Self.parameterNames.contains(name) {
            throw BackOfficeProblem.badRequest("unknown parameter \(name) (known: \(Self.parameterNames.sorted().joined(separator: ", ")))")
        }
        var query = PullQuery(limit: 1000)
        if let cursor = parameters["after"] {
            guard let position = PullCursor.position(String(cursor)) else {
                throw BackOfficeProblem.badRequest("after is not a cursor from this back office")
            }
            query.after = position
        }
        query.terminal = try integer("terminal", in: 0...Int64(UInt32.max)).map { UInt32($0) }
        query.recordedFrom = try integer("from", in: 0...Int64.max)
        query.recordedBefore = try integer("before", in: 0...Int64.max)
        query.limit = Int(try integer("limit", in: 1...Int64(options.maximumPullLimit)) ?? 1000)
        let format = try PullFormat.chosen(parameter: parameters["format"].map(String.init), accept: request.headers[.accept])
        let redaction = ErasedDetailsRedaction(erased: Set(try await store.erasedMembers()))
        let page = redaction.redact(try await store.pull(query))
        let headers: HTTPFields = [
            HTTPField.Name(SyncHeader.nextCursor)!: PullCursor.text(page.nextAfter),
            HTTPField.Name(SyncHeader.more)!: page.more ? "true" : "false",
        ]
        return JSONBody.bytes(format.render(page), contentType: format.contentType, headers: headers)
    }

    static let parameterNames: Set<String> = ["after", "terminal", "from", "before", "limit", "format"]
}

/// Pull cursors: opaque to users (`c` and the store position); only this back office's.
public enum PullCursor {
    public static func text(_ position: Int64) -> String { "c\(position)" }

    /// The position of a cursor: `c` and 1 to 19 decimal digits (the document's pattern, no sign),
    /// at most 2^63 - 1.
    public static func position(_ text: String) -> Int64? {
        let digits = text.utf8.dropFirst()
        guard text.first == "c", (1...19).contains(digits.count),
            digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return Int64(text.dropFirst())
    }
}
