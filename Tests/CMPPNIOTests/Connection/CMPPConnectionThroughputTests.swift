import CMPPCore
import CMPPNIO
import Foundation
import Testing

/// A throughput measurement of one link on loopback: SUBMIT → SUBMIT_RESP round trips through the client
/// link, the session handlers on both sides and the server delegate. Off by default (it takes seconds and
/// its figure means little in debug builds); run with
/// `FEIGE_PERF=1 swift test -c release --filter CMPPConnectionThroughput`.
@Suite("CMPPConnection throughput", .enabled(if: ProcessInfo.processInfo.environment["FEIGE_PERF"] == "1"))
struct CMPPConnectionThroughputTests {
    @Test("SUBMITs per second on one link", .serialized, arguments: [16, 256])
    func submitsPerSecond(window: Int) async throws {
        let total = 200_000
        let callers = 512
        let session = {
            var session = ServerTestSupport.session
            session.window = window
            return session
        }()
        let delegate = TestServerDelegate()
        try await ServerTestSupport.withServer(delegate: delegate, session: session) { _, _, port in
            let link = try await ServerTestSupport.factory(port: port, session: session).connect(
                inbound: { _ in },
                logger: ServerTestSupport.logger
            )
            let message = ServerTestSupport.submit("throughput")
            let clock = ContinuousClock()
            let start = clock.now
            let answered = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<callers {
                    group.addTask {
                        var answered = 0
                        for _ in 0..<(total / callers) {
                            if case .submitResponse = try await link.request(message) { answered += 1 }
                        }
                        return answered
                    }
                }
                return try await group.reduce(0, +)
            }
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print(
                "CMPP link throughput, W=\(window): \(answered) SUBMITs in \(elapsed): \(Int(Double(answered) / seconds))/s"
            )
            #expect(answered == (total / callers) * callers)
            link.close()
        }
    }
}
