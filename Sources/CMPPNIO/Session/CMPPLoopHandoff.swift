import NIOConcurrencyHelpers

/// Carries work made off a link's event loop onto it in batches: the queue behind
/// ``CMPPSessionLink/request(_:)`` (our requests) and behind ``CMPPInboundRequest/respond(_:)`` (our answers
/// to the peer's requests, e.g. SUBMIT_RESPs completed by a store's writer thread).
///
/// Each item is appended under a lock; only the first of a batch tells its caller to enqueue a task on the
/// event loop, and that task takes every item queued by then, in the order they were queued. Under load many
/// items share one hop (one enqueued closure, at most one wake-up of the loop) instead of paying one each.
final class CMPPLoopHandoff<Item: Sendable>: Sendable {
    private struct State: Sendable {
        var queued: [Item] = []
        var isDrainScheduled = false
    }

    private let state = NIOLockedValueBox(State())

    /// Queues `item`; returns `true` when the caller must schedule a task on the event loop that calls
    /// ``takeBatch()`` (no such task is pending yet).
    func enqueue(_ item: Item) -> Bool {
        state.withLockedValue { state in
            state.queued.append(item)
            guard !state.isDrainScheduled else { return false }
            state.isDrainScheduled = true
            return true
        }
    }

    /// Takes every queued item, oldest first; the next ``enqueue(_:)`` asks for a new task.
    func takeBatch() -> [Item] {
        state.withLockedValue { state in
            state.isDrainScheduled = false
            let batch = state.queued
            state.queued = []
            return batch
        }
    }
}
