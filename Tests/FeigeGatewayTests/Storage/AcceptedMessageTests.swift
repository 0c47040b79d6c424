import CMPPCore
import FeigeGateway
import Foundation
import NIOCore
import Testing

/// ``AcceptedMessage`` keeps its fields in one shared box: copies must still behave as values.
@Suite("AcceptedMessage")
struct AcceptedMessageTests {
    static func message() -> AcceptedMessage {
        AcceptedMessage(
            messageID: CMPPMessageID(rawValue: 42),
            account: "900001",
            serviceID: "SVC",
            sourceID: "1065",
            content: ByteBuffer(string: "hi"),
            recipients: ["13800138000", "13900139000"],
            submittedAt: Date(timeIntervalSince1970: 1_700_000_000)
        )
    }

    @Test func aChangedCopyLeavesTheOriginalAsItWas() {
        let original = Self.message()
        var copy = original
        copy.sourceID = "106500"
        copy.recipients.append("13700137000")
        copy.validUntil = Date(timeIntervalSince1970: 1_700_000_100)
        #expect(original.sourceID == "1065")
        #expect(original.recipients == ["13800138000", "13900139000"])
        #expect(original.validUntil == nil)
        #expect(copy.sourceID == "106500")
        #expect(copy.recipients.count == 3)
        #expect(copy != original)
    }

    @Test func equalFieldsMakeEqualMessagesWithEqualHashes() {
        let first = Self.message()
        var second = Self.message()
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        second.tpPID = 1
        #expect(first != second)
        second.tpPID = 0
        #expect(Set([first, second]).count == 1)
    }
}
