import BackOfficeReports
import BackOfficeStorage
import Foundation
import LedgerFormat
import PointsEngine
import SyncProtocol

extension ConsolePage {
    /// `/console/members` (auditor): find a member by member id, card (key id or `uid:HEX`) or
    /// phone; one match goes to the member's page.
    public static let members = ConsolePage(
        path: "/console/members", role: .auditor, title: "Members", template: ConsoleTemplates.members
    ) { request in
        let query = (request.query["q"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else { return .view(MembersView(query: "", searched: false)) }
        try await MemberProjection(store: request.store).catchUp()
        if let member = try await MemberSearch.find(query, store: request.store) {
            return .redirect("/console/members/" + MemberSearch.pathSegment(member))
        }
        return .view(MembersView(query: query, searched: true))
    }

    /// `/console/members/:member` (auditor; forms: support): one member's balance, tier and its
    /// history, cards, transactions, referrals and consents; support blocks a lost card,
    /// records a consent withdrawn, or erases the member's personal details (audited).
    public static let member = ConsolePage(
        path: "/console/members/:member", role: .auditor, title: "Member", template: ConsoleTemplates.member, inNavigation: false,
        postRole: .support,
        get: { request in
            let id = request.parameter("member") ?? ""
            try await MemberProjection(store: request.store).catchUp()
            guard let record = try await MemberRecord.load(id, store: request.store) else {
                return .refused(status: 404, message: "The back office knows no member \(id).")
            }
            return .view(MemberView(record, request: request, currency: try await programmeCurrency(store: request.store)))
        },
        post: { request in try await MemberActs.post(request) })

    /// `/console/members/:member/export` (support): everything held about the member as a
    /// readable page, or with `?download=1` as the JSON file; each an audited export.
    public static let memberExport = ConsolePage(
        path: "/console/members/:member/export", role: .support, title: "Member export", template: ConsoleTemplates.memberExport,
        inNavigation: false
    ) { request in
        let id = request.parameter("member") ?? ""
        try await MemberProjection(store: request.store).catchUp()
        guard let export = try await MemberExport.make(id, store: request.store, at: request.now) else {
            return .refused(status: 404, message: "The back office knows no member \(id).")
        }
        let download = request.query["download"] == "1"
        try await request.audit(
            action: "member.export", subject: "member \(id)",
            detail: ["form": download ? "json" : "page", "entries": String(export.ledger.count)])
        let json = try export.encoded()
        if download {
            return .download(filename: "member-\(MemberSearch.fileName(id)).json", contentType: "application/json", body: Array(json))
        }
        return .view(MemberExportView(member: id, path: MemberSearch.pathSegment(id), json: String(decoding: json, as: UTF8.self)))
    }
}

/// Finding a member from what staff type (the console's search, `loyalty-backoffice member show`).
public enum MemberSearch {
    /// The member named by `text`: a member id, a card (key id or `uid:HEX`) or a phone number.
    public static func find(_ text: String, store: any LedgerStore) async throws -> String? {
        if try await store.member(text) != nil { return text }
        if try await !store.transactions(of: text).isEmpty { return text }
        if let card = CardKeyID.normalised(text) ?? (text.lowercased().hasPrefix("uid:") ? "uid:" + text.dropFirst(4).uppercased() : nil) {
            if let member = try await store.memberIDs(card: card).first { return member }
            if card.hasPrefix("uid:"), try await store.member(card) != nil { return card }
            let notices = try await MemberRecord.whole(.replacements, store: store).flatMap { try? ReplacementNoticesDocument.decode($0) }
            if let notice = notices?.notices.first(where: { $0.card == card || $0.replaces == card }) { return notice.member }
        }
        if let phone = PhoneNumber.normalised(text), let member = try await store.member(phone: phone) { return member.member }
        return nil
    }

    static func pathSegment(_ member: String) -> String {
        member.addingPercentEncoding(withAllowedCharacters: CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#")))
            ?? member
    }

    static func fileName(_ member: String) -> String {
        String(member.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
    }
}

/// The member page's forms.
enum MemberActs {
    static func post(_ request: ConsoleRequest) async throws -> ConsoleAnswer {
        let id = request.parameter("member") ?? ""
        let reason = (request.field("reason") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let back = "/console/members/" + MemberSearch.pathSegment(id)
        guard !reason.isEmpty else { return .refused(status: 400, message: "Give the reason (or the request's reference).") }
        try await MemberProjection(store: request.store).catchUp()
        guard try await MemberRecord.load(id, store: request.store) != nil else {
            return .refused(status: 404, message: "The back office knows no member \(id).")
        }
        switch request.field("action") {
        case "block-card":
            guard let card = request.field("card").flatMap(CardKeyID.normalised) else {
                return .refused(status: 400, message: "Choose a card (its key id).")
            }
            guard let actions = request.options.actions else { return .refused(status: 503, message: "This server cannot block cards.") }
            let done = try await actions.blockCard(card, actor: request.user.name, reason: reason)
            return .redirect(back + "?done=" + Self.query(done))
        case "withdraw-consent":
            guard let code = request.field("code"), EnrolmentDetails.consentCodes.contains(code) else {
                return .refused(status: 400, message: "Choose a consent.")
            }
            try await request.store.recordConsent(
                ConsentEvent(
                    member: id, code: code, given: false, at: request.now, how: "console user \(request.user.name)", reason: reason))
            try await request.audit(action: "member.consent.withdraw", subject: "member \(id)", reason: reason, detail: ["code": code])
            return .redirect(back + "?done=" + Self.query("consent \(code) withdrawn"))
        case "erase":
            guard request.field("confirm") == id else {
                return .refused(status: 400, message: "Type the member id (\(id)) to confirm the erasure.")
            }
            guard let actions = request.options.actions else { return .refused(status: 503, message: "This server cannot erase members.") }
            let done = try await actions.eraseMember(id, actor: request.user.name, reason: reason)
            return .redirect(back + "?done=" + Self.query(done))
        default:
            return .refused(status: 400, message: "The form names no known action.")
        }
    }

    static func query(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }
}

/// What the search page shows.
struct MembersView: Sendable {
    var query: String
    var searched: Bool
}

/// What a member's page shows.
struct MemberView: Sendable {
    struct Transaction: Sendable {
        var time: String
        var terminal: String
        var sequence: String
        var kind: String
        var card: String
        var amount: String
        var points: String
        var balance: String
        var tier: String
        var lines: [String]
        var notes: [String]
    }

    struct Card: Sendable {
        var card: String
        var state: String
        var replacedBy: String
        var replaces: String
        var transactions: Int
        var active: Bool
    }

    struct Consent: Sendable {
        var code: String
        var state: String
        var given: Bool
        var history: [String]
    }

    struct Field: Sendable {
        var name: String
        var value: String
    }

    var member: String
    var path: String
    var erased: Bool
    var erasure: String
    var details: [Field]
    var hasDetails: Bool
    var balance: String
    var tier: String
    var tierHistory: [String]
    var cards: [Card]
    var transactions: [Transaction]
    var adjustments: [String]
    var referredBy: String
    var referred: String
    var consents: [Consent]
    var mayAct: Bool
    var notice: String
    var hasNotice: Bool

    /// Money in `currency` as its country writes it (`Currency.display`).
    init(_ record: MemberRecord, request: ConsoleRequest, currency: Currency) {
        member = record.member
        path = MemberSearch.pathSegment(record.member)
        erased = record.erasure != nil
        erasure = record.erasure.map { "Personal details erased on \(request.time($0.at)) by \($0.by): \($0.reason)" } ?? ""
        var fields: [Field] = []
        if let details = record.details {
            if let phone = details.phone { fields.append(Field(name: "Phone", value: phone)) }
            if let month = details.birthdayMonth, let day = details.birthdayDay {
                fields.append(Field(name: "Birthday", value: "\(day)/\(month)"))
            }
            if let language = details.language { fields.append(Field(name: "Language", value: language)) }
        }
        details = fields
        hasDetails = !fields.isEmpty
        balance = record.balance.map { "\($0) points" } ?? "not known"
        tier = record.tier ?? "not known"
        tierHistory = record.tierHistory.map { "\($0.tier) from \(request.time($0.time * 1000)) (terminal \($0.terminal) #\($0.sequence))" }
        cards = record.cards.map {
            Card(
                card: $0.card, state: $0.state, replacedBy: $0.replacedBy ?? "", replaces: $0.replaces ?? "", transactions: $0.transactions,
                active: $0.state == "active" && CardKeyID.isValid($0.card))
        }
        transactions = record.transactions.reversed().map { row in
            Transaction(
                time: request.time(row.time * 1000), terminal: String(row.terminal), sequence: String(row.sequence), kind: row.kind,
                card: row.card ?? "", amount: row.amount.map { currency.display($0) } ?? "",
                points: row.pointsNet.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "",
                balance: row.balanceAfter.map(String.init) ?? "", tier: row.tierAfter ?? "", lines: row.lines, notes: row.notes)
        }
        adjustments = record.adjustments.map { "#\($0.sequence): \($0.points) points, \($0.reason) (\($0.reference))" }
        referredBy = record.referredBy ?? "nobody"
        referred = record.referred.isEmpty ? "nobody" : record.referred.joined(separator: ", ")
        consents = record.consents.map { consent in
            Consent(
                code: consent.code, state: consent.given ? "given" : "withdrawn", given: consent.given,
                history: consent.history.map {
                    "\($0.given ? "given" : "withdrawn") \(request.time($0.at)), \($0.how)" + ($0.reason.map { ": \($0)" } ?? "")
                })
        }
        mayAct = request.user.role.allows(.support)
        notice = request.query["done"] ?? ""
        hasNotice = !notice.isEmpty
    }
}

/// What the export page shows.
struct MemberExportView: Sendable {
    var member: String
    var path: String
    var json: String
}
