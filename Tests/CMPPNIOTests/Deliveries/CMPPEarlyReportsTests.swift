import CMPPCore
import Testing

@testable import CMPPNIO

@Suite("CMPPEarlyReports")
struct CMPPEarlyReportsTests {
    typealias Reports = CMPPEarlyReports<ContinuousClock.Instant, String>
    let start = ContinuousClock.now

    @Test func aReportIsReleasedWhenItsPartComes() {
        var reports = Reports()
        reports.hold("a1", for: 1, until: start + .milliseconds(500))
        reports.hold("b", for: 2, until: start + .milliseconds(500))
        reports.hold("a2", for: 1, until: start + .milliseconds(600))
        #expect(reports.count == 3)
        #expect(reports.release(1) == ["a1", "a2"])
        #expect(reports.release(1).isEmpty)
        #expect(reports.count == 1 && !reports.isEmpty)
    }

    @Test func reportsPastTheirDeadlineGoInTheOrderTheyCame() {
        var reports = Reports()
        reports.hold("first", for: 7, until: start + .milliseconds(100))
        reports.hold("second", for: 8, until: start + .milliseconds(200))
        reports.hold("third", for: 9, until: start + .milliseconds(300))
        #expect(reports.releaseExpired(at: start + .milliseconds(99)).isEmpty)
        let expired = reports.releaseExpired(at: start + .milliseconds(200))
        #expect(expired.map(\.report) == ["first", "second"])
        #expect(expired.map(\.messageID) == [7, 8])
        #expect(reports.count == 1)
    }

    @Test func aReportAlreadyMatchedIsNotReleasedAgainAtItsDeadline() {
        var reports = Reports()
        reports.hold("x", for: 3, until: start + .milliseconds(100))
        #expect(reports.release(3) == ["x"])
        #expect(reports.releaseExpired(at: start + .seconds(1)).isEmpty)
        #expect(reports.isEmpty)
    }

    @Test func releasingAllEmptiesIt() {
        var reports = Reports()
        reports.hold("p", for: 5, until: start + .seconds(1))
        reports.hold("q", for: 6, until: start + .seconds(1))
        #expect(reports.releaseAll().map(\.report) == ["p", "q"])
        #expect(reports.isEmpty && reports.releaseAll().isEmpty)
    }
}
