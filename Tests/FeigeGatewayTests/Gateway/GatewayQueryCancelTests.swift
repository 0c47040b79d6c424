import CMPPCore
import CMPPNIO
import FeigeGateway
import Foundation
import Testing

/// CMPP_QUERY (§7.4.4) from the store's counts and CMPP_CANCEL (§7.4.6) before and after dispatch.
@Suite("Gateway QUERY and CANCEL")
struct GatewayQueryCancelTests {
    @Test func queryCountsMessagesRecipientsAndOutcomes() async throws {
        try await GatewayHarness.withGateway { _, port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                _ = try await client.submit(
                    "one",
                    to: ["13800138000", "15000000000"],
                    options: .init(serviceID: "TEST")
                )
                _ = try await client.submit(
                    "two",
                    to: ["13800138001", "13800138002"],
                    options: .init(serviceID: "TEST")
                )
                let day = GatewayHarness.today()
                let settled = try await GatewayHarness.eventually {
                    let counts = try await client.query(time: day)
                    return counts.mtSucceeded == 3 && counts.mtFailed == 1
                }
                #expect(settled)
                let total = try await client.query(time: day)
                #expect(total.mtTotalMessages == 2)
                #expect(total.mtTotalUsers == 4)
                #expect(total.mtWaiting == 0)
                let byService = try await client.query(time: day, serviceID: "TEST")
                #expect(byService.mtTotalUsers == 4)
                let otherService = try await client.query(time: day, serviceID: "NONE")
                #expect(otherService.mtTotalMessages == 0)
            }
        }
    }

    @Test func cancelBeforeDispatchSucceedsAndNothingIsSent() async throws {
        let downstream = RecordingDownstream()
        try await GatewayHarness.withGateway(downstream: downstream) { _, port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                // At_Time one hour ahead (relative form): the message waits in the dispatcher's schedule.
                let later = try await client.submit(
                    "later",
                    to: ["13800138000"],
                    options: .init(atTime: "000000010000000R")
                )
                #expect(later[0].isAccepted)
                let cancelled = try await client.cancel(later[0].messageID)
                #expect(cancelled.successID == 0)
                let again = try await client.cancel(later[0].messageID)
                #expect(again.successID == 1)
                #expect(downstream.messages.isEmpty)
            }
        }
    }

    @Test func cancelAfterDispatchFails() async throws {
        let downstream = RecordingDownstream()
        try await GatewayHarness.withGateway(downstream: downstream) { _, port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                let now = try await client.submit("now", to: ["13800138000"])
                let sent = await GatewayHarness.eventually { downstream.messages.count == 1 }
                #expect(sent)
                #expect(downstream.messages.first?.messageID == now[0].messageID)
                let cancelled = try await client.cancel(now[0].messageID)
                #expect(cancelled.successID == 1)
                // Another account's or an unknown Msg_Id cannot be cancelled either.
                #expect(try await client.cancel(CMPPMessageID(rawValue: 42)).successID == 1)
            }
        }
    }

    @Test func anExpiredValidityIsReportedWithoutSending() async throws {
        let downstream = RecordingDownstream()
        try await GatewayHarness.withGateway(downstream: downstream) { _, port in
            try await GatewayHarness.withClient(GatewayHarness.clientConfiguration(port: port)) { client in
                // ValId_Time in the past (absolute, 2001): EXPIRED at once, never handed downstream.
                let outcome = try await client.submit(
                    "too late",
                    to: ["13800138000"],
                    options: .init(registeredDelivery: 1, validityTime: "010101000000032+")
                )
                #expect(outcome[0].isAccepted)
                let (reports, _) = await GatewayHarness.collect(from: client, reports: 1)
                #expect(reports.first?.stat == .expired)
                #expect(reports.first?.messageID == outcome[0].messageID)
                #expect(downstream.messages.isEmpty)
            }
        }
    }
}
