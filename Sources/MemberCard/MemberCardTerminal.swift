import CardProfile
import Crypto
import Logging
import PCSC

/// The terminal side of the member-card profile: select, read, verify the issuer signature,
/// authenticate the card with a fresh challenge, verify the carried state, write a new one.
///
/// A tap is three command APDUs: SELECT, AUTHENTICATE, WRITE STATE (see `docs/card-profile.md`).
public struct MemberCardTerminal: Sendable {
    public let policy: TrustPolicy
    let logger: Logger

    public init(policy: TrustPolicy, logger: Logger) {
        self.policy = policy
        self.logger = logger
    }

    /// Reads and verifies the card on `channel`; `today` decides expiry. A card without the
    /// member-card application is asked for its UID with `uidCommand` (the reader profile's;
    /// `FF CA 00 00 00` by default). Never throws: every failure is a ``CardReading/refusal``.
    public func read(over channel: some CardChannel, today: CalendarDate, uidCommand: CommandAPDU = .getUID) async -> CardReading {
        let reading = await readSteps(over: channel, today: today, uidCommand: uidCommand)
        if let refusal = reading.refusal {
            logger.info("card refused", metadata: ["reason": "\(refusal.code)", "detail": "\(refusal)", "apdus": "\(reading.commands)"])
        } else {
            logger.debug(
                "card read",
                metadata: [
                    "trust": "\(reading.trust.rawValue)", "member": "\(reading.record?.memberID ?? "-")", "apdus": "\(reading.commands)",
                ])
        }
        return reading
    }

    private func readSteps(over channel: some CardChannel, today: CalendarDate, uidCommand: CommandAPDU) async -> CardReading {
        var reading = CardReading()
        let select: ResponseAPDU
        do {
            select = try await send(Commands.select, over: channel, &reading)
        } catch {
            reading.fail(.select, error)
            return reading
        }
        guard select.status.isSuccess else {
            await readUID(uidCommand, after: select.status, over: channel, &reading)
            return reading
        }
        let answer: SelectAnswer
        do {
            answer = try SelectAnswer(bytes: select.data)
        } catch {
            reading.fail(.select, .malformedAnswer("SELECT: \(error)"))
            return reading
        }
        guard let signed = answer.record else {
            reading.fail(.select, .blankCard)
            return reading
        }
        reading.pass(.select, "member-card application, \(select.data.count) bytes")
        reading.record = signed.record
        guard verifyRecord(signed, today: today, &reading) else { return reading }
        await authenticate(answer, record: signed.record, over: channel, &reading)
        return reading
    }

    /// AUTHENTICATE with a fresh challenge and the checks of the answer and of the state read
    /// in `answer`; the reading becomes a verified member card when every check passes.
    func authenticate(_ answer: SelectAnswer, record: MemberRecord, over channel: some CardChannel, _ reading: inout CardReading) async {
        let challenge = Commands.freshChallenge()
        let auth: AuthenticationAnswer
        do {
            let response = try await send(Commands.authenticate(challenge), over: channel, &reading)
            guard response.status.isSuccess else {
                reading.fail(.authentication, .authenticationFailed("card answered \(response.status)"))
                return
            }
            auth = try AuthenticationAnswer(bytes: response.data)
        } catch let error as CardProfileError {
            reading.fail(.authentication, .malformedAnswer("AUTHENTICATE: \(error)"))
            return
        } catch {
            reading.fail(.authentication, error)
            return
        }
        guard verifyAuthentication(auth, challenge: challenge, record: record, answer: answer, &reading) else { return }
        reading.counter = auth.counter
        guard verifyState(answer.envelope, auth: auth, record: record, &reading) else { return }
        reading.trust = .memberCard
    }

    /// Writes `state` (its counter, card key id and terminal id are set here) after a
    /// verified read in the same session. On success the reading's state becomes the new one.
    public func write(
        _ state: PointsState, after reading: inout CardReading,
        credential: TerminalCredential, over channel: some CardChannel
    ) async -> CardRefusal? {
        guard reading.isVerified, let counter = reading.counter, let record = reading.record else {
            return reading.refusal ?? .authenticationFailed("no verified read before the write")
        }
        var state = state
        state.counter = counter
        state.cardKeyID = record.cardKeyID
        state.terminalID = credential.terminalID
        do {
            let envelope = try StateEnvelope(state: state, terminalKey: credential.privateKey, certificate: credential.certificate)
            let response = try await send(Commands.writeState(envelope.tlv.encoded), over: channel, &reading)
            guard response.status.isSuccess else {
                reading.fail(.writeState, .writeRefused(statusWord: response.status.rawValue))
                return reading.refusal
            }
        } catch let error as CardProfileError {
            reading.fail(.writeState, .malformedAnswer("state: \(error)"))
            return reading.refusal
        } catch {
            // The card left during the write: its anti-tearing keeps the old or the new state.
            let refusal = Self.refusal(for: error)
            reading.fail(.writeState, refusal == .cardRemoved ? .tornWrite : refusal)
            return reading.refusal
        }
        reading.state = state
        reading.pass(.writeState, "state written at counter \(counter), sequence \(state.terminalSequence)")
        return nil
    }

    func send(_ command: CommandAPDU, over channel: some CardChannel, _ reading: inout CardReading) async throws -> ResponseAPDU {
        reading.commands += 1
        return try await channel.transmit(command)
    }

    private func readUID(
        _ command: CommandAPDU, after status: StatusWord, over channel: some CardChannel, _ reading: inout CardReading
    ) async {
        guard let answer = try? await send(command, over: channel, &reading),
            answer.status.isSuccess, [4, 7, 10].contains(answer.data.count)
        else {
            reading.fail(.select, .unknownApplication(statusWord: status.rawValue))
            return
        }
        reading.steps.append(VerificationStep(.select, passed: false, detail: "no member-card application (\(status))"))
        reading.pass(.uid, "UID \(Hex.encode(answer.data)): identified by UID only, lower trust")
        reading.uid = answer.data
        reading.trust = .uidOnly
    }

    /// The checks of a record every terminal runs: its signature (the issuer's, or a certified
    /// enrolment key's within its certificate), programme, class, validity and the block list.
    func verifyRecord(_ signed: SignedMemberRecord, today: CalendarDate, _ reading: inout CardReading) -> Bool {
        let record = signed.record
        if let certificate = signed.enrolmentCertificate {
            guard verifyEnrolment(signed, certificate: certificate, &reading) else { return false }
        } else {
            guard record.issuerKeyID == ProfileKeys.keyID(of: policy.issuerKey), signed.isSigned(by: policy.issuerKey) else {
                reading.fail(.issuerSignature, .forgedRecord)
                return false
            }
            guard record.programmeID == policy.programmeID else {
                reading.fail(.issuerSignature, .wrongProgramme(record.programmeID))
                return false
            }
            reading.pass(.issuerSignature, "record of member \(record.memberID) signed by the issuer")
        }
        if record.cardClass == .test && !policy.acceptTestCards {
            reading.fail(.validity, .testCard)
            return false
        }
        guard today >= record.issued else {
            reading.fail(.validity, .notYetValid(issued: record.issued))
            return false
        }
        guard today <= record.expires else {
            reading.fail(.validity, .expired(expires: record.expires))
            return false
        }
        reading.pass(.validity, "valid \(record.issued) to \(record.expires)")
        guard !policy.erasedMembers.contains(record.memberID) else {
            reading.fail(.blockList, .erased(memberID: record.memberID))
            return false
        }
        guard !policy.blockedMembers.contains(record.memberID) else {
            reading.fail(.blockList, .blocked(memberID: record.memberID))
            return false
        }
        let card = Hex.encode(record.cardKeyID)
        guard !policy.blockedCards.contains(card) else {
            reading.fail(.blockList, .cardBlocked(memberID: record.memberID, card: card))
            return false
        }
        reading.pass(.blockList, "not blocked")
        return true
    }

    private func verifyAuthentication(
        _ auth: AuthenticationAnswer, challenge: [UInt8], record: MemberRecord, answer: SelectAnswer, _ reading: inout CardReading
    ) -> Bool {
        guard let cardKey = try? ProfileKeys.publicKey(record.cardPublicKey),
            auth.isValid(for: challenge, cardKey: cardKey)
        else {
            reading.fail(.authentication, .authenticationFailed("the card's signature over the challenge does not verify"))
            return false
        }
        guard auth.stateCounter < auth.counter else {
            reading.fail(.authentication, .authenticationFailed("state counter \(auth.stateCounter) not below counter \(auth.counter)"))
            return false
        }
        guard auth.stateHash == AuthenticationAnswer.stateHash(of: answer.envelopeBytes) else {
            reading.fail(.authentication, .forgedState("the state read is not the one the card vouches for"))
            return false
        }
        reading.pass(.authentication, "card key signed the challenge at counter \(auth.counter)")
        return true
    }

    private func verifyState(_ envelope: StateEnvelope?, auth: AuthenticationAnswer, record: MemberRecord, _ reading: inout CardReading)
        -> Bool
    {
        guard let envelope else {
            guard auth.stateCounter == 0 else {
                reading.fail(.stateBinding, .forgedState("no state, but the card's state is bound to counter \(auth.stateCounter)"))
                return false
            }
            reading.pass(.stateBinding, "no state yet")
            return true
        }
        if let problem = envelope.signatureProblem(issuer: policy.issuerKey, programmeID: policy.programmeID) {
            reading.fail(.stateSignature, .forgedState(problem))
            return false
        }
        guard envelope.state.cardKeyID == record.cardKeyID else {
            reading.fail(.stateSignature, .forgedState("state of another card"))
            return false
        }
        guard !policy.revokedTerminals.contains(envelope.certificate.terminalID) else {
            reading.fail(.stateSignature, .revokedTerminal(envelope.certificate.terminalID))
            return false
        }
        reading.pass(.stateSignature, "state signed by terminal \(envelope.certificate.terminalID)")
        guard envelope.state.counter == auth.stateCounter else {
            reading.fail(.stateBinding, .stateRolledBack(stateCounter: envelope.state.counter, cardStateCounter: auth.stateCounter))
            return false
        }
        reading.pass(.stateBinding, "state belongs to counter \(auth.stateCounter)")
        reading.state = envelope.state
        return true
    }

    static func refusal(for error: any Error) -> CardRefusal {
        if let error = error as? SCardError {
            return error.meansCardGone ? .cardRemoved : .transport("\(error)")
        }
        if let error = error as? APDUError { return .malformedAnswer("\(error)") }
        return .transport("\(error)")
    }
}

extension CardReading {
    mutating func fail(_ name: VerificationStep.Name, _ error: any Error) {
        fail(name, MemberCardTerminal.refusal(for: error))
    }
}
