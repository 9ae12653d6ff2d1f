extension ConsoleTemplates {
    /// Every page's frame: the header with the navigation the user's role reaches, who is signed
    /// in and the sign-out form; the page's body below.
    static let layout = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Loyalty back office</title>
        <link rel="stylesheet" href="/console/style.css">
        </head>
        <body>
        <header>
        <span class="brand">Loyalty back office</span>
        {{#signedIn}}
        <nav>
        {{#navigation}}<a href="{{path}}"{{#current}} class="current" aria-current="page"{{/current}}>{{title}}</a>{{/navigation}}
        </nav>
        <form class="sign-out" method="post" action="/console/sign-out">
        <span class="who">{{user}} ({{role}})</span>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit">Sign out</button>
        </form>
        {{/signedIn}}
        </header>
        <main>
        <h1>{{title}}</h1>
        {{{content}}}
        </main>
        </body>
        </html>

        """
}
