import CMPPCore
import NIOCore

/// A thread-safe handle on one channel running a ``CMPPSessionHandler``: what ``CMPPConnection`` and
/// ``CMPPServerConnection`` are built on.
///
/// Each call hops to the channel's event loop (or runs in place when already on it) and talks to the
/// handler directly, skipping the pipeline. Requests made off the loop share hops: they queue in a
/// ``CMPPLoopHandoff`` and one enqueued task issues all those queued by the time it runs, as one
/// ``CMPPSessionHandler/batch(_:)`` (one clock read, one flush). Each response resumes its caller's
/// continuation straight from the loop: no promise, no callback, and no second hop to register a callback on
/// a future, as `EventLoopFuture.get()` would make.
struct CMPPSessionLink: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<CMPPSessionHandler>
    private let handoff = CMPPLoopHandoff<PendingRequest>()
    /// Succeeds once the link closed: `nil` after a graceful close, else why.
    let closeFuture: EventLoopFuture<CMPPSessionError?>

    /// Call on the channel's event loop.
    init(channel: any Channel, handler: CMPPSessionHandler) {
        self.channel = channel
        self.handler = NIOLoopBound(handler, eventLoop: channel.eventLoop)
        self.closeFuture = handler.closeFuture
    }

    /// Sends a request through the window (T/N applied) and returns its response.
    ///
    /// Cancelling the calling task does not withdraw a request already handed to the link: the peer may
    /// act on it, so its response (or failure) is still awaited.
    func request(_ message: CMPPMessage) async throws -> CMPPMessage {
        let loop = channel.eventLoop
        let handler = self.handler
        if loop.inEventLoop {
            // A caller already on the loop (a task executor on it): issue in place, resumed from the loop.
            return try await withUnsafeThrowingContinuation { continuation in
                handler.value.issue(message, to: .continuation(continuation))
            }
        }
        let handoff = self.handoff
        return try await withUnsafeThrowingContinuation { continuation in
            guard handoff.enqueue(PendingRequest(message: message, continuation: continuation)) else { return }
            loop.execute {
                // Every request queued by now, in order; each response resumes its caller from the loop.
                let handler = handler.value
                handler.batch {
                    for pending in handoff.takeBatch() {
                        handler.issue(pending.message, to: .continuation(pending.continuation))
                    }
                }
            }
        }
    }

    /// ``request(_:)`` for callers that stay in futures.
    func requestFuture(_ message: CMPPMessage) -> EventLoopFuture<CMPPMessage> {
        let loop = channel.eventLoop
        let promise = loop.makePromise(of: CMPPMessage.self)
        if loop.inEventLoop {
            handler.value.issue(message, to: .promise(promise))
        } else {
            let handler = self.handler
            loop.execute { handler.value.issue(message, to: .promise(promise)) }
        }
        return promise.futureResult
    }

    /// A request queued for the event loop, and who waits for its response.
    private struct PendingRequest: Sendable {
        var message: CMPPMessage
        var continuation: UnsafeContinuation<CMPPMessage, any Error>
    }

    /// Graceful termination (§7.4.2); returns once the link closed.
    func terminate() async {
        onLoop { $0.terminate() }
        _ = try? await closeFuture.get()
    }

    /// Starts a graceful termination without waiting for it.
    func startTerminating() {
        onLoop { $0.terminate() }
    }

    /// Closes at once; requests left fail with ``CMPPSessionError/Code/linkClosed``.
    func close() {
        onLoop { $0.close() }
    }

    /// Waits until the link closed: `nil` after a graceful close, else why.
    func closed() async -> CMPPSessionError? {
        do {
            return try await closeFuture.get()
        } catch {
            return CMPPSessionError.linkClosed(wasSent: false, reason: "\(error)")
        }
    }

    private func onLoop(_ body: @escaping @Sendable (CMPPSessionHandler) -> Void) {
        let loop = channel.eventLoop
        let handler = self.handler
        if loop.inEventLoop {
            body(handler.value)
        } else {
            loop.execute { body(handler.value) }
        }
    }
}
