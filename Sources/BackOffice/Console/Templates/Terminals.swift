extension ConsoleTemplates {
    /// The fleet: terminals needing a technician first, highlighted with their reasons.
    static let terminals = """
        {{#hasNotice}}<p class="notice ok">{{notice}}</p>{{/hasNotice}}
        <p>{{total}} terminals; <strong>{{needing}}</strong> need a technician ({{thresholds}}).</p>
        <table>
        <thead><tr><th>Terminal</th><th>Label</th><th>Store</th><th>Last sync</th><th>Sync lag</th><th class="number">Unsynced</th>
        <th class="number">Journal fill</th><th class="number">Clock</th><th>Refusals (last report)</th><th>Documents held / published</th>
        <th>Needs a technician</th>{{#mayRevoke}}<th></th>{{/mayRevoke}}</tr></thead>
        <tbody>
        {{#terminals}}
        <tr class="{{rowClass}}"><td>{{id}}</td><td>{{label}}</td><td>{{store}}</td><td>{{lastSync}}</td><td>{{lag}}</td><td class="number">{{unsynced}}</td>
        <td class="number">{{fill}}</td><td class="number">{{drift}}</td><td>{{refusals}}</td>
        <td>{{#documents}}<span class="{{#behind}}behind{{/behind}}">{{kind}} {{held}}/{{published}}</span><br>{{/documents}}</td>
        <td class="reasons">{{#revoked}}revoked: {{revocation}}{{/revoked}}{{#reasons}}{{.}}<br>{{/reasons}}</td>
        {{#mayRevoke}}<td>{{^revoked}}<form method="post" action="/console/terminals">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="revoke">
        <input type="hidden" name="terminal" value="{{id}}">
        <input name="reason" required placeholder="reason" maxlength="200"><button type="submit">Revoke</button></form>{{/revoked}}</td>{{/mayRevoke}}
        </tr>
        {{/terminals}}
        </tbody>
        </table>

        """
}
