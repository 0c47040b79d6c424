import CMPPCore

/// Where the gateway sends MT messages once they are stored: the simulated handset network today, a GSM
/// modem pool or another ISMG over CMPP_FWD (§7.4.8) later.
///
/// The gateway hands over MT parts — each the SUBMIT's Msg_Id and the recipients still to be sent — after it
/// has recorded them as sent downstream: a dispatch batch at once with ``submit(_:)-([DownstreamMessage])``,
/// which by default calls ``submit(_:)-(DownstreamMessage)`` for each part in order. The downstream answers
/// at once whether it took each part; what becomes of each recipient (the final `Stat` of §7.4.5.1 table 1,
/// and when) comes later, as ``DownstreamOutcome``s through the ``GatewayDownstreamSink`` given to
/// ``run(sink:)``, together with the MO messages handsets send (``DownstreamMobileOriginated``).
///
/// ### Delivery guarantees
/// After a restart, recipients that were sent downstream without an outcome are submitted again (at least
/// once): a downstream that can tell duplicates apart (by ``DownstreamMessage/messageID`` and recipient
/// index) should. Every submitted recipient must eventually get exactly one outcome through the sink; a
/// later second one is ignored by the gateway.
///
/// ## Related types
/// ``SimulatedHandsetNetwork``, ``DownstreamMessage``, ``DownstreamAcceptance``.
public protocol GatewayDownstream: Sendable {
    /// Runs the downstream until the task is cancelled, reporting outcomes and MO messages to `sink`.
    /// The gateway calls it once, before the first ``submit(_:)``.
    func run(sink: any GatewayDownstreamSink) async throws

    /// Takes one MT part for its recipients. Called by the gateway's dispatcher, one part after another;
    /// return quickly (queue the work), the outcomes come later through the sink.
    func submit(_ message: DownstreamMessage) async -> DownstreamAcceptance

    /// Takes several MT parts, as ``submit(_:)`` one after another would, and answers for each in order.
    /// The dispatcher hands over a whole batch this way; a downstream that can take a batch for less than
    /// the sum of its parts (one lock, one clock reading) implements it. By default it calls ``submit(_:)``
    /// for each part.
    func submit(_ messages: [DownstreamMessage]) async -> [DownstreamAcceptance]
}

extension GatewayDownstream {
    public func submit(_ messages: [DownstreamMessage]) async -> [DownstreamAcceptance] {
        var acceptances: [DownstreamAcceptance] = []
        acceptances.reserveCapacity(messages.count)
        for message in messages {
            acceptances.append(await submit(message))
        }
        return acceptances
    }
}

/// What a ``GatewayDownstream`` reports back to the gateway. Both methods must return quickly: they only
/// queue the events for the gateway's dispatcher, which stores them in batches.
public protocol GatewayDownstreamSink: Sendable {
    /// Final states of MT recipients.
    func record(_ outcomes: [DownstreamOutcome])
    /// MO messages from handsets, to be routed to the SP whose service code prefixes their Dest_Id.
    func receive(_ messages: [DownstreamMobileOriginated])
}
