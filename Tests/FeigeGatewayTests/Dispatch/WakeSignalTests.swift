import Foundation
import Testing

@testable import FeigeGateway

@Suite("WakeSignal")
struct WakeSignalTests {
    @Test func aSignalBeforeTheWaitIsKept() async {
        let signal = WakeSignal()
        signal.signal()
        signal.signal()
        let start = ContinuousClock.now
        await signal.wait(timeout: .seconds(60))
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test func aWaitEndsAtItsTimeout() async {
        let signal = WakeSignal()
        let start = ContinuousClock.now
        await signal.wait(timeout: .milliseconds(30))
        #expect(ContinuousClock.now - start >= .milliseconds(30))
    }

    /// Waits share one timer: a wait with a later deadline than the armed one keeps it, a wait with an
    /// earlier deadline arms a new one — it must not wait for the minute the first wait allowed.
    @Test func anEarlierDeadlineReplacesTheArmedTimer() async {
        let signal = WakeSignal()
        let waiter = Task { await signal.wait(timeout: .seconds(60)) }
        try? await Task.sleep(for: .milliseconds(20))
        signal.signal()
        await waiter.value
        let start = ContinuousClock.now
        await signal.wait(timeout: .milliseconds(30))
        let waited = ContinuousClock.now - start
        #expect(waited >= .milliseconds(30))
        #expect(waited < .seconds(30))
    }

    /// A hundred deadlines 100 µs apart (the simulated network's outcomes at 10 000/s) share at most six
    /// timers under the default 2 ms slack, and none fires early or more than the slack late.
    @Test func closeDeadlinesShareATimer() {
        let slack = WakeSignal.defaultSlack
        let start = ContinuousClock.now + .milliseconds(10)
        var firings = Set<ContinuousClock.Instant>()
        for step in 0..<100 {
            let deadline = start + .microseconds(100 * step)
            let firing = WakeSignal.coalesced(deadline, slack: slack)
            #expect(firing >= deadline)
            #expect(firing - deadline < slack)
            firings.insert(firing)
        }
        #expect(firings.count <= 6)
        #expect(firings.count >= 5)
    }

    @Test func withoutSlackOrCenturiesAwayADeadlineStaysAsItIs() {
        let deadline = ContinuousClock.now + .microseconds(1234)
        #expect(WakeSignal.coalesced(deadline, slack: .zero) == deadline)
        // Centuries away its offset saturates at Int64.max nanoseconds, and rounding that up to a multiple of
        // 3 ns would overflow: such a deadline stays as it is.
        let farAway = ContinuousClock.now + .seconds(Int64.max / 4)
        #expect(WakeSignal.coalesced(farAway, slack: .nanoseconds(3)) == farAway)
    }

    /// Two tasks wake each other 2 000 times, each wait allowing 60 s: a lost wake-up would show as a
    /// minute's stall. The bound is loose so that a loaded machine does not fail it.
    @Test func noWakeUpIsLostInAPingPong() async {
        let ping = WakeSignal()
        let pong = WakeSignal()
        let rounds = 2000
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for _ in 0..<rounds {
                    await ping.wait(timeout: .seconds(60))
                    pong.signal()
                }
            }
            group.addTask {
                for round in 0..<rounds {
                    ping.signal()
                    await pong.wait(timeout: round % 2 == 0 ? .seconds(60) : nil)
                }
            }
        }
        #expect(ContinuousClock.now - start < .seconds(30))
    }
}
