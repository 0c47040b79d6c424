/// How much load one `feige bench` run offers.
public enum BenchWorkload: Hashable, Sendable {
    /// Exactly this many SUBMITs, then stop.
    case messages(Int)
    /// SUBMITs until this long has passed since the first.
    case duration(Duration)
}
