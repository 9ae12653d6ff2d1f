import CardProfile
import MemberCard
import PointsEngine

/// Why a receipt reference is refused (the refund is refused `receipt-refused` with it).
public struct ReceiptRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

extension ReceiptReference {
    /// Parses and verifies the text form against `policy`: the certificate signed by the issuer
    /// for this programme's terminal, that terminal not revoked, the body signed by its key.
    public init(verifying text: String, policy: TrustPolicy) throws(ReceiptRefusal) {
        guard text.utf8.count <= Self.maximumTextLength, text.hasPrefix(Self.textPrefix),
            let bytes = Self.bytes(base64URL: text.dropFirst(Self.textPrefix.count))
        else {
            throw ReceiptRefusal("not a receipt reference (\(Self.textPrefix)… in base64url)")
        }
        let parts: (body: [UInt8], certificate: TerminalCertificate, signature: [UInt8])
        do {
            parts = try Self.split(bytes)
            try self.init(body: parts.body)
        } catch {
            throw ReceiptRefusal("the receipt reference is malformed: \(error)")
        }
        guard parts.certificate.isSigned(by: policy.issuerKey), parts.certificate.programmeID == policy.programmeID else {
            throw ReceiptRefusal("the receipt's terminal certificate is not the issuer's for this programme")
        }
        guard parts.certificate.terminalID == terminalID, programmeID == policy.programmeID else {
            throw ReceiptRefusal("the receipt names terminal \(terminalID), its certificate another")
        }
        guard !policy.revokedTerminals.contains(terminalID) else {
            throw ReceiptRefusal("terminal \(terminalID), which signed the receipt, is revoked")
        }
        guard let key = try? ProfileKeys.publicKey(parts.certificate.terminalPublicKey),
            ProfileKeys.verify(parts.signature, of: parts.body, by: key)
        else {
            throw ReceiptRefusal("the receipt's signature does not match its content: forged or altered")
        }
    }

    private static func split(_ bytes: [UInt8]) throws(CardProfileError) -> (
        body: [UInt8], certificate: TerminalCertificate, signature: [UInt8]
    ) {
        var reader = TLVReader(bytes)
        let body = try reader.read(bodyTag, length: 1...400)
        let certificate = try TerminalCertificate(value: try reader.read(MemberCardProfile.Tag.terminalCertificate, length: 1...400))
        let signature = try reader.read(MemberCardProfile.Tag.terminalSignature, count: MemberCardProfile.signatureLength)
        try reader.finish()
        return (TLV(bodyTag, body).encoded, certificate, signature)
    }

    /// Reads the fields of a `70` object (its signature checked by the caller).
    private init(body: [UInt8]) throws(CardProfileError) {
        var r = TLVReader(try TLVReader.single(Self.bodyTag, in: body, length: 1...400))
        guard try r.read(0x80, count: 1) == [Self.version] else { throw .invalidValue(tag: 0x80, reason: "unknown reference version") }
        programmeID = BigEndian.value(try r.read(0x81, count: 4))
        terminalID = BigEndian.value(try r.read(0x82, count: 4))
        let saleId = try Self.text(try r.read(0x83, length: 1...Sale.maxIdBytes), tag: 0x83)
        member = try Self.text(try r.read(0x84, length: 1...64), tag: 0x84)
        let card = try Self.text(try r.read(0x85, length: 0...64), tag: 0x85)
        self.card = card.isEmpty ? nil : card
        let day = Day(number: Int(Int32(bitPattern: BigEndian.value(try r.read(0x86, count: 4)))))
        var figures: [Int64] = []
        for tag: UInt8 in 0x87...0x8B {
            let value = Int64(bitPattern: BigEndian.value(try r.read(tag, count: 8)))
            guard value >= 0 else { throw .invalidValue(tag: tag, reason: "negative") }
            figures.append(value)
        }
        try r.finish()
        record = SaleRecord(
            saleId: saleId, day: day, amount: figures[0], qualifyingSpend: figures[1], billPoints: figures[2], bonusPoints: figures[3],
            redeemedPoints: figures[4])
    }

    private static func text(_ bytes: [UInt8], tag: UInt8) throws(CardProfileError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidValue(tag: tag, reason: "not UTF-8") }
        return text
    }
}
