import AsyncHTTPClient
import NIOSSL

/// The HTTP client the terminal talks to its back office with.
///
/// Over `https` it trusts one set of authorities, never the system's: `backOffice.caFile` when
/// configured, else the authority enrolment wrote into the credential file
/// (`backOfficeAuthority`). A server whose certificate is from any other authority fails the TLS
/// handshake. Over `http` (`backOffice.unsafePlainHTTP`) it is the shared client.
enum BackOfficeClient {
    /// Where the trusted authorities come from.
    enum Trust: Equatable, Sendable {
        /// `backOffice.caFile`.
        case caFile(String)
        /// The credential file's `backOfficeAuthority` (PEM).
        case enrolled(String)
        /// Plain HTTP: nothing to trust.
        case none
    }

    /// The trust for `settings`; `enrolledAuthority` is the credential file's. Fails when an
    /// `https` back office has no authority to trust.
    static func trust(_ settings: TerminalConfiguration.BackOfficeSettings, enrolledAuthority: String?) throws -> Trust {
        if settings.unsafePlainHTTP { return .none }
        if let caFile = settings.caFile { return .caFile(caFile) }
        if let enrolledAuthority { return .enrolled(enrolledAuthority) }
        throw TerminalFailure(
            "no certificate authority to trust for the back office: enrol the terminal with loyalty-backoffice terminal enrol --credential-file (it writes backOfficeAuthority), or set backOffice.caFile"
        )
    }

    /// The client, and whether it is the caller's to shut down.
    static func make(_ settings: TerminalConfiguration.BackOfficeSettings?, enrolledAuthority: String?) throws -> (
        client: HTTPClient, owned: Bool
    ) {
        guard let settings else { return (.shared, false) }
        let certificates: [NIOSSLCertificate]
        switch try trust(settings, enrolledAuthority: enrolledAuthority) {
        case .none:
            return (.shared, false)
        case .caFile(let caFile):
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(caFile)
            } catch {
                throw TerminalFailure("backOffice.caFile \(caFile) holds no PEM certificate: \(error)")
            }
        case .enrolled(let pem):
            do {
                certificates = try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8))
            } catch {
                throw TerminalFailure("the credential file's backOfficeAuthority is not a PEM certificate: \(error)")
            }
        }
        guard !certificates.isEmpty else { throw TerminalFailure("no certificate authority to trust for the back office") }
        return (HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration(trusting: certificates)), true)
    }

    /// TLS 1.2 or later, trusting `certificates` alone; connections kept open between requests.
    static func clientConfiguration(trusting certificates: [NIOSSLCertificate]) -> HTTPClient.Configuration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.trustRoots = .certificates(certificates)
        return HTTPClient.Configuration(tlsConfiguration: tls)
    }
}
