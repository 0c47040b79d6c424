/// A long message put back together by ``SMSReassembler`` (3GPP TS 23.040 §9.2.3.24.1), complete or not.
///
/// The parts are kept as received; text and data are derived from them on demand:
/// - UCS2 bodies of consecutive parts are concatenated *before* decoding, so a surrogate pair split between parts
///   decodes (shared/spec/sms-pdu.md §13 rule 3);
/// - GSM 7-bit parts are decoded one by one, each through the shift tables its own header selects;
/// - 8-bit parts have no text.
public struct SMSReassembledMessage: Hashable, Sendable {
    /// Who sent the message (the TP-OA, or whatever the caller keys senders by).
    public var originator: String
    /// The concatenation element kind the parts share; `nil` for a message that came in one part.
    public var referenceKind: SMSConcatenation.ReferenceKind?
    /// The concatenation reference the parts share; `nil` for a message that came in one part.
    public var reference: UInt16?
    /// The parts by sequence number (index 0 is part 1); `nil` where a part never arrived.
    public var parts: [UserData?]

    public init(
        originator: String,
        referenceKind: SMSConcatenation.ReferenceKind? = nil,
        reference: UInt16? = nil,
        parts: [UserData?]
    ) {
        self.originator = originator
        self.referenceKind = referenceKind
        self.reference = reference
        self.parts = parts
    }

    /// Whether every part 1…total arrived.
    public var isComplete: Bool {
        parts.allSatisfy { $0 != nil }
    }

    /// The sequence numbers (1-based) of the parts that never arrived, ascending.
    public var missingSequences: [Int] {
        parts.indices.filter { parts[$0] == nil }.map { $0 + 1 }
    }

    /// The message text from the parts present, missing parts left out; `nil` when a part is 8-bit data or selects
    /// a national language table this codec lacks.
    public var text: String? {
        var text = ""
        var ucs2Run: [UInt8] = []
        for part in parts {
            guard let part, part.alphabet == .ucs2 else {
                text += UCS2.decode(ucs2Run)
                ucs2Run.removeAll()
                guard let part else { continue }
                guard let partText = try? part.text() else { return nil }
                text += partText
                continue
            }
            ucs2Run += part.body
        }
        return text + UCS2.decode(ucs2Run)
    }

    /// The bodies of the parts present, concatenated: octets for 8-bit data and UCS2, unpacked septets for
    /// GSM 7-bit.
    public var data: [UInt8] {
        parts.reduce(into: []) { $0 += $1?.body ?? [] }
    }
}
