import Foundation

/// A whole-store scenario: the store, its traffic and the faults to inject, read from a JSON
/// file (`docs/scenarios.md` describes every field; `scenarios/` holds examples).
public struct Scenario: Codable, Sendable, Equatable {
    /// A name for the report.
    public var name: String
    /// What the scenario exercises, in words.
    public var description: String?
    /// The seed of everything drawn at random: the same seed gives the same scenario.
    public var seed: UInt64
    /// Terminal processes, each with its own virtual reader (1 ... ``TerminalPCSCDaemon/maximum``).
    public var terminals: Int
    /// Members, each with a personalised card.
    public var members: Int
    /// POS requests to make across the store.
    public var transactions: Int
    /// Relative weights of the kinds of request.
    public var mix: Mix
    /// Bill amounts, in the programme's minor units (the demo programme: VND).
    public var saleAmount: AmountRange
    /// Each terminal's journal size (`"256K"`, `"1M"`): small journals wrap, and fill in an outage.
    public var journalSize: String
    /// `sqlite` (a file in the work folder) or `postgres` (a database on a PostgreSQL server).
    public var backOffice: BackOfficeKind
    /// Faults at given moments.
    public var faults: [Fault]
    /// Faults drawn at random, per request.
    public var randomFaults: RandomFaults
    /// Weeks or months of shop time (absent: the run happens now, on the system's clock).
    public var shopTime: ShopTime?
    /// Cards lost and replaced, purchases without the card (absent: none).
    public var memberLife: MemberLife?
    /// Refunds of any earlier sale at any till, with the receipt or without the card (absent:
    /// each refund is of one of the member's last three sales, at the till that made it).
    public var refunds: RefundDraws?

    public struct Mix: Codable, Sendable, Equatable {
        public var sale: Int
        /// Sales that also redeem points (as many as the programme allows).
        public var redemption: Int
        /// Refunds (whole or part) of a sale the member made earlier (at the same terminal unless
        /// ``Scenario/refunds`` says otherwise).
        public var refund: Int
        /// Balance enquiries (a tap without a sale).
        public var balance: Int

        public init(sale: Int = 70, redemption: Int = 10, refund: Int = 10, balance: Int = 10) {
            self.sale = sale
            self.redemption = redemption
            self.refund = refund
            self.balance = balance
        }

        var total: Int { sale + redemption + refund + balance }
    }

    public struct AmountRange: Codable, Sendable, Equatable {
        public var minimum: Int64
        public var maximum: Int64

        public init(minimum: Int64 = 20_000, maximum: Int64 = 1_500_000) {
            self.minimum = minimum
            self.maximum = maximum
        }
    }

    public enum BackOfficeKind: String, Codable, Sendable {
        case sqlite, postgres
    }

    /// One fault, fired when the store has made `at` of its requests (0.25: a quarter).
    public struct Fault: Codable, Sendable, Equatable {
        public var kind: FaultKind
        /// When; left out, the seed draws it (between 5 % and 90 % of the requests).
        public var at: Double?
        /// The terminal it hits (0-based), for the kinds that hit one; left out, the seed draws it.
        public var terminal: Int?
        /// How long (`outage`), or how far the clock is off (`clock-drift`).
        public var seconds: Double?
        /// Over shop time, how many shop days an `outage` lasts (instead of `seconds`).
        public var days: Int?

        public init(kind: FaultKind, at: Double?, terminal: Int? = nil, seconds: Double? = nil, days: Int? = nil) {
            self.kind = kind
            self.at = at
            self.terminal = terminal
            self.seconds = seconds
            self.days = days
        }
    }

    public enum FaultKind: String, Codable, Sendable, CaseIterable {
        /// The terminal's network to the back office is down for `seconds`.
        case outage
        /// The back office is killed (SIGKILL) and started again.
        case backOfficeRestart = "backoffice-restart"
        /// The terminal loses power (SIGKILL) and starts again.
        case powerCut = "power-cut"
        /// The terminal's next card leaves the reader in the middle of a command.
        case cardPulled = "card-pulled"
        /// The terminal is cut off until its journal is full and sales are refused, then reconnected.
        case journalFull = "journal-full"
        /// The terminal restarts with its clock `seconds` off.
        case clockDrift = "clock-drift"
        /// A member's card is reported stolen: the back office blocks it.
        case blockedCard = "blocked-card"
        /// A member's card is copied; the copy is used at another terminal.
        case copiedCard = "copied-card"
        /// A member's card storage is saved now and written back after their next taps.
        case rolledBackCard = "rolled-back-card"
    }

    public struct RandomFaults: Codable, Sendable, Equatable {
        /// The chance that a tap's card leaves mid-command.
        public var cardPulled: Double

        public init(cardPulled: Double = 0) { self.cardPulled = cardPulled }
    }
}

extension Scenario {
    private enum CodingKeys: String, CodingKey {
        case name, description, seed, terminals, members, transactions, mix, saleAmount, journalSize, backOffice, faults, randomFaults
        case shopTime, memberLife, refunds
    }

    /// Reads a scenario; fields left out take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
        terminals = try c.decodeIfPresent(Int.self, forKey: .terminals) ?? 2
        members = try c.decodeIfPresent(Int.self, forKey: .members) ?? 20
        transactions = try c.decodeIfPresent(Int.self, forKey: .transactions) ?? 200
        mix = try c.decodeIfPresent(Mix.self, forKey: .mix) ?? Mix()
        saleAmount = try c.decodeIfPresent(AmountRange.self, forKey: .saleAmount) ?? AmountRange()
        journalSize = try c.decodeIfPresent(String.self, forKey: .journalSize) ?? "1M"
        backOffice = try c.decodeIfPresent(BackOfficeKind.self, forKey: .backOffice) ?? .sqlite
        faults = try c.decodeIfPresent([Fault].self, forKey: .faults) ?? []
        randomFaults = try c.decodeIfPresent(RandomFaults.self, forKey: .randomFaults) ?? RandomFaults()
        shopTime = try c.decodeIfPresent(ShopTime.self, forKey: .shopTime)
        memberLife = try c.decodeIfPresent(MemberLife.self, forKey: .memberLife)
        refunds = try c.decodeIfPresent(RefundDraws.self, forKey: .refunds)
    }

    /// Reads and checks the scenario file at `path`.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ScenarioError(["\(path) cannot be read: \(error.localizedDescription)"])
        }
        var scenario: Scenario
        do {
            scenario = try JSONDecoder().decode(Scenario.self, from: data)
        } catch {
            throw ScenarioError(["\(path) is not a scenario: \(error)"])
        }
        // Programme files are found beside the scenario file.
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var problems = scenario.problems
        for index in scenario.shopTime?.programmes.indices ?? 0..<0 {
            let file = scenario.shopTime!.programmes[index].file
            let resolved = file.hasPrefix("/") ? file : folder.appendingPathComponent(file).path
            scenario.shopTime!.programmes[index].file = resolved
            if !FileManager.default.fileExists(atPath: resolved) {
                problems.append("shopTime.programmes[\(index)]: \(file) does not exist (looked for \(resolved))")
            }
        }
        guard problems.isEmpty else { throw ScenarioError(problems.map { "\(path): \($0)" }) }
        return scenario
    }

    /// Everything wrong with the scenario; empty when it can run.
    public var problems: [String] {
        var problems: [String] = []
        if !(1...TerminalPCSCDaemon.maximum).contains(terminals) {
            problems.append(
                "terminals must be 1 ... \(TerminalPCSCDaemon.maximum) (each has its own pcscd and virtual reader), not \(terminals)")
        }
        if !(1...1_000_000).contains(members) { problems.append("members must be 1 ... 1000000, not \(members)") }
        if !(1...10_000_000).contains(transactions) { problems.append("transactions must be 1 ... 10000000, not \(transactions)") }
        if [mix.sale, mix.redemption, mix.refund, mix.balance].contains(where: { $0 < 0 }) || mix.total == 0 {
            problems.append("mix weights must be 0 or more, and not all 0")
        }
        if saleAmount.minimum < 1 || saleAmount.maximum < saleAmount.minimum {
            problems.append("saleAmount needs 1 <= minimum <= maximum")
        }
        if journalBytes == nil { problems.append("journalSize \(journalSize) is not a size like 256K or 1M (64K ... 1G)") }
        for (index, fault) in faults.enumerated() {
            let name = "faults[\(index)] (\(fault.kind.rawValue))"
            if let at = fault.at, !(0...1).contains(at) { problems.append("\(name): at must be 0 ... 1 (a share of the requests made)") }
            if let terminal = fault.terminal, !(0..<terminals).contains(terminal) {
                problems.append("\(name): terminal \(terminal) is not 0 ... \(terminals - 1)")
            }
            if fault.kind == .clockDrift, fault.seconds == nil { problems.append("\(name): seconds is required") }
            if fault.kind == .outage {
                switch (fault.seconds, fault.days) {
                case (nil, nil): problems.append("\(name): seconds is required (or, over shop time, days)")
                case (.some, .some): problems.append("\(name): seconds or days, not both")
                case (nil, .some(let days)):
                    if shopTime == nil { problems.append("\(name): days needs shopTime (without it, give seconds)") }
                    if !(1...365).contains(days) { problems.append("\(name): an outage lasts 1 ... 365 shop days") }
                case (.some, nil): break
                }
            }
            if fault.kind != .outage, fault.days != nil { problems.append("\(name): days is for outages only") }
            if fault.kind == .outage, let seconds = fault.seconds, !(0.1...3600).contains(seconds) {
                problems.append("\(name): an outage lasts 0.1 ... 3600 seconds")
            }
            if fault.kind == .clockDrift, let seconds = fault.seconds, abs(seconds) > 86_400 {
                problems.append("\(name): a clock drifts at most a day")
            }
            if fault.kind == .copiedCard && terminals < 2 { problems.append("\(name): a copied card needs a second terminal") }
        }
        if !(0...0.5).contains(randomFaults.cardPulled) { problems.append("randomFaults.cardPulled must be 0 ... 0.5") }
        if let shopTime {
            problems += shopTime.problems
            if shopTime.days > transactions { problems.append("shopTime.days (\(shopTime.days)) is more than the transactions") }
        }
        if let memberLife {
            problems += memberLife.problems(terminals: terminals, members: members)
            // The checks over shop time read card taps only: card-less sales and replacement
            // cards are not in their recomputation yet.
            if shopTime != nil { problems.append("memberLife is not played over shopTime yet: leave one of the two out") }
        }
        problems += refunds?.problems ?? []
        return problems
    }

    /// The journal size in bytes, or nil when ``journalSize`` cannot be read.
    public var journalBytes: Int? {
        let text = journalSize.uppercased()
        let units: [(String, Int)] = [("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)]
        var bytes = Int(text)
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            bytes = Int(text.dropLast()).map { $0 * factor }
        }
        guard let bytes, (64 << 10)...(1 << 30) ~= bytes else { return nil }
        return bytes
    }
}

extension Scenario.FaultKind {
    /// Whether the fault names a terminal.
    var hitsTerminal: Bool {
        switch self {
        case .outage, .powerCut, .cardPulled, .journalFull, .clockDrift: true
        case .backOfficeRestart, .blockedCard, .copiedCard, .rolledBackCard: false
        }
    }
}

/// Why a scenario cannot run.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    init(_ problems: [String]) { self.problems = problems }
    public var description: String { problems.joined(separator: "\n") }
}
