import Foundation
import Synchronization

/// A real PostgreSQL server under the control of a store run or the tests: Debian's own
/// binaries, a cluster in a temporary directory, listening on 127.0.0.1 only, on a free port.
///
/// A process shares one server (``shared()``: started on first use, stopped when the process
/// exits) and each user of it, a test or a store run on PostgreSQL (`docs/scenarios.md`), makes
/// its own database (``createDatabase(prefix:)``), so users running in parallel never see each
/// other's rows. The server runs with `fsync` on,
/// like a production one. PostgreSQL refuses to run as root, so when the tests run as root the
/// server runs as the `postgres` system user (made by the Debian package) through `runuser`.
///
/// The server needs the Debian package `postgresql`; `scripts/setup.sh` installs it.
public final class PostgresServer: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Where the server listens (TCP, loopback only).
    public let host = "127.0.0.1"
    public let port: Int
    /// The superuser tests connect as: password (SCRAM) over TCP, trusted on the Unix socket.
    public let user = "loyalty"
    public let password: String
    /// The temporary directory: the cluster in `data/`, the Unix socket, the server log.
    public let directory: String

    private let binaries: String
    private let runAs: RunAs?
    private let stopped = Mutex(false)
    private let databaseCounter = Atomic<Int>(0)

    private init(port: Int, password: String, directory: String, binaries: String, runAs: RunAs?) {
        self.port = port
        self.password = password
        self.directory = directory
        self.binaries = binaries
        self.runAs = runAs
    }

    private var dataDirectory: String { directory + "/data" }

    // MARK: The shared server

    private static let sharedServer = Mutex<PostgresServer?>(nil)
    private static let sharedStart = Task<PostgresServer, any Error> {
        let server = try await start()
        sharedServer.withLock { $0 = server }
        atexit { PostgresServer.stopSharedAtExit() }
        return server
    }

    /// The server of this test process, started on first use (a failed start fails every
    /// caller with the same error) and stopped when the process exits.
    public static func shared() async throws -> PostgresServer {
        try await sharedStart.value
    }

    private static func stopSharedAtExit() {
        sharedServer.withLock { $0 }?.stop()
    }

    // MARK: Databases

    /// Creates a new, empty database with a name no other caller gets, and returns the name.
    public func createDatabase(prefix: String = "test") async throws -> String {
        let number = databaseCounter.wrappingAdd(1, ordering: .relaxed).newValue
        let name = "\(prefix.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "_" })_\(number)"
        let result = try await Self.run(
            binaries + "/createdb", ["-h", directory, "-p", "\(port)", "-U", user, name],
            as: nil, timeout: .seconds(30), in: directory
        )
        guard result.succeeded else {
            throw Failure(description: "createdb \(name) failed (\(result.status)): \(result.output)")
        }
        return name
    }

    /// The `postgres://` URL of `database` on this server (TCP, password, no TLS).
    public func url(database: String) -> String {
        "postgres://\(user):\(password)@\(host):\(port)/\(database)?sslmode=disable"
    }

    // MARK: Starting and stopping

    /// Starts a new server in a new temporary directory: `initdb`, then `pg_ctl start` on a free
    /// port (tried again on another port if that one was taken meanwhile).
    public static func start() async throws -> PostgresServer {
        let binaries = try findBinaries()
        let runAs = try RunAs.forCurrentUser()
        let directory = try makeDirectory(owner: runAs)
        startWatchdog(directory: directory, binaries: binaries, runAs: runAs)
        do {
            let password = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
            let passwordFile = directory + "/password"
            try Data((password + "\n").utf8).write(to: URL(fileURLWithPath: passwordFile))
            try runAs?.own(passwordFile)

            // --no-sync skips flushing the fresh cluster's files once (a throwaway cluster); the
            // server itself runs with fsync on.
            let initdb = try await run(
                binaries + "/initdb",
                [
                    "-D", directory + "/data", "-U", "loyalty", "--pwfile=" + passwordFile,
                    "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync",
                ], as: runAs, timeout: .seconds(120), in: directory)
            guard initdb.succeeded else {
                throw Failure(description: "initdb failed (\(initdb.status)): \(initdb.output)")
            }

            var lastFailure = ""
            for _ in 0..<3 {
                let port = try LoopbackPort.free()
                let options = [
                    "-c listen_addresses=127.0.0.1", "-c port=\(port)", "-c unix_socket_directories=\(directory)",
                    "-c fsync=on", "-c max_connections=200", "-c shared_buffers=32MB",
                ].joined(separator: " ")
                let started = try await run(
                    binaries + "/pg_ctl",
                    [
                        "start", "-D", directory + "/data", "-w", "-t", "60", "-l", directory + "/server.log", "-o", options,
                    ], as: runAs, timeout: .seconds(75), in: directory)
                if started.succeeded {
                    return PostgresServer(port: port, password: password, directory: directory, binaries: binaries, runAs: runAs)
                }
                let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
                lastFailure = "pg_ctl start failed (\(started.status)): \(started.output)\n\(log.suffix(2000))"
            }
            throw Failure(description: lastFailure)
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    /// Stops the server (`pg_ctl stop -m fast`: sessions are ended, nothing committed is lost)
    /// and removes its directory. Later calls do nothing. Blocks the calling thread: it runs at
    /// process exit too.
    public func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        _ = try? Self.runBlocking(
            binaries + "/pg_ctl", ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "30"],
            as: runAs, timeout: .seconds(40), in: directory
        )
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Stops the server in `directory` even if this process dies without running its exit
    /// handlers (killed, crashed): a shell waits for this process to end, then stops the
    /// server, if one runs there, and removes the directory. After a normal exit ``stop()``
    /// did that already and the shell finds nothing left to do.
    private static func startWatchdog(directory: String, binaries: String, runAs: RunAs?) {
        let data = directory + "/data"
        let stop = (runAs.map { "\($0.runuser) -u postgres -- " } ?? "") + "\(binaries)/pg_ctl stop -D \(data) -m fast -w -t 30"
        let script =
            "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; "
            + "if [ -f \(data)/postmaster.pid ]; then \(stop); fi; rm -rf \(directory)"
        _ = try? spawn(["/bin/sh", "-c", script], output: nil, in: "/")
    }

    // MARK: Finding the binaries, the user, a directory and a port

    /// The newest `/usr/lib/postgresql/VERSION/bin` that has `initdb`, `pg_ctl` and `createdb`.
    private static func findBinaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap { Int($0) }
            .sorted(by: >)
        for version in versions {
            let bin = "\(root)/\(version)/bin"
            if ["initdb", "pg_ctl", "createdb"].allSatisfy({ FileManager.default.isExecutableFile(atPath: "\(bin)/\($0)") }) {
                return bin
            }
        }
        throw Failure(
            description:
                "the PostgreSQL server (initdb, pg_ctl in /usr/lib/postgresql/*/bin) is not installed; run scripts/setup.sh (Debian package postgresql)"
        )
    }

    /// Running a command as the `postgres` system user, for tests that run as root.
    private struct RunAs: Sendable {
        let runuser: String
        let uid: uid_t
        let gid: gid_t

        /// Nil when not root: then the server runs as the current user.
        static func forCurrentUser() throws -> RunAs? {
            guard geteuid() == 0 else { return nil }
            guard let entry = getpwnam("postgres") else {
                throw Failure(
                    description:
                        "tests run as root, which PostgreSQL refuses, and the 'postgres' user to run it as instead is missing; run scripts/setup.sh (Debian package postgresql)"
                )
            }
            guard
                let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].first(where: {
                    FileManager.default.isExecutableFile(atPath: $0)
                })
            else {
                throw Failure(
                    description: "runuser (util-linux) is missing: needed to run PostgreSQL as 'postgres' when the tests run as root")
            }
            return RunAs(runuser: runuser, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
        }

        func own(_ path: String) throws {
            guard chown(path, uid, gid) == 0 else {
                throw Failure(description: "cannot give \(path) to the postgres user: \(String(cString: strerror(errno)))")
            }
        }
    }

    private static func makeDirectory(owner: RunAs?) throws -> String {
        let temporary = NSTemporaryDirectory()
        var template = Array(((temporary.hasSuffix("/") ? temporary : temporary + "/") + "loyalty-postgres.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw Failure(description: "cannot make a temporary directory: \(String(cString: strerror(errno)))")
        }
        let directory = String(cString: made)
        do {
            try owner?.own(directory)
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        return directory
    }

    // MARK: Running commands

    // Commands are started with posix_spawn, not Foundation's Process: Process notices that a
    // child ended when every copy of a descriptor the child inherited is closed, and `pg_ctl
    // start` leaves the server running with copies of everything it inherited. Here a child
    // gets standard input, output and error only (so the server holds nothing of this process,
    // not even another Process's descriptors), and is reaped by polling `waitpid`.

    private struct Outcome: Sendable {
        var status: String
        var output: String
        var succeeded: Bool { status == "exit 0" }
    }

    /// Runs a command to its end, or until `timeout` (then SIGTERM, and SIGKILL 3 s later), as
    /// `runAs` when given; returns its status and output (standard output and error together).
    private static func run(
        _ executable: String, _ arguments: [String], as runAs: RunAs?, timeout: Duration, in directory: String
    ) async throws -> Outcome {
        let outputPath = directory + "/command-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let pid = try spawn(commandLine(executable, arguments, as: runAs), output: outputPath, in: directory)
        let deadline = ContinuousClock.now + timeout
        var killAt: ContinuousClock.Instant?
        while true {
            if let status = reap(pid) {
                let output = ((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                if killAt != nil { throw Failure(description: "\(executable) did not finish within \(timeout): \(output)") }
                return Outcome(status: status, output: output)
            }
            let now = ContinuousClock.now
            if killAt == nil, now >= deadline {
                kill(pid, SIGTERM)
                killAt = now + .seconds(3)
            } else if let at = killAt, now >= at {
                kill(pid, SIGKILL)
            }
            // Not a cancellation point: the child must be reaped whatever happens to the caller.
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// ``run(_:_:as:timeout:in:)`` blocking the calling thread.
    private static func runBlocking(
        _ executable: String, _ arguments: [String], as runAs: RunAs?, timeout: Duration, in directory: String
    ) throws -> Outcome {
        let pid = try spawn(commandLine(executable, arguments, as: runAs), output: nil, in: directory)
        let deadline = ContinuousClock.now + timeout
        var killed = false
        while true {
            if let status = reap(pid) {
                if killed { throw Failure(description: "\(executable) did not finish within \(timeout)") }
                return Outcome(status: status, output: "")
            }
            if !killed, ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                killed = true
            }
            usleep(10_000)
        }
    }

    private static func commandLine(_ executable: String, _ arguments: [String], as runAs: RunAs?) -> [String] {
        if let runAs { return [runAs.runuser, "-u", "postgres", "--", executable] + arguments }
        return [executable] + arguments
    }

    /// Starts `arguments[0]` (an absolute path) in `directory` with the other arguments, this
    /// process's environment, default signal handling, no input, output and errors appended to
    /// `output` (or discarded), and no other descriptor.
    private static func spawn(_ arguments: [String], output: String?, in directory: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        try closeFrom(3, &actions)
        try changeDirectory(directory, &actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The test process blocks and handles signals its own way; the child starts clean.
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw Failure(description: "cannot start \(arguments[0]): \(String(cString: strerror(result)))")
        }
        return pid
    }

    // glibc's posix_spawn_file_actions_addclosefrom_np and _addchdir_np (2.34, 2.29) are
    // declared for GNU sources only, which Swift's Glibc module is not: found at run time.
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    private typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32

    private static func glibc<T>(_ name: String, as type: T.Type) throws -> T {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
            throw Failure(description: "\(name) is missing: the C library is not glibc 2.34 or later")
        }
        return unsafeBitCast(symbol, to: type)
    }

    private static func closeFrom(_ descriptor: Int32, _ actions: inout posix_spawn_file_actions_t) throws {
        let result = try glibc("posix_spawn_file_actions_addclosefrom_np", as: CloseFrom.self)(&actions, descriptor)
        guard result == 0 else {
            throw Failure(description: "posix_spawn_file_actions_addclosefrom_np: \(String(cString: strerror(result)))")
        }
    }

    private static func changeDirectory(_ directory: String, _ actions: inout posix_spawn_file_actions_t) throws {
        let result = try glibc("posix_spawn_file_actions_addchdir_np", as: ChangeDirectory.self)(&actions, directory)
        guard result == 0 else { throw Failure(description: "posix_spawn_file_actions_addchdir_np: \(String(cString: strerror(result)))") }
    }

    /// The child's status once it has ended ("exit N" or "signal N"), nil while it runs.
    private static func reap(_ pid: pid_t) -> String? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == 0 || (result == -1 && errno == EINTR) { return nil }
        guard result == pid else { return "lost (\(String(cString: strerror(errno))))" }
        let signal = status & 0x7F
        return signal == 0 ? "exit \((status >> 8) & 0xFF)" : "signal \(signal)"
    }
}
