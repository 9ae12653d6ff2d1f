import ArgumentParser
import StoreSimulation
import Testing

@testable import SimulatorApp

/// `loyalty-sim store`: its options, and what it tells the technician to open after a run.
@Suite("loyalty-sim store: options and the advice after a run")
struct StoreCommandTests {
    @Test("the scenario is required; the rest has defaults")
    func defaults() throws {
        #expect(refusal(["store"]) != nil)
        let command = try #require(try parse(["store", "--scenario", "scenarios/quick-store.json"], as: StoreCommand.self))
        #expect(command.scenario == "scenarios/quick-store.json")
        #expect(command.readerPort == StoreRun.defaultReaderPort)
        #expect(command.timeLimit == 3600)
        #expect(command.seed == nil && command.workDir == nil && command.database == nil && command.transactions == nil)
    }

    @Test("a seed, a work folder, a database, a number of requests and a reader port are taken as given")
    func options() throws {
        let command = try #require(
            try parse(
                [
                    "store", "--scenario", "s.json", "--seed", "41", "--work-dir", "/tmp/w", "--database", "postgres://u@h/d",
                    "--transactions", "25", "--reader-port", "36001", "--time-limit", "90",
                ], as: StoreCommand.self))
        #expect(command.seed == 41)
        #expect(command.workDir == "/tmp/w")
        #expect(command.database == "postgres://u@h/d")
        #expect(command.transactions == 25)
        #expect(command.readerPort == 36001)
        #expect(command.timeLimit == 90)
    }

    @Test("a seed that is not a whole number is refused", arguments: ["-1", "seven", "1.5"])
    func badSeed(seed: String) {
        #expect(refusal(["store", "--scenario", "s.json", "--seed=\(seed)"]) != nil)
    }

    @Test("after a SQLite run: the report, the journals, the back-office commands on that database, its console and who to sign in as")
    func adviceSQLite() {
        let text = StoreCommand.whereToLook(folder: "/tmp/run-1", database: "sqlite:/tmp/run-1/backoffice/backoffice.sqlite")
        #expect(text.contains("/tmp/run-1/report.json"))
        #expect(text.contains("journal inspect --path /tmp/run-1/terminal-1/terminal.journal"))
        #expect(text.contains("serve --database sqlite:/tmp/run-1/backoffice/backoffice.sqlite"))
        #expect(text.contains("--token-file /tmp/run-1/backoffice/auditor.token"))
        #expect(text.contains("https://127.0.0.1:8090/console as store-admin, password in /tmp/run-1/backoffice/console.password"))
    }

    @Test("after a PostgreSQL run: the database named, no SQLite commands")
    func advicePostgres() {
        let text = StoreCommand.whereToLook(folder: "/tmp/run-2", database: "postgres://loyalty@127.0.0.1:5433/store_1")
        #expect(text.contains("the ledger           postgres://loyalty@127.0.0.1:5433/store_1"))
        #expect(!text.contains("serve --database"))
    }
}
