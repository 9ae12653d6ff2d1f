/// The constants of the member-card profile (see `docs/card-profile.md`).
public enum MemberCardProfile {
    /// The profile version in the FCI (`80` inside `A5`).
    public static let version: UInt8 = 1
    /// The application identifier: `F0` (proprietary, unregistered) + "LOYALTY" + version 01.
    public static let aid: [UInt8] = [0xF0, 0x4C, 0x4F, 0x59, 0x41, 0x4C, 0x54, 0x59, 0x01]
    /// The class byte of the profile's proprietary commands.
    public static let proprietaryClass: UInt8 = 0x80

    /// Instruction bytes.
    public enum Instruction {
        /// SELECT by AID (`00 A4 04 00`).
        public static let select: UInt8 = 0xA4
        /// AUTHENTICATE (`80 88 00 00`): challenge in, counter and card signature out.
        public static let authenticate: UInt8 = 0x88
        /// WRITE STATE (`80 D2 00 00`): a terminal-signed state envelope in.
        public static let writeState: UInt8 = 0xD2
        /// PERSONALISE (`80 E0 00 00`): a signed member record in, stored once on a blank card.
        public static let personalise: UInt8 = 0xE0
    }

    /// Bytes of the terminal's challenge.
    public static let challengeLength = 16
    /// Bytes of a raw P-256 ECDSA signature (r || s, 32 bytes each).
    public static let signatureLength = 64
    /// Bytes of an uncompressed P-256 public key (`04 || X || Y`).
    public static let publicKeyLength = 65
    /// Bytes of a key id (the first 8 bytes of SHA-256 of the uncompressed public key).
    public static let keyIDLength = 8
    /// Largest opaque engine state inside a points state.
    public static let maximumEngineStateLength = 1024
    /// Largest state envelope the card stores.
    public static let maximumEnvelopeLength = 1536

    /// Tags of the templates.
    public enum Tag {
        public static let fci: UInt8 = 0x6F
        public static let dfName: UInt8 = 0x84
        public static let proprietary: UInt8 = 0xA5
        public static let profileVersion: UInt8 = 0x80
        public static let signedRecord: UInt8 = 0xE1
        public static let stateEnvelope: UInt8 = 0xE2
        public static let terminalCertificate: UInt8 = 0xE3
        public static let recordBody: UInt8 = 0x71
        public static let stateBody: UInt8 = 0x72
        public static let certificateBody: UInt8 = 0x75
        public static let issuerSignature: UInt8 = 0x9E
        public static let terminalSignature: UInt8 = 0x9D
        /// A blank card's public key in its FCI, where a personalised card has its record (`E1`).
        public static let blankCardKey: UInt8 = 0x8B
        /// The enrolment certificate, after the signature of a record a terminal signed.
        public static let enrolmentCertificate: UInt8 = 0xE4
        public static let enrolmentCertificateBody: UInt8 = 0x76
    }
}
