import CardProfile
import Foundation
import VirtualCard

/// A member enrolled at a till in a run, and what came of it.
struct Enrolment: Sendable {
    let event: Int
    let terminal: Int
    let enrolmentId: String
    let phone: String
    /// The referrer's member id, when referred.
    let referrer: String?
    /// The new member id, once the enrolment completed.
    var member: String?
    /// Whether the new member's first sale completed.
    var firstSale = false
}

extension MemberLifeInjector {
    /// A new member at the till: the shop's details, a blank card tapped (`POST /v1/enrolments`),
    /// the event's member as referrer when `referred`; the new member then buys with the card at
    /// once (the referral rewards come with that first sale).
    func enrol(_ planned: PlannedEvent) throws {
        let terminal = planned.event.terminal ?? planned.member % terminals.count
        let path = cards.folder + "/enrolled-\(planned.number).img"
        try CardImageFile(path: path).write(
            CardImage.blank(uid: [0x0E, 0x4E] + withUnsafeBytes(of: UInt32(planned.number).bigEndian, Array.init)))
        let card = try MemberCardApplication(imagePath: path)
        let referrer = planned.event.referred == true ? MemberCards.memberID(planned.member) : nil
        let enrolment = Enrolment(
            event: planned.number, terminal: terminal, enrolmentId: "ENROL-\(planned.number)",
            phone: "+6019" + String(format: "%07d", 1_000 + planned.number), referrer: referrer)
        enrolments.withLock { $0[planned.number] = enrolment }
        let referred = referrer.map { #","referrer":"\#($0)""# } ?? ""
        let body =
            #"{"enrolmentId":"\#(enrolment.enrolmentId)","phone":"\#(enrolment.phone)","birthday":{"month":\#(1 + planned.number % 12),"day":\#(1 + planned.number % 28)},"language":"ms","consents":["programme"]\#(referred),"waitSeconds":10}"#
        let name = terminals[terminal].name
        workers[terminal].inject(
            .init(
                member: planned.member, saleId: enrolment.enrolmentId, amount: 0, card: card, label: "enrolment",
                then: { [self] record in
                    let cutOff = terminals[terminal].isCutOff ? " (cut off)" : ""
                    guard record.outcome == "completed", let member = record.memberId else {
                        await note(planned, "enrolment at \(name)\(cutOff): \(Self.outcome(record))")
                        return
                    }
                    enrolments.withLock { $0[planned.number]?.member = member }
                    await note(
                        planned, "member \(member) enrolled at \(name)\(cutOff)" + (referrer.map { ", referred by \($0)" } ?? ""))
                    workers[terminal].inject(
                        .init(
                            member: planned.member, saleId: "\(enrolment.enrolmentId)-FIRST", amount: 400_000, card: card,
                            label: "first sale of an enrolled member",
                            then: { [self] sale in
                                if sale.outcome == "completed" { enrolments.withLock { $0[planned.number]?.firstSale = true } }
                                await note(planned, "first sale of \(member): \(Self.outcome(sale))")
                            }, cardName: "enrolled"))
                }, cardName: "blank", request: ("/v1/enrolments", body)))
    }
}
