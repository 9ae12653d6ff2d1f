/// The back office's answer to an upload: what it has durably stored for the terminal.
public struct UploadAnswer: Codable, Sendable, Equatable {
    /// The terminal.
    public var terminal: UInt32
    /// Every sequence from 1 through this one is durably stored: the terminal may move its sync
    /// mark up to here. Never decreases.
    public var storedThrough: UInt64
    /// Transactions in the batch.
    public var received: Int
    /// Of those, stored by this request.
    public var stored: Int
    /// Of those, already stored with the same content (a retry, or twice in the batch).
    public var duplicates: Int
    /// The back office's clock, milliseconds since the Unix epoch.
    public var serverTime: Int64

    public init(terminal: UInt32, storedThrough: UInt64, received: Int, stored: Int, duplicates: Int, serverTime: Int64) {
        self.terminal = terminal
        self.storedThrough = storedThrough
        self.received = received
        self.stored = stored
        self.duplicates = duplicates
        self.serverTime = serverTime
    }
}

/// A refusal: a stable code, the reason in words, and the back office's clock.
public struct ProblemAnswer: Codable, Sendable, Equatable, Error {
    public var error: String
    public var reason: String
    public var serverTime: Int64

    public init(error: String, reason: String, serverTime: Int64) {
        self.error = error
        self.reason = reason
        self.serverTime = serverTime
    }
}

/// The back office's clock (`GET /v1/time`), for terminals to measure their skew.
public struct TimeAnswer: Codable, Sendable, Equatable {
    public var serverTime: Int64

    public init(serverTime: Int64) { self.serverTime = serverTime }
}
