import SimulatorApp

/// `loyalty-sim`: everything lives in SimulatorApp; this is only the entry point.
@main
extension LoyaltySimCommand {}
