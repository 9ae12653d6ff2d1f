// APDU round trip through the Swift PC/SC layer against a minimal C program over libpcsclite,
// with the same APDU (FF CA 00 00 00) to the same virtual card on the same pcscd, in one run.
//
//   apdu-bench [--count N] [--rounds R]    (needs loyalty-sim and apdu-bench-c built beside it)
// Rounds alternate C and Swift so that drift in the machine's load hits both alike. Prints one
// JSON line per measurement, then a summary line and a table.
import Foundation
import Logging
import PCSC
import StoreProcesses
import TestSupport

struct Figures: Codable {
    var name: String
    var count: Int
    var median_ns: Int
    var p99_ns: Int
    var mean_ns: Int
}

struct BenchFailure: Error, CustomStringConvertible { let description: String }

func summarize(_ name: String, _ samples: [Int]) -> Figures {
    let sorted = samples.sorted()
    return Figures(
        name: name, count: sorted.count, median_ns: sorted[sorted.count / 2],
        p99_ns: sorted[sorted.count * 99 / 100], mean_ns: sorted.reduce(0, +) / sorted.count
    )
}

func option(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let parsed = Int(arguments[index + 1]), parsed > 0 else {
        return value
    }
    return parsed
}

func nanoseconds(_ duration: Duration) -> Int {
    Int(duration.components.seconds) * 1_000_000_000 + Int(duration.components.attoseconds / 1_000_000_000)
}

let count = option("--count", default: 2000)
let rounds = option("--rounds", default: 5)
let reader = PCSCDaemon.firstVirtualReader
let encoder = JSONEncoder()
encoder.outputFormatting = .sortedKeys

try await PCSCDaemon.ensureRunning()
// The card runs in a process of its own (as a real card is outside the terminal), so the Swift
// client and the C client each share the machine with it in the same way.
let card = Process()
card.executableURL = BuiltProducts.executable("loyalty-sim")
card.arguments = ["card", "--uid", Hex.encode(VirtualCards.testUID), "--port", "35963"]
card.standardOutput = FileHandle.nullDevice
try card.run()
defer {
    card.terminate()
    card.waitUntilExit()
}
let context = try PCSCContext()
_ = try await context.waitForCard(in: reader, timeout: .seconds(5))
let connection = try await context.connect(to: reader)

/// The Swift side: `transmit(_:)` as the terminal uses it (async, chaining-aware).
func measureSwiftAsync() async throws -> Figures {
    var samples: [Int] = []
    samples.reserveCapacity(count)
    let clock = ContinuousClock()
    for index in -100..<count {
        let start = clock.now
        let answer = try await connection.transmit(.getUID)
        let elapsed = clock.now - start
        precondition(answer.status == .success)
        if index >= 0 { samples.append(nanoseconds(elapsed)) }
    }
    return summarize("swift-async", samples)
}

/// The Swift side, blocking variant (`transmitSync`), for callers on their own thread.
func measureSwiftSync() throws -> Figures {
    var samples: [Int] = []
    samples.reserveCapacity(count)
    let clock = ContinuousClock()
    for index in -100..<count {
        let start = clock.now
        let answer = try connection.transmitSync(.getUID)
        let elapsed = clock.now - start
        precondition(answer.status == .success)
        if index >= 0 { samples.append(nanoseconds(elapsed)) }
    }
    return summarize("swift-sync", samples)
}

/// The C reference, run as its own process against the same card.
func measureC() async throws -> Figures {
    let result = try await ProcessRunner.run(BuiltProducts.executable("apdu-bench-c"), [reader, String(count)])
    guard result.status == 0,
        var figures = try? JSONDecoder().decode(Figures.self, from: Data(#"{"name":"c",\#(result.standardOutput.dropFirst())"#.utf8))
    else {
        throw BenchFailure(
            description: "apdu-bench-c failed (build it with swift build -c release --product apdu-bench-c): \(result.standardError)")
    }
    figures.name = "c"
    return figures
}

var all: [String: [Figures]] = [:]
for round in 1...rounds {
    for figures in [try await measureC(), try await measureSwiftAsync(), try measureSwiftSync()] {
        all[figures.name, default: []].append(figures)
        var line = String(decoding: try encoder.encode(figures), as: UTF8.self)
        line.insert(contentsOf: "\"round\":\(round),", at: line.index(after: line.startIndex))
        print(line)
    }
}

func medianOf(_ values: [Int]) -> Int { values.sorted()[values.count / 2] }
let c = all["c"]!
let swiftAsync = all["swift-async"]!
let swiftSync = all["swift-sync"]!
let cMedian = medianOf(c.map(\.median_ns))
let asyncMedian = medianOf(swiftAsync.map(\.median_ns))
let syncMedian = medianOf(swiftSync.map(\.median_ns))
let cP99 = medianOf(c.map(\.p99_ns))
let asyncP99 = medianOf(swiftAsync.map(\.p99_ns))
let syncP99 = medianOf(swiftSync.map(\.p99_ns))
func ratio(_ a: Int, _ b: Int) -> String { String(format: "%.3f", Double(a) / Double(b)) }
print(
    #"{"summary":"apdu-round-trip","apdus_per_round":\#(count),"rounds":\#(rounds),"c_median_ns":\#(cMedian),"swift_async_median_ns":\#(asyncMedian),"swift_sync_median_ns":\#(syncMedian),"async_over_c":\#(ratio(asyncMedian, cMedian)),"sync_over_c":\#(ratio(syncMedian, cMedian)),"c_p99_ns":\#(cP99),"swift_async_p99_ns":\#(asyncP99),"swift_sync_p99_ns":\#(syncP99)}"#
)
print(
    """

    APDU round trip (FF CA 00 00 00, virtual card via pcscd+vpcd), median of \(rounds) rounds x \(count) APDUs
      C over libpcsclite      median \(cMedian / 1000) µs   p99 \(cP99 / 1000) µs
      Swift transmit (async)  median \(asyncMedian / 1000) µs   p99 \(asyncP99 / 1000) µs   ratio to C \(ratio(asyncMedian, cMedian))
      Swift transmitSync      median \(syncMedian / 1000) µs   p99 \(syncP99 / 1000) µs   ratio to C \(ratio(syncMedian, cMedian))
    """)
try? await connection.disconnect()
