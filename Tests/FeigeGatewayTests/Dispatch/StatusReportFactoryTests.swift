import CMPPCore
import Foundation
import Testing

@testable import FeigeGateway

@Suite("StatusReportFactory")
struct StatusReportFactoryTests {
    @Test func reportTimesAreChinaTimeToTheMinute() {
        // 2026-11-21 00:30:59 UTC is 08:30 in Beijing.
        let date = Date(timeIntervalSince1970: 1_795_221_059)
        #expect(StatusReportFactory.reportTime(date) == "2611210830")
    }

    @Test func aReportCarriesTheSubmitsIDAndTheRecipient() throws {
        let generator = try CMPPMessageIDGenerator(gateway: 5)
        let factory = StatusReportFactory(generator: generator)
        let message = SimulatedHandsetNetworkTests.message("x", to: ["13800138000", "13900139000"])
        var accepted = message
        accepted.registeredDelivery = 1
        let outcome = DownstreamOutcome(
            recipient: RecipientKey(messageID: message.messageID, index: 1),
            stat: .undeliverable,
            doneAt: Date()
        )
        let record = factory.deliveryOutcome(outcome, of: .init(accepted), now: Date())
        #expect(record.state == .failed)
        let deliver = try #require(record.report?.deliver)
        #expect(deliver.registeredDelivery == 1)
        #expect(deliver.destinationID == "1065")
        #expect(deliver.sourceTerminalID == "13900139000")
        #expect(deliver.statusReport?.messageID == message.messageID)
        #expect(deliver.statusReport?.destinationTerminalID == "13900139000")
        #expect(deliver.messageID != message.messageID)
        #expect(record.report?.account == "900001")

        let silent = factory.deliveryOutcome(outcome, of: .init(message), now: Date())
        #expect(silent.report == nil)
    }
}
