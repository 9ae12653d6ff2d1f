import CardProfile
import LedgerFormat
import MemberCard
import PCSC
import PointsEngine

/// Who the card is, as far as it could be trusted.
struct CardIdentity: Sendable, Equatable {
    /// The card key id (member cards) or UID (UID-only cards), in hex: the key of its transactions.
    var card: String
    /// The member id, or `uid:HEX`.
    var member: String
    var trust: TrustClass
    var birthday: MonthDay?
    /// The member who referred this one, from the signed member record (`nil`: none, or a
    /// UID-only card).
    var referrer: String? = nil
}

/// The card on the reader, read and verified: the input of every later step.
struct CardOnReader: Sendable {
    var reading: CardReading
    var identity: CardIdentity
    /// The engine state the card carries (member cards with a state).
    var carried: CarriedState?
    /// Who wrote the card's state.
    var writer: CarriedState.Write?
    /// A replacement card's first tap: where its state starts from (the back office's notice).
    var replacement: ReplacementStart? = nil
    /// A UID-only card's state as the back office holds it (asked for while online).
    var remote: UIDState? = nil
}

extension CheckoutService {
    /// Step 2, read the card: its records verified against the trust policy (or its UID, with
    /// the command of the reader's profile), who it is, and the engine state it carries.
    func readCard(for work: CheckoutWork, over session: any CardSession, today: CalendarDate) async throws(TapEnd) -> CardOnReader {
        let uidCommand = configuration.readerProfiles.profile(forReader: session.readerName ?? "").uidCommand
        let reading = await terminal.read(over: session, today: today, uidCommand: uidCommand)
        guard reading.trust != .none else {
            let refusal = reading.refusal ?? .transport("nothing could be read")
            if case .transport = refusal { metrics.apduError() }
            if case .malformedAnswer = refusal { metrics.apduError() }
            var answer = CheckoutAnswer.refused(work.kind, work.requestId, .cardRefused, "")
            answer.refusal = Refusal(card: refusal)
            answer.memberId = reading.record?.memberID
            throw .answer(answer)
        }
        let identity = Self.identity(of: reading)
        if identity.trust == .uidOnly, !configuration.acceptUIDOnlyCards {
            throw .refused(work, .uidOnlyRefused, "this terminal takes member cards only")
        }
        var carried: CarriedState?
        do {
            carried = try reading.state.map { state throws(CarriedStateError) in try CarriedState(bytes: state.engineState) }
        } catch {
            throw .refused(work, .cardRefused, "the card's engine state cannot be read: \(error)")
        }
        let writer = reading.state.map { CarriedState.Write(terminalID: $0.terminalID, sequence: $0.terminalSequence) }
        let replacement = replacementStart(for: identity, carried: carried)
        if let replacement { carried = .blank(member: replacement.state) }
        let remote = identity.trust == .uidOnly ? await remoteUIDState(of: identity.member) : nil
        return CardOnReader(
            reading: reading, identity: identity, carried: carried, writer: writer, replacement: replacement, remote: remote)
    }

    /// Who a card is: its member record when it was trusted as a member card, else its UID.
    static func identity(of reading: CardReading) -> CardIdentity {
        guard reading.trust == .memberCard, let record = reading.record else {
            let uid = PCSC.Hex.encode(reading.uid ?? [])
            return CardIdentity(card: "uid:\(uid)", member: "uid:\(uid)", trust: .uidOnly, birthday: nil)
        }
        let birthday = record.birthdayMonth == 0 ? nil : MonthDay(month: Int(record.birthdayMonth), day: Int(record.birthdayDay))
        return CardIdentity(
            card: PCSC.Hex.encode(record.cardKeyID), member: record.memberID, trust: .memberCard, birthday: birthday,
            referrer: record.referrerID)
    }
}

extension CalendarDate {
    /// The calendar date of an engine day.
    init(_ day: Day) throws(CardProfileError) {
        let civil = day.civil
        guard (1...9999).contains(civil.year) else { throw .invalidValue(tag: 0x88, reason: "year \(civil.year)") }
        try self.init(year: UInt16(civil.year), month: UInt8(civil.month), day: UInt8(civil.day))
    }
}
