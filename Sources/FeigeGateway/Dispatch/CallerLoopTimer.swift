import NIOCore
import NIOPosix

/// A timer on the event loop of the thread that arms it, or a task on the global executor when that thread is
/// not an event loop's.
///
/// The gateway's background loops (the dispatcher, the outbox pusher, the simulated network) are tasks that run
/// on an event loop of their own (``EventLoopTaskExecutor``). A `Task.sleep` of theirs is a libdispatch timer:
/// when it fires, a timer thread wakes a worker of the global executor, which hands the task back to its loop,
/// so one deadline wakes three threads (issue #6: at 10 000 SUBMITs/s those threads switched ~35 000 times in
/// 9 s, competing with the SUBMIT path for the machine's two cores). Armed on the loop the task runs on, the
/// timer is an entry in that loop's own timer queue and its firing wakes only that loop, which is often awake
/// at that moment anyway.
///
/// A timer armed on a loop that shuts down before its deadline never fires: whoever armed it ran on that loop
/// and has ended with it.
struct CallerLoopTimer: Sendable {
    private enum Armed: Sendable {
        case onLoop(NIOScheduledCallback)
        case onGlobalExecutor(Task<Void, Never>)
    }

    /// What the loop calls at the deadline. A callback still pending when its loop shuts down is dropped: its
    /// owner's task ran on that loop and cannot resume.
    private struct Callback: NIOScheduledCallbackHandler, Sendable {
        let fire: @Sendable () -> Void

        func handleScheduledCallback(eventLoop: some EventLoop) {
            fire()
        }
    }

    private let armed: Armed

    /// Arms a timer that calls `fire` at `deadline` (at once when it has passed), on the calling thread's event
    /// loop when it has one that still takes timers.
    init(at deadline: ContinuousClock.Instant, fire: @escaping @Sendable () -> Void) {
        if let loop = MultiThreadedEventLoopGroup.currentEventLoop,
            let callback = try? loop.scheduleCallback(at: Self.loopDeadline(deadline), handler: Callback(fire: fire))
        {
            armed = .onLoop(callback)
        } else {
            armed = .onGlobalExecutor(
                Task(executorPreference: globalConcurrentExecutor) {
                    do {
                        try await Task.sleep(until: deadline, clock: .continuous)
                    } catch {
                        return  // cancelled
                    }
                    fire()
                }
            )
        }
    }

    /// True when the timer is in an event loop's timer queue, false when it is a task on the global executor.
    var isOnEventLoop: Bool {
        if case .onLoop = armed { return true }
        return false
    }

    /// Stops the timer if it has not fired yet. Safe from any thread, also once the loop has shut down.
    func cancel() {
        switch armed {
        case .onLoop(let callback): callback.cancel()
        case .onGlobalExecutor(let task): task.cancel()
        }
    }

    /// Sleeps until `deadline` (not at all when it has passed), or until the task is cancelled, with a timer
    /// armed as ``init(at:fire:)`` arms it: a wait on a ``WakeSignal`` that nobody signals, whose timer, armed by
    /// the sleeper itself, is one of these.
    static func sleep(until deadline: ContinuousClock.Instant) async {
        await WakeSignal(slack: .zero).wait(timeout: deadline - .now)
    }

    /// `instant` on the event loops' clock: NIO's deadlines count the monotonic clock, `ContinuousClock` may
    /// count another (the boot-time clock on Linux), so the distance from now is what carries over.
    static func loopDeadline(_ instant: ContinuousClock.Instant) -> NIODeadline {
        let distance = (instant - .now).nanoseconds
        return distance <= 0 ? .now() : .now() + .nanoseconds(distance)
    }
}
