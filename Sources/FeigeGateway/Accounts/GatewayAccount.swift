import CMPPCore

/// An SP's account at the gateway (issue #5 §2): who may log in (§7.4.1 CMPP_CONNECT), from where, how
/// often, and what its SUBMITs (§7.4.3) may carry.
///
/// Its ``description`` never shows the secret.
///
/// ### Examples
/// ```yaml
/// accounts:
///   - sp_id: "901234"
///     secret: "s3cret"
///     service_codes: ["10658888"]     # Src_Id must start with one of these; MO to them routes here
///     service_ids: [TQHY, TQTZ]       # empty or absent: any Service_Id
///     max_connections: 4
///     submit_rate: 200                # messages/s; absent: unlimited
///     allowed_clients: [10.0.0.0/8]   # absent: any address
/// ```
///
/// ## Related types
/// ``AccountDirectory`` finds accounts and decides logins; ``SubmitAdmission``; ``SubmitRateLimiter``.
public struct GatewayAccount: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The SP_Id (企业代码), CONNECT's Source_Addr: 1…6 ASCII characters, usually 6 digits `9XY000`–`9XY999`.
    public var spID: String
    /// The shared secret hashed into AuthenticatorSource and AuthenticatorISMG (§7.4.1).
    public var secret: String
    /// The account's service codes (SP_Code, 服务代码), at least one: a SUBMIT's Src_Id must start with one
    /// of them, and an MO whose Dest_Id starts with one is routed to this account.
    public var serviceCodes: [String]
    /// The Service_Ids the account may use; empty means any.
    public var allowedServiceIDs: Set<String>
    /// How many links the account may have open at once (CONNECT beyond it: Status 5).
    public var maximumConnections: Int
    /// The SUBMIT rate limit; `nil` for none.
    public var submitRate: SubmitRate?
    /// The client addresses allowed to log in; empty means any.
    public var allowedClients: [CIDRBlock]
    /// Whether the account accepts any Src_Id and Service_Id, filling an empty Src_Id with its first
    /// service code, as test tools need (issue #5 §9): common SP tools send no Src_Id, or their SP_Id.
    public var isLenient: Bool
    /// The faults injected on this account's links in simulator mode.
    public var faults: FaultProfile

    public init(
        spID: String,
        secret: String,
        serviceCodes: [String],
        allowedServiceIDs: Set<String> = [],
        maximumConnections: Int = GatewayAccount.defaultMaximumConnections,
        submitRate: SubmitRate? = nil,
        allowedClients: [CIDRBlock] = [],
        isLenient: Bool = false,
        faults: FaultProfile = .none
    ) {
        self.spID = spID
        self.secret = secret
        self.serviceCodes = serviceCodes
        self.allowedServiceIDs = allowedServiceIDs
        self.maximumConnections = maximumConnections
        self.submitRate = submitRate
        self.allowedClients = allowedClients
        self.isLenient = isLenient
        self.faults = faults
    }

    /// Links per account when the configuration does not say.
    public static let defaultMaximumConnections = 8

    /// The embedded default's demo account (issue #5 §9): SP_Id 900001, secret 888888, service code 1065,
    /// lenient, any client address.
    public static let demo = GatewayAccount(
        spID: GatewayDefaults.DemoAccount.spID,
        secret: GatewayDefaults.DemoAccount.secret,
        serviceCodes: [GatewayDefaults.DemoAccount.serviceCode],
        isLenient: true
    )

    /// Whether a client at `ipAddress` may log in: always when ``allowedClients`` is empty, otherwise only
    /// from an address in one of the blocks (an unknown address is refused).
    public func allowsClient(ipAddress: String?) -> Bool {
        if allowedClients.isEmpty { return true }
        guard let ipAddress, let address = IPAddress(ipAddress) else { return false }
        return allowedClients.contains { $0.contains(address) }
    }

    /// The account with its secret hidden.
    public var description: String {
        var text = "GatewayAccount(spID: \(spID), serviceCodes: \(serviceCodes)"
        if !allowedServiceIDs.isEmpty { text += ", serviceIDs: \(allowedServiceIDs.sorted())" }
        text += ", maximumConnections: \(maximumConnections)"
        if let submitRate { text += ", submitRate: \(submitRate)" }
        if !allowedClients.isEmpty { text += ", allowedClients: \(allowedClients.map(\.description))" }
        if isLenient { text += ", lenient" }
        return text + ", secret: <redacted>)"
    }

    public var debugDescription: String { description }
}
