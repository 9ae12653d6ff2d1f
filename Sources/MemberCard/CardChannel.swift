import PCSC

/// Where the terminal sends its commands: a ``PCSC/CardConnection`` on a real reader, or
/// anything else that answers APDUs (tests drive a simulated card in memory).
public protocol CardChannel: Sendable {
    /// Sends one command and returns the card's whole answer (chaining already handled).
    func transmit(_ command: CommandAPDU) async throws -> ResponseAPDU
}

extension CardConnection: CardChannel {}
