import CMPPCore
import CMPPNIO
import FeigeGateway
import NIOPosix
import Testing

/// CMPP_CONNECT end to end (§7.4.1): every Status the gateway answers.
@Suite("Gateway login")
struct GatewayLoginTests {
    @Test func everyConnectStatus() async throws {
        try await GatewayHarness.withGateway { _, port in
            // 0: the demo account.
            #expect(try await GatewayHarness.loginStatus(GatewayHarness.clientConfiguration(port: port)) == 0)
            // 2: no account has this SP_Id.
            #expect(
                try await GatewayHarness.loginStatus(
                    GatewayHarness.clientConfiguration(port: port, spID: "999999", secret: "x")
                ) == 2
            )
            // 3: the wrong secret.
            #expect(
                try await GatewayHarness.loginStatus(GatewayHarness.clientConfiguration(port: port, secret: "wrong"))
                    == 3
            )
            // 4: CMPP 3.0 to a 2.0 gateway.
            #expect(
                try await GatewayHarness.loginStatus(GatewayHarness.clientConfiguration(port: port, version: .v3_0))
                    == 4
            )
            // 5: the strict account allows one link; a second login while the first is up is refused.
            let strict = GatewayHarness.clientConfiguration(port: port, spID: "900002", secret: "s3cret")
            try await GatewayHarness.withClient(strict) { _ in
                let second = try await GatewayHarness.loginStatus(strict)
                #expect(second == 5)
            }
        }
    }

    @Test func racingLoginsCannotExceedTheAccountsMaximum() async throws {
        try await GatewayHarness.withGateway { _, port in
            let strict = GatewayHarness.clientConfiguration(port: port, spID: "900002", secret: "s3cret")
            let factory = CMPPConnectionFactory(strict)
            let links = try await withThrowingTaskGroup(of: (any CMPPClientLink)?.self) { group in
                for _ in 0..<6 {
                    group.addTask { try? await factory.connect(inbound: { _ in }, logger: GatewayHarness.logger) }
                }
                return try await group.reduce(into: [any CMPPClientLink]()) { links, link in
                    if let link { links.append(link) }
                }
            }
            #expect(links.count == 1)
            for link in links { await link.terminate() }
        }
    }

    @Test func aClosedLinkFreesItsPlace() async throws {
        try await GatewayHarness.withGateway { _, port in
            let strict = GatewayHarness.clientConfiguration(port: port, spID: "900002", secret: "s3cret")
            try await GatewayHarness.withClient(strict) { _ in }
            let loggedIn = await GatewayHarness.eventually {
                (try? await GatewayHarness.loginStatus(strict)) == 0
            }
            #expect(loggedIn)
        }
    }
}
