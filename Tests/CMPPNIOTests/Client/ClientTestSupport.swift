import CMPPCore
import CMPPNIO
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Testing

/// A clock that runs `speedUp` times faster than the wall clock, and remembers the sleeps asked of it: the
/// client's seconds-long back-offs and timeouts take milliseconds, and keep their proportions.
final class FastClock: Sendable {
    let speedUp: Int64
    private let start = ContinuousClock.now
    private let sleeps = NIOLockedValueBox<[TimeAmount]>([])

    init(speedUp: Int64 = 1000) {
        self.speedUp = speedUp
    }

    var clock: CMPPClientClock {
        CMPPClientClock(
            now: { [start, speedUp] in start.advanced(by: start.duration(to: .now) * Int(speedUp)) },
            sleep: { [sleeps, speedUp] duration in
                sleeps.withLockedValue { $0.append(duration) }
                try await Task.sleep(for: Duration(.nanoseconds(duration.nanoseconds / speedUp)))
            }
        )
    }

    /// Every sleep asked for, in order.
    var requestedSleeps: [TimeAmount] { sleeps.withLockedValue { $0 } }
}

enum ClientTestSupport {
    static let logger = Logger(label: "cmpp.client.test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func configuration(
        links: Int = 1,
        mode: CMPPClient.Configuration.Mode = .long,
        policy: CMPPClient.Configuration.InFlightPolicy = .resend,
        flowControlRetries: Int = 3,
        // Long, so that a loaded machine's slow wake-ups never let a request time out before its link is up
        // (3.6 s of real time at the fast clock's speed); tests of the timeout pass their own.
        connectTimeout: TimeAmount = .hours(1),
        reportMatchGrace: TimeAmount = .milliseconds(500),
        // Long too (the fast clock makes the default 10 s into 10 ms): tests of the timeout pass their own.
        shutdownTimeout: TimeAmount = .hours(1)
    ) -> CMPPClient.Configuration {
        CMPPClient.Configuration(
            host: "127.0.0.1",
            credentials: CMPPCredentials(spID: "901234", secret: "secret"),
            links: links,
            mode: mode,
            inFlightOnLinkLoss: policy,
            flowControlRetry: .init(maximumRetries: flowControlRetries),
            connectTimeout: connectTimeout,
            reassemblyTimeout: .seconds(60),
            reportMatchGrace: reportMatchGrace,
            shutdownTimeout: shutdownTimeout
        )
    }

    /// Runs `client.run()` around `body`, then shuts the client down and waits for `run()` to return.
    ///
    /// In long mode `body` starts once the client's first connect was tried: `run()` is a new child task,
    /// which the executor starts behind every job queued before it (2.5 s behind, measured, when the whole
    /// suite starts at once), while a request's connect timeout counts from the request.
    @discardableResult
    static func withRunningClient<Result: Sendable>(
        _ configuration: CMPPClient.Configuration,
        factory: MockCMPPLinkFactory,
        clock: FastClock = FastClock(),
        _ body: @Sendable (CMPPClient) async throws -> Result
    ) async throws -> Result {
        let client = CMPPClient(configuration: configuration, linkFactory: factory, clock: clock.clock, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            do {
                if configuration.mode == .long {
                    try #require(try await eventually { factory.attempts > 0 }, "run() never tried to connect")
                }
                let result = try await body(client)
                await client.shutdown()
                try await group.waitForAll()
                return result
            } catch {
                await client.shutdown()
                try await group.waitForAll()
                throw error
            }
        }
    }

    /// A SUBMIT_RESP.
    static func submitResponse(_ id: UInt64, _ result: CMPPResult = .success) -> CMPPMessage {
        .submitResponse(CMPPSubmitResponse(messageID: CMPPMessageID(rawValue: id), result: result))
    }

    /// An MO DELIVER part with a concatenation header (`05 00 03 ref total seq`), UCS2 body of `text`.
    static func moPart(
        id: UInt64,
        from source: String = "13800138000",
        reference: UInt8,
        total: UInt8,
        sequence: UInt8,
        text: String
    ) -> CMPPMessage {
        var content = ByteBuffer(bytes: [0x05, 0x00, 0x03, reference, total, sequence])
        for unit in text.utf16 { content.writeInteger(unit) }
        return .deliver(
            CMPPDeliver(
                messageID: CMPPMessageID(rawValue: id),
                destinationID: "10657",
                serviceID: "SVC",
                tpUDHI: 1,
                messageFormat: .ucs2,
                sourceTerminalID: source,
                content: .message(content)
            )
        )
    }

    /// A status report DELIVER about `messageID`.
    static func report(deliverID: UInt64, about messageID: CMPPMessageID, stat: CMPPStat = .delivered) -> CMPPMessage {
        .deliver(
            CMPPDeliver(
                messageID: CMPPMessageID(rawValue: deliverID),
                destinationID: "10657",
                sourceTerminalID: "13800138000",
                content: .statusReport(
                    CMPPStatusReport(
                        messageID: messageID,
                        stat: stat,
                        submitTime: "2611210800",
                        doneTime: "2611210801",
                        destinationTerminalID: "13800138000",
                        smscSequence: 1
                    )
                )
            )
        )
    }

    /// Polls `condition` every millisecond for up to ten seconds (a loaded machine can be slow).
    static func eventually(_ condition: @Sendable () -> Bool) async throws -> Bool {
        for _ in 0..<10_000 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(1))
        }
        return condition()
    }
}

/// Log records kept in memory, for checking what the client logs (STYLE.md §C 12).
final class CapturedLogs: Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        /// The message and the metadata, as one string.
        var text: String
    }

    private let records = NIOLockedValueBox<[Record]>([])

    var all: [Record] { records.withLockedValue { $0 } }

    /// A logger at trace level that keeps every record here.
    var logger: Logger {
        var logger = Logger(label: "cmpp.client.captured") { [records] _ in Handler(records: records) }
        logger.logLevel = .trace
        return logger
    }

    private struct Handler: LogHandler {
        let records: NIOLockedValueBox<[Record]>
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let text = "\(event.message) \(merged.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " "))"
            records.withLockedValue { $0.append(Record(level: event.level, text: text)) }
        }
    }
}
