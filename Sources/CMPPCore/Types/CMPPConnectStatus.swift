/// CMPP_CONNECT_RESP `Status` (§7.4.1.2): an open set, 5 and above are "other errors".
///
/// One byte on a 2.x link, four bytes in 3.0 (fact sheet §12), hence the `UInt32` raw value.
public struct CMPPConnectStatus: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public init(integerLiteral value: UInt32) {
        self.rawValue = value
    }

    /// 0 正确: connected.
    public static let success = CMPPConnectStatus(rawValue: 0)
    /// 1 消息结构错.
    public static let messageStructureError = CMPPConnectStatus(rawValue: 1)
    /// 2 非法源地址: unknown Source_Addr or address not allowed.
    public static let illegalSourceAddress = CMPPConnectStatus(rawValue: 2)
    /// 3 认证错: AuthenticatorSource does not match.
    public static let authenticationError = CMPPConnectStatus(rawValue: 3)
    /// 4 版本太高.
    public static let versionTooHigh = CMPPConnectStatus(rawValue: 4)
    /// 5 其他错误: the first of the "other errors" (SMSGate sends it for too many connections).
    public static let otherError = CMPPConnectStatus(rawValue: 5)

    public var description: String {
        switch rawValue {
        case 0: "success"
        case 1: "message structure error"
        case 2: "illegal source address"
        case 3: "authentication error"
        case 4: "version too high"
        default: "other error (\(rawValue))"
        }
    }
}
