import ArgumentParser

/// `feige pdu`: SMS PDU-mode strings (3GPP TS 27.005 §3.1, TS 23.040) as modems exchange them.
public struct PDUCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pdu",
        abstract: "Decode and encode SMS PDU-mode hex strings (3GPP TS 23.040).",
        subcommands: [PDUDecodeCommand.self, PDUEncodeCommand.self]
    )

    public init() {}
}
