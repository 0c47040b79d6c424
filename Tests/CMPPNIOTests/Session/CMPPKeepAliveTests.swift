import CMPPCore
import NIOCore
import Testing

@testable import CMPPNIO

@Suite("CMPPKeepAlive")
struct CMPPKeepAliveTests {
    let t0 = SessionFixtures.t0

    private func makeKeepAlive() -> CMPPKeepAlive {
        CMPPKeepAlive(idleInterval: .seconds(60), responseTimeout: .seconds(10), maximumSends: 3, now: t0)
    }

    @Test("ACTIVE_TEST after C idle, resent every T with the same Sequence_Id, link dead after N")
    func probesThenDeclaresDead() {
        var keepAlive = makeKeepAlive()
        var next: UInt32 = 100
        let allocate = {
            next += 1
            return CMPPSequenceID(rawValue: next)
        }
        #expect(keepAlive.nextDeadline == t0 + .seconds(60))
        #expect(keepAlive.timerFired(now: t0 + .seconds(59), allocate: allocate) == .none)
        #expect(keepAlive.timerFired(now: t0 + .seconds(60), allocate: allocate) == .sendProbe(101, attempt: 1))
        #expect(keepAlive.nextDeadline == t0 + .seconds(70))
        #expect(keepAlive.timerFired(now: t0 + .seconds(65), allocate: allocate) == .none)
        #expect(keepAlive.timerFired(now: t0 + .seconds(70), allocate: allocate) == .sendProbe(101, attempt: 2))
        #expect(keepAlive.timerFired(now: t0 + .seconds(80), allocate: allocate) == .sendProbe(101, attempt: 3))
        #expect(keepAlive.timerFired(now: t0 + .seconds(90), allocate: allocate) == .linkDead(sends: 3))
    }

    @Test("any received frame counts as life and settles a probe")
    func receivedFrameResetsIdleness() {
        var keepAlive = makeKeepAlive()
        var next: UInt32 = 0
        let allocate = {
            next += 1
            return CMPPSequenceID(rawValue: next)
        }
        keepAlive.received(at: t0 + .seconds(50))
        #expect(keepAlive.timerFired(now: t0 + .seconds(60), allocate: allocate) == .none)
        #expect(keepAlive.nextDeadline == t0 + .seconds(110))
        #expect(keepAlive.timerFired(now: t0 + .seconds(110), allocate: allocate) == .sendProbe(1, attempt: 1))
        #expect(keepAlive.isProbing)
        keepAlive.received(at: t0 + .seconds(112))
        #expect(!keepAlive.isProbing)
        #expect(keepAlive.nextDeadline == t0 + .seconds(172))
        #expect(keepAlive.timerFired(now: t0 + .seconds(172), allocate: allocate) == .sendProbe(2, attempt: 1))
    }
}
