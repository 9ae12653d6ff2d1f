import APIDocumentCheck
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A test client that checks every answer against `docs/pos-api.yaml` before the test sees it:
/// an answer its operation does not document (status, body's schema) is recorded as an issue
/// of the running test. Requests no documented operation serves (unknown paths, another
/// method) get an `Error`, as the document says in words.
struct DocumentCheckingClient: TestClientProtocol {
    let client: any TestClientProtocol

    var port: Int? { client.port }

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        switch POSAPIDocument.loaded {
        case .success(let document):
            if let report = document.check(
                method: method.rawValue, target: uri, status: response.status.code,
                contentType: response.headers[.contentType], body: Array(response.body.readableBytesView),
                headerNames: response.headers.map(\.name.canonicalName),
                unservedSchema: "#/components/schemas/Error")
            {
                Issue.record(Comment(rawValue: report.description))
            }
        case .failure(let error):
            Issue.record(error, "docs/pos-api.yaml could not be read")
        }
        return response
    }
}

/// `docs/pos-api.yaml`, read once.
enum POSAPIDocument {
    static let loaded = Result<APIDocument, any Error> {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try APIDocument(contentsOf: root.appendingPathComponent("docs/pos-api.yaml"), name: "docs/pos-api.yaml")
    }
}
