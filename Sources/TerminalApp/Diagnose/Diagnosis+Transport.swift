import Foundation

extension Diagnosis {
    /// How the terminal's traffic to its back office is protected (`back-office-tls`): TLS with
    /// the authority enrolment handed over (or `backOffice.caFile`) passes; plain HTTP
    /// (`backOffice.unsafePlainHTTP`) fails, except on a lab terminal (one that accepts test
    /// cards, `trust.acceptTestCards`), where it warns.
    static func transport(_ configuration: TerminalConfiguration) -> DiagnosticCheck? {
        let name = "back-office-tls"
        guard let settings = configuration.backOffice else { return nil }
        if settings.unsafePlainHTTP {
            let detail = "\(settings.url) is plain HTTP (backOffice.unsafePlainHTTP): the network can read and change the sync"
            let fix =
                "serve the back office over HTTPS (the default) and use its https:// URL; enrol the terminal so it trusts its authority"
            if configuration.trust.acceptTestCards { return .warned(name, detail + "; allowed on this lab terminal", fix: fix) }
            return .failed(name, detail + "; allowed in a lab only (a terminal with trust.acceptTestCards)", fix: fix)
        }
        let enrolled: String?
        do {
            enrolled = try configuration.loadBackOfficeAuthority()
        } catch {
            return .failed(name, "\(error)", fix: "install the credential file the back office enrolled")
        }
        do {
            switch try BackOfficeClient.trust(settings, enrolledAuthority: enrolled) {
            case .caFile(let file): return .passed(name, "HTTPS, trusting only the authorities in backOffice.caFile \(file)")
            case .enrolled: return .passed(name, "HTTPS, trusting only the back office's authority handed over at enrolment")
            case .none: return .passed(name, "HTTPS")
            }
        } catch {
            return .failed(
                name, "\(error)",
                fix: "loyalty-backoffice terminal enrol --credential-file <this terminal's credential file> hands it the authority")
        }
    }
}
