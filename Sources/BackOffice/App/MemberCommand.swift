import ArgumentParser
import BackOfficeConsole
import BackOfficeReports
import Foundation

/// `loyalty-backoffice member ...`: one member as the back office holds them, and privacy
/// requests (`docs/privacy.md`): export, erasure, a consent withdrawn.
struct MemberCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member",
        abstract: "Show a member; serve privacy requests: export their data, erase their personal details, record a consent withdrawn.",
        subcommands: [Show.self, Export.self, Erase.self, Consent.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A member's balance, tier, cards, transactions, referrals and consents (JSON).",
            discussion: "The member is found by member id, card (key id or uid:HEX) or phone number.")
        @Argument(help: "Member id, card or phone.") var query: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let record = try await withStore(database) { store in
                try await MemberPrivacy.catchUp(store)
                guard let member = try await MemberSearch.find(query.trimmingCharacters(in: .whitespaces), store: store) else {
                    throw BackOfficeFailure("no member matches \(query)")
                }
                return try await MemberRecord.load(member, store: store)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(record), as: UTF8.self))
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write everything the back office holds about a member to one JSON file (a privacy request's export).",
            discussion: "The file is readable by its owner only (0600): it holds personal data.")
        @Argument(help: "The member id.") var member: String
        @Option(help: "The file to write.") var output: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let export = try await withStore(database) { store in
                try await MemberPrivacy.export(member, store: store, at: nowMilliseconds())
            }
            try MemberExportFile.write(try export.encoded(), to: output)
            print(
                "member \(member): \(export.ledger.count) ledger entries, \(export.record.cards.count) cards, "
                    + "\(export.record.consents.count) consents written to \(output)")
        }
    }

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a member's personal details (phone, birthday, language, enrolment details); the ledger keeps the member id.",
            discussion: """
                The books still balance under the pseudonymous member id; consents stay as a record of what was given and \
                withdrawn. With --document-key the block list is published with the member among the erased, so terminals \
                refuse their cards with member-erased; without it, at the next block list publication. The phone is free \
                for a new enrolment at once.
                """)
        @Argument(help: "The member id.") var member: String
        @Option(help: "Why (the request's reference).") var reason: String
        @OptionGroup var documentKey: DocumentKeyOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must not be empty") }
        }

        func run() async throws {
            let key = try documentKey.signingKeyIfGiven()
            let outcome = try await withStore(database) { store in
                try await AuditTrail.$current.withValue(AuditTrail(actor: AuditTrail.commandLineActor(), reason: reason)) {
                    try await MemberPrivacy.erase(
                        member, reason: reason, by: AuditTrail.commandLineActor(), key: key, store: store, at: nowMilliseconds())
                }
            }
            print(outcome)
        }
    }

    struct Consent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record consents withdrawn.", subcommands: [Withdraw.self])

        struct Withdraw: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record that a member withdrew a consent (when, how: cli and the Unix user, why).")
            @Argument(help: "The member id.") var member: String
            @Argument(help: "The consent code: programme, marketing-sms, marketing-email, profiling.") var code: String
            @Option(help: "Why, or the request's reference.") var reason: String
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                let outcome = try await withStore(database) { store in
                    try await AuditTrail.$current.withValue(AuditTrail(actor: AuditTrail.commandLineActor(), reason: reason)) {
                        try await MemberPrivacy.withdrawConsent(
                            code, of: member, reason: reason, how: AuditTrail.commandLineActor(), store: store, at: nowMilliseconds())
                    }
                }
                print(outcome)
            }
        }
    }
}

/// Writes an export: created readable by its owner only (it holds personal data), replaced whole.
enum MemberExportFile {
    static func write(_ data: Data, to path: String) throws {
        let temporary = path + ".part"
        unlink(temporary)
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw BackOfficeFailure("cannot write \(temporary)")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw BackOfficeFailure("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
