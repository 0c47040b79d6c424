import CMPPCore
import CMPPNIO
import NIOCore
import Testing

@Suite("CMPPMOAssembler")
struct CMPPMOAssemblerTests {
    let start = ContinuousClock.now

    func deliver(_ message: CMPPMessage) -> CMPPDeliver {
        guard case .deliver(let deliver) = message else { fatalError("not a DELIVER") }
        return deliver
    }

    @Test func aWholeMessageComesOutAtOnce() throws {
        var assembler = CMPPMOAssembler<ContinuousClock.Instant, Int>(timeout: .seconds(60), maximumPendingMessages: 8)
        let mo = CMPPDeliver(
            messageID: 42,
            destinationID: "10657",
            sourceTerminalID: "13800138000",
            content: .message(ByteBuffer(string: "hello"))
        )
        let out = assembler.receive(mo, acknowledgement: 1, at: start)
        #expect(out.count == 1)
        #expect(out.first?.message.text == "hello")
        #expect(out.first?.message.messageIDs == [42])
        #expect(out.first?.message.partTotal == 1)
        #expect(out.first?.acknowledgements == [1])
    }

    @Test func partsInAnyOrderMergeWithTheirMessageIDsInPartOrder() {
        var assembler = CMPPMOAssembler<ContinuousClock.Instant, Int>(timeout: .seconds(60), maximumPendingMessages: 8)
        let part3 = deliver(ClientTestSupport.moPart(id: 13, reference: 9, total: 3, sequence: 3, text: "！"))
        let part1 = deliver(ClientTestSupport.moPart(id: 11, reference: 9, total: 3, sequence: 1, text: "你好"))
        let part2 = deliver(ClientTestSupport.moPart(id: 12, reference: 9, total: 3, sequence: 2, text: "世界"))
        #expect(assembler.receive(part3, acknowledgement: 3, at: start).isEmpty)
        #expect(assembler.receive(part1, acknowledgement: 1, at: start).isEmpty)
        // A duplicate (the ISMG resent part 1): answered with the message, not merged twice.
        #expect(assembler.receive(part1, acknowledgement: 4, at: start).isEmpty)
        let out = assembler.receive(part2, acknowledgement: 2, at: start)
        #expect(out.count == 1)
        #expect(out.first?.message.text == "你好世界！")
        #expect(out.first?.message.messageIDs == [11, 12, 13])
        #expect(out.first?.message.isComplete == true)
        #expect(out.first?.message.reference == 9)
        #expect(out.first?.acknowledgements.sorted() == [1, 2, 3, 4])
        #expect(assembler.pendingCount == 0)
    }

    @Test func partsFromDifferentSendersDoNotMix() {
        var assembler = CMPPMOAssembler<ContinuousClock.Instant, Int>(timeout: .seconds(60), maximumPendingMessages: 8)
        let a1 = deliver(
            ClientTestSupport.moPart(id: 1, from: "13800000001", reference: 1, total: 2, sequence: 1, text: "a")
        )
        let b2 = deliver(
            ClientTestSupport.moPart(id: 2, from: "13800000002", reference: 1, total: 2, sequence: 2, text: "b")
        )
        #expect(assembler.receive(a1, acknowledgement: 1, at: start).isEmpty)
        #expect(assembler.receive(b2, acknowledgement: 2, at: start).isEmpty)
        #expect(assembler.pendingCount == 2)
    }

    @Test func anIncompleteMessageComesOutFlaggedAfterTheTimeout() {
        var assembler = CMPPMOAssembler<ContinuousClock.Instant, Int>(timeout: .seconds(60), maximumPendingMessages: 8)
        let part1 = deliver(ClientTestSupport.moPart(id: 21, reference: 5, total: 3, sequence: 1, text: "ab"))
        let part3 = deliver(ClientTestSupport.moPart(id: 23, reference: 5, total: 3, sequence: 3, text: "ef"))
        _ = assembler.receive(part1, acknowledgement: 1, at: start)
        _ = assembler.receive(part3, acknowledgement: 3, at: start + .seconds(10))
        #expect(assembler.nextDeadline == start + .seconds(70))
        #expect(assembler.expire(at: start + .seconds(69)).isEmpty)
        let out = assembler.expire(at: start + .seconds(70))
        #expect(out.count == 1)
        #expect(out.first?.message.isComplete == false)
        #expect(out.first?.message.missingParts == [2])
        #expect(out.first?.message.messageIDs == [21, 23])
        #expect(out.first?.message.text == "abef")
        #expect(out.first?.message.sourceTerminalID == "13800138000")
        #expect(out.first?.acknowledgements.sorted() == [1, 3])
    }

    @Test func aReportIsNotAnMOMessage() {
        var assembler = CMPPMOAssembler<ContinuousClock.Instant, Int>(timeout: .seconds(60), maximumPendingMessages: 8)
        let report = deliver(ClientTestSupport.report(deliverID: 1, about: 2))
        #expect(assembler.receive(report, acknowledgement: 1, at: start).isEmpty)
    }
}
