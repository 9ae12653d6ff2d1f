import CardProfile
import Checkout
import Foundation
import Logging
import Metrics
import PointsEngine
import SyncProtocol
import Synchronization
import Timekeeping

/// The documents the sync service downloads from the back office: each version verified before
/// it applies (``DocumentAcceptance``: the issuer's certificate of the document key, the key's
/// signature, a version above the one held, a delta on the version held), applied while the
/// terminal runs and kept in ``DocumentFolder`` so a restart verifies and applies them again:
/// - `block-list`: refused members, together with the configured `trust.blockListFile`, at once;
/// - `revoked-terminals`: card states signed by these terminals are refused, at once;
/// - `bonuses`: event grants, paid at each member's next tap;
/// - `programme`: a signed programme, also signed by a trusted programme key and a newer version
///   of the same programme (``ProgrammeStore``), at its start time (`effectiveAt`).
///
/// A refused document changes nothing: what was in force stays, the terminal keeps serving, and
/// the refusal is logged (critical), counted (`loyalty_document_refusals_total{kind,reason}`),
/// kept in `documents/refusals.json` and shown by `GET /health` and `diagnose`.
final class DownloadedDocuments: Sendable {
    let folder: DocumentFolder
    let configuredBlockList: Set<String>
    let terminalID: UInt32
    let checkout: CheckoutService
    let logger: Logger
    let wallTime: any WallTime
    private let trustedKeys: TrustedKeys
    private let issuer: DocumentTrust
    private let state: Mutex<State>

    private struct State {
        var held: [DocumentKind: HeldDocument] = [:]
        /// A programme waiting for its start time.
        var pending: HeldDocument?
        var generation: UInt32
        var refusals: [String: DocumentFolder.Refusal]
        var programmes: ProgrammeStore
    }

    init(journalPath: String, resources: TerminalResources, checkout: CheckoutService, wallTime: any WallTime, logger: Logger) throws {
        folder = DocumentFolder(journalPath: journalPath)
        configuredBlockList = resources.policy.blockedMembers
        terminalID = resources.credential.terminalID
        self.checkout = checkout
        self.logger = logger
        self.wallTime = wallTime
        trustedKeys = resources.programmeKeys
        issuer = DocumentTrust(issuerKey: resources.policy.issuerKey, programmeID: resources.policy.programmeID)
        state = Mutex(
            State(
                generation: folder.keyGeneration(), refusals: folder.refusals(),
                programmes: try ProgrammeStore(verified: resources.programmeEnvelope, trustedKeys: resources.programmeKeys)))
    }

    /// The version held of each kind (a pending programme's counts: it is not asked for again).
    func versions() -> [String: Int64] {
        state.withLock { state in
            var versions = Dictionary(uniqueKeysWithValues: state.held.map { ($0.key.rawValue, $0.value.version) })
            if let pending = state.pending { versions[DocumentKind.programme.rawValue] = pending.version }
            return versions
        }
    }

    /// Verifies and applies what was kept before the restart; a kept document that no longer
    /// verifies is dropped (the next download brings a snapshot) and the refusal recorded.
    func applyKept() {
        folder.removeUnsignedFormat()
        for kind in DocumentKind.allCases {
            for pending in kind == .programme ? [false, true] : [false] {
                guard let kept = folder.held(kind, pending: pending) else { continue }
                do {
                    try DocumentAcceptance.reverify(kept, kind: kind, trust: trust())
                } catch {
                    refuse(kind, version: kept.version, error, what: "the kept")
                    continue
                }
                if pending {
                    state.withLock { $0.pending = kept }
                } else if kind == .programme {
                    state.withLock { $0.held[kind] = kept }
                    if case .refused(let why) = applyProgramme(kept, startsNow: true) {
                        logger.warning("kept programme version \(kept.version) not applied: \(why)")
                    }
                } else {
                    state.withLock { $0.held[kind] = kept }
                    apply(kind, state: kept.state)
                }
            }
        }
        applyDue()
    }

    /// Takes an answer of `GET /v1/documents/{kind}`: each version in it is verified and applied in
    /// turn, up to the first refused. Returns the version held afterwards, or nil when a version
    /// could not be kept (asked for again at the next interval).
    func take(kind name: String, update body: [UInt8]) -> Int64? {
        guard let kind = DocumentKind(rawValue: name) else {
            logger.warning("unknown document kind \(name) ignored")
            return nil
        }
        let update: DocumentUpdate
        do {
            update = try DocumentUpdate.decode(body)
        } catch {
            refuse(kind, version: nil, error)
            return heldVersion(kind)
        }
        for document in update.documents {
            do {
                try take(document, kind: kind)
            } catch let refusal as DocumentRefusal {
                refuse(kind, version: document.version, refusal)
                break
            } catch {
                logger.error("\(name) version \(document.version) could not be kept: \(error)")
                return nil
            }
        }
        return heldVersion(kind)
    }

    /// Puts in force a pending programme whose start time has come.
    func applyDue() {
        let now = Int64(wallTime.millisecondsSinceEpoch())
        guard let pending = state.withLock({ $0.pending }), (pending.signed.effectiveAt ?? 0) <= now else { return }
        switch applyProgramme(pending, startsNow: true) {
        case .applied(let what):
            do {
                try folder.keep(pending, kind: .programme)
            } catch {
                logger.error("the programme now in force could not be kept: \(error)")
            }
            folder.removePending(.programme)
            state.withLock {
                $0.held[.programme] = pending
                $0.pending = nil
            }
            logger.notice("programme version \(pending.version) reached its start time: \(what)")
        case .refused(let why):
            folder.removePending(.programme)
            state.withLock { $0.pending = nil }
            refuse(.programme, version: pending.version, DocumentRefusal(.refusedContent, why))
        }
    }

    // MARK: One version

    private func take(_ document: SignedDocument, kind: DocumentKind) throws {
        let now = Int64(wallTime.millisecondsSinceEpoch())
        let held = state.withLock { kind == .programme ? $0.pending ?? $0.held[kind] : $0.held[kind] }
        let next = try DocumentAcceptance.accept(document, kind: kind, held: held, trust: trust(), now: now)
        if kind == .programme {
            try takeProgramme(next, now: now)
        } else {
            try folder.keep(next, kind: kind)
            state.withLock { $0.held[kind] = next }
            apply(kind, state: next.state)
            logger.notice(
                "\(kind.rawValue) version \(next.version) applied",
                metadata: ["change": "\(document.isSnapshot ? "whole" : kind.summary(ofChange: document.bodyBytes))"])
        }
        try noteGeneration(document.certificate)
    }

    private func takeProgramme(_ next: HeldDocument, now: Int64) throws {
        if let effectiveAt = next.signed.effectiveAt, effectiveAt > now {
            // Checked now (trusted key, newer), applied at its start time.
            if case .refused(let why) = applyProgramme(next, startsNow: false) { throw DocumentRefusal(.refusedContent, why) }
            try folder.keep(next, kind: .programme, pending: true)
            state.withLock { $0.pending = next }
            logger.notice("programme version \(next.version) verified; in force from \(effectiveAt) ms, until then the one in force stays")
            return
        }
        switch applyProgramme(next, startsNow: true) {
        case .applied(let what):
            try folder.keep(next, kind: .programme)
            folder.removePending(.programme)
            state.withLock {
                $0.held[.programme] = next
                $0.pending = nil
            }
            logger.notice("programme version \(next.version) applied: \(what)")
        case .refused(let why):
            throw DocumentRefusal(.refusedContent, why)
        }
    }

    private enum Outcome {
        case applied(String)
        case refused(String)
    }

    /// Offers a programme document's envelope; puts it in force when `startsNow`.
    private func applyProgramme(_ document: HeldDocument, startsNow: Bool) -> Outcome {
        let current = state.withLock { $0.programmes }
        let (next, outcome) = current.offer(envelope: document.state, trustedKeys: trustedKeys)
        if case .refused(.notNewer) = outcome, let inForce = current.current,
            let candidate = try? SignedProgramme.decode(envelope: document.state).verify(trustedKeys: trustedKeys),
            candidate.programmeId == inForce.programmeId, candidate.version == inForce.version
        {
            return .applied("programme \(inForce.programmeId) version \(inForce.version) already in force")
        }
        guard case .accepted = outcome, let programme = next.current else {
            if case .refused(let why) = outcome { return .refused("\(why)") }
            return .refused("no programme")
        }
        let engine: PointsEngine
        do {
            engine = try PointsEngine(programme: programme)
        } catch {
            return .refused("programme \(programme.programmeId) version \(programme.version) cannot be used: \(error)")
        }
        guard startsNow else { return .applied("programme \(programme.programmeId) version \(programme.version) waits") }
        state.withLock { $0.programmes = next }
        checkout.updateProgramme(engine)
        return .applied("programme \(programme.programmeId) version \(programme.version) in force")
    }

    /// Puts a verified whole document in force.
    private func apply(_ kind: DocumentKind, state body: [UInt8]) {
        do throws(PublishedDocumentError) {
            switch kind {
            case .blockList:
                let list = try BlockListDocument.decode(body)
                checkout.updateBlockedMembers(configuredBlockList.union(list.blocked))
                checkout.updateErasedMembers(Set(list.erased))
                checkout.updateBlockedCards(Set(list.cards))
            case .revokedTerminals:
                let list = try RevokedTerminalsDocument.decode(body)
                checkout.updateRevokedTerminals(Set(list.revoked), enrolmentsHonoured: list.honoured)
                if list.revoked.contains(terminalID) {
                    logger.critical("this terminal (\(terminalID)) is revoked: the back office refuses its uploads")
                }
            case .bonuses:
                checkout.updateGrants(
                    try BonusGrantsDocument.decode(body).byMember.mapValues { grants in
                        grants.map { EventGrant(sequence: $0.sequence, kind: $0.kind) }
                    })
            case .adjustments:
                checkout.updateAdjustments(
                    try PointsAdjustmentsDocument.decode(body).byMember.mapValues { adjustments in
                        adjustments.map { PointsAdjustment(sequence: $0.sequence, points: $0.points, reason: $0.reason) }
                    })
            case .replacements:
                checkout.updateReplacements(Self.replacementStarts(try ReplacementNoticesDocument.decode(body)))
            case .managers:
                checkout.updateManagers(Self.roster(try ManagersDocument.decode(body)))
            case .programme:
                break
            }
        } catch {
            // Verified before it got here: the signed digest covers these bytes.
            logger.error("\(kind.rawValue) verified but unreadable: \(error)")
        }
    }

    // MARK: Trust and refusals

    private func trust() -> DocumentTrust {
        var trust = issuer
        trust.minimumGeneration = state.withLock { $0.generation }
        return trust
    }

    private func heldVersion(_ kind: DocumentKind) -> Int64 { versions()[kind.rawValue] ?? 0 }

    /// From the first document signed under a higher generation, lower ones are refused.
    private func noteGeneration(_ certificate: DocumentKeyCertificate) throws {
        let raised = state.withLock { state in
            guard certificate.generation > state.generation else { return false }
            state.generation = certificate.generation
            return true
        }
        guard raised else { return }
        try folder.keepKeyGeneration(certificate.generation)
        logger.notice(
            "document key \(certificate.keyId) generation \(certificate.generation) in use: documents signed under lower generations are refused from now on"
        )
    }

    private func refuse(_ kind: DocumentKind, version: Int64?, _ error: any Error, what: String = "downloaded") {
        let refusal = error as? DocumentRefusal ?? DocumentRefusal(.malformed, "\(error)")
        let record = DocumentFolder.Refusal(
            at: Int64(wallTime.millisecondsSinceEpoch()), version: version, reason: refusal.reason, detail: refusal.detail)
        Counter(label: "loyalty_document_refusals_total", dimensions: [("kind", kind.rawValue), ("reason", refusal.reason.rawValue)])
            .increment()
        logger.critical(
            "\(what) \(kind.rawValue)\(version.map { " version \($0)" } ?? "") refused: \(refusal); what was in force stays",
            metadata: ["kind": "\(kind.rawValue)", "reason": "\(refusal.reason.rawValue)"])
        let refusals = state.withLock { state in
            state.refusals[kind.rawValue] = record
            return state.refusals
        }
        do {
            try folder.keepRefusals(refusals)
        } catch {
            logger.error("the refusal could not be kept in \(folder.path): \(error)")
        }
        showRefusals()
    }

    /// Shows the refusals in `GET /health`.
    func showRefusals() {
        let refusals = state.withLock { $0.refusals }
        checkout.setDocumentRefusals(refusals.sorted { $0.key < $1.key }.map { $0.value.line($0.key) })
    }
}
