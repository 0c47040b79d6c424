import Crypto
import NIOCore

/// A 16-byte MD5 authenticator: CMPP_CONNECT's `AuthenticatorSource` or CMPP_CONNECT_RESP's
/// `AuthenticatorISMG` (§7.4.1).
///
/// Binary, never a C string: a digest may contain 0x00 anywhere (fact sheet §11 #16 — a library that read
/// it with a NUL-terminated reader truncated it). Stored inline as two integers, so decoding allocates
/// nothing. Its `description` is redacted: authenticators are credentials-derived and stay out of logs.
public struct CMPPAuthenticator: Hashable, Sendable, CustomStringConvertible {
    /// Bytes 0–7, big-endian.
    public var high: UInt64
    /// Bytes 8–15, big-endian.
    public var low: UInt64

    /// 16 zero bytes: what a gateway sends in AuthenticatorISMG when authentication fails
    /// ("认证出错时，此项为空", §7.4.1.2; fact sheet §11 #20).
    public static let empty = CMPPAuthenticator(high: 0, low: 0)

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// An authenticator from exactly 16 bytes.
    /// - Throws: ``CMPPError/Code/invalidValue`` for any other length.
    public init<Bytes: Collection>(bytes: Bytes) throws where Bytes.Element == UInt8 {
        guard bytes.count == 16 else {
            throw CMPPError.invalidValue("Authenticator", "an authenticator has 16 bytes, not \(bytes.count)")
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 {
                high = high << 8 | UInt64(byte)
            } else {
                low = low << 8 | UInt64(byte)
            }
        }
        self.init(high: high, low: low)
    }

    /// The 16 bytes.
    public var bytes: [UInt8] {
        (0..<16).map { index in
            let word = index < 8 ? high : low
            return UInt8(truncatingIfNeeded: word >> (8 * (7 - index % 8)))
        }
    }

    /// Lower-case hex of the 16 bytes, for tools that must show it (e.g. `feige cmpp decode`).
    public var hexString: String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 0x10 ? "0" + digits : digits
        }.joined()
    }

    /// Redacted.
    public var description: String { "CMPPAuthenticator(<redacted>)" }

    init(digest: Insecure.MD5Digest) {
        // swift-format-ignore: DoNotUseForceTry
        self = try! CMPPAuthenticator(bytes: Array(digest))
    }
}

extension ByteBuffer {
    /// Reads a 16-byte authenticator, raw; `nil` when fewer than 16 bytes are readable.
    public mutating func readCMPPAuthenticator() -> CMPPAuthenticator? {
        guard let (high, low) = self.readMultipleIntegers(as: (UInt64, UInt64).self) else { return nil }
        return CMPPAuthenticator(high: high, low: low)
    }

    /// Writes a 16-byte authenticator.
    @discardableResult
    public mutating func writeCMPPAuthenticator(_ authenticator: CMPPAuthenticator) -> Int {
        self.writeMultipleIntegers(authenticator.high, authenticator.low)
    }
}
