/// What one submitting task of a bench run did.
struct BenchCallerOutcome: Sendable {
    /// SUBMITs answered with Result 0.
    var accepted = 0
    /// SUBMITs answered with another Result.
    var rejected = 0
    /// SUBMITs that got no answer.
    var errors = 0
    /// The first such failure.
    var firstError: String?
    /// Submit → SUBMIT_RESP latencies.
    var latencies = LatencyRecorder()

    /// Adds up the outcomes of all tasks.
    mutating func merge(_ other: BenchCallerOutcome) {
        accepted += other.accepted
        rejected += other.rejected
        errors += other.errors
        if firstError == nil { firstError = other.firstError }
        latencies.merge(other.latencies)
    }
}
