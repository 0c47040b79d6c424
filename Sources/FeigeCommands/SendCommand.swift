import ArgumentParser
import CMPPCore
import CMPPNIO
import Foundation
import NIOCore

/// `feige send`: logs in to an ISMG, submits one text (split into parts as needed, §7.4.3) and prints each
/// part's Msg_Id and Result; with `--wait-report`, waits for the status reports and prints them too.
///
/// Output, one line per part: `<Msg_Id as decimal> <Result>`; then one line per report:
/// `<Msg_Id> <Stat> <Dest_terminal_Id>` (a report or MO message for something else that arrives meanwhile is
/// printed too, since reading it acknowledges it to the ISMG). `--json` prints one JSON object per line instead. The exit status is
/// 0 only when every part got Result 0 and, with `--wait-report`, every report came in time and said DELIVRD.
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
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            do {
                let outcomes = try await client.submit(text, to: destinations, options: options)
                for outcome in outcomes { emit(partLine(outcome, json: json)) }
                var reports: [CMPPDeliveryReport] = []
                if let waitReport {
                    let expected = expectedReports(outcomes, destinations: destinations)
                    reports = await collectReports(
                        from: client,
                        expected: expected,
                        within: waitReport,
                        onReport: { emit(reportLine($0, json: json)) },
                        onMessage: { emit(ListenCommand.messageLine($0, json: json)) }
                    )
                }
                await client.shutdown()
                try await group.waitForAll()
                return exitStatus(
                    outcomes: outcomes,
                    destinations: destinations,
                    reports: waitReport == nil ? nil : reports
                )
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

    /// Reads deliveries until every expected report came or `timeout` passed; other deliveries are skipped.
    static func collectReports(
        from client: CMPPClient,
        expected: Set<ReportKey>,
        within timeout: TimeAmount,
        onReport: @escaping @Sendable (CMPPDeliveryReport) -> Void,
        onMessage: @escaping @Sendable (CMPPMOMessage) -> Void
    ) async -> [CMPPDeliveryReport] {
        guard !expected.isEmpty else { return [] }
        return await withTaskGroup(of: [CMPPDeliveryReport]?.self) { group in
            group.addTask {
                var reports: [CMPPDeliveryReport] = []
                var missing = expected
                for await delivery in client.deliveries {
                    // Whatever is read is acknowledged to the ISMG, so it is printed, ours or not.
                    switch delivery {
                    case .report(let report):
                        onReport(report)
                        let key = ReportKey(report)
                        guard expected.contains(key) else { continue }
                        reports.append(report)
                        missing.remove(key)
                    case .message(let message):
                        onMessage(message)
                    }
                    if missing.isEmpty { break }
                }
                return reports
            }
            group.addTask {
                try? await Task.sleep(for: Duration(timeout))
                return nil
            }
            var collected: [CMPPDeliveryReport] = []
            while let result = await group.next() {
                if let reports = result {
                    collected = reports
                    group.cancelAll()
                    break
                }
                // Timed out: stop the client's deliveries so the reader returns what it has.
                await client.shutdown()
            }
            return collected
        }
    }
}
