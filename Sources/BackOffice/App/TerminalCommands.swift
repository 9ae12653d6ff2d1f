import ArgumentParser
import BackOfficeReports
import BackOfficeStorage
import CardProfile
import Foundation
import LedgerFormat
import SyncProtocol
import TLSAuthority

/// `loyalty-backoffice terminal enrol|revoke|set-store|list|fleet`: which terminals may sync, the
/// store each stands in, and how they are.
struct TerminalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminal",
        abstract: "Enrol, revoke and list terminals; file them under a store; show the fleet and who needs a technician.",
        subcommands: [Enrol.self, Revoke.self, SetStore.self, List.self, FleetCommand.self])

    struct Enrol: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enrol a terminal from its certificate (issued by 'loyalty-sim issuer enrol-terminal' or the issuer).",
            discussion: """
                The certificate names the terminal id and its public key and is signed by the issuer; it is checked \
                against --issuer-file before the terminal is enrolled. Re-enrolling an id replaces its key and lifts a revocation.

                The terminal is handed the back office's TLS certificate authority, the only one it then trusts for \
                its back office: written into --credential-file (backOfficeAuthority), and to --authority-output when \
                given. The authority is the back office's own, from --tls-directory (made there if 'serve' has not \
                made it yet), or --tls-authority-file for a back office serving a certificate of another authority.
                """)
        @Option(help: "The terminal's certificate in hex.") var certificate: String?
        @Option(help: "A terminal credential file: only its certificate is read.") var credentialFile: String?
        @Option(help: "The issuer's file (its public key is what is used).") var issuerFile: String
        @Option(help: "A label for people (the till).") var label: String = ""
        @Option(help: "The store (shop) it stands in, a short name; its figures are the store's.") var store: String = ""
        @Option(help: "The certificate authority (PEM) of the back office's TLS certificate, when not its own.")
        var tlsAuthorityFile: String?
        @Option(help: "Also write the authority's certificate (PEM) here, for the terminal's backOffice.caFile.")
        var authorityOutput: String?
        @OptionGroup var tls: TLSOptions
        @OptionGroup var documentKey: DocumentKeyOptions
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (certificate == nil) != (credentialFile == nil) else {
                throw ValidationError("give the terminal's certificate with --certificate or --credential-file (one of them)")
            }
            try TerminalCommand.checkStoreName(store)
            guard tlsAuthorityFile == nil || tls.tlsDirectory == nil else {
                throw ValidationError("--tls-authority-file replaces the back office's own authority: no --tls-directory with it")
            }
        }

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            let hex: String
            if let certificate {
                hex = certificate
            } else {
                hex = try TerminalCredentialFile.load(credentialFile!).certificate
            }
            guard let bytes = HexText.decode(hex.lowercased()) else { throw BackOfficeFailure("the certificate is not hex") }
            let parsed: TerminalCertificate
            do {
                parsed = try TerminalCertificate(
                    value: TLVReader.single(MemberCardProfile.Tag.terminalCertificate, in: bytes, length: 1...400))
            } catch {
                throw BackOfficeFailure("not a terminal certificate: \(error)")
            }
            let issuer = try IssuerFile.load(issuerFile)
            guard parsed.isSigned(by: try issuer.issuerPublicKey()) else {
                throw BackOfficeFailure(
                    "the certificate of terminal \(parsed.terminalID) is not signed by the issuer in \(issuerFile): not enrolled")
            }
            guard parsed.programmeID == issuer.programmeID else {
                throw BackOfficeFailure(
                    "the certificate is for programme \(parsed.programmeID), the issuer's is \(issuer.programmeID): not enrolled")
            }
            let authority = try authorityPEM()
            let storeName = self.store
            let liftedRevocation = try await withStore(database) { store in
                let wasRevoked = try await store.terminal(parsed.terminalID)?.isRevoked ?? false
                try await store.enrol(
                    EnrolledTerminal(
                        id: parsed.terminalID, publicKey: parsed.terminalPublicKey, label: label, enrolledAt: nowMilliseconds(),
                        store: storeName))
                try await AuditTrail.record(
                    "terminal.enrol", subject: "terminal \(parsed.terminalID)", detail: ["label": label, "store": storeName], store: store)
                return wasRevoked ? try await publishRevokedTerminals(store, options: documentKey) : nil
            }
            var handed: [String] = []
            if let credentialFile {
                var file = try TerminalCredentialFile.load(credentialFile)
                file.backOfficeAuthority = authority
                try file.save(credentialFile)
                handed.append(credentialFile)
            }
            if let authorityOutput {
                do {
                    try Data(authority.utf8).write(to: URL(fileURLWithPath: authorityOutput), options: .atomic)
                } catch {
                    throw BackOfficeFailure("the authority cannot be written to \(authorityOutput): \(error.localizedDescription)")
                }
                handed.append(authorityOutput)
            }
            print(
                "terminal \(parsed.terminalID) enrolled"
                    + (liftedRevocation.map { "; its revocation is lifted (revoked-terminals list version \($0))" } ?? "")
                    + (handed.isEmpty
                        ? "; give it the back office's TLS authority (--authority-output FILE writes it)"
                        : "; the back office's TLS authority written to \(handed.joined(separator: " and "))"))
        }

        /// The authority's certificate in PEM: the file given, or the back office's own.
        private func authorityPEM() throws -> String {
            if let tlsAuthorityFile {
                let text: String
                do {
                    text = try String(contentsOfFile: tlsAuthorityFile, encoding: .utf8)
                } catch {
                    throw BackOfficeFailure("--tls-authority-file \(tlsAuthorityFile) cannot be read: \(error.localizedDescription)")
                }
                guard CertificateAuthority.isPEMCertificate(text) else {
                    throw BackOfficeFailure("--tls-authority-file \(tlsAuthorityFile) holds no PEM certificate")
                }
                return text
            }
            let folder = tls.folder(for: database)
            do {
                return try folder.authority().authority.certificatePEM
            } catch {
                throw BackOfficeFailure("the back office's TLS authority in \(folder.path) cannot be used: \(error)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a terminal: its requests are refused from now on.")
        @Argument(help: "The terminal id.") var id: UInt32
        @Option(help: "Why (kept with the revocation).") var reason: String = "revoked by an operator"
        @OptionGroup var documentKey: DocumentKeyOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            _ = try documentKey.signingKeyIfGiven()
            let version = try await withStore(database) { store in
                try await store.revoke(terminal: id, at: nowMilliseconds(), reason: reason)
                try await AuditTrail.$current.withValue(AuditTrail(actor: AuditTrail.commandLineActor(), reason: reason)) {
                    try await AuditTrail.record("terminal.revoke", subject: "terminal \(id)", store: store)
                }
                return try await publishRevokedTerminals(store, options: documentKey)
            }
            print("terminal \(id) revoked" + (version.map { "; revoked-terminals list published as version \($0)" } ?? ""))
        }
    }

    struct SetStore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-store", abstract: "File a terminal under a store (\"\" for none).",
            discussion: "Its transactions stored from now on count for that store; those already projected keep their store.")
        @Argument(help: "The terminal id.") var id: UInt32
        @Argument(help: "The store's short name.") var store: String
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws { try TerminalCommand.checkStoreName(store) }

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            let name = store
            try await withStore(database) { store in
                // What was stored before counts for the store it stood in then.
                try await OverviewProjection(store: store).catchUp()
                try await store.setStore(terminal: id, store: name)
                try await AuditTrail.record("terminal.set-store", subject: "terminal \(id)", detail: ["store": name], store: store)
            }
            print("terminal \(id) is in store \(name.isEmpty ? "(no store)" : name)")
        }
    }

    /// A store's name: short, printable, one line.
    static func checkStoreName(_ name: String) throws {
        guard name.count <= 64, !name.contains(where: { $0.isNewline || $0 == "\t" }), name == name.trimmingCharacters(in: .whitespaces)
        else { throw ValidationError("a store name is up to 64 characters on one line, without leading or trailing spaces or tabs") }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List terminals, how far each has synced, and revocations.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await withStore(database) { store in
                print("id\tstored-through\tstatus\tstore\tlabel")
                for terminal in try await store.terminals() {
                    var status = terminal.revokedAt != nil ? "revoked (\(terminal.revocationReason ?? ""))" : "active"
                    if terminal.revokedAt != nil {
                        let last = try await lastEnrolment(of: terminal.id, store: store)
                        if last > 0 { status += "; its members honoured up to E\(terminal.id)-\(last)" }
                    }
                    print(
                        "\(terminal.id)\t\(try await store.storedThrough(terminal: terminal.id))\t\(status)\t\(terminal.storeDisplay)\t\(terminal.label)"
                    )
                }
            }
        }
    }
}

/// Publishes the list of revoked terminals as it now stands: terminals download it, so they stop
/// trusting card states the revoked ones signed, and the members a revoked terminal enrolled
/// above the last enrolment the back office holds from it (those below stay members: the
/// honoured number, `docs/card-profile.md` §14).
func publishRevokedTerminals(_ store: any LedgerStore, key: DocumentSigningKey) async throws -> PublishedDocument {
    let revoked = try await store.terminals().filter(\.isRevoked).map(\.id)
    var honoured: [UInt32: UInt32] = [:]
    for terminal in revoked {
        let last = try await lastEnrolment(of: terminal, store: store)
        if last > 0 { honoured[terminal] = last }
    }
    let document = RevokedTerminalsDocument(revoked: revoked, enrolmentsHonoured: honoured)
    return try await publishSigned(.revokedTerminals, whole: try document.encoded(), key: key, store: store)
}

/// The highest enrolment number among `terminal`'s synced transactions (0: it enrolled none).
func lastEnrolment(of terminal: UInt32, store: any LedgerStore) async throws -> UInt32 {
    var last: UInt32 = 0
    var after: Int64 = 0
    while true {
        let page = try await store.pull(PullQuery(after: after, terminal: terminal, limit: 10_000))
        for transaction in page.transactions {
            if let number = LedgerEntry.decode(transaction.payload)?.enrolment?.number { last = max(last, number) }
        }
        guard page.more else { return last }
        after = page.nextAfter
    }
}

/// Publishes the revoked terminals when a document key is given; otherwise says how to.
private func publishRevokedTerminals(_ store: any LedgerStore, options: DocumentKeyOptions) async throws -> Int64? {
    guard let key = try options.signingKeyIfGiven() else {
        print(
            "revoked-terminals not published (no document key): publish it with 'loyalty-backoffice publish revoked-terminals --document-key ...'"
        )
        return nil
    }
    return try await publishRevokedTerminals(store, key: key).version
}
