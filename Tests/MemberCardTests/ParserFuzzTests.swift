import CardProfile
import Foundation
import StoreProcesses
import Testing

/// The parsers under random inputs, for a bounded time: a mutation loop over the committed
/// corpus inside the tests, and the libFuzzer target when it has been built
/// (`scripts/fuzz-card-profile.sh`).
@Suite("Card profile parsers under fuzzing")
struct ParserFuzzTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = root.appendingPathComponent("Fuzz/corpus/card-profile")
    static let fuzzer = root.appendingPathComponent(".build-card-fuzz/card-profile-fuzz")

    /// Valid objects of every kind, each behind its parser's selector byte.
    static func seeds() throws -> [[UInt8]] {
        let fixture = try CardFixture()
        defer { fixture.remove() }
        var state = CardFixture.newState(balance: 42, sequence: 3)
        state.cardKeyID = fixture.record.record.cardKeyID
        state.terminalID = 7
        let envelope = try StateEnvelope(
            state: state, terminalKey: fixture.credential.privateKey, certificate: fixture.credential.certificate)
        var image = fixture.image
        image.envelope = envelope.tlv.encoded
        let select = try SelectAnswer(record: fixture.record, envelopeBytes: envelope.tlv.encoded).bytes
        let auth = AuthenticationAnswer(
            counter: 3, stateCounter: 2, stateHash: Array(repeating: 9, count: 32), signature: Array(repeating: 1, count: 64)
        ).bytes
        return [
            [0] + select, [1] + select,
            [1] + (try SelectAnswer(record: fixture.record, envelopeBytes: nil).bytes),
            [2] + auth, [3] + envelope.tlv.encoded, [4] + image.bytes,
            [5] + fixture.record.tlv.value, [6] + fixture.credential.certificate.tlv.value,
            [7] + (try state.tlv().value),
            [5] + (try Self.referredRecord(issuer: fixture.issuer)).tlv.value,
        ] + (try Self.enrolmentSeeds())
    }

    /// A blank card's FCI and image, and a record an enrolment key signed (with its `E4`).
    static func enrolmentSeeds() throws -> [[UInt8]] {
        let fixture = try EnrolmentFixture()
        defer { fixture.remove() }
        let record = fixture.enrolment.signRecord(for: EnrolmentFixture.member(42), cardPublicKey: try fixture.blank.publicKey())
        return [
            [1] + (try SelectAnswer(blankCardKey: try fixture.blank.publicKey())).bytes, [4] + fixture.blank.bytes,
            [5] + record.tlv.value,
        ]
    }

    /// A signed member record naming a referrer (tag `8A`).
    static func referredRecord(issuer: Issuer) throws -> SignedMemberRecord {
        let member = Issuer.Member(
            memberID: "M-000124", issued: try CalendarDate(year: 2025, month: 1, day: 15),
            expires: try CalendarDate(year: 2029, month: 12, day: 31), birthdayMonth: 6, birthdayDay: 30, referrer: "M-000123")
        return try #require(issuer.personalise(member, uid: [0x08, 0x11, 0x22, 0x34]).record)
    }

    static func loadCorpus() throws -> [[UInt8]] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return try names.sorted().map { Array(try Data(contentsOf: corpus.appendingPathComponent($0))) }
    }

    @Test("every seed parses, and mutations of the corpus never crash a parser (bounded time)")
    func mutationLoop() throws {
        let seeds = try Self.seeds()
        if ProcessInfo.processInfo.environment["WRITE_FUZZ_CORPUS"] != nil {
            try FileManager.default.createDirectory(at: Self.corpus, withIntermediateDirectories: true)
            for (index, seed) in seeds.enumerated() {
                try Data(seed).write(to: Self.corpus.appendingPathComponent("seed-\(index)"))
            }
        }
        for seed in seeds { #expect(ParserFuzzing.exercise(seed)) }
        let corpus = try Self.loadCorpus()
        #expect(!corpus.isEmpty, "the committed corpus is in Fuzz/corpus/card-profile")
        let inputs = corpus + seeds
        var generator = SystemRandomNumberGenerator()
        let deadline = ContinuousClock.now + .seconds(2)
        var runs = 0
        while ContinuousClock.now < deadline {
            for _ in 0..<200 {
                var bytes = inputs[Int.random(in: 0..<inputs.count, using: &generator)]
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    let position = Int.random(in: 1..<max(2, bytes.count), using: &generator)
                    switch Int.random(in: 0..<4, using: &generator) {
                    case 0 where position < bytes.count: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                    case 1: bytes = Array(bytes.prefix(position))
                    case 2: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: min(position, bytes.count))
                    default: if position < bytes.count { bytes[position] ^= 0x80 }
                    }
                }
                ParserFuzzing.exercise(bytes)
                runs += 1
            }
        }
        print("in-process fuzz: \(runs) mutated inputs over \(inputs.count) seeds in 2 s, no crash")
    }

    @Test(
        "the libFuzzer target runs over the corpus without a crash",
        .enabled(if: FileManager.default.isExecutableFile(atPath: fuzzer.path), "built by scripts/fuzz-card-profile.sh"))
    func libFuzzer() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("card-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let run = try await ProcessRunner.run(
            Self.fuzzer, ["-runs=300000", "-max_total_time=10", "-print_final_stats=1", work.path, Self.corpus.path])
        let text = run.standardError + run.standardOutput
        #expect(run.status == 0, "\(text.suffix(2000))")
        let done = text.split(separator: "\n").last { $0.hasPrefix("Done") || $0.contains("stat::number_of_executed_units") }
        print("libFuzzer: \(done ?? "?")")
    }
}
