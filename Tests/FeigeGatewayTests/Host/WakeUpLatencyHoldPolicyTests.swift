import Testing

@testable import FeigeGateway

/// The policy holds from a check that finds at least the busy rate of SUBMITs until the rate has stayed below
/// it for the release time; a trickle never holds.
@Suite("WakeUpLatencyHoldPolicy")
struct WakeUpLatencyHoldPolicyTests {
    /// The decisions of a policy (busy from 100 a second, released after 2 s) started at 0 ms with no SUBMITs,
    /// for each reading: milliseconds since the start, and the count of SUBMITs received by then.
    private func decisions(_ readings: [(milliseconds: Int, submits: Int)]) -> [Bool] {
        let start = ContinuousClock.now
        var policy = WakeUpLatencyHoldPolicy(
            submits: 0,
            at: start,
            busySubmitsPerSecond: 100,
            releaseAfter: .seconds(2)
        )
        return readings.map { policy.shouldHold(submits: $0.submits, at: start + .milliseconds($0.milliseconds)) }
    }

    @Test func aQuietGatewayDoesNotHold() {
        #expect(decisions([(250, 0), (500, 0)]) == [false, false])
    }

    @Test func theBusyRateHoldsAndATrickleDoesNot() {
        // 24 in 250 ms is 96 a second, below 100; 25 is 100 a second.
        #expect(decisions([(250, 24), (500, 48)]) == [false, false])
        #expect(decisions([(250, 25)]) == [true])
    }

    @Test func theRequestHoldsUntilTheGatewayHasBeenQuietForTheReleaseTime() {
        #expect(
            decisions([(250, 10_000), (1250, 10_000), (2249, 10_000), (2250, 10_000), (4000, 10_000)])
                == [true, true, true, false, false]
        )
    }

    @Test func aBurstBeforeTheReleaseKeepsTheRequest() {
        #expect(
            decisions([(250, 1000), (2000, 1000), (2100, 2000), (4000, 2000), (4100, 2000)])
                == [true, true, true, true, false]
        )
    }

    @Test func twoReadingsAtTheSameInstantDecideNothingNew() {
        #expect(decisions([(250, 0), (250, 1000)]) == [false, false])
    }
}
