import CMPPCore
import NIOCore

/// The one CMPP_SUBMIT (§7.4.3.1) a bench run sends over and over, built once so the load generator spends
/// nothing per message on encoding.
public enum BenchContent {
    /// Msg_Length of ASCII content: §7.4.3.1 says "Msg_Length < 160".
    public static let maximumASCIISize = 159
    /// Msg_Length of 8-bit content (UCS2, binary): 140 octets.
    public static let maximumOctetSize = 140

    /// The SUBMIT of `configuration`: one part (Pk_total = Pk_number = 1), Msg_Fmt 0 with `size` ASCII octets
    /// or Msg_Fmt 8 with `size / 2` UCS2 characters, Registered_Delivery 1 when reports are awaited.
    public static func submit(for configuration: BenchConfiguration) -> CMPPSubmit {
        let format: CMPPMessageFormat
        let octets: [UInt8]
        switch configuration.encoding {
        case .ucs2:
            format = .ucs2
            // "飞鸽" in UTF-16BE, repeated.
            let pattern: [UInt8] = [0x98, 0xDE, 0x9E, 0x3D]
            octets = (0..<configuration.size).map { pattern[$0 % pattern.count] }
        case .auto, .ascii, .gb18030:
            format = .ascii
            let pattern = Array("Feige bench 0123456789 ".utf8)
            octets = (0..<configuration.size).map { pattern[$0 % pattern.count] }
        }
        return CMPPSubmit(
            registeredDelivery: configuration.waitsForReports ? 1 : 0,
            messageFormat: format,
            messageSource: configuration.spID,
            sourceID: configuration.sourceID,
            destinationTerminalIDs: [configuration.destination],
            content: ByteBuffer(bytes: octets)
        )
    }
}
