import BackOfficeStorage
import HTTPTypes
import Hummingbird
import SyncProtocol

/// `GET /v1/documents/{kind}?after=N`: a terminal's signed download of the newest published
/// version of a document (`programme`, `block-list`, `revoked-terminals`, `bonuses`): 200 with
/// the document and its version in `Loyalty-Document-Version` when it is newer than `N`, 204
/// when the terminal has it already (or nothing is published).
struct DocumentEndpoint: Sendable {
    static let versionHeader = HTTPField.Name("Loyalty-Document-Version")!

    let store: any LedgerStore
    let terminals: TerminalAuthenticator

    func register(on router: Router<BasicRequestContext>) {
        router.get("/v1/documents/:kind") { request, context in try await download(request, context: context) }
    }

    func download(_ request: Request, context: BasicRequestContext) async throws -> Response {
        _ = try await terminals.authenticate(request, body: [UInt8]())
        guard let name = context.parameters.get("kind"), let kind = DocumentKind(rawValue: name) else {
            let known = DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw BackOfficeProblem(status: .notFound, code: "unknown-document", reason: "no such document kind (there are: \(known))")
        }
        let after: Int64
        if let text = request.uri.queryParameters["after"] {
            guard let value = Int64(text), value >= 0 else {
                throw BackOfficeProblem.badRequest("after must be a version number (0 or more)")
            }
            after = value
        } else {
            after = 0
        }
        guard let document = try await store.latest(kind), document.version > after else {
            return Response(status: .noContent)
        }
        return JSONBody.bytes(document.body, contentType: "application/json", headers: [Self.versionHeader: String(document.version)])
    }
}
