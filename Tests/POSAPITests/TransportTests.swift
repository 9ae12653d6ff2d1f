import Checkout
import Hummingbird
import HummingbirdTesting
import Logging
import POSAPI
import Testing

@Suite("Body limits, media types, routes and methods")
struct TransportTests {
    static let small = POSAPIOptions(maximumBodyBytes: 64)

    @Test("a body above the limit is refused with 413 before decoding", arguments: ["/v1/sales", "/v1/refunds", "/v1/balance"])
    func oversize(uri: String) async throws {
        let checkout = ScriptedCheckout()
        // Valid JSON, padded with spaces beyond the limit.
        let json = #"{"saleId":"S-1","amount":85000,"currency":"VND"}"# + String(repeating: " ", count: 64)
        try await withAPI(checkout, options: Self.small) { client in
            try await client.execute(uri: uri, method: .post, headers: jsonHeaders(), body: body(json)) { response throws in
                #expect(response.status == .contentTooLarge)
                #expect(try #require(response.errorBody).error == "body-too-large")
            }
        }
        #expect(checkout.calls.isEmpty)
    }

    @Test("a body at the default limit is read; one byte more is refused")
    func defaultLimit() async throws {
        let checkout = ScriptedCheckout()
        let json = #"{"saleId":"S-1","amount":85000,"currency":"VND"}"#
        let padded = json + String(repeating: " ", count: 16_384 - json.utf8.count)
        try await withAPI(checkout) { client in
            try await client.execute(uri: "/v1/sales", method: .post, headers: jsonHeaders(), body: body(padded)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/v1/sales", method: .post, headers: jsonHeaders(), body: body(padded + " ")) {
                #expect($0.status == .contentTooLarge)
            }
        }
        #expect(checkout.calls.count == 1)
    }

    @Test(
        "a body not declared as UTF-8 JSON is refused with 415",
        arguments: [
            nil, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", "application/jsonx", "json",
        ])
    func mediaType(contentType: String?) async throws {
        let checkout = ScriptedCheckout()
        try await withAPI(checkout) { client in
            var headers: HTTPFields = [:]
            headers[.contentType] = contentType
            for uri in ["/v1/sales", "/v1/refunds", "/v1/balance"] {
                try await client.execute(uri: uri, method: .post, headers: headers, body: body(SaleEndpointTests.goodSale)) {
                    response throws in
                    #expect(response.status == .unsupportedMediaType, "\(uri)")
                    #expect(try #require(response.errorBody).error == "unsupported-media-type")
                }
            }
        }
        #expect(checkout.calls.isEmpty)
    }

    @Test(
        "JSON with a UTF-8 charset or in capitals is accepted",
        arguments: ["application/json; charset=utf-8", "Application/JSON", "application/json;charset=UTF-8"])
    func mediaTypeAccepted(contentType: String) async throws {
        let checkout = ScriptedCheckout()
        try await withAPI(checkout) { client in
            try await client.execute(
                uri: "/v1/sales", method: .post, headers: [.contentType: contentType], body: body(SaleEndpointTests.goodSale)
            ) { #expect($0.status == .ok) }
        }
        #expect(checkout.calls.count == 1)
    }

    @Test("an unknown route is 404 and a wrong method 405 with Allow, both with a JSON error")
    func routes() async throws {
        let checkout = ScriptedCheckout()
        try await withAPI(checkout) { client in
            for uri in ["/", "/v1/sale", "/v2/sales", "/v1/transactions", "/v1/transactions/S-1/refund"] {
                try await client.execute(uri: uri, method: .get) { response throws in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(try #require(response.errorBody).error == "not-found")
                }
            }
            let wrong: [(String, HTTPRequest.Method, String)] = [
                ("/v1/sales", .get, "POST"), ("/v1/refunds", .put, "POST"), ("/v1/balance", .delete, "POST"),
                ("/v1/transactions/S-1", .post, "GET"), ("/v1/transactions/S-1/cancel", .get, "POST"), ("/health", .post, "GET"),
            ]
            for (uri, method, allow) in wrong {
                try await client.execute(uri: uri, method: method) { response throws in
                    #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                    #expect(response.headers[.allow] == allow)
                    #expect(try #require(response.errorBody).error == "method-not-allowed")
                }
            }
        }
        #expect(checkout.calls.isEmpty)
    }

    @Test("over a real socket: a sale, an oversize body and a missing token")
    func live() async throws {
        let checkout = ScriptedCheckout()
        let router = POSAPI.router(
            checkout: checkout, options: POSAPIOptions(token: "t0ken", maximumBodyBytes: 128), logger: Logger(label: "pos-api-test"))
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { plain in
            let client = DocumentCheckingClient(client: plain)
            try await client.execute(
                uri: "/v1/sales", method: .post, headers: jsonHeaders(token: "t0ken"), body: body(SaleEndpointTests.goodSale)
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/v1/sales", method: .post, headers: jsonHeaders(token: "t0ken"), body: body(String(repeating: " ", count: 4_096))
            ) { #expect($0.status == .contentTooLarge) }
            try await client.execute(uri: "/v1/sales", method: .post, headers: jsonHeaders(), body: body(SaleEndpointTests.goodSale)) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
        }
        #expect(checkout.calls == [.sale(SaleRequest(saleId: "S-1", amount: 85_000, currency: "VND")), .health])
    }
}
