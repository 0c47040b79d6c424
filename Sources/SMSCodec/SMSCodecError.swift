/// An error of the SMS codec: what went wrong, in which field, at which octet offset.
///
/// Equality compares the ``code`` only, so tests can write the expected error directly
/// (the swift-asn1 `ASN1Error` convention). Descriptions never include message text.
public struct SMSCodecError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error: an open set, so new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case truncated
            case invalidValue
            case invalidHex
            case unencodableCharacter
            case unsupported
            case tooLong
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The input ends before the field does.
        public static let truncated = Code(.truncated)
        /// A field holds a value the standard does not allow.
        public static let invalidValue = Code(.invalidValue)
        /// A hex string has an odd length or a non-hex character.
        public static let invalidHex = Code(.invalidHex)
        /// The text has a character the chosen alphabet cannot represent.
        public static let unencodableCharacter = Code(.unencodableCharacter)
        /// A valid but unsupported feature (e.g. compressed user data, an unknown shift table).
        public static let unsupported = Code(.unsupported)
        /// A value exceeds what its field can carry.
        public static let tooLong = Code(.tooLong)

        public var description: String {
            switch base {
            case .truncated: "truncated"
            case .invalidValue: "invalid value"
            case .invalidHex: "invalid hex"
            case .unencodableCharacter: "unencodable character"
            case .unsupported: "unsupported"
            case .tooLong: "too long"
            }
        }
    }

    /// What kind of error this is; the only property compared by `==`.
    public var code: Code
    /// The TS 23.040 field being read or written, e.g. `TP-DA` or `TP-UDL`.
    public var field: String?
    /// The octet offset in the input where the field starts, when decoding.
    public var offset: Int?
    /// A human-readable explanation, free of message content.
    public var reason: String

    public init(_ code: Code, field: String? = nil, offset: Int? = nil, reason: String) {
        self.code = code
        self.field = field
        self.offset = offset
        self.reason = reason
    }

    public static func == (lhs: SMSCodecError, rhs: SMSCodecError) -> Bool {
        lhs.code == rhs.code
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
    }

    public var description: String {
        var text = "SMSCodecError(\(code)"
        if let field { text += ", field: \(field)" }
        if let offset { text += ", offset: \(offset)" }
        return text + "): \(reason)"
    }
}
