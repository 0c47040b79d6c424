/// A snapshot of a running bench, handed to the progress callback about five times a second.
public struct BenchProgress: Hashable, Sendable {
    /// SUBMITs answered so far.
    public var submitted: Int
    /// Status reports received so far.
    public var reports: Int
    /// Idle links logged in so far (idle-links mode).
    public var linksOpened: Int
    /// Seconds since the measurement began.
    public var elapsedSeconds: Double

    public init(submitted: Int = 0, reports: Int = 0, linksOpened: Int = 0, elapsedSeconds: Double) {
        self.submitted = submitted
        self.reports = reports
        self.linksOpened = linksOpened
        self.elapsedSeconds = elapsedSeconds
    }
}
