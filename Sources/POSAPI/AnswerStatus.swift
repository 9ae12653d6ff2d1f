import Checkout
import Hummingbird
import LedgerFormat

/// The HTTP status of each answer of the checkout.
///
/// A ``Checkout/CheckoutAnswer``:
/// - 200 `completed`;
/// - 202 `incomplete` (journaled, card write not confirmed: tap the same card again with the same id);
/// - 408 `timed-out` (nobody tapped);
/// - 409 `cancelled`, and the refusals `busy`, `id-conflict` and `refund-in-progress`;
/// - 404 the refusals `unknown-sale` and `unknown-member`;
/// - 503 the refusals `journal-full` and `terminal-fault`;
/// - 403 the approval refusals `approval-required`, `wrong-pin`, `unknown-manager`,
///   `not-a-manager`, `approval-token-invalid`; 429 `pin-locked`;
/// - 422 every other refusal (including a refused answer without a refusal code).
///
/// A ``Checkout/CancelOutcome``: 200 `cancelled` and `already-finished`, 404 `unknown`.
///
/// A ``Checkout/HealthReport``: 200 when its status is `ok`, 503 for anything else (`degraded`).
enum AnswerStatus {
    /// The status of `answer`.
    static func of(_ answer: CheckoutAnswer) -> HTTPResponse.Status {
        switch answer.outcome {
        case .completed: .ok
        case .incomplete: .accepted
        case .timedOut: .requestTimeout
        case .cancelled: .conflict
        case .refused: of(answer.refusal?.code)
        }
    }

    /// The status of a refusal with `code`.
    static func of(_ code: Refusal.Code?) -> HTTPResponse.Status {
        switch code {
        case .busy, .idConflict, .refundInProgress: .conflict
        case .unknownSale, .unknownMember: .notFound
        case .journalFull, .terminalFault: .serviceUnavailable
        case .approvalRequired, .wrongPIN, .unknownManager, .notAManager, .approvalTokenInvalid: .forbidden
        case .pinLocked: .tooManyRequests
        case .cardRefused, .cardBlocked, .memberErased, .uidOnlyRefused, .redemptionRefused, .programmeRefused,
            .wrongCard, .alreadyRefunded, .cardRemoved, .cardWriteFailed, .invalidRequest, .notBlank, .phoneEnrolled,
            .referralRefused, .backOfficeNeeded, .enrolmentUnavailable, .receiptRefused, .refundTooLate, .receiptNeeded,
            .notLastTransaction, .reversalWindowClosed, nil:
            .unprocessableContent
        }
    }

    /// The status of a cancel that did `outcome`.
    static func of(_ outcome: CancelOutcome) -> HTTPResponse.Status {
        switch outcome {
        case .cancelled, .alreadyFinished: .ok
        case .unknown: .notFound
        }
    }

    /// The status of the health endpoint for `report`.
    static func of(_ report: HealthReport) -> HTTPResponse.Status {
        report.status == "ok" ? .ok : .serviceUnavailable
    }
}
