extension ConsoleTemplates {
    /// The sign-in form; `csrf` is the pre-session token (also in the `loyalty_signin` cookie).
    static let signIn = """
        {{#hasNotice}}<p class="notice bad">{{notice}}</p>{{/hasNotice}}
        <form method="post" action="/console/sign-in" class="sign-in">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label>User name <input name="user" autocomplete="username" required autofocus></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
        </form>

        """
}
