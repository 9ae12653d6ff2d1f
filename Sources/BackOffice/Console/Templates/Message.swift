extension ConsoleTemplates {
    /// A page that only says something: a refusal, an error.
    static let message = """
        <p class="message">{{text}}</p>

        """
}
