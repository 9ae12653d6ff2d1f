import TerminalApp

/// `loyalty-terminal`: everything lives in TerminalApp; this is only the entry point.
@main
extension LoyaltyTerminalCommand {}
