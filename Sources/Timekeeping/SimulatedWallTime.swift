#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shop time shared by every process of a simulated store: the system's time moved by an offset
/// that the simulator keeps in a small file (``SimulatedClockFile``) and moves forward as days
/// pass. Each reading reads the file, so a process started later, or restarted after a power
/// cut, is on the same shop time as the others at once.
///
/// A process runs on it when the environment names the file
/// (``SimulatedClockFile/environmentVariable``); ``processWallTime(environment:)`` decides.
public struct SimulatedWallTime: WallTime {
    public let file: SimulatedClockFile
    private let base: any WallTime

    public init(file: SimulatedClockFile, of base: any WallTime = SystemWallTime()) {
        self.file = file
        self.base = base
    }

    public func millisecondsSinceEpoch() -> UInt64 {
        UInt64(max(0, Int64(base.millisecondsSinceEpoch()) + file.offsetMilliseconds()))
    }
}

/// The file that holds a simulated store's clock offset: one line, the milliseconds to add to
/// the system's time (negative: shop time is behind). The simulator writes it (atomically, by
/// renaming a new file over it); every process of the store reads it.
public struct SimulatedClockFile: Sendable, Equatable {
    /// The environment variable that puts a process on a simulated store's clock:
    /// `LOYALTY_SIMULATED_CLOCK_FILE=/path/to/clock`.
    public static let environmentVariable = "LOYALTY_SIMULATED_CLOCK_FILE"

    public let path: String

    public init(path: String) { self.path = path }

    /// The offset in the file; 0 when the file is missing or unreadable (the system's time).
    public func offsetMilliseconds() -> Int64 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        let line = String(decoding: buffer[0..<count], as: UTF8.self).prefix { $0 != "\n" }
        return Int64(line) ?? 0
    }

    /// Writes `offset` (milliseconds): a new file renamed over the old, so a reader sees the old
    /// offset or the new one, never part of a line.
    public func write(offsetMilliseconds offset: Int64) throws(SimulatedClockError) {
        let temporary = path + ".new"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SimulatedClockError(path: path, errno: errno) }
        let bytes = Array("\(offset)\n".utf8)
        let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count, rename(temporary, path) == 0 else { throw SimulatedClockError(path: path, errno: errno) }
    }
}

/// The simulated clock file could not be written.
public struct SimulatedClockError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let errno: Int32
    public var description: String { "the simulated clock \(path) cannot be written (errno \(errno))" }
}

/// The wall time a process runs on: a simulated store's shared clock when the environment names
/// one (``SimulatedClockFile/environmentVariable``), else the system's.
public func processWallTime(environment: [String: String]) -> any WallTime {
    guard let path = environment[SimulatedClockFile.environmentVariable], !path.isEmpty else { return SystemWallTime() }
    return SimulatedWallTime(file: SimulatedClockFile(path: path))
}

private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int { write(descriptor, bytes, count) }
