import Foundation

/// Conversions between the clocks the gateway's loops use: `Duration` for waits, `Date` for due times, and
/// NIO's nanosecond `TimeAmount`.
extension Duration {
    /// The whole duration in nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow
            ? (seconds < 0 ? .min : .max) : product.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}

extension Date {
    /// The time from `now` until this date, zero if it has passed.
    func duration(since now: Date) -> Duration {
        let interval = timeIntervalSince(now)
        return interval > 0 ? .nanoseconds(Int64(interval * 1e9)) : .zero
    }
}
