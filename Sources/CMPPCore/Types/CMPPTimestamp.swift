import Foundation

/// The CMPP_CONNECT `Timestamp` (§7.4.1.1): month, day and time as the decimal number `MMDDHHMMSS`.
///
/// On the wire it is a 4-byte unsigned integer ("10位数字的整型，右对齐"); inside the AuthenticatorSource
/// MD5 it is the 10-character string, **zero-padded**: January–September values have only 9 digits as
/// numbers (fact sheet §11 #3, gocmpp issue #2).
///
/// ### Examples
/// October 8, 05:10:10 → 1021080510 = `0x3CDC73BE`; January 2, 15:04:05 → 102150405, string `"0102150405"`.
public struct CMPPTimestamp: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public init(integerLiteral value: UInt32) {
        self.rawValue = value
    }

    /// China Standard Time, UTC+8, the zone CMPP gateways run in.
    public static let chinaStandardTime = TimeZone(secondsFromGMT: 8 * 3600)!

    /// The timestamp of `date` as seen in `timeZone`.
    public init(date: Date, timeZone: TimeZone = CMPPTimestamp.chinaStandardTime) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let civil = CivilTime(unixSeconds: seconds + Int64(timeZone.secondsFromGMT(for: date)))
        let value = civil.month * 100_000_000 + civil.day * 1_000_000 + civil.hour * 10_000 + civil.minute * 100
            + civil.second
        self.rawValue = UInt32(value)
    }

    /// The 10-character `MMDDHHMMSS` form used in the AuthenticatorSource MD5, zero-padded on the left.
    public var string: String {
        let digits = String(rawValue)
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    public var description: String { string }
}
