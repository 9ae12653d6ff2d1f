import ArgumentParser
import CardProfile

extension IssuerCommand {
    struct BlankCard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "blank-card", abstract: "Make a blank card image, as at manufacture: a fresh card key pair and a UID, no record.")
        @Option(help: "Where to write the card image.") var out: String
        @Option(help: "The card's UID in hex (4, 7 or 10 bytes).") var uid: String = "08112233"

        func validate() throws {
            guard BlankCard.uidBytes(uid) != nil else {
                throw ValidationError("--uid must be 4, 7 or 10 bytes of hex, e.g. 04A1B2C3D4E5F6 (got '\(uid)')")
            }
        }

        func run() throws {
            guard let uidBytes = BlankCard.uidBytes(uid) else { throw ValidationError("--uid is not valid") }
            try CardImageFile(path: out).write(CardImage.blank(uid: uidBytes))
            print("blank card image written to \(out)")
        }

        /// The UID, if it is 4, 7 or 10 bytes of hex.
        static func uidBytes(_ text: String) -> [UInt8]? {
            HexText.decode(text.lowercased()).flatMap { [4, 7, 10].contains($0.count) ? $0 : nil }
        }
    }
}
