extension ConsolePage {
    /// `/console/overview`, where signing in leads: a placeholder for the retention figures' page.
    public static let overview = ConsolePage(
        path: "/console/overview", role: .auditor, title: "Overview", template: ConsoleTemplates.overview
    ) { request in
        .view(["user": request.user.name])
    }
}
