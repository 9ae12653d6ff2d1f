import BackOfficeStorage

extension ConsolePage {
    /// `/console/alarms`: the newest alarms first, with their kind, terminal, detail and time.
    public static let alarms = ConsolePage(
        path: "/console/alarms", role: .auditor, title: "Alarms", template: ConsoleTemplates.alarms
    ) { request in
        let alarms = try await request.store.alarms(limit: AlarmsView.limit)
        return .view(AlarmsView(alarms: alarms.map { AlarmsView.Row($0, request: request) }, limit: AlarmsView.limit))
    }
}

/// What the alarms page shows.
struct AlarmsView: Sendable {
    static let limit = 500

    struct Row: Sendable {
        var time: String
        var kind: String
        var terminal: String
        var sequence: String
        var detail: String

        init(_ alarm: Alarm, request: ConsoleRequest) {
            time = request.time(alarm.at)
            kind = alarm.kind
            terminal = alarm.terminal.map(String.init) ?? ""
            sequence = alarm.sequence.map(String.init) ?? ""
            detail = alarm.detail
        }
    }

    // Mustache reads stored properties only.
    var alarms: [Row]
    var limit: Int
    var hasAlarms: Bool

    init(alarms: [Row], limit: Int) {
        self.alarms = alarms
        self.limit = limit
        self.hasAlarms = !alarms.isEmpty
    }
}
