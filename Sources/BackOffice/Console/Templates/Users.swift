extension ConsoleTemplates {
    /// The users, a form to add one and a button to remove each.
    static let users = """
        {{#hasNotice}}<p class="notice ok">{{notice}}</p>{{/hasNotice}}
        <table>
        <thead><tr><th>Name</th><th>Role</th><th>Added</th><th>Console password</th><th></th></tr></thead>
        <tbody>
        {{#users}}
        <tr><td>{{name}}</td><td>{{role}}</td><td>{{added}}</td><td>{{#password}}yes{{/password}}{{^password}}no{{/password}}</td>
        <td>{{^isYou}}<form method="post" action="/console/users">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="remove">
        <input type="hidden" name="name" value="{{name}}"><button type="submit">Remove</button></form>{{/isYou}}</td></tr>
        {{/users}}
        </tbody>
        </table>
        <h2>Add a user</h2>
        <form method="post" action="/console/users">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="add">
        <label>Name <input name="name" required maxlength="64"></label>
        <label>Role <select name="role">{{#roles}}<option value="{{value}}">{{value}}</option>{{/roles}}</select></label>
        <label>Initial password (at least 10 characters) <input name="password" type="password" required minlength="10" autocomplete="new-password"></label>
        <button type="submit">Add</button>
        </form>

        """
}
