import NIOCore
import Synchronization

/// The counters the submitting tasks, the delivery reader and the progress line share: relaxed atomics, one
/// increment per event, no lock on the hot path.
final class BenchCounters: Sendable {
    /// SUBMITs answered (any Result).
    let submitted = Atomic<Int>(0)
    /// Status reports received.
    let reports = Atomic<Int>(0)
    /// When the latest report came, in `NIODeadline` uptime nanoseconds.
    let lastReportNanoseconds = Atomic<UInt64>(0)
    /// Set when a SUBMIT failed outright: the other tasks stop too.
    let aborted = Atomic<Bool>(false)

    func submitAnswered() {
        submitted.add(1, ordering: .relaxed)
    }

    /// Starts counting again from zero (after a warm-up); `aborted` stays as it is.
    func reset() {
        submitted.store(0, ordering: .relaxed)
        reports.store(0, ordering: .relaxed)
        lastReportNanoseconds.store(0, ordering: .relaxed)
    }

    func reportReceived() {
        reports.add(1, ordering: .relaxed)
        lastReportNanoseconds.store(NIODeadline.now().uptimeNanoseconds, ordering: .relaxed)
    }
}
