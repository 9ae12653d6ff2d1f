import BackOfficeReports

extension OverviewProjection {
    /// Brings the overview projection up to date page by page, saying how far it got on
    /// `progress` (a report over a database that has not been projected yet may take a while).
    func catchUp(showing progress: ProgressLine) async throws {
        var projected = 0
        while true {
            let read = try await catchUp(limit: OverviewProjection.pageSize)
            guard read > 0 else { return }
            projected += read
            progress.show("projecting: \(projected) transactions", step: "projecting")
        }
    }
}
