import CMPPCore
import CMPPNIO
import Testing

@Suite("CMPPReportTracker")
struct CMPPReportTrackerTests {
    let start = ContinuousClock.now

    func part(_ id: UInt64, number: Int = 1) -> CMPPSubmittedPart {
        CMPPSubmittedPart(
            messageID: CMPPMessageID(rawValue: id),
            reference: 7,
            partNumber: number,
            partTotal: 2,
            destinations: ["13800138000"]
        )
    }

    @Test func matchesByMessageIDAndKeepsTheEntryForFurtherReports() {
        var tracker = CMPPReportTracker<ContinuousClock.Instant>(horizon: .seconds(48 * 3600), capacity: 10)
        tracker.record(part(1), at: start)
        tracker.record(part(2, number: 2), at: start)
        #expect(tracker.match(2, at: start)?.partNumber == 2)
        #expect(tracker.match(2, at: start + .seconds(5))?.partNumber == 2)
        #expect(tracker.match(3, at: start) == nil)
    }

    @Test func forgetsPastTheHorizon() {
        var tracker = CMPPReportTracker<ContinuousClock.Instant>(horizon: .seconds(48 * 3600), capacity: 10)
        tracker.record(part(1), at: start)
        tracker.record(part(2), at: start + .seconds(3600))
        #expect(tracker.match(1, at: start + .seconds(48 * 3600 - 1)) != nil)
        #expect(tracker.match(1, at: start + .seconds(48 * 3600)) == nil)
        #expect(tracker.match(2, at: start + .seconds(48 * 3600)) != nil)
        #expect(tracker.count == 1)
    }

    @Test func forgetsTheOldestBeyondCapacity() {
        var tracker = CMPPReportTracker<ContinuousClock.Instant>(horizon: .seconds(60), capacity: 2)
        tracker.record(part(1), at: start)
        tracker.record(part(2), at: start)
        tracker.record(part(3), at: start)
        #expect(tracker.count == 2)
        #expect(tracker.match(1, at: start) == nil)
        #expect(tracker.match(3, at: start) != nil)
    }

    @Test func aRecordedAgainIDLivesFromItsLatestRecording() {
        var tracker = CMPPReportTracker<ContinuousClock.Instant>(horizon: .seconds(60), capacity: 10)
        tracker.record(part(1), at: start)
        tracker.record(part(1, number: 2), at: start + .seconds(50))
        #expect(tracker.match(1, at: start + .seconds(70))?.partNumber == 2)
        #expect(tracker.match(1, at: start + .seconds(110)) == nil)
    }
}
