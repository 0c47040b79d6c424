import FeigeBench
import Testing

@Suite("SubmitSchedule")
struct SubmitScheduleTests {
    @Test func withoutATickEachSubmitHasItsOwnTime() {
        let schedule = SubmitSchedule(rate: 3000)
        // A third of a millisecond apart, rounded down to the nanosecond.
        #expect((0...3).map { schedule.nanosecondsAfterStart($0) } == [0, 333_333, 666_666, 1_000_000])
        // Ten billion SUBMITs in (some 39 days at 3000/s): past where index × 10⁹ fits in 64 bits.
        #expect(schedule.nanosecondsAfterStart(10_000_000_000) == 3_333_333_333_333_333)
    }

    @Test func withATickTheSubmitsDueWithinItGoTogetherAtItsEnd() {
        // 14 000/s in 1 ms ticks: 14 a tick, the first one at the start (due at 0, a tick boundary).
        let schedule = SubmitSchedule(rate: 14_000, tick: .milliseconds(1))
        let times = (0..<30).map { schedule.nanosecondsAfterStart($0) }
        #expect(times[0] == 0)
        #expect(times[1...14].allSatisfy { $0 == 1_000_000 })
        #expect(times[15...28].allSatisfy { $0 == 2_000_000 })
        #expect(times[29] == 3_000_000)
        // The rate over a whole second is the rate offered.
        #expect(schedule.nanosecondsAfterStart(14_000) == 1_000_000_000)
        #expect(schedule.nanosecondsAfterStart(13_999) == 1_000_000_000)
    }

    @Test func aTickShorterThanTheGapChangesNothingButRoundsUp() {
        // 1 000/s in 300 µs ticks: 1 ms apart, each rounded up to a multiple of 300 µs.
        let schedule = SubmitSchedule(rate: 1000, tick: .microseconds(300))
        #expect((0...3).map { schedule.nanosecondsAfterStart($0) } == [0, 1_200_000, 2_100_000, 3_000_000])
    }
}
