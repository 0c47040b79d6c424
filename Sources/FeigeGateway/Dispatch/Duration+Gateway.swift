import Foundation

/// Conversions between the clocks the gateway's loops use: `Duration` for waits, `Date` for due times, and
/// NIO's and libdispatch's nanosecond counts. The one place the package converts a `Duration`; `package`, so
/// the bench (`FeigeBench`) uses them too.
extension Duration {
    /// The whole duration in nanoseconds, saturating at `Int64`'s bounds.
    package var nanoseconds: Int64 { whole(unitsPerSecond: 1_000_000_000) }

    /// The whole duration in microseconds, saturating at `Int64`'s bounds: exact for durations whose
    /// ``nanoseconds`` would saturate (a CPU wake-up latency limit, a configuration duration).
    package var microseconds: Int64 { whole(unitsPerSecond: 1_000_000) }

    /// The whole duration in units of which `unitsPerSecond` make a second (at most 10¹⁸), saturating.
    private func whole(unitsPerSecond: Int64) -> Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: unitsPerSecond)
        if overflow { return seconds < 0 ? .min : .max }
        let attosecondsPerUnit = 1_000_000_000_000_000_000 / unitsPerSecond
        let (sum, sumOverflow) = product.addingReportingOverflow(attoseconds / attosecondsPerUnit)
        return sumOverflow ? (product < 0 ? .min : .max) : sum
    }

    /// This duration in seconds, as Foundation measures time (date arithmetic, `Thread.sleep`, rates).
    package var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

extension Date {
    /// The time from `now` until this date, zero if it has passed.
    func duration(since now: Date) -> Duration {
        let interval = timeIntervalSince(now)
        return interval > 0 ? .nanoseconds(Int64(interval * 1e9)) : .zero
    }
}
