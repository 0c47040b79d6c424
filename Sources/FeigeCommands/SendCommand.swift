import ArgumentParser
import CMPPCore
import CMPPNIO
import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// `feige send`: logs in to an ISMG, submits one text (split into parts as needed, §7.4.3) and prints each
/// part's Msg_Id and Result; with `--wait-report`, waits for the status reports and prints them too.
///
/// Output, one line per part: `<Msg_Id as decimal> <Result>`; then one line per report:
/// `<Msg_Id> <Stat> <Dest_terminal_Id>` (a report or MO message for something else that arrives meanwhile is
/// printed too, since reading it acknowledges it to the ISMG). `--json` prints one JSON object per line instead.
/// The exit status is 0 only when every part got Result 0 and, with `--wait-report`, every report came in time
/// and said DELIVRD; 1 otherwise. A message that could not be sent at all (login refused, host unreachable,
/// link lost) prints an explanation on standard error and exits 2.
public struct SendCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send an SMS through a CMPP 2.0 ISMG.",
        discussion: "The secret may be given in the environment as FEIGE_SECRET instead of --secret."
    )

    @OptionGroup public var client: ClientOptions

    @Option(help: "The destination numbers, comma-separated (at most 99).")
    public var to: String

    @Option(name: .customLong("src-id"), help: "Src_Id: the number shown as the sender (default: the SP_Id).")
    public var sourceID: String = ""

    @Option(name: .customLong("service-id"), help: "Service_Id: the service code.")
    public var serviceID: String = ""

    @Flag(help: "Ask for status reports (Registered_Delivery 1).")
    public var report = false

    @Option(
        name: .customLong("wait-report"),
        help: "Wait up to this many seconds for the status reports (implies --report)."
    )
    public var waitReport: Int?

    @Option(help: "The text's encoding: auto, ascii, ucs2 or gb18030.")
    public var encoding: CMPPSubmit.TextEncoding = .auto

    @Flag(help: "Print JSON lines.")
    public var json = false

    @Argument(help: "The text to send.")
    public var text: String

    public init() {}

    public func validate() throws {
        guard !destinations.isEmpty else { throw ValidationError("--to needs at least one number") }
        guard destinations.count <= 99 else { throw ValidationError("--to takes at most 99 numbers") }
        if let waitReport, waitReport <= 0 { throw ValidationError("--wait-report must be positive") }
    }

    /// `--to` split on commas, blanks dropped.
    public var destinations: [String] {
        to.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The SUBMIT options these flags describe.
    public var submitOptions: CMPPSubmitOptions {
        CMPPSubmitOptions(
            serviceID: serviceID,
            sourceID: sourceID,
            registeredDelivery: report || waitReport != nil ? 1 : 0,
            encoding: encoding
        )
    }

    // MARK: - The command without I/O

    /// Runs `client` (made but not yet running), submits, and, if `waitReport` is set, collects the reports
    /// for the accepted parts; every line goes to `emit` as it is made. Returns the exit status.
    ///
    /// With `waitReport`, deliveries are read from the start, while the parts are still being submitted: an
    /// ISMG may push older reports as soon as the link logs in, and unread DELIVERs would fill the link's
    /// window and stall the SUBMIT_RESPs behind them. Report lines are printed after the part lines.
    ///
    /// - Throws: the client's errors (no link, refused login, …), for the caller to explain.
    public static func execute(
        client: CMPPClient,
        text: String,
        destinations: [String],
        options: CMPPSubmitOptions,
        waitReport: TimeAmount?,
        json: Bool,
        emit: @escaping @Sendable (String) -> Void
    ) async throws -> Int32 {
        let collector = ReportCollector(json: json, emit: emit)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            if waitReport != nil {
                group.addTask {
                    for await delivery in client.deliveries {
                        collector.received(delivery)
                    }
                }
            }
            do {
                let outcomes = try await client.submit(text, to: destinations, options: options)
                collector.partsSubmitted(outcomes.map { partLine($0, json: json) })
                var reports: [CMPPDeliveryReport]?
                if let waitReport {
                    let expected = expectedReports(outcomes, destinations: destinations)
                    reports = try await collector.waitForReports(expected, within: waitReport)
                }
                await client.shutdown()
                try await group.waitForAll()
                return exitStatus(outcomes: outcomes, destinations: destinations, reports: reports)
            } catch {
                await client.shutdown()
                try? await group.waitForAll()
                throw error
            }
        }
    }

    /// One line for a part: `<Msg_Id> <Result>`, or its JSON object.
    public static func partLine(_ outcome: CMPPSubmitOutcome, json: Bool) -> String {
        guard json else { return "\(outcome.messageID.rawValue) \(outcome.result.rawValue)" }
        return JSONLine.orderedObject([
            .init("type", "submit"),
            .init("msg_id", .string(String(outcome.messageID.rawValue))),
            .init("result", .int(outcome.result.rawValue)),
            .init("part", .int(outcome.partNumber)),
            .init("total", .int(outcome.partTotal)),
        ]).serialized
    }

    /// One line for a report: `<Msg_Id> <Stat> <Dest_terminal_Id>`, or its JSON object.
    public static func reportLine(_ report: CMPPDeliveryReport, json: Bool) -> String {
        guard json else { return "\(report.messageID.rawValue) \(report.stat) \(report.destinationTerminalID)" }
        return JSONLine.orderedObject([
            .init("type", "report"),
            .init("msg_id", .string(String(report.messageID.rawValue))),
            .init("stat", .string(report.stat.rawValue)),
            .init("dest", .string(report.destinationTerminalID)),
            .init("part", .int(report.matched?.partNumber)),
            .init("total", .int(report.matched?.partTotal)),
            .init("submit_time", .string(report.report.submitTime)),
            .init("done_time", .string(report.report.doneTime)),
        ]).serialized
    }

    /// The reports awaited: one per accepted part and destination, as (Msg_Id, Dest_terminal_Id).
    public static func expectedReports(_ outcomes: [CMPPSubmitOutcome], destinations: [String]) -> Set<ReportKey> {
        var keys = Set<ReportKey>()
        for outcome in outcomes where outcome.isAccepted {
            for destination in destinations {
                keys.insert(ReportKey(messageID: outcome.messageID, destination: destination))
            }
        }
        return keys
    }

    /// 0 when every part got Result 0 and, when `reports` is given, each awaited report came and said
    /// DELIVRD; 1 otherwise.
    public static func exitStatus(
        outcomes: [CMPPSubmitOutcome],
        destinations: [String],
        reports: [CMPPDeliveryReport]?
    ) -> Int32 {
        guard !outcomes.isEmpty, outcomes.allSatisfy(\.isAccepted) else { return 1 }
        guard let reports else { return 0 }
        let expected = expectedReports(outcomes, destinations: destinations)
        let delivered = Set(reports.filter { $0.stat.isDelivered }.map(ReportKey.init))
        return expected.isSubset(of: delivered) ? 0 : 1
    }

    /// Which report: the submitted part's Msg_Id and the destination it is about.
    public struct ReportKey: Hashable, Sendable {
        public var messageID: CMPPMessageID
        public var destination: String

        public init(messageID: CMPPMessageID, destination: String) {
            self.messageID = messageID
            self.destination = destination
        }

        init(_ report: CMPPDeliveryReport) {
            self.init(messageID: report.messageID, destination: report.destinationTerminalID)
        }
    }
}

/// What `feige send --wait-report` has received: prints deliveries as they come (after the part lines) and
/// says when the awaited reports are in.
final class ReportCollector: Sendable {
    private struct State: Sendable {
        var partsPrinted = false
        var pending: [String] = []
        var reports: [CMPPDeliveryReport] = []
    }

    private let state = NIOLockedValueBox(State())
    private let json: Bool
    private let emit: @Sendable (String) -> Void

    init(json: Bool, emit: @escaping @Sendable (String) -> Void) {
        self.json = json
        self.emit = emit
    }

    /// Takes one delivery. Whatever is read is acknowledged to the ISMG, so it is printed, ours or not.
    func received(_ delivery: CMPPClientDelivery) {
        let line: String
        switch delivery {
        case .report(let report):
            line = SendCommand.reportLine(report, json: json)
        case .message(let message):
            line = ListenCommand.messageLine(message, json: json)
        }
        state.withLockedValue { state in
            if case .report(let report) = delivery { state.reports.append(report) }
            if state.partsPrinted {
                emit(line)
            } else {
                state.pending.append(line)
            }
        }
    }

    /// Prints the part lines, then the deliveries that came before them.
    func partsSubmitted(_ lines: [String]) {
        state.withLockedValue { state in
            for line in lines + state.pending { emit(line) }
            state.pending.removeAll()
            state.partsPrinted = true
        }
    }

    /// Waits until a report came for every key in `expected`, or `timeout` passed; returns the reports about
    /// `expected` received by then.
    func waitForReports(
        _ expected: Set<SendCommand.ReportKey>,
        within timeout: TimeAmount
    ) async throws
        -> [CMPPDeliveryReport]
    {
        let deadline = ContinuousClock.now + Duration(timeout)
        while true {
            let reports = state.withLockedValue { $0.reports }.filter {
                expected.contains(SendCommand.ReportKey($0))
            }
            let keys = Set(reports.map(SendCommand.ReportKey.init))
            if expected.isSubset(of: keys) || ContinuousClock.now >= deadline { return reports }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
