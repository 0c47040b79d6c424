import ArgumentParser
import CMPPCore
import FeigeBench
import FeigeGateway
import Foundation
import Logging

/// `feige bench`: measures a Feige gateway (issue #6): SUBMIT throughput over K links with window W, submit →
/// SUBMIT_RESP latency percentiles, status reports per second, CPU of client and gateway, peak RSS; or, with
/// `--idle-links N`, what N idle logged-in links cost; or, with `--disk-flush DIR`, how long the disk under DIR
/// takes to make a write durable, and the ceiling that sets on a link whose answers wait for the disk (with
/// `--rate R`, also the latency floor of group commit at that rate: ``GroupCommitFloor``, which
/// `--commit-cpu-us` and `--message-cpu-us` give the CPU of a transaction).
///
/// By default it starts a gateway in its own process (`--target embedded`) on a loopback port with a temporary
/// store and the demo account; `--target HOST:PORT` drives one that is already running. Prints a summary, or
/// one JSON object with `--json`; a progress line goes to standard error while it runs when that is a
/// terminal. Exit status: 0 when every SUBMIT was answered (and every report came, with `--report`, and every
/// idle link opened); 1 when the run measured but something failed; 2 when it could not run (gateway refused
/// the login, unreachable, did not start).
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure a CMPP gateway: submits/s, latency percentiles, reports/s, CPU, memory, idle links.",
        discussion: """
            Build in release mode for meaningful figures: swift build -c release --product feige. \
            --target embedded (the default) runs the gateway in this process: CPU is split by thread (the \
            client's tasks run on its own event loops; every other thread is the gateway's) and the peak RSS \
            covers both. The secret defaults to FEIGE_SECRET, else the demo account's.
            """
    )

    @Option(help: "'embedded' (a gateway in this process) or HOST:PORT of a running gateway.")
    public var target: String = "embedded"

    @Option(name: .customLong("sp-id"), help: "The SP_Id to log in with.")
    public var spID: String = BenchConfiguration.demoSPID

    @Option(help: "The shared secret (default: FEIGE_SECRET, else the demo account's).")
    public var secret: String?

    @Option(name: .customLong("src-id"), help: "Src_Id of every SUBMIT: one of the account's service codes.")
    public var sourceID: String = BenchConfiguration.demoServiceCode

    @Option(name: .customLong("to"), help: "Dest_terminal_Id of every SUBMIT.")
    public var destination: String = BenchConfiguration.defaultDestination

    @Option(help: "K: the number of links.")
    public var links: Int = 1

    @Option(help: "W: the window of each link (CMPP §6.1).")
    public var window: Int = 16

    @Option(help: "Submitting tasks (default K × W, one per window slot).")
    public var callers: Int?

    @Option(help: "SUBMITs to send (default 100000 unless --seconds).")
    public var messages: Int?

    @Option(help: "Submit for this many seconds instead of a count.")
    public var seconds: Double?

    @Option(help: "Offer this many SUBMITs per second in all (a SUBMIT held back by a slow answer counts from its due time).")
    public var rate: Int?

    @Option(
        name: .customLong("tick-us"),
        help: "With --rate: send the SUBMITs falling due within each tick of this many µs together, at its end (default: each at its own time)."
    )
    public var tickMicroseconds: Int?

    @Option(help: "Send this many seconds first, the same way, and measure only what follows (a warm gateway).")
    public var warmup: Double = 0

    @Option(help: "Msg_Length of each SUBMIT in octets (ASCII ≤ 159, UCS2 ≤ 140 and even).")
    public var size: Int = 70

    @Option(help: "Msg_Fmt of the content: auto (ASCII), ascii or ucs2.")
    public var encoding: CMPPSubmit.TextEncoding = .auto

    @Flag(help: "Ask for status reports (Registered_Delivery 1) and wait for every one.")
    public var report = false

    @Option(name: .customLong("report-timeout"), help: "Seconds to wait for the reports after the last SUBMIT_RESP.")
    public var reportTimeout: Double = 60

    @Option(
        name: .customLong("report-delay-ms"),
        help: "The embedded simulator's delay before each report, in ms (default: 200–2000 at random)."
    )
    public var reportDelayMilliseconds: Int?

    @Option(help: "The embedded gateway's store: durable (SQLite, synchronous=FULL) or memory.")
    public var store: BenchStore?

    @Option(name: .customLong("idle-links"), help: "Open N idle logged-in links and report RSS per link instead.")
    public var idleLinks: Int?

    @Option(
        name: .customLong("disk-flush"),
        help: "Time write + fdatasync in this directory (where the store would live) instead, and the ceiling it sets; with --rate R, also the latency floor of group commit at R/s with K × W outstanding."
    )
    public var diskFlush: String?

    @Option(
        name: .customLong("commit-cpu-us"),
        help: "With --disk-flush and --rate: CPU the group-commit model spends before each flush, in µs."
    )
    public var commitCPUMicroseconds: Int?

    @Option(
        name: .customLong("message-cpu-us"),
        help: "With --disk-flush and --rate: CPU the model spends before a flush per message it answers, in µs."
    )
    public var messageCPUMicroseconds: Int?

    @Flag(
        name: .customLong("wake-probe"),
        help: "Also run a thread that sleeps 5 ms at a time while the bench measures, and report how late it woke: this machine's scheduling delay under the load."
    )
    public var wakeProbe = false

    @Option(
        name: .customLong("cpu-wakeup-latency-us"),
        help: "Ask Linux that idle CPUs wake within this many µs (PM QoS, /dev/cpu_dma_latency; needs root): the embedded gateway's cpu_wakeup_latency while it is busy, or held by the bench for the run against a remote target or with --disk-flush. 0 keeps idle CPUs polling."
    )
    public var cpuWakeUpLatencyMicroseconds: Int?

    @Flag(help: "Print one JSON object.")
    public var json = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (to stderr).")
    public var logLevel: LogLevelArgument = .init(.notice)

    public init() {}

    public func validate() throws {
        do {
            _ = try benchConfiguration(environment: [:])
        } catch {
            throw ValidationError(error.description)
        }
        if let idleLinks, idleLinks < 1 { throw ValidationError("--idle-links must be at least 1, not \(idleLinks)") }
        let asksWakeUps = wakeProbe || cpuWakeUpLatencyMicroseconds != nil
        if idleLinks != nil, messages != nil || seconds != nil || report || rate != nil || warmup != 0 || asksWakeUps {
            throw ValidationError(
                "--idle-links measures idle links: it takes no --messages, --seconds, --rate, --warmup, --report, "
                    + "--wake-probe or --cpu-wakeup-latency-us"
            )
        }
        if diskFlush != nil, idleLinks != nil || messages != nil || report || warmup != 0 || wakeProbe {
            throw ValidationError(
                "--disk-flush measures the disk: it takes no --idle-links, --messages, --warmup, --report or "
                    + "--wake-probe"
            )
        }
        if diskFlush != nil, seconds != nil, rate == nil {
            throw ValidationError("--disk-flush takes --seconds only with --rate (how long to model group commit)")
        }
        if commitCPUMicroseconds != nil || messageCPUMicroseconds != nil, diskFlush == nil || rate == nil {
            throw ValidationError("--commit-cpu-us and --message-cpu-us are for the model of --disk-flush DIR --rate R")
        }
        let maximumMicroseconds = Int(GroupCommitFloor.maximumCPU.components.seconds) * 1_000_000
        let cpuOptions = [("--commit-cpu-us", commitCPUMicroseconds), ("--message-cpu-us", messageCPUMicroseconds)]
        for (name, value) in cpuOptions {
            if let value, !(0...maximumMicroseconds).contains(value) {
                throw ValidationError("\(name) must be between 0 and \(maximumMicroseconds), not \(value)")
            }
        }
    }

    // MARK: - The command without I/O

    /// The secret from `--secret`, else `FEIGE_SECRET` in `environment`, else the demo account's.
    public func resolvedSecret(environment: [String: String]) -> String {
        if let secret { return secret }
        if let secret = environment["FEIGE_SECRET"], !secret.isEmpty { return secret }
        return BenchConfiguration.demoSecret
    }

    /// The bench these options describe, validated.
    /// - Throws: ``BenchConfigurationError`` for a bad option.
    public func benchConfiguration(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(BenchConfigurationError) -> BenchConfiguration {
        let workload: BenchWorkload
        switch (messages, seconds) {
        case (.some, .some):
            throw .messagesAndSeconds
        case (.some(let messages), nil):
            workload = .messages(messages)
        case (nil, .some(let seconds)):
            guard seconds.isFinite, seconds > 0 else { throw .notPositive(option: "--seconds") }
            workload = .duration(.milliseconds(Int64((seconds * 1000).rounded())))
        case (nil, nil):
            workload = .messages(Self.defaultMessages)
        }
        guard reportTimeout.isFinite, reportTimeout > 0 else { throw .notPositive(option: "--report-timeout") }
        guard warmup.isFinite, warmup >= 0 else { throw .negative(option: "--warmup") }
        return try BenchConfiguration(
            target: BenchTarget(parsing: target),
            spID: spID,
            secret: resolvedSecret(environment: environment),
            sourceID: sourceID,
            destination: destination,
            links: links,
            window: window,
            callers: callers,
            workload: workload,
            size: size,
            encoding: encoding,
            waitsForReports: report,
            reportTimeout: .milliseconds(Int64((reportTimeout * 1000).rounded())),
            reportDelay: reportDelayMilliseconds.map { .milliseconds($0) },
            store: store,
            rate: rate,
            tick: tickMicroseconds.map { .microseconds($0) },
            warmup: .milliseconds(Int64((warmup * 1000).rounded())),
            probesWakeUps: wakeProbe,
            cpuWakeUpLatencyLimit: cpuWakeUpLatencyMicroseconds.map { .microseconds($0) }
        ).validated()
    }

    /// SUBMITs per run when neither `--messages` nor `--seconds` is given.
    public static let defaultMessages = 100_000
    /// How long `--disk-flush DIR --rate R` models group commit without `--seconds`.
    public static let defaultFloorSeconds = 5.0

    // MARK: - I/O

    public func run() async throws {
        let configuration: BenchConfiguration
        do {
            configuration = try benchConfiguration()
        } catch {
            printToStandardError("feige bench: \(error)")
            throw ExitCode.validationFailure
        }
        var logger = Logger(label: "feige.bench", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = logLevel.level
        let progressLine = BenchProgressLine(
            enabled: Self.showsProgress(json: json, standardErrorIsTerminal: BenchProgressLine.standardErrorIsTerminal)
        )
        let output: CommandOutput
        do {
            if let diskFlush {
                // Held for the probe and the model, so that they run as a gateway with cpu_wakeup_latency would.
                let request = try CPUWakeUpLatencyRequest.heldByBench(limit: configuration.cpuWakeUpLatencyLimit)
                defer { request?.release() }
                var result = try DiskFlushProbe(directory: diskFlush).run()
                if let rate {
                    result.groupCommitFloor = try GroupCommitFloor(
                        directory: diskFlush,
                        rate: rate,
                        tick: configuration.tick,
                        outstanding: links * window,
                        duration: .milliseconds(Int64(((seconds ?? Self.defaultFloorSeconds) * 1000).rounded())),
                        commitCPU: .microseconds(commitCPUMicroseconds ?? 0),
                        messageCPU: .microseconds(messageCPUMicroseconds ?? 0)
                    ).run()
                }
                output = json ? Self.jsonOutput(result) : Self.textOutput(result, links: links, window: window)
            } else if let idleLinks {
                let result = try await IdleLinksRunner(configuration: configuration, count: idleLinks, logger: logger)
                    .run(progress: progressLine.callback)
                progressLine.finish()
                output = json ? Self.jsonOutput(result) : Self.textOutput(result)
            } else {
                let result = try await BenchRunner(configuration: configuration, logger: logger)
                    .run(progress: progressLine.callback)
                progressLine.finish()
                output = json ? Self.jsonOutput(result) : Self.textOutput(result)
            }
        } catch {
            progressLine.finish()
            printToStandardError("feige bench: \(error)")
            throw ExitCode(2)
        }
        try output.emit()
    }
}

extension BenchStore: ExpressibleByArgument {}
