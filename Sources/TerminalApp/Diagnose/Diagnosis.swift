import AsyncHTTPClient
import CardProfile
import Foundation
import Logging
import LoyaltyJournal
import MemberCard
import PCSC
import PointsEngine
import SyncProtocol
import Timekeeping

/// The checks of `loyalty-terminal diagnose`, each usable alone (the tests run those that need
/// no card reader). No check writes anything: the journal is opened read-only, the card is only
/// read, the back office is only asked the time.
enum Diagnosis {
    // MARK: Journal

    /// Journal fill above which the check warns, and above which it fails (sales stop when full).
    static let journalWarnFill = 0.75
    static let journalFailFill = 0.95
    /// Age of the oldest unsynced transaction above which the check warns.
    static let journalWarnAgeSeconds: UInt64 = 24 * 3600

    /// Capacity, fill, records waiting for sync, oldest unsynced age, and a full verify.
    static func journal(_ settings: TerminalConfiguration.JournalSettings, clock: any WallTime = SystemWallTime()) -> DiagnosticCheck {
        let name = "journal"
        let path = settings.path
        guard FileManager.default.fileExists(atPath: path) else {
            return .warned(
                name, "\(path) does not exist yet (\(settings.size) bytes will be created by 'loyalty-terminal run')",
                fix:
                    "nothing to do on a new terminal; on a terminal that ran before, the journal was moved or deleted: find it before taking sales"
            )
        }
        let options = JournalOptions(clock: clock, readOnly: true)
        let report: VerifyReport
        do {
            report = try Journal.verify(path: path, options: options)
        } catch {
            return .failed(
                name, "\(path) cannot be read as a journal: \(error)",
                fix:
                    "check the path and the file's owner; if it is damaged, copy it aside for the back office and see 'loyalty-terminal journal verify --path \(path)'"
            )
        }
        guard report.isClean else {
            return .failed(
                name,
                "\(path) is damaged: \(report.corruption.liveCount) damaged records not yet synced, \(report.corruption.historyCount) in synced history",
                fix:
                    "copy the file aside before anything else, run 'loyalty-terminal journal verify --path \(path)' for the positions, and contact the back office"
            )
        }
        let statistics: JournalStatistics
        do {
            let journal = try Journal.open(path: path, options: options)
            defer { try? journal.close() }
            statistics = try journal.statistics()
        } catch {
            return .failed(
                name, "\(path) verifies but does not open: \(error)",
                fix: "run 'loyalty-terminal journal verify --path \(path)' and contact the back office")
        }
        let gauges = JournalGauges(statistics, nowMilliseconds: clock.millisecondsSinceEpoch())
        let percent = String(format: "%.1f", gauges.fillRatio * 100)
        let age = statistics.oldestUnsyncedAge(now: clock.millisecondsSinceEpoch())
        let detail =
            "\(path): \(statistics.capacityRecords) records, \(percent)% waiting for sync "
            + "(\(statistics.waitingRecords) records, \(statistics.waitingTransactions) transactions), "
            + "oldest unsynced \(age.map { JournalCLI.describeAge(milliseconds: $0) } ?? "none"), verify clean"
        if gauges.fillRatio >= journalFailFill {
            return .failed(name, detail, fix: "the journal is (nearly) full and sales will be refused: get the terminal online so it syncs")
        }
        if gauges.fillRatio >= journalWarnFill {
            return .warned(name, detail, fix: "the journal fills up: check the back-office connection so it syncs")
        }
        if let age, age / 1000 > journalWarnAgeSeconds {
            return .warned(name, detail, fix: "nothing synced for over a day: check the back-office connection")
        }
        return .passed(name, detail)
    }

    // MARK: Programme

    /// The programme's id and version, and its signature against the trusted keys.
    static func programme(_ configuration: TerminalConfiguration) -> DiagnosticCheck {
        let name = "programme"
        do {
            let (programme, envelope) = try configuration.loadProgramme()
            let detail =
                "\(programme.programmeId) version \(programme.version) (\(programme.name)), signature verified (key \(envelope.keyId))"
            if case .embeddedDemo = configuration.programme {
                return .warned(
                    name, detail + ", embedded demo",
                    fix: "the demo programme is signed with a public TEST key: configure the shop's signed programme (programme.file)")
            }
            return .passed(name, detail)
        } catch {
            return .failed(
                name, "\(error)",
                fix: "install the programme file the back office signed, and list its signing key in programme.trustedKeys")
        }
    }

    // MARK: Identity and trust

    /// The credential loads and its certificate verifies against the issuer key of the same programme.
    static func identity(_ configuration: TerminalConfiguration) -> DiagnosticCheck {
        let name = "terminal-identity"
        let credential: TerminalCredential
        let isTest: Bool
        do {
            (credential, isTest) = try configuration.loadCredential()
        } catch {
            return .failed(name, "\(error)", fix: "install the credential file the issuer enrolled for this terminal")
        }
        let policy: TrustPolicy
        do {
            policy = try configuration.loadPolicy()
        } catch {
            return .failed(
                name, "terminal \(credential.terminalID): the issuer key cannot be loaded: \(error)",
                fix: "fix trust.issuerPublicKey or trust.issuerFile")
        }
        let certificate = credential.certificate
        guard certificate.isSigned(by: policy.issuerKey) else {
            return .failed(
                name, "terminal \(credential.terminalID): its certificate is not signed by the configured issuer key",
                fix: "the credential was enrolled by another issuer: enrol this terminal with the shop's issuer, or correct the issuer key")
        }
        guard certificate.programmeID == policy.programmeID else {
            return .failed(
                name,
                "terminal \(credential.terminalID): certificate for programme \(certificate.programmeID), configured programme \(policy.programmeID)",
                fix: "enrol the terminal for programme \(policy.programmeID), or correct trust.programmeID")
        }
        var detail = "terminal \(credential.terminalID), programme \(certificate.programmeID), certificate verified by the issuer key"
        detail += ", \(policy.blockedMembers.count) blocked members"
        if isTest || policy.acceptTestCards {
            detail += isTest ? ", TEST credential" : ""
            detail += policy.acceptTestCards ? ", test cards accepted" : ""
            return .warned(
                name, detail,
                fix: "test keys or test cards are for the demo and the lab: use the shop's enrolment and set trust.acceptTestCards false")
        }
        return .passed(name, detail)
    }

    /// Where the POS API listens and its token file, when one is configured (the configuration
    /// refuses an address reachable from the network without one; the token file is refused
    /// when others may read it).
    static func posAPI(_ configuration: TerminalConfiguration) -> DiagnosticCheck {
        let name = "pos-api"
        let settings = configuration.posAPI
        let address = settings.unixSocket.map { "unix:\($0)" } ?? "http://\(settings.host):\(settings.port)"
        guard let tokenFile = settings.tokenFile else {
            return .passed(name, "\(address), no token (\(settings.unixSocket == nil ? "loopback only" : "Unix socket, mode 0660"))")
        }
        do {
            _ = try configuration.loadToken()
        } catch {
            return .failed(name, "\(error)", fix: "write the POS token in \(tokenFile) (one line) and chmod 600 \(tokenFile)")
        }
        let scope = settings.isLocalOnly ? "for /v1/" : "for every route: reachable from the network"
        return .passed(name, "\(address), token from \(tokenFile) (\(scope))")
    }

    // MARK: Back office

    /// The back office answers `GET <url>/v1/time` with `{"serverTime": <ms since the epoch>}`, and
    /// the local clock is close to it.
    static func backOffice(
        _ settings: TerminalConfiguration.BackOfficeSettings?, standalone: Bool = false, client: HTTPClient = .shared,
        now: @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) async -> [DiagnosticCheck] {
        guard let settings else {
            if standalone { return [.passed("back-office", "none: standalone terminal (its journal is the record)")] }
            return [.warned("back-office", "not configured", fix: "set backOffice.url so the terminal can sync its journal")]
        }
        let url = settings.url + "/v1/time"
        let started = now()
        let serverTime: Double
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .GET
            request.headers.add(name: "Accept", value: "application/json")
            let response = try await client.execute(request, timeout: .seconds(Int64(settings.timeoutSeconds)))
            let body = try await response.body.collect(upTo: 64 << 10)
            guard response.status.code == 200 else {
                return [
                    .failed(
                        "back-office", "GET \(url) answered HTTP \(response.status.code)",
                        fix: "check backOffice.url (the base URL, without /v1) and the back office's logs")
                ]
            }
            guard let answer = try? JSONDecoder().decode(TimeAnswer.self, from: Data(body.readableBytesView)) else {
                return [
                    .failed(
                        "back-office", "GET \(url) answered, but not with {\"serverTime\": <ms since the epoch>}",
                        fix: "check that backOffice.url points at the loyalty back office")
                ]
            }
            serverTime = Double(answer.serverTime) / 1000
        } catch {
            return [
                .failed(
                    "back-office", "GET \(url) failed: \(describeHTTPError(error))",
                    fix:
                        "check the network (cable, Wi-Fi, DNS), the URL in backOffice.url, and that the back office is up; the terminal keeps selling offline meanwhile"
                )
            ]
        }
        let finished = now()
        let roundTrip = max(0, finished - started)
        // The server read its clock somewhere during the round trip: compare with the middle.
        let skew = serverTime - (started + roundTrip / 2)
        let skewText = String(format: "%+.1f s", skew)
        let reachable = DiagnosticCheck.passed("back-office", "\(settings.url) reachable (\(Int((roundTrip * 1000).rounded())) ms)")
        let limit = Double(settings.maximumClockSkewSeconds)
        let clock: DiagnosticCheck
        if abs(skew) <= limit {
            clock = .passed("clock", "local clock within \(skewText) of the back office (limit \(settings.maximumClockSkewSeconds) s)")
        } else if abs(skew) <= limit * 10 {
            clock = .warned(
                "clock", "local clock is \(skewText) off the back office (limit \(settings.maximumClockSkewSeconds) s)",
                fix: "turn on time synchronisation: timedatectl set-ntp true")
        } else {
            clock = .failed(
                "clock", "local clock is \(skewText) off the back office",
                fix: "set the clock and turn on time synchronisation (timedatectl set-ntp true): card dates and journal times depend on it")
        }
        return [reachable, clock]
    }

    private static func describeHTTPError(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectTimeout") || text.contains("deadlineExceeded") { return "no answer in time (\(text))" }
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused (\(text))" }
        return text
    }

    // MARK: Card reader

    /// `pcscd`, the readers and their profiles, and a read-only test read of a card on the
    /// terminal's reader.
    static func cardReader(
        reader configuredReader: String?, profilesFolder: String?, policy: TrustPolicy?, logger: Logger
    ) async -> [DiagnosticCheck] {
        let context: PCSCContext
        do {
            context = try PCSCContext()
        } catch {
            return [
                .failed(
                    "pcscd", "not reachable: \(error)",
                    fix: "start it: systemctl start pcscd.socket (or scripts/pcscd.sh start on a development machine)")
            ]
        }
        defer { context.release() }
        var checks: [DiagnosticCheck] = []
        let names: [String]
        do {
            names = try await context.readers()
        } catch let error as SCardError where error.meansServiceLost {
            return [.failed("pcscd", "not reachable: \(error.cName)", fix: "start it: systemctl start pcscd.socket")]
        } catch let error as SCardError where error == .noReadersAvailable {
            names = []
        } catch {
            return [.failed("pcscd", "listing the readers failed: \(error)", fix: "restart pcscd: systemctl restart pcscd")]
        }
        checks.append(.passed("pcscd", "reachable"))

        let catalog: ReaderProfileCatalog
        do {
            catalog = try ReaderProfileCatalog.locate(explicit: profilesFolder)
        } catch {
            checks.append(
                .failed(
                    "readers", "reader profiles cannot be loaded: \(error)",
                    fix: "fix or remove readerProfiles in the configuration"))
            return checks
        }
        guard !names.isEmpty else {
            checks.append(
                .failed(
                    "readers", "no card reader connected",
                    fix:
                        "plug the reader in (USB) and check 'lsusb'; a reader pcscd does not know needs its driver (e.g. libacsccid1, libccid)"
                ))
            return checks
        }
        let described = names.map { "\($0) (profile \(catalog.profile(forReader: $0).id))" }.joined(separator: ", ")
        let terminalReader = configuredReader ?? names[0]
        if let configuredReader, !names.contains(configuredReader) {
            checks.append(
                .failed(
                    "readers", "configured reader \"\(configuredReader)\" not found; pcscd lists \(described)",
                    fix: "plug it in, or set \"reader\" to one of the listed names (or remove it to take the first)"))
            return checks
        }
        let profile = catalog.profile(forReader: terminalReader)
        if profile.id == ReaderProfile.generic.id || profile.namePatterns.isEmpty {
            checks.append(
                .warned(
                    "readers", described,
                    fix:
                        "no profile matches \"\(terminalReader)\": the generic PC/SC commands are used; add a profile to hardware/readers if the UID or the LED misbehave"
                ))
        } else {
            checks.append(.passed("readers", described))
        }

        // The test read, when a card is on the terminal's reader.
        let state: ReaderState
        do {
            state = try await context.state(of: terminalReader)
        } catch {
            checks.append(
                .failed(
                    "test-read", "the state of \(terminalReader) cannot be read: \(error)",
                    fix: "unplug and plug in the reader; restart pcscd"))
            return checks
        }
        guard state.isCardPresent else {
            checks.append(
                .passed("test-read", "skipped: no card on \(terminalReader) (place a member card and run diagnose again to include a read)")
            )
            return checks
        }
        guard let policy else {
            checks.append(.warned("test-read", "skipped: the trust settings do not load", fix: "fix the configuration first"))
            return checks
        }
        do {
            let connection = try await context.connect(to: terminalReader)
            let reading = await MemberCardTerminal(policy: policy, logger: logger).read(
                over: connection, today: try ReadCardCommand.utcToday())
            try? await connection.disconnect()
            let member = reading.record?.memberID ?? reading.uid.map { "UID \(PCSC.Hex.encode($0))" } ?? "unknown card"
            if reading.isVerified {
                checks.append(
                    .passed("test-read", "\(member) read and verified on \(terminalReader) (\(reading.commands) APDUs), nothing written"))
            } else if let refusal = reading.refusal {
                checks.append(
                    .warned(
                        "test-read", "\(member) on \(terminalReader) refused: \(refusal)",
                        fix: "the reader works; this card would be refused at checkout (try a member card of this programme)"))
            } else {
                checks.append(.passed("test-read", "\(member) on \(terminalReader): \(reading.trust.rawValue), nothing written"))
            }
        } catch {
            checks.append(
                .failed(
                    "test-read", "reading the card on \(terminalReader) failed: \(error)",
                    fix:
                        "hold the card still on the reader and run diagnose again; if it keeps failing, try another card, then another reader"
                ))
        }
        return checks
    }

    // MARK: Everything

    /// Every check, in the order a technician works through them.
    static func run(configurationPath: String, logger: Logger, client: HTTPClient = .shared) async -> DiagnosisReport {
        var checks: [DiagnosticCheck] = []
        let configuration: TerminalConfiguration?
        do {
            let loaded = try TerminalConfiguration.load(path: configurationPath)
            configuration = loaded
            checks.append(.passed("configuration", "\(configurationPath) loaded"))
        } catch {
            configuration = nil
            checks.append(
                .failed(
                    "configuration", "\(error)",
                    fix: "correct the file (docs/configuration.md); the checks that need it were skipped"))
        }
        let policy = try? configuration?.loadPolicy()
        checks += await cardReader(
            reader: configuration?.reader, profilesFolder: configuration?.readerProfiles, policy: policy, logger: logger)
        if let configuration {
            checks.append(journal(configuration.journal))
            checks.append(programme(configuration))
            checks.append(identity(configuration))
            if let backOffice = configuration.backOffice {
                checks.append(
                    documents(
                        journalPath: configuration.journal.path, terminalID: (try? configuration.loadCredential())?.0.terminalID,
                        intervalSeconds: backOffice.documentIntervalSeconds))
            }
            checks.append(posAPI(configuration))
            if let transport = transport(configuration) { checks.append(transport) }
            let enrolled = try? configuration.loadBackOfficeAuthority()
            let own = try? BackOfficeClient.make(configuration.backOffice, enrolledAuthority: enrolled)
            let backOfficeClient = own?.owned == true ? own!.client : client
            let contact = await backOffice(configuration.backOffice, standalone: configuration.standalone, client: backOfficeClient)
            checks += contact
            // Only once the back office answers: its refusal of the terminal's key then means what it says.
            if let settings = configuration.backOffice, contact.first?.status == .passed,
                let credential = try? configuration.loadCredential().0
            {
                checks.append(await standing(settings, credential: credential, client: backOfficeClient))
            }
            if own?.owned == true { try? await own?.client.shutdown() }
        }
        return DiagnosisReport(configuration: configurationPath, checks: checks)
    }
}
