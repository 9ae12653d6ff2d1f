import Checkout
import Hummingbird
import HummingbirdTesting
import LedgerFormat
import Testing

@Suite("POST /v1/refunds and POST /v1/balance")
struct RefundAndBalanceEndpointTests {
    @Test("a good refund reaches the checkout and its answer comes back with its status")
    func goodRefund() async throws {
        let checkout = ScriptedCheckout()
        let answer: CheckoutAnswer = {
            var answer = CheckoutAnswer(outcome: .refused, kind: .refund, requestId: "R-1")
            answer.refusal = Refusal(.unknownSale, "no such sale")
            return answer
        }()
        checkout.script { $0.refund = answer }
        try await withAPI(checkout) { client in
            let json = #"{"refundId":"R-1","saleId":"S-1","amount":5000,"waitSeconds":20}"#
            try await client.execute(uri: "/v1/refunds", method: .post, headers: jsonHeaders(), body: body(json)) { response throws in
                #expect(response.status == .notFound)
                #expect(try response.decoded(CheckoutAnswer.self) == answer)
            }
            checkout.script { $0.refund = CheckoutAnswer(outcome: .completed, kind: .refund, requestId: "R-2") }
            let full = #"{"refundId":"R-2","saleId":"S/2024:7"}"#
            try await client.execute(uri: "/v1/refunds", method: .post, headers: jsonHeaders(), body: body(full)) { response throws in
                #expect(response.status == .ok)
            }
        }
        #expect(
            checkout.calls == [
                .refund(RefundRequest(refundId: "R-1", saleId: "S-1", amount: 5_000, waitSeconds: 20)),
                .refund(RefundRequest(refundId: "R-2", saleId: "S/2024:7")),
            ])
    }

    @Test(
        "a bad refund is refused with 400 naming the field, and never reaches the checkout",
        arguments: [
            (#"{"saleId":"S-1"}"#, "refundId"),
            (#"{"refundId":"R-1"}"#, "saleId"),
            (#"{"refundId":"R-1","saleId":"S-1","amount":0}"#, "amount"),
            (#"{"refundId":"R-1","saleId":"S-1","amount":-100}"#, "amount"),
            (#"{"refundId":"R-1","saleId":"S-1","amount":50000001}"#, "amount"),
            (#"{"refundId":"R-1","saleId":"S-1","amount":"full"}"#, "amount"),
            (#"{"refundId":"R-1","saleId":"S-1","amount":12.5}"#, "amount"),
            (#"{"refundId":"R 1","saleId":"S-1"}"#, "refundId"),
            (#"{"refundId":"R-1","saleId":"S-1é"}"#, "saleId"),
            (#"{"refundId":"R-1","saleId":"S-1","waitSeconds":-3}"#, "waitSeconds"),
            (#"{"refundId":"R-1","saleId":"S-1","currency":"VND"}"#, "currency"),
            ("{", "body"),
        ])
    func badRefund(json: String, field: String) async throws {
        let checkout = ScriptedCheckout()
        try await withAPI(checkout) { client in
            try await client.execute(uri: "/v1/refunds", method: .post, headers: jsonHeaders(), body: body(json)) { response throws in
                #expect(response.status == .badRequest)
                let error = try #require(response.errorBody)
                #expect(error.error == "invalid-request")
                #expect(error.fields.contains(field), "fields: \(error.fields)")
            }
        }
        #expect(checkout.calls.isEmpty)
    }

    @Test("a balance enquiry takes {}, no body at all, or a wait")
    func goodBalance() async throws {
        let checkout = ScriptedCheckout()
        let answer: CheckoutAnswer = {
            var answer = CheckoutAnswer(outcome: .completed, kind: .balance)
            answer.balance = 320
            answer.tier = "silver"
            return answer
        }()
        checkout.script { $0.balance = answer }
        try await withAPI(checkout) { client in
            try await client.execute(uri: "/v1/balance", method: .post, headers: jsonHeaders(), body: body("{}")) { response throws in
                #expect(response.status == .ok)
                #expect(try response.decoded(CheckoutAnswer.self) == answer)
            }
            try await client.execute(uri: "/v1/balance", method: .post) { response throws in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/balance", method: .post, headers: jsonHeaders(), body: body(#"{"waitSeconds":120}"#)) {
                #expect($0.status == .ok)
            }
        }
        #expect(checkout.calls == [.balance(BalanceRequest()), .balance(BalanceRequest()), .balance(BalanceRequest(waitSeconds: 120))])
    }

    @Test(
        "a bad balance enquiry is refused with 400 naming the field",
        arguments: [
            (#"{"waitSeconds":0}"#, "waitSeconds"),
            (#"{"waitSeconds":121}"#, "waitSeconds"),
            (#"{"waitSeconds":true}"#, "waitSeconds"),
            (#"{"wait":10}"#, "wait"),
            ("[]", "body"),
            ("null", "body"),
        ])
    func badBalance(json: String, field: String) async throws {
        let checkout = ScriptedCheckout()
        try await withAPI(checkout) { client in
            try await client.execute(uri: "/v1/balance", method: .post, headers: jsonHeaders(), body: body(json)) { response throws in
                #expect(response.status == .badRequest)
                #expect(try #require(response.errorBody).fields.contains(field))
            }
        }
        #expect(checkout.calls.isEmpty)
    }
}
