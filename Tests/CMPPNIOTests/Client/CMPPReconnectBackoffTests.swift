import CMPPNIO
import NIOCore
import Testing

@Suite("CMPPReconnectBackoff")
struct CMPPReconnectBackoffTests {
    @Test func doublesFromOneSecondUpToSixty() {
        let backoff = CMPPReconnectBackoff()
        let seconds = (1...9).map { backoff.nominalDelay(attempt: $0) }
        #expect(seconds == [1, 2, 4, 8, 16, 32, 60, 60, 60].map { TimeAmount.seconds($0) })
    }

    @Test func jitterStaysWithinTwentyPercent() {
        let backoff = CMPPReconnectBackoff()
        #expect(backoff.delay(attempt: 3, jitterUnit: 0) == .milliseconds(3200))
        #expect(backoff.delay(attempt: 3, jitterUnit: 0.5) == .seconds(4))
        #expect(backoff.delay(attempt: 3, jitterUnit: 1) == .milliseconds(4800))
        #expect(backoff.delay(attempt: 20, jitterUnit: 1) == .seconds(72))
        for _ in 0..<100 {
            let delay = backoff.delay(attempt: 2)
            #expect(delay >= .milliseconds(1600) && delay <= .milliseconds(2400))
        }
    }

    @Test func hugeAttemptsAndOddSettingsStayBounded() {
        let backoff = CMPPReconnectBackoff(
            initial: .milliseconds(500),
            maximum: .seconds(10),
            multiplier: 0.5,
            jitter: 3
        )
        #expect(backoff.multiplier == 1)
        #expect(backoff.jitter == 1)
        #expect(backoff.nominalDelay(attempt: 5) == .milliseconds(500))
        #expect(CMPPReconnectBackoff().nominalDelay(attempt: 100_000) == .seconds(60))
        #expect(CMPPReconnectBackoff().nominalDelay(attempt: 0) == .seconds(1))
    }
}
