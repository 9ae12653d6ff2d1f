import LoyaltyJournal
import SyncProtocol

/// Reads the next batch to upload from the journal: transactions from a sequence on, up to a
/// count and a byte size (a single transaction larger than the byte limit goes alone).
struct BatchReader {
    let journal: Journal
    let terminal: UInt32

    func batch(from sequence: UInt64, maximumTransactions: Int, maximumBytes: Int) throws(JournalError) -> JournalBatch? {
        var cursor = try journal.transactions(from: sequence)
        var transactions: [UploadedTransaction] = []
        var bytes = 0
        while transactions.count < maximumTransactions, let transaction = try cursor.next() {
            let size = JournalBatch.encodedSize(payloadBytes: transaction.payload.count)
            if !transactions.isEmpty, bytes + size > maximumBytes { break }
            transactions.append(
                UploadedTransaction(
                    sequence: transaction.sequence, recordedAt: Int64(transaction.timestamp), payload: transaction.payload))
            bytes += size
        }
        return transactions.isEmpty ? nil : JournalBatch(terminal: terminal, transactions: transactions)
    }
}
