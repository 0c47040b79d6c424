import CMPPCore
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Turns the ISMG's DELIVERs, from every link of a ``CMPPClient``, into ``CMPPClientDelivery`` values in the
/// ``CMPPDeliveries`` buffer: status reports matched to the submitted parts (``CMPPReportTracker``), MO
/// messages merged (``CMPPMOAssembler``). Each DELIVER is answered with DELIVER_RESP Result 0 when its
/// delivery is handed over (§7.4.5.2).
///
/// A report that matches nothing while report-requesting SUBMITs still await their SUBMIT_RESP is held back
/// for up to ``reportMatchGrace`` (``CMPPEarlyReports``): it may have overtaken the response of its own part.
package final class CMPPDeliveryRouter: Sendable {
    /// A status report waiting for its part to be recorded, and the DELIVER to answer once it is handed over.
    private struct HeldReport: Sendable {
        var deliver: CMPPDeliver
        var report: CMPPStatusReport
        var request: CMPPInboundRequest
    }

    private struct State: Sendable {
        var assembler: CMPPMOAssembler<ContinuousClock.Instant, CMPPInboundRequest>
        var tracker: CMPPReportTracker<ContinuousClock.Instant>
        var early = CMPPEarlyReports<ContinuousClock.Instant, HeldReport>()
        /// Report-requesting SUBMITs sent whose SUBMIT_RESP has not been taken in yet.
        var awaitingResponses = 0
        var finished = false
    }

    private let state: NIOLockedValueBox<State>
    private let source: CMPPDeliveries.Producer.Source
    private let now: @Sendable () -> ContinuousClock.Instant
    private let reportMatchGrace: Duration
    private let logger: Logger
    /// The sequence handed to the client's user.
    package let deliveries: CMPPDeliveries

    package init(
        reassemblyTimeout: TimeAmount,
        maximumPendingMessages: Int,
        reportHorizon: TimeAmount,
        maximumTrackedParts: Int,
        lowWatermark: Int,
        highWatermark: Int,
        reportMatchGrace: TimeAmount = .milliseconds(500),
        now: @escaping @Sendable () -> ContinuousClock.Instant,
        logger: Logger
    ) {
        self.state = NIOLockedValueBox(
            State(
                assembler: CMPPMOAssembler(
                    timeout: Duration(reassemblyTimeout),
                    maximumPendingMessages: maximumPendingMessages
                ),
                tracker: CMPPReportTracker(horizon: Duration(reportHorizon), capacity: maximumTrackedParts)
            )
        )
        let sequence = CMPPDeliveries.Producer.makeSequence(
            backPressureStrategy: .init(lowWatermark: lowWatermark, highWatermark: highWatermark),
            finishOnDeinit: false,
            delegate: CMPPDeliveriesDelegate()
        )
        self.source = sequence.source
        self.deliveries = CMPPDeliveries(producer: sequence.sequence, claimed: NIOLockedValueBox(false))
        self.now = now
        self.reportMatchGrace = Duration(reportMatchGrace)
        self.logger = logger
    }

    /// A SUBMIT asking for a report is about to be sent: until ``responseTaken(_:)``, a report that matches
    /// nothing may be its part's and is held back.
    package func awaitingResponse() {
        state.withLockedValue { $0.awaitingResponses += 1 }
    }

    /// The SUBMIT announced by ``awaitingResponse()`` has its answer: `part` when the ISMG accepted it (it is
    /// recorded, and the reports held for it are handed over matched), `nil` when it did not or failed.
    package func responseTaken(_ part: CMPPSubmittedPart?) {
        let now = self.now()
        state.withLockedValue { state in
            state.awaitingResponses = max(0, state.awaitingResponses - 1)
            if let part {
                state.tracker.record(part, at: now)
                for held in state.early.release(part.messageID) where !state.finished {
                    yieldReport(held, matched: part)
                }
            }
            releaseEarlyReports(&state, now: now)
        }
    }

    /// Hands over, unmatched, the held reports past their grace, or all of them once no SUBMIT awaits its
    /// response.
    private func releaseEarlyReports(_ state: inout State, now: ContinuousClock.Instant) {
        guard !state.early.isEmpty, !state.finished else { return }
        let released =
            state.awaitingResponses == 0 ? state.early.releaseAll() : state.early.releaseExpired(at: now)
        for (messageID, held) in released {
            yieldReport(held, matched: state.tracker.match(messageID, at: now))
        }
    }

    /// Takes one request the ISMG sent on a link. Only DELIVERs are expected from an ISMG (§7.4.5); the
    /// session answers ACTIVE_TEST and TERMINATE itself.
    package func handle(_ request: CMPPInboundRequest) {
        guard case .deliver(let deliver) = request.message else {
            // An ISMG sends an SP nothing else (§7.4); refuse it rather than hold one of the link's W slots.
            logger.debug(
                "Unexpected request from the ISMG refused",
                metadata: [CMPPLogKey.command.rawValue: "\(request.message.commandID.name)"]
            )
            if let refusal = request.message.refusal { request.respond(refusal) }
            return
        }
        let now = self.now()
        state.withLockedValue { state in
            guard !state.finished else { return }
            if let report = deliver.statusReport {
                let matched = state.tracker.match(report.messageID, at: now)
                let held = HeldReport(deliver: deliver, report: report, request: request)
                if matched == nil, state.awaitingResponses > 0 {
                    state.early.hold(held, for: report.messageID, until: now.advanced(by: reportMatchGrace))
                    releaseEarlyReports(&state, now: now)
                    return
                }
                yieldReport(held, matched: matched)
            } else {
                logger.trace("MO message part", metadata: [CMPPLogKey.messageID.rawValue: "\(deliver.messageID)"])
                for ready in state.assembler.receive(deliver, acknowledgement: request, at: now) {
                    yield(.message(ready.message), acknowledging: ready.acknowledgements, deliverIDs: nil)
                }
            }
        }
    }

    /// Hands over, incomplete, the long MO messages whose parts stopped coming; returns when to call again.
    @discardableResult
    package func expire() -> ContinuousClock.Instant? {
        let now = self.now()
        return state.withLockedValue { state in
            guard !state.finished else { return nil }
            for ready in state.assembler.expire(at: now) {
                logger.debug(
                    "Long MO message incomplete after the reassembly timeout",
                    metadata: ["cmpp.parts.missing": "\(ready.message.missingParts.count)"]
                )
                yield(.message(ready.message), acknowledging: ready.acknowledgements, deliverIDs: nil)
            }
            state.tracker.expire(at: now)
            releaseEarlyReports(&state, now: now)
            return state.assembler.nextDeadline
        }
    }

    /// Ends the sequence: the consumer gets what is buffered, then `nil`. Parts of unfinished long messages
    /// and reports still held for matching are dropped unanswered, so the ISMG sends them again to the next
    /// session.
    package func finish() {
        state.withLockedValue { $0.finished = true }
        source.finish()
    }

    /// Buffers a status report, matched to its part or not.
    private func yieldReport(_ held: HeldReport, matched: CMPPSubmittedPart?) {
        logger.trace(
            "Status report",
            metadata: [
                CMPPLogKey.messageID.rawValue: "\(held.report.messageID)",
                CMPPLogKey.status.rawValue: "\(held.report.stat)",
                "cmpp.report.matched": "\(matched != nil)",
            ]
        )
        let delivery = CMPPDeliveryReport(
            report: held.report,
            deliverMessageID: held.deliver.messageID,
            destinationID: held.deliver.destinationID,
            serviceID: held.deliver.serviceID,
            matched: matched
        )
        yield(.report(delivery), acknowledging: [held.request], deliverIDs: [held.deliver.messageID])
    }

    /// Buffers a delivery whose hand-over answers `requests` with DELIVER_RESP Result 0.
    private func yield(
        _ delivery: CMPPClientDelivery,
        acknowledging requests: [CMPPInboundRequest],
        deliverIDs: [CMPPMessageID]?
    ) {
        let pending = CMPPPendingDelivery(delivery: delivery) {
            for request in requests {
                guard case .deliver(let deliver) = request.message else { continue }
                request.respond(.deliverResponse(CMPPDeliverResponse(messageID: deliver.messageID, result: .success)))
            }
        }
        switch source.yield(pending) {
        case .produceMore, .stopProducing:
            break
        case .dropped:
            // No consumer any more: the DELIVERs stay unanswered and the ISMG resends them later.
            logger.debug("Delivery dropped: the deliveries sequence has ended")
        }
    }
}
