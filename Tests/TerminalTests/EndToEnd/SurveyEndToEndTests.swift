import Foundation
import StoreProcesses
import Testing

/// A customer's survey answer through the real stack: the POS API of the terminal process
/// journals it without a card, the sync carries it to a back office process, whose NPS report
/// counts it.
@Suite("Survey answers end to end", .serialized)
struct SurveyEndToEndTests {
    @Test("an answer at the till is journaled, synced and counted; a bad one is refused with its field")
    func answerReachesTheReport() async throws {
        try await SyncEndToEndTests.withTerminalAndBackOffice { terminal, server, _ in
            let answered = try await terminal.post("/v1/surveys", #"{"score":9,"comment":"Quick & friendly","saleId":"S-1","member":null}"#)
            #expect(answered.status == 200, "\(String(decoding: answered.data, as: UTF8.self))")
            #expect(answered.body["kind"] as? String == "survey")
            #expect(answered.body["outcome"] as? String == "completed")
            #expect((answered.body["survey"] as? [String: Any])?["score"] as? Int == 9)
            #expect(answered.body["journalSequence"] as? Int != nil)
            let journaled = try terminal.journalEntries()
            let entry = try #require(journaled.last)
            #expect(entry["kind"] as? String == "survey")
            #expect((entry["survey"] as? [String: Any])?["comment"] as? String == "Quick & friendly")

            for (body, field) in [
                (#"{"score":11}"#, "score"), (#"{"score":-1}"#, "score"), (#"{}"#, "score"),
                ("{\"score\":5,\"comment\":\"\(String(repeating: "x", count: 501))\"}", "comment"),
                (#"{"score":5,"saleId":"bad id"}"#, "saleId"),
            ] {
                let refused = try await terminal.post("/v1/surveys", body)
                #expect(refused.status == 400, "\(body)")
                let fields = (refused.body["problems"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
                #expect(fields.contains(field), "\(body): \(fields)")
            }
            #expect(try terminal.journalEntries().count == journaled.count, "nothing journaled for a refused answer")

            let counted = try await SyncEndToEndTests.eventually { () async throws -> Bool? in
                let report = try await server.command(["report", "nps", "--format", "json", "--quiet"])
                guard report.status == 0,
                    let json = try JSONSerialization.jsonObject(with: Data(report.standardOutput.utf8)) as? [String: Any],
                    let months = json["months"] as? [[String: Any]], let month = months.first(where: { $0["store"] as? String == "" })
                else { return nil }
                return month["answers"] as? Int == 1 && month["promoters"] as? Int == 1 ? true : nil
            }
            #expect(counted == true, "the back office's NPS report counts the till's answer once synced")
        }
    }
}
