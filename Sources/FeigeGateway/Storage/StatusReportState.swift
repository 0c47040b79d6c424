/// Where the status report of one MT recipient stands (Registered_Delivery = 1, §7.4.3.1 and §7.4.5.1).
///
/// ```
/// none ──▶ queued ──▶ sentToSP ──▶ acknowledged
///             │           │  ▲ (resent per T/N, lease expiry)
///             └───────────┴──┴──▶ expired        (outbox horizon, 48 h by default)
/// ```
public enum StatusReportState: Int, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// No report yet: none was asked for, or the recipient has no final state.
    case none = 0
    /// A CMPP_DELIVER carrying the report waits in the account's outbox.
    case queued = 1
    /// The DELIVER went out on a link of the account at least once; no DELIVER_RESP yet.
    case sentToSP = 2
    /// The SP answered the DELIVER with DELIVER_RESP (§7.4.5.2).
    case acknowledged = 3
    /// The SP did not take the report before the outbox horizon.
    case expired = 4

    public var description: String {
        switch self {
        case .none: "none"
        case .queued: "queued"
        case .sentToSP: "sent to SP"
        case .acknowledged: "acknowledged"
        case .expired: "expired"
        }
    }
}
