/// TP-PID, the protocol identifier (3GPP TS 23.040 §9.2.3.9): which higher-layer protocol or interworking the
/// message belongs to. An open set of octets; ``meaning`` interprets one.
public struct ProtocolIdentifier: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public init(integerLiteral value: UInt8) {
        self.rawValue = value
    }

    /// `0x00`: plain SME-to-SME, no interworking — nearly every message.
    public static let `default`: ProtocolIdentifier = 0x00
    /// `0x32`: telematic interworking with Internet e-mail.
    public static let internetEmail: ProtocolIdentifier = 0x32
    /// `0x40`: Short Message Type 0 ("silent SMS"): the MS acknowledges and discards it.
    public static let shortMessageType0: ProtocolIdentifier = 0x40
    /// `0x41`: Replace Short Message Type 1 (up to `0x47` for type 7).
    public static let replaceType1: ProtocolIdentifier = 0x41
    /// `0x5F`: Return Call Message.
    public static let returnCall: ProtocolIdentifier = 0x5F
    /// `0x7D`: ME data download.
    public static let meDataDownload: ProtocolIdentifier = 0x7D
    /// `0x7F`: (U)SIM data download (OTA).
    public static let simDataDownload: ProtocolIdentifier = 0x7F

    /// What a TP-PID value means (TS 23.040 §9.2.3.9).
    public enum Meaning: Hashable, Sendable {
        /// Bits 7…5 = 000: no interworking, SME-to-SME protocol (bits 4…0 SME-specific, normally 0).
        case smeToSme(UInt8)
        /// Bits 7…5 = 001: telematic interworking; the device type in bits 4…0 (0x12 = Internet e-mail).
        case telematicInterworking(device: UInt8)
        /// `0x40`.
        case shortMessageType0
        /// `0x41`…`0x47`: Replace Short Message Type 1…7.
        case replaceShortMessage(type: Int)
        /// `0x5E`: enhanced message service (obsolete).
        case enhancedMessageService
        /// `0x5F`.
        case returnCallMessage
        /// `0x7C`: ANSI-136 R-DATA.
        case ansi136RData
        /// `0x7D`.
        case meDataDownload
        /// `0x7E`: ME de-personalization short message.
        case meDepersonalization
        /// `0x7F`.
        case simDataDownload
        /// Bits 7…6 = 11: for the service centre's own use.
        case serviceCentreSpecific(UInt8)
        /// A value the standard reserves.
        case reserved
    }

    public var meaning: Meaning {
        switch rawValue >> 6 {
        case 0b00:
            return rawValue & 0x20 == 0 ? .smeToSme(rawValue & 0x1F) : .telematicInterworking(device: rawValue & 0x1F)
        case 0b01:
            switch rawValue & 0x3F {
            case 0x00: return .shortMessageType0
            case 0x01...0x07: return .replaceShortMessage(type: Int(rawValue & 0x3F))
            case 0x1E: return .enhancedMessageService
            case 0x1F: return .returnCallMessage
            case 0x3C: return .ansi136RData
            case 0x3D: return .meDataDownload
            case 0x3E: return .meDepersonalization
            case 0x3F: return .simDataDownload
            default: return .reserved
            }
        case 0b11:
            return .serviceCentreSpecific(rawValue & 0x3F)
        default:
            return .reserved
        }
    }

    /// A short English description of ``meaning``.
    public var description: String {
        switch meaning {
        case .smeToSme(let value): value == 0 ? "SME-to-SME" : "SME-to-SME (\(value))"
        case .telematicInterworking(let device): device == 0x12 ? "Internet e-mail" : "telematic device \(device)"
        case .shortMessageType0: "short message type 0"
        case .replaceShortMessage(let type): "replace short message type \(type)"
        case .enhancedMessageService: "enhanced message service"
        case .returnCallMessage: "return call message"
        case .ansi136RData: "ANSI-136 R-DATA"
        case .meDataDownload: "ME data download"
        case .meDepersonalization: "ME de-personalization"
        case .simDataDownload: "(U)SIM data download"
        case .serviceCentreSpecific(let value): "SC-specific \(value)"
        case .reserved: "reserved"
        }
    }
}
