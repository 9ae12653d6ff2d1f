/// Every page of the console. Registering a page is one line here.
public enum ConsolePages {
    public static let all: [ConsolePage] = [
        .overview,
        .alarms,
        .audit,
        .auditExport,
        .documents,
        .users,
        .terminals,
        .members,
        .member,
        .memberExport,
    ]
}
