import NIOCore
import SMSCodec

/// Msg_Content with a 3GPP TS 23.040 User Data Header (§9.2.3.24) in front, as long messages carry it
/// when TP_udhi is set (fact sheet §9.4): `05 00 03 ref total seq` or `06 08 04 ref ref total seq`, then text.
///
/// The header is SMSCodec's ``UserDataHeader``, so CMPP and the modem side read and write long-message
/// headers with one codec. Merge parts on the header's concatenation element, not on Pk_total/Pk_number:
/// real traffic sends 1/1 there with a 3-part header (fact sheet §11 #9).
public enum CMPPUserData {
    /// The TP_udhi value Feige writes: one bit, right-aligned (§7.4.3.1).
    public static let headerIndicator: UInt8 = 0x01

    /// Whether `tpUDHI` says Msg_Content starts with a user data header.
    ///
    /// The spec's value is 0x01 (one bit, right-aligned, §7.4.3.1), but field traffic sends 0x40, the SMPP
    /// `esm_class` bit; like SMSGate we accept either, testing the mask 0x41 (fact sheet §11 #8).
    @inlinable
    public static func indicatesHeader(_ tpUDHI: UInt8) -> Bool {
        tpUDHI & 0x41 != 0
    }

    /// Splits `content` into its user data header (when `tpUDHI` says there is one) and the body after it.
    ///
    /// - Throws: ``CMPPError/Code/invalidValue`` naming `Msg_Content` when the header or one of its
    ///   elements runs past its end.
    public static func split(
        _ content: ByteBuffer,
        tpUDHI: UInt8
    ) throws(CMPPError) -> (header: UserDataHeader?, body: ByteBuffer) {
        guard indicatesHeader(tpUDHI) else { return (nil, content) }
        do {
            let (header, length) = try UserDataHeader.decode(content.readableBytesView)
            var body = content
            body.moveReaderIndex(forwardBy: length)
            return (header, body)
        } catch {
            throw CMPPError.invalidValue("Msg_Content", error.reason)
        }
    }

    /// The concatenation element of `content`'s header, if TP_udhi is set and the header has a valid one.
    public static func concatenation(of content: ByteBuffer, tpUDHI: UInt8) throws(CMPPError) -> SMSConcatenation? {
        try split(content, tpUDHI: tpUDHI).header?.concatenation
    }

    /// The text of `content` in `format`, after any user data header; `nil` for binary formats.
    static func text(of content: ByteBuffer, format: CMPPMessageFormat, tpUDHI: UInt8) throws(CMPPError) -> String? {
        guard format.isText else { return nil }
        return try format.decodeText(split(content, tpUDHI: tpUDHI).body.readableBytesView)
    }
}
