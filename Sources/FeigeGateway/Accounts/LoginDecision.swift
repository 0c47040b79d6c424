import CMPPCore

/// The gateway's answer to a CMPP_CONNECT (§7.4.1): the Status of CMPP_CONNECT_RESP (§7.4.1.2), why,
/// and the account that logged in.
public struct LoginDecision: Hashable, Sendable {
    /// Why the login succeeded or failed; each maps to one Status.
    public enum Reason: Hashable, Sendable, CustomStringConvertible {
        /// Logged in: Status 0.
        case accepted
        /// No account has this Source_Addr: Status 2, 非法源地址.
        case unknownSourceAddress
        /// The client's address is not in the account's allowed blocks: Status 5, other error.
        case clientAddressNotAllowed
        /// AuthenticatorSource does not match the secret: Status 3, 认证错.
        case authenticationFailed
        /// The client asked for a version above the gateway's: Status 4, 版本太高.
        case versionTooHigh
        /// The account has all its links open already: Status 5, other error.
        case tooManyConnections

        /// The CONNECT_RESP Status.
        public var status: CMPPConnectStatus {
            switch self {
            case .accepted: .success
            case .unknownSourceAddress: .illegalSourceAddress
            case .authenticationFailed: .authenticationError
            case .versionTooHigh: .versionTooHigh
            case .clientAddressNotAllowed, .tooManyConnections: .otherError
            }
        }

        public var description: String {
            switch self {
            case .accepted: "accepted"
            case .unknownSourceAddress: "unknown Source_Addr"
            case .clientAddressNotAllowed: "client address not allowed"
            case .authenticationFailed: "authentication failed"
            case .versionTooHigh: "version too high"
            case .tooManyConnections: "too many connections"
            }
        }
    }

    /// Why.
    public var reason: Reason
    /// The account the Source_Addr names; `nil` when there is none.
    public var account: GatewayAccount?

    public init(reason: Reason, account: GatewayAccount?) {
        self.reason = reason
        self.account = account
    }

    /// The CONNECT_RESP Status.
    public var status: CMPPConnectStatus { reason.status }

    /// Whether the client is logged in.
    public var isAccepted: Bool { reason == .accepted }

    /// The CMPP_CONNECT_RESP for `connect`, announcing `serverVersion` as the highest version supported.
    ///
    /// AuthenticatorISMG (§7.4.1.2) is `MD5(Status ‖ AuthenticatorSource ‖ secret)` with Status in the
    /// width of the client's version when the client proved it knows the secret (accepted, or refused for
    /// version or connection count); "认证出错时，此项为空" — otherwise it is empty (16 zero bytes), and
    /// no secret is touched.
    public func response(to connect: CMPPConnect, serverVersion: CMPPVersion) -> CMPPConnectResponse {
        let authenticator: CMPPAuthenticator
        switch reason {
        case .accepted, .versionTooHigh, .tooManyConnections:
            if let account {
                authenticator = CMPPAuthentication.authenticatorISMG(
                    status: status,
                    authenticatorSource: connect.authenticatorSource,
                    secret: account.secret,
                    statusEncoding: .standard(for: connect.version)
                )
            } else {
                authenticator = .empty
            }
        case .unknownSourceAddress, .clientAddressNotAllowed, .authenticationFailed:
            authenticator = .empty
        }
        return CMPPConnectResponse(status: status, authenticatorISMG: authenticator, version: serverVersion)
    }
}
