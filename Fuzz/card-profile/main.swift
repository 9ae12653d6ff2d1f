// libFuzzer target for the card profile's parsers (TLV, SELECT and AUTHENTICATE answers,
// state envelope, member record, terminal certificate, card image).
// Built and run by scripts/fuzz-card-profile.sh; not part of the SwiftPM package.
import CardProfile

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    ParserFuzzing.exercise(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
