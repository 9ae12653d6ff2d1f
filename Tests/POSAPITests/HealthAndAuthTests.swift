import Checkout
import Hummingbird
import HummingbirdTesting
import POSAPI
import Testing

@Suite("GET /health and the shared token")
struct HealthAndAuthTests {
    @Test("health is 200 when ok and 503 when degraded, with the report")
    func health() async throws {
        let checkout = ScriptedCheckout()
        try await withAPI(checkout) { client in
            try await client.execute(uri: "/health", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(try response.decoded(HealthReport.self) == ScriptedCheckout.report(status: "ok"))
            }
            let degraded = ScriptedCheckout.report(status: "degraded", problems: ["no reader"])
            checkout.script { $0.health = degraded }
            try await client.execute(uri: "/health", method: .get) { response throws in
                #expect(response.status == .serviceUnavailable)
                #expect(try response.decoded(HealthReport.self) == degraded)
            }
        }
        #expect(checkout.calls == [.health, .health])
    }

    static let secured = POSAPIOptions(token: "s3cret-token")

    @Test(
        "without the right token every /v1/ request is 401 with a challenge, and nothing reaches the checkout",
        arguments: [nil, "Bearer wrong", "Bearer s3cret-toke", "Bearer s3cret-token2", "Basic s3cret-token", "s3cret-token", "Bearer"])
    func refused(authorization: String?) async throws {
        let checkout = ScriptedCheckout()
        try await withAPI(checkout, options: Self.secured) { client in
            var headers = jsonHeaders()
            headers[.authorization] = authorization
            let requests: [(String, HTTPRequest.Method, String?)] = [
                ("/v1/sales", .post, SaleEndpointTests.goodSale),
                ("/v1/refunds", .post, #"{"refundId":"R-1","saleId":"S-1"}"#),
                ("/v1/balance", .post, "{}"),
                ("/v1/transactions/S-1", .get, nil),
                ("/v1/transactions/S-1/cancel", .post, nil),
                ("//v1/sales", .post, SaleEndpointTests.goodSale),
                ("/v1/no-such-route", .get, nil),
            ]
            for (uri, method, json) in requests {
                try await client.execute(uri: uri, method: method, headers: headers, body: json.map(body)) { response throws in
                    #expect(response.status == .unauthorized, "\(uri)")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                    #expect(try #require(response.errorBody).error == "unauthorized")
                }
            }
        }
        #expect(checkout.calls.isEmpty)
    }

    @Test("with the right token requests go through; health never needs it")
    func accepted() async throws {
        let checkout = ScriptedCheckout()
        try await withAPI(checkout, options: Self.secured) { client in
            try await client.execute(
                uri: "/v1/sales", method: .post, headers: jsonHeaders(token: "s3cret-token"), body: body(SaleEndpointTests.goodSale)
            ) { #expect($0.status == .ok) }
            var lowercaseScheme = jsonHeaders()
            lowercaseScheme[.authorization] = "bearer s3cret-token"
            try await client.execute(uri: "/v1/balance", method: .post, headers: lowercaseScheme, body: body("{}")) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
        }
        #expect(checkout.calls.count == 3)
    }

    @Test("a request with the token is still validated")
    func validatedAfterToken() async throws {
        let checkout = ScriptedCheckout()
        try await withAPI(checkout, options: Self.secured) { client in
            try await client.execute(
                uri: "/v1/sales", method: .post, headers: jsonHeaders(token: "s3cret-token"), body: body(#"{"saleId":"S-1"}"#)
            ) { #expect($0.status == .badRequest) }
        }
        #expect(checkout.calls.isEmpty)
    }
}
