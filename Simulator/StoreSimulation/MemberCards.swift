import CardProfile
import Foundation
import VirtualCard

/// The store's members and their cards: personalised card images in the work folder, one
/// physical card each, which one terminal at a time may hold (``take(_:)``/``give(_:)``), the
/// copies and saved images the card faults make, and the replacements of lost cards (the lost
/// card stays in the member's pocket, and may still be tapped).
actor MemberCards {
    let folder: String
    let issuer: Issuer
    let count: Int
    /// The members whose card is UID-only: the reader reads its UID, nothing else.
    let uidOnly: Set<Int>
    private var cards: [Int: MemberCardApplication] = [:]
    private let referrers: [Int: Int]
    /// The image of each member's card in use, when not the first one (a replacement's).
    private var replacementPaths: [Int: String] = [:]
    /// The lost card of each member whose card was replaced.
    private var lostCards: [Int: MemberCardApplication] = [:]
    private var busy: Set<Int> = []
    private var waiting: [Int: [CheckedContinuation<Void, Never>]] = [:]

    /// Personalises `count` member cards (`M-00001` ...) in `folder`, each referred member's
    /// record naming its referrer (`referrers`, by index); the members of `uidOnly` tap a UID-only
    /// card instead.
    init(folder: String, issuer: Issuer, count: Int, uidOnly: Set<Int> = [], referrers: [Int: Int] = [:]) throws {
        self.folder = folder
        self.issuer = issuer
        self.count = count
        self.uidOnly = uidOnly
        self.referrers = referrers
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for index in 0..<count {
            let uid: [UInt8] = [0x08] + withUnsafeBytes(of: UInt32(index).bigEndian, Array.init)
            try CardImageFile(path: Self.imagePath(folder, index))
                .write(issuer.personalise(try Self.member(index, referrers: referrers), uid: uid))
        }
    }

    /// What the issuer writes about member `index`, on each of the member's cards.
    private static func member(_ index: Int, referrers: [Int: Int]) throws -> Issuer.Member {
        Issuer.Member(
            memberID: memberID(index), issued: try CalendarDate(year: 2025, month: 1, day: 1),
            expires: try CalendarDate(year: 2035, month: 12, day: 31),
            birthdayMonth: UInt8(1 + index % 12), birthdayDay: UInt8(1 + index % 28),
            referrer: referrers[index].map(memberID))
    }

    /// The UID of member `index`'s UID-only card.
    static func uid(_ index: Int) -> [UInt8] { [0x04, 0x4C, 0x54] + withUnsafeBytes(of: UInt32(index).bigEndian, Array.init) }

    /// How the ledger names member `index`: the member id, or `uid:HEX` for a UID-only card.
    static func ledgerID(_ index: Int, uidOnly: Set<Int>) -> String {
        uidOnly.contains(index) ? "uid:" + uid(index).map { String(format: "%02X", $0) }.joined() : memberID(index)
    }

    static func memberID(_ index: Int) -> String { "M-" + String(format: "%05d", index + 1) }
    static func imagePath(_ folder: String, _ index: Int) -> String { "\(folder)/\(memberID(index)).img" }

    /// Waits until nobody holds member `index`'s card, then holds it.
    func take(_ index: Int) async {
        guard busy.contains(index) else {
            busy.insert(index)
            return
        }
        await withCheckedContinuation { waiting[index, default: []].append($0) }
    }

    /// Gives member `index`'s card back (to the next one waiting, if any).
    func give(_ index: Int) {
        if var queue = waiting[index], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[index] = queue
            next.resume()
        } else {
            busy.remove(index)
        }
    }

    /// Member `index`'s card: a member card, or a UID-only card (7-byte UID `04 4C 54` and the index).
    func card(_ index: Int) throws -> any CardApplication {
        if uidOnly.contains(index) { return UIDCard(uid: Self.uid(index)) }
        if let card = cards[index] { return card }
        let card = try MemberCardApplication(imagePath: currentPath(index))
        cards[index] = card
        return card
    }

    /// The image of the card member `index` uses now.
    private func currentPath(_ index: Int) -> String { replacementPaths[index] ?? Self.imagePath(folder, index) }

    /// The card key id (upper-case hex, as the ledger's `card`) of the card member `index` uses now.
    func cardKeyID(_ index: Int) throws -> String {
        try Self.keyID(of: currentPath(index))
    }

    private static func keyID(of path: String) throws -> String {
        guard let record = try CardImageFile(path: path).read().record else { throw StoreError("\(path) holds a blank card") }
        return record.record.cardKeyID.map { String(format: "%02X", $0) }.joined()
    }

    /// Personalises a new card for member `index`'s member id (the same record, a new card key
    /// and UID), not in use yet: its image and card key id, for the back office's `card replace`.
    func personaliseReplacement(_ index: Int) throws -> (path: String, keyID: String) {
        let generation = replacementPaths[index] == nil ? 2 : 3
        let path = "\(folder)/\(Self.memberID(index))-card\(generation).img"
        let uid: [UInt8] = [0x08, UInt8(generation)] + withUnsafeBytes(of: UInt32(index).bigEndian, Array.init).suffix(3)
        try CardImageFile(path: path).write(issuer.personalise(try Self.member(index, referrers: referrers), uid: uid))
        return (path, try Self.keyID(of: path))
    }

    /// From now on member `index` taps the card at `path` (``personaliseReplacement(_:)``); the
    /// card used so far is kept as the lost card. Call it while holding the member's card.
    func swapInReplacement(_ index: Int, path: String) throws {
        let old = try card(index)
        lostCards[index] = old as? MemberCardApplication
        replacementPaths[index] = path
        cards[index] = try MemberCardApplication(imagePath: path)
    }

    /// Member `index`'s lost card, once replaced.
    func lostCard(_ index: Int) -> MemberCardApplication? { lostCards[index] }

    /// A perfect copy of member `index`'s card as it is now (keys, counters, state): a clone.
    func copy(_ index: Int, name: String) throws -> MemberCardApplication {
        let path = "\(folder)/\(Self.memberID(index))-\(name).img"
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: currentPath(index), toPath: path)
        return try MemberCardApplication(imagePath: path)
    }

    /// Member `index`'s card storage as it is now, to write back later (``restore(_:from:)``).
    func save(_ index: Int) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: currentPath(index)))
    }

    /// Writes saved storage back into member `index`'s card: a rolled-back card.
    func restore(_ index: Int, from saved: Data) throws {
        try saved.write(to: URL(fileURLWithPath: currentPath(index)), options: .atomic)
    }
}
