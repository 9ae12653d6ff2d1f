import BackOfficeStorage
import Foundation

/// What a pull shows of an erased member's enrolment: the journal keeps each transaction as the
/// terminal sent it (re-uploads are compared with it byte for byte), so the personal details an
/// enrolment entry carries are taken out when the entry leaves the back office, not in the
/// database (`docs/privacy.md`, "Erasure").
struct ErasedDetailsRedaction: Sendable {
    let erased: Set<String>

    /// The page with the `enrolment` details of every erased member's enrolment entry replaced
    /// by `"enrolment": {"erased": true}`; other transactions as they are.
    func redact(_ page: PullPage) -> PullPage {
        guard !erased.isEmpty else { return page }
        var page = page
        for index in page.transactions.indices {
            if let redacted = redacted(page.transactions[index].payload) { page.transactions[index].payload = redacted }
        }
        return page
    }

    private func redacted(_ payload: [UInt8]) -> [UInt8]? {
        guard payload.first == UInt8(ascii: "{"),
            var entry = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any],
            entry["kind"] as? String == "enrolment", entry["enrolment"] != nil,
            let member = entry["member"] as? String, erased.contains(member)
        else { return nil }
        entry["enrolment"] = ["erased": true]
        return (try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys])).map(Array.init)
    }
}
