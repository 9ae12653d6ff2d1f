extension ConsoleTemplates {
    /// The audit log: the chain's verification, then a page of rows, newest first.
    static let audit = """
        {{#intact}}<p class="notice ok">{{verification}}</p>{{/intact}}
        {{^intact}}<p class="notice bad">{{verification}}</p>{{/intact}}
        <p><a href="/console/audit/export">Export the whole log (JSON lines, with the hashes)</a></p>
        {{^hasRows}}<p class="muted">No rows.</p>{{/hasRows}}
        {{#hasRows}}
        <table>
        <thead><tr><th class="number">#</th><th>Time</th><th>Who</th><th>What</th><th>Subject</th><th>Why</th><th>Detail</th></tr></thead>
        <tbody>
        {{#rows}}
        <tr><td class="number">{{sequence}}</td><td>{{time}}</td><td>{{actor}}</td><td><code>{{action}}</code></td><td>{{subject}}</td><td>{{reason}}</td><td><code>{{detail}}</code></td></tr>
        {{/rows}}
        </tbody>
        </table>
        {{/hasRows}}
        <p class="pages">
        {{^isFirstPage}}<a href="/console/audit">Newest</a>{{/isFirstPage}}
        {{#hasOlder}}<a href="{{olderPath}}">Older</a>{{/hasOlder}}
        </p>

        """
}
