import Checkout
import PointsEngine

// The JSON bodies of the API, decoded strictly: unknown fields are refused (400, "is not a
// known field"), so a misspelt field never silently falls back to a default. Optional fields
// may be absent or null. Values are then checked against the checkout's `RequestRules`.

/// The body of `POST /v1/sales`: `saleId`, `amount`, `currency` required; `excluded` (default
/// none), `redemption` (`"none"`, `"maximum"` or points; default `"none"`), `waitSeconds` and
/// `member` (a member without their card, ``MemberBody``), `approval` (a manager's, for a
/// redemption over the limits) and `cashier` optional.
struct SaleBody: Decodable {
    var request: SaleRequest

    enum Keys: String, CodingKey, CaseIterable {
        case saleId, amount, currency, excluded, redemption, waitSeconds, member, approval, cashier
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: Keys.self)
        let saleId = try container.requiredString(.saleId)
        let amount = try container.requiredWholeNumber(.amount, problem: "must be a whole number of minor units")
        let currency = try container.requiredString(.currency)
        let excluded = try container.decodeIfPresent([ExcludedLineBody].self, forKey: .excluded)?.map(\.line) ?? []
        let redemption: RedemptionRequest
        do {
            redemption = try container.decodeIfPresent(RedemptionRequest.self, forKey: .redemption) ?? .none
        } catch {
            throw FieldProblemsError("redemption", "must be \"none\", \"maximum\" or a whole number of points")
        }
        let waitSeconds = try container.waitSeconds(.waitSeconds)
        request = SaleRequest(
            saleId: saleId, amount: amount, currency: currency, excluded: excluded, redemption: redemption,
            waitSeconds: waitSeconds, member: try container.decodeIfPresent(MemberBody.self, forKey: .member)?.reference,
            approval: try container.decodeIfPresent(ApprovalCredentialBody.self, forKey: .approval)?.credential,
            cashier: try container.decodeIfPresent(String.self, forKey: .cashier))
    }
}

/// One line of `excluded`: `kind` and `amount`, both required.
struct ExcludedLineBody: Decodable {
    var line: ExcludedAmount

    enum Keys: String, CodingKey, CaseIterable {
        case kind, amount
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: Keys.self)
        line = ExcludedAmount(
            kind: try container.requiredString(.kind),
            amount: try container.requiredWholeNumber(.amount, problem: "must be a whole number of minor units"))
    }
}

/// The body of `POST /v1/refunds`: `refundId`, `saleId` required; `amount` (the whole
/// remainder when absent), `waitSeconds`, `receipt` (the sale's receipt reference),
/// `withoutCard` (default false), `approval` (a manager's, for a refund without the receipt)
/// and `cashier` optional.
struct RefundBody: Decodable {
    var request: RefundRequest

    enum Keys: String, CodingKey, CaseIterable {
        case refundId, saleId, amount, waitSeconds, receipt, withoutCard, approval, cashier
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: Keys.self)
        request = RefundRequest(
            refundId: try container.requiredString(.refundId),
            saleId: try container.requiredString(.saleId),
            amount: try container.wholeNumber(.amount, problem: "must be a whole number of minor units"),
            waitSeconds: try container.waitSeconds(.waitSeconds),
            receipt: try container.decodeIfPresent(String.self, forKey: .receipt),
            withoutCard: try container.decodeIfPresent(Bool.self, forKey: .withoutCard) ?? false,
            approval: try container.decodeIfPresent(ApprovalCredentialBody.self, forKey: .approval)?.credential,
            cashier: try container.decodeIfPresent(String.self, forKey: .cashier))
    }
}

/// The body of `POST /v1/balance`: `waitSeconds` and `member` optional; `{}` or no body at all is fine.
struct BalanceBody: Decodable {
    var request: BalanceRequest

    enum Keys: String, CodingKey, CaseIterable {
        case waitSeconds, member
    }

    init(request: BalanceRequest) {
        self.request = request
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: Keys.self)
        request = BalanceRequest(
            waitSeconds: try container.waitSeconds(.waitSeconds),
            member: try container.decodeIfPresent(MemberBody.self, forKey: .member)?.reference)
    }
}

/// `member`: a member named without their card, by `phone` or by `memberId` (the code the
/// member shows); exactly one, which the checkout's rules check.
struct MemberBody: Decodable {
    var reference: MemberReference

    enum Keys: String, CodingKey, CaseIterable {
        case phone, memberId
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: Keys.self)
        reference = MemberReference(
            phone: try container.decodeIfPresent(String.self, forKey: .phone),
            memberId: try container.decodeIfPresent(String.self, forKey: .memberId))
    }
}

extension KeyedDecodingContainer {
    /// `waitSeconds`: absent, or a whole number (its range is the rules' business).
    func waitSeconds(_ key: Key) throws -> Int? {
        let problem = "must be a whole number of seconds"
        guard let seconds = try wholeNumber(key, problem: problem) else { return nil }
        guard let value = Int(exactly: seconds) else {
            throw FieldProblemsError(FieldPath.render(codingPath + [key]), problem)
        }
        return value
    }
}

/// The body of `POST /v1/enrolments`: `enrolmentId`, `phone`, `birthday` (`{"month", "day"}`),
/// `language`, `consents` required; `referrer` and `waitSeconds` optional.
struct EnrolmentBody: Decodable {
    var request: EnrolmentRequest

    enum Keys: String, CodingKey, CaseIterable {
        case enrolmentId, phone, birthday, language, consents, referrer, waitSeconds
    }

    struct Birthday: Decodable {
        var month: Int
        var day: Int

        enum Keys: String, CodingKey, CaseIterable {
            case month, day
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.strictContainer(keyedBy: Keys.self)
            let problem = "must be a whole number"
            month = Int(try container.requiredWholeNumber(.month, problem: problem))
            day = Int(try container.requiredWholeNumber(.day, problem: problem))
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: Keys.self)
        guard let birthday = try container.decodeIfPresent(Birthday.self, forKey: .birthday) else {
            throw FieldProblemsError("birthday", "is required: {\"month\": 1-12, \"day\": 1-31}")
        }
        guard let consents = try? container.decodeIfPresent([String].self, forKey: .consents) else {
            throw FieldProblemsError("consents", "is required: a list of consent codes, programme among them")
        }
        request = EnrolmentRequest(
            enrolmentId: try container.requiredString(.enrolmentId), phone: try container.requiredString(.phone),
            birthdayMonth: birthday.month, birthdayDay: birthday.day, language: try container.requiredString(.language),
            consents: consents, referrer: try container.decodeIfPresent(String.self, forKey: .referrer),
            waitSeconds: try container.waitSeconds(.waitSeconds))
    }
}
