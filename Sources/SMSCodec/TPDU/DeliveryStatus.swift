/// TP-ST, the status of a submitted message in an SMS-STATUS-REPORT (3GPP TS 23.040 §9.2.3.15). An open set.
///
/// ``classification`` follows the bits: `0x00`…`0x1F` transaction completed (delivered), `0x20`…`0x3F`
/// temporary error with the SC still trying (pending), `0x40`…`0x7F` permanent error or temporary error with
/// the SC no longer trying (failed). Reserved values `0x80`…`0xFF` are classified as failed: a status a
/// gateway cannot read must not count as delivered.
public struct DeliveryStatus: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public init(integerLiteral value: UInt8) {
        self.rawValue = value
    }

    /// What a report with this status means for the message.
    public enum Classification: String, Hashable, Sendable {
        /// The message reached the recipient (or the SC completed the transaction).
        case delivered
        /// A temporary error; the SC is still trying, a final report may follow.
        case pending
        /// The SC gave up or the message was rejected.
        case failed
    }

    public var classification: Classification {
        if rawValue & 0xC0 != 0 { return .failed }
        return rawValue & 0x20 != 0 ? .pending : .delivered
    }

    /// `0x00`: short message received by the SME.
    public static let received: DeliveryStatus = 0x00
    /// `0x01`: forwarded to the SME, delivery not confirmed.
    public static let forwardedUnconfirmed: DeliveryStatus = 0x01
    /// `0x02`: replaced by the SC.
    public static let replaced: DeliveryStatus = 0x02
    /// `0x20`: congestion, still trying.
    public static let congestion: DeliveryStatus = 0x20
    /// `0x21`: SME busy, still trying.
    public static let smeBusy: DeliveryStatus = 0x21
    /// `0x22`: no response from SME, still trying.
    public static let noResponse: DeliveryStatus = 0x22
    /// `0x40`: remote procedure error.
    public static let remoteProcedureError: DeliveryStatus = 0x40
    /// `0x41`: incompatible destination.
    public static let incompatibleDestination: DeliveryStatus = 0x41
    /// `0x46`: validity period expired.
    public static let validityPeriodExpired: DeliveryStatus = 0x46
    /// `0x47`: deleted by the originating SME.
    public static let deletedByOriginator: DeliveryStatus = 0x47
    /// `0x48`: deleted by SC administration.
    public static let deletedByServiceCentre: DeliveryStatus = 0x48
    /// `0x49`: the message does not exist in the SC.
    public static let doesNotExist: DeliveryStatus = 0x49

    /// A short English description of the value (§9.2.3.15).
    public var description: String {
        let errors = [
            "congestion", "SME busy", "no response from SME", "service rejected", "quality of service not available",
            "error in SME",
        ]
        let permanent = [
            "remote procedure error", "incompatible destination", "connection rejected by SME", "not obtainable",
            "quality of service not available", "no interworking available", "validity period expired",
            "deleted by originating SME", "deleted by SC administration", "message does not exist",
        ]
        let value = Int(rawValue)
        switch value {
        case 0x00: return "received by the SME"
        case 0x01: return "forwarded to the SME, delivery unconfirmed"
        case 0x02: return "replaced by the SC"
        case 0x03...0x1F: return "completed (reserved/SC-specific)"
        case 0x20...0x25: return errors[value - 0x20] + ", SC still trying"
        case 0x26...0x3F: return "temporary error, SC still trying (reserved/SC-specific)"
        case 0x40...0x49: return permanent[value - 0x40]
        case 0x4A...0x5F: return "permanent error (reserved/SC-specific)"
        case 0x60...0x65: return errors[value - 0x60] + ", SC not trying any more"
        case 0x66...0x7F: return "temporary error, SC not trying any more (reserved/SC-specific)"
        default: return "reserved"
        }
    }
}
