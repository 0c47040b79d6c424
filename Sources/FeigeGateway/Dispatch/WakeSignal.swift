import Synchronization

/// Wakes one waiting loop: signals coalesce while it is busy, so many enqueues cost one wake-up, and a wait
/// may end at a deadline instead (a retry, a scheduled message) — no polling.
///
/// One waiter at a time. Every return from ``wait(timeout:)`` means "look at everything again": it returns
/// on a signal, at the timeout, when the task is cancelled — or early, when a deadline an earlier wait asked
/// for comes first.
///
/// Deadlines share one timer: a wait whose deadline is no earlier than the armed timer's only waits for a
/// signal, and the timer signals when it fires. A loop that waits once per batch with a flush deadline
/// (the dispatcher, the outbox pusher) therefore arms a timer once per deadline, not per batch
/// (issue #6: a task group with a signal task and a sleep task per wait was a large share of the
/// dispatcher's cost per batch). The timer is the waiter's event loop's own when the waiter runs on one
/// (``CallerLoopTimer``), so firing it wakes no other thread.
///
/// Deadlines are coalesced: a timer fires at the first multiple of ``slack`` (counted from one instant for
/// the whole process) at or after the deadline asked for. A loop whose deadlines come every hundred
/// microseconds — the simulated network's outcomes at 10 000 SUBMITs/s, each due at its own random delay —
/// then wakes once per slack, taking everything due by then, instead of once per deadline; each timer costs
/// a wake-up of the waiting loop (issue #6: wake-ups compete with the SUBMIT path for the machine's cores). A
/// timer never fires before its deadline, and at most `slack` after it.
final class WakeSignal: Sendable {
    private struct State {
        var isPending = false
        var waiter: CheckedContinuation<Void, Never>?
        /// When the armed timer fires, and the timer.
        var timerDeadline: ContinuousClock.Instant?
        var timer: CallerLoopTimer?
    }

    /// How late a timer may fire, so that deadlines close together share one: see ``coalesced(_:slack:)``.
    static let defaultSlack: Duration = .milliseconds(2)

    /// The instant the multiples of a slack are counted from: the same for every signal, so loops whose
    /// deadlines round to the same multiple wake together.
    private static let slackOrigin = ContinuousClock.now

    private let state = Mutex(State())
    private let slack: Duration

    /// - Parameter slack: how late a timer may fire (``defaultSlack``); `.zero` fires at each deadline.
    init(slack: Duration = WakeSignal.defaultSlack) {
        self.slack = max(slack, .zero)
    }

    /// The instant a timer for `deadline` fires: the first multiple of `slack` after ``slackOrigin`` at or
    /// after `deadline` (`deadline` itself when `slack` is zero or `deadline` comes before the origin).
    static func coalesced(_ deadline: ContinuousClock.Instant, slack: Duration) -> ContinuousClock.Instant {
        let step = slack.nanoseconds
        let offset = (deadline - slackOrigin).nanoseconds
        guard step > 0, offset > 0 else { return deadline }
        let (steps, remainder) = offset.quotientAndRemainder(dividingBy: step)
        guard remainder > 0 else { return deadline }
        // Only a deadline centuries away (a saturated offset) overflows: it needs no rounding.
        let (next, pastEnd) = steps.addingReportingOverflow(1)
        let (rounded, overflow) = next.multipliedReportingOverflow(by: step)
        return pastEnd || overflow ? deadline : slackOrigin + .nanoseconds(rounded)
    }

    deinit {
        state.withLock { $0.timer }?.cancel()
    }

    /// Wakes the waiter, or the next wait if none is waiting.
    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.isPending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Waits for a signal, at most `timeout` (forever when `nil`).
    func wait(timeout: Duration?) async {
        if state.withLock({ state in
            defer { state.isPending = false }
            return state.isPending
        }) {
            return
        }
        if let timeout {
            guard timeout > .zero else { return }
            arm(at: Self.coalesced(.now + timeout, slack: slack))
        }
        await nextSignal()
    }

    /// Makes sure a timer signals at `deadline` or earlier. The waiter arms it, so on the waiter's event loop when
    /// it runs on one (``CallerLoopTimer``).
    private func arm(at deadline: ContinuousClock.Instant) {
        let replaced = state.withLock { state -> CallerLoopTimer? in
            if let armed = state.timerDeadline, armed <= deadline { return nil }
            let previous = state.timer
            state.timerDeadline = deadline
            // Weak: an armed timer does not keep the signal (and its owner) alive.
            state.timer = CallerLoopTimer(at: deadline) { [weak self] in self?.fire(deadline) }
            return previous
        }
        replaced?.cancel()
    }

    /// Whether a timer is armed, and where: `nil` when none is, true when on an event loop (for tests).
    var armedTimerIsOnEventLoop: Bool? {
        state.withLock { $0.timer?.isOnEventLoop }
    }

    private func fire(_ deadline: ContinuousClock.Instant) {
        let isArmed = state.withLock { state -> Bool in
            guard state.timerDeadline == deadline else { return false }
            state.timerDeadline = nil
            state.timer = nil
            return true
        }
        if isArmed { signal() }
    }

    private func nextSignal() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.isPending || Task.isCancelled {
                        state.isPending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
