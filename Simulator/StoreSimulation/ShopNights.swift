import CardProfile
import Crypto
import Foundation
import LedgerFormat
import PointsEngine
import StoreProcesses
import SyncProtocol

/// What the back office staff do between two shop days of a run over shop time: publish the
/// programme versions due (signed with the store's own programme key, in force from the day's
/// midnight), the event bonuses granted so far (the scenario's events), and once a week the
/// back office's settlement (`card settle`), which pays every referrer whose friend's first sale
/// reached it, as a points adjustment. Terminals get them by sync, as in a shop.
actor ShopNights {
    let shopTime: ShopTime
    let folder: String
    let keyID = "store-programmes"
    private let grantsDue: [PlannedGrant]
    /// Every grant so far, each member's numbered 1, 2, 3...: the grants document lists them all.
    private var grants: [BonusGrantsDocument.Grant] = []
    private var grantsPerMember: [String: UInt64] = [:]
    private var publishedGrants = 0
    /// A programme version published in the night, to be in force at every till before the
    /// day's first request.
    private var awaitedVersion: Int?
    private(set) var notes: [String] = []

    init(shopTime: ShopTime, folder: String, grants: [PlannedGrant]) {
        self.shopTime = shopTime
        self.folder = folder
        grantsDue = grants
    }

    var signingKeyPath: String { folder + "/programme-signing-key.json" }

    /// Makes the store's programme signing key with the back office's own command, and the first
    /// programme's signed file for the terminals' configuration; returns their `programme`
    /// section (the embedded demo when the scenario names no programme).
    func prepare(_ backOffice: StoreBackOffice) async throws -> String {
        guard let first = shopTime.programmes.sorted(by: { $0.day < $1.day }).first else { return #""embedded-demo""# }
        try? FileManager.default.removeItem(atPath: signingKeyPath)
        // The key is the programme's, not the database's: the command takes no --database.
        let made = try await ProcessRunner.run(
            BuiltProducts.executable("loyalty-backoffice"), ["publish", "signing-key", "--output", signingKeyPath, "--key-id", keyID])
        guard made.status == 0 else { throw StoreError("loyalty-backoffice publish signing-key failed: \(made.standardError)") }
        let trusted = made.standardOutput
        let key = try signingKey()
        let document = Array(try Data(contentsOf: URL(fileURLWithPath: first.file)))
        let signed = try SignedProgramme.sign(document: document, with: key, keyId: keyID)
        let path = folder + "/programme-day-\(first.day).signed.json"
        try JSONEncoder().encode(signed).write(to: URL(fileURLWithPath: path))
        try await publish(first, backOffice, effective: nil)
        return #"{ "file": "\#(path)", "trustedKeys": \#(trusted.trimmingCharacters(in: .whitespacesAndNewlines)) }"#
    }

    /// The night between day `from` and day `to`: what falls due on the days passed.
    func pass(from: Int, to: Int, backOffice: StoreBackOffice) async {
        let started = ContinuousClock.now
        defer {
            let took = ContinuousClock.now - started
            if took > .seconds(2) { notes.append("night before day \(to) took \(took)") }
        }
        do {
            for programme in shopTime.programmes.sorted(by: { $0.day < $1.day }) where (from + 1...to).contains(programme.day) {
                awaitedVersion = try await publish(programme, backOffice, effective: shopTime.midnight(ofDay: programme.day) * 1000)
            }
            for grant in grantsDue where (from + 1...to).contains(grant.day) { add(MemberCards.memberID(grant.member), kind: grant.kind) }
            // The back office pays referrers itself (points adjustments); settled once a week and
            // on the last night, as a back office without a document key on its server would be.
            if (from + 1...to).contains(where: { $0 % 7 == 0 }) || to == shopTime.days {
                _ = try await backOffice.command(["card", "settle", "--document-key", backOffice.documentKeyPath])
            }
            try await publishGrants(backOffice)
        } catch {
            notes.append("night before day \(to): \(error)")
        }
    }

    private func add(_ member: String, kind: String) {
        grantsPerMember[member, default: 0] += 1
        grants.append(BonusGrantsDocument.Grant(member: member, sequence: grantsPerMember[member]!, kind: kind))
    }

    private func publishGrants(_ backOffice: StoreBackOffice) async throws {
        guard grants.count > publishedGrants else { return }
        let path = folder + "/grants.json"
        try Data(BonusGrantsDocument(grants: grants).encoded()).write(to: URL(fileURLWithPath: path))
        try await backOffice.command(["publish", "bonuses", "--file", path, "--document-key", backOffice.documentKeyPath])
        publishedGrants = grants.count
    }

    @discardableResult
    private func publish(_ programme: ShopTime.ScheduledProgramme, _ backOffice: StoreBackOffice, effective: Int64?) async throws -> Int {
        let document = Array(try Data(contentsOf: URL(fileURLWithPath: programme.file)))
        let version = try Programme.decode(document).version
        try await backOffice.command(
            [
                "publish", "programme", "--file", programme.file, "--signing-key", signingKeyPath, "--document-key",
                backOffice.documentKeyPath,
            ]
                + (effective.map { ["--effective-at", String($0)] } ?? []))
        notes.append("programme version \(version) published for day \(programme.day)")
        return version
    }

    /// The morning of a day, its clock set: gives the tills up to 5 s to put the programme
    /// version published in the night in force (a till in sync does so within a second of its
    /// start time; one cut off takes it when it is back, and prices with the old one meanwhile).
    func morning(terminals: [StoreTerminal]) async {
        guard let version = awaitedVersion else { return }
        awaitedVersion = nil
        let deadline = ContinuousClock.now.advanced(by: .seconds(5))
        var late: [String] = []
        for terminal in terminals {
            while terminal.isRunning {
                let body = (try? await terminal.get("/health", timeout: .seconds(3)))?.body
                if let held = body?["programmeVersion"] as? Int, held >= version { break }
                guard ContinuousClock.now < deadline else {
                    late.append(terminal.name)
                    break
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        if !late.isEmpty {
            notes.append("programme version \(version) not yet in force at \(late.joined(separator: ", ")) when the day opened")
        }
    }

    private func signingKey() throws -> P256.Signing.PrivateKey {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: signingKeyPath))) as? [String: Any]
        guard let hex = object?["privateKey"] as? String, let raw = HexText.decode(hex) else {
            throw StoreError("\(signingKeyPath) holds no private key")
        }
        return try P256.Signing.PrivateKey(rawRepresentation: raw)
    }

}
