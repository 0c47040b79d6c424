/// TP-DCS, the data coding scheme (3GPP TS 23.040 §9.2.3.10, coded per TS 23.038 §4): the alphabet, the
/// message class, compression, automatic deletion and message-waiting indication.
///
/// Reading follows the coding groups of TS 23.038 §4 (shared/spec/sms-pdu.md §6):
/// - `00xx` general data coding and `01xx` marked for automatic deletion: bit 5 compressed, bit 4 says whether
///   bits 1…0 carry a class (when it is 0 the class bits are **ignored**: `0x03` has no class), bits 3…2 the
///   alphabet (`11` reserved → GSM 7-bit);
/// - `1000`…`1011` reserved → GSM 7-bit;
/// - `1100`/`1101` message waiting (discard/store) → GSM 7-bit — *not* bits 3…2, so `0xC8` is GSM 7-bit;
/// - `1110` message waiting (store) → UCS2;
/// - `1111` data coding/message class: bit 2 GSM 7-bit or 8-bit data, bits 1…0 the class (`0xF5` = 8-bit class 1).
public struct DataCodingScheme: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public init(integerLiteral value: UInt8) {
        self.rawValue = value
    }

    /// The general-data-coding value for an alphabet and an optional class: `0x00`/`0x04`/`0x08` without a class,
    /// `0x10 | alphabet | class` with one (`0x10` = GSM 7-bit flash, `0x18` UCS2 flash).
    public init(alphabet: SMSAlphabet, messageClass: MessageClass? = nil) {
        let alphabetBits: UInt8 =
            switch alphabet {
            case .gsm7: 0x00
            case .eightBit: 0x04
            case .ucs2: 0x08
            }
        if let messageClass {
            self.rawValue = 0x10 | alphabetBits | messageClass.rawValue
        } else {
            self.rawValue = alphabetBits
        }
    }

    /// The coding groups of TS 23.038 §4, from bits 7…4.
    public enum CodingGroup: Hashable, Sendable {
        case generalDataCoding
        case automaticDeletion
        case reserved
        case messageWaitingDiscard
        case messageWaitingStore
        case messageWaitingStoreUCS2
        case dataCodingMessageClass
    }

    public var codingGroup: CodingGroup {
        switch rawValue >> 4 {
        case 0x0...0x3: .generalDataCoding
        case 0x4...0x7: .automaticDeletion
        case 0xC: .messageWaitingDiscard
        case 0xD: .messageWaitingStore
        case 0xE: .messageWaitingStoreUCS2
        case 0xF: .dataCodingMessageClass
        default: .reserved
        }
    }

    /// The alphabet of the user data. Reserved values read as GSM 7-bit, as TS 23.038 asks of receivers.
    public var alphabet: SMSAlphabet {
        switch rawValue >> 4 {
        case 0x0...0x7:
            switch (rawValue >> 2) & 0x03 {
            case 0b01: .eightBit
            case 0b10: .ucs2
            default: .gsm7
            }
        case 0xE: .ucs2
        case 0xF: rawValue & 0x04 == 0 ? .gsm7 : .eightBit
        default: .gsm7
        }
    }

    /// The message class, or `nil` when the DCS gives none (bit 4 clear in groups `00xx`/`01xx`).
    public var messageClass: MessageClass? {
        switch rawValue >> 4 {
        case 0x0...0x7:
            rawValue & 0x10 == 0 ? nil : MessageClass(rawValue: rawValue & 0x03)
        case 0xF:
            MessageClass(rawValue: rawValue & 0x03)
        default:
            nil
        }
    }

    /// Whether the text is compressed (TS 23.042), bit 5 in groups `00xx`/`01xx`. This codec does not
    /// decompress: such user data is counted in octets and reported as data, not text.
    public var isCompressed: Bool {
        rawValue & 0xA0 == 0x20
    }

    /// Whether the receiving ME deletes the message after reading it (group `01xx`).
    public var isMarkedForAutomaticDeletion: Bool {
        rawValue >> 6 == 0b01
    }

    /// The message-waiting indication of groups `1100`…`1110`, `nil` in other groups.
    public var messageWaiting: MessageWaitingIndication? {
        switch codingGroup {
        case .messageWaitingDiscard, .messageWaitingStore, .messageWaitingStoreUCS2:
            MessageWaitingIndication(
                kind: MessageWaitingIndication.Kind(rawValue: rawValue & 0x03) ?? .other,
                isActive: rawValue & 0x08 != 0,
                store: codingGroup != .messageWaitingDiscard
            )
        default:
            nil
        }
    }

    /// The alphabet in which TP-UDL counts the user data: like ``alphabet``, except that compressed user data
    /// is counted in octets (TS 23.040 §9.2.3.16).
    public var userDataAlphabet: SMSAlphabet {
        isCompressed ? .eightBit : alphabet
    }
}

/// The message class of TS 23.038 §4: where the receiving MS puts the message.
public enum MessageClass: UInt8, Hashable, Sendable, CaseIterable {
    /// Class 0: displayed immediately, not stored ("flash SMS").
    case class0 = 0
    /// Class 1: ME-specific (default store).
    case class1 = 1
    /// Class 2: (U)SIM-specific.
    case class2 = 2
    /// Class 3: TE-specific.
    case class3 = 3
}

/// A message-waiting indication carried in the TP-DCS (TS 23.038 §4, groups `1100`…`1110`).
public struct MessageWaitingIndication: Hashable, Sendable {
    public enum Kind: UInt8, Hashable, Sendable {
        case voicemail = 0
        case fax = 1
        case email = 2
        case other = 3
    }

    public var kind: Kind
    /// Whether the indication is set (bit 3) or cleared.
    public var isActive: Bool
    /// `false` for "discard message" (group `1100`), `true` for "store message".
    public var store: Bool

    public init(kind: Kind, isActive: Bool, store: Bool) {
        self.kind = kind
        self.isActive = isActive
        self.store = store
    }
}
