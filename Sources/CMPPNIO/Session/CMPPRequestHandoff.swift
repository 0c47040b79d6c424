import CMPPCore
import NIOConcurrencyHelpers
import NIOCore

/// Carries requests made off the event loop onto it in batches: the queue behind
/// ``CMPPSessionLink/request(_:)``.
///
/// Each request is appended under a lock; only the first of a batch enqueues a task on the event loop, and
/// that task issues every request queued by then, in the order they were queued. Under load many requests
/// share one hop (one enqueued closure and at most one wake-up of the loop) instead of paying one each,
/// and each response resumes its caller's continuation straight from the event loop, with no second hop
/// to register a callback on a future.
final class CMPPRequestHandoff: Sendable {
    /// One queued request and who waits for its response.
    struct Pending: Sendable {
        var message: CMPPMessage
        var continuation: UnsafeContinuation<CMPPMessage, any Error>
    }

    private struct State: Sendable {
        var queued: [Pending] = []
        var isDrainScheduled = false
    }

    private let state = NIOLockedValueBox(State())

    /// Queues `pending`; returns `true` when the caller must schedule ``takeBatch()`` on the event loop
    /// (no drain was scheduled yet).
    func enqueue(_ pending: Pending) -> Bool {
        state.withLockedValue { state in
            state.queued.append(pending)
            guard !state.isDrainScheduled else { return false }
            state.isDrainScheduled = true
            return true
        }
    }

    /// Takes every queued request, oldest first; the next ``enqueue(_:)`` schedules a new drain.
    func takeBatch() -> [Pending] {
        state.withLockedValue { state in
            state.isDrainScheduled = false
            let batch = state.queued
            state.queued = []
            return batch
        }
    }
}
