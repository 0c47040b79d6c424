import ArgumentParser
import CMPPNIO
import NIOCore

extension SendCommand {
    /// Connects over TCP, sends, prints; exits 1 when a part or an awaited report failed, 2 when nothing could
    /// be sent.
    public func run() async throws {
        let logger = client.makeLogger(label: "feige.send")
        let cmppClient = try client.makeClient(logger: logger)
        let status: Int32
        do {
            status = try await Self.execute(
                client: cmppClient,
                text: text,
                destinations: destinations,
                options: submitOptions,
                waitReport: waitReport.map { .seconds(Int64($0)) },
                json: json,
                emit: { printLine($0) }
            )
        } catch {
            printToStandardError(ClientFailure.describe(error, host: client.host, port: client.port))
            throw ExitCode(2)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
