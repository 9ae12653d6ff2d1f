import Checkout
import Hummingbird
import HummingbirdTesting
import LedgerFormat
import Testing

@Suite("GET /v1/transactions/{id} and POST /v1/transactions/{id}/cancel")
struct TransactionEndpointTests {
    @Test("the answer already given comes back with 200, whatever its outcome")
    func knownAnswer() async throws {
        let answer: CheckoutAnswer = {
            var answer = CheckoutAnswer(outcome: .incomplete, kind: .sale, requestId: "S-9")
            answer.replayed = true
            answer.journalSequence = 41
            return answer
        }()
        let checkout = ScriptedCheckout()
        checkout.script { $0.answers = ["S-9": answer, "S/9": answer] }
        try await withAPI(checkout) { client in
            try await client.execute(uri: "/v1/transactions/S-9", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(try response.decoded(CheckoutAnswer.self) == answer)
            }
            try await client.execute(uri: "/v1/transactions/S%2F9", method: .get) { response throws in
                #expect(response.status == .ok)
            }
        }
        #expect(checkout.calls == [.answer("S-9"), .answer("S/9")])
    }

    @Test("an id without an answer is 404 not-found")
    func unknownAnswer() async throws {
        let checkout = ScriptedCheckout()
        try await withAPI(checkout) { client in
            try await client.execute(uri: "/v1/transactions/S-404", method: .get) { response throws in
                #expect(response.status == .notFound)
                #expect(try #require(response.errorBody).error == "not-found")
            }
        }
        #expect(checkout.calls == [.answer("S-404")])
    }

    @Test(
        "a malformed path id is refused with 400 naming id, and never reaches the checkout",
        arguments: [
            "S%201", "S%2", "S%zz", "%C3%A9", "%FF", "S-1234567890123456789012345678901234", "S%00",
        ])
    func badPathId(id: String) async throws {
        let checkout = ScriptedCheckout()
        try await withAPI(checkout) { client in
            for uri in ["/v1/transactions/\(id)"] {
                try await client.execute(uri: uri, method: .get) { response throws in
                    #expect(response.status == .badRequest)
                    #expect(try #require(response.errorBody).fields == ["id"])
                }
            }
            try await client.execute(uri: "/v1/transactions/\(id)/cancel", method: .post) { response throws in
                #expect(response.status == .badRequest)
                #expect(try #require(response.errorBody).fields == ["id"])
            }
        }
        #expect(checkout.calls.isEmpty)
    }

    @Test(
        "cancel answers the outcome with its status",
        arguments: [
            (CancelOutcome.cancelled, HTTPResponse.Status.ok),
            (.alreadyFinished, .ok),
            (.unknown, .notFound),
        ])
    func cancel(outcome: CancelOutcome, status: HTTPResponse.Status) async throws {
        let checkout = ScriptedCheckout()
        checkout.script { $0.cancel = outcome }
        try await withAPI(checkout) { client in
            try await client.execute(uri: "/v1/transactions/S-1/cancel", method: .post) { response throws in
                #expect(response.status == status)
                #expect(String(buffer: response.body) == #"{"outcome":"\#(outcome.rawValue)"}"#)
            }
        }
        #expect(checkout.calls == [.cancel("S-1")])
    }
}
