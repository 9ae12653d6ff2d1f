import SyncProtocol

/// An upload made ready for storing: each sequence once, in ascending order, with what the
/// batch itself already says (repeats, or a sequence given twice with different payloads).
/// Both backends start every ingest with it.
public struct IngestBatch: Sendable {
    /// The transactions to store, one per sequence, ascending by sequence (for a repeated
    /// sequence, its first occurrence).
    public let unique: [UploadedTransaction]
    /// Occurrences beyond the first of a sequence with the same payload.
    public let repeats: Int
    /// The lowest sequence the batch gives twice with different payloads, if any.
    public let conflict: UInt64?

    public init(_ transactions: [UploadedTransaction]) {
        // The usual upload is strictly ascending already: no copy, no sort.
        if zip(transactions, transactions.dropFirst()).allSatisfy({ $0.sequence < $1.sequence }) {
            unique = transactions
            repeats = 0
            conflict = nil
            return
        }
        let ordered = transactions.enumerated().sorted {
            ($0.element.sequence, $0.offset) < ($1.element.sequence, $1.offset)
        }
        var unique: [UploadedTransaction] = []
        unique.reserveCapacity(ordered.count)
        var repeats = 0
        var conflict: UInt64?
        for (_, transaction) in ordered {
            if let last = unique.last, last.sequence == transaction.sequence {
                if last.payload == transaction.payload {
                    repeats += 1
                } else if conflict == nil {
                    conflict = transaction.sequence
                }
            } else {
                unique.append(transaction)
            }
        }
        self.unique = unique
        self.repeats = repeats
        self.conflict = conflict
    }

    public var lowest: UInt64 { unique.first?.sequence ?? 0 }
    public var highest: UInt64 { unique.last?.sequence ?? 0 }

    /// The end of the batch's leading run: `lowest...leadingRunEnd` are all in the batch (the
    /// whole batch when it is contiguous, the usual upload).
    public var leadingRunEnd: UInt64 {
        var end = lowest
        for transaction in unique.dropFirst() {
            guard transaction.sequence == end + 1 else { break }
            end = transaction.sequence
        }
        return end
    }
}
