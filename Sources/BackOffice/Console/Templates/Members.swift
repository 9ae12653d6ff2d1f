extension ConsoleTemplates {
    /// The member search.
    static let members = """
        <form method="get" action="/console/members">
        <label>Member id, card (key id or uid:HEX) or phone <input name="q" value="{{query}}" required maxlength="64" autofocus></label>
        <button type="submit">Find</button>
        </form>
        {{#searched}}<p class="notice bad">No member matches {{query}}.</p>{{/searched}}

        """

    /// One member: details, balance, tier, cards, transactions, referrals, consents; support's forms.
    static let member = """
        {{#hasNotice}}<p class="notice ok">{{notice}}</p>{{/hasNotice}}
        <h2>Member {{member}}</h2>
        {{#erased}}<p class="notice bad">{{erasure}}</p>{{/erased}}
        <table>
        <tbody>
        <tr><th>Balance</th><td>{{balance}}</td></tr>
        <tr><th>Tier</th><td>{{tier}}</td></tr>
        {{#details}}<tr><th>{{name}}</th><td>{{value}}</td></tr>{{/details}}
        <tr><th>Referred by</th><td>{{referredBy}}</td></tr>
        <tr><th>Referred</th><td>{{referred}}</td></tr>
        </tbody>
        </table>
        <h3>Tier history</h3>
        <ul>{{#tierHistory}}<li>{{.}}</li>{{/tierHistory}}</ul>
        <h3>Cards</h3>
        <table>
        <thead><tr><th>Card</th><th>State</th><th>Replaced by</th><th>Replaces</th><th class="number">Transactions</th></tr></thead>
        <tbody>
        {{#cards}}<tr><td><code>{{card}}</code></td><td>{{state}}</td><td>{{replacedBy}}</td><td>{{replaces}}</td><td class="number">{{transactions}}</td></tr>{{/cards}}
        </tbody>
        </table>
        {{#mayAct}}
        <form method="post" action="/console/members/{{path}}">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="block-card">
        <label>Block a lost card <select name="card">{{#cards}}{{#active}}<option value="{{card}}">{{card}}</option>{{/active}}{{/cards}}</select></label>
        <label>Reason <input name="reason" required maxlength="200"></label>
        <button type="submit">Block the card</button>
        </form>
        {{/mayAct}}
        <h3>Consents</h3>
        <table>
        <thead><tr><th>Consent</th><th>Now</th><th>History</th></tr></thead>
        <tbody>
        {{#consents}}<tr><td>{{code}}</td><td>{{state}}</td><td>{{#history}}{{.}}<br>{{/history}}</td></tr>{{/consents}}
        </tbody>
        </table>
        {{#mayAct}}
        <form method="post" action="/console/members/{{path}}">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="withdraw-consent">
        <label>Withdraw <select name="code">{{#consents}}{{#given}}<option value="{{code}}">{{code}}</option>{{/given}}{{/consents}}</select></label>
        <label>Reason <input name="reason" required maxlength="200"></label>
        <button type="submit">Record the withdrawal</button>
        </form>
        {{/mayAct}}
        <h3>Transactions</h3>
        <table>
        <thead><tr><th>Time</th><th>Terminal</th><th class="number">#</th><th>Kind</th><th>Card</th><th class="number">Amount</th>
        <th class="number">Points</th><th class="number">Balance</th><th>Tier</th><th>Receipt</th></tr></thead>
        <tbody>
        {{#transactions}}
        <tr><td>{{time}}</td><td>{{terminal}}</td><td class="number">{{sequence}}</td><td>{{kind}}</td><td><code>{{card}}</code></td>
        <td class="number">{{amount}}</td><td class="number">{{points}}</td><td class="number">{{balance}}</td><td>{{tier}}</td>
        <td>{{#lines}}{{.}}<br>{{/lines}}{{#notes}}<em>{{.}}</em><br>{{/notes}}</td></tr>
        {{/transactions}}
        </tbody>
        </table>
        <h3>Adjustments</h3>
        <ul>{{#adjustments}}<li>{{.}}</li>{{/adjustments}}</ul>
        {{#mayAct}}
        <h3>Privacy requests</h3>
        <p><a href="/console/members/{{path}}/export">Export everything held about {{member}}</a>
        (<a href="/console/members/{{path}}/export?download=1">JSON file</a>)</p>
        {{^erased}}
        <form method="post" action="/console/members/{{path}}">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="erase">
        <label>Erase the personal details: type the member id to confirm <input name="confirm" required autocomplete="off"></label>
        <label>Reason or request reference <input name="reason" required maxlength="200"></label>
        <button type="submit">Erase</button>
        </form>
        {{/erased}}
        {{/mayAct}}

        """

    /// A member's export as a readable page.
    static let memberExport = """
        <p>Everything the back office holds about member {{member}}, as the JSON file gives it
        (<a href="/console/members/{{path}}/export?download=1">download</a>).</p>
        <pre>{{json}}</pre>

        """
}
