import CMPPCore
import FeigeBench
import Testing

@Suite("BenchConfiguration")
struct BenchConfigurationTests {
    @Test func theDefaultsAreValid() throws {
        let configuration = try BenchConfiguration().validated()
        #expect(configuration.effectiveStore == .durable)
        #expect(configuration.effectiveCallers == 16)
        #expect(try BenchConfiguration(links: 4, window: 16).validated().effectiveCallers == 64)
        #expect(try BenchConfiguration(target: .remote(host: "h", port: 1)).validated().effectiveStore == nil)
    }

    @Test func aPacedRunHasAScheduleWithItsTick() throws {
        #expect(try BenchConfiguration().validated().schedule == nil)
        #expect(try BenchConfiguration(rate: 500).validated().schedule == SubmitSchedule(rate: 500))
        let ticked = try BenchConfiguration(rate: 500, tick: .milliseconds(2)).validated()
        #expect(ticked.schedule == SubmitSchedule(rate: 500, tick: .milliseconds(2)))
    }

    @Test(arguments: [
        (BenchConfiguration(links: 0), BenchConfigurationError.tooSmall(option: "--links", value: 0, minimum: 1)),
        (BenchConfiguration(links: 1025), .tooLarge(option: "--links", value: 1025, maximum: 1024)),
        (BenchConfiguration(window: 0), .tooSmall(option: "--window", value: 0, minimum: 1)),
        (BenchConfiguration(window: 2000), .tooLarge(option: "--window", value: 2000, maximum: 1024)),
        (BenchConfiguration(callers: 0), .tooSmall(option: "--callers", value: 0, minimum: 1)),
        (BenchConfiguration(workload: .messages(0)), .tooSmall(option: "--messages", value: 0, minimum: 1)),
        (BenchConfiguration(workload: .duration(.zero)), .notPositive(option: "--seconds")),
        (BenchConfiguration(reportTimeout: .zero), .notPositive(option: "--report-timeout")),
        (BenchConfiguration(reportDelay: .milliseconds(-1)), .negative(option: "--report-delay-ms")),
        (BenchConfiguration(warmup: .milliseconds(-1)), .negative(option: "--warmup")),
        (BenchConfiguration(target: .remote(host: "h", port: 1), store: .memory), .storeNeedsEmbeddedTarget),
        (BenchConfiguration(size: 0), .tooSmall(option: "--size", value: 0, minimum: 1)),
        (BenchConfiguration(size: 160), .tooLarge(option: "--size", value: 160, maximum: 159)),
        (BenchConfiguration(size: 142, encoding: .ucs2), .tooLarge(option: "--size", value: 142, maximum: 140)),
        (BenchConfiguration(size: 71, encoding: .ucs2), .oddUCS2Size(71)),
        (BenchConfiguration(encoding: .gb18030), .unsupportedEncoding("gb18030")),
        (BenchConfiguration(tick: .milliseconds(1)), .needsRate(option: "--tick-us")),
        (BenchConfiguration(rate: 10, tick: .zero), .tooSmall(option: "--tick-us", value: 0, minimum: 1)),
        (
            BenchConfiguration(rate: 10, tick: .seconds(2)),
            .tooLarge(option: "--tick-us", value: 2_000_000, maximum: 1_000_000)
        ),
    ])
    func refusesWhatCannotRun(_ configuration: BenchConfiguration, _ error: BenchConfigurationError) {
        #expect(throws: error) { try configuration.validated() }
        #expect(!error.description.isEmpty)
    }
}
