import CardProfile

/// Files holding the back office's secrets (signing key, TLS key, a user's token) are refused when others may
/// read them (`DurableFile`'s `SecretFile`, through `OwnerOnlyFile`).
enum SecretFileCheck {
    /// Throws a ``BackOfficeFailure`` naming the file, what it is, and the fix.
    static func require(_ path: String?, holding what: String) throws {
        guard let path else { return }
        do {
            try OwnerOnlyFile.checkPrivate(path)
        } catch {
            throw BackOfficeFailure("\(what): \(error)")
        }
    }
}
