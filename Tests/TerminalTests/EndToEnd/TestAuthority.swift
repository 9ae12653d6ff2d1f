import Foundation
import StoreProcesses

/// A certificate authority made for one test with the `openssl` command, and a server certificate
/// it signs for 127.0.0.1 and localhost: the back office's own, or an attacker's. Keys are
/// written mode 0600.
struct TestAuthority {
    let authorityCertificate: String
    let serverCertificate: String
    let serverKey: String

    /// Makes `name`'s authority and its server certificate in `directory` (created).
    static func make(_ name: String, in directory: String) async throws -> TestAuthority {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let authority = TestAuthority(
            authorityCertificate: directory + "/ca.pem", serverCertificate: directory + "/server.pem", serverKey: directory + "/server.key")
        let extensions = directory + "/server.ext"
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n".write(
            toFile: extensions, atomically: true, encoding: .utf8)
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await openssl(
            ["req", "-x509"] + curve + [
                "-keyout", directory + "/ca.key", "-out", authority.authorityCertificate, "-subj", "/CN=\(name) TEST authority", "-days",
                "2",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        try await openssl(["req"] + curve + ["-keyout", authority.serverKey, "-out", directory + "/server.csr", "-subj", "/CN=127.0.0.1"])
        try await openssl([
            "x509", "-req", "-in", directory + "/server.csr", "-CA", authority.authorityCertificate, "-CAkey", directory + "/ca.key",
            "-CAcreateserial", "-out", authority.serverCertificate, "-days", "2", "-extfile", extensions,
        ])
        for key in [directory + "/ca.key", authority.serverKey] {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        }
        return authority
    }

    private static func openssl(_ arguments: [String]) async throws {
        let result = try await ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/openssl"), arguments)
        guard result.status == 0 else { throw HarnessError("openssl \(arguments.first ?? ""): \(result.standardError)") }
    }
}
