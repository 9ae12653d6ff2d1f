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

/// Thrown by a backend inside its ingest transaction when a batch meets a stored row with other
/// content, so the transaction rolls back; ``LedgerStore/ingest(_:terminal:receivedAt:storing:)``
/// then records the alarm and refuses the upload.
public struct StoredConflict: Error, Sendable {
    public let sequence: UInt64
    public let detail: String

    public init(sequence: UInt64, detail: String) {
        self.sequence = sequence
        self.detail = detail
    }
}

extension LedgerStore {
    /// The ingest both backends run: the batch is made ready (``IngestBatch``) and checked
    /// before anything is written (a sequence out of range, one sequence twice with different
    /// payloads), then `store` writes its new rows in one transaction of the backend. A conflict
    /// found there (``StoredConflict``) rolls the whole batch back; the alarm is raised after it.
    public func ingest(
        _ transactions: [UploadedTransaction], terminal: UInt32, receivedAt: Int64,
        storing store: (IngestBatch) async throws -> IngestReport
    ) async throws -> IngestReport {
        let batch = IngestBatch(transactions)
        guard batch.highest <= UInt64(Int64.max) else { throw LedgerStoreError.sequenceOutOfRange(batch.highest) }
        if let sequence = batch.conflict {
            try await refuseConflict(
                StoredConflict(
                    sequence: sequence, detail: "sequence \(sequence) appears twice in one upload with different payloads"),
                terminal: terminal, at: receivedAt)
        }
        if batch.unique.isEmpty {
            return IngestReport(storedThrough: try await storedThrough(terminal: terminal), stored: 0, duplicates: 0)
        }
        do {
            return try await store(batch)
        } catch let conflict as StoredConflict {
            try await refuseConflict(conflict, terminal: terminal, at: receivedAt)
        }
    }

    /// Records the conflict alarm (in its own transaction, after the batch's rollback) and throws.
    private func refuseConflict(_ conflict: StoredConflict, terminal: UInt32, at: Int64) async throws -> Never {
        try await raise(Alarm(at: at, kind: "conflict", terminal: terminal, sequence: conflict.sequence, detail: conflict.detail))
        throw LedgerStoreError.conflict(terminal: terminal, sequence: conflict.sequence)
    }
}
