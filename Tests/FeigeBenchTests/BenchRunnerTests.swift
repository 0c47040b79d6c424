import CMPPCore
import FeigeBench
import Logging
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
        #if os(Linux)
        #expect(result.cpuSecondsGateway != nil && result.cpuSecondsOtherThreads != nil)
        #expect(result.peakRSSBytes != nil)
        #endif
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
