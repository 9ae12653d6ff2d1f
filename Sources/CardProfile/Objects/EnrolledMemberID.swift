/// The member id of a member a terminal enrolled: `E<terminal id>-<enrolment number>`, both in
/// decimal without leading zeros (`E7-42`). Terminal ids are unique in a programme and each
/// terminal numbers its enrolments 1, 2, 3..., so these ids are unique without asking anyone.
///
/// The form is strict: `E7-042`, `E07-42`, `E7-0`, a sign or a space is not an enrolled member
/// id, so a number can never be written twice in two spellings.
public enum EnrolledMemberID {
    /// The member id of enrolment `number` of `terminalID`.
    public static func make(terminalID: UInt32, number: UInt32) -> String {
        "E\(terminalID)-\(number)"
    }

    /// The terminal id and enrolment number of an enrolled member id; `nil` for any other id.
    public static func parse(_ memberID: String) -> (terminalID: UInt32, number: UInt32)? {
        let bytes = Array(memberID.utf8)
        guard bytes.first == UInt8(ascii: "E"), let dash = bytes.firstIndex(of: UInt8(ascii: "-")) else { return nil }
        guard let terminal = decimal(bytes[1..<dash]), let number = decimal(bytes[(dash + 1)...]), number > 0 else { return nil }
        return (terminal, number)
    }

    /// A canonical decimal: digits only, no leading zero (but `0` itself), within `UInt32`.
    private static func decimal(_ digits: ArraySlice<UInt8>) -> UInt32? {
        guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        guard digits.count == 1 || digits.first != 0x30 else { return nil }
        return UInt32(String(decoding: digits, as: UTF8.self))
    }
}
