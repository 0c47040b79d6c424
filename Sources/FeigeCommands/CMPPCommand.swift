import ArgumentParser

/// `feige cmpp …`: tools for CMPP 2.0 frames.
public struct CMPPCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cmpp",
        abstract: "Work with CMPP 2.0 frames.",
        subcommands: [CMPPDecodeCommand.self]
    )

    public init() {}
}
