import Foundation

/// Phone numbers as the back office keys members by them: digits only, with a leading `+` kept,
/// spaces, dashes, dots and brackets dropped (`+60 12-345 6789` is `+60123456789`).
public enum PhoneNumber {
    /// The normalised number, or `nil` when `text` is not 6 to 15 digits (E.164's longest).
    public static func normalised(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let plus = trimmed.hasPrefix("+")
        var digits = ""
        for character in plus ? trimmed.dropFirst() : Substring(trimmed) {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if !" -.()".contains(character) {
                return nil
            }
        }
        guard (6...15).contains(digits.count) else { return nil }
        return (plus ? "+" : "") + digits
    }
}
