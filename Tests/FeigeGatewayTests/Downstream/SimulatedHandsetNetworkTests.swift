import CMPPCore
import FeigeGateway
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Testing

/// A sink that keeps what the downstream reports.
final class RecordingSink: GatewayDownstreamSink {
    private let state = NIOLockedValueBox<([DownstreamOutcome], [DownstreamMobileOriginated])>(([], []))

    var outcomes: [DownstreamOutcome] { state.withLockedValue { $0.0 } }
    var messages: [DownstreamMobileOriginated] { state.withLockedValue { $0.1 } }

    func record(_ outcomes: [DownstreamOutcome]) { state.withLockedValue { $0.0 += outcomes } }
    func receive(_ messages: [DownstreamMobileOriginated]) { state.withLockedValue { $0.1 += messages } }
}

@Suite("SimulatedHandsetNetwork")
struct SimulatedHandsetNetworkTests {
    static func message(
        _ text: String,
        to recipients: [String],
        validUntil: Date? = nil,
        sourceID: String = "1065"
    ) -> AcceptedMessage {
        AcceptedMessage(
            messageID: CMPPMessageID(rawValue: 7),
            account: "900001",
            serviceID: "SVC",
            sourceID: sourceID,
            validUntil: validUntil,
            content: ByteBuffer(string: text),
            recipients: recipients,
            submittedAt: Date()
        )
    }

    static func run(
        _ network: SimulatedHandsetNetwork,
        until condition: @escaping @Sendable (RecordingSink) -> Bool,
        submitting body: @Sendable () async -> Void
    ) async -> RecordingSink {
        let sink = RecordingSink()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await network.run(sink: sink) }
            await body()
            _ = await GatewayHarness.eventually(timeout: .seconds(2)) { condition(sink) }
            group.cancelAll()
        }
        return sink
    }

    @Test func decidesEachRecipientByItsRule() async {
        let network = SimulatedHandsetNetwork(configuration: GatewayHarness.simulator, seed: 1)
        let sink = await Self.run(
            network,
            until: { $0.outcomes.count == 2 },
            submitting: {
                let acceptance = await network.submit(
                    DownstreamMessage(message: Self.message("hi", to: ["13800138000", "9999"]))
                )
                #expect(acceptance == .accepted)
            }
        )
        let byIndex = Dictionary(uniqueKeysWithValues: sink.outcomes.map { ($0.recipient.index, $0.stat) })
        #expect(byIndex == [0: .delivered, 1: .undeliverable])
    }

    /// The dispatcher hands over a whole batch: every part is accepted and every recipient decided by its
    /// rule, as part-by-part submits would.
    @Test func aBatchIsDecidedLikeSinglePartSubmits() async {
        let network = SimulatedHandsetNetwork(configuration: GatewayHarness.simulator, seed: 1)
        var second = Self.message("hi", to: ["9999"])
        second.messageID = CMPPMessageID(rawValue: 8)
        let parts = [
            DownstreamMessage(message: Self.message("hi", to: ["13800138000"])),
            DownstreamMessage(message: second),
        ]
        let sink = await Self.run(
            network,
            until: { $0.outcomes.count == 2 },
            submitting: {
                #expect(await network.submit(parts) == [.accepted, .accepted])
            }
        )
        let byMessage = Dictionary(
            uniqueKeysWithValues: sink.outcomes.map { ($0.recipient.messageID.rawValue, $0.stat) }
        )
        #expect(byMessage == [7: .delivered, 8: .undeliverable])
    }

    @Test func aValidityEndingBeforeDeliveryExpires() async {
        let network = SimulatedHandsetNetwork(configuration: GatewayHarness.simulator, seed: 1)
        let sink = await Self.run(
            network,
            until: { $0.outcomes.count == 1 },
            submitting: {
                // 137… takes 300 ms; the validity ends in 50.
                let message = Self.message("hi", to: ["13700137000"], validUntil: Date().addingTimeInterval(0.05))
                _ = await network.submit(DownstreamMessage(message: message))
            }
        )
        #expect(sink.outcomes.first?.stat == .expired)
    }

    @Test func echoesToTheMessagesSourceID() async {
        let network = SimulatedHandsetNetwork(configuration: GatewayHarness.simulator, seed: 1)
        let sink = await Self.run(
            network,
            until: { $0.messages.count == 1 && $0.outcomes.count == 1 },
            submitting: {
                _ = await network.submit(
                    DownstreamMessage(message: Self.message("ECHO hello", to: ["13800138000"], sourceID: "106512"))
                )
            }
        )
        let reply = sink.messages.first
        #expect(reply?.sourceTerminalID == "13800138000")
        #expect(reply?.destinationID == "106512")
        #expect(reply?.serviceID == "SVC")
        #expect(reply.map { String(buffer: $0.content) } == "ECHO hello")
    }

    @Test func keywordsAreFoundInLongMessagesAndOthersGetNoReply() async {
        let network = SimulatedHandsetNetwork(configuration: GatewayHarness.simulator, seed: 1)
        let long = "echo a message much longer than any keyword, so only its start is decoded first"
        let sink = await Self.run(
            network,
            until: { $0.outcomes.count == 2 && !$0.messages.isEmpty },
            submitting: {
                var unmatched = Self.message(
                    "no keyword starts this equally long message, so nothing replies",
                    to: ["13800138000"]
                )
                unmatched.messageID = CMPPMessageID(rawValue: 8)
                _ = await network.submit(DownstreamMessage(message: unmatched))
                _ = await network.submit(DownstreamMessage(message: Self.message(long, to: ["13800138000"])))
            }
        )
        try? await Task.sleep(for: .milliseconds(50))
        #expect(sink.messages.count == 1)
        #expect(sink.messages.first.map { String(buffer: $0.content) } == long)
    }

    @Test func manyMessagesNeedNoTimerEach() async {
        let network = SimulatedHandsetNetwork(configuration: GatewayHarness.simulator, seed: 1)
        let sink = await Self.run(
            network,
            until: { $0.outcomes.count == 5000 },
            submitting: {
                for index in 0..<5000 {
                    var message = Self.message("bulk", to: ["13800138000"])
                    message.messageID = CMPPMessageID(rawValue: UInt64(index + 1))
                    _ = await network.submit(DownstreamMessage(message: message))
                }
            }
        )
        #expect(sink.outcomes.count == 5000)
        #expect(sink.outcomes.allSatisfy { $0.stat == .delivered })
    }

    @Test func longMOTextIsSplitIntoParts() throws {
        let text = String(repeating: "长", count: 100)
        let parts = try DownstreamMobileOriginated.parts(
            of: text,
            from: "13800138000",
            to: "1065",
            reference: 9,
            receivedAt: Date()
        )
        #expect(parts.count == 2)
        #expect(parts.allSatisfy { $0.tpUDHI == 1 && $0.messageFormat == .ucs2 })
    }
}
