import BackOfficeStorage
import Crypto

extension ConsolePage {
    /// `/console/users` (admin): the users and their roles; a form adds one (name, role,
    /// initial password), another removes one. Each act is recorded in the audit log.
    public static let users = ConsolePage(
        path: "/console/users", role: .admin, title: "Users", template: ConsoleTemplates.users,
        get: { request in .view(try await UsersView(request: request, notice: request.query["done"] ?? "")) },
        post: { request in
            switch request.field("action") {
            case "add": return try await UsersPage.add(request)
            case "remove": return try await UsersPage.remove(request)
            default: return .refused(status: 400, message: "The form names no known action.")
            }
        })
}

/// The users page's acts.
enum UsersPage {
    static func add(_ request: ConsoleRequest) async throws -> ConsoleAnswer {
        let name = request.field("name") ?? ""
        let password = request.field("password") ?? ""
        guard BackOfficeUser.isValidName(name) else {
            return .refused(status: 400, message: "A user name is 1 to 64 letters, digits, '.', '_' or '-'.")
        }
        guard let role = request.field("role").flatMap(Role.init(rawValue:)) else {
            return .refused(status: 400, message: "Choose a role.")
        }
        if let problem = PasswordHash.problem(with: password) { return .refused(status: 400, message: "Not added: \(problem).") }
        // A console user gets a bearer token too, never shown: 'user add' on the command line
        // gives a user a token of their own.
        let unseenToken = (0..<32).map { _ in UInt8.random(in: .min ... .max) }
        let user = BackOfficeUser(
            name: name, role: role, tokenDigest: Array(SHA256.hash(data: unseenToken)), createdAt: request.now,
            passwordHash: try PasswordHash.make(password: password).text)
        do {
            try await request.store.addUser(user)
        } catch LedgerStoreError.duplicateUser {
            return .refused(status: 409, message: "A user named \(name) exists already.")
        }
        try await request.audit(action: "user.add", subject: "user \(name)", detail: ["role": role.rawValue])
        return .redirect("/console/users?done=added")
    }

    static func remove(_ request: ConsoleRequest) async throws -> ConsoleAnswer {
        let name = request.field("name") ?? ""
        guard name != request.user.name else { return .refused(status: 400, message: "You cannot remove yourself.") }
        do {
            try await request.store.removeUser(named: name)
        } catch LedgerStoreError.unknownUser {
            return .refused(status: 404, message: "There is no user named \(name).")
        }
        try await request.audit(action: "user.remove", subject: "user \(name)")
        return .redirect("/console/users?done=removed")
    }
}

/// What the users page shows.
struct UsersView: Sendable {
    struct Row: Sendable {
        var name: String
        var role: String
        var added: String
        var password: Bool
        var isYou: Bool
    }

    struct Choice: Sendable {
        var value: String
    }

    var users: [Row]
    var roles: [Choice]
    var notice: String
    var hasNotice: Bool

    init(request: ConsoleRequest, notice: String) async throws {
        users = try await request.store.users().map {
            Row(
                name: $0.name, role: $0.role.rawValue, added: request.time($0.createdAt), password: $0.passwordHash != nil,
                isYou: $0.name == request.user.name)
        }
        roles = Role.allCases.map { Choice(value: $0.rawValue) }
        switch notice {
        case "added": self.notice = "The user was added."
        case "removed": self.notice = "The user was removed; their sessions ended."
        default: self.notice = ""
        }
        hasNotice = !self.notice.isEmpty
    }
}
