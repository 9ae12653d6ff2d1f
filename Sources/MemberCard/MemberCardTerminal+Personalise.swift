import CardProfile
import PCSC

extension MemberCardTerminal {
    /// Personalises a blank card in one session, offline: SELECT (a blank card shows its public
    /// key), the record of `member` signed with the terminal's enrolment key for that card key,
    /// PERSONALISE, then AUTHENTICATE and WRITE STATE of `initialState` (its counter, card key id
    /// and terminal id are set here), so the card starts with a signed state. Four APDUs.
    ///
    /// The record is checked as every terminal will check it before it is written. A card that
    /// already holds this enrolment's record (member id `E<terminal>-<number>` signed by this
    /// terminal's enrolment key), from an attempt cut short, is finished: without a state it gets
    /// `initialState`; with one it is complete as it is. Retry with the same `member` (the same
    /// number) on the same card; a different card gets a new number, since the first may hold it.
    /// Never throws: every failure is in the result.
    ///
    /// `selected`: what ``select(over:)`` read in this session (its SELECT is not sent again).
    public func personalise(
        _ member: EnrolmentCredential.Member, initialState: PointsState, credential: TerminalCredential, today: CalendarDate,
        over channel: some CardChannel, selected: (answer: SelectAnswer, reading: CardReading)? = nil
    ) async -> Personalisation {
        let result = await personaliseSteps(
            member, initialState: initialState, credential: credential, today: today, over: channel, selected: selected)
        if let refusal = result.refusal {
            logger.info(
                "personalisation stopped",
                metadata: [
                    "outcome": "\(result.outcome.rawValue)", "reason": "\(refusal.code)", "detail": "\(refusal)",
                    "apdus": "\(result.commands)",
                ])
        } else {
            logger.debug(
                "card personalised",
                metadata: ["member": "\(result.reading.record?.memberID ?? "-")", "apdus": "\(result.commands)"])
        }
        return result
    }

    private func personaliseSteps(
        _ member: EnrolmentCredential.Member, initialState: PointsState, credential: TerminalCredential, today: CalendarDate,
        over channel: some CardChannel, selected: (answer: SelectAnswer, reading: CardReading)?
    ) async -> Personalisation {
        var result = Personalisation(outcome: .notWritten, reading: selected?.reading ?? CardReading())
        guard let enrolment = credential.enrolment else {
            result.reading.fail(.personalise, .enrolmentNotCertified("this terminal has no enrolment key"))
            return result
        }
        let answer: SelectAnswer
        if let selected {
            answer = selected.answer
        } else {
            let read = await select(over: channel)
            result.reading = read.reading
            guard let selectedAnswer = read.answer else { return result }
            answer = selectedAnswer
        }
        let memberID = enrolment.memberID(number: member.number)
        let signed: SignedMemberRecord
        if let cardKey = answer.blankCardKey {
            result.reading.pass(.select, "blank card")
            result.cardPublicKey = cardKey
            result.outcome = .blank
            signed = enrolment.signRecord(for: member, cardPublicKey: cardKey)
            result.reading.record = signed.record
            guard verifyRecord(signed, today: today, &result.reading) else { return result }
            guard await sendPersonalise(signed, over: channel, &result) else { return result }
        } else if let found = answer.record {
            result.cardPublicKey = found.record.cardPublicKey
            guard found.record.memberID == memberID, found.enrolmentCertificate == enrolment.certificate else {
                result.reading.fail(.select, .alreadyPersonalised(memberID: found.record.memberID))
                return result
            }
            result.reading.pass(.select, "card of \(memberID) already personalised by this terminal")
            result.outcome = answer.envelope == nil ? .personalisedWithoutState : .stateInDoubt
            signed = found
            result.reading.record = signed.record
            guard verifyRecord(signed, today: today, &result.reading) else { return result }
        } else {
            result.reading.fail(.select, .malformedAnswer("SELECT: neither a record nor a blank card's key"))
            return result
        }

        // After PERSONALISE the card, still selected, holds the record and no state: what SELECT would now show.
        var written = answer
        written.record = signed
        written.blankCardKey = nil
        await authenticate(written, record: signed.record, over: channel, &result.reading)
        guard result.reading.isVerified else { return result }
        if result.reading.state != nil {
            result.outcome = .complete
            return result
        }
        result.outcome = .personalisedWithoutState
        if let refusal = await write(initialState, after: &result.reading, credential: credential, over: channel) {
            // Lost with the card or the reader, the write may have landed; refused by the card, it did not.
            let lost: Bool = if case .transport = refusal { true } else { refusal == .tornWrite }
            result.outcome = lost ? .stateInDoubt : .personalisedWithoutState
            return result
        }
        result.wroteState = true
        result.outcome = .complete
        return result
    }

    /// Sends PERSONALISE; on success the card holds `signed`.
    private func sendPersonalise(_ signed: SignedMemberRecord, over channel: some CardChannel, _ result: inout Personalisation) async
        -> Bool
    {
        let command: CommandAPDU
        do {
            command = try Commands.personalise(signed.tlv.encoded)
        } catch {
            result.reading.fail(.personalise, .malformedAnswer("record: \(error)"))
            return false
        }
        do {
            result.sentPersonalise = true
            let response = try await send(command, over: channel, &result.reading)
            guard response.status.isSuccess else {
                // Refused by the card: it holds what it held, blank.
                result.reading.fail(.personalise, .writeRefused(statusWord: response.status.rawValue))
                return false
            }
        } catch {
            // The card or the reader went during PERSONALISE: the card holds the record or nothing, whole.
            result.outcome = .personaliseInDoubt
            result.reading.fail(.personalise, error)
            return false
        }
        result.outcome = .personalisedWithoutState
        result.reading.pass(.personalise, "record of \(signed.record.memberID) stored")
        return true
    }

    /// SELECT alone, for a caller that must know what the card is (blank, and its key; or whose
    /// record) before it journals anything: one APDU, counted in the reading. The answer is `nil`
    /// when the card could not be selected (the reading's refusal says why).
    public func select(over channel: some CardChannel) async -> (answer: SelectAnswer?, reading: CardReading) {
        var reading = CardReading()
        do {
            let select = try await send(Commands.select, over: channel, &reading)
            guard select.status.isSuccess else {
                reading.fail(.select, .unknownApplication(statusWord: select.status.rawValue))
                return (nil, reading)
            }
            return (try SelectAnswer(bytes: select.data), reading)
        } catch let error as CardProfileError {
            reading.fail(.select, .malformedAnswer("SELECT: \(error)"))
        } catch {
            reading.fail(.select, error)
        }
        return (nil, reading)
    }
}
