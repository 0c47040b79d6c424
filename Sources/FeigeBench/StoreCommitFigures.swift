import FeigeGateway

/// What the embedded gateway's durable store did while the bench measured: how long its commits made SUBMITs
/// wait, and how often one commit took longer than
/// ``FeigeGateway/SQLiteGatewayStore/CommitStatistics/slowCommitThreshold`` (1 ms). Encoded as `storeCommits`
/// in `--json`; `null` for the memory store and for a gateway the bench did not start.
///
/// It tells the commits' share of the latency tail from the rest of the gateway's (issue #6): on a steady load
/// each slow commit holds up every SUBMIT that arrives meanwhile, and at half the peak the queue it leaves takes
/// about as long again to drain. A commit's time runs until its thread runs again after the flush, so on a busy
/// machine it holds the waits for a CPU too, not only the disk's (issue #6, twelfth round:
/// `scripts/flush-beside-load.sh` measures the disk alone and beside a CPU load). On this project's test machine,
/// every run with p99 under 2 ms at half the peak had ``slowCommitPercent`` at 0.55–0.75%, and none at 0.9% or
/// more did (issue #6, seventh round).
public struct StoreCommitFigures: Hashable, Sendable, Encodable {
    /// Durable commits (those that answer SUBMITs) in the measured phase.
    public var commits: Int
    /// Their mean `COMMIT` time in µs: writing the log and flushing it.
    public var meanCommitMicros: Double
    /// Commits that took longer than 1 ms.
    public var slowCommits: Int
    /// The time those took, in all, in ms.
    public var slowCommitMillis: Double
    /// That time as a share of the measured phase, in %.
    public var slowCommitPercent: Double

    public init(
        commits: Int,
        meanCommitMicros: Double,
        slowCommits: Int,
        slowCommitMillis: Double,
        slowCommitPercent: Double
    ) {
        self.commits = commits
        self.meanCommitMicros = meanCommitMicros
        self.slowCommits = slowCommits
        self.slowCommitMillis = slowCommitMillis
        self.slowCommitPercent = slowCommitPercent
    }

    /// What the store did between two readings of its statistics taken `seconds` apart.
    static func between(
        _ start: SQLiteGatewayStore.CommitStatistics,
        _ end: SQLiteGatewayStore.CommitStatistics,
        seconds: Double
    ) -> StoreCommitFigures {
        let commits = end.durableCommits - start.durableCommits
        let commitSeconds = (end.durableCommitTime - start.durableCommitTime).timeInterval
        let slowSeconds = (end.slowCommitTime - start.slowCommitTime).timeInterval
        return StoreCommitFigures(
            commits: commits,
            meanCommitMicros: commits > 0 ? (commitSeconds * 1e6 / Double(commits)).rounded(toPlaces: 1) : 0,
            slowCommits: end.slowCommits - start.slowCommits,
            slowCommitMillis: (slowSeconds * 1e3).rounded(toPlaces: 1),
            slowCommitPercent: seconds > 0 ? (slowSeconds / seconds * 100).rounded(toPlaces: 2) : 0
        )
    }
}
