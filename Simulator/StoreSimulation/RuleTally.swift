import LedgerFormat
import PointsEngine

/// How many times each rule of `docs/programme.md` fired in a run, read from the ledger the back
/// office holds: the receipt lines, tier changes and redemption outcomes of the journaled
/// answers, and the checkout's own records (voids, carried-forward states).
struct RuleTally: Sendable {
    /// Every rule the tally knows, in the document's order, with its count (0: never fired).
    let counts: [(rule: String, count: Int)]

    /// The rules a run over shop time must see fire at least once. The refund policies are
    /// alternatives: a run sees both only when a programme version changes the policy.
    static let rules: [(name: String, fired: @Sendable (LedgerEntry) -> Int)] = [
        ("earning by bill value", { lines($0, .earning) { !$0.text.hasPrefix("Below") && !$0.text.hasPrefix("Not earning") } }),
        ("below the minimum bill", { lines($0, .earning) { $0.text.hasPrefix("Below the minimum bill") } }),
        ("excluded kinds", { lines($0, .earning) { $0.text.hasPrefix("Not earning on") } }),
        ("tier multiplier", { lines($0, .tierMultiplier) }),
        ("visit points", { lines($0, .visit) }),
        ("tier discount", { lines($0, .tierDiscount) }),
        ("tier upgrade", { $0.answer?.tierChange?.kind == .upgrade ? 1 : 0 }),
        ("tier review lowers the tier", { $0.answer?.tierChange?.kind == .downgrade ? 1 : 0 }),
        ("monthly gift", { lines($0, .monthlyGift) }),
        ("birthday", { lines($0, .birthday) }),
        ("referral: the friend's welcome", { lines($0, .referral) { $0.points > 0 } }),
        ("referral: the referrer's reward", { lines($0, .adjustment) { $0.text.hasPrefix("Thank you for referring") } }),
        ("win-back", { lines($0, .winBack) }),
        ("event bonus", { lines($0, .event) { !$0.text.hasPrefix("Thank you for referring") } }),
        ("redemption", { lines($0, .redemption) { $0.points < 0 } }),
        ("redemption capped by the balance", { redemption($0, contains: "limited by balance") }),
        ("redemption capped by the bill share", { redemption($0, contains: "% of the bill") }),
        ("redemption refused below the minimum", { redemption($0, contains: "refused: below the minimum") }),
        ("offline limit per transaction", { redemption($0, contains: "per transaction") }),
        ("offline limit per day", { redemption($0, contains: "per day") }),
        ("offline limit of redemptions in a row", { redemption($0, contains: "in a row") }),
        // "refused: terminal last synced ... ago", "... never synced", "limited by time since last sync".
        ("offline limit on time since sync", { redemption($0, contains: "sync") }),
        ("refund takes points back", { $0.kind == .refund ? lines($0, .refund) { $0.points < 0 } : 0 }),
        ("refund gives redeemed points back", { $0.kind == .refund ? lines($0, .refund) { $0.points > 0 } : 0 }),
        ("debt carried", { lines($0, .debt) { $0.text.contains("owed, paid off") } }),
        ("debt paid off", { lines($0, .debt) { $0.text.hasPrefix("Paid off") } }),
        ("debt written off", { lines($0, .debt) { $0.text.contains("written off") } }),
        ("expiry", { lines($0, .expiry) }),
        ("a UID-only card", { $0.kind != .void && $0.trust == "uid-only" ? 1 : 0 }),
        ("offline limit of a UID-only card", { redemption($0, contains: "(UID-only card)") }),
        ("a void", { $0.kind == .void ? 1 : 0 }),
        ("a state carried forward", { $0.carriedForward.isEmpty ? 0 : 1 }),
    ]

    init(entries: [LedgerEntry]) {
        counts = Self.rules.map { rule in (rule.name, entries.reduce(0) { $0 + rule.fired($1) }) }
    }

    /// The checkout's own records, counted beside the programme's rules: they come from faults
    /// (a power cut in the middle of a tap), not from the programme.
    static let checkoutRecords: Set<String> = ["a void", "a state carried forward"]

    /// The programme's rules that never fired.
    var neverFired: [String] { counts.filter { $0.count == 0 && !Self.checkoutRecords.contains($0.rule) }.map(\.rule) }

    private static func lines(_ entry: LedgerEntry, _ rule: RuleID, where matches: (ExplanationLine) -> Bool = { _ in true }) -> Int {
        guard entry.kind != .void else { return 0 }
        return entry.answer?.lines.filter { $0.rule == rule && matches($0) }.count ?? 0
    }

    private static func redemption(_ entry: LedgerEntry, contains text: String) -> Int {
        entry.kind != .void && entry.answer?.redemption?.contains(text) == true ? 1 : 0
    }
}
