import CMPPCore
import Foundation

/// The final state the downstream network gave one MT recipient, and the status report to queue for it.
///
/// A store records the outcome and queues ``report`` in the same transaction, so a crash cannot lose a
/// report for a recipient it shows as decided (issue #5 §4 and §6). An outcome for a recipient that already
/// has a final state (a duplicate report, or a message cancelled meanwhile) is ignored, report included.
public struct DeliveryOutcome: Hashable, Sendable {
    /// The recipient decided.
    public var recipient: RecipientKey
    /// ``RecipientDeliveryState/delivered``, ``RecipientDeliveryState/failed`` or
    /// ``RecipientDeliveryState/expired``; anything else is rejected with
    /// ``GatewayStoreError/Code/invalidTransition``.
    public var state: RecipientDeliveryState
    /// The `Stat` to report (§7.4.5.1 table 1): `DELIVRD`, `UNDELIV`, `EXPIRED`, `MK:0001`, …
    public var stat: CMPPStat
    /// When the network decided (the report's `Done_time`).
    public var doneAt: Date
    /// The CMPP_DELIVER status report for the SP, when the message asked for one (Registered_Delivery 1).
    public var report: OutboxEntry?
    /// The message's account, Service_Id and receipt instant when the caller knows them; `nil` makes the
    /// store look them up. See ``Origin``.
    public var origin: Origin?

    public init(
        recipient: RecipientKey,
        state: RecipientDeliveryState,
        stat: CMPPStat,
        doneAt: Date,
        report: OutboxEntry? = nil,
        origin: Origin? = nil
    ) {
        self.recipient = recipient
        self.state = state
        self.stat = stat
        self.doneAt = doneAt
        self.report = report
        self.origin = origin
    }
}
