#if canImport(Glibc)
    import Glibc
#endif

/// Monotonic time in nanoseconds.
func nowNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Latency samples in nanoseconds, summarised by order statistics.
struct Samples {
    private(set) var values: [UInt64] = []

    mutating func add(_ nanoseconds: UInt64) { values.append(nanoseconds) }

    /// The `q`-quantile (nearest rank), q in 0...1.
    func quantile(_ q: Double) -> UInt64 {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))
        return sorted[rank]
    }

    var median: UInt64 { quantile(0.5) }
    /// The fastest run: the figure least touched by other work on a shared machine.
    var fastest: UInt64 { values.min() ?? 0 }
    var p99: UInt64 { quantile(0.99) }
    var count: Int { values.count }
}

/// The I/O counters of this process (`/proc/self/io`): `wchar` counts bytes passed to write
/// calls, `write_bytes` bytes this process caused to be sent to the storage layer (dirtied
/// page-cache pages, counted in whole pages).
struct ProcessIO {
    var wchar: UInt64 = 0
    var writeBytes: UInt64 = 0

    static func read() -> ProcessIO {
        var io = ProcessIO()
        guard let file = fopen("/proc/self/io", "r") else { return io }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let parts = text.split(separator: ":").map { $0.trimmingCharacters() }
            guard parts.count == 2, let value = UInt64(parts[1]) else { continue }
            if parts[0] == "wchar" { io.wchar = value }
            if parts[0] == "write_bytes" { io.writeBytes = value }
        }
        return io
    }

    static func - (a: ProcessIO, b: ProcessIO) -> ProcessIO {
        ProcessIO(wchar: a.wchar - b.wchar, writeBytes: a.writeBytes - b.writeBytes)
    }

    static func + (a: ProcessIO, b: ProcessIO) -> ProcessIO {
        ProcessIO(wchar: a.wchar + b.wchar, writeBytes: a.writeBytes + b.writeBytes)
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\n" || $0 == "\t" }.reversed())
    }
}

/// Formats nanoseconds as microseconds with one decimal.
func micros(_ nanoseconds: UInt64) -> String {
    let tenths = (nanoseconds + 50) / 100
    return "\(tenths / 10).\(tenths % 10) µs"
}

/// `a / b` as a decimal string with two places.
func ratio(_ a: UInt64, _ b: UInt64) -> String {
    guard b > 0 else { return "n/a" }
    let hundredths = (a * 100 + b / 2) / b
    return "\(hundredths / 100).\(String(hundredths % 100).leftPadded(2))"
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
    func rightPadded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

/// The share of the last ten seconds in which some runnable task waited for a CPU
/// (`/proc/pressure/cpu`, "some avg10", in percent); nil where the kernel does not report it.
/// On a shared machine it tells how much other work competed with a measurement.
func cpuPressure() -> Double? {
    guard let file = fopen("/proc/pressure/cpu", "r") else { return nil }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    guard fgets(&line, Int32(line.count), file) != nil else { return nil }
    let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard let field = text.split(separator: " ").first(where: { $0.hasPrefix("avg10=") }) else { return nil }
    return Double(field.dropFirst("avg10=".count))
}
