import Testing

/// The flag values the tracker tests build reports with are those of pcsc-lite.
@Suite("SCARD_STATE flag values")
struct ReaderStateFlagTests {
    @Test(
        "test flag values match pcsclite.h",
        .enabled(if: PCSCHeader.isInstalled, "libpcsclite-dev header not installed"),
        arguments: [
            ("SCARD_STATE_UNAWARE", StateFlag.unaware),
            ("SCARD_STATE_CHANGED", StateFlag.changed),
            ("SCARD_STATE_UNKNOWN", StateFlag.unknown),
            ("SCARD_STATE_EMPTY", StateFlag.empty),
            ("SCARD_STATE_PRESENT", StateFlag.present),
            ("SCARD_STATE_INUSE", StateFlag.inUse),
            ("SCARD_STATE_MUTE", StateFlag.mute),
        ]
    )
    func matchesHeader(name: String, value: UInt32) throws {
        #expect(try #require(PCSCHeader.stateFlags[name]) == value)
    }
}
