import Foundation
import Testing

@testable import FeigeGateway

@Suite("TimedQueue")
struct TimedQueueTests {
    @Test func popsDueItemsInDateThenInsertionOrder() {
        var queue = TimedQueue<String>()
        let base = Date(timeIntervalSince1970: 1_000)
        queue.insert("c", due: base.addingTimeInterval(3))
        queue.insert("a", due: base.addingTimeInterval(1))
        queue.insert("b1", due: base.addingTimeInterval(2))
        queue.insert("b2", due: base.addingTimeInterval(2))
        queue.insert("d", due: base.addingTimeInterval(10))
        #expect(queue.nextDue == base.addingTimeInterval(1))
        #expect(queue.count == 5)
        #expect(queue.popDue(now: base) == [])
        #expect(queue.popDue(now: base.addingTimeInterval(3)) == ["a", "b1", "b2", "c"])
        #expect(queue.count == 1)
        #expect(queue.popDue(now: base.addingTimeInterval(10)) == ["d"])
        #expect(queue.isEmpty)
    }

    @Test func neverEarlyAndAtMostAMillisecondLate() {
        var queue = TimedQueue<Int>()
        let due = Date(timeIntervalSince1970: 1_000.0004)
        queue.insert(1, due: due)
        #expect(queue.popDue(now: Date(timeIntervalSince1970: 1_000.0003)) == [])
        #expect(queue.popDue(now: Date(timeIntervalSince1970: 1_000.0009)) == [])
        #expect(queue.popDue(now: Date(timeIntervalSince1970: 1_000.0015)) == [1])
    }

    @Test func keepsOrderOverManyRandomInsertions() {
        var queue = TimedQueue<Int>()
        var rng = SplitMix64(seed: 3)
        for _ in 0..<1000 {
            let offset = Double(rng.next() % 10_000)
            queue.insert(Int(offset), due: Date(timeIntervalSince1970: offset))
        }
        let all = queue.popDue(now: Date(timeIntervalSince1970: 20_000))
        #expect(all.count == 1000)
        #expect(all == all.sorted())
    }
}
