import BackOfficeStorage

/// One page of the console: where it is, who may see it, its title, its template, and how it
/// builds what the template shows (docs/console.md, "Adding a page").
///
/// The page's role is checked on the server before anything else: not signed in, a redirect
/// (303) to the sign-in page; signed in below the role, 403. A form posted to the page is
/// refused (403) unless it carries the session's CSRF token, and only then reaches ``post``.
public struct ConsolePage: Sendable {
    /// The path, under `/console`; `:name` is a path parameter (``ConsoleRequest/parameter(_:)``).
    public var path: String
    /// The least role that may see the page.
    public var role: Role
    /// The least role that may post its forms (the page's role when nil).
    public var postRole: Role?
    /// The title, in the header and the navigation.
    public var title: String
    /// The Mustache template of the page's body (`{{ }}` escapes HTML); ``ConsoleRequest/csrfToken``
    /// is in scope as `{{csrf}}` for forms.
    public var template: String
    /// Whether the navigation lists it (pages with path parameters: no).
    public var inNavigation: Bool
    /// Builds the answer to a GET.
    public var get: @Sendable (ConsoleRequest) async throws -> ConsoleAnswer
    /// Handles a POST of the page's form (its CSRF token already checked); nil: GET only.
    public var post: (@Sendable (ConsoleRequest) async throws -> ConsoleAnswer)?

    public init(
        path: String, role: Role, title: String, template: String, inNavigation: Bool = true, postRole: Role? = nil,
        get: @escaping @Sendable (ConsoleRequest) async throws -> ConsoleAnswer,
        post: (@Sendable (ConsoleRequest) async throws -> ConsoleAnswer)? = nil
    ) {
        self.path = path
        self.role = role
        self.postRole = postRole
        self.title = title
        self.template = template
        self.inNavigation = inNavigation
        self.get = get
        self.post = post
    }
}

/// What a page answers.
public enum ConsoleAnswer: Sendable {
    /// The page's template rendered with this view model (a struct or dictionary; Mustache reads
    /// its properties), inside the layout.
    case view(any Sendable)
    /// A redirect (303) to another path, after a form.
    case redirect(String)
    /// A file to download.
    case download(filename: String, contentType: String, body: [UInt8])
    /// A refusal shown as a page with this status and message (400, 404, 409, ...).
    case refused(status: Int, message: String)
}
