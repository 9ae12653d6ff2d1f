/// The programme in use, and the rule for replacing it: a candidate is used
/// only if it is signed by a trusted key, well-formed, valid, the same
/// programme, and a newer version. Otherwise the last good programme stays.
///
/// Pure logic: given the current store and a candidate, ``offer(_:trustedKeys:)``
/// returns the next store and what happened. Persisting the accepted
/// envelope is the terminal's job.
public struct ProgrammeStore: Sendable {
    /// The last good programme, if any.
    public private(set) var current: Programme?
    /// Its signed envelope, to persist and to show to a technician.
    public private(set) var currentEnvelope: SignedProgramme?

    /// A store with no programme yet.
    public init() {}

    /// A store starting from a programme already verified (e.g. the embedded default).
    public init(verified envelope: SignedProgramme, trustedKeys: TrustedKeys) throws(ProgrammeLoadError) {
        current = try envelope.verify(trustedKeys: trustedKeys)
        currentEnvelope = envelope
    }

    /// What an offer did.
    public enum Outcome: Hashable, Sendable {
        /// The candidate is now in use.
        case accepted(version: Int)
        /// The candidate was refused; the last good programme (if any) stays.
        case refused(ProgrammeLoadError)
    }

    /// Offers a candidate envelope.
    public func offer(_ candidate: SignedProgramme, trustedKeys: TrustedKeys) -> (store: ProgrammeStore, outcome: Outcome) {
        let programme: Programme
        do {
            programme = try candidate.verify(trustedKeys: trustedKeys)
        } catch {
            return (self, .refused(error))
        }
        if let current {
            guard programme.programmeId == current.programmeId else {
                return (self, .refused(.differentProgramme(current: current.programmeId, candidate: programme.programmeId)))
            }
            guard programme.version > current.version else {
                return (self, .refused(.notNewer(current: current.version, candidate: programme.version)))
            }
        }
        var next = self
        next.current = programme
        next.currentEnvelope = candidate
        return (next, .accepted(version: programme.version))
    }

    /// Offers an envelope's JSON bytes; malformed bytes are refused like a bad signature.
    public func offer(envelope bytes: [UInt8], trustedKeys: TrustedKeys) -> (store: ProgrammeStore, outcome: Outcome) {
        do {
            return offer(try SignedProgramme.decode(envelope: bytes), trustedKeys: trustedKeys)
        } catch {
            return (self, .refused(error))
        }
    }
}
