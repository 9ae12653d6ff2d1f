import APIDocumentCheck
import Foundation
import Testing

/// `docs/backoffice-api.yaml`, read once, against which every reply the fixture receives is checked.
enum BackOfficeAPIDocument {
    static let loaded = Result<APIDocument, any Error> {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try APIDocument(contentsOf: root.appendingPathComponent("docs/backoffice-api.yaml"), name: "docs/backoffice-api.yaml")
    }

    /// Records an issue of the running test when `reply` to `method` on `target` is not as the
    /// document says (status, body's schema, the headers it requires). Requests no documented operation serves (unknown
    /// paths, another method) get a `ProblemAnswer`, as the document says in words.
    static func check(_ reply: BackOfficeFixture.Reply, method: String, target: String) {
        switch loaded {
        case .success(let document):
            if let report = document.check(
                method: method, target: target, status: reply.status, contentType: reply.headers["content-type"], body: reply.data,
                headerNames: Array(reply.headers.keys),
                unservedSchema: "#/components/schemas/ProblemAnswer")
            {
                Issue.record(Comment(rawValue: report.description))
            }
        case .failure(let error):
            Issue.record(error, "docs/backoffice-api.yaml could not be read")
        }
    }
}
