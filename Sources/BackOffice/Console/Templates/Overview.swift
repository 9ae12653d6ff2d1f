extension ConsoleTemplates {
    /// The overview: its content is rendered (and escaped) by `OverviewHTML`, charts included.
    static let overview = """
        {{{content}}}

        """
}
