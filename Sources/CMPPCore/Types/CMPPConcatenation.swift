import NIOCore

/// The concatenation information element of a user data header at the start of Msg_Content
/// (3GPP TS 23.040 §9.2.3.24.1 and .8), which long messages carry when TP_udhi is set (fact sheet §9.4).
///
/// ### Examples
/// `05 00 03 2E 03 01` — 8-bit reference 0x2E, 3 parts, part 1. `06 08 04 12 34 03 02` — 16-bit reference
/// 0x1234, 3 parts, part 2.
///
/// Merge segments on this, not on Pk_total/Pk_number: real traffic sends 1/1 there with a 3-part UDH
/// (fact sheet §11 #9).
public struct CMPPConcatenation: Hashable, Sendable {
    /// The reference shared by all parts of one message.
    public var reference: UInt16
    /// How many parts the message has, 1…255.
    public var total: UInt8
    /// This part's number, from 1.
    public var number: UInt8
    /// Whether the reference was sent in the 16-bit IE (IEI 0x08) rather than the 8-bit one (IEI 0x00).
    public var hasSixteenBitReference: Bool

    public init(reference: UInt16, total: UInt8, number: UInt8, hasSixteenBitReference: Bool = false) {
        self.reference = reference
        self.total = total
        self.number = number
        self.hasSixteenBitReference = hasSixteenBitReference
    }

    /// Whether `tpUDHI` says Msg_Content starts with a user data header.
    ///
    /// The spec's value is 0x01 (one bit, right-aligned, §7.4.3.1), but field traffic sends 0x40, the SMPP
    /// `esm_class` bit; like SMSGate we accept either, testing the mask 0x41 (fact sheet §11 #8).
    public static func indicatesHeader(_ tpUDHI: UInt8) -> Bool {
        tpUDHI & 0x41 != 0
    }

    /// The length of the user data header at the start of `content`, UDHL byte included.
    ///
    /// - Throws: ``CMPPError/Code/invalidValue`` when the header is longer than the content.
    public static func headerLength(of content: ByteBuffer) throws -> Int {
        guard let udhl = content.getInteger(at: content.readerIndex, as: UInt8.self),
            Int(udhl) + 1 <= content.readableBytes
        else {
            throw CMPPError.invalidValue("Msg_Content", "the user data header is longer than the content")
        }
        return Int(udhl) + 1
    }

    /// The concatenation IE of the user data header at the start of `content`, or `nil` if the header has
    /// none. Other IEs are skipped. An IE whose part number is 0 or above its total is ignored, as
    /// TS 23.040 §9.2.3.24.1 tells receivers to.
    ///
    /// - Throws: ``CMPPError/Code/invalidValue`` when the header or one of its IEs runs past its end, or a
    ///   concatenation IE has the wrong length.
    public static func parse(userDataHeaderOf content: ByteBuffer) throws -> CMPPConcatenation? {
        let headerLength = try headerLength(of: content)
        var header = content.getSlice(at: content.readerIndex + 1, length: headerLength - 1)!
        var found: CMPPConcatenation?
        while header.readableBytes > 0 {
            guard let (iei, length) = header.readMultipleIntegers(as: (UInt8, UInt8).self),
                var data = header.readSlice(length: Int(length))
            else {
                throw CMPPError.invalidValue("Msg_Content", "an information element runs past the header")
            }
            switch iei {
            case 0x00:
                guard length == 3, let (reference, total, number) = data.readMultipleIntegers(as: (UInt8, UInt8, UInt8).self) else {
                    throw CMPPError.invalidValue("Msg_Content", "an 8-bit concatenation IE has 3 octets")
                }
                found = CMPPConcatenation(reference: UInt16(reference), total: total, number: number)
            case 0x08:
                guard length == 4, let (reference, total, number) = data.readMultipleIntegers(as: (UInt16, UInt8, UInt8).self) else {
                    throw CMPPError.invalidValue("Msg_Content", "a 16-bit concatenation IE has 4 octets")
                }
                found = CMPPConcatenation(reference: reference, total: total, number: number, hasSixteenBitReference: true)
            default:
                continue
            }
        }
        if let concatenation = found, concatenation.number == 0 || concatenation.number > concatenation.total {
            return nil
        }
        return found
    }

    /// The user data header carrying just this IE, as it goes at the start of Msg_Content.
    public var userDataHeader: [UInt8] {
        if hasSixteenBitReference {
            return [6, 0x08, 4, UInt8(reference >> 8), UInt8(reference & 0xFF), total, number]
        }
        return [5, 0x00, 3, UInt8(truncatingIfNeeded: reference), total, number]
    }
}

/// The text of a Msg_Content: skips the user data header when TP_udhi says there is one.
func cmppText(content: ByteBuffer, format: CMPPMessageFormat, tpUDHI: UInt8) throws -> String? {
    guard format.isText else { return nil }
    var body = content
    if CMPPConcatenation.indicatesHeader(tpUDHI) {
        body.moveReaderIndex(forwardBy: try CMPPConcatenation.headerLength(of: content))
    }
    return try format.decodeText(body.readableBytesView)
}
