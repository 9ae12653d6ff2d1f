import BackOfficeStorage
import Mustache

/// The console's templates, parsed once at start: the layout, the built-in pages and every
/// registered page's body.
struct ConsoleRenderer: Sendable {
    let library: MustacheLibrary

    /// One link of the navigation.
    struct Link: Sendable {
        var title: String
        var path: String
        var current: Bool
    }

    /// What the layout shows around a page's body.
    struct Layout: Sendable {
        var title: String
        var signedIn: Bool
        var user: String
        var role: String
        var csrf: String
        var navigation: [Link]
        /// The page's body, rendered already (escaped by its own template).
        var content: String
    }

    init(pages: [ConsolePage]) throws {
        var library = MustacheLibrary()
        try library.register(ConsoleTemplates.layout, named: "layout")
        try library.register(ConsoleTemplates.signIn, named: "sign-in")
        try library.register(ConsoleTemplates.message, named: "message")
        for page in pages {
            // The page's model is a section, so the template reads its properties by name and
            // still sees `csrf` from the scope around it.
            try library.register("{{#page}}" + page.template + "{{/page}}", named: page.path)
        }
        self.library = library
    }

    /// A registered page's body for `model`.
    func body(of page: ConsolePage, model: any Sendable, csrf: String) -> String {
        library.render(["page": model, "csrf": csrf] as [String: Any], withTemplate: page.path) ?? ""
    }

    /// A built-in template (`sign-in`, `message`) for `model`.
    func body(template: String, model: [String: Any]) -> String {
        library.render(model, withTemplate: template) ?? ""
    }

    /// `content` inside the layout.
    func document(_ layout: Layout) -> String {
        library.render(layout, withTemplate: "layout") ?? ""
    }

    /// The navigation `user` sees: the pages their role reaches.
    static func navigation(_ pages: [ConsolePage], role: Role?, current: String) -> [Link] {
        guard let role else { return [] }
        return pages.filter { $0.inNavigation && role.allows($0.role) }.map {
            Link(title: $0.title, path: $0.path, current: $0.path == current)
        }
    }
}
