import Foundation
import StoreProcesses
import SyncProtocol

/// What an attacker on the wire does to the back office's answers to
/// `GET /v1/documents/{kind}` (`{"documents": [signed document, ...]}`, docs/sync-protocol.md,
/// "Download"), knowing only the published format: JSON, standard base64, SHA-256. It holds no
/// key, so whatever it changes keeps the back office's signature.
enum DocumentForgery {
    /// `response` with each signed document in it changed by `forge`, given the document's fields
    /// and its body decoded from base64 and JSON. Anything that does not read as documents
    /// passes unchanged (so the exchange shows as not tampered).
    static func forgingDocuments(
        _ response: InterceptedResponse, _ forge: (_ document: inout [String: Any], _ body: [String: Any]) -> Void
    ) -> InterceptedResponse {
        guard response.status == 200,
            var answer = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any],
            let documents = answer["documents"] as? [[String: Any]]
        else { return response }
        answer["documents"] = documents.map { original in
            var document = original
            if let body = Self.body(of: original) { forge(&document, body) }
            return document
        }
        var forged = response
        forged.body = canonical(answer)
        return forged
    }

    /// The signed document's body (base64 of JSON), decoded.
    static func body(of document: [String: Any]) -> [String: Any]? {
        guard let text = document["body"] as? String, let bytes = Data(base64Encoded: text) else { return nil }
        return (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any]
    }

    /// Puts `body` in the document and makes its `state` the digest of `whole`, as the back office
    /// would have for that change: only the signature can tell the document was changed.
    static func replace(body: [String: Any], whole: [String: Any], in document: inout [String: Any]) {
        document["body"] = Data(canonical(body)).base64EncodedString()
        document["state"] = Data(SignedDocument.digest(canonical(whole))).base64EncodedString()
    }

    /// The protocol's canonical JSON: keys sorted, no spaces, slashes unescaped.
    static func canonical(_ object: Any) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data())
    }

    /// `response` with its body cut to `fraction` of its bytes; its length says so, as an
    /// attacker who holds the connection can write it.
    static func truncating(_ response: InterceptedResponse, to fraction: Double) -> InterceptedResponse {
        guard response.status == 200 else { return response }
        var cut = response
        cut.body = Array(response.body.prefix(Int(Double(response.body.count) * fraction)))
        return cut
    }
}
