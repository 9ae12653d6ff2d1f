extension Duration {
    /// Whole milliseconds (a budget in a receipt line or a log).
    var milliseconds: Int64 { components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000 }
}
