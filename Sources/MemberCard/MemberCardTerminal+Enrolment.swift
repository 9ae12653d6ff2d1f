import CardProfile

extension MemberCardTerminal {
    /// The checks of a record a terminal signed (`E1` with `E4`): the certificate is the issuer's
    /// for this programme, its enrolment key signed the record, and the record is within the
    /// certificate's bounds and not above what a revoked terminal still has honoured.
    func verifyEnrolment(_ signed: SignedMemberRecord, certificate: EnrolmentCertificate, _ reading: inout CardReading) -> Bool {
        let record = signed.record
        guard certificate.issuerKeyID == ProfileKeys.keyID(of: policy.issuerKey), certificate.isSigned(by: policy.issuerKey) else {
            reading.fail(.issuerSignature, .forgedRecord, why: "enrolment certificate not signed by the issuer")
            return false
        }
        guard certificate.programmeID == policy.programmeID else {
            reading.fail(.issuerSignature, .wrongProgramme(certificate.programmeID), why: "enrolment certificate")
            return false
        }
        guard record.issuerKeyID == certificate.enrolmentKeyID, let key = try? ProfileKeys.publicKey(certificate.enrolmentPublicKey),
            signed.isSigned(by: key)
        else {
            reading.fail(
                .issuerSignature, .forgedRecord,
                why: "record not signed by the enrolment key certified for terminal \(certificate.terminalID)")
            return false
        }
        guard record.programmeID == policy.programmeID else {
            reading.fail(.issuerSignature, .wrongProgramme(record.programmeID))
            return false
        }
        reading.pass(
            .issuerSignature, "record of member \(record.memberID) signed by terminal \(certificate.terminalID)'s certified enrolment key")
        if let problem = Self.enrolmentProblem(record, certificate: certificate) {
            reading.fail(.enrolment, .enrolmentNotCertified(problem))
            return false
        }
        let terminal = certificate.terminalID
        let number = EnrolledMemberID.parse(record.memberID)?.number ?? 0
        if policy.revokedTerminals.contains(terminal) {
            let honoured = policy.enrolmentsHonoured[terminal] ?? 0
            guard number <= honoured else {
                reading.fail(.enrolment, .revokedEnrolment(terminalID: terminal, number: number, honoured: honoured))
                return false
            }
        }
        reading.pass(
            .enrolment,
            "enrolment \(number) of terminal \(terminal), within its certificate (1 to \(certificate.highestEnrolment), \(certificate.firstDay) to \(certificate.lastDay))"
        )
        return true
    }

    /// Why `record` is outside what `certificate` allows, or `nil`.
    static func enrolmentProblem(_ record: MemberRecord, certificate: EnrolmentCertificate) -> String? {
        guard let (terminal, number) = EnrolledMemberID.parse(record.memberID) else {
            return "member id \(record.memberID) is not E<terminal>-<number>"
        }
        guard terminal == certificate.terminalID else {
            return "member id \(record.memberID) names terminal \(terminal), the certificate is terminal \(certificate.terminalID)'s"
        }
        guard number <= certificate.highestEnrolment else {
            return "enrolment \(number) is over the certificate's limit \(certificate.highestEnrolment)"
        }
        guard certificate.firstDay <= record.issued, record.issued <= certificate.lastDay else {
            return "issued \(record.issued), outside the certificate's days \(certificate.firstDay) to \(certificate.lastDay)"
        }
        guard certificate.cardClass == .standard || certificate.cardClass == .test else {
            return "the certificate is for class \(certificate.cardClass): terminals enrol standard cards only"
        }
        guard record.cardClass == certificate.cardClass else {
            return "class \(record.cardClass), the certificate allows \(certificate.cardClass)"
        }
        return nil
    }
}
