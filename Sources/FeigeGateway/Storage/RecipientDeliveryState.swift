/// Where one recipient of an MT message stands on its way to the handset (issue #5 §4).
///
/// ```
/// accepted ──▶ sentDownstream ──▶ delivered | failed | expired
///    │  └──────────────────────────▶ failed | expired   (e.g. ValId_Time passed before dispatch)
///    └──▶ cancelled                                       (§7.4.6 CMPP_CANCEL)
/// ```
///
/// `delivered`, `failed`, `cancelled` and `expired` are final: a store ignores later transitions out of them.
public enum RecipientDeliveryState: Int, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Stored and answered with SUBMIT_RESP Result 0; not yet handed to the downstream network.
    case accepted = 0
    /// Handed to the downstream network (the simulator, a modem, another gateway); no final state yet.
    case sentDownstream = 1
    /// The downstream network reported `DELIVRD` (§7.4.5.1 table 1).
    case delivered = 2
    /// The downstream network reported a failure (`UNDELIV`, `REJECTD`, `MK:0001`, …).
    case failed = 3
    /// Cancelled by the SP before it was sent downstream (§7.4.6).
    case cancelled = 4
    /// Its validity period (ValId_Time) ran out (`EXPIRED`).
    case expired = 5

    /// Whether no further state can follow.
    public var isFinal: Bool {
        switch self {
        case .accepted, .sentDownstream: false
        case .delivered, .failed, .cancelled, .expired: true
        }
    }

    public var description: String {
        switch self {
        case .accepted: "accepted"
        case .sentDownstream: "sent downstream"
        case .delivered: "delivered"
        case .failed: "failed"
        case .cancelled: "cancelled"
        case .expired: "expired"
        }
    }
}
