import ArgumentParser
import BackOfficeReports
import BackOfficeStorage
import Foundation
import SyncProtocol

/// `loyalty-backoffice card ...`: a member's cards. A card reported lost is blocked by its card
/// key id, so the member and their other cards go on; a replacement card carries the balance,
/// tier and qualifying spend the back office holds for the member (`docs/backoffice.md`,
/// "Lost cards and replacements").
struct CardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "Report a card lost, issue its replacement with the balance, show a card's life.",
        subcommands: [Lost.self, Replace.self, Status.self, Settle.self])

    struct Lost: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Block a lost or stolen card at every terminal (the signed block list), keeping the member.",
            discussion: """
                The card is named by its card key id (16 hex digits: 'loyalty-terminal read-card --json', the ledger's \
                'card', or 'card status --member'). Terminals refuse it from their next document download on; its taps \
                made offline before that still count for the member, and what it redeemed after this moment is shown as \
                exposure by 'card status'.
                """)
        @Option(help: "The lost card's key id.") var card: String
        @OptionGroup var documentKey: DocumentKeyOptions
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            let card = try CardArgument.keyID(card, option: "--card")
            let signer = try documentKey.signingKey()
            let outcome = try await withStore(database) { store in
                try await CardLife.block(card, key: signer, store: store)
            }
            print(outcome)
        }
    }

    struct Replace: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a replacement for a lost card: the new card starts from the member's state at its first tap.",
            discussion: """
                Blocks the lost card (if 'card lost' has not) and publishes a signed replacement notice for the new card \
                (its key id: 'loyalty-sim issuer personalise' prints it, 'loyalty-terminal read-card --json' reads it) \
                with the state the synced journals hold for the lost card: balance, tier, qualifying spend. The new \
                card must carry the same member id. Taps of the old card synced later are shown by 'card status' as \
                still to settle.
                """)
        @Option(help: "The lost card's key id.") var lost: String
        @Option(help: "The new card's key id.") var newCard: String
        @OptionGroup var documentKey: DocumentKeyOptions
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            let lost = try CardArgument.keyID(lost, option: "--lost")
            let newCard = try CardArgument.keyID(newCard, option: "--new-card")
            guard lost != newCard else { throw ValidationError("--new-card must be another card than --lost") }
            let signer = try documentKey.signingKey()
            let outcome = try await withStore(database) { store in
                try await CardLife.replace(lost, with: newCard, key: signer, store: store, at: nowMilliseconds())
            }
            print(outcome)
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A card's life: active, lost or replaced; its balance; its exposure after it was reported lost.",
            discussion: "JSON on standard output (docs/backoffice.md, \"Lost cards and replacements\").")
        @Option(help: "The card's key id.") var card: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let card = try CardArgument.keyID(card, option: "--card")
            let status = try await withStore(database) { store in try await CardLife.status(of: card, store: store) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
        }
    }
}

extension CardCommand {
    struct Settle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Settle onto replaced cards' members what their replacements do not carry (a signed points adjustment each).",
            discussion: """
                The lost card's taps synced after its replacement was issued, and the carried balance of a replacement \
                first tapped where its notice had not arrived, each once; and the purchases made without the card, \
                which the back office numbers as it stores them. 'serve --document-key' does this by itself \
                every --settle-interval seconds.
                """)
        @OptionGroup var documentKey: DocumentKeyOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let signer = try documentKey.signingKey()
            let added = try await withStore(database) { store in try await CardLife.settle(key: signer, store: store) }
            for adjustment in added {
                print(
                    "\(adjustment.member) #\(adjustment.sequence): \(adjustment.points) points (\(adjustment.reference)): \(adjustment.reason)"
                )
            }
            print("\(added.count) adjustments published")
        }
    }
}

enum CardArgument {
    static func keyID(_ text: String, option: String) throws -> String {
        guard let key = CardKeyID.normalised(text) else {
            throw ValidationError("\(option): \(text) is not a card key id (16 hex digits, as the ledger's 'card')")
        }
        return key
    }
}
