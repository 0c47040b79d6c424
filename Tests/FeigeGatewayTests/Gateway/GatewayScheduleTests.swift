import CMPPCore
import CMPPNIO
import FeigeGateway
import Foundation
import Testing

/// At_Time (§7.4.3.1, scheduled delivery) through the gateway's dispatcher.
@Suite("Gateway scheduled delivery")
struct GatewayScheduleTests {
    @Test func aMessageIsHandedDownstreamAtItsAtTime() async throws {
        let downstream = RecordingDownstream()
        try await GatewayHarness.withGateway(downstream: downstream) { _, port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                let at = Date().addingTimeInterval(0.8)
                let outcome = try await client.submit(
                    "scheduled",
                    to: ["13800138000"],
                    options: .init(atTime: CMPPSMPPTime(date: at).string)
                )
                #expect(outcome[0].isAccepted)
                try await Task.sleep(for: .milliseconds(200))
                #expect(downstream.messages.isEmpty)
                let sent = await GatewayHarness.eventually(timeout: .seconds(2)) { !downstream.messages.isEmpty }
                #expect(sent)
                #expect(Date() >= at.addingTimeInterval(-0.05))
                #expect(downstream.messages.first?.messageID == outcome[0].messageID)
            }
        }
    }
}
