import FeigeGateway

/// When a paced bench offers its SUBMITs (`feige bench --rate R`, `--tick-us T`), and when the group-commit
/// model of `--disk-flush DIR --rate R` offers its messages: the `n`-th of the run (from 0) is due `n / R`
/// seconds after the start.
///
/// Without a tick the SUBMITs are spaced evenly, each going out at its own time. With a tick of T seconds, a
/// SUBMIT's time is rounded up to the end of its tick, so the SUBMITs falling due within each tick go out
/// together, R × T at a time, as an SP sends them that drains a queue now and then. Each SUBMIT's latency still
/// counts from the time it is sent, so a burst's last SUBMIT counts its wait behind the others.
///
/// Why a tick (issue #6, eleventh round): each SUBMIT at its own time takes a timer of its own, and on a
/// virtual machine arming the next timer of a CPU costs a VM exit (~20 µs on the one the figures come from),
/// which the sending side then takes from a gateway on the same machine.
public struct SubmitSchedule: Hashable, Sendable {
    /// SUBMITs per second in all.
    public var rate: Int
    /// How often the SUBMITs due go out together; `nil` sends each at its own time.
    public var tick: Duration?

    public init(rate: Int, tick: Duration? = nil) {
        self.rate = rate
        self.tick = tick
    }

    /// How long after the start the `index`-th SUBMIT of the run (from 0) is due, in nanoseconds.
    ///
    /// - Precondition: `rate` ≥ 1, `index` ≥ 0, and `tick`, when given, at least a nanosecond.
    public func nanosecondsAfterStart(_ index: Int64) -> Int64 {
        // Full width: `index` × 10⁹ leaves 64 bits after 9.2 × 10⁹ SUBMITs (days at the peak); the quotient only
        // after centuries.
        let even = Int64(rate).dividingFullWidth(index.multipliedFullWidth(by: 1_000_000_000)).quotient
        guard let tick else { return even }
        let tickNanoseconds = tick.nanoseconds
        return (even + tickNanoseconds - 1) / tickNanoseconds * tickNanoseconds
    }
}
