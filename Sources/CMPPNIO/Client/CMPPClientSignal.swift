import NIOConcurrencyHelpers

/// A one-shot event many tasks can wait for: ``CMPPClient``'s "shutting down" and "run() has ended".
///
/// ``wait()`` returns once ``fire()`` was called (at once if it already was), or when the waiting task is
/// cancelled, so a task group can race it against a link closing or a back-off sleep.
package final class CMPPClientSignal: Sendable {
    private enum Waiter: Sendable {
        case created
        case waiting(CheckedContinuation<Void, Never>)
        case cancelled
    }

    private struct State: Sendable {
        var fired = false
        var nextID = 0
        var waiters: [Int: Waiter] = [:]
    }

    private let state = NIOLockedValueBox(State())

    package init() {}

    /// Whether ``fire()`` was called.
    package var isFired: Bool { state.withLockedValue { $0.fired } }

    /// Fires the event, releasing every waiter; later calls do nothing.
    package func fire() {
        let continuations = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            guard !state.fired else { return [] }
            state.fired = true
            let waiting = state.waiters.values.compactMap { waiter -> CheckedContinuation<Void, Never>? in
                if case .waiting(let continuation) = waiter { return continuation }
                return nil
            }
            state.waiters.removeAll()
            return waiting
        }
        for continuation in continuations { continuation.resume() }
    }

    /// Returns when the event has fired, or when the task is cancelled.
    package func wait() async {
        let id: Int? = state.withLockedValue { state in
            guard !state.fired else { return nil }
            defer { state.nextID += 1 }
            state.waiters[state.nextID] = .created
            return state.nextID
        }
        guard let id else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLockedValue { state -> Bool in
                    guard case .created = state.waiters[id] else {
                        // Cancelled, or fired, before we got here.
                        state.waiters[id] = nil
                        return true
                    }
                    state.waiters[id] = .waiting(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
                switch state.waiters[id] {
                case .created:
                    state.waiters[id] = .cancelled
                    return nil
                case .waiting(let continuation):
                    state.waiters[id] = nil
                    return continuation
                case .cancelled, nil:
                    return nil
                }
            }
            continuation?.resume()
        }
    }
}
