import CMPPCore
import Foundation
import Testing

@testable import FeigeGateway

@Suite("OutboxDueQueue")
struct OutboxDueQueueTests {
    private let base = Date(timeIntervalSince1970: 1_700_000_000)

    private func at(_ seconds: Double) -> Date { base.addingTimeInterval(seconds) }

    @Test func popsDueIDsEarliestFirstThenByStoreKey() {
        var queue = OutboxDueQueue()
        var due: [CMPPMessageID: Date] = [:]
        // 0x8000… is negative as a store key, so it sorts before 1 and 2 at the same time.
        let ids: [(CMPPMessageID, Double)] = [(2, 5), (1, 5), (CMPPMessageID(rawValue: 1 << 63), 5), (3, 1), (4, 9)]
        for (id, seconds) in ids {
            queue.push(id, due: at(seconds))
            due[id] = at(seconds)
        }
        let popped = queue.popDue(now: at(6), limit: 10) { due[$0.id] == $0.due }
        #expect(popped == [3, CMPPMessageID(rawValue: 1 << 63), 1, 2])
        #expect(queue.popDue(now: at(8), limit: 10) { due[$0.id] == $0.due }.isEmpty)
        #expect(queue.popDue(now: at(9), limit: 10) { due[$0.id] == $0.due } == [4])
    }

    @Test func stopsAtTheLimitAndKeepsTheRest() {
        var queue = OutboxDueQueue()
        for id in 1...10 { queue.push(CMPPMessageID(rawValue: UInt64(id)), due: at(Double(id))) }
        #expect(queue.popDue(now: at(100), limit: 3) { _ in true } == [1, 2, 3])
        #expect(queue.popDue(now: at(100), limit: 3) { _ in true } == [4, 5, 6])
        #expect(queue.markCount == 4)
    }

    @Test func staleMarksAreSkippedAndAnIDComesOutOnce() {
        var queue = OutboxDueQueue()
        var due: [CMPPMessageID: Date] = [1: at(1), 2: at(2)]
        queue.push(1, due: at(1))
        queue.push(2, due: at(2))
        // Entry 1 moved to a later attempt, entry 2 was closed; a duplicate mark of entry 1 appears too.
        due[1] = at(3)
        due[2] = nil
        queue.push(1, due: at(3))
        queue.push(1, due: at(3))
        #expect(queue.earliestDue { due[$0.id] == $0.due } == at(3))
        #expect(queue.popDue(now: at(10), limit: 10) { due[$0.id] == $0.due } == [1])
        #expect(queue.earliestDue { due[$0.id] == $0.due } == nil)
    }

    @Test func compactionKeepsOnlyTheOpenEntries() {
        var queue = OutboxDueQueue()
        for round in 0..<200 { queue.push(1, due: at(Double(round))) }
        #expect(!OutboxDueQueue.needsCompaction(markCount: 10, openCount: 1))
        #expect(OutboxDueQueue.needsCompaction(markCount: queue.markCount, openCount: 1))
        queue.compact(open: [OutboxDueQueue.Mark(due: at(199), id: 1)])
        #expect(queue.markCount == 1)
        #expect(queue.popDue(now: at(300), limit: 5) { _ in true } == [1])
    }
}
