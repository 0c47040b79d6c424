import CMPPNIO
import FeigeGateway
import Foundation
import NIOCore
import Testing

/// The package root, found from this file's path (Tests/FeigeGatewayTests/Configuration/…).
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

@Suite("GatewayConfiguration")
struct GatewayConfigurationTests {
    @Test("the embedded default is issue #5 §9's: loopback, ./feige-data, simulator on, one lenient demo account")
    func embeddedDefault() throws {
        let configuration = GatewayConfiguration.embeddedDefault
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.longConnectionPort == 7890)
        #expect(configuration.shortConnectionPort == 7900)
        // Lenient like its demo account: 2.1 clients (gocmpp, pycmpp send 0x21) get in.
        #expect(configuration.highestVersion == .v2_1)
        #expect(configuration.dataDirectory == "feige-data")
        #expect(configuration.storeDurability == .full)
        #expect(configuration.outboxExpiry == .seconds(48 * 3600))
        #expect(configuration.shutdownTimeout == .seconds(10))
        #expect(configuration.maximumDispatchBacklog == DispatchBacklog.defaultLimit)
        #expect(configuration.simulator.isEnabled)
        #expect(configuration.session == CMPPSessionConfiguration())
        let demo = try #require(configuration.accounts.first)
        #expect(configuration.accounts.count == 1)
        #expect(demo.spID == "900001" && demo.secret == "888888" && demo.serviceCodes == ["1065"])
        #expect(demo.isLenient && demo.allowedClients.isEmpty && demo.allowedServiceIDs.isEmpty)
        #expect(demo.submitRate == nil && demo.faults == .none)
        // Lenient: any Src_Id and Service_Id; an empty Src_Id gets the service code.
        #expect(demo.admitSubmit(sourceID: "", serviceID: "") == .accept(sourceID: "1065"))
        #expect(demo.admitSubmit(sourceID: "900001", serviceID: "ANY") == .accept(sourceID: "900001"))
        _ = try configuration.makeAccountDirectory()
    }

    @Test("config/gateway.example.yaml parses, and says what it means")
    func exampleFile() throws {
        let path = packageRoot.appendingPathComponent("config/gateway.example.yaml").path
        let configuration = try GatewayConfiguration.load(path: path)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.longConnectionPort == 7890 && configuration.shortConnectionPort == 7900)
        #expect(configuration.gatewayCode == 1001)
        #expect(configuration.highestVersion == .v2_0)
        #expect(configuration.dataDirectory == "./feige-data")
        #expect(configuration.storeDurability == .full)
        #expect(
            configuration.session
                == CMPPSessionConfiguration(
                    window: 16,
                    responseTimeout: .seconds(60),
                    maximumSends: 3,
                    heartbeatInterval: .minutes(3),
                    loginTimeout: .seconds(30),
                    maximumFrameLength: 4096
                )
        )
        #expect(configuration.outboxExpiry == .seconds(48 * 3600))
        #expect(configuration.shutdownTimeout == .seconds(10))
        #expect(configuration.maximumDispatchBacklog == 100_000)
        #expect(configuration.cpuWakeUpLatencyLimit == nil)
        #expect(configuration.accounts.count == 2)

        let first = configuration.accounts[0]
        #expect(first.spID == "901234" && first.secret == "change-me")
        #expect(first.serviceCodes == ["10658888", "10659999"])
        #expect(first.allowedServiceIDs == ["TQHY", "TQTZ"])
        #expect(first.maximumConnections == 4)
        #expect(first.submitRate == SubmitRate(messagesPerSecond: 200, burst: 50))
        #expect(first.allowedClients.map(\.description) == ["127.0.0.1/32", "10.0.0.0/8", "0:0:0:0:0:0:0:1/128"])
        #expect(!first.isLenient && first.faults == .none)

        let second = configuration.accounts[1]
        #expect(second.isLenient && second.submitRate == nil && second.maximumConnections == 8)
        #expect(second.faults.dropResponses == Probability(percent: 1))
        #expect(
            second.faults.delayResponses
                == .init(probability: Probability(percent: 5)!, delay: .range(.seconds(2)...(.seconds(8))))
        )
        #expect(
            second.faults.forcedResults == [
                WeightedOutcome(.flowControlError, probability: Probability(percent: 2)!),
                WeightedOutcome(CMPPResult(rawValue: 13), probability: Probability(percent: 0.5)!),
            ]
        )
        #expect(second.faults.closeLink == Probability(percent: 0.1))
        #expect(second.faults.duplicateReports == Probability(percent: 1))

        let simulator = configuration.simulator
        #expect(simulator.isEnabled)
        #expect(simulator.network.defaultBehaviour == .init(delay: .fixed(.seconds(1)), finalStat: .undeliverable))
        #expect(simulator.network.rules.count == 4)
        #expect(simulator.network.behaviour(for: "13912345678").finalStat == .delivered)
        #expect(simulator.network.behaviour(for: "13800001234").finalStat == "MK:0001")
        #expect(simulator.network.behaviour(for: "13900000000").finalStat == .expired)
        #expect(simulator.network.behaviour(for: "13900000001").finalStat == .rejected)
        #expect(simulator.network.behaviour(for: "+8613900000001").finalStat == .rejected)
        #expect(simulator.network.behaviour(for: "2025550100").finalStat == .undeliverable)
        #expect(
            simulator.network.behaviour(for: "13912345678").errors == [
                WeightedOutcome(.undeliverable, probability: Probability(percent: 2)!),
                WeightedOutcome(.expired, probability: Probability(percent: 1)!),
            ]
        )
        #expect(simulator.autoReplies.replies(to: "ping", from: "10658888", to: "13912345678").map(\.text) == ["PONG"])
        #expect(
            simulator.autoReplies.replies(to: "td", from: "10658888", to: "13912345678").map(\.text)
                == ["退订成功", "Unsubscribed"]
        )
        _ = try configuration.makeAccountDirectory()
    }

    @Test("a file with only an account takes every other setting from the defaults")
    func minimalFile() throws {
        let configuration = try GatewayConfiguration.parse(
            yaml: "accounts:\n  - {sp_id: 901234, secret: 123456, service_codes: 1065}\n"
        )
        var expected = GatewayConfiguration.embeddedDefault
        expected.highestVersion = .v2_0  // a configuration file is strict unless it says otherwise
        expected.accounts = [GatewayAccount(spID: "901234", secret: "123456", serviceCodes: ["1065"])]
        #expect(configuration == expected)
        #expect(!configuration.accounts[0].isLenient)
    }

    @Test("short connections can be disabled; an ISMG_Id reads as its number; durations convert exactly")
    func variants() throws {
        let yaml = """
            listen: {host: "::", long_port: 0, short_port: disabled}
            highest_version: 2.1
            gateway_code: "079101"
            store: {durability: normal}
            session: {response_timeout: 500ms, heartbeat_interval: 30s, login_timeout: 2m, max_sends: 1, window: 32}
            outbox_expiry: 1h
            shutdown_timeout: 1500ms
            flow_control: {max_dispatch_backlog: 2500}
            cpu_wakeup_latency: 0us
            accounts:
              - sp_id: 901234
                secret: s
                service_codes: [1065, 106599]
                service_ids: TEST
                submit_rate: unlimited
                allowed_clients: "::1"
                lenient: yes
                faults:
            simulator:
              enabled: false
              auto_replies:
            """
        let configuration = try GatewayConfiguration.parse(yaml: yaml)
        #expect(configuration.host == "::")
        #expect(configuration.longConnectionPort == 0 && configuration.shortConnectionPort == nil)
        #expect(configuration.gatewayCode == 79101)
        #expect(configuration.highestVersion == .v2_1)
        #expect(configuration.storeDurability == .normal)
        #expect(configuration.session.responseTimeout == .milliseconds(500))
        #expect(configuration.session.heartbeatInterval == .seconds(30))
        #expect(configuration.session.loginTimeout == .minutes(2))
        #expect(configuration.session.maximumSends == 1 && configuration.session.window == 32)
        #expect(configuration.outboxExpiry == .seconds(3600))
        #expect(configuration.shutdownTimeout == .milliseconds(1500))
        #expect(configuration.maximumDispatchBacklog == 2500)
        #expect(configuration.cpuWakeUpLatencyLimit == .zero)
        let account = configuration.accounts[0]
        #expect(account.serviceCodes == ["1065", "106599"] && account.allowedServiceIDs == ["TEST"])
        #expect(account.submitRate == nil && account.isLenient && account.faults == .none)
        #expect(account.allowsClient(ipAddress: "::1") && !account.allowsClient(ipAddress: "127.0.0.1"))
        #expect(!configuration.simulator.isEnabled)
        #expect(configuration.simulator.autoReplies == .none)
        #expect(configuration.simulator.network == SimulatorConfiguration.standard.network)
    }

    @Test("the dispatch backlog's bounds are accepted; flow_control without it keeps the default")
    func dispatchBacklogBounds() throws {
        let account = "accounts:\n  - {sp_id: 901234, secret: s, service_codes: 1065}\n"
        for (text, limit) in [("1", 1), ("10000000", 10_000_000), ("\"50000\"", 50_000), ("+7", 7)] {
            let configuration = try GatewayConfiguration.parse(
                yaml: account + "flow_control:\n  max_dispatch_backlog: \(text)\n"
            )
            #expect(configuration.maximumDispatchBacklog == limit, "\(text)")
        }
        let empty = try GatewayConfiguration.parse(yaml: account + "flow_control: {}\n")
        #expect(empty.maximumDispatchBacklog == DispatchBacklog.defaultLimit)
    }

    @Test("cpu_wakeup_latency is off or a limit up to the kernel's 32 bits of microseconds")
    func cpuWakeUpLatency() throws {
        let account = "accounts:\n  - {sp_id: 901234, secret: s, service_codes: 1065}\n"
        let cases: [(String, Duration?)] = [
            ("off", nil), ("OFF", nil), ("0us", .zero), ("50us", .microseconds(50)), ("1ms", .milliseconds(1)),
            ("2147483647us", .microseconds(2_147_483_647)),
        ]
        for (text, limit) in cases {
            let configuration = try GatewayConfiguration.parse(yaml: account + "cpu_wakeup_latency: \(text)\n")
            #expect(configuration.cpuWakeUpLatencyLimit == limit, "\(text)")
        }
        #expect(try GatewayConfiguration.parse(yaml: account).cpuWakeUpLatencyLimit == nil)
    }

    @Test("an account's description never shows its secret")
    func accountDescriptionRedactsSecret() {
        let account = GatewayAccount(spID: "901234", secret: "TopSecret-4711", serviceCodes: ["1065"])
        #expect(!"\(account)".contains("TopSecret"))
        #expect(!String(reflecting: account).contains("TopSecret"))
        #expect("\(account)".contains("901234"))
    }
}
