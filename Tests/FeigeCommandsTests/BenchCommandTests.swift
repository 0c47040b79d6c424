import ArgumentParser
import CMPPCore
import FeigeBench
import FeigeCommands
import Foundation
import Logging
import Testing

@Suite("feige bench")
struct BenchCommandTests {
    @Test func parsesEveryOption() throws {
        let command = try BenchCommand.parse([
            "--target", "127.0.0.1:7890", "--sp-id", "901234", "--links", "4", "--window", "32", "--callers", "256",
            "--seconds", "2.5", "--size", "140", "--encoding", "ucs2", "--report", "--report-timeout", "5",
            "--src-id", "10657", "--to", "13900000000", "--json", "--report-delay-ms", "50", "--warmup", "1.5",
            "--wake-probe", "--cpu-wakeup-latency-us", "20", "--rate", "5000", "--tick-us", "250",
        ])
        let configuration = try command.benchConfiguration(environment: ["FEIGE_SECRET": "from-env"])
        #expect(configuration.target == .remote(host: "127.0.0.1", port: 7890))
        #expect(configuration.spID == "901234" && configuration.secret == "from-env")
        #expect(configuration.links == 4 && configuration.window == 32 && configuration.effectiveCallers == 256)
        #expect(configuration.workload == .duration(.milliseconds(2500)))
        #expect(configuration.size == 140 && configuration.encoding == .ucs2)
        #expect(configuration.waitsForReports && configuration.reportTimeout == .seconds(5))
        #expect(configuration.sourceID == "10657" && configuration.destination == "13900000000")
        #expect(configuration.effectiveStore == nil && configuration.reportDelay == .milliseconds(50))
        #expect(configuration.warmup == .milliseconds(1500))
        #expect(configuration.probesWakeUps)
        #expect(configuration.cpuWakeUpLatencyLimit == .microseconds(20))
        #expect(configuration.schedule == SubmitSchedule(rate: 5000, tick: .microseconds(250)))
        #expect(command.json)
    }

    @Test func aCPUWakeUpLatencyBeyondTheKernelsRangeIsRefusedWithTheValueGiven() throws {
        for microseconds in [2_147_483_648, Int.max] {
            let command = try BenchCommand.parse(["--cpu-wakeup-latency-us", "0"])
            var configuration = try command.benchConfiguration(environment: [:])
            configuration.cpuWakeUpLatencyLimit = .microseconds(microseconds)
            let refusal = BenchConfigurationError.tooLarge(
                option: "--cpu-wakeup-latency-us",
                value: microseconds,
                maximum: 2_147_483_647
            )
            #expect(throws: refusal) { try configuration.validated() }
        }
        var negative = try BenchCommand.parse([]).benchConfiguration(environment: [:])
        negative.cpuWakeUpLatencyLimit = .microseconds(-1)
        #expect(throws: BenchConfigurationError.negative(option: "--cpu-wakeup-latency-us")) {
            try negative.validated()
        }
    }

    @Test func diskFlushSummaryGivesBothPatternsAndTheCeiling() throws {
        let result = Self.diskFlushResult()
        let text = BenchCommand.textOutput(result, links: 4, window: 16).lines.joined(separator: "\n")
        #expect(text.contains("10 × write 4096 octets + fdatasync in /data"))
        #expect(text.contains("append    µs  p50 200.0"))
        #expect(text.contains("overwrite µs  p50 100.0"))
        // 64 answers per 100 µs flush.
        #expect(text.contains("ceiling      640000 submits/s for 4 links of window 16"))
        let object = try Self.jsonObject(result)
        #expect(object["directory"] as? String == "/data" && object["flushes"] as? Int == 10)
        #expect((object["overwriteMicros"] as? [String: Any])?["p50"] as? Double == 100)
        #expect(object["groupCommitFloor"] == nil && !text.contains("group commit"))
    }

    @Test func diskFlushWithARateAddsTheGroupCommitFloor() throws {
        let command = try BenchCommand.parse([
            "--disk-flush", "/data", "--rate", "10000", "--seconds", "2", "--links", "2",
            "--cpu-wakeup-latency-us", "0",
        ])
        #expect(command.diskFlush == "/data" && command.rate == 10000 && command.seconds == 2)
        #expect(command.cpuWakeUpLatencyMicroseconds == 0)
        let result = Self.diskFlushResult(
            floor: GroupCommitFloorResult(
                rate: 10000,
                outstanding: 32,
                messages: 20000,
                flushes: 8000,
                blockSize: 8192,
                latencyMicros: LatencyPercentiles(p50: 250, p90: 350, p99: 600, p999: 2000, max: 4000),
                flushMicros: LatencyPercentiles(p50: 150, p90: 200, p99: 300, p999: 1000, max: 3900)
            )
        )
        let text = BenchCommand.textOutput(result, links: 2, window: 16).lines.joined(separator: "\n")
        #expect(text.contains("group commit at 10000/s, 32 outstanding, no CPU: 20000 answered in 8000 flushes"))
        #expect(text.contains("floor     µs  p50 250.0  p90 350.0  p99 600.0  p99.9 2000.0  max 4000.0"))
        let floor = try #require(try Self.jsonObject(result)["groupCommitFloor"] as? [String: Any])
        #expect(floor["outstanding"] as? Int == 32 && floor["flushes"] as? Int == 8000)
        #expect((floor["latencyMicros"] as? [String: Any])?["p99"] as? Double == 600)
    }

    @Test func theGroupCommitModelSaysWhatCPUItSpent() throws {
        let command = try BenchCommand.parse([
            "--disk-flush", "/data", "--rate", "10000", "--commit-cpu-us", "150", "--message-cpu-us", "20",
        ])
        #expect(command.commitCPUMicroseconds == 150 && command.messageCPUMicroseconds == 20)
        let result = Self.diskFlushResult(
            floor: GroupCommitFloorResult(
                rate: 10000,
                outstanding: 16,
                messages: 80000,
                flushes: 20000,
                blockSize: 8192,
                commitCPUMicros: 150,
                messageCPUMicros: 20,
                latencyMicros: LatencyPercentiles(p50: 600, p90: 780, p99: 1000, p999: 1700, max: 3000),
                flushMicros: LatencyPercentiles(p50: 150, p90: 200, p99: 300, p999: 1000, max: 2900)
            )
        )
        let text = BenchCommand.textOutput(result, links: 1, window: 16).lines.joined(separator: "\n")
        #expect(text.contains("16 outstanding, CPU 150 µs per flush + 20 µs per message: 80000 answered in 20000"))
        let floor = try #require(try Self.jsonObject(result)["groupCommitFloor"] as? [String: Any])
        #expect(floor["commitCPUMicros"] as? Double == 150 && floor["messageCPUMicros"] as? Double == 20)
        #expect(floor["tickMicros"] is NSNull, "each message at its own time")
    }

    @Test func theGroupCommitModelTakesTheTick() throws {
        let command = try BenchCommand.parse(["--disk-flush", "/data", "--rate", "14000", "--tick-us", "1000"])
        #expect(try command.benchConfiguration(environment: [:]).tick == .milliseconds(1))
        var floor = GroupCommitFloorResult(
            rate: 14000,
            tickMicros: 1000,
            outstanding: 16,
            messages: 70000,
            flushes: 5000,
            blockSize: 8192,
            latencyMicros: LatencyPercentiles(p50: 600, p90: 780, p99: 1000, p999: 1700, max: 3000),
            flushMicros: LatencyPercentiles(p50: 150, p90: 200, p99: 300, p999: 1000, max: 2900)
        )
        var result = Self.diskFlushResult(floor: floor)
        let text = BenchCommand.textOutput(result, links: 1, window: 16).lines.joined(separator: "\n")
        #expect(text.contains("group commit at 14000/s in bursts every 1000 µs, 16 outstanding, no CPU"))
        let object = try #require(try Self.jsonObject(result)["groupCommitFloor"] as? [String: Any])
        #expect(object["tickMicros"] as? Int == 1000)
        floor.tickMicros = nil
        result.groupCommitFloor = floor
        let lines = BenchCommand.textOutput(result, links: 1, window: 16).lines
        #expect(lines.contains { $0.hasPrefix("group commit at 14000/s, 16") })
    }

    @Test func defaultsToTheEmbeddedGatewayAndTheDemoAccount() throws {
        let command = try BenchCommand.parse([])
        let configuration = try command.benchConfiguration(environment: [:])
        #expect(configuration.target == .embedded && configuration.effectiveStore == .durable)
        #expect(configuration.spID == "900001" && configuration.secret == "888888")
        #expect(configuration.links == 1 && configuration.window == 16)
        #expect(configuration.workload == .messages(BenchCommand.defaultMessages))
        #expect(configuration.warmup == .zero)
        #expect(try BenchCommand.parse(["--secret", "s"]).resolvedSecret(environment: ["FEIGE_SECRET": "e"]) == "s")
    }

    @Test(arguments: [
        ["--target", "nowhere"],
        ["--target", "127.0.0.1:7890", "--store", "memory"],
        ["--store", "paper"],
        ["--links", "0"],
        ["--window", "0"],
        ["--messages", "0"],
        ["--messages", "10", "--seconds", "1"],
        ["--seconds", "-1"],
        ["--size", "0"],
        ["--size", "71", "--encoding", "ucs2"],
        ["--encoding", "gb18030"],
        ["--idle-links", "0"],
        ["--idle-links", "10", "--messages", "5"],
        ["--report-timeout", "0"],
        ["--report-delay-ms", "-5"],
        ["--disk-flush", "/tmp", "--messages", "5"],
        ["--disk-flush", "/tmp", "--rate", "0"],
        ["--rate", "0"],
        ["--idle-links", "10", "--rate", "100"],
        ["--disk-flush", "/tmp", "--idle-links", "5"],
        ["--warmup", "-1"],
        ["--warmup", "nan"],
        ["--idle-links", "10", "--warmup", "1"],
        ["--disk-flush", "/tmp", "--warmup", "1"],
        ["--idle-links", "10", "--wake-probe"],
        ["--disk-flush", "/tmp", "--wake-probe"],
        ["--cpu-wakeup-latency-us", "-1"],
        ["--cpu-wakeup-latency-us", "2147483648"],
        ["--idle-links", "10", "--cpu-wakeup-latency-us", "0"],
        ["--disk-flush", "/tmp", "--seconds", "1"],
        ["--disk-flush", "/tmp", "--commit-cpu-us", "100"],
        ["--rate", "1000", "--message-cpu-us", "10"],
        ["--disk-flush", "/tmp", "--rate", "1000", "--commit-cpu-us", "-1"],
        ["--disk-flush", "/tmp", "--rate", "1000", "--message-cpu-us", "1000001"],
        ["--tick-us", "1000"],
        ["--rate", "1000", "--tick-us", "0"],
        ["--rate", "1000", "--tick-us", "1000001"],
        ["--disk-flush", "/tmp", "--tick-us", "1000"],
        ["--idle-links", "10", "--tick-us", "1000"],
    ])
    func refusesBadArguments(_ arguments: [String]) {
        #expect(throws: (any Error).self) { try BenchCommand.parse(arguments) }
        #expect(BenchCommand.exitCode(for: BenchCommandTests.parseError(arguments)) != .success)
    }

    /// A disk-flush result of 10 flushes of 4096 octets in /data, with `floor` as its group-commit model.
    static func diskFlushResult(floor: GroupCommitFloorResult? = nil) -> DiskFlushResult {
        DiskFlushResult(
            directory: "/data",
            flushes: 10,
            blockSize: 4096,
            appendMicros: LatencyPercentiles(p50: 200, p90: 250, p99: 300, p999: 400, max: 500),
            overwriteMicros: LatencyPercentiles(p50: 100, p90: 120, p99: 150, p999: 160, max: 170),
            groupCommitFloor: floor
        )
    }

    /// The object `--json` prints for a disk-flush result.
    static func jsonObject(_ result: DiskFlushResult) throws -> [String: Any] {
        let json = try #require(BenchCommand.jsonOutput(result).lines.first)
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    static func parseError(_ arguments: [String]) -> any Error {
        do {
            _ = try BenchCommand.parse(arguments)
            return CancellationError()
        } catch {
            return error
        }
    }

    @Test func aBadArgumentIsExplainedPlainly() {
        let message = BenchCommand.message(for: Self.parseError(["--target", "127.0.0.1:7890", "--store", "memory"]))
        #expect(message.contains("--store only applies to the embedded gateway"))
    }

    @Test func theJSONObjectOfATinyEmbeddedRunHasEveryKey() async throws {
        let configuration = try BenchCommand.parse(["--messages", "2000", "--store", "memory", "--json"])
            .benchConfiguration(environment: [:])
        let logger = Logger(label: "test.bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let result = try await BenchRunner(configuration: configuration, logger: logger).run()
        let output = BenchCommand.jsonOutput(result)
        #expect(output.exitCode == 0 && output.lines.count == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(output.lines[0].utf8)) as? [String: Any]
        )
        for key in [
            "submitsPerSecond", "reportsPerSecond", "latencyMicros", "messages", "seconds", "links", "window", "store",
            "cpuSecondsClient", "cpuSecondsGateway", "peakRSSBytes", "target", "errors", "warmupSeconds",
            "storeCommits", "wakeUpLateness", "cpuWakeUpLatencyMicros", "rate", "tickMicros",
        ] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["storeCommits"] is NSNull, "a memory store has no commits")
        #expect(object["wakeUpLateness"] is NSNull, "no --wake-probe, no probe")
        #expect(object["cpuWakeUpLatencyMicros"] is NSNull, "no --cpu-wakeup-latency-us, no request")
        #expect(object["rate"] is NSNull && object["tickMicros"] is NSNull, "unpaced")
        let latency = try #require(object["latencyMicros"] as? [String: Any])
        #expect(Set(latency.keys) == ["p50", "p90", "p99", "p999", "max"])
        #expect(object["messages"] as? Int == 2000)
        #expect(object["store"] as? String == "memory")
        #expect(object["links"] as? Int == 1 && object["window"] as? Int == 16)
    }

    @Test func theSummaryNamesEachFigureAndFailsOnMissingReports() {
        var result = BenchResult(
            submitsPerSecond: 123_456,
            reportsPerSecond: 0,
            latencyMicros: LatencyPercentiles(p50: 80, p90: 120, p99: 300, p999: 900, max: 4000),
            messages: 300_000,
            seconds: 2.43,
            links: 1,
            window: 16,
            store: "durable",
            target: "embedded",
            callers: 16,
            size: 70,
            reports: 0,
            missingReports: 0,
            rejected: 0,
            errors: 0,
            firstError: nil,
            cpuSecondsClient: 2,
            cpuSecondsGateway: 1.5,
            cpuSecondsOtherThreads: 0.7,
            peakRSSBytes: 50 * 1_048_576
        )
        let text = BenchCommand.textOutput(result)
        #expect(text.exitCode == 0)
        #expect(text.lines.contains { $0.hasPrefix("submits/s    123456") })
        #expect(text.lines.contains { $0.contains("p99.9 900.0") })
        #expect(text.lines.contains { $0.contains("client 2.00 (its event loops), gateway 1.50 (incl. 0.70 off") })
        #expect(text.lines.contains { $0.contains("50.0 MB") && $0.contains("one process") })
        #expect(!text.lines.contains { $0.hasPrefix("store ") }, "no commit figures, no line")
        #expect(!text.lines[0].contains("warm-up"))
        result.warmupSeconds = 2
        #expect(BenchCommand.textOutput(result).lines[0].hasSuffix(", measured after 2.0 s of warm-up"))
        result.rate = 14000
        #expect(BenchCommand.textOutput(result).lines[0].contains(", offered 14000/s (a SUBMIT held back counts"))
        result.tickMicros = 1000
        #expect(
            BenchCommand.textOutput(result).lines[0].contains(
                ", offered 14000/s in bursts every 1000 µs (a SUBMIT held back counts"
            )
        )
        result.storeCommits = StoreCommitFigures(
            commits: 24_000,
            meanCommitMicros: 210.5,
            slowCommits: 54,
            slowCommitMillis: 117.2,
            slowCommitPercent: 1.46
        )
        #expect(
            BenchCommand.textOutput(result).lines.contains {
                $0.hasPrefix("store        24000 commits, mean 210.5 µs; 54 over 1 ms, 117.2 ms in all (1.46% of")
            }
        )
        #expect(!BenchCommand.textOutput(result).lines.contains { $0.hasPrefix("wake-ups") })
        result.wakeUpLateness = WakeUpLateness(
            wakeUps: 1_580,
            latenessMicros: LatencyPercentiles(p50: 62, p90: 80, p99: 410, p999: 1900, max: 3700),
            lateWakeUps: 42,
            lateMillis: 44.3
        )
        #expect(
            BenchCommand.textOutput(result).lines.contains {
                $0.hasPrefix("wake-ups     1580 sleeps of 5 ms woke late by p50 62.0  p99 410.0  max 3700.0 µs;")
                    && $0.contains("; 42 over 0.5 ms, 44.3 ms in all")
            }
        )
        #expect(!BenchCommand.textOutput(result).lines.contains { $0.hasPrefix("CPU wake-up") })
        result.cpuWakeUpLatencyMicros = 0
        #expect(
            BenchCommand.textOutput(result).lines.contains {
                $0 == "CPU wake-up  asked Linux for 0 µs while the gateway was busy (cpu_wakeup_latency)"
            }
        )
        result.missingReports = 3
        result.reports = 299_997
        #expect(BenchCommand.textOutput(result).exitCode == 1)
        #expect(BenchCommand.jsonOutput(result).exitCode == 1)
    }

    @Test func theIdleLinksSummarySaysWhenMemoryCannotBeMeasured() {
        let remote = IdleLinksResult(
            requested: 10,
            opened: 10,
            target: "127.0.0.1:7890",
            store: "remote",
            rssBeforeBytes: 1_000_000,
            rssAfterBytes: 1_102_400,
            secondsToOpen: 0.2,
            openFileLimit: 1024,
            failure: nil
        )
        #expect(remote.rssBytesPerLink == nil && remote.clientRSSBytesPerLink == 10_240)
        #expect(
            BenchCommand.textOutput(remote).lines.contains {
                $0.contains("cannot be measured") && $0.contains("own side: 10.0 KB per link")
            }
        )
        let embedded = IdleLinksResult(
            requested: 10,
            opened: 8,
            target: "embedded",
            store: "memory",
            rssBeforeBytes: 1_000_000,
            rssAfterBytes: 1_409_600,
            secondsToOpen: 0.2,
            openFileLimit: 1024,
            failure: "2 of 10 links could not be opened"
        )
        #expect(embedded.rssBytesPerLink == 51_200 && embedded.clientRSSBytesPerLink == nil)
        let output = BenchCommand.textOutput(embedded)
        #expect(output.exitCode == 1)
        #expect(output.lines.contains { $0.hasPrefix("RSS per link 50.0 KB") })
    }

    @Test func theProgressLineShowsOnlyOnATerminalWithoutJSON() throws {
        #expect(BenchCommand.showsProgress(json: false, standardErrorIsTerminal: true))
        #expect(!BenchCommand.showsProgress(json: true, standardErrorIsTerminal: true))
        #expect(!BenchCommand.showsProgress(json: false, standardErrorIsTerminal: false))
        #expect(
            BenchCommand.progressText(BenchProgress(linksOpened: 64, elapsedSeconds: 0.3)) == "0.3 s  64 links open"
        )
        #expect(
            BenchCommand.progressText(BenchProgress(submitted: 500, elapsedSeconds: 2)) == "2.0 s  500 submitted  250/s"
        )
    }
}
