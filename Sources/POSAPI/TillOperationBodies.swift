import Checkout

// The bodies of the till operations: adjustments, reversals, approval taps. Decoded strictly,
// like the others (`RequestBodies.swift`); values are then checked by the checkout's rules.

/// The body of `POST /v1/adjustments`: `adjustmentId`, `points`, `reason`, `cashier` required;
/// `approval` (``ApprovalCredentialBody``) and `waitSeconds` optional.
struct AdjustmentBody: Decodable {
    var request: AdjustmentRequest

    enum Keys: String, CodingKey, CaseIterable {
        case adjustmentId, points, reason, cashier, approval, waitSeconds
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: Keys.self)
        request = AdjustmentRequest(
            adjustmentId: try container.requiredString(.adjustmentId),
            points: try container.requiredWholeNumber(.points, problem: "must be a whole number of points"),
            reason: try container.requiredString(.reason), cashier: try container.requiredString(.cashier),
            approval: try container.decodeIfPresent(ApprovalCredentialBody.self, forKey: .approval)?.credential,
            waitSeconds: try container.waitSeconds(.waitSeconds))
    }
}

/// The body of `POST /v1/reversals`: `reversalId`, `transactionId`, `reason`, `cashier`
/// required; `approval` and `waitSeconds` optional.
struct ReversalBody: Decodable {
    var request: ReversalRequest

    enum Keys: String, CodingKey, CaseIterable {
        case reversalId, transactionId, reason, cashier, approval, waitSeconds
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: Keys.self)
        request = ReversalRequest(
            reversalId: try container.requiredString(.reversalId), transactionId: try container.requiredString(.transactionId),
            reason: try container.requiredString(.reason), cashier: try container.requiredString(.cashier),
            approval: try container.decodeIfPresent(ApprovalCredentialBody.self, forKey: .approval)?.credential,
            waitSeconds: try container.waitSeconds(.waitSeconds))
    }
}

/// The body of `POST /v1/approvals`: `cashier` required, `waitSeconds` optional.
struct ApprovalBody: Decodable {
    var request: ApprovalRequest

    enum Keys: String, CodingKey, CaseIterable {
        case cashier, waitSeconds
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: Keys.self)
        request = ApprovalRequest(cashier: try container.requiredString(.cashier), waitSeconds: try container.waitSeconds(.waitSeconds))
    }
}

/// `approval`: `{"manager": id, "pin": digits}` or `{"token": token}`, nothing else.
struct ApprovalCredentialBody: Decodable {
    var credential: ManagerCredential

    enum Keys: String, CodingKey, CaseIterable {
        case manager, pin, token
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: Keys.self)
        let manager = try container.decodeIfPresent(String.self, forKey: .manager)
        let pin = try container.decodeIfPresent(String.self, forKey: .pin)
        let token = try container.decodeIfPresent(String.self, forKey: .token)
        switch (manager, pin, token) {
        case (let manager?, let pin?, nil): credential = .pin(manager: manager, pin: pin)
        case (nil, nil, let token?): credential = .token(token)
        default:
            throw FieldProblemsError(FieldPath.render(container.codingPath), "must be {\"manager\", \"pin\"} or {\"token\"}")
        }
    }
}
