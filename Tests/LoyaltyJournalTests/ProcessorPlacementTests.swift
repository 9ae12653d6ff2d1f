import CProcessorPlacement
import StoreProcesses
import Testing

/// The scan's helper thread keeps off its caller's processor for a pass, then gets its own
/// affinity back (it is a pool thread).
@Suite("Processor placement of the scan's helper")
struct ProcessorPlacementTests {
    @Test("a thread kept off its processor moves at once, and gets all its processors back")
    func avoidAndRestore() async throws {
        let allowed = journal_allowed_processor_count()
        try await blockingWork {  // A thread of its own: its affinity changes.
            let here = journal_current_processor()
            try #require(here >= 0, "the processor a thread runs on is known on Linux")
            var saved = journal_processor_mask()
            let moved = journal_avoid_processor(here, &saved)
            guard allowed > 1 else {
                #expect(moved == 0, "with one processor there is nowhere to go")
                return
            }
            #expect(moved == 1)
            #expect(journal_allowed_processor_count() == allowed - 1)
            for _ in 0..<100 { #expect(journal_current_processor() != here) }
            journal_restore_processors(&saved)
            #expect(journal_allowed_processor_count() == allowed)
        }
    }

    @Test("a processor the thread may not run on, or none, changes nothing")
    func nothingToAvoid() async throws {
        try await blockingWork {
            var saved = journal_processor_mask()
            #expect(journal_avoid_processor(-1, &saved) == 0)
            #expect(journal_avoid_processor(100_000, &saved) == 0)
        }
    }
}
