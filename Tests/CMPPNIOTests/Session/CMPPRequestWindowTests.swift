import CMPPCore
import NIOCore
import Testing

@testable import CMPPNIO

@Suite("CMPPRequestWindow")
struct CMPPRequestWindowTests {
    typealias Window = CMPPRequestWindow<Int>
    let t0 = SessionFixtures.t0

    private func makeWindow(capacity: Int = 3, first: CMPPSequenceID = 1) -> Window {
        Window(capacity: capacity, responseTimeout: .seconds(10), maximumSends: 3, firstSequenceID: first)
    }

    private func sent(_ result: Window.EnqueueResult) -> Window.Send? {
        if case .send(let send) = result { return send }
        return nil
    }

    private func response(to send: Window.Send) -> CMPPFrame {
        CMPPFrame(sequenceID: send.frame.sequenceID, message: SessionFixtures.submitResponse())
    }

    @Test("requests beyond W wait and are released in FIFO order as responses free slots")
    func fullWindowQueuesThenReleasesInOrder() throws {
        var window = makeWindow()
        let first = try #require(sent(window.enqueue(SessionFixtures.submit(), context: 1, now: t0)))
        _ = try #require(sent(window.enqueue(SessionFixtures.submit(), context: 2, now: t0)))
        _ = try #require(sent(window.enqueue(SessionFixtures.submit(), context: 3, now: t0)))
        guard case .queued = window.enqueue(SessionFixtures.submit("4"), context: 4, now: t0) else {
            Issue.record("the fourth request should wait")
            return
        }
        guard case .queued = window.enqueue(SessionFixtures.submit("5"), context: 5, now: t0) else {
            Issue.record("the fifth request should wait")
            return
        }
        #expect(window.inFlightCount == 3)
        #expect(window.queuedCount == 2)
        #expect(first.frame.sequenceID == 1)

        guard
            case .matched(let context, _, let request, let next) = window.receivedResponse(
                response(to: first),
                now: t0 + .seconds(1)
            )
        else {
            Issue.record("the response should match")
            return
        }
        #expect(context == 1)
        #expect(request == .submit)
        let released = try #require(next)
        #expect(released.frame.message == SessionFixtures.submit("4"))
        #expect(released.frame.sequenceID == 4)
        #expect(released.deadline == t0 + .seconds(11))
        #expect(window.queuedCount == 1)
        #expect(window.inFlightCount == 3)
    }

    @Test("a timer expiry resends the same frame with the same Sequence_Id, then fails after N sends")
    func resendsThenFails() throws {
        var window = makeWindow()
        let send = try #require(sent(window.enqueue(SessionFixtures.submit(), context: 1, now: t0)))
        #expect(window.nextDeadline == t0 + .seconds(10))

        #expect(window.timerFired(now: t0 + .seconds(5)).resends.isEmpty)

        let second = window.timerFired(now: t0 + .seconds(10))
        #expect(second.resends == [send.frame])
        #expect(second.failures.isEmpty)
        #expect(window.nextDeadline == t0 + .seconds(20))

        let third = window.timerFired(now: t0 + .seconds(20))
        #expect(third.resends == [send.frame])
        #expect(window.nextDeadline == t0 + .seconds(30))

        let expiry = window.timerFired(now: t0 + .seconds(30))
        #expect(expiry.resends.isEmpty)
        let failure = try #require(expiry.failures.first)
        #expect(failure.0 == 1)
        #expect(failure.1 == CMPPSessionError(code: .responseTimeout))
        #expect(failure.1.sequenceID == send.frame.sequenceID)
        #expect(failure.1.commandID == .submit)
        #expect(window.inFlightCount == 0)
        #expect(window.nextDeadline == nil)
    }

    @Test("a failure after N sends releases a queued request")
    func failureReleasesQueued() throws {
        var window = Window(capacity: 1, responseTimeout: .seconds(10), maximumSends: 1)
        _ = try #require(sent(window.enqueue(SessionFixtures.submit("a"), context: 1, now: t0)))
        _ = window.enqueue(SessionFixtures.submit("b"), context: 2, now: t0)
        let expiry = window.timerFired(now: t0 + .seconds(10))
        #expect(expiry.failures.map(\.0) == [1])
        #expect(expiry.sends.map(\.frame.message) == [SessionFixtures.submit("b")])
        #expect(expiry.sends.first?.deadline == t0 + .seconds(20))
    }

    @Test("the next deadline is the oldest request in flight")
    func nextDeadlineIsOldest() throws {
        var window = makeWindow()
        let first = try #require(sent(window.enqueue(SessionFixtures.submit(), context: 1, now: t0)))
        _ = window.enqueue(SessionFixtures.submit(), context: 2, now: t0 + .seconds(3))
        #expect(window.nextDeadline == t0 + .seconds(10))
        _ = window.receivedResponse(response(to: first), now: t0 + .seconds(4))
        #expect(window.nextDeadline == t0 + .seconds(13))
    }

    @Test("Sequence_Ids wrap at UInt32.max and skip values whose slot is still in flight")
    func sequenceIDsWrapAndSkipInFlight() throws {
        var window = makeWindow(capacity: 4, first: CMPPSequenceID(rawValue: UInt32.max - 1))
        let a = try #require(sent(window.enqueue(SessionFixtures.submit(), context: 1, now: t0)))
        let b = try #require(sent(window.enqueue(SessionFixtures.submit(), context: 2, now: t0)))
        let c = try #require(sent(window.enqueue(SessionFixtures.submit(), context: 3, now: t0)))
        #expect(a.frame.sequenceID.rawValue == UInt32.max - 1)
        #expect(b.frame.sequenceID.rawValue == UInt32.max)
        #expect(c.frame.sequenceID.rawValue == 0)
        // Free b and c, keep a: the counter goes on and every new value's slot is free.
        _ = window.receivedResponse(response(to: b), now: t0)
        _ = window.receivedResponse(response(to: c), now: t0)
        var seen: Set<UInt32> = [a.frame.sequenceID.rawValue]
        for round in 0..<20 {
            let send = try #require(sent(window.enqueue(SessionFixtures.submit(), context: 10 + round, now: t0)))
            #expect(!seen.contains(send.frame.sequenceID.rawValue) || send.frame.sequenceID != a.frame.sequenceID)
            #expect(send.frame.sequenceID != a.frame.sequenceID)
            seen.insert(send.frame.sequenceID.rawValue)
            _ = window.receivedResponse(response(to: send), now: t0)
        }
        // a is still in flight and still answerable.
        guard case .matched(let context, _, _, _) = window.receivedResponse(response(to: a), now: t0) else {
            Issue.record("a should still be in flight")
            return
        }
        #expect(context == 1)
    }

    @Test("a response to an unknown Sequence_Id or with the wrong Command_Id is ignored, not a crash")
    func strayResponsesAreReported() throws {
        var window = makeWindow()
        let send = try #require(sent(window.enqueue(SessionFixtures.submit(), context: 1, now: t0)))
        let unknown = CMPPFrame(sequenceID: 999, message: SessionFixtures.submitResponse())
        guard case .unknownSequenceID(999) = window.receivedResponse(unknown, now: t0) else {
            Issue.record("expected unknownSequenceID")
            return
        }
        let wrong = CMPPFrame(sequenceID: send.frame.sequenceID, message: SessionFixtures.deliverResponse())
        guard case .unexpectedCommand(_, let expected, let received) = window.receivedResponse(wrong, now: t0) else {
            Issue.record("expected unexpectedCommand")
            return
        }
        #expect(expected == .submitResponse)
        #expect(received == .deliverResponse)
        #expect(window.inFlightCount == 1)
    }

    @Test("link loss returns everything in flight (sent) and queued (not sent), in order")
    func linkLossReportsWasSent() {
        var window = makeWindow(capacity: 2)
        for context in 1...4 {
            _ = window.enqueue(SessionFixtures.submit(), context: context, now: t0)
        }
        let abandoned = window.linkLost()
        #expect(abandoned.map(\.context) == [1, 2, 3, 4])
        #expect(abandoned.map(\.wasSent) == [true, true, false, false])
        #expect(abandoned[2].sequenceID == nil)
        #expect(window.isEmpty)
    }

    @Test("a paused window queues until resumed, then releases up to W")
    func pausedUntilResumed() {
        var window = Window(capacity: 2, responseTimeout: .seconds(10), maximumSends: 3, paused: true)
        for context in 1...3 {
            guard case .queued = window.enqueue(SessionFixtures.submit(), context: context, now: t0) else {
                Issue.record("a paused window sends nothing")
                return
            }
        }
        let sends = window.resume(now: t0 + .seconds(1))
        #expect(sends.map(\.frame.sequenceID) == [1, 2])
        #expect(window.queuedCount == 1)
    }
}
