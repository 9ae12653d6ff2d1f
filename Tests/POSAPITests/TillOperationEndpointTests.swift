import Checkout
import Hummingbird
import HummingbirdTesting
import LedgerFormat
import Testing

@Suite("POST /v1/adjustments, /v1/reversals and /v1/approvals")
struct TillOperationEndpointTests {
    @Test("an adjustment with a PIN, a reversal with a token and an approval tap reach the checkout as sent")
    func goodRequests() async throws {
        let checkout = ScriptedCheckout()
        try await withAPI(checkout) { client in
            let adjustment =
                #"{"adjustmentId":"A-1","points":-1500,"reason":"Duplicate","cashier":"C-07","approval":{"manager":"M-1","pin":"4821"}}"#
            try await client.execute(uri: "/v1/adjustments", method: .post, headers: jsonHeaders(), body: body(adjustment)) {
                response throws in #expect(response.status == .ok)
            }
            let reversal = #"{"reversalId":"V-1","transactionId":"S-9","reason":"Wrong bill","cashier":"C-07","approval":{"token":"abc"}}"#
            try await client.execute(uri: "/v1/reversals", method: .post, headers: jsonHeaders(), body: body(reversal)) {
                response throws in #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/approvals", method: .post, headers: jsonHeaders(), body: body(#"{"cashier":"C-07"}"#)) {
                response throws in #expect(response.status == .ok)
            }
        }
        #expect(
            checkout.calls == [
                .adjust(
                    AdjustmentRequest(
                        adjustmentId: "A-1", points: -1500, reason: "Duplicate", cashier: "C-07",
                        approval: .pin(manager: "M-1", pin: "4821"))),
                .reverse(
                    ReversalRequest(reversalId: "V-1", transactionId: "S-9", reason: "Wrong bill", cashier: "C-07", approval: .token("abc"))
                ),
                .approve(ApprovalRequest(cashier: "C-07")),
            ])
    }

    @Test(
        "a bad adjustment is refused with 400 naming the field, and never reaches the checkout",
        arguments: [
            (#"{"adjustmentId":"A-1","points":0,"reason":"x","cashier":"C"}"#, "points"),
            (#"{"adjustmentId":"A-1","points":100001,"reason":"x","cashier":"C"}"#, "points"),
            (#"{"adjustmentId":"A-1","points":10,"reason":"","cashier":"C"}"#, "reason"),
            (#"{"adjustmentId":"A-1","points":10,"reason":"x"}"#, "cashier"),
            (#"{"adjustmentId":"A-1","points":10,"reason":"x","cashier":"C","approval":{}}"#, "approval"),
            (
                #"{"adjustmentId":"A-1","points":10,"reason":"x","cashier":"C","approval":{"manager":"M-1","pin":"4821","token":"t"}}"#,
                "approval"
            ),
            (#"{"adjustmentId":"A-1","points":10,"reason":"x","cashier":"C","approval":{"manager":"M-1","pin":"12a4"}}"#, "approval.pin"),
            (#"{"adjustmentId":"A-1","points":10,"reason":"x","cashier":"C","approval":{"manager":"M-1"}}"#, "approval"),
        ])
    func badAdjustment(json: String, field: String) async throws {
        let checkout = ScriptedCheckout()
        try await withAPI(checkout) { client in
            try await client.execute(uri: "/v1/adjustments", method: .post, headers: jsonHeaders(), body: body(json)) { response throws in
                #expect(response.status == .badRequest)
                let error = try #require(response.errorBody)
                #expect(error.fields.contains(field), "fields: \(error.fields)")
            }
        }
        #expect(checkout.calls.isEmpty)
    }

    @Test("an approval refused answers 403, a PIN locked 429, a reversal too late 422")
    func statuses() async throws {
        let checkout = ScriptedCheckout()
        try await withAPI(checkout) { client in
            for (code, status) in [
                (Refusal.Code.wrongPIN, HTTPResponse.Status.forbidden), (.pinLocked, .tooManyRequests),
                (.reversalWindowClosed, .unprocessableContent),
            ] {
                checkout.script { $0.reverse = .refused(.reversal, "V-1", code, "scripted") }
                let json = #"{"reversalId":"V-1","transactionId":"S-9","reason":"Wrong bill","cashier":"C-07"}"#
                try await client.execute(uri: "/v1/reversals", method: .post, headers: jsonHeaders(), body: body(json)) { response throws in
                    #expect(response.status == status)
                    #expect(try response.decoded(CheckoutAnswer.self).refusal?.code == code)
                }
            }
        }
    }
}
