import LedgerFormat
import MemberCard
import PCSC

/// Which of the reader profile's patterns a tap ends with.
enum FeedbackPattern: String, Sendable {
    case success
    case refusal

    /// The pattern for `outcome`: success for a completed answer, refusal for a refused one;
    /// none when the card left (a transaction in doubt, or removed before anything happened):
    /// there is no card session left to carry the command, and the tap goes on when it returns.
    init?(_ outcome: TapOutcome) {
        guard case .answer(let answer) = outcome else { return nil }
        switch answer.outcome {
        case .completed: self = .success
        case .refused where answer.refusal?.code != .cardRemoved: self = .refusal
        default: return nil
        }
    }
}

/// The reader answered its feedback command with something other than `90xx`.
struct FeedbackRefused: Error, CustomStringConvertible {
    let status: StatusWord
    var description: String { "the reader answered \(status)" }
}

extension CheckoutService {
    /// Step 9, feedback: once the tap's answer is decided, the reader's LED and buzzer show it
    /// with the profile's success or refusal pattern: one command (a pseudo-APDU on the card's
    /// connection, or an escape through `SCardControl`). A reader whose profile has no pattern
    /// gets nothing. A reader that refuses the command does not change the answer; the failure
    /// is logged.
    func signal(_ outcome: TapOutcome, reader: ReaderProfile, over session: any CardSession) async {
        guard let pattern = FeedbackPattern(outcome), let feedback = reader.feedback else { return }
        guard let command = (pattern == .success ? feedback.success : feedback.refusal)?.readerCommand else { return }
        do {
            switch command {
            case .apdu(let apdu):
                let answer = try await session.transmit(apdu)
                guard answer.status.sw1 == 0x90 else { throw FeedbackRefused(status: answer.status) }
            case .escape(let code, let bytes):
                _ = try await session.control(code, bytes)
            }
        } catch {
            logger.warning(
                "reader feedback failed",
                metadata: [
                    "reader": "\(session.readerName ?? "-")", "profile": "\(reader.id)", "pattern": "\(pattern.rawValue)",
                    "error": "\(error)",
                ])
        }
    }
}
