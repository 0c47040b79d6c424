import CMPPCore
import CMPPNIO
import FeigeCommands
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Testing

/// A link that answers every SUBMIT with Result `result` and a fresh Msg_Id, then, when the SUBMIT asked for
/// one, delivers a status report (`stat`) for each destination, as an ISMG would.
private final class ReportingLink: CMPPClientLink, Sendable {
    let inbound: @Sendable (CMPPInboundRequest) -> Void
    let result: CMPPResult
    let stat: CMPPStat?
    private let state = NIOLockedValueBox(
        (nextID: UInt64(500), closed: false, waiters: [CheckedContinuation<CMPPSessionError?, Never>]())
    )

    init(inbound: @escaping @Sendable (CMPPInboundRequest) -> Void, result: CMPPResult, stat: CMPPStat?) {
        self.inbound = inbound
        self.result = result
        self.stat = stat
    }

    var connectResponse: CMPPConnectResponse {
        CMPPConnectResponse(status: .success, authenticatorISMG: .empty, version: .v2_0)
    }

    func request(_ message: CMPPMessage) async throws -> CMPPMessage {
        guard case .submit(let submit) = message else { throw CMPPSessionError(code: .protocolViolation) }
        let id = state.withLockedValue { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        if let stat, submit.registeredDelivery == 1, result == .success {
            Task {
                try await Task.sleep(for: .milliseconds(5))
                for destination in submit.destinationTerminalIDs {
                    let report = CMPPStatusReport(
                        messageID: CMPPMessageID(rawValue: id),
                        stat: stat,
                        submitTime: "2611210800",
                        doneTime: "2611210801",
                        destinationTerminalID: destination,
                        smscSequence: 1
                    )
                    let deliver = CMPPDeliver(
                        messageID: CMPPMessageID(rawValue: id + 10_000),
                        destinationID: "10657",
                        sourceTerminalID: destination,
                        content: .statusReport(report)
                    )
                    inbound(
                        CMPPInboundRequest(sequenceID: CMPPSequenceID(rawValue: 1), message: .deliver(deliver)) {
                            _,
                            _ in
                        }
                    )
                }
            }
        }
        return .submitResponse(CMPPSubmitResponse(messageID: CMPPMessageID(rawValue: id), result: result))
    }

    func terminate() async { close() }

    func close() {
        let waiters = state.withLockedValue { state -> [CheckedContinuation<CMPPSessionError?, Never>] in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    func closed() async -> CMPPSessionError? {
        await withCheckedContinuation { continuation in
            let closed = state.withLockedValue { state -> Bool in
                if !state.closed { state.waiters.append(continuation) }
                return state.closed
            }
            if closed { continuation.resume(returning: nil) }
        }
    }
}

private struct ReportingLinkFactory: CMPPClientLinkFactory {
    var result: CMPPResult = .success
    var stat: CMPPStat? = .delivered
    var refusal: CMPPConnectStatus?
    /// When set, the link delivers a report on Msg_Id 1 (not one of ours) as soon as it logs in.
    var staleReportAtLogin = false

    func connect(
        inbound: @escaping @Sendable (CMPPInboundRequest) -> Void,
        logger: Logger
    ) async throws -> any CMPPClientLink {
        if let refusal { throw CMPPSessionError.loginRejected(refusal) }
        if staleReportAtLogin {
            let report = CMPPStatusReport(
                messageID: 1,
                stat: .delivered,
                submitTime: "2611200800",
                doneTime: "2611200801",
                destinationTerminalID: "13800138000",
                smscSequence: 1
            )
            let deliver = CMPPDeliver(
                messageID: 2,
                destinationID: "10657",
                sourceTerminalID: "13800138000",
                content: .statusReport(report)
            )
            inbound(CMPPInboundRequest(sequenceID: CMPPSequenceID(rawValue: 9), message: .deliver(deliver)) { _, _ in })
        }
        return ReportingLink(inbound: inbound, result: result, stat: stat)
    }
}

@Suite("feige send, run against a mock ISMG")
struct SendCommandExecuteTests {
    fileprivate func client(_ factory: ReportingLinkFactory) -> CMPPClient {
        CMPPClient(
            configuration: .init(
                host: "ismg",
                credentials: CMPPCredentials(spID: "901234", secret: "s"),
                // Not what these tests are about: in the full suite the client's `run()` can wait seconds in the
                // executor's queue before it connects (2.5 s measured), and a 1 s wait for a ready link then
                // failed with "no link ready" instead of the outcome under test.
                connectTimeout: .seconds(30)
            ),
            linkFactory: factory,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }

    fileprivate func execute(
        _ factory: ReportingLinkFactory,
        waitReport: TimeAmount?,
        destinations: [String] = ["13800138000"]
    ) async throws
        -> (Int32, [String])
    {
        let lines = NIOLockedValueBox<[String]>([])
        let status = try await SendCommand.execute(
            client: client(factory),
            text: String(repeating: "a", count: 200),
            destinations: destinations,
            options: CMPPSubmitOptions(registeredDelivery: waitReport == nil ? 0 : 1),
            waitReport: waitReport,
            json: false,
            emit: { line in lines.withLockedValue { $0.append(line) } }
        )
        return (status, lines.withLockedValue { $0 })
    }

    @Test func printsThePartsAndExitsZero() async throws {
        let (status, lines) = try await execute(ReportingLinkFactory(), waitReport: nil)
        #expect(status == 0)
        #expect(lines == ["501 0", "502 0"])
    }

    @Test func waitsForEveryReport() async throws {
        let (status, lines) = try await execute(
            ReportingLinkFactory(),
            waitReport: .seconds(5),
            destinations: ["13800138000", "13800138001"]
        )
        #expect(status == 0)
        #expect(Array(lines.prefix(2)) == ["501 0", "502 0"])
        #expect(
            Set(lines.dropFirst(2))
                == [
                    "501 DELIVRD 13800138000", "501 DELIVRD 13800138001", "502 DELIVRD 13800138000",
                    "502 DELIVRD 13800138001",
                ]
        )
    }

    @Test func anOlderReportPushedAtLoginIsPrintedAfterThePartsAndNotCounted() async throws {
        var factory = ReportingLinkFactory()
        factory.staleReportAtLogin = true
        let (status, lines) = try await execute(factory, waitReport: .seconds(5))
        #expect(status == 0)
        #expect(Array(lines.prefix(2)) == ["501 0", "502 0"])
        #expect(
            Set(lines.dropFirst(2)) == ["1 DELIVRD 13800138000", "501 DELIVRD 13800138000", "502 DELIVRD 13800138000"]
        )
    }

    @Test func failsWhenAReportSaysUndelivered() async throws {
        let (status, lines) = try await execute(ReportingLinkFactory(stat: .undeliverable), waitReport: .seconds(5))
        #expect(status == 1)
        #expect(lines.count == 4)
    }

    @Test func failsWhenTheReportsDoNotComeInTime() async throws {
        let (status, lines) = try await execute(ReportingLinkFactory(stat: nil), waitReport: .milliseconds(50))
        #expect(status == 1)
        #expect(lines == ["501 0", "502 0"])
    }

    @Test func failsOnANonZeroResult() async throws {
        let (status, lines) = try await execute(
            ReportingLinkFactory(result: .serviceCodeError, stat: nil),
            waitReport: nil
        )
        #expect(status == 1)
        #expect(lines.allSatisfy { $0.hasSuffix(" 7") })
    }

    @Test func aRefusedLoginThrowsWithItsStatus() async throws {
        do {
            _ = try await execute(ReportingLinkFactory(refusal: .authenticationError), waitReport: nil)
            Issue.record("expected a refused login")
        } catch let error as CMPPClientError {
            #expect(error == .loginRejected)
            #expect(ClientFailure.describe(error, host: "ismg", port: 7890).contains("Status 3 (authentication error)"))
        }
    }
}
