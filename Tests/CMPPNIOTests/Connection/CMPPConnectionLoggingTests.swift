import CMPPCore
import CMPPNIO
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Testing

/// Collects every log entry, at every level, for inspection (STYLE §C 12).
private final class CollectingLogHandler: LogHandler, Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var text: String
    }

    private let entries = NIOLockedValueBox<[Entry]>([])
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    var collected: [Entry] { entries.withLockedValue { $0 } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let metadata = (event.metadata ?? [:]).map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        entries.withLockedValue { $0.append(Entry(level: event.level, text: "\(event.message) \(metadata)")) }
    }
}

@Suite("CMPP session logging")
struct CMPPConnectionLoggingTests {
    @Test("a whole session logs at trace and debug only, and never the secret, numbers or content")
    func logsStayQuietAndClean() async throws {
        let handler = CollectingLogHandler()
        let logger = Logger(label: "cmpp-log-test", factory: { _ in handler })
        let delegate = TestServerDelegate()
        try await ServerTestSupport.withServer(delegate: delegate, logger: logger) { _, _, port in
            let link = try await ServerTestSupport.factory(port: port).connect(
                inbound: { request in
                    request.respond(.deliverResponse(CMPPDeliverResponse(messageID: 1, result: .success)))
                },
                logger: logger
            )
            _ = try await link.request(ServerTestSupport.submit("secret-content"))
            var opened = delegate.opened.makeAsyncIterator()
            let connection = try #require(await opened.next())
            _ = try await connection.request(
                .deliver(
                    CMPPDeliver(
                        messageID: 1,
                        destinationID: "1065",
                        sourceTerminalID: "13912345678",
                        content: .message(ByteBuffer(string: "mo-content"))
                    )
                )
            )
            await link.terminate()
        }
        let entries = handler.collected
        #expect(entries.contains { $0.level == .trace })
        #expect(entries.contains { $0.level == .debug })
        #expect(entries.allSatisfy { $0.level <= .debug })
        for forbidden in ["888888", "13800138000", "13912345678", "secret-content", "mo-content"] {
            #expect(!entries.contains { $0.text.contains(forbidden) }, "\(forbidden) was logged")
        }
    }
}
