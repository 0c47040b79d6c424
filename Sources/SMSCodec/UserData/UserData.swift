/// The user data of a short message (TP-UD, 3GPP TS 23.040 §9.2.3.24): an optional header, then the body.
///
/// The body is kept in the alphabet's natural unit: **septets** (one per element, unpacked) for GSM 7-bit,
/// **octets** for 8-bit data and UCS2. ``encoded()`` and ``decode(length:octets:hasHeader:alphabet:offset:)``
/// do the TP-UDL arithmetic and the fill bits that put 7-bit text on a septet boundary after the header
/// (§9.2.3.24, shared/spec/sms-pdu.md §10.3) — the most common 7-bit bug in other codecs.
public struct UserData: Hashable, Sendable {
    public var header: UserDataHeader?
    public var alphabet: SMSAlphabet
    /// Septets for ``SMSAlphabet/gsm7``, octets otherwise, after the header.
    public var body: [UInt8]

    public init(header: UserDataHeader? = nil, alphabet: SMSAlphabet, body: [UInt8]) {
        self.header = header
        self.alphabet = alphabet
        self.body = body
    }

    /// The most body units (septets or octets) a short message can carry after `header`:
    /// 160/140 with no header, 153/134 with an 8-bit concatenation element, and so on.
    public static func capacity(for alphabet: SMSAlphabet, header: UserDataHeader?) -> Int {
        let headerOctets = header?.encodedLength ?? 0
        switch alphabet {
        case .gsm7:
            return 160 - headerSeptets(headerOctets: headerOctets)
        case .eightBit:
            return 140 - headerOctets
        case .ucs2:
            // UCS2 bodies are counted in UTF-16 units by callers; octets here.
            return (140 - headerOctets) & ~1
        }
    }

    /// The fill bits after a header of `headerOctets` octets (UDHL included) in a 7-bit message.
    @inlinable
    public static func fillBits(headerOctets: Int) -> Int {
        headerOctets == 0 ? 0 : (7 - (headerOctets * 8) % 7) % 7
    }

    /// The septets a header of `headerOctets` octets and its fill bits take in a 7-bit message.
    @inlinable
    public static func headerSeptets(headerOctets: Int) -> Int {
        (headerOctets * 8 + fillBits(headerOctets: headerOctets)) / 7
    }

    /// TP-UDL: septets (header and fill bits included) for GSM 7-bit, octets otherwise.
    public var length: Int {
        let headerOctets = header?.encodedLength ?? 0
        switch alphabet {
        case .gsm7: return Self.headerSeptets(headerOctets: headerOctets) + body.count
        case .eightBit, .ucs2: return headerOctets + body.count
        }
    }

    /// The TP-UD octets: the header (if any), then the body, 7-bit bodies packed after the fill bits.
    public func encoded() -> [UInt8] {
        var octets = header?.encoded() ?? []
        switch alphabet {
        case .gsm7:
            octets += GSM7Packing.pack(body, fillBits: Self.fillBits(headerOctets: octets.count))
        case .eightBit, .ucs2:
            octets += body
        }
        return octets
    }

    /// Reads TP-UD.
    ///
    /// Lenient where receivers must be (TS 23.040 decoders in the field; shared/spec/sms-pdu.md §10.1): octets
    /// beyond what TP-UDL covers are ignored, and a TP-UDL that overstates the octets present is clamped to
    /// them, with `clamped` set in the result.
    ///
    /// - Parameters:
    ///   - length: TP-UDL.
    ///   - octets: the octets from the start of TP-UD to the end of the input.
    ///   - hasHeader: TP-UDHI.
    ///   - offset: where TP-UD starts in the whole input, for error reporting.
    /// - Throws: ``SMSCodecError`` when the header is malformed or TP-UDL cannot even hold the header.
    public static func decode(
        length: Int,
        octets: some Collection<UInt8>,
        hasHeader: Bool,
        alphabet: SMSAlphabet,
        offset: Int = 0
    ) throws(SMSCodecError) -> (userData: UserData, clamped: Bool) {
        let declaredOctets = alphabet == .gsm7 ? GSM7Packing.packedLength(septets: length) : length
        // Slices, not copies: the body is copied once, into the result.
        let available = octets.prefix(declaredOctets)
        let clamped = declaredOctets > available.count

        var header: UserDataHeader?
        var headerOctets = 0
        if hasHeader {
            let (decoded, consumed) = try UserDataHeader.decode(available, offset: offset)
            header = decoded
            headerOctets = consumed
        }
        let rest = available.dropFirst(headerOctets)
        switch alphabet {
        case .gsm7:
            let headerSeptets = headerSeptets(headerOctets: headerOctets)
            guard length >= headerSeptets else {
                throw SMSCodecError(
                    .invalidValue,
                    field: "TP-UDL",
                    offset: offset,
                    reason: "\(length) septets cannot hold a \(headerOctets)-octet header"
                )
            }
            let septets = GSM7Packing.unpack(
                rest,
                septetCount: length - headerSeptets,
                fillBits: fillBits(headerOctets: headerOctets)
            )
            return (UserData(header: header, alphabet: alphabet, body: septets), clamped)
        case .eightBit, .ucs2:
            guard length >= headerOctets else {
                throw SMSCodecError(
                    .invalidValue,
                    field: "TP-UDL",
                    offset: offset,
                    reason: "\(length) octets cannot hold a \(headerOctets)-octet header"
                )
            }
            return (UserData(header: header, alphabet: alphabet, body: Array(rest)), clamped)
        }
    }

    /// The body as text: GSM 7-bit through the shift tables the header selects, UCS2 as UTF-16BE;
    /// `nil` for 8-bit data.
    ///
    /// - Throws: ``SMSCodecError/Code/unsupported`` when the header selects a national table this codec lacks.
    public func text() throws(SMSCodecError) -> String? {
        switch alphabet {
        case .gsm7:
            let alphabet = try GSM7Alphabet(
                lockingShift: header?.lockingShift ?? .default,
                singleShift: header?.singleShift ?? .default
            )
            return alphabet.decode(body)
        case .ucs2:
            return UCS2.decode(body)
        case .eightBit:
            return nil
        }
    }
}
