import BackOfficeStorage
import PointsEngine

/// The currency the shops' money is in: the published programme's, or, before any is published,
/// the embedded programme's that terminals run then.
func programmeCurrency(store: any LedgerStore) async throws -> Currency {
    if let latest = try await latestWhole(.programme, store: store), let envelope = try? SignedProgramme.decode(envelope: latest),
        let programme = try? Programme.decode(envelope.programme)
    {
        return programme.currencyInfo
    }
    return Programme.demo.currencyInfo
}
