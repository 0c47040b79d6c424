import CMPPCore
import Foundation

/// What the simulated handset network does with one message to one handset: the final state it reaches
/// and when, which the gateway turns into a status report (§7.4.5.1) for the SP.
public struct SimulatedOutcome: Hashable, Sendable {
    /// The report's `Stat`: `DELIVRD`, `UNDELIV`, `EXPIRED`, `REJECTD`, …
    public var stat: CMPPStat
    /// When the final state is reached: the report's `Done_time`.
    public var doneAt: Date

    public init(stat: CMPPStat, doneAt: Date) {
        self.stat = stat
        self.doneAt = doneAt
    }
}
