/// How ``SMSSegmenter`` turns text or data into short messages.
///
/// The defaults give what most senders expect: the smallest encoding that holds the text (GSM 7-bit default
/// alphabet, else UCS2), 8-bit concatenation references (153/134/67 units per part, TS 23.040 §9.2.3.24.1), no
/// national language tables and at most 255 parts (the largest count a concatenation element can carry).
public struct SMSSegmentationOptions: Hashable, Sendable {
    /// Which alphabet to encode text with.
    public enum Encoding: String, Hashable, Sendable, CaseIterable {
        /// The smallest alphabet that holds the text: GSM 7-bit (default tables, then the opted-in national
        /// tables), else UCS2 (shared/spec/sms-pdu.md §13 rule 5).
        case auto
        /// GSM 7-bit (TS 23.038 §6.2.1); text it cannot hold is an error.
        case gsm7
        /// UCS2, sent as UTF-16BE with surrogate pairs (TS 23.038 §6.2.3).
        case ucs2
        /// 8-bit data (TS 23.038 §4): text becomes its UTF-8 octets.
        case eightBit = "8bit"
    }

    /// The alphabet to use; ``Encoding/auto`` picks the smallest.
    public var encoding: Encoding = .auto
    /// The concatenation element to use when the message needs more than one part.
    public var referenceKind: SMSConcatenation.ReferenceKind = .eightBit
    /// The concatenation reference of this message (only its low 8 bits with
    /// ``SMSConcatenation/ReferenceKind/eightBit``).
    /// Use one reference per (destination, message) and increment it (shared/spec/sms-pdu.md §13 rule 4).
    public var reference: UInt16 = 0
    /// National language tables (TS 23.038 Annex A) GSM 7-bit may use, opt-in: empty means the default alphabet
    /// and its extension table only. Languages this codec carries no table for are skipped.
    public var nationalLanguages: [GSMNationalLanguage] = []
    /// The most parts a message may take (1…255); more is a ``SMSCodecError/Code/tooLong`` error.
    public var maximumParts: Int = 255

    public init(
        encoding: Encoding = .auto,
        referenceKind: SMSConcatenation.ReferenceKind = .eightBit,
        reference: UInt16 = 0,
        nationalLanguages: [GSMNationalLanguage] = [],
        maximumParts: Int = 255
    ) {
        self.encoding = encoding
        self.referenceKind = referenceKind
        self.reference = reference
        self.nationalLanguages = nationalLanguages
        self.maximumParts = maximumParts
    }
}
