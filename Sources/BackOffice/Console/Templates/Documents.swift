extension ConsoleTemplates {
    /// The published versions of each kind, and a chosen pair's differences.
    static let documents = """
        <p class="muted">Publishing is a signed act of the command line (<code>loyalty-backoffice publish ...</code>).</p>
        <form method="get" action="/console/documents">
        <label>Compare <select name="kind">{{#kindOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/kindOptions}}</select></label>
        <label>from version <select name="from">{{#fromOptions}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/fromOptions}}</select></label>
        <label>to version <select name="to">{{#toOptions}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/toOptions}}</select></label>
        <button type="submit">Show what changed</button>
        </form>
        {{#comparing}}
        <h2>{{comparison}}</h2>
        {{#unchanged}}<p class="notice ok">No change.</p>{{/unchanged}}
        <pre class="diff">{{#diff}}<span class="{{kind}}">{{sign}} {{text}}</span>
        {{/diff}}</pre>
        {{/comparing}}
        {{#kinds}}
        <h2>{{kind}}</h2>
        {{^hasVersions}}<p class="muted">Never published.</p>{{/hasVersions}}
        {{#hasVersions}}
        <table>
        <thead><tr><th class="number">Version</th><th>Published</th><th>By</th><th>Signed</th></tr></thead>
        <tbody>
        {{#versions}}<tr><td class="number">{{version}}</td><td>{{time}}</td><td>{{by}}</td><td>{{#signed}}yes{{/signed}}{{^signed}}no{{/signed}}</td></tr>
        {{/versions}}
        </tbody>
        </table>
        {{/hasVersions}}
        {{/kinds}}

        """
}
