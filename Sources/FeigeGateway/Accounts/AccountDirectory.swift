import CMPPCore

/// The gateway's SP accounts, indexed for the three questions the server asks: who is logging in
/// (§7.4.1 CMPP_CONNECT), may this SUBMIT pass (§7.4.3, with each account's ``SubmitRateLimiter``), and
/// which SP gets this MO (§7.4.5, longest service-code prefix of Dest_Id, issue #5 §6).
///
/// Immutable once built; copies share the rate limiters.
public struct AccountDirectory: Sendable {
    /// Why a set of accounts cannot form a directory.
    public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        /// What is repeated.
        public enum Kind: Hashable, Sendable {
            /// Two accounts have the same SP_Id.
            case duplicateSPID(String)
            /// Two accounts claim the same service code, so MO routing would be ambiguous.
            case duplicateServiceCode(String)
        }

        /// What is repeated.
        public var kind: Kind

        public init(kind: Kind) {
            self.kind = kind
        }

        public var description: String {
            switch kind {
            case .duplicateSPID(let spID): "two accounts have SP_Id \(spID)"
            case .duplicateServiceCode(let code): "two accounts have service code \(code)"
            }
        }
    }

    /// The accounts, in the order given.
    public let accounts: [GatewayAccount]
    private let bySPID: [String: Int]
    private let byServiceCode: [String: Int]
    private let longestServiceCode: Int
    private let rateLimiters: [SubmitRateLimiter?]

    /// - Throws: ``Error`` for a repeated SP_Id or service code.
    public init(accounts: [GatewayAccount]) throws(AccountDirectory.Error) {
        var bySPID: [String: Int] = [:]
        var byServiceCode: [String: Int] = [:]
        for (index, account) in accounts.enumerated() {
            guard bySPID.updateValue(index, forKey: account.spID) == nil else {
                throw Error(kind: .duplicateSPID(account.spID))
            }
            for code in account.serviceCodes {
                guard byServiceCode.updateValue(index, forKey: code) == nil else {
                    throw Error(kind: .duplicateServiceCode(code))
                }
            }
        }
        self.accounts = accounts
        self.bySPID = bySPID
        self.byServiceCode = byServiceCode
        self.longestServiceCode = byServiceCode.keys.map(\.count).max() ?? 0
        self.rateLimiters = accounts.map { account in account.submitRate.map { SubmitRateLimiter(rate: $0) } }
    }

    /// The account with this SP_Id.
    public func account(spID: String) -> GatewayAccount? {
        bySPID[spID].map { accounts[$0] }
    }

    /// The shared SUBMIT rate limiter of the account `spID`; `nil` for an unknown or unlimited account.
    public func rateLimiter(spID: String) -> SubmitRateLimiter? {
        bySPID[spID].flatMap { rateLimiters[$0] }
    }

    /// The account an MO message to `destinationID` (DELIVER's Dest_Id) belongs to: the one whose service
    /// code is the longest prefix of it; `nil` when no service code is.
    public func account(forMODestination destinationID: String) -> GatewayAccount? {
        var length = min(destinationID.count, longestServiceCode)
        while length > 0 {
            if let index = byServiceCode[String(destinationID.prefix(length))] { return accounts[index] }
            length -= 1
        }
        return nil
    }

    /// Decides a CMPP_CONNECT (§7.4.1.2), checking in this order:
    ///
    /// 1. the Source_Addr names an account, else Status 2;
    /// 2. the client's address is allowed, else Status 5 — checked before the secret so that a client from
    ///    elsewhere learns nothing about it;
    /// 3. AuthenticatorSource matches the secret (``CMPPAuthentication/verify(_:secret:)``, both readings of
    ///    a short Source_Addr), else Status 3;
    /// 4. the requested version is at most `highestVersion`, else Status 4 — 0x20 for this 2.0 gateway, so
    ///    a 3.0 client (0x30) is told to step down; pass ``CMPPVersion/v2_1`` to welcome gocmpp's 0x21;
    /// 5. the account has fewer than its maximum links open (`activeConnections` counts them, without
    ///    this one), else Status 5.
    ///
    /// - Parameters:
    ///   - peerIPAddress: the client's address as text (`SocketAddress.ipAddress`), `nil` if unknown.
    public func decideLogin(
        _ connect: CMPPConnect,
        peerIPAddress: String?,
        activeConnections: Int,
        highestVersion: CMPPVersion = .v2_0
    ) -> LoginDecision {
        guard let account = account(spID: connect.sourceAddress) else {
            return LoginDecision(reason: .unknownSourceAddress, account: nil)
        }
        guard account.allowsClient(ipAddress: peerIPAddress) else {
            return LoginDecision(reason: .clientAddressNotAllowed, account: account)
        }
        guard CMPPAuthentication.verify(connect, secret: account.secret) else {
            return LoginDecision(reason: .authenticationFailed, account: account)
        }
        guard connect.version <= highestVersion else {
            return LoginDecision(reason: .versionTooHigh, account: account)
        }
        guard activeConnections < account.maximumConnections else {
            return LoginDecision(reason: .tooManyConnections, account: account)
        }
        return LoginDecision(reason: .accepted, account: account)
    }
}
