import DurableFile
import Foundation
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The folder where the back office keeps its own TLS authority and server certificate:
///
/// - `ca.pem`: the authority's certificate, handed to terminals at enrolment (mode 0644);
/// - `ca-key.pem`: the authority's private key (mode 0600);
/// - `server.pem`, `server-key.pem`: the server certificate `serve` presents and its key (0600).
///
/// The folder is created with mode 0700. Whoever needs the authority first (`serve`, or
/// `terminal enrol`) makes it; later uses read it. A server certificate is made for the names
/// asked, and made anew when the names change, when it nears its end
/// (``ServerIdentity/renewalMargin``), or when it is not the authority's. Key files readable by
/// others are refused. Two processes preparing the folder at once take turns (a lock file).
public struct TLSFolder: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public var authorityCertificatePath: String { path + "/ca.pem" }
    public var authorityKeyPath: String { path + "/ca-key.pem" }
    public var serverCertificatePath: String { path + "/server.pem" }
    public var serverKeyPath: String { path + "/server-key.pem" }

    /// What ``prepare(names:now:)`` did with the server certificate.
    public enum ServerCertificateChange: Equatable, Sendable {
        case reused
        case made
        /// Made anew, for the reason given.
        case renewed(String)
    }

    /// The authority, made if the folder has none (`made` says so).
    public func authority(now: Date = Date()) throws -> (authority: CertificateAuthority, made: Bool) {
        try locked { try loadOrMakeAuthority(now: now) }
    }

    /// The authority and a server certificate for `names` that is good at `now`.
    public func prepare(
        names: ServerNames, now: Date = Date()
    ) throws -> (authority: CertificateAuthority, authorityMade: Bool, server: ServerIdentity, change: ServerCertificateChange) {
        try locked {
            let (authority, made) = try loadOrMakeAuthority(now: now)
            var reason: String?
            if exists(serverCertificatePath) || exists(serverKeyPath) {
                let current = try read(certificate: serverCertificatePath, key: serverKeyPath) {
                    try ServerIdentity(certificatePEM: $0, keyPEM: $1)
                }
                reason = current.renewalReason(names: names, authority: authority, now: now)
                if reason == nil { return (authority, made, current, .reused) }
            }
            let server = try authority.issueServerCertificate(names: names, now: now)
            try write(serverKeyPath, server.keyPEM, permissions: .ownerReadWrite)
            try write(serverCertificatePath, try server.certificatePEM, permissions: [.ownerReadWrite, .groupRead, .otherRead])
            return (authority, made, server, reason.map { .renewed($0) } ?? .made)
        }
    }

    // MARK: Files

    private func loadOrMakeAuthority(now: Date) throws -> (CertificateAuthority, Bool) {
        if exists(authorityCertificatePath) || exists(authorityKeyPath) {
            return (
                try read(certificate: authorityCertificatePath, key: authorityKeyPath) {
                    try CertificateAuthority(certificatePEM: $0, keyPEM: $1)
                }, false
            )
        }
        let authority = try CertificateAuthority.make(name: "LoyaltyTerminal back office CA \(Self.shortID())", now: now)
        try write(authorityKeyPath, authority.keyPEM, permissions: .ownerReadWrite)
        try write(authorityCertificatePath, try authority.certificatePEM, permissions: [.ownerReadWrite, .groupRead, .otherRead])
        return (authority, true)
    }

    private func read<T>(certificate: String, key: String, _ parse: (String, String) throws -> T) throws -> T {
        for file in [certificate, key] where !exists(file) {
            throw TLSAuthorityError(
                "\(file) is missing while \(file == key ? certificate : key) is there: restore it, or remove both to make new ones")
        }
        try checkOwnerOnly(key)
        do {
            return try parse(String(contentsOfFile: certificate, encoding: .utf8), String(contentsOfFile: key, encoding: .utf8))
        } catch let error as TLSAuthorityError {
            throw TLSAuthorityError("\(certificate) and \(key) cannot be used: \(error)")
        } catch {
            throw TLSAuthorityError("\(certificate) or \(key) cannot be read: \(error.localizedDescription)")
        }
    }

    /// A key file readable or writable by others than its owner is not used.
    private func checkOwnerOnly(_ file: String) throws {
        var status = stat()
        guard stat(file, &status) == 0 else { throw TLSAuthorityError("\(file) cannot be read: \(Errno(rawValue: errno))") }
        guard status.st_mode & 0o077 == 0 else {
            throw TLSAuthorityError(
                "\(file) holds a private key but others than its owner may read it (mode \(String(status.st_mode & 0o777, radix: 8))): chmod 600 \(file)"
            )
        }
    }

    private func write(_ file: String, _ text: String, permissions: FilePermissions) throws {
        do {
            try DurableFile.replace(FilePath(file), with: Array(text.utf8), permissions: permissions)
        } catch {
            throw TLSAuthorityError("\(file) cannot be written: \(error)")
        }
    }

    private func exists(_ file: String) -> Bool { FileManager.default.fileExists(atPath: file) }

    /// Runs `body` holding the folder's lock (created with the folder when missing).
    private func locked<T>(_ body: () throws -> T) throws -> T {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw TLSAuthorityError("the TLS folder \(path) cannot be created: \(error.localizedDescription)")
        }
        let descriptor = open(path + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw TLSAuthorityError("the TLS folder \(path) cannot be written: \(Errno(rawValue: errno))") }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw TLSAuthorityError("the TLS folder \(path) cannot be locked: \(Errno(rawValue: errno))") }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    private static func shortID() -> String {
        (0..<4).map { _ in String(format: "%02X", UInt8.random(in: 0...255)) }.joined()
    }
}
