import Checkout
import Hummingbird
import HummingbirdTesting
import LedgerFormat
import PointsEngine
import Testing

@Suite("POST /v1/sales")
struct SaleEndpointTests {
    static let goodSale = #"{"saleId":"S-1","amount":85000,"currency":"VND"}"#

    @Test("a good sale reaches the checkout as sent and its answer comes back with 200")
    func goodSale() async throws {
        let checkout = ScriptedCheckout()
        let answer: CheckoutAnswer = {
            var answer = CheckoutAnswer(outcome: .completed, kind: .sale, requestId: "S-1")
            answer.memberId = "M-42"
            answer.balance = 1_250
            answer.lines = [ExplanationLine(rule: .earning, text: "Spend 85,000 VND", points: 8)]
            return answer
        }()
        checkout.script { $0.sale = answer }
        let json = #"""
            {"saleId":"S-1","amount":85000,"currency":"VND","excluded":[{"kind":"tax","amount":8000}],
             "redemption":"maximum","waitSeconds":30}
            """#
        try await withAPI(checkout) { client in
            try await client.execute(uri: "/v1/sales", method: .post, headers: jsonHeaders(), body: body(json)) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(try response.decoded(CheckoutAnswer.self) == answer)
            }
        }
        let expected = SaleRequest(
            saleId: "S-1", amount: 85_000, currency: "VND", excluded: [ExcludedAmount(kind: "tax", amount: 8_000)],
            redemption: .maximum, waitSeconds: 30)
        #expect(checkout.calls == [.sale(expected)])
    }

    @Test("an excluded line's kind is 1 to 32 characters, counted as the schema counts them (code points, not bytes)")
    func kindInCharacters() {
        let rules = RequestRules(currency: "VND", maximumBill: 100_000_000)
        func sale(kind: String) -> SaleRequest {
            SaleRequest(saleId: "S-1", amount: 85_000, currency: "VND", excluded: [ExcludedAmount(kind: kind, amount: 1)])
        }
        #expect(rules.problems(sale(kind: String(repeating: "ế", count: 32))).isEmpty, "96 bytes, 32 characters")
        #expect(rules.problems(sale(kind: String(repeating: "ế", count: 33))).map(\.field) == ["excluded[0].kind"])
        #expect(rules.problems(sale(kind: "")).map(\.field) == ["excluded[0].kind"])
    }

    @Test("optional fields take their defaults; null counts as absent")
    func defaults() async throws {
        let checkout = ScriptedCheckout()
        try await withAPI(checkout) { client in
            try await client.execute(uri: "/v1/sales", method: .post, headers: jsonHeaders(), body: body(Self.goodSale)) {
                #expect($0.status == .ok)
            }
            let withNulls = #"{"saleId":"S-2","amount":1,"currency":"VND","excluded":null,"redemption":null,"waitSeconds":null}"#
            try await client.execute(uri: "/v1/sales", method: .post, headers: jsonHeaders(), body: body(withNulls)) {
                #expect($0.status == .ok)
            }
            let points = #"{"saleId":"S-3","amount":1,"currency":"VND","redemption":500}"#
            try await client.execute(uri: "/v1/sales", method: .post, headers: jsonHeaders(), body: body(points)) {
                #expect($0.status == .ok)
            }
        }
        #expect(
            checkout.calls == [
                .sale(SaleRequest(saleId: "S-1", amount: 85_000, currency: "VND")),
                .sale(SaleRequest(saleId: "S-2", amount: 1, currency: "VND")),
                .sale(SaleRequest(saleId: "S-3", amount: 1, currency: "VND", redemption: .points(500))),
            ])
    }

    @Test(
        "each outcome has its status",
        arguments: [
            (CheckoutAnswer.Outcome.completed, HTTPResponse.Status.ok),
            (.incomplete, .accepted),
            (.timedOut, .requestTimeout),
            (.cancelled, .conflict),
        ])
    func outcomeStatus(outcome: CheckoutAnswer.Outcome, status: HTTPResponse.Status) async throws {
        let checkout = ScriptedCheckout()
        checkout.script { $0.sale = CheckoutAnswer(outcome: outcome, kind: .sale, requestId: "S-1") }
        try await withAPI(checkout) { client in
            try await client.execute(uri: "/v1/sales", method: .post, headers: jsonHeaders(), body: body(Self.goodSale)) {
                response throws in
                #expect(response.status == status)
                #expect(try response.decoded(CheckoutAnswer.self).outcome == outcome)
            }
        }
    }

    @Test("each refusal code has its status", arguments: Refusal.Code.allCases)
    func refusalStatus(code: Refusal.Code) async throws {
        let expected: HTTPResponse.Status =
            switch code {
            case .busy, .idConflict, .refundInProgress: .conflict
            case .unknownSale, .unknownMember: .notFound
            case .journalFull, .terminalFault: .serviceUnavailable
            case .approvalRequired, .wrongPIN, .unknownManager, .notAManager, .approvalTokenInvalid: .forbidden
            case .pinLocked: .tooManyRequests
            default: .unprocessableContent
            }
        // The approval refusals come from the operations that take an approval (their documented answers).
        let approval: Set<Refusal.Code> = [.approvalRequired, .wrongPIN, .unknownManager, .notAManager, .approvalTokenInvalid, .pinLocked]
        let checkout = ScriptedCheckout()
        checkout.script {
            $0.sale = CheckoutAnswer(outcome: .refused, kind: .sale, requestId: "S-1")
            $0.sale.refusal = Refusal(code, "scripted")
            $0.adjust = .refused(.adjustment, "A-1", code, "scripted")
        }
        let (uri, json) =
            approval.contains(code)
            ? ("/v1/adjustments", #"{"adjustmentId":"A-1","points":900,"reason":"Goodwill","cashier":"C-07"}"#)
            : ("/v1/sales", Self.goodSale)
        try await withAPI(checkout) { client in
            try await client.execute(uri: uri, method: .post, headers: jsonHeaders(), body: body(json)) { response throws in
                #expect(response.status == expected)
                #expect(try response.decoded(CheckoutAnswer.self).refusal == Refusal(code, "scripted"))
            }
        }
    }

    @Test(
        "bad input is refused with 400 naming the field, and never reaches the checkout",
        arguments: [
            // Malformed JSON and wrong shapes.
            (#"{"saleId":"S-1","amount":85000,"currency":"VND""#, "body"),
            ("", "body"),
            ("[1,2]", "body"),
            (#""sale""#, "body"),
            // Missing fields, null for a required one, unknown fields.
            (#"{"amount":85000,"currency":"VND"}"#, "saleId"),
            (#"{"saleId":"S-1","currency":"VND"}"#, "amount"),
            (#"{"saleId":"S-1","amount":85000}"#, "currency"),
            (#"{"saleId":null,"amount":85000,"currency":"VND"}"#, "saleId"),
            (#"{"saleId":"S-1","amount":85000,"currency":"VND","waitSecond":5}"#, "waitSecond"),
            // Wrong types.
            (#"{"saleId":17,"amount":85000,"currency":"VND"}"#, "saleId"),
            (#"{"saleId":"S-1","amount":"85000","currency":"VND"}"#, "amount"),
            (#"{"saleId":"S-1","amount":850.5,"currency":"VND"}"#, "amount"),
            (#"{"saleId":"S-1","amount":85000,"currency":"VND","excluded":{"kind":"tax"}}"#, "excluded"),
            (#"{"saleId":"S-1","amount":85000,"currency":"VND","redemption":"all"}"#, "redemption"),
            (#"{"saleId":"S-1","amount":85000,"currency":"VND","redemption":1.5}"#, "redemption"),
            (#"{"saleId":"S-1","amount":85000,"currency":"VND","waitSeconds":"10"}"#, "waitSeconds"),
            // Amounts: zero, negative, absurd, above the programme's maximum.
            (#"{"saleId":"S-1","amount":0,"currency":"VND"}"#, "amount"),
            (#"{"saleId":"S-1","amount":-5,"currency":"VND"}"#, "amount"),
            (#"{"saleId":"S-1","amount":1e30,"currency":"VND"}"#, "amount"),
            (#"{"saleId":"S-1","amount":99999999999999999999,"currency":"VND"}"#, "amount"),
            (#"{"saleId":"S-1","amount":50000001,"currency":"VND"}"#, "amount"),
            // Currency unknown, or not the programme's.
            (#"{"saleId":"S-1","amount":85000,"currency":"XYZ"}"#, "currency"),
            (#"{"saleId":"S-1","amount":85000,"currency":"MYR"}"#, "currency"),
            (#"{"saleId":"S-1","amount":85000,"currency":"vnd"}"#, "currency"),
            // Ids.
            (#"{"saleId":"","amount":85000,"currency":"VND"}"#, "saleId"),
            (#"{"saleId":"S 1","amount":85000,"currency":"VND"}"#, "saleId"),
            (#"{"saleId":"S-123456789012345678901234567890123","amount":85000,"currency":"VND"}"#, "saleId"),
            // Excluded lines.
            (#"{"saleId":"S-1","amount":85000,"currency":"VND","excluded":[{"kind":"tax","amount":-1}]}"#, "excluded[0].amount"),
            (#"{"saleId":"S-1","amount":85000,"currency":"VND","excluded":[{"kind":"tax","amount":1},{"amount":1}]}"#, "excluded[1].kind"),
            (#"{"saleId":"S-1","amount":85000,"currency":"VND","excluded":[{"kind":"tax","amount":1,"note":"x"}]}"#, "excluded[0].note"),
            (#"{"saleId":"S-1","amount":85000,"currency":"VND","excluded":[{"kind":"tax","amount":90000}]}"#, "excluded"),
            // Redemption and wait out of range.
            (#"{"saleId":"S-1","amount":85000,"currency":"VND","redemption":0}"#, "redemption.points"),
            (#"{"saleId":"S-1","amount":85000,"currency":"VND","waitSeconds":0}"#, "waitSeconds"),
            (#"{"saleId":"S-1","amount":85000,"currency":"VND","waitSeconds":121}"#, "waitSeconds"),
            (#"{"saleId":"S-1","amount":85000,"currency":"VND","waitSeconds":99999999999999999999}"#, "waitSeconds"),
            // A key twice: JSON leaves it open which one counts.
            (#"{"saleId":"A","saleId":"B","amount":85000,"currency":"VND"}"#, "saleId"),
            (#"{"saleId":"S-1","amount":85000,"currency":"VND","excluded":[{"kind":"tax","amount":1,"amount":2}]}"#, "excluded[0].amount"),
        ])
    func badInput(json: String, field: String) async throws {
        let checkout = ScriptedCheckout()
        try await withAPI(checkout) { client in
            try await client.execute(uri: "/v1/sales", method: .post, headers: jsonHeaders(), body: body(json)) { response throws in
                #expect(response.status == .badRequest)
                let error = try #require(response.errorBody)
                #expect(error.error == "invalid-request")
                #expect(error.fields.contains(field), "fields: \(error.fields)")
            }
        }
        #expect(checkout.calls.isEmpty)
    }

    @Test("every problem the rules find is listed")
    func severalProblems() async throws {
        let checkout = ScriptedCheckout()
        let json = #"{"saleId":"","amount":-1,"currency":"EUR","waitSeconds":0}"#
        try await withAPI(checkout) { client in
            try await client.execute(uri: "/v1/sales", method: .post, headers: jsonHeaders(), body: body(json)) { response throws in
                #expect(response.status == .badRequest)
                #expect(Set(try #require(response.errorBody).fields) == ["saleId", "amount", "currency", "waitSeconds"])
            }
        }
        #expect(checkout.calls.isEmpty)
    }
}
