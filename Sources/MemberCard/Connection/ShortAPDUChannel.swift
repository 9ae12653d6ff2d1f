import PCSC

/// A channel to a card on a reader that carries short APDUs only (the ACR122U among them).
///
/// Every command goes out as ``PCSC/CommandAPDU/shortChain()`` gives it: a data field over
/// 255 bytes by command chaining, an expected length over 256 as a short Le, with the rest of
/// the answer fetched by GET RESPONSE (the base channel follows `61xx`). A piece of a chain that
/// the card does not accept with `9000` ends the command with that answer.
public struct ShortAPDUChannel: CardChannel {
    /// The channel the short APDUs go through.
    public let base: any CardChannel

    public init(_ base: any CardChannel) {
        self.base = base
    }

    public func transmit(_ command: CommandAPDU) async throws -> ResponseAPDU {
        let pieces = command.shortChain()
        for piece in pieces.dropLast() {
            let answer = try await base.transmit(piece)
            guard answer.status == .success else { return answer }
        }
        return try await base.transmit(pieces[pieces.count - 1])
    }
}

/// A ``CardSession`` whose commands go out as short APDUs (``ShortAPDUChannel``); the reader's
/// name, its control commands and the end of the session are the base session's.
public struct ShortAPDUSession: CardSession {
    /// The session the short APDUs go through.
    public let base: any CardSession

    public init(_ base: any CardSession) {
        self.base = base
    }

    public var readerName: String? { base.readerName }

    public func transmit(_ command: CommandAPDU) async throws -> ResponseAPDU {
        try await ShortAPDUChannel(base).transmit(command)
    }

    public func control(_ code: UInt32, _ command: [UInt8]) async throws -> [UInt8] {
        try await base.control(code, command)
    }

    public func end() async {
        await base.end()
    }
}
