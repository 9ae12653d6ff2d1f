import Foundation

/// The card-image file: one ``CardImage`` per file, replaced atomically (``OwnerOnlyFile``):
/// the file holds the old image or the new one, never a mix. This is the simulated card's
/// anti-tearing (a real card writes a second slot and flips a committed marker last).
public struct CardImageFile: Sendable {
    /// The steps of a write, for tearing tests (``OwnerOnlyFile/WriteStep``).
    public typealias WriteStep = OwnerOnlyFile.WriteStep
    public typealias Failure = OwnerOnlyFile.Failure

    public let path: String

    public init(path: String) { self.path = path }

    /// Reads and parses the image; refused when others may access the file (it holds the card's keys).
    public func read() throws -> CardImage {
        try OwnerOnlyFile.checkPrivate(path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try CardImage(bytes: Array(data))
    }

    /// Replaces the image atomically; `hook` may stop the write before a step (tearing tests).
    public func write(_ image: CardImage, hook: (WriteStep) -> Bool = { _ in true }) throws {
        try OwnerOnlyFile.replace(path, with: image.bytes, hook: hook)
    }
}
