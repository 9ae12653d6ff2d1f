import CardProfile
import Foundation
import LedgerFormat
import MemberCard
import PCSC
import PointsEngine

extension CheckoutService {
    /// Years a card enrolled at the till is valid from its day of issue.
    static let enrolledCardYears: UInt16 = 5

    /// Refuses an enrolment before any tap when the terminal cannot enrol, the phone is a
    /// member's already (this terminal's enrolments; online, the back office's too), or the
    /// referrer is unknown to the back office or the member themselves (online).
    func enrolmentRefusal(_ request: EnrolmentRequest) async -> CheckoutAnswer? {
        func refused(_ code: Refusal.Code, _ reason: String) -> CheckoutAnswer {
            .refused(.enrolment, request.enrolmentId, code, reason)
        }
        guard let enrolment = configuration.credential.enrolment else {
            return refused(.enrolmentUnavailable, "this terminal has no enrolment key (enrol-terminal --enrol-members)")
        }
        let phone = PhoneNumber.normalised(request.phone) ?? request.phone
        let journaled = state.withLock { $0.index.given[request.enrolmentId] }
        if journaled != nil { return nil }
        if let holder = state.withLock({ $0.index.enrolledPhones[phone] }) {
            return refused(.phoneEnrolled, "phone \(phone) is member \(holder)'s already")
        }
        guard nextEnrolmentNumber(peek: true) <= enrolment.certificate.highestEnrolment else {
            return refused(
                .enrolmentUnavailable, "this terminal's enrolment key has signed its \(enrolment.certificate.highestEnrolment) members")
        }
        guard state.withLock({ $0.online }), let lookup = memberLookup.withLock({ $0 })?.lookup else { return nil }
        if case .found(let holder) = await lookup.find(MemberReference(phone: phone)) {
            if holder.member == request.referrer {
                return refused(.referralRefused, "the referrer \(holder.member) is the member enrolling (the same phone)")
            }
            return refused(.phoneEnrolled, "phone \(phone) is member \(holder.member)'s already")
        }
        if let referrer = request.referrer, case .unknown = await lookup.find(MemberReference(memberId: referrer)) {
            return refused(.referralRefused, "the back office knows no member \(referrer) to be the referrer")
        }
        return nil
    }

    /// One tap of an enrolment: SELECT (the card must be blank), journal the enrolment (number,
    /// member id, details, the member's first state), then personalise the card and write that
    /// state. A card that stayed blank voids the enrolment (nothing happened: tap again); one
    /// that left during PERSONALISE or WRITE STATE leaves it in doubt, finished by the same card
    /// tapped again with the same request.
    func enrolSteps(_ request: EnrolmentRequest, over session: any CardSession) async -> TapOutcome {
        guard let credential = configuration.credential.enrolment else {
            return .answer(.refused(.enrolment, request.enrolmentId, .enrolmentUnavailable, "this terminal has no enrolment key"))
        }
        let now = self.now()
        let engine = self.engine
        guard let today = try? CalendarDate(now.day(utcOffsetMinutes: engine.programme.utcOffsetMinutes)) else {
            return .answer(.refused(.enrolment, request.enrolmentId, .terminalFault, "the terminal's clock is out of range"))
        }
        let selected = await terminal.select(over: session)
        guard let answer = selected.answer else {
            let refusal = Refusal(card: selected.reading.refusal ?? .transport("nothing could be read"))
            return .answer(.refused(.enrolment, request.enrolmentId, refusal.code, refusal.reason))
        }
        var journaled = state.withLock { $0.index.given[request.enrolmentId] }
        if answer.blankCardKey == nil {
            let holder = answer.record?.record.memberID ?? "?"
            // A card that already holds this enrolment's record is finished; any other is refused.
            guard let journaled, journaled.entry.member == holder else {
                return .answer(
                    .refused(.enrolment, request.enrolmentId, .notBlank, "this card already belongs to member \(holder): tap a blank card"))
            }
        }
        if let journaled, let first = journaled.entry.card, let key = answer.blankCardKey,
            let tapped = try? ProfileKeys.publicKey(key), PCSC.Hex.encode(ProfileKeys.keyID(of: tapped)) != first
        {
            return .answer(
                .refused(
                    .enrolment, request.enrolmentId, .wrongCard,
                    "finish this enrolment with the card first tapped (card \(first)): its record may be on it"))
        }
        if journaled == nil {
            switch journalEnrolment(request, cardKey: answer.blankCardKey ?? [], now: now, today: today, credential: credential) {
            case .success(let given): journaled = given
            case .failure(let refusal): return .answer(.refused(.enrolment, request.enrolmentId, refusal.code, refusal.reason))
            }
        }
        guard let journaled, let details = journaled.entry.enrolment, let member = journaled.entry.memberState(),
            var reply = journaled.entry.answer
        else {
            return .answer(.refused(.enrolment, request.enrolmentId, .terminalFault, "the journaled enrolment cannot be read"))
        }
        let sequence = journaled.sequence
        let write = CarriedState.Write(terminalID: configuration.terminalID, sequence: sequence)
        let first = Self.pointsState(CarriedState.blank(member: member).written(by: write, member: member), sequence: sequence)
        let person = EnrolmentCredential.Member(
            number: details.number, issued: today,
            expires: (try? CalendarDate(year: today.year + Self.enrolledCardYears, month: today.month, day: min(today.day, 28))) ?? today,
            birthdayMonth: UInt8(details.birthdayMonth), birthdayDay: UInt8(details.birthdayDay), referrer: details.referrer)
        let result = await terminal.personalise(
            person, initialState: first, credential: configuration.credential, today: today, over: session,
            selected: (answer, selected.reading))
        reply.journalSequence = sequence
        switch result.outcome {
        case .complete:
            state.withLock { $0.completedEnrolments.insert(sequence) }
            logger.info("member enrolled", metadata: ["member": "\(journaled.entry.member ?? "?")", "apdus": "\(result.commands)"])
            return .answer(reply)
        case .blank, .notWritten:
            var void = LedgerEntry(kind: .void, terminalId: configuration.terminalID, time: now.secondsSinceEpoch)
            void.voided = sequence
            void.reason = "the card stayed blank: \(result.refusal?.description ?? "nothing was written")"
            if case .failure = journalAppend(&void) { return .inDoubt(sequence, reply) }
            let refusal = Refusal(card: result.refusal ?? .cardRemoved)
            return .answer(.refused(.enrolment, request.enrolmentId, refusal.code, refusal.reason))
        case .personaliseInDoubt, .personalisedWithoutState, .stateInDoubt:
            return .inDoubt(sequence, reply)
        }
    }

    /// Journals a new enrolment: the next number (kept durably first), the member's first state
    /// (the programme's `enrolment` event, if it has one, as a welcome bonus), the details.
    private func journalEnrolment(
        _ request: EnrolmentRequest, cardKey: [UInt8], now: Timestamp, today: CalendarDate, credential: EnrolmentCredential
    ) -> Result<LedgerIndex.Given, Refusal> {
        let number = nextEnrolmentNumber(peek: false)
        guard number <= credential.certificate.highestEnrolment else {
            return .failure(
                Refusal(
                    .enrolmentUnavailable, "this terminal's enrolment key has signed its \(credential.certificate.highestEnrolment) members"
                ))
        }
        let memberID = credential.memberID(number: number)
        let engine = self.engine
        var member = MemberState.newMember(of: engine.programme)
        var lines = [ExplanationLine(rule: .ledger, text: "Welcome to the programme: your member number is \(memberID)", points: 0)]
        if engine.programme.event(kind: Self.welcomeEvent) != nil {
            // The welcome is the programme's `enrolment` event, paid here; the grant numbers the
            // back office gives this member still start at 1.
            let context = TerminalContext(
                online: false, lastSync: nil, pendingGrants: [EventGrant(sequence: 1, kind: Self.welcomeEvent)])
            if let welcomed = try? engine.evaluate(.inquiry, member: member, now: now, context: context) {
                member = welcomed.state
                member.lastGrantSequence = 0
                lines += welcomed.lines
            }
        }
        let phone = PhoneNumber.normalised(request.phone) ?? request.phone
        var answer = CheckoutAnswer(outcome: .completed, kind: .enrolment, requestId: request.enrolmentId)
        answer.memberId = memberID
        answer.trust = TrustClass.memberCard.rawValue
        answer.balance = member.balance
        answer.tier = member.tierId
        answer.lines = lines
        var entry = LedgerEntry(kind: .enrolment, terminalId: configuration.terminalID, time: now.secondsSinceEpoch)
        entry.requestId = request.enrolmentId
        entry.member = memberID
        entry.card = cardKey.isEmpty ? nil : (try? ProfileKeys.publicKey(cardKey)).map { PCSC.Hex.encode(ProfileKeys.keyID(of: $0)) }
        entry.trust = TrustClass.memberCard.rawValue
        entry.enrolment = EnrolmentDetails(
            number: number, phone: phone, birthdayMonth: request.birthdayMonth, birthdayDay: request.birthdayDay,
            language: request.language, consents: request.consents, referrer: request.referrer)
        entry.setMemberState(member)
        entry.programme = ProgrammeReference(engine.programme)
        entry.answer = answer
        switch journalAppend(&entry) {
        case .success(let sequence): return .success(LedgerIndex.Given(sequence: sequence, entry: entry))
        case .failure(let refusal): return .failure(refusal)
        }
    }

    /// The programme event paid as a welcome bonus at enrolment, when the programme has it.
    static let welcomeEvent = "enrolment"

    /// The next enrolment number: above both the journal's and the counter file's; kept in the
    /// file unless `peek`.
    func nextEnrolmentNumber(peek: Bool) -> UInt32 {
        let counter = journal.path.map { EnrolmentCounter(journalPath: $0) }
        let next = max(state.withLock { $0.index.lastEnrolmentNumber }, counter?.last() ?? 0) + 1
        if !peek {
            do {
                try counter?.keep(next)
            } catch {
                logger.error("the enrolment number could not be kept: \(error)")
            }
        }
        return next
    }
}
