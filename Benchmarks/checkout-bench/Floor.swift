import PCSC

#if canImport(Glibc)
    import Glibc
#endif

/// The floor of one tap, measured beside it: the same number of APDU round trips to the same
/// card (a command it refuses at once), and one `pwrite` + `fdatasync` of a journal entry's
/// size on a preallocated file in the journal's folder.
struct Floor {
    let connection: CardConnection
    let descriptor: Int32
    let bytes: [UInt8]

    init(connection: CardConnection, folder: String, entryBytes: Int) throws {
        self.connection = connection
        descriptor = open(folder + "/floor.bin", O_RDWR | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw BenchFailure("cannot create the floor file") }
        bytes = [UInt8](repeating: 0x5A, count: entryBytes)
        let block = [UInt8](repeating: 0, count: 1 << 20)
        for offset in stride(from: 0, to: 1 << 20, by: block.count) {
            _ = block.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        }
        fsync(descriptor)
    }

    /// `apdus` trivial round trips (a command the card refuses at once: AUTHENTICATE without data).
    func apduRoundTrips(_ apdus: Int) throws -> Duration {
        let command = try CommandAPDU(cla: 0x80, ins: 0x88, p1: 0, p2: 0)
        let start = ContinuousClock.now
        for _ in 0..<apdus { _ = try connection.transmitSync(command) }
        return ContinuousClock.now - start
    }

    /// One durable write of an entry's size.
    func durableWrite(at slot: Int) -> Duration {
        let start = ContinuousClock.now
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t((slot % 256) * 4096)) }
        fdatasync(descriptor)
        return ContinuousClock.now - start
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
