import BackOfficeStorage
import Foundation

/// The forms of a pull's answer.
///
/// Each transaction carries `position`, `terminal`, `sequence`, `recordedAt`, `receivedAt` and
/// `entry`: the journal payload itself when it is a JSON object (a ledger entry), else
/// `payloadBase64`.
/// - `json`: `{"transactions": [...], "nextCursor": "...", "more": true|false}`.
/// - `ndjson`: one transaction a line (the cursor is in the headers only).
/// - `csv`: RFC 4180, a header line, then `position,terminal,sequence,recorded_at,received_at,
///   kind,request_id,member,entry` (the last the entry's JSON, quoted as
///   RFC 4180 requires).
enum PullFormat: String, CaseIterable {
    case json, ndjson, csv

    var contentType: String {
        switch self {
        case .json: "application/json"
        case .ndjson: "application/x-ndjson"
        case .csv: "text/csv; charset=utf-8"
        }
    }

    /// The format a pull asked for: `format=` first, then `Accept`, else JSON.
    static func chosen(parameter: String?, accept: String?) throws -> PullFormat {
        if let parameter {
            guard let format = PullFormat(rawValue: parameter) else {
                throw BackOfficeProblem.badRequest("format must be one of json, ndjson, csv")
            }
            return format
        }
        if let accept {
            if accept.contains("text/csv") { return .csv }
            if accept.contains("ndjson") { return .ndjson }
        }
        return .json
    }

    func render(_ page: PullPage) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(page.transactions.reduce(0) { $0 + $1.payload.count + 160 })
        switch self {
        case .json:
            out += Array(#"{"transactions":["#.utf8)
            for (index, transaction) in page.transactions.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.appendJSON(transaction, to: &out)
            }
            out += Array(#"],"nextCursor":"\#(PullCursor.text(page.nextAfter))","more":\#(page.more)}"#.utf8)
        case .ndjson:
            for transaction in page.transactions {
                Self.appendJSON(transaction, to: &out)
                out.append(UInt8(ascii: "\n"))
            }
        case .csv:
            out += Array("position,terminal,sequence,recorded_at,received_at,kind,request_id,member,entry\r\n".utf8)
            for transaction in page.transactions {
                let entry = Self.entryObject(transaction.payload)
                let fields = [
                    String(transaction.position), String(transaction.terminal), String(transaction.sequence),
                    String(transaction.recordedAt), String(transaction.receivedAt),
                    entry?["kind"] as? String ?? "", entry?["requestId"] as? String ?? "", entry?["member"] as? String ?? "",
                    entry != nil
                        ? String(decoding: transaction.payload, as: UTF8.self)
                        : "base64:" + Data(transaction.payload).base64EncodedString(),
                ]
                out += Array(fields.map(Self.csvField).joined(separator: ",").utf8)
                out += [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
            }
        }
        return out
    }

    /// One transaction as a JSON object, the payload embedded as it is when it is a JSON object.
    private static func appendJSON(_ transaction: StoredTransaction, to out: inout [UInt8]) {
        out += Array(
            #"{"position":\#(transaction.position),"terminal":\#(transaction.terminal),"sequence":\#(transaction.sequence),"recordedAt":\#(transaction.recordedAt),"receivedAt":\#(transaction.receivedAt),"#
                .utf8)
        if entryObject(transaction.payload) != nil {
            out += Array(#""entry":"#.utf8)
            out += transaction.payload
        } else {
            out += Array(#""payloadBase64":""#.utf8)
            out += Array(Data(transaction.payload).base64EncodedString().utf8)
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
    }

    /// The payload parsed, when it is a JSON object.
    private static func entryObject(_ payload: [UInt8]) -> [String: Any]? {
        guard payload.first == UInt8(ascii: "{") else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any]
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
