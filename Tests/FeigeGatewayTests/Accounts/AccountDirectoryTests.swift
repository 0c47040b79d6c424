import CMPPNIO
import FeigeGateway
import Testing

@Suite("AccountDirectory")
struct AccountDirectoryTests {
    static let timestamp: CMPPTimestamp = 1_021_080_510

    static func directory() throws -> AccountDirectory {
        try AccountDirectory(accounts: [
            GatewayAccount(
                spID: "901234",
                secret: "s3cret",
                serviceCodes: ["1065", "106588"],
                maximumConnections: 2,
                allowedClients: [try CIDRBlock(parsing: "10.0.0.0/8"), try CIDRBlock(parsing: "::1")]
            ),
            GatewayAccount(spID: "905678", secret: "other", serviceCodes: ["10658888", "1066"]),
            GatewayAccount(spID: "1234", secret: "short", serviceCodes: ["1234"]),
        ])
    }

    /// One row of the login matrix.
    struct LoginCase: Sendable, CustomTestStringConvertible {
        var name: String
        var spID: String
        var secret: String
        var version: CMPPVersion = .v2_0
        var peer: String? = "10.1.2.3"
        var connections = 0
        var highestVersion: CMPPVersion = .v2_0
        var reason: LoginDecision.Reason
        var status: CMPPConnectStatus

        var testDescription: String { name }
    }

    static let loginCases: [LoginCase] = [
        LoginCase(name: "correct login", spID: "901234", secret: "s3cret", reason: .accepted, status: 0),
        LoginCase(
            name: "IPv6 loopback allowed",
            spID: "901234",
            secret: "s3cret",
            peer: "::1",
            reason: .accepted,
            status: 0
        ),
        LoginCase(
            name: "IPv4-mapped peer in an IPv4 block",
            spID: "901234",
            secret: "s3cret",
            peer: "::ffff:10.9.9.9",
            reason: .accepted,
            status: 0
        ),
        LoginCase(name: "a short SP_Id", spID: "1234", secret: "short", reason: .accepted, status: 0),
        LoginCase(
            name: "unknown Source_Addr",
            spID: "999999",
            secret: "s3cret",
            reason: .unknownSourceAddress,
            status: 2
        ),
        LoginCase(
            name: "wrong secret",
            spID: "901234",
            secret: "guess",
            reason: .authenticationFailed,
            status: 3
        ),
        LoginCase(
            name: "CMPP 3.0 client at a 2.0 gateway",
            spID: "901234",
            secret: "s3cret",
            version: .v3_0,
            reason: .versionTooHigh,
            status: 4
        ),
        LoginCase(
            name: "gocmpp's 0x21 at a strict 2.0 gateway",
            spID: "901234",
            secret: "s3cret",
            version: .v2_1,
            reason: .versionTooHigh,
            status: 4
        ),
        LoginCase(
            name: "gocmpp's 0x21 at a gateway that accepts 2.1",
            spID: "901234",
            secret: "s3cret",
            version: .v2_1,
            highestVersion: .v2_1,
            reason: .accepted,
            status: 0
        ),
        LoginCase(
            name: "SMSGate's version 0x00 reads as 2.x",
            spID: "905678",
            secret: "other",
            version: CMPPVersion(rawValue: 0),
            reason: .accepted,
            status: 0
        ),
        LoginCase(
            name: "too many connections",
            spID: "901234",
            secret: "s3cret",
            connections: 2,
            reason: .tooManyConnections,
            status: 5
        ),
        LoginCase(
            name: "client address not allowed",
            spID: "901234",
            secret: "s3cret",
            peer: "192.168.1.1",
            reason: .clientAddressNotAllowed,
            status: 5
        ),
        LoginCase(
            name: "address checked before the secret",
            spID: "901234",
            secret: "guess",
            peer: "192.168.1.1",
            reason: .clientAddressNotAllowed,
            status: 5
        ),
        LoginCase(
            name: "unknown peer address with an allow list",
            spID: "901234",
            secret: "s3cret",
            peer: nil,
            reason: .clientAddressNotAllowed,
            status: 5
        ),
        LoginCase(
            name: "no allow list: any address, even unknown",
            spID: "905678",
            secret: "other",
            peer: nil,
            connections: 7,
            reason: .accepted,
            status: 0
        ),
    ]

    @Test("the login matrix: every CONNECT_RESP Status", arguments: loginCases)
    func login(_ row: LoginCase) throws {
        let directory = try Self.directory()
        let connect = CMPPConnect(
            sourceAddress: row.spID,
            secret: row.secret,
            version: row.version,
            timestamp: Self.timestamp
        )
        let decision = directory.decideLogin(
            connect,
            peerIPAddress: row.peer,
            activeConnections: row.connections,
            highestVersion: row.highestVersion
        )
        #expect(decision.reason == row.reason)
        #expect(decision.status == row.status)
        #expect(decision.isAccepted == (row.status == 0))
        #expect(decision.account?.spID == (row.reason == .unknownSourceAddress ? nil : row.spID))

        let response = decision.response(to: connect, serverVersion: row.highestVersion)
        #expect(response.status == row.status)
        #expect(response.version == row.highestVersion)
        switch row.reason {
        case .accepted, .versionTooHigh, .tooManyConnections:
            // AuthenticatorISMG proves the gateway knows the secret too.
            let encoding = CMPPAuthentication.verify(
                response,
                authenticatorSource: connect.authenticatorSource,
                secret: row.secret
            )
            #expect(encoding == .standard(for: row.version))
        case .unknownSourceAddress, .authenticationFailed, .clientAddressNotAllowed:
            #expect(response.authenticatorISMG == .empty)
        }
    }

    @Test("the AuthenticatorISMG of an accepted 2.0 login is the fact sheet's vector")
    func authenticatorVector() throws {
        let directory = try AccountDirectory(accounts: [.demo])
        let connect = CMPPConnect(sourceAddress: "900001", secret: "888888", timestamp: 1_021_080_510)
        let response = directory.decideLogin(connect, peerIPAddress: "127.0.0.1", activeConnections: 0)
            .response(to: connect, serverVersion: .v2_0)
        #expect(response.authenticatorISMG.hexString == "6c0b846e25bab6daa4ed1c466e0f4bd8")
    }

    @Test("MO routing: the account whose service code is the longest prefix of Dest_Id")
    func moRouting() throws {
        let directory = try Self.directory()
        #expect(directory.account(forMODestination: "1065")?.spID == "901234")
        #expect(directory.account(forMODestination: "10651")?.spID == "901234")
        #expect(directory.account(forMODestination: "1065881")?.spID == "901234")
        #expect(directory.account(forMODestination: "106588881234")?.spID == "905678")
        #expect(directory.account(forMODestination: "10658888")?.spID == "905678")
        #expect(directory.account(forMODestination: "1066")?.spID == "905678")
        #expect(directory.account(forMODestination: "12345")?.spID == "1234")
        #expect(directory.account(forMODestination: "106") == nil)
        #expect(directory.account(forMODestination: "") == nil)
        #expect(directory.account(forMODestination: "2065") == nil)
    }

    @Test("lookup by SP_Id, and a shared rate limiter only for limited accounts")
    func lookup() throws {
        let limited = GatewayAccount(
            spID: "901111",
            secret: "x",
            serviceCodes: ["1077"],
            submitRate: SubmitRate(messagesPerSecond: 10)
        )
        let directory = try AccountDirectory(accounts: [limited, .demo])
        #expect(directory.account(spID: "901111") == limited)
        #expect(directory.account(spID: "900001") == .demo)
        #expect(directory.account(spID: "90000") == nil)
        let limiter = try #require(directory.rateLimiter(spID: "901111"))
        #expect(limiter === directory.rateLimiter(spID: "901111"))
        #expect(limiter.rate == SubmitRate(messagesPerSecond: 10, burst: 10))
        #expect(directory.rateLimiter(spID: "900001") == nil)
    }

    @Test("a repeated SP_Id or service code cannot form a directory")
    func duplicates() {
        #expect(throws: AccountDirectory.Error(kind: .duplicateSPID("900001"))) {
            try AccountDirectory(accounts: [.demo, GatewayAccount(spID: "900001", secret: "x", serviceCodes: ["1"])])
        }
        #expect(throws: AccountDirectory.Error(kind: .duplicateServiceCode("1065"))) {
            try AccountDirectory(accounts: [.demo, GatewayAccount(spID: "900002", secret: "x", serviceCodes: ["1065"])])
        }
    }
}
