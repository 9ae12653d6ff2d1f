import Checkout
import Foundation
import FoundationEssentials
import Hummingbird
import LedgerFormat
import StrictJSON

#if canImport(FoundationEssentials)
#else
#endif

/// Reads a JSON request body: media type, then size, then decoding, each refused with its own
/// ``APIError`` so nothing malformed gets further.
struct BodyReader: Sendable {
    /// The largest body accepted, in bytes.
    var maximumBytes: Int

    /// Decodes the body of `request` as `Body`.
    ///
    /// - 415 unless `Content-Type` is `application/json` (a `charset` parameter, if any, must be
    ///   `utf-8`); an empty body without `Content-Type` is accepted when `emptyBody` is given.
    /// - 413 when `Content-Length` or the bytes received exceed ``maximumBytes`` (checked before
    ///   any decoding).
    /// - 400 naming the key when a key appears twice in one object (JSON leaves the meaning
    ///   open; the decoder would keep one value silently).
    /// - 400 with the field and the reason when the JSON does not decode.
    func decode<Body: Decodable>(_: Body.Type, from request: Request, emptyBody: Body? = nil) async throws -> Body {
        let declaredLength = request.headers[.contentLength].flatMap { Int($0) }
        guard let contentType = request.headers[.contentType] else {
            if let emptyBody, declaredLength == 0 || (declaredLength == nil && request.headers[.transferEncoding] == nil) {
                return emptyBody
            }
            throw APIError.unsupportedMediaType
        }
        guard Self.isJSON(contentType) else { throw APIError.unsupportedMediaType }
        if let declaredLength, declaredLength > maximumBytes {
            throw APIError.bodyTooLarge(limit: maximumBytes)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.bodyTooLarge(limit: maximumBytes)
        }
        if buffer.readableBytes == 0, let emptyBody {
            return emptyBody
        }
        if let key = DuplicateKeys.first(in: buffer.readableBytesView) {
            throw APIError.invalidRequest([FieldProblem(key, "appears twice in one object")])
        }
        do {
            return try JSONDecoder().decode(Body.self, from: Data(buffer.readableBytesView))
        } catch let error as FieldProblemsError {
            throw APIError.invalidRequest(error.problems)
        } catch let error as DecodingError {
            throw APIError.invalidRequest([DecodingProblem.problem(error, bodyIsEmpty: buffer.readableBytes == 0)])
        }
    }

    /// Whether a `Content-Type` value names JSON in UTF-8.
    static func isJSON(_ value: String) -> Bool {
        guard let type = MediaType(from: value), type.type == .application, type.subType == "json" else {
            return false
        }
        guard let parameter = type.parameter else { return true }
        return parameter.name.lowercased() != "charset" || parameter.value.lowercased() == "utf-8"
    }
}
