import CMPPCore
import CMPPNIO
import FeigeGateway
import Foundation
import Testing

/// Fault injection per account (issue #5 §8), seen from the SP client.
@Suite("Gateway fault injection")
struct GatewayFaultTests {
    static func account(_ faults: FaultProfile) -> GatewayAccount {
        var account = GatewayAccount.demo
        account.faults = faults
        return account
    }

    @Test func aForcedResultIsAnsweredAndNotStored() async throws {
        let faults = FaultProfile(forcedResults: [WeightedOutcome(CMPPResult(rawValue: 13), probability: .always)])
        let downstream = RecordingDownstream()
        try await GatewayHarness.withGateway(
            GatewayHarness.configuration(accounts: [Self.account(faults)]),
            downstream: downstream
        ) { _, port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                let outcome = try await client.submit("forced", to: ["13800138000"])
                #expect(outcome[0].result.rawValue == 13)
                try await Task.sleep(for: .milliseconds(50))
                #expect(downstream.messages.isEmpty)
            }
        }
    }

    @Test func aDroppedResponseIsAnsweredAfterTheClientsResend() async throws {
        let faults = FaultProfile(dropResponses: .always)
        try await GatewayHarness.withGateway(GatewayHarness.configuration(accounts: [Self.account(faults)])) {
            _,
            port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                let start = ContinuousClock.now
                let outcome = try await client.submit("dropped", to: ["13800138000"])
                let elapsed = ContinuousClock.now - start
                #expect(outcome[0].isAccepted)
                // No answer within T (400 ms): the client resent, and the late answer answered the resend.
                #expect(elapsed >= .milliseconds(400))
            }
        }
    }

    @Test func duplicateReportsAreDeliveredTwice() async throws {
        let faults = FaultProfile(duplicateReports: .always)
        try await GatewayHarness.withGateway(GatewayHarness.configuration(accounts: [Self.account(faults)])) {
            _,
            port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                let outcome = try await client.submit(
                    "twice",
                    to: ["13800138000"],
                    options: .init(registeredDelivery: 1)
                )
                let (reports, _) = await GatewayHarness.collect(from: client, reports: 2)
                #expect(reports.count == 2)
                #expect(reports.allSatisfy { $0.messageID == outcome[0].messageID })
            }
        }
    }
}
