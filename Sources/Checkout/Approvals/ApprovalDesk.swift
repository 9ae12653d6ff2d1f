import LedgerFormat
import Synchronization

/// What the terminal knows to check approvals: the managers list, the tokens a manager's card
/// tap gave (single-use, short-lived), and the wrong PINs so far.
final class ApprovalDesk: Sendable {
    /// How long a card tap's token stays valid.
    static let tokenLifetime: Duration = .seconds(120)
    /// The most tokens waiting at once (the oldest go first).
    static let maximumTokens = 32

    struct IssuedToken: Sendable {
        var manager: String
        var expires: Duration
    }

    let roster = Mutex(ManagerRoster())
    let limiter: PINAttemptLimiter
    private let tokens = Mutex<[String: IssuedToken]>([:])
    private let now: @Sendable () -> Duration

    init(limiter: PINAttemptLimiter = PINAttemptLimiter(), now: @escaping @Sendable () -> Duration = PINAttemptLimiter.monotonicNow) {
        self.limiter = limiter
        self.now = now
    }

    /// Key of the shared bucket of ids no manager has.
    private static let unknownKey = "\u{0}unknown"

    /// Checks `credential`: who approved, or the refusal.
    func check(_ credential: ManagerCredential) -> Result<ApprovalRecord, Refusal> {
        switch credential {
        case .pin(let id, let pin): checkPIN(manager: id, pin: pin)
        case .token(let token): redeem(token)
        }
    }

    private func checkPIN(manager id: String, pin: String) -> Result<ApprovalRecord, Refusal> {
        let manager = roster.withLock { $0.manager(id: id) }
        let key = manager?.pinMatches == nil ? Self.unknownKey : id
        if let wait = limiter.waitBeforeAttempt(key) {
            let seconds = Int(wait.components.seconds) + 1
            return .failure(Refusal(.pinLocked, "too many wrong PINs: try again in \(seconds) s, or tap a manager card"))
        }
        guard let manager, let matches = manager.pinMatches else {
            limiter.recordFailure(key)
            return .failure(Refusal(.unknownManager, "\(id) is not a manager with a PIN at this terminal"))
        }
        guard matches(pin) else {
            let left = limiter.recordFailure(key)
            return .failure(Refusal(.wrongPIN, "wrong PIN for manager \(id) (\(left) attempts left before a pause)"))
        }
        limiter.recordSuccess(key)
        return .success(ApprovalRecord(manager: manager.id, method: .pin))
    }

    /// Issues a token for `manager`, who tapped their card.
    func issueToken(for manager: String) -> String {
        let token = (0..<16).map { _ in String(UInt8.random(in: .min ... .max), radix: 16).leftPadded(to: 2) }.joined()
        let now = now()
        tokens.withLock { tokens in
            tokens = tokens.filter { $0.value.expires > now }
            while tokens.count >= Self.maximumTokens, let oldest = tokens.min(by: { $0.value.expires < $1.value.expires }) {
                tokens.removeValue(forKey: oldest.key)
            }
            tokens[token] = IssuedToken(manager: manager, expires: now + Self.tokenLifetime)
        }
        return token
    }

    /// Uses up `token`: who it approves, or why not (unknown, expired, used, or its manager
    /// removed from the list since).
    private func redeem(_ token: String) -> Result<ApprovalRecord, Refusal> {
        let now = now()
        guard let issued = tokens.withLock({ $0.removeValue(forKey: token) }), issued.expires > now else {
            return .failure(
                Refusal(.approvalTokenInvalid, "the approval token is unknown, expired or already used: tap the manager card again"))
        }
        guard roster.withLock({ $0.manager(id: issued.manager) }) != nil else {
            return .failure(Refusal(.approvalTokenInvalid, "manager \(issued.manager) is no longer on the managers list"))
        }
        return .success(ApprovalRecord(manager: issued.manager, method: .card))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
