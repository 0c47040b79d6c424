/// The protocol version negotiated in CMPP_CONNECT's `Version` byte: high nibble major, low nibble minor
/// (§7.4.1.1).
///
/// The codec takes a version wherever a layout depends on it, so the CMPP 3.0 layouts (which widen
/// Result fields, terminal ids and the status report, fact sheet §12) can be added later without a
/// rewrite. Only the 2.x layouts are implemented; decoding or encoding with a 3.0 version throws
/// ``CMPPError/Code/unsupportedVersion``.
public struct CMPPVersion: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// CMPP 2.0 (0x20, by convention: the 2.0 text names no number).
    public static let v2_0 = CMPPVersion(rawValue: 0x20)
    /// CMPP 2.1 (0x21), sent by gocmpp and 2.1 gateways; same wire layouts as 2.0.
    public static let v2_1 = CMPPVersion(rawValue: 0x21)
    /// CMPP 3.0 (0x30).
    public static let v3_0 = CMPPVersion(rawValue: 0x30)

    /// The major version, the high nibble.
    public var major: UInt8 { rawValue >> 4 }
    /// The minor version, the low nibble.
    public var minor: UInt8 { rawValue & 0x0F }

    /// Whether the 2.x wire layouts apply.
    ///
    /// Besides 0x2_, SMSGate maps 0x00 and 0x01 to its 2.0 codec (fact sheet §11 #4); we do the same so a
    /// server can talk to such clients.
    public var uses2xLayouts: Bool { major == 2 || rawValue <= 0x01 }

    public static func < (lhs: CMPPVersion, rhs: CMPPVersion) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "\(major).\(minor)" }
}
