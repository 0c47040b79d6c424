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

/// What a command's core returns: the lines to print and the exit status, so tests need no process.
public struct CommandOutput: Hashable, Sendable {
    public var lines: [String]
    public var exitCode: Int32

    public init(lines: [String], exitCode: Int32 = 0) {
        self.lines = lines
        self.exitCode = exitCode
    }

    /// Prints the lines, then ends with the exit status when it is not 0.
    func emit() throws {
        for line in lines { print(line) }
        if exitCode != 0 { throw ExitCode(exitCode) }
    }
}
