import CardProfile
import Foundation
import PointsEngine

/// The signed reference a sale's receipt carries (as text and as a QR code): what another till
/// needs to refund the sale without the network. The selling terminal signs the sale's record
/// with its key and adds its issuer-signed certificate, so any terminal of the programme checks
/// it offline (`docs/checkout.md`, "Receipt references").
///
/// Binary form: the `70` body, the `E3` terminal certificate, the `9D` signature (P-256, raw
/// r‖s) over the exact `70` bytes. Text form: base64url without padding, prefixed `LT1.`.
///
/// | tag in `70` | field | bytes |
/// | --- | --- | --- |
/// | `80` | reference version, 1 | 1 |
/// | `81` | programme id | 4 |
/// | `82` | terminal id | 4 |
/// | `83` | sale id (UTF-8) | 1–64 |
/// | `84` | member id (UTF-8) | 1–64 |
/// | `85` | card (key id in hex, `uid:HEX`; empty without the card) | 0–64 |
/// | `86` | day of the sale (days since the epoch) | 4 |
/// | `87`–`8B` | amount, qualifying spend, bill points, bonus points, redeemed points | 8 each |
public struct ReceiptReference: Hashable, Sendable {
    public static let version: UInt8 = 1
    /// The text form's prefix: the format and its version, so a POS can tell a reference from a
    /// sale id at a glance.
    public static let textPrefix = "LT1."

    public var programmeID: UInt32
    public var terminalID: UInt32
    public var member: String
    /// The card the sale was made with; `nil` without the card.
    public var card: String?
    /// The sale as the engine recorded it (nothing refunded).
    public var record: SaleRecord

    public init(programmeID: UInt32, terminalID: UInt32, member: String, card: String?, record: SaleRecord) {
        self.programmeID = programmeID
        self.terminalID = terminalID
        self.member = member
        self.card = card
        var original = record
        original.refundedAmount = 0
        self.record = original
    }

    /// The `70` body: the exact bytes signed.
    var body: [UInt8] {
        TLV(
            Self.bodyTag,
            children: [
                TLV(0x80, [Self.version]),
                TLV(0x81, BigEndian.bytes(programmeID)),
                TLV(0x82, BigEndian.bytes(terminalID)),
                TLV(0x83, Array(record.saleId.utf8)),
                TLV(0x84, Array(member.utf8)),
                TLV(0x85, Array((card ?? "").utf8)),
                TLV(0x86, BigEndian.bytes(UInt32(truncatingIfNeeded: record.day.number))),
                TLV(0x87, BigEndian.bytes(UInt64(bitPattern: record.amount))),
                TLV(0x88, BigEndian.bytes(UInt64(bitPattern: record.qualifyingSpend))),
                TLV(0x89, BigEndian.bytes(UInt64(bitPattern: record.billPoints))),
                TLV(0x8A, BigEndian.bytes(UInt64(bitPattern: record.bonusPoints))),
                TLV(0x8B, BigEndian.bytes(UInt64(bitPattern: record.redeemedPoints))),
            ]
        ).encoded
    }

    /// The reference signed by the terminal of `credential`, in text form.
    public func signed(by credential: TerminalCredential) -> String {
        let body = self.body
        let bytes =
            body + credential.certificate.tlv.encoded
            + TLV(MemberCardProfile.Tag.terminalSignature, ProfileKeys.sign(body, with: credential.privateKey)).encoded
        return Self.textPrefix + Self.base64URL(bytes)
    }

    static let bodyTag: UInt8 = 0x70
    /// The longest text form accepted (a real one is about 500 characters).
    public static let maximumTextLength = 1_024

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func bytes(base64URL text: Substring) -> [UInt8]? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return Data(base64Encoded: standard).map(Array.init)
    }
}
