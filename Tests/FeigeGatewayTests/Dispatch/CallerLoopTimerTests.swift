import CMPPNIO
import NIOCore
import NIOPosix
import Testing

@testable import FeigeGateway

/// Timers armed by a task that runs on an event loop go into that loop's timer queue; off a loop they are a
/// task on the global executor. Either way they fire at their deadline, not before, and stop when cancelled.
@Suite("CallerLoopTimer")
struct CallerLoopTimerTests {
    @Test func aWaitOnAnEventLoopArmsTheLoopsTimerAndEndsAtItsTimeout() async throws {
        try await withBackgroundLoop { executor in
            let signal = WakeSignal(slack: .zero)
            let waiter = Task(executorPreference: executor) { await signal.wait(timeout: .seconds(60)) }
            #expect(await armedTimer(of: signal) == true)
            signal.signal()
            await waiter.value

            let timed = Task(executorPreference: executor) { () -> Duration in
                let start = ContinuousClock.now
                await signal.wait(timeout: .milliseconds(30))
                return ContinuousClock.now - start
            }
            let waited = await timed.value
            #expect(waited >= .milliseconds(30))
            #expect(waited < .seconds(30))
        }
    }

    /// The gateway shuts its background loop down after its waiters end, with their last timers still armed.
    @Test func aLoopShutsDownPromptlyWithATimerStillArmed() async throws {
        let signal = WakeSignal(slack: .zero)
        let start = ContinuousClock.now
        try await withBackgroundLoop { executor in
            let waiter = Task(executorPreference: executor) { await signal.wait(timeout: .seconds(60)) }
            #expect(await armedTimer(of: signal) == true)
            signal.signal()
            await waiter.value
        }
        #expect(ContinuousClock.now - start < .seconds(30))
        #expect(signal.armedTimerIsOnEventLoop == true)
    }

    @Test func aWaitOffEventLoopsArmsATaskOnTheGlobalExecutor() async {
        let signal = WakeSignal(slack: .zero)
        let waiter = Task(executorPreference: globalConcurrentExecutor) { await signal.wait(timeout: .seconds(60)) }
        #expect(await armedTimer(of: signal) == false)
        signal.signal()
        await waiter.value
    }

    /// An earlier deadline replaces the armed loop timer: the wait ends at the earlier one, and the later one,
    /// cancelled, does not signal after it.
    @Test func anEarlierDeadlineReplacesTheLoopsTimer() async throws {
        try await withBackgroundLoop { executor in
            let signal = WakeSignal(slack: .zero)
            let waited = await Task(executorPreference: executor) { () -> Duration in
                let first = Task(executorPreference: executor) { await signal.wait(timeout: .seconds(60)) }
                _ = await armedTimer(of: signal)
                signal.signal()
                await first.value
                let start = ContinuousClock.now
                await signal.wait(timeout: .milliseconds(20))
                return ContinuousClock.now - start
            }.value
            #expect(waited >= .milliseconds(20))
            #expect(waited < .seconds(30))
            #expect(signal.armedTimerIsOnEventLoop == nil)
        }
    }

    @Test func aSleepOnAnEventLoopEndsAtItsDeadline() async throws {
        try await withBackgroundLoop { executor in
            let slept = await Task(executorPreference: executor) { () -> Duration in
                let start = ContinuousClock.now
                await CallerLoopTimer.sleep(until: start + .milliseconds(25))
                return ContinuousClock.now - start
            }.value
            #expect(slept >= .milliseconds(25))
            #expect(slept < .seconds(30))
        }
    }

    @Test func aCancelledSleepOnAnEventLoopEndsEarly() async throws {
        try await withBackgroundLoop { executor in
            let start = ContinuousClock.now
            let sleeper = Task(executorPreference: executor) {
                await CallerLoopTimer.sleep(until: .now + .seconds(60))
            }
            try await Task.sleep(for: .milliseconds(20))
            sleeper.cancel()
            await sleeper.value
            #expect(ContinuousClock.now - start < .seconds(30))
        }
    }

    @Test func aTimerOnAnEventLoopFiresOnceAndACancelledOneNever() async throws {
        try await withBackgroundLoop { executor in
            let fired = WakeSignal()
            let never = WakeSignal()
            let timers = Task(executorPreference: executor) { () -> (CallerLoopTimer, CallerLoopTimer) in
                let kept = CallerLoopTimer(at: .now + .milliseconds(10)) { fired.signal() }
                let cancelled = CallerLoopTimer(at: .now + .milliseconds(10)) { never.signal() }
                cancelled.cancel()
                return (kept, cancelled)
            }
            let (kept, cancelled) = await timers.value
            #expect(kept.isOnEventLoop)
            #expect(cancelled.isOnEventLoop)
            let start = ContinuousClock.now
            await fired.wait(timeout: .seconds(60))
            #expect(ContinuousClock.now - start < .seconds(30))
            // The cancelled timer's deadline has passed by now: had it fired, its signal would be pending.
            try await Task.sleep(for: .milliseconds(20))
            let waitStart = ContinuousClock.now
            await never.wait(timeout: .milliseconds(50))
            #expect(ContinuousClock.now - waitStart >= .milliseconds(50))
        }
    }

    /// Where `signal`'s timer is once a waiter has armed it (nil if none within seconds).
    private func armedTimer(of signal: WakeSignal) async -> Bool? {
        for _ in 0..<2000 {
            if let place = signal.armedTimerIsOnEventLoop { return place }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return nil
    }

    /// Runs `body` with an executor on a one-thread event loop group, shut down afterwards.
    private func withBackgroundLoop(_ body: (EventLoopTaskExecutor) async throws -> Void) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            try await body(EventLoopTaskExecutor(group.next()))
        } catch {
            try await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
    }
}
