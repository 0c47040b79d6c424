import ArgumentParser
import CMPPCore
import CMPPNIO
import SMSCodec

/// `feige listen`: logs in to an ISMG and prints the MO messages and status reports it delivers (§7.4.5), as
/// they come, until SIGINT or SIGTERM.
///
/// An MO message prints as `MO <Src_terminal_Id> <Dest_Id> <Msg_Ids, comma-separated> <text>` (a long one
/// merged, with `[incomplete: missing 2,3]` when parts never came); a report as
/// `REPORT <Msg_Id> <Stat> <Dest_terminal_Id>`. Each is acknowledged (DELIVER_RESP) once printed.
public struct ListenCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Stay connected to a CMPP 2.0 ISMG and print MO messages and status reports.",
        discussion: "The secret may be given in the environment as FEIGE_SECRET instead of --secret."
    )

    @OptionGroup public var client: ClientOptions

    @Flag(help: "Print JSON lines.")
    public var json = false

    public init() {}

    // MARK: - The command without I/O

    /// Prints every delivery of `client` (already running) with `emit` until its deliveries end (shutdown).
    public static func printDeliveries(of client: CMPPClient, json: Bool, emit: (String) -> Void) async {
        for await delivery in client.deliveries {
            emit(line(delivery, json: json))
        }
    }

    /// One line for a delivery.
    public static func line(_ delivery: CMPPClientDelivery, json: Bool) -> String {
        switch delivery {
        case .message(let message): messageLine(message, json: json)
        case .report(let report): reportLine(report, json: json)
        }
    }

    /// One line for an MO message.
    public static func messageLine(_ message: CMPPMOMessage, json: Bool) -> String {
        let ids = message.messageIDs.map { String($0.rawValue) }
        let body = message.text ?? hex(message.data)
        guard json else {
            var line = "MO \(message.sourceTerminalID) \(message.destinationID) \(ids.joined(separator: ",")) \(body)"
            if !message.isComplete {
                line += " [incomplete: missing \(message.missingParts.map(String.init).joined(separator: ","))]"
            }
            return line
        }
        return JSONLine.orderedObject([
            .init("type", "message"),
            .init("src", .string(message.sourceTerminalID)),
            .init("dest_id", .string(message.destinationID)),
            .init("service_id", .string(message.serviceID)),
            .init("msg_fmt", .int(message.messageFormat.rawValue)),
            .init("msg_ids", .array(ids.map(JSONLine.string))),
            .init("text", .string(message.text)),
            .init("data", .string(message.text == nil ? hex(message.data) : nil)),
            .init("parts", .int(message.partTotal)),
            .init("complete", .bool(message.isComplete)),
            .init("missing", .array(message.missingParts.map { .int($0) })),
        ]).serialized
    }

    /// One line for a status report.
    public static func reportLine(_ report: CMPPDeliveryReport, json: Bool) -> String {
        guard json else {
            return "REPORT \(report.messageID.rawValue) \(report.stat) \(report.destinationTerminalID)"
        }
        return JSONLine.orderedObject([
            .init("type", "report"),
            .init("msg_id", .string(String(report.messageID.rawValue))),
            .init("stat", .string(report.stat.rawValue)),
            .init("dest", .string(report.destinationTerminalID)),
            .init("matched", .bool(report.matched != nil)),
            .init("submit_time", .string(report.report.submitTime)),
            .init("done_time", .string(report.report.doneTime)),
        ]).serialized
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        PDUHex.encode(bytes).lowercased()
    }
}
