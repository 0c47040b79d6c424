import FeigeBench
import Foundation

extension BenchCommand {
    /// The summary of a load run, and exit status 1 when a SUBMIT went unanswered or a report never came.
    public static func textOutput(_ result: BenchResult) -> CommandOutput {
        let embedded = result.target == "embedded"
        let where_ = embedded ? "embedded gateway (\(result.store) store)" : "gateway at \(result.target)"
        var lines = [
            "feige bench: \(where_), \(result.links) link\(result.links == 1 ? "" : "s"), window \(result.window), "
                + "\(result.callers) submitting tasks, \(result.size)-octet SUBMITs"
                + (result.rate.map {
                    ", offered \($0)/s\(tickText(result.tickMicros)) (a SUBMIT held back counts from its due time)"
                } ?? "")
                + (result.warmupSeconds > 0 ? ", measured after \(format(result.warmupSeconds, places: 1)) s of warm-up" : ""),
            "submits/s    \(format(result.submitsPerSecond, places: 0))  (\(result.messages) accepted in "
                + "\(format(result.seconds, places: 3)) s; \(result.rejected) rejected, \(result.errors) unanswered)",
        ]
        if result.reports > 0 || result.missingReports > 0 {
            lines.append(
                "reports/s    \(format(result.reportsPerSecond, places: 0))  (\(result.reports) received, "
                    + "\(result.missingReports) missing)"
            )
        } else {
            lines.append("reports/s    n/a (no --report)")
        }
        let latency = result.latencyMicros
        lines.append(
            "latency µs   p50 \(format(latency.p50))  p90 \(format(latency.p90))  p99 \(format(latency.p99))  "
                + "p99.9 \(format(latency.p999))  max \(format(latency.max))  (submit → SUBMIT_RESP)"
        )
        var cpu = "CPU s        client \(format(result.cpuSecondsClient, places: 2))"
        cpu += embedded ? " (its event loops)" : " (this whole process)"
        cpu += ", gateway " + (result.cpuSecondsGateway.map { format($0, places: 2) } ?? "n/a (not in this process)")
        if let other = result.cpuSecondsOtherThreads, embedded {
            cpu += " (incl. \(format(other, places: 2)) off its event loops: dispatcher, simulator, store)"
        }
        lines.append(cpu)
        if let commits = result.storeCommits {
            lines.append(
                "store        \(commits.commits) commits, mean \(format(commits.meanCommitMicros)) µs; "
                    + "\(commits.slowCommits) over 1 ms, \(format(commits.slowCommitMillis)) ms in all "
                    + "(\(format(commits.slowCommitPercent, places: 2))% of the measured time)"
            )
        }
        if let wakeUps = result.wakeUpLateness {
            let lateness = wakeUps.latenessMicros
            lines.append(
                "wake-ups     \(wakeUps.wakeUps) sleeps of 5 ms woke late by p50 \(format(lateness.p50))  "
                    + "p99 \(format(lateness.p99))  max \(format(lateness.max)) µs; \(wakeUps.lateWakeUps) over 0.5 ms, "
                    + "\(format(wakeUps.lateMillis)) ms in all (this machine's scheduling delay under the load)"
            )
        }
        if let limit = result.cpuWakeUpLatencyMicros {
            lines.append(
                "CPU wake-up  asked Linux for \(limit) µs while "
                    + (embedded ? "the gateway was busy (cpu_wakeup_latency)" : "the bench ran")
            )
        }
        let scope = embedded ? "this one process: client and embedded gateway together" : "the client only"
        lines.append("peak RSS     \(result.peakRSSBytes.map(megabytes) ?? "n/a")  (VmHWM of \(scope))")
        if let firstError = result.firstError { lines.append("first error: \(firstError)") }
        return CommandOutput(lines: lines, exitCode: result.errors > 0 || result.missingReports > 0 ? 1 : 0)
    }

    /// The summary of an idle-links run, and exit status 1 when not every link opened.
    public static func textOutput(_ result: IdleLinksResult) -> CommandOutput {
        var lines = [
            "feige bench: \(result.opened) of \(result.requested) idle links logged in to "
                + (result.target == "embedded" ? "the embedded gateway (\(result.store) store)" : result.target)
                + " in \(format(result.secondsToOpen, places: 3)) s (file descriptor limit \(result.openFileLimit))"
        ]
        if let perLink = result.rssBytesPerLink, let before = result.rssBeforeBytes, let after = result.rssAfterBytes {
            lines.append(
                "RSS per link \(format(perLink / 1024, places: 1)) KB  "
                    + "(VmRSS \(megabytes(before)) → \(megabytes(after)); one process, so this includes the bench's own end of each link: an upper bound)"
            )
        } else {
            var line =
                result.target == "embedded"
                ? "RSS per link n/a: this process's memory could not be read"
                : "RSS per link n/a: a remote gateway's memory cannot be measured from here"
            if let client = result.clientRSSBytesPerLink {
                line += " (this client's own side: \(format(client / 1024, places: 1)) KB per link)"
            }
            lines.append(line)
        }
        if let failure = result.failure { lines.append("error: \(failure)") }
        return CommandOutput(lines: lines, exitCode: result.opened < result.requested ? 1 : 0)
    }

    /// The summary of a disk-flush run: both patterns' latencies and the ceiling they set on `links` links of
    /// window `window` whose SUBMIT_RESPs wait for a flush.
    public static func textOutput(_ result: DiskFlushResult, links: Int, window: Int) -> CommandOutput {
        func line(_ name: String, _ latency: LatencyPercentiles) -> String {
            "\(name) µs  p50 \(format(latency.p50))  p90 \(format(latency.p90))  p99 \(format(latency.p99))  "
                + "max \(format(latency.max))"
        }
        let ceiling = result.ceilingSubmitsPerSecond(links: links, window: window)
        var lines = [
            "feige bench: \(result.flushes) × write \(result.blockSize) octets + fdatasync in \(result.directory)",
            line("append   ", result.appendMicros),
            line("overwrite", result.overwriteMicros),
            "ceiling      \(format(ceiling, places: 0)) submits/s for \(links) link\(links == 1 ? "" : "s") of window "
                + "\(window) when each SUBMIT_RESP waits for a flush (\(links * window) answers per flush at most)",
        ]
        if let floor = result.groupCommitFloor {
            let latency = floor.latencyMicros
            lines += [
                "group commit at \(floor.rate)/s\(tickText(floor.tickMicros)), \(floor.outstanding) outstanding, "
                    + "\(cpuText(floor)): \(floor.messages) answered in \(floor.flushes) flushes of \(floor.blockSize) octets",
                "floor     µs  p50 \(format(latency.p50))  p90 \(format(latency.p90))  p99 \(format(latency.p99))  "
                    + "p99.9 \(format(latency.p999))  max \(format(latency.max))  (due → its flush done)",
                line("flush    ", floor.flushMicros),
            ]
        }
        return CommandOutput(lines: lines)
    }

    /// How a paced run's SUBMITs went out, as the summary says it after the rate: nothing when each at its own
    /// time.
    private static func tickText(_ tickMicros: Int?) -> String {
        tickMicros.map { " in bursts every \($0) µs" } ?? ""
    }

    /// The model's CPU as the summary names it: "no CPU", or what it spent per flush and per message.
    private static func cpuText(_ floor: GroupCommitFloorResult) -> String {
        guard floor.commitCPUMicros > 0 || floor.messageCPUMicros > 0 else { return "no CPU" }
        return "CPU \(format(floor.commitCPUMicros, places: 0)) µs per flush + "
            + "\(format(floor.messageCPUMicros, places: 0)) µs per message"
    }

    /// One JSON object (sorted keys).
    public static func jsonOutput(_ result: DiskFlushResult) -> CommandOutput {
        CommandOutput(lines: [encode(result)], exitCode: 0)
    }

    /// Whether the progress line is shown: only on a terminal, and never with `--json`.
    public static func showsProgress(json: Bool, standardErrorIsTerminal: Bool) -> Bool {
        !json && standardErrorIsTerminal
    }

    /// The text of one progress line.
    public static func progressText(_ progress: BenchProgress) -> String {
        BenchProgressLine.text(progress)
    }

    /// One JSON object (sorted keys) and the same exit status as the text.
    public static func jsonOutput(_ result: BenchResult) -> CommandOutput {
        CommandOutput(lines: [encode(result)], exitCode: textOutput(result).exitCode)
    }

    /// One JSON object (sorted keys) and the same exit status as the text.
    public static func jsonOutput(_ result: IdleLinksResult) -> CommandOutput {
        CommandOutput(lines: [encode(result)], exitCode: textOutput(result).exitCode)
    }

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func format(_ value: Double, places: Int = 1) -> String {
        String(format: "%.\(places)f", value)
    }

    private static func megabytes(_ bytes: UInt64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
