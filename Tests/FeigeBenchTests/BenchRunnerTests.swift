import CMPPCore
@testable import FeigeBench
import FeigeGateway
import Logging
import NIOCore
import Testing

@Suite("BenchRunner")
struct BenchRunnerTests {
    let logger = Logger(label: "test.bench", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test func aSmallEmbeddedRunAnswersEverySubmit() async throws {
        let configuration = BenchConfiguration(links: 2, window: 8, workload: .messages(2000), store: .memory)
        let result = try await BenchRunner(configuration: configuration, logger: logger).run()
        #expect(result.messages == 2000)
        #expect(result.errors == 0 && result.rejected == 0 && result.firstError == nil)
        #expect(result.submitsPerSecond > 0 && result.seconds > 0)
        #expect(result.links == 2 && result.window == 8 && result.callers == 16)
        #expect(result.store == "memory" && result.target == "embedded")
        let latency = result.latencyMicros
        #expect(latency.p50 > 0 && latency.p50 <= latency.p90 && latency.p90 <= latency.p99)
        #expect(latency.p99 <= latency.p999 && latency.p999 <= latency.max)
        #expect(result.reportsPerSecond == 0 && result.reports == 0)
        #expect(result.storeCommits == nil, "the memory store has no commits to time")
        #if os(Linux)
        #expect(result.cpuSecondsGateway != nil && result.cpuSecondsOtherThreads != nil)
        #expect(result.peakRSSBytes != nil)
        #endif
    }

    @Test func aDurableRunTimesTheStoresCommits() async throws {
        let configuration = BenchConfiguration(window: 16, workload: .messages(500), store: .durable)
        let result = try await BenchRunner(configuration: configuration, logger: logger).run()
        #expect(result.messages == 500 && result.store == "durable")
        let commits = try #require(result.storeCommits)
        // Every SUBMIT waited for a durable commit; under load several share one.
        #expect(commits.commits >= 1 && commits.commits <= 500)
        #expect(commits.meanCommitMicros > 0)
        #expect(commits.slowCommits <= commits.commits)
        #expect(commits.slowCommitMillis >= Double(commits.slowCommits))
        #expect(commits.slowCommitPercent >= 0 && commits.slowCommitPercent <= 100)
    }

    @Test func storeCommitFiguresAreTheDifferenceOfTwoReadings() {
        var start = SQLiteGatewayStore.CommitStatistics()
        start.durableCommits = 100
        start.durableCommitTime = .milliseconds(20)
        start.slowCommits = 1
        start.slowCommitTime = .milliseconds(3)
        var end = start
        end.durableCommits = 1100
        end.durableCommitTime = .milliseconds(270)
        end.slowCommits = 5
        end.slowCommitTime = .milliseconds(13)
        let figures = StoreCommitFigures.between(start, end, seconds: 2)
        #expect(figures.commits == 1000)
        #expect(figures.meanCommitMicros == 250)
        #expect(figures.slowCommits == 4)
        #expect(figures.slowCommitMillis == 10)
        #expect(figures.slowCommitPercent == 0.5)
        let idle = StoreCommitFigures.between(start, start, seconds: 0)
        #expect(idle.commits == 0 && idle.meanCommitMicros == 0 && idle.slowCommitPercent == 0)
    }

    @Test func waitsForEveryStatusReport() async throws {
        let configuration = BenchConfiguration(
            window: 16,
            workload: .messages(200),
            waitsForReports: true,
            reportTimeout: .seconds(10),
            reportDelay: .milliseconds(20),
            store: .memory
        )
        let result = try await BenchRunner(configuration: configuration, logger: logger).run()
        #expect(result.messages == 200)
        #expect(result.reports == 200 && result.missingReports == 0)
        #expect(result.reportsPerSecond > 0)
    }

    @Test func aPacedRunOffersTheRateAndNoMore() async throws {
        // 300 SUBMITs at 1500/s are due over 0.2 s, whatever the machine could do.
        let configuration = BenchConfiguration(links: 1, window: 4, workload: .messages(300), store: .memory, rate: 1500)
        let result = try await BenchRunner(configuration: configuration, logger: logger).run()
        #expect(result.messages == 300 && result.errors == 0)
        #expect(result.rate == 1500)
        #expect(result.seconds >= 0.19)
        #expect(result.submitsPerSecond <= 1600)
    }

    @Test func aWarmUpIsSentButNotCounted() async throws {
        // 0.1 s of warm-up at 2000/s sends ~200 SUBMITs and waits for their reports; then 100 are measured.
        let configuration = BenchConfiguration(
            links: 1,
            window: 4,
            workload: .messages(100),
            waitsForReports: true,
            reportTimeout: .seconds(10),
            reportDelay: .milliseconds(5),
            store: .memory,
            rate: 2000,
            warmup: .milliseconds(100)
        )
        let result = try await BenchRunner(configuration: configuration, logger: logger).run()
        #expect(result.messages == 100 && result.errors == 0)
        #expect(result.reports == 100 && result.missingReports == 0)
        #expect(result.warmupSeconds == 0.1)
        // The 100 measured SUBMITs are due over 50 ms from the measurement's own start.
        #expect(result.seconds >= 0.045 && result.seconds < 5)
    }

    @Test func pacedCallersTakeTurns() {
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        let first = BenchRunner.Pacing(start: start, caller: 0, callers: 4, schedule: SubmitSchedule(rate: 1000))
        let third = BenchRunner.Pacing(start: start, caller: 2, callers: 4, schedule: SubmitSchedule(rate: 1000))
        // 1 ms between SUBMITs in all: caller 2 goes 2 ms after the start, then every 4 ms.
        #expect(first.due(0) == start && first.due(1) == start + .milliseconds(4))
        #expect(third.due(0) == start + .milliseconds(2) && third.due(3) == start + .milliseconds(14))
    }

    @Test func pacedCallersWithATickGoTogetherAtItsEnd() {
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        let schedule = SubmitSchedule(rate: 1000, tick: .milliseconds(5))
        let callers = (0..<4).map { BenchRunner.Pacing(start: start, caller: $0, callers: 4, schedule: schedule) }
        // The run's SUBMITs 1…5 (callers 1, 2, 3, then 0 and 1 again) all go at the first tick's end.
        #expect(callers[0].due(0) == start)
        #expect(callers[1...3].allSatisfy { $0.due(0) == start + .milliseconds(5) })
        #expect(callers[0].due(1) == start + .milliseconds(5) && callers[1].due(1) == start + .milliseconds(5))
        #expect(callers[2].due(1) == start + .milliseconds(10))
    }

    @Test func aRunWithATickOffersTheRateAndSaysSo() async throws {
        let configuration = BenchConfiguration(
            workload: .messages(200),
            store: .memory,
            rate: 2000,
            tick: .milliseconds(10)
        )
        let result = try await BenchRunner(configuration: configuration, logger: logger).run()
        #expect(result.messages == 200 && result.errors == 0)
        #expect(result.rate == 2000 && result.tickMicros == 10_000)
        // 200 SUBMITs due over 100 ms, the last at the end of the tenth tick.
        #expect(result.seconds >= 0.09 && result.seconds < 5)
    }

    @Test func aRefusedLoginNamesTheStatus() async throws {
        let configuration = BenchConfiguration(secret: "wrong", workload: .messages(10), store: .memory)
        await #expect {
            _ = try await BenchRunner(configuration: configuration, logger: logger).run()
        } throws: { error in
            guard case BenchError.loginRefused(_, let status) = error else { return false }
            return status == .authenticationError
                && "\(error)" == "the embedded gateway refused the login: Status 3 (authentication error)"
        }
    }

    @Test func aBadConfigurationFailsBeforeAnythingStarts() async throws {
        await #expect(throws: BenchConfigurationError.self) {
            _ = try await BenchRunner(configuration: BenchConfiguration(links: 0), logger: logger).run()
        }
    }
}
