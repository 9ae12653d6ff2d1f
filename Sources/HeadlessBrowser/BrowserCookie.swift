/// A cookie as the browser holds it, with the attributes a test of the console checks.
public struct BrowserCookie: Sendable, Equatable {
    public var name: String
    public var value: String
    public var httpOnly: Bool
    public var secure: Bool
    /// `Strict`, `Lax` or `None`.
    public var sameSite: String?

    public init(name: String, value: String, httpOnly: Bool, secure: Bool, sameSite: String?) {
        self.name = name
        self.value = value
        self.httpOnly = httpOnly
        self.secure = secure
        self.sameSite = sameSite
    }
}
