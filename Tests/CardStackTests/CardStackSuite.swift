import Testing

/// Every test that talks to the real `pcscd` shares its virtual readers, so they run one at a
/// time, inside this suite.
@Suite("Real pcscd + vpcd + virtual card", .serialized)
struct CardStackSuite {}
