import CMPPCore
import Foundation
import NIOCore
import Synchronization

/// The simulated handset network (issue #5 §5): a ``GatewayDownstream`` that decides every MT recipient's
/// fate with ``SimulatedNetwork`` (per-number or per-prefix delay, final `Stat` and error rates; unknown
/// numbers UNDELIV; ValId_Time honoured) and answers MT with MO through ``AutoReplyRules`` (echo,
/// keyword → reply), sent to the MT's Src_Id.
///
/// Outcomes and replies wait in one time-ordered queue drained by the ``run(sink:)`` loop, which sleeps
/// until the earliest is due: no timer or task per message, however high the rate.
///
/// Auto-replies answer single-part MT only (a long message's parts are not reassembled here).
public final class SimulatedHandsetNetwork: GatewayDownstream {
    private enum Event {
        case outcome(DownstreamOutcome)
        /// Boxed: rare, and twice the size of an outcome, which every queued event would otherwise pay.
        indirect case mobileOriginated(PlannedMO, serviceID: String)
    }

    private struct State {
        var queue = TimedQueue<Event>()
        var rng: SplitMix64
        var moReference: UInt16 = 0
    }

    /// The rules the network follows.
    public let configuration: SimulatorConfiguration
    private let state: Mutex<State>
    private let wake = WakeSignal()
    private let now: @Sendable () -> Date
    private let prefilter: AutoReplyPrefilter

    /// - Parameters:
    ///   - configuration: the network's rules and auto-replies.
    ///   - seed: seeds the random draws (delays, error rates), for reproducible runs; random when `nil`.
    ///   - now: the wall clock (tests may shift it).
    public init(
        configuration: SimulatorConfiguration,
        seed: UInt64? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.state = Mutex(State(rng: seed.map { SplitMix64(seed: $0) } ?? SplitMix64()))
        self.now = now
        self.prefilter = AutoReplyPrefilter(configuration.autoReplies)
    }

    public func submit(_ message: DownstreamMessage) async -> DownstreamAcceptance {
        await submit([message])[0]
    }

    /// Decides every recipient of `messages` under one lock and one clock reading (issue #6: the dispatcher
    /// hands over a whole batch).
    public func submit(_ messages: [DownstreamMessage]) async -> [DownstreamAcceptance] {
        let start = now()
        let replies = messages.map { autoReplies(to: $0.message) }
        let wasEarlier = state.withLock { state -> Bool in
            let previous = state.queue.nextDue
            for (message, replies) in zip(messages, replies) {
                let accepted = message.message
                for recipient in message.recipients {
                    let outcome = configuration.network.decide(
                        destination: recipient.terminalID,
                        submittedAt: start,
                        validUntil: accepted.validUntil,
                        scheduledAt: nil,
                        rng: &state.rng
                    )
                    state.queue.insert(
                        .outcome(
                            DownstreamOutcome(recipient: recipient.key, stat: outcome.stat, doneAt: outcome.doneAt)
                        ),
                        due: outcome.doneAt
                    )
                    for reply in replies where reply.sourceTerminalID == recipient.terminalID {
                        state.queue.insert(
                            .mobileOriginated(reply, serviceID: accepted.serviceID),
                            due: start.addingTimeInterval(reply.delay.timeInterval)
                        )
                    }
                }
            }
            guard let next = state.queue.nextDue else { return false }
            return previous.map { next < $0 } ?? true
        }
        if wasEarlier { wake.signal() }
        return Array(repeating: .accepted, count: messages.count)
    }

    public func run(sink: any GatewayDownstreamSink) async throws {
        while !Task.isCancelled {
            let current = now()
            let (due, next, reference) = state.withLock { state in
                let due = state.queue.popDue(now: current)
                let moCount = due.reduce(0) { count, event in
                    if case .mobileOriginated = event { count + 1 } else { count }
                }
                let reference = state.moReference
                state.moReference &+= UInt16(truncatingIfNeeded: moCount)
                return (due, state.queue.nextDue, reference)
            }
            var outcomes: [DownstreamOutcome] = []
            var messages: [DownstreamMobileOriginated] = []
            var moReference = reference
            for event in due {
                switch event {
                case .outcome(let outcome):
                    outcomes.append(outcome)
                case .mobileOriginated(let planned, let serviceID):
                    let parts = try? DownstreamMobileOriginated.parts(
                        of: planned.text,
                        from: planned.sourceTerminalID,
                        to: planned.destinationID,
                        reference: moReference,
                        receivedAt: current
                    )
                    moReference &+= 1
                    for var part in parts ?? [] {
                        part.serviceID = serviceID
                        messages.append(part)
                    }
                }
            }
            if !outcomes.isEmpty { sink.record(outcomes) }
            if !messages.isEmpty { sink.receive(messages) }
            await wake.wait(timeout: next.map { $0.duration(since: now()) })
        }
    }

    /// The MO replies the rules plan for a single-part text MT, to each recipient.
    private func autoReplies(to message: AcceptedMessage) -> [PlannedMO] {
        guard !configuration.autoReplies.rules.isEmpty, message.pkTotal <= 1,
            !CMPPUserData.indicatesHeader(message.tpUDHI), message.messageFormat.isText,
            prefilter.mayMatch(message.content, format: message.messageFormat),
            let text = try? message.messageFormat.decodeText(message.content.readableBytesView)
        else { return [] }
        let serviceCode = message.sourceID
        return message.recipients.flatMap { handset in
            configuration.autoReplies.replies(to: text, from: serviceCode, to: handset)
        }
    }
}
