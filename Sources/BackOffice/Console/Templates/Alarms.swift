extension ConsoleTemplates {
    /// The alarms, newest first.
    static let alarms = """
        <p class="muted">The newest {{limit}} alarms, newest first.</p>
        {{^hasAlarms}}<p class="notice ok">No alarms.</p>{{/hasAlarms}}
        {{#hasAlarms}}
        <table>
        <thead><tr><th>Time</th><th>Kind</th><th class="number">Terminal</th><th class="number">Sequence</th><th>Detail</th></tr></thead>
        <tbody>
        {{#alarms}}
        <tr><td>{{time}}</td><td><code>{{kind}}</code></td><td class="number">{{terminal}}</td><td class="number">{{sequence}}</td><td>{{detail}}</td></tr>
        {{/alarms}}
        </tbody>
        </table>
        {{/hasAlarms}}

        """
}
