import BackOfficeStorage
import PointsEngine
import SyncProtocol

/// The currency the shops' money is in: the published programme's, or, before any is published,
/// the embedded programme's that terminals run then. What the report command and the console
/// format money with (``Currency/display(_:)``).
public func programmeCurrency(store: any LedgerStore) async throws -> Currency {
    if let latest = try await store.latest(.programme)?.snapshot.flatMap({ try? SignedDocument.decode($0) })?.bodyBytes,
        let envelope = try? SignedProgramme.decode(envelope: latest), let programme = try? Programme.decode(envelope.programme)
    {
        return programme.currencyInfo
    }
    return Programme.demo.currencyInfo
}
