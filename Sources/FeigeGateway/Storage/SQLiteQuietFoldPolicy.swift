/// When a ``SQLiteGatewayStore`` is quiet enough to fold the outcomes waiting in `mt_outcome` into the recipients'
/// rows: it is read once per check interval, and says "fold" when the writer made fewer durable commits than the
/// quiet rate allows over the last interval and some outcome waits (issue #6, seventh round: folding under load
/// cost the SUBMITs' p99 as much as writing the outcomes into the recipients' rows at once).
///
/// The first reading only sets the baseline: a store just opened has no interval to judge yet.
package struct SQLiteQuietFoldPolicy: Sendable {
    /// The most durable commits in one interval of a quiet store.
    package let quietCommitsPerInterval: Int
    private var lastDurableCommits: Int?

    /// - Parameters:
    ///   - interval: how often the store reads the policy.
    ///   - quietCommitsPerSecond: the rate of durable commits under which the store counts as quiet.
    package init(interval: Duration, quietCommitsPerSecond: Int) {
        quietCommitsPerInterval = max(1, Int(Double(quietCommitsPerSecond) * interval.timeInterval))
    }

    /// Takes one reading of the writer's counters; `true` when a fold should start now.
    ///
    /// - Parameters:
    ///   - durableCommits: ``SQLiteGatewayStore/CommitStatistics/durableCommits`` now.
    ///   - unfoldedOutcomes: the outcomes waiting to be folded now.
    package mutating func shouldFold(durableCommits: Int, unfoldedOutcomes: Int) -> Bool {
        defer { lastDurableCommits = durableCommits }
        guard let lastDurableCommits, unfoldedOutcomes > 0 else { return false }
        return durableCommits - lastDurableCommits < quietCommitsPerInterval
    }
}
