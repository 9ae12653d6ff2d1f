import ArgumentParser
import BackOfficeReports
import BackOfficeStorage
import Foundation

extension ReportCommand {
    /// `loyalty-backoffice report refunds`: sales refunded for more than their amount.
    struct Refunds: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sales refunded for more than their amount: two tills each refunded one without knowing of the other.",
            discussion: """
                Brings the back office's sales and refunds up to date with the synced journals (settling each sale's \
                refund points onto its member, raising an over-refund alarm for each sale newly found), then prints one \
                line per over-refunded sale (its amount, what its refunds add up to, how many, the excess: the money \
                the shop has to chase) with its refunds, and how many refunds name a sale not synced yet. \
                docs/backoffice.md, "Refunds at any till".
                """)
        @Option(help: "text or json.") var format: Retention.OutputFormat = .text
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let report = try await withStore(database) { store in
                let projection = MemberProjection(store: store) { kind, detail in
                    try? await store.raise(Alarm(at: nowMilliseconds(), kind: kind, terminal: nil, sequence: nil, detail: detail))
                }
                return try await RefundReporter.report(store: store, projection: projection)
            }
            try format.show(report, text: report.text)
        }
    }
}
