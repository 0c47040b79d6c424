import FeigeBench
import Foundation
import Logging
import Testing

@Suite("WakeUpProbe")
struct WakeUpProbeTests {
    /// 100 ms or more of 5 ms sleeps: the probe counts them and measures each one's lateness, whatever this
    /// machine's load makes of it (so only the shape of the figures is checked, not their size).
    @Test func measuresHowLateItsSleepsEnded() async throws {
        let began = ContinuousClock.now
        let probe = WakeUpProbe()
        try await Task.sleep(for: .milliseconds(100))
        let stopping = ContinuousClock.now
        let figures = probe.stop()
        let ran = ContinuousClock.now - began
        #expect(ContinuousClock.now - stopping < .seconds(5), "stopping waits for one sleep, not for a run")
        // At most one sleep per interval it ran; at least one in 100 ms, however loaded the machine.
        #expect(figures.wakeUps >= 1)
        #expect(Double(figures.wakeUps) <= ran / WakeUpProbe.interval + 1)
        let lateness = figures.latenessMicros
        #expect(lateness.p50 >= 0 && lateness.p50 <= lateness.p90 && lateness.p90 <= lateness.p99)
        #expect(lateness.p99 <= lateness.p999 && lateness.p999 <= lateness.max)
        #expect(figures.lateWakeUps <= figures.wakeUps)
        #expect((figures.lateWakeUps == 0) == (figures.lateMillis == 0))
        #expect(figures.lateMillis >= Double(figures.lateWakeUps) * 0.5)
    }

    /// The figures of a run with the probe are in its JSON-encoded result, as `wakeUpLateness`.
    @Test func aLoadRunWithTheProbeReportsItsWakeUps() async throws {
        let configuration = BenchConfiguration(workload: .messages(500), store: .memory, probesWakeUps: true)
        let logger = Logger(label: "test.wake-probe", factory: { _ in SwiftLogNoOpLogHandler() })
        let result = try await BenchRunner(configuration: configuration, logger: logger).run()
        #expect(result.messages == 500)
        let figures = try #require(result.wakeUpLateness)
        let object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any]
        )
        let encoded = try #require(object["wakeUpLateness"] as? [String: Any])
        #expect(Set(encoded.keys) == ["wakeUps", "latenessMicros", "lateWakeUps", "lateMillis"])
        #expect(encoded["wakeUps"] as? Int == figures.wakeUps)
        let lateness = try #require(encoded["latenessMicros"] as? [String: Any])
        #expect(Set(lateness.keys) == ["p50", "p90", "p99", "p999", "max"])
    }
}
