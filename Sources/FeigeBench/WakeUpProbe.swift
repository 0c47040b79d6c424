import Dispatch
import FeigeGateway
import Foundation
import Synchronization

/// A thread of its own that sleeps ``interval`` again and again while the bench measures, recording how late
/// each sleep ended: `feige bench --wake-probe` (what `cyclictest` measures, at an ordinary priority).
///
/// It answers whether a latency tail is the machine's: on a VM with two cores shared by the client and the
/// gateway, a woken thread may wait milliseconds for a core whatever it was woken for. The probe's own cost is
/// one wake-up per interval, which the bench counts among the gateway's other threads. Each may preempt a
/// thread of the gateway's, so the probe sleeps 5 ms rather than `cyclictest`'s 1: at 1 ms, a group of six
/// runs at 10 000/s had a p99 median of 6.2 ms with the probe against 3.1 without (issue #6, eighth round).
public final class WakeUpProbe: Sendable {
    /// How long each sleep asks for.
    public static let interval: Duration = .milliseconds(5)
    /// A wake-up later than this counts in ``WakeUpLateness/lateWakeUps``.
    public static let lateThreshold: Duration = .microseconds(500)

    private let stopped = Atomic<Bool>(false)
    private let measured = Mutex<WakeUpLateness?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the probe's thread.
    public init() {
        NamedThread.start("feige.wakeprobe") { [self] in measure() }
    }

    /// Stops the probe and returns what it measured; waits for its current sleep to end (about ``interval``).
    /// Call once.
    public func stop() -> WakeUpLateness {
        stopped.store(true, ordering: .relaxed)
        finished.wait()
        return measured.withLock { $0 }
            ?? WakeUpLateness(wakeUps: 0, latenessMicros: .zero, lateWakeUps: 0, lateMillis: 0)
    }

    private func measure() {
        let clock = ContinuousClock()
        var lateness = LatencyRecorder()
        var lateWakeUps = 0
        var lateTime = Duration.zero
        while !stopped.load(ordering: .relaxed) {
            let before = clock.now
            Thread.sleep(forTimeInterval: Self.interval.timeInterval)
            let late = max(clock.now - before - Self.interval, .zero)
            lateness.record(nanoseconds: UInt64(late.nanoseconds))
            if late > Self.lateThreshold {
                lateWakeUps += 1
                lateTime += late
            }
        }
        let figures = WakeUpLateness(
            wakeUps: Int(lateness.count),
            latenessMicros: lateness.percentiles,
            lateWakeUps: lateWakeUps,
            lateMillis: (lateTime.timeInterval * 1e3).rounded(toPlaces: 1)
        )
        measured.withLock { $0 = figures }
        finished.signal()
    }
}
