import BackOfficeStorage
import HTTPTypes
import Hummingbird
import SyncProtocol

/// `GET /v1/documents/{kind}?after=N`: a terminal's signed download of what changed in a
/// document (`programme`, `block-list`, `revoked-terminals`, `bonuses`) since its version `N`:
/// 200 with `{"documents": [...]}`, the signed versions after `N` oldest first (each a delta on
/// the one before), or the newest signed snapshot alone when the terminal is too far behind
/// (`N` is 0, more than ``maximumSteps`` versions behind, or a version between was published
/// before documents were signed); `Loyalty-Document-Version` names the newest. 204 when the
/// terminal has the newest (or nothing signed is published). The back office only stores and
/// forwards: what was signed at publication is sent byte for byte.
struct DocumentEndpoint: Sendable {
    static let versionHeader = HTTPField.Name("Loyalty-Document-Version")!
    /// The most deltas one answer carries; further behind, the terminal gets the snapshot.
    static let maximumSteps = 32

    let store: any LedgerStore
    let terminals: TerminalAuthenticator

    func register(on router: Router<BackOfficeRequestContext>) {
        router.get("/v1/documents/:kind") { request, context in try await download(request, context: context) }
    }

    func download(_ request: Request, context: BackOfficeRequestContext) async throws -> Response {
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
        let steps = try await store.documents(kind, after: after, limit: Self.maximumSteps + 1)
        guard !steps.isEmpty else { return Response(status: .noContent) }
        if after > 0, steps.count <= Self.maximumSteps, steps.allSatisfy(\.isSigned), let newest = steps.last {
            return JSONBody.bytes(
                Self.update(steps.map(\.body)), contentType: DocumentUpdate.mediaType,
                headers: [Self.versionHeader: String(newest.version)])
        }
        guard let latest = try await store.latest(kind), latest.version > after, let snapshot = latest.snapshot else {
            return Response(status: .noContent)
        }
        return JSONBody.bytes(
            Self.update([snapshot]), contentType: DocumentUpdate.mediaType, headers: [Self.versionHeader: String(latest.version)])
    }

    /// `{"documents":[...]}` around signed documents as they were stored.
    static func update(_ documents: [[UInt8]]) -> [UInt8] {
        var bytes = Array(#"{"documents":["#.utf8)
        for (index, document) in documents.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += document
        }
        bytes += Array("]}".utf8)
        return bytes
    }
}
