import CardProfile
import Foundation
import MemberCard
import PointsEngine

/// What the files named by a ``TerminalConfiguration`` hold, read and checked: the terminal's
/// credential, the trust policy cards are checked against, the programme, the POS token.
struct TerminalResources: Sendable {
    var credential: TerminalCredential
    /// True when the credential file says it was issued by a TEST issuer.
    var credentialIsTest: Bool
    var policy: TrustPolicy
    var programme: Programme
    /// The programme's signed envelope as loaded (the demo's when embedded).
    var programmeEnvelope: SignedProgramme
    /// The keys a programme must be signed with: the configured one's, and any delivered by sync.
    var programmeKeys: TrustedKeys
    /// The bearer token POS requests must carry, when a token file is configured.
    var token: String?
}

extension TerminalConfiguration {
    /// Reads every file the configuration names; the first problem names the field and the file.
    func loadResources() throws(ConfigurationError) -> TerminalResources {
        let (credential, isTest) = try loadCredential()
        let policy = try loadPolicy()
        let (programme, envelope) = try loadProgramme()
        return TerminalResources(
            credential: credential, credentialIsTest: isTest, policy: policy,
            programme: programme, programmeEnvelope: envelope, programmeKeys: try programmeTrustedKeys(), token: try loadToken())
    }

    /// The terminal credential, checked for shape (its certificate's issuer signature is
    /// checked by ``loadPolicy()``'s key in `diagnose`, and by every card reader).
    func loadCredential() throws(ConfigurationError) -> (TerminalCredential, isTest: Bool) {
        let field = "terminalCredentialFile"
        let data = try read(terminalCredentialFile, field: field, hint: "loyalty-sim issuer enrol-terminal writes one")
        let file: TerminalCredentialFile
        do {
            file = try JSONDecoder().decode(TerminalCredentialFile.self, from: data)
        } catch {
            throw fileError(field, terminalCredentialFile, "not a terminal credential file (\(Self.describe(error)))")
        }
        let credential: TerminalCredential
        do {
            credential = try file.credential()
        } catch {
            throw fileError(field, terminalCredentialFile, "invalid credential: \(error)")
        }
        try checkSecret(terminalCredentialFile, field: field)
        return (credential, file.test)
    }

    /// The back office's TLS authority (PEM) enrolment wrote into the credential file, if any.
    func loadBackOfficeAuthority() throws(ConfigurationError) -> String? {
        let field = "terminalCredentialFile"
        let data = try read(terminalCredentialFile, field: field, hint: "loyalty-sim issuer enrol-terminal writes one")
        do {
            return try JSONDecoder().decode(TerminalCredentialFile.self, from: data).backOfficeAuthority
        } catch {
            throw fileError(field, terminalCredentialFile, "not a terminal credential file (\(Self.describe(error)))")
        }
    }

    /// The issuer key, programme id, block list and test-card rule.
    func loadPolicy() throws(ConfigurationError) -> TrustPolicy {
        let blocked = try loadBlockList()
        switch trust.issuer {
        case .publicKey(let hex):
            do {
                return TrustPolicy(
                    issuerKey: try ProfileKeys.publicKey(HexKey.decode(hex) ?? []), programmeID: trust.programmeID ?? 0,
                    blockedMembers: blocked, acceptTestCards: trust.acceptTestCards)
            } catch {
                throw ConfigurationError(file: file, field: "trust.issuerPublicKey", "not a valid P-256 public key (\(error))")
            }
        case .file(let path):
            let field = "trust.issuerFile"
            let data = try read(path, field: field, hint: "the issuer's public file: {\"programmeID\": ..., \"publicKey\": \"04...\"}")
            let issuer: IssuerFile
            let policy: TrustPolicy
            do {
                issuer = try JSONDecoder().decode(IssuerFile.self, from: data)
                policy = TrustPolicy(
                    issuerKey: try issuer.issuerPublicKey(), programmeID: issuer.programmeID,
                    blockedMembers: blocked, acceptTestCards: trust.acceptTestCards)
            } catch {
                throw fileError(field, path, "not an issuer file (\(Self.describe(error)))")
            }
            // The issuer's own file holds its private key: a terminal should be given the public
            // copy, and the private one must not be readable by others.
            if issuer.privateKey != nil { try checkSecret(path, field: field) }
            if let configured = trust.programmeID, configured != issuer.programmeID {
                throw ConfigurationError(
                    file: file, field: "trust.programmeID",
                    "\(configured) differs from the programme id \(issuer.programmeID) in the issuer file \(path)")
            }
            return policy
        }
    }

    /// The member ids of the block list file: one a line, blank lines and `#` comments ignored.
    func loadBlockList() throws(ConfigurationError) -> Set<String> {
        guard let path = trust.blockListFile else { return [] }
        let field = "trust.blockListFile"
        let data = try read(path, field: field, hint: "one blocked member id a line; an empty file blocks nobody")
        guard let text = String(data: data, encoding: .utf8) else {
            throw fileError(field, path, "not UTF-8 text")
        }
        var members: Set<String> = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let id = content.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !id.isEmpty else { continue }
            guard id.utf8.count <= 64, !id.contains(where: \.isWhitespace) else {
                throw fileError(
                    field, path, "line \(index + 1): \"\(id.prefix(70))\" is not a member id (one id a line, no spaces, at most 64 bytes)")
            }
            members.insert(id)
        }
        return members
    }

    /// The programme: verified against the trusted keys, decoded and validated.
    func loadProgramme() throws(ConfigurationError) -> (Programme, SignedProgramme) {
        switch programme {
        case .embeddedDemo:
            return (Programme.demo, SignedProgramme.demo)
        case .file(let path, _):
            let field = "programme.file"
            let data = try read(path, field: field, hint: "a signed programme envelope, see docs/programme.md")
            let trusted = try programmeTrustedKeys()
            do {
                let envelope = try SignedProgramme.decode(envelope: Array(data))
                return (try envelope.verify(trustedKeys: trusted), envelope)
            } catch {
                throw fileError(field, path, "refused: \(error)")
            }
        }
    }

    /// The keys that may sign the programme: `programme.trustedKeys`, or the demo's TEST key.
    func programmeTrustedKeys() throws(ConfigurationError) -> TrustedKeys {
        switch programme {
        case .embeddedDemo:
            return .demo
        case .file(_, let keys):
            do {
                return try TrustedKeys(hex: keys)
            } catch {
                throw ConfigurationError(file: file, field: "programme.trustedKeys", "not valid public keys (\(error))")
            }
        }
    }

    /// The POS API token, when a token file is configured.
    func loadToken() throws(ConfigurationError) -> String? {
        guard let path = posAPI.tokenFile else { return nil }
        let field = "posAPI.tokenFile"
        let data = try read(path, field: field, hint: "write a long random token in it, e.g. openssl rand -hex 32 > FILE")
        guard let text = String(data: data, encoding: .utf8) else { throw fileError(field, path, "not UTF-8 text") }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw fileError(field, path, "the token file is empty") }
        guard token.count >= 16 else { throw fileError(field, path, "the token is shorter than 16 characters") }
        guard token.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline }) else {
            throw fileError(field, path, "the token must be one line of printable ASCII without spaces")
        }
        try checkSecret(path, field: field)
        return token
    }

    // MARK: Helpers

    private func read(_ path: String, field: String, hint: String) throws(ConfigurationError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fileError(field, path, "no such file (\(hint))")
        }
        guard !isDirectory.boolValue else { throw fileError(field, path, "is a folder, not a file") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw fileError(field, path, "cannot be read (\(Self.describe(error)))")
        }
    }

    /// Refuses a file holding a key or token that its group or others may access.
    private func checkSecret(_ path: String, field: String) throws(ConfigurationError) {
        do {
            try OwnerOnlyFile.checkPrivate(path)
        } catch {
            throw ConfigurationError(file: file, field: field, "\(error)")
        }
    }

    private func fileError(_ field: String, _ path: String, _ problem: String) -> ConfigurationError {
        ConfigurationError(file: file, field: field, "\(path): \(problem)")
    }
}
