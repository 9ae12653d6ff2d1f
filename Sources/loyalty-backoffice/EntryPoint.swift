import BackOfficeApp

/// `loyalty-backoffice`: everything lives in BackOfficeApp; this is only the entry point.
@main
extension LoyaltyBackOfficeCommand {}
