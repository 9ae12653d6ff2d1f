import Foundation
import StoreProcesses
import Testing

/// `ProcessRunner` runs a program to its end as a shell would and hands back what it left: the
/// store run reads the terminals' journal exports and the back office's answers this way.
@Suite("Running a program to its end")
struct ProcessRunnerTests {
    static let shell = URL(fileURLWithPath: "/bin/sh")

    @Test("standard output, standard error and the exit status are kept apart")
    func outputAndStatus() async throws {
        let result = try await ProcessRunner.run(Self.shell, ["-c", "printf 'out %s' \"$0\"; printf 'err' >&2; exit 3", "word"])
        #expect(result.status == 3)
        #expect(!result.terminatedBySignal)
        #expect(result.standardOutput == "out word")
        #expect(result.standardError == "err")
    }

    @Test("a program killed by a signal says which")
    func killedBySignal() async throws {
        let result = try await ProcessRunner.run(Self.shell, ["-c", "kill -9 $$"])
        #expect(result.terminatedBySignal)
        #expect(result.status == SIGKILL)
    }

    @Test("a chatty program on both pipes does not block on a full pipe")
    func largeOutput() async throws {
        // 1 MiB on each pipe: far beyond a pipe's buffer, so reading one after the other would hang.
        let script = "head -c 1048576 /dev/zero | tr '\\0' o; head -c 1048576 /dev/zero | tr '\\0' e >&2"
        let result = try await ProcessRunner.run(Self.shell, ["-c", script])
        #expect(result.status == 0)
        #expect(result.standardOutput.utf8.count == 1 << 20)
        #expect(result.standardError.utf8.count == 1 << 20)
        #expect(result.standardOutput.allSatisfy { $0 == "o" })
    }

    @Test("the environment given is the program's whole environment")
    func environment() async throws {
        let result = try await ProcessRunner.run(
            Self.shell, ["-c", "printf '%s|%s' \"$STORE_WORD\" \"${HOME:-none}\""], environment: ["STORE_WORD": "kept"])
        #expect(result.standardOutput == "kept|none")
    }

    @Test("a program that does not exist is an error, not a result")
    func missingProgram() async throws {
        await #expect(throws: (any Error).self) {
            _ = try await ProcessRunner.run(URL(fileURLWithPath: "/nonexistent/loyalty-nothing"), [])
        }
    }
}
