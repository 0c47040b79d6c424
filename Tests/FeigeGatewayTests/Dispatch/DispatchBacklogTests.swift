import Logging
import Testing

@testable import FeigeGateway

@Suite("DispatchBacklog")
struct DispatchBacklogTests {
    @Test("admits below the limit, refuses at and above it, and counts only the refusals")
    func admission() {
        let backlog = DispatchBacklog(limit: 3, logger: quietLogger)
        #expect(backlog.count == 0 && !backlog.isFull)
        #expect(backlog.admit())
        backlog.enter(2)
        #expect(backlog.count == 2 && !backlog.isFull)
        #expect(backlog.admit())
        backlog.enter(1)
        #expect(backlog.isFull)
        #expect(!backlog.admit())
        // A group send may take it past the limit: admission looks at the backlog before the SUBMIT.
        backlog.enter(5)
        #expect(backlog.count == 8)
        #expect(!backlog.admit())
        #expect(backlog.refusedSubmits == 2)
        backlog.leave(6)
        #expect(backlog.count == 2 && !backlog.isFull)
        #expect(backlog.admit())
        #expect(backlog.refusedSubmits == 2)
    }

    @Test("a closed gate opens again only below 90% of the limit, not with every batch near it")
    func hysteresis() {
        let backlog = DispatchBacklog(limit: 100, logger: quietLogger)
        #expect(backlog.reopensBelow == 90)
        backlog.enter(99)
        #expect(backlog.admit() && !backlog.isFull)
        backlog.enter(1)
        #expect(!backlog.admit() && backlog.isFull)
        // Below the limit but not below 90: still closed.
        backlog.leave(5)
        #expect(backlog.count == 95 && backlog.isFull)
        #expect(!backlog.admit())
        backlog.leave(5)
        #expect(backlog.count == 90 && !backlog.admit())
        backlog.leave(1)
        #expect(backlog.count == 89 && !backlog.isFull)
        #expect(backlog.admit())
        // Open again: up to the limit, SUBMITs are admitted.
        backlog.enter(10)
        #expect(backlog.count == 99 && backlog.admit())
        #expect(backlog.refusedSubmits == 3)
        // Small limits have no band: 9 reopens below 9.
        #expect(DispatchBacklog(limit: 9, logger: quietLogger).reopensBelow == 9)
    }

    @Test("the default limit is 100 000 recipients; a limit below 1 is taken as 1")
    func limits() {
        #expect(DispatchBacklog(logger: quietLogger).limit == DispatchBacklog.defaultLimit)
        #expect(DispatchBacklog.defaultLimit == 100_000)
        #expect(DispatchBacklog.maximumLimit == 10_000_000)
        let one = DispatchBacklog(limit: 0, logger: quietLogger)
        #expect(one.limit == 1)
        #expect(one.admit())
        one.enter(1)
        #expect(!one.admit())
    }

    @Test("the gate's closing and opening are logged once each at debug, not per refused SUBMIT")
    func gateLogging() {
        let handler = CollectingLogHandler()
        let logger = Logger(label: "feige.backlog.test", factory: { _ in handler })
        let backlog = DispatchBacklog(limit: 2, logger: logger)
        backlog.enter(2)
        for _ in 0..<50 { #expect(!backlog.admit()) }
        #expect(handler.collected.count == 1)
        backlog.enter(3)
        backlog.leave(2)  // 3: still at or above the limit
        #expect(handler.collected.count == 1)
        backlog.leave(2)  // 1: open
        backlog.leave(1)
        #expect(backlog.admit())
        let entries = handler.collected
        #expect(entries.count == 2)
        #expect(entries.allSatisfy { $0.level == .debug })
        #expect(entries.first?.text.contains("Result 8") == true)
        #expect(entries.last?.text.contains("feige.refused=50") == true)

        // Full again: the gate closes and opens again, each logged once more.
        backlog.enter(2)
        #expect(!backlog.admit() && !backlog.admit())
        #expect(handler.collected.count == 3)
        backlog.leave(2)
        #expect(backlog.admit() && backlog.admit())
        #expect(handler.collected.count == 4)
        #expect(backlog.refusedSubmits == 52)
    }

    @Test("a backlog that is never full logs nothing")
    func quietWhenNotFull() {
        let handler = CollectingLogHandler()
        let logger = Logger(label: "feige.backlog.test", factory: { _ in handler })
        let backlog = DispatchBacklog(limit: 100, logger: logger)
        for _ in 0..<10 {
            #expect(backlog.admit())
            backlog.enter(9)
        }
        backlog.leave(90)
        #expect(handler.collected.isEmpty)
        #expect(backlog.refusedSubmits == 0)
    }
}
