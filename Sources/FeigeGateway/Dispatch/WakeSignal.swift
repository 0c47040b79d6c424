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
/// (the dispatcher, the outbox pusher) therefore starts a timer task once per deadline, not per batch
/// (issue #6: a task group with a signal task and a sleep task per wait was a large share of the
/// dispatcher's cost per batch).
final class WakeSignal: Sendable {
    private struct State {
        var isPending = false
        var waiter: CheckedContinuation<Void, Never>?
        /// When the armed timer fires, and its task.
        var timerDeadline: ContinuousClock.Instant?
        var timer: Task<Void, Never>?
    }

    private let state = Mutex(State())

    init() {}

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
            arm(at: .now + timeout)
        }
        await nextSignal()
    }

    /// Makes sure a timer signals at `deadline` or earlier.
    private func arm(at deadline: ContinuousClock.Instant) {
        let replaced = state.withLock { state -> Task<Void, Never>? in
            if let armed = state.timerDeadline, armed <= deadline { return nil }
            let previous = state.timer
            state.timerDeadline = deadline
            // Weak: a sleeping timer does not keep the signal (and its owner) alive. On the global executor, not
            // the waiter's: a timer may fire after the waiter's event loop has shut down, and only signals.
            state.timer = Task(executorPreference: globalConcurrentExecutor) { [weak self] in
                do {
                    try await Task.sleep(until: deadline, clock: .continuous)
                } catch {
                    return  // replaced by an earlier deadline, or the signal went away
                }
                self?.fire(deadline)
            }
            return previous
        }
        replaced?.cancel()
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
