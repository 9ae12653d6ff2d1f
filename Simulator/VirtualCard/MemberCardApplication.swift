import CardProfile
import Crypto
import Foundation
import Synchronization

/// The card side of the member-card profile (`docs/card-profile.md`), with its keys, counters
/// and state in a card-image file that persists between runs. It takes extended APDUs, and
/// short ones: a long command by chaining (``CommandChain``), a long answer with `61xx` and
/// GET RESPONSE.
///
/// Every change (the record of PERSONALISE on a blank card, the counter of AUTHENTICATE, the
/// state of WRITE STATE) replaces the image file atomically before the card answers. At
/// power-on the card reloads the file, so what survives a pull is exactly what was committed.
public final class MemberCardApplication: CardApplication {
    /// Status words of the profile.
    enum Status {
        static let success: [UInt8] = [0x90, 0x00]
        static let conditionsNotSatisfied: [UInt8] = [0x69, 0x85]
        static let wrongData: [UInt8] = [0x6A, 0x80]
        static let fileNotFound: [UInt8] = [0x6A, 0x82]
        static let memoryFailure: [UInt8] = [0x65, 0x81]
        static let noPreciseDiagnosis: [UInt8] = [0x6F, 0x00]
    }

    private struct Session {
        var image: CardImage?
        var selected = false
        /// The counter of this session's AUTHENTICATE, until a WRITE STATE uses it.
        var authenticatedCounter: UInt32?
        /// Answer bytes waiting for GET RESPONSE.
        var pending: [UInt8] = []
        /// The pieces of a chained command received so far.
        var chain = CommandChain()
    }

    public let atr: [UInt8]
    public let file: CardImageFile
    private let session: Mutex<Session>
    /// Kept in a struct: a bare closure in a `Mutex` read with `withLock { $0 }` is rewrapped in
    /// reabstraction thunks at each read (swiftlang/swift#91348; see `CheckoutService`).
    private struct TearHook: Sendable {
        let call: @Sendable (CardImageFile.WriteStep) -> Bool
    }
    private let tearHook = Mutex<TearHook?>(nil)

    /// A card backed by the image at `imagePath` (read now and at every power-on).
    public init(imagePath: String, atr: [UInt8] = ContactlessATR.iso14443Part4(historicalBytes: Array("LOYALTY".utf8))) throws {
        self.atr = atr
        file = CardImageFile(path: imagePath)
        session = Mutex(Session(image: try file.read()))
    }

    /// Tearing tests: called before each step of every image write; returning `false` stops
    /// the write there (and the hook is expected to pull the card).
    public func setTearHook(_ hook: (@Sendable (CardImageFile.WriteStep) -> Bool)?) {
        tearHook.withLock { $0 = hook.map(TearHook.init) }
    }

    /// The UID personalised into the card's image.
    public var uid: [UInt8] { session.withLock { $0.image?.uid } ?? [] }

    public func powerOn() {
        let image = try? file.read()
        session.withLock { $0 = Session(image: image) }
    }

    public func process(_ bytes: [UInt8]) -> [UInt8] {
        guard let received = MemberCardCommand(bytes) else { return CardStatus.wrongLength }
        return session.withLock { session in
            let command: MemberCardCommand
            switch session.chain.take(received) {
            case .more: return Status.success
            case .refused(let status): return status
            case .complete(let whole): command = whole
            }
            switch (command.cla, command.ins) {
            case (0x00, MemberCardProfile.Instruction.select):
                return select(command, &session)
            case (0x00, 0xC0):
                return getResponse(command, &session)
            case (MemberCardProfile.proprietaryClass, MemberCardProfile.Instruction.authenticate):
                session.pending = []
                return authenticate(command, &session)
            case (MemberCardProfile.proprietaryClass, MemberCardProfile.Instruction.writeState):
                session.pending = []
                return writeState(command, &session)
            case (MemberCardProfile.proprietaryClass, MemberCardProfile.Instruction.personalise):
                session.pending = []
                return personalise(command, &session)
            case (0x00, _), (0x80, _):
                return CardStatus.insNotSupported
            default:
                return CardStatus.claNotSupported
            }
        }
    }

    private func select(_ command: MemberCardCommand, _ session: inout Session) -> [UInt8] {
        session.selected = false
        session.authenticatedCounter = nil
        session.pending = []
        guard command.p1 == 0x04, command.p2 == 0x00 else { return CardStatus.wrongP1P2 }
        guard command.data == MemberCardProfile.aid else { return Status.fileNotFound }
        guard let image = session.image, let answer = Self.selectAnswer(image) else { return Status.noPreciseDiagnosis }
        session.selected = true
        return respond(answer.bytes, to: command, &session)
    }

    /// The FCI of a personalised card, or of a blank one (its public key instead of a record).
    private static func selectAnswer(_ image: CardImage) -> SelectAnswer? {
        guard let record = image.record else { return (try? image.publicKey()).flatMap { try? SelectAnswer(blankCardKey: $0) } }
        return try? SelectAnswer(record: record, envelopeBytes: image.envelope)
    }

    /// Gives the whole answer when Le allows it, otherwise 256 bytes at a time with `61xx`.
    private func respond(_ data: [UInt8], to command: MemberCardCommand, _ session: inout Session) -> [UInt8] {
        let room = command.expectedLength ?? 0
        if data.count <= room { return data + Status.success }
        let first = Array(data.prefix(room == 0 ? 256 : room))
        session.pending = Array(data.dropFirst(first.count))
        return first + remainderStatus(session.pending.count)
    }

    private func remainderStatus(_ count: Int) -> [UInt8] {
        count == 0 ? Status.success : [0x61, count >= 256 ? 0x00 : UInt8(count)]
    }

    private func getResponse(_ command: MemberCardCommand, _ session: inout Session) -> [UInt8] {
        guard !session.pending.isEmpty else { return Status.conditionsNotSatisfied }
        let chunk = Array(session.pending.prefix(command.expectedLength ?? 256))
        session.pending.removeFirst(chunk.count)
        return chunk + remainderStatus(session.pending.count)
    }

    private func authenticate(_ command: MemberCardCommand, _ session: inout Session) -> [UInt8] {
        guard command.p1 == 0, command.p2 == 0 else { return CardStatus.wrongP1P2 }
        guard command.data.count == MemberCardProfile.challengeLength else { return CardStatus.wrongLength }
        guard session.selected, var image = session.image, !image.isBlank, let key = try? image.signingKey() else {
            return Status.conditionsNotSatisfied
        }
        guard image.counter < UInt32.max else { return Status.conditionsNotSatisfied }
        image.counter += 1
        // The counter is committed before the card answers: a copy of an answer is never reusable.
        guard commit(image, &session) else { return Status.memoryFailure }
        let hash = AuthenticationAnswer.stateHash(of: image.envelope)
        let message = AuthenticationAnswer.signedBytes(
            challenge: command.data, counter: image.counter, stateCounter: image.stateCounter, stateHash: hash)
        let answer = AuthenticationAnswer(
            counter: image.counter, stateCounter: image.stateCounter, stateHash: hash,
            signature: ProfileKeys.sign(message, with: key))
        session.authenticatedCounter = image.counter
        return answer.bytes + Status.success
    }

    private func writeState(_ command: MemberCardCommand, _ session: inout Session) -> [UInt8] {
        guard command.p1 == 0, command.p2 == 0 else { return CardStatus.wrongP1P2 }
        guard session.selected, var image = session.image,
            let authenticated = session.authenticatedCounter, authenticated == image.counter
        else { return Status.conditionsNotSatisfied }
        guard let envelope = try? StateEnvelope(encoded: command.data), let record = image.record,
            envelope.state.cardKeyID == record.record.cardKeyID
        else { return Status.wrongData }
        // A state belongs to the session that authenticated: an older one (a copy written
        // back) carries an older counter and is refused.
        guard envelope.state.counter == image.counter else { return Status.conditionsNotSatisfied }
        image.stateCounter = image.counter
        image.envelope = command.data
        session.authenticatedCounter = nil
        guard commit(image, &session) else { return Status.memoryFailure }
        return Status.success
    }

    /// PERSONALISE: a blank card takes its signed record once, if the record is for its own key.
    /// The record's signatures are the terminals' to check: the card knows no issuer key.
    private func personalise(_ command: MemberCardCommand, _ session: inout Session) -> [UInt8] {
        guard command.p1 == 0, command.p2 == 0 else { return CardStatus.wrongP1P2 }
        guard !command.data.isEmpty else { return CardStatus.wrongLength }
        guard session.selected, var image = session.image, image.isBlank else { return Status.conditionsNotSatisfied }
        guard let signed = try? SignedMemberRecord(encoded: command.data), let key = try? image.publicKey(),
            signed.record.cardPublicKey == key
        else { return Status.wrongData }
        image.record = signed
        // The whole image is replaced at once: a card pulled now is blank or personalised, never half.
        guard commit(image, &session) else { return Status.memoryFailure }
        return Status.success
    }

    /// Writes the image file; the session's image changes only when the write completed.
    private func commit(_ image: CardImage, _ session: inout Session) -> Bool {
        let hook = tearHook.withLock { $0 }
        do {
            try file.write(image) { step in hook?.call(step) ?? true }
        } catch {
            // Power lost or storage failed: the card is mute until it is powered again.
            session.image = nil
            session.selected = false
            return false
        }
        session.image = image
        return true
    }
}
