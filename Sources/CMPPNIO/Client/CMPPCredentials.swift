import CMPPCore

/// What an SP logs in with: Source_Addr (the SP_Id), the shared secret, and the version it asks for
/// (§7.4.1.1 CMPP_CONNECT).
///
/// The ``description`` never shows the secret, so a credentials value can be logged or printed safely.
public struct CMPPCredentials: Hashable, Sendable, CustomStringConvertible {
    /// How the client treats an AuthenticatorISMG that does not verify (fact sheet §11 #1 and #20: real
    /// gateways compute it in different ways, or send zeros).
    public enum ISMGAuthenticatorCheck: String, Hashable, Sendable, CaseIterable {
        /// A mismatch fails the login.
        case strict
        /// A mismatch is logged at debug level and the login goes on.
        case warn
        /// Not checked.
        case ignore
    }

    /// Source_Addr: the SP's enterprise code (SP_Id), 6 characters.
    public var spID: String
    /// The shared secret agreed with the ISMG.
    public var secret: String
    /// The version byte sent in CONNECT; 0x20 by default.
    public var version: CMPPVersion
    /// What to do when CONNECT_RESP's AuthenticatorISMG does not verify.
    public var ismgAuthenticatorCheck: ISMGAuthenticatorCheck

    public init(
        spID: String,
        secret: String,
        version: CMPPVersion = .v2_0,
        ismgAuthenticatorCheck: ISMGAuthenticatorCheck = .warn
    ) {
        self.spID = spID
        self.secret = secret
        self.version = version
        self.ismgAuthenticatorCheck = ismgAuthenticatorCheck
    }

    public var description: String { "CMPPCredentials(spID: \(spID), secret: <redacted>, version: \(version))" }
}
