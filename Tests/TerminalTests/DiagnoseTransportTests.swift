import CardProfile
import Foundation
import Testing

@testable import TerminalApp

/// `diagnose`'s `back-office-tls` check, on real configuration and credential files.
@Suite("Diagnose: the back office's transport")
struct DiagnoseTransportTests {
    func configuration(in folder: ConfigurationFolder, backOffice: String, lab: Bool = false) throws -> TerminalConfiguration {
        try TerminalConfiguration.parse(
            Data(
                """
                {"trust": {"issuerFile": "issuer.json", "acceptTestCards": \(lab)}, "terminalCredentialFile": "credential.json",
                 "backOffice": \(backOffice)}
                """.utf8), file: folder.path("terminal.json"))
    }

    @Test("plain HTTP fails outside a lab, warns on a lab terminal (test cards accepted)")
    func plainHTTP() throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        try folder.writeIssuerAndCredential()
        let unsafe = #"{"url": "http://127.0.0.1:8090", "unsafePlainHTTP": true}"#
        let shop = try #require(Diagnosis.transport(try configuration(in: folder, backOffice: unsafe)))
        #expect(shop.status == .failed, "\(shop)")
        #expect(shop.detail.contains("plain HTTP"))
        #expect(shop.fix != nil)
        let lab = try #require(Diagnosis.transport(try configuration(in: folder, backOffice: unsafe, lab: true)))
        #expect(lab.status == .warned, "\(lab)")
    }

    @Test("HTTPS passes with the authority enrolment handed over or backOffice.caFile, fails with neither")
    func https() throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        try folder.writeIssuerAndCredential()
        let secure = #"{"url": "https://127.0.0.1:8090"}"#
        let none = try #require(Diagnosis.transport(try configuration(in: folder, backOffice: secure)))
        #expect(none.status == .failed, "\(none)")
        #expect(none.detail.contains("no certificate authority to trust"))

        try "-----BEGIN CERTIFICATE-----\n".write(toFile: folder.path("ca.pem"), atomically: true, encoding: .utf8)
        let configured = try #require(
            Diagnosis.transport(try configuration(in: folder, backOffice: #"{"url": "https://127.0.0.1:8090", "caFile": "ca.pem"}"#)))
        #expect(configured.status == .passed, "\(configured)")
        #expect(configured.detail.contains("backOffice.caFile"))

        var credential = try TerminalCredentialFile.load(folder.path("credential.json"))
        credential.backOfficeAuthority = "-----BEGIN CERTIFICATE-----\n"
        try credential.save(folder.path("credential.json"))
        let enrolled = try #require(Diagnosis.transport(try configuration(in: folder, backOffice: secure)))
        #expect(enrolled.status == .passed, "\(enrolled)")
        #expect(enrolled.detail.contains("handed over at enrolment"))
    }
}
