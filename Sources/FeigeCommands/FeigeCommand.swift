import ArgumentParser

/// The root of the `feige` command line: each verb lives in its own file in this module.
public struct FeigeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "feige",
        abstract: "Feige (飞鸽): a CMPP 2.0 SMS gateway, SP client and SMS PDU toolkit.",
        version: "0.1.0",
        subcommands: [
            PDUCommand.self, CMPPCommand.self, SendCommand.self, ListenCommand.self, GatewayCommand.self, BenchCommand.self,
        ]
    )

    public init() {}
}
