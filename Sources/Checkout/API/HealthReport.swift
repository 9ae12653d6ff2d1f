/// The terminal's state, for the POS API's health endpoint and `diagnose`.
public struct HealthReport: Codable, Hashable, Sendable {
    /// `ok` when the terminal can take a sale now, else `degraded` with the problems.
    public var status: String
    public var terminalId: UInt32
    public var reader: String?
    public var readerPresent: Bool
    public var cardPresent: Bool
    public var programme: String
    public var programmeVersion: Int
    public var journalCapacityRecords: Int64
    public var journalWaitingRecords: Int64
    public var journalLastSequence: UInt64
    /// Transactions journaled whose card write was not confirmed (see `docs/checkout.md`).
    public var inDoubt: Int
    /// Members the block list in force refuses (the configured list and the one the back office
    /// published, together).
    public var blockedMembers: Int
    public var problems: [String]
    /// The last refusal of each document kind the back office sent (`block-list version 8:
    /// bad-signature: ...`): the documents in force stay and sales go on; absent when none.
    public var documentRefusals: [String]?

    public init(
        status: String, terminalId: UInt32, reader: String?, readerPresent: Bool, cardPresent: Bool,
        programme: String, programmeVersion: Int, journalCapacityRecords: Int64, journalWaitingRecords: Int64,
        journalLastSequence: UInt64, inDoubt: Int, blockedMembers: Int, problems: [String],
        documentRefusals: [String]? = nil
    ) {
        self.status = status
        self.terminalId = terminalId
        self.reader = reader
        self.readerPresent = readerPresent
        self.cardPresent = cardPresent
        self.programme = programme
        self.programmeVersion = programmeVersion
        self.journalCapacityRecords = journalCapacityRecords
        self.journalWaitingRecords = journalWaitingRecords
        self.journalLastSequence = journalLastSequence
        self.inDoubt = inDoubt
        self.blockedMembers = blockedMembers
        self.problems = problems
        self.documentRefusals = documentRefusals
    }
}
