import Synchronization

/// Wakes one waiting loop: signals coalesce while it is busy, so many enqueues cost one wake-up, and a wait
/// may end at a deadline instead (a retry, a scheduled message) — no polling.
///
/// One waiter at a time. Every return from ``wait(timeout:)`` means "look at everything again": it returns
/// on a signal, at the timeout, or when the task is cancelled.
final class WakeSignal: Sendable {
    private struct State {
        var isPending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    init() {}

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
        guard let timeout else {
            await nextSignal()
            return
        }
        guard timeout > .zero else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.nextSignal() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
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
