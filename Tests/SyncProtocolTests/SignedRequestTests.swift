import CardProfile
import Crypto
import Testing

@testable import SyncProtocol

@Suite("Signed requests")
struct SignedRequestTests {
    let key = P256.Signing.PrivateKey()
    let body = Array("batch bytes".utf8)
    let now: Int64 = 1_763_900_000_000

    func signed(time: Int64? = nil, path: String = "/v1/journal/batches") -> (SignedRequest, [String: String]) {
        let request = SignedRequest(method: "POST", path: path, terminal: 7, time: time ?? now, nonce: SignedRequest.newNonce(), body: body)
        return (request, Dictionary(uniqueKeysWithValues: request.headers(signedWith: key).map { ($0.name, $0.value) }))
    }

    func read(_ headers: [String: String], body: [UInt8]? = nil, method: String = "POST", path: String = "/v1/journal/batches") throws -> (
        SignedRequest, [UInt8]
    ) {
        try SignedRequest.read(method: method, path: path, body: body ?? self.body) { headers[$0] }
    }

    @Test("a request signed by the terminal's key verifies")
    func verifies() throws {
        let (_, headers) = signed()
        let (request, signature) = try read(headers)
        #expect(request.terminal == 7)
        try request.verify(signature: signature, by: key.publicKey, now: now + 1000)
    }

    @Test("altered body, path, method, terminal or time: bad signature")
    func tampering() throws {
        let (_, headers) = signed()
        let cases: [(String, () throws -> (SignedRequest, [UInt8]))] = [
            ("body", { try read(headers, body: Array("other bytes".utf8)) }),
            ("path", { try read(headers, path: "/v1/journal/batches?x=1") }),
            ("method", { try read(headers, method: "PUT") }),
            (
                "terminal",
                {
                    var h = headers
                    h[SyncHeader.terminal] = "8"
                    return try read(h)
                }
            ),
            (
                "time",
                {
                    var h = headers
                    h[SyncHeader.time] = String(now + 1)
                    return try read(h)
                }
            ),
            (
                "nonce",
                {
                    var h = headers
                    h[SyncHeader.nonce] = SignedRequest.newNonce()
                    return try read(h)
                }
            ),
        ]
        for (name, alter) in cases {
            let (request, signature) = try alter()
            #expect(throws: AuthenticationFailure.badSignature, "altered \(name)") {
                try request.verify(signature: signature, by: key.publicKey, now: now)
            }
        }
        let (request, signature) = try read(headers)
        #expect(throws: AuthenticationFailure.badSignature, "another terminal's key") {
            try request.verify(signature: signature, by: P256.Signing.PrivateKey().publicKey, now: now)
        }
    }

    @Test("outside the time window either way: refused")
    func window() throws {
        for offset in [SignedRequest.window + 1, -SignedRequest.window - 1] {
            let (_, headers) = signed(time: now + offset)
            let (request, signature) = try read(headers)
            #expect(throws: AuthenticationFailure.outsideWindow(skewMilliseconds: offset)) {
                try request.verify(signature: signature, by: key.publicKey, now: now)
            }
        }
    }

    @Test("missing or malformed headers: refused before any key is looked up")
    func malformedHeaders() {
        let (_, headers) = signed()
        for name in [SyncHeader.terminal, SyncHeader.time, SyncHeader.nonce, SyncHeader.signature] {
            var without = headers
            without[name] = nil
            #expect(throws: AuthenticationFailure.missingHeader(name)) { try read(without) }
        }
        let bad = [
            (SyncHeader.terminal, "seven"), (SyncHeader.terminal, "-1"), (SyncHeader.terminal, "007"), (SyncHeader.terminal, "+7"),
            (SyncHeader.time, "soon"), (SyncHeader.time, "+1"),
            (SyncHeader.nonce, "short"), (SyncHeader.nonce, String(repeating: "G", count: 32)),
            (SyncHeader.signature, "00"), (SyncHeader.signature, String(repeating: "z", count: 128)),
            (SyncHeader.signature, String(repeating: "A", count: 128)),
        ]
        for (name, value) in bad {
            var altered = headers
            altered[name] = value
            #expect(throws: AuthenticationFailure.malformedHeader(name), "\(name): \(value)") { try read(altered) }
        }
    }

    @Test("nonces are fresh: 1000 in a row, all different, all 32 hex digits")
    func nonces() {
        let nonces = (0..<1000).map { _ in SignedRequest.newNonce() }
        #expect(Set(nonces).count == 1000)
        #expect(nonces.allSatisfy { $0.count == 32 && HexText.decode($0) != nil })
    }
}
