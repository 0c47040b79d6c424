/// The `Stat` of a status report (§7.4.5.1 table 1): 7 characters, an open set.
///
/// 2.0 defines the seven final states below; 2.1/3.0 and gateways add `XX:nnnn` codes (`MA:0001`,
/// `MK:0005`, …), which this type carries as they come.
public struct CMPPStat: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// Delivered to the destination.
    public static let delivered: CMPPStat = "DELIVRD"
    /// The validity period expired.
    public static let expired: CMPPStat = "EXPIRED"
    /// The message was deleted.
    public static let deleted: CMPPStat = "DELETED"
    /// Undeliverable.
    public static let undeliverable: CMPPStat = "UNDELIV"
    /// Accepted, e.g. read by customer service: an intermediate state a gateway must discard.
    public static let accepted: CMPPStat = "ACCEPTD"
    /// Invalid state.
    public static let unknown: CMPPStat = "UNKNOWN"
    /// Rejected.
    public static let rejected: CMPPStat = "REJECTD"

    /// Whether the message reached the handset.
    public var isDelivered: Bool { self == .delivered }

    public var description: String { rawValue }
}
