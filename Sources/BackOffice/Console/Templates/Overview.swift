extension ConsoleTemplates {
    /// The overview's placeholder.
    static let overview = """
        <p>Welcome, {{user}}. The retention figures will be shown here.</p>

        """
}
