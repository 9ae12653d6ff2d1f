import LoyaltyJournal

#if canImport(Glibc)
    import Glibc
#endif

// journal-bench: durable append latency against the pwrite+fdatasync floor and SQLite
// (WAL, synchronous=FULL), bytes reaching the disk per transaction, and open time of a full
// journal against one sequential read of the file (cold, warm, and warm with the scan kept on
// one thread, to show the open without a second core). Prints a table and JSON lines.
//
//   journal-bench [--count N] [--payload BYTES] [--size BYTES] [--open-runs R] [--dir PATH]
//                 [--only all|append|open]
//
// --only open skips the append benchmark and measures the open of a full journal alone.

let usage =
    "usage: journal-bench [--count N] [--payload BYTES] [--size BYTES] [--open-runs R] [--dir PATH] "
    + "[--only all|append|open]"
var options = [
    "count": "3000", "payload": "200", "size": String(16 << 20), "open-runs": "15",
    "dir": "/tmp", "only": "all",
]
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    if flag == "--help" || flag == "-h" {
        print(usage)
        exit(0)
    }
    guard flag.hasPrefix("--"), let value = arguments.popFirst(), options[String(flag.dropFirst(2))] != nil else {
        print(usage)
        exit(2)
    }
    options[String(flag.dropFirst(2))] = value
}
guard ["all", "append", "open"].contains(options["only"]!) else {
    print(usage)
    exit(2)
}
let runAppend = options["only"] != "open"
let runOpen = options["only"] != "append"
let count = Int(options["count"]!)!
let payload = Int(options["payload"]!)!
let size = Int64(options["size"]!)!
let openRuns = Int(options["open-runs"]!)!
let directory = options["dir"]! + "/journal-bench-\(getpid())"
mkdir(directory, 0o755)

var jsonLines: [String] = []
@MainActor func emit(_ fields: [(String, String)]) {
    jsonLines.append("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
}

// MARK: Durable appends, interleaved one by one (floor, journal, SQLite, floor, ...), so that
// the machine's state (other I/O, the file system's commit timer) hits all three alike.

if runAppend {
    let floor = try FloorAppender(path: directory + "/floor.bin", size: size)
    let journal = try JournalAppender(path: directory + "/bench.journal", size: size, payload: payload)
    let sqlite = try SQLiteAppender(path: directory + "/bench.sqlite", payload: payload)
    let contenders: [(name: String, append: () throws -> Void)] = [
        ("floor: pwrite+fdatasync", floor.append),
        ("journal append", journal.append),
        ("sqlite WAL synchronous=FULL", sqlite.append),
    ]
    for contender in contenders { for _ in 0..<50 { try contender.append() } }  // warm up
    var samples = [Samples](repeating: Samples(), count: contenders.count)
    var io = [ProcessIO](repeating: ProcessIO(), count: contenders.count)
    for iteration in 0..<count {
        for (index, contender) in contenders.enumerated() {
            let before = ProcessIO.read()
            let start = nowNanoseconds()
            try contender.append()
            samples[index].add(nowNanoseconds() - start)
            io[index] = io[index] + (ProcessIO.read() - before)
        }
        // The back office acknowledges now and then (untimed, uncounted), so the ring never fills.
        if iteration % 1000 == 999 { try journal.acknowledgeAll() }
    }

    print(
        "journal-bench: \(count) durable appends each, payload \(payload) bytes (one 512-byte record), "
            + "interleaved one by one, files of \(size) bytes in \(options["dir"]!)")
    print("")
    print(
        "contender".rightPadded(30) + "median".rightPadded(12) + "p99".rightPadded(12)
            + "write_bytes/txn".rightPadded(17) + "bytes to write()/txn")
    for (index, contender) in contenders.enumerated() {
        let perTransaction = (io[index].writeBytes / UInt64(samples[index].count), io[index].wchar / UInt64(samples[index].count))
        print(
            contender.name.rightPadded(30) + micros(samples[index].median).rightPadded(12)
                + micros(samples[index].p99).rightPadded(12) + "\(perTransaction.0)".rightPadded(17) + "\(perTransaction.1)")
        emit([
            ("bench", "\"append\""), ("contender", "\"\(contender.name)\""), ("count", "\(samples[index].count)"),
            ("median_ns", "\(samples[index].median)"), ("p99_ns", "\(samples[index].p99)"),
            ("write_bytes_per_txn", "\(perTransaction.0)"), ("wchar_per_txn", "\(perTransaction.1)"),
        ])
    }
    let (floorS, journalS, sqliteS) = (samples[0], samples[1], samples[2])
    let journalBytes = io[1].writeBytes / UInt64(journalS.count)
    let sqliteBytes = io[2].writeBytes / UInt64(sqliteS.count)
    print("")
    print("journal / floor:  median \(ratio(journalS.median, floorS.median)), p99 \(ratio(journalS.p99, floorS.p99))   (target ≤ 1.10)")
    print(
        "sqlite / journal: median \(ratio(sqliteS.median, journalS.median)), p99 \(ratio(sqliteS.p99, journalS.p99)), "
            + "write_bytes \(ratio(sqliteBytes, journalBytes))   (target: journal faster, bytes ratio ≥ 2)")
    emit([
        ("bench", "\"append-ratios\""), ("journal_over_floor_median", ratio(journalS.median, floorS.median)),
        ("journal_over_floor_p99", ratio(journalS.p99, floorS.p99)),
        ("sqlite_over_journal_median", ratio(sqliteS.median, journalS.median)),
        ("sqlite_over_journal_write_bytes", ratio(sqliteBytes, journalBytes)),
    ])
}

// MARK: Open after a crash of a full journal against one sequential read of the file.

if runOpen {
    let open = OpenBenchmark(path: directory + "/full.journal", size: size)
    try open.prepare(payload: payload)
    var reads = (cold: Samples(), warm: Samples())
    var opens = (cold: Samples(), warm: Samples())
    var oneThread = (read: Samples(), open: Samples())  // Warm, the scan kept on one thread.
    let pressureBefore = cpuPressure()
    for _ in 0..<openRuns {
        open.dropCache()
        reads.cold.add(try open.timeSequentialRead())
        open.dropCache()
        opens.cold.add(try open.timeOpen())
        _ = try open.timeSequentialRead()  // Bring the file into the page cache first.
        reads.warm.add(try open.timeSequentialRead())
        _ = try open.timeSequentialRead()  // The same cache state for the open as for the read.
        opens.warm.add(try open.timeOpen())
        oneThread.read.add(try open.timeSequentialRead())
        _ = try open.timeSequentialRead()
        oneThread.open.add(try open.timeOpen(scanHelper: false))
    }
    let pressureAfter = cpuPressure()
    print("")
    print(
        "open of a full \(size)-byte journal (\(openRuns) runs, medians; cold = file dropped from the page cache "
            + "with posix_fadvise(DONTNEED) before each run, warm = file in the page cache)")
    for (label, key, read, opened) in [
        ("cold", "cold", reads.cold, opens.cold), ("warm", "warm", reads.warm, opens.warm),
        ("warm, scan on one thread", "warm-one-thread", oneThread.read, oneThread.open),
    ] {
        print(
            "  \(label): sequential read \(micros(read.median)), journal open \(micros(opened.median)), "
                + "ratio \(ratio(opened.median, read.median))   (\(key == "warm-one-thread" ? "no second core: for comparison" : "target < 1.50")); "
                + "fastest runs: read \(micros(read.fastest)), "
                + "open \(micros(opened.fastest)), ratio \(ratio(opened.fastest, read.fastest))")
        emit([
            ("bench", "\"open-\(key)\""), ("file_bytes", "\(size)"), ("runs", "\(openRuns)"),
            ("sequential_read_median_ns", "\(read.median)"), ("open_median_ns", "\(opened.median)"),
            ("open_over_read", ratio(opened.median, read.median)),
            ("sequential_read_fastest_ns", "\(read.fastest)"), ("open_fastest_ns", "\(opened.fastest)"),
            ("open_over_read_fastest", ratio(opened.fastest, read.fastest)),
        ])
    }
    // The scan checks on two cores; the read is one thread. Other work on a shared machine
    // takes the second core first, so say how much there was; the one-thread figure shows the
    // open with no second core at all (the target is for the default open).
    if let pressureBefore, let pressureAfter {
        print("  other work competing for the CPU (PSI cpu some avg10): \(pressureBefore)% before the open runs, \(pressureAfter)% after")
    }
}
print("")
for line in jsonLines { print(line) }
_ = system("rm -rf '\(directory)'")
