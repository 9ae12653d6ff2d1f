/// Why a programme document or a signed envelope was refused.
public enum ProgrammeLoadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Not a well-formed document; names the field (JSON path) and the problem.
    case malformed(field: String, problem: String)
    /// Well-formed, but a rule fails validation.
    case invalid(ProgrammeValidationError)
    /// The envelope has no signature.
    case unsigned
    /// Signed with a key that the terminal does not trust.
    case unknownKey(keyId: String)
    /// The signature does not match the bytes and the key.
    case badSignature(keyId: String)
    /// Not newer than the programme in use.
    case notNewer(current: Int, candidate: Int)
    /// A different programme than the one in use.
    case differentProgramme(current: String, candidate: String)

    public var description: String {
        switch self {
        case .malformed(let field, let problem): "malformed programme: \(field.isEmpty ? "document" : field): \(problem)"
        case .invalid(let error): error.description
        case .unsigned: "programme is not signed"
        case .unknownKey(let keyId): "programme signed with an unknown key \"\(keyId)\""
        case .badSignature(let keyId): "programme signature does not verify with key \"\(keyId)\""
        case .notNewer(let current, let candidate): "programme version \(candidate) is not newer than \(current)"
        case .differentProgramme(let current, let candidate): "programme \"\(candidate)\" is not \"\(current)\""
        }
    }
}
