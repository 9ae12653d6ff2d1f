import CardProfile
import Foundation
import VirtualCard

/// The store's members and their cards: personalised card images in the work folder, one
/// physical card each, which one terminal at a time may hold (``take(_:)``/``give(_:)``), and
/// the copies and saved images the card faults make.
actor MemberCards {
    let folder: String
    let issuer: Issuer
    let count: Int
    /// The members whose card is UID-only: the reader reads its UID, nothing else.
    let uidOnly: Set<Int>
    private var cards: [Int: MemberCardApplication] = [:]
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
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for index in 0..<count {
            let member = Issuer.Member(
                memberID: Self.memberID(index), issued: try CalendarDate(year: 2025, month: 1, day: 1),
                expires: try CalendarDate(year: 2035, month: 12, day: 31),
                birthdayMonth: UInt8(1 + index % 12), birthdayDay: UInt8(1 + index % 28),
                referrer: referrers[index].map(Self.memberID))
            let uid: [UInt8] = [0x08] + withUnsafeBytes(of: UInt32(index).bigEndian, Array.init)
            try CardImageFile(path: Self.imagePath(folder, index)).write(issuer.personalise(member, uid: uid))
        }
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
        let card = try MemberCardApplication(imagePath: Self.imagePath(folder, index))
        cards[index] = card
        return card
    }

    /// A perfect copy of member `index`'s card as it is now (keys, counters, state): a clone.
    func copy(_ index: Int, name: String) throws -> MemberCardApplication {
        let path = "\(folder)/\(Self.memberID(index))-\(name).img"
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: Self.imagePath(folder, index), toPath: path)
        return try MemberCardApplication(imagePath: path)
    }

    /// Member `index`'s card storage as it is now, to write back later (``restore(_:from:)``).
    func save(_ index: Int) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: Self.imagePath(folder, index)))
    }

    /// Writes saved storage back into member `index`'s card: a rolled-back card.
    func restore(_ index: Int, from saved: Data) throws {
        try saved.write(to: URL(fileURLWithPath: Self.imagePath(folder, index)), options: .atomic)
    }
}
