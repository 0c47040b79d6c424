import CMPPCore
import CMPPNIO
import Logging
import NIOCore

/// Collects one event loop's accepted SUBMITs and hands them to the store in one
/// ``GatewayStore/accept(_:completion:)`` per loop tick (issue #6: batched store calls); once the store
/// has committed them, answers each with SUBMIT_RESP Result 0 and its Msg_Id (§7.4.3.2) — or, if the
/// commit failed, Result 9 — and passes the committed messages to the dispatcher.
///
/// All state is touched on the event loop only; the store's completion hops back to it once per batch.
final class SubmitBatcher: Sendable {
    /// A SUBMIT waiting for the commit.
    struct Pending {
        var request: CMPPInboundRequest
        var messageID: CMPPMessageID
        /// Answer this much later (fault injection: a late or lost response).
        var responseDelay: TimeAmount?
    }

    private struct Batch {
        var messages: [AcceptedMessage] = []
        var pending: [Pending] = []
        var isFlushScheduled = false

        /// Adds a SUBMIT; true when it is the first since the last flush, so a flush must be scheduled.
        mutating func append(_ message: AcceptedMessage, pending entry: Pending) -> Bool {
            messages.append(message)
            pending.append(entry)
            defer { isFlushScheduled = true }
            return !isFlushScheduled
        }
    }

    let eventLoop: any EventLoop
    private let batch: NIOLoopBoundBox<Batch>
    private let store: any GatewayStore
    private let committed: @Sendable ([AcceptedMessage]) -> Void
    private let logger: Logger

    /// - Parameter committed: receives each committed batch (on the event loop), for dispatch.
    init(
        eventLoop: any EventLoop,
        store: any GatewayStore,
        logger: Logger,
        committed: @escaping @Sendable ([AcceptedMessage]) -> Void
    ) {
        self.eventLoop = eventLoop
        self.batch = NIOLoopBoundBox.makeBoxSendingValue(Batch(), eventLoop: eventLoop)
        self.store = store
        self.logger = logger
        self.committed = committed
    }

    /// Queues `message` for the next commit. Call on ``eventLoop``.
    func append(_ message: AcceptedMessage, pending: Pending) {
        // One access to the loop-bound box per SUBMIT (each access is checked for exclusivity at run time).
        if batch.value.append(message, pending: pending) {
            eventLoop.execute { self.flush() }
        }
    }

    private func flush() {
        let messages = batch.value.messages
        let pending = batch.value.pending
        batch.value = Batch()
        let eventLoop = self.eventLoop
        store.accept(messages) { [self] result in
            eventLoop.execute {
                self.answer(pending, messages: messages, result: result)
            }
        }
    }

    private func answer(_ pending: [Pending], messages: [AcceptedMessage], result: Result<Void, any Error>) {
        switch result {
        case .success:
            for entry in pending {
                let response = CMPPMessage.submitResponse(
                    CMPPSubmitResponse(messageID: entry.messageID, result: .success)
                )
                if let delay = entry.responseDelay {
                    let request = entry.request
                    eventLoop.scheduleTask(in: delay) { request.respond(response) }
                } else {
                    entry.request.respond(response)
                }
            }
            committed(messages)
        case .failure(let error):
            logger.debug(
                "SUBMITs not stored: answered Result 9",
                metadata: ["feige.count": "\(pending.count)", "feige.error": "\(error)"]
            )
            for entry in pending {
                entry.request.respond(.submitResponse(CMPPSubmitResponse(messageID: .zero, result: .otherError)))
            }
        }
    }
}
