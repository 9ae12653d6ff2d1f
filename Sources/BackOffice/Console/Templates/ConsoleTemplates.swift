/// The console's Mustache templates, compiled into the binary: one template per file in this
/// folder, each a static property of this type. `{{name}}` escapes HTML; only the layout uses
/// `{{{content}}}`, for a body its own template has escaped already.
public enum ConsoleTemplates {}
