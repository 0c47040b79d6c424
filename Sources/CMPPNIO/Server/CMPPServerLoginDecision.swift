import CMPPCore

/// The ISMG's answer to an SP's CMPP_CONNECT (§7.4.1.2 CMPP_CONNECT_RESP), returned by
/// ``CMPPServerDelegate/login(_:peer:)``.
///
/// On acceptance the session computes AuthenticatorISMG = MD5(Status ‖ AuthenticatorSource ‖ secret), with
/// Status serialised as the answered version's field (one byte on 2.x; fact sheet §11 #1). On rejection
/// AuthenticatorISMG is empty (16 zero bytes, "认证出错时，此项为空", §11 #20) and the link closes once the
/// CONNECT_RESP is flushed.
///
/// The ``description`` never shows the secret.
public struct CMPPServerLoginDecision: Hashable, Sendable, CustomStringConvertible {
    /// CONNECT_RESP's Status: 0 logs the SP in; 2 illegal source address, 3 authentication error,
    /// 4 version too high, 5 other (e.g. too many connections for the account).
    public var status: CMPPConnectStatus
    /// The shared secret AuthenticatorISMG is computed with; only used when ``status`` is 0.
    public var secret: String?
    /// CONNECT_RESP's Version: the highest version the server supports (0x20 by default).
    public var version: CMPPVersion
    /// The account the link belongs to, as the application names it (often the SP_Id).
    public var account: String

    public init(status: CMPPConnectStatus, secret: String?, version: CMPPVersion = .v2_0, account: String) {
        self.status = status
        self.secret = secret
        self.version = version
        self.account = account
    }

    /// Logs the SP in as `account`.
    public static func accept(account: String, secret: String, version: CMPPVersion = .v2_0) -> Self {
        Self(status: .success, secret: secret, version: version, account: account)
    }

    /// Refuses the login with `status` (which must not be 0).
    public static func reject(_ status: CMPPConnectStatus, version: CMPPVersion = .v2_0) -> Self {
        Self(status: status, secret: nil, version: version, account: "")
    }

    /// Accepts `connect` as `account` when its AuthenticatorSource verifies with `secret` (either reading of a
    /// short Source_Addr, §11 #2), else rejects it with Status 3 (认证错).
    public static func verifying(
        _ connect: CMPPConnect,
        account: String,
        secret: String,
        version: CMPPVersion = .v2_0
    ) -> Self {
        CMPPAuthentication.verify(connect, secret: secret)
            ? .accept(account: account, secret: secret, version: version)
            : .reject(.authenticationError, version: version)
    }

    public var description: String {
        "CMPPServerLoginDecision(status: \(status.rawValue), account: \(account), version: \(version))"
    }
}
