import ArgumentParser
import CMPPCore
import CMPPNIO
import FeigeCommands
import Testing

@Suite("feige send")
struct SendCommandTests {
    func outcome(_ id: UInt64, _ result: CMPPResult = .success, part: Int = 1, of total: Int = 1) -> CMPPSubmitOutcome {
        CMPPSubmitOutcome(
            messageID: CMPPMessageID(rawValue: id),
            result: result,
            partNumber: part,
            partTotal: total,
            reference: 3
        )
    }

    func report(
        _ id: UInt64,
        _ stat: CMPPStat = .delivered,
        to destination: String = "13800138000"
    ) -> CMPPDeliveryReport {
        CMPPDeliveryReport(
            report: CMPPStatusReport(
                messageID: CMPPMessageID(rawValue: id),
                stat: stat,
                submitTime: "2611210800",
                doneTime: "2611210801",
                destinationTerminalID: destination,
                smscSequence: 1
            ),
            deliverMessageID: 99,
            destinationID: "10657",
            serviceID: "",
            matched: nil
        )
    }

    @Test func parsesTheOptionsAndTakesTheSecretFromTheEnvironment() throws {
        let command = try SendCommand.parse([
            "--host", "ismg", "--port", "7890", "--sp-id", "901234", "--secret", "cli", "--to",
            "13800138000, 13800138001",
            "--src-id", "10657", "--service-id", "SVC", "--wait-report", "30", "--encoding", "ucs2", "--links", "2",
            "你好",
        ])
        #expect(command.destinations == ["13800138000", "13800138001"])
        #expect(command.submitOptions.registeredDelivery == 1)
        #expect(command.submitOptions.encoding == .ucs2)
        #expect(command.submitOptions.sourceID == "10657")
        #expect(command.text == "你好")
        let configuration = try command.client.configuration(environment: ["FEIGE_SECRET": "s3cret"])
        #expect(configuration.credentials.secret == "cli")
        #expect(configuration.links == 2)
        #expect(configuration.mode == .long)
        var withoutSecret = command.client
        withoutSecret.secret = nil
        #expect(try withoutSecret.configuration(environment: ["FEIGE_SECRET": "s3cret"]).credentials.secret == "s3cret")
        #expect(throws: (any Error).self) { try withoutSecret.configuration(environment: [:]) }
        #expect(throws: (any Error).self) { try withoutSecret.configuration(environment: ["FEIGE_SECRET": ""]) }
    }

    @Test func rejectsBadArguments() {
        #expect(throws: (any Error).self) {
            try SendCommand.parse([
                "--host", "h", "--sp-id", "901234", "--secret", "s", "--to", "1", "--port", "0", "x",
            ])
        }
        #expect(throws: (any Error).self) {
            try SendCommand.parse(["--host", "h", "--sp-id", "901234", "--secret", "s", "--to", " , ", "x"])
        }
        #expect(throws: (any Error).self) {
            try SendCommand.parse([
                "--host", "h", "--sp-id", "901234", "--secret", "s", "--to", "1", "--encoding", "latin1", "x",
            ])
        }
        #expect(throws: (any Error).self) {
            try SendCommand.parse(["--host", "h", "--sp-id", "901234", "--secret", "s", "--to", "1"])
        }
    }

    @Test func printsOneLinePerPartAndPerReport() {
        #expect(SendCommand.partLine(outcome(1_234_567_890_123, part: 1, of: 2), json: false) == "1234567890123 0")
        #expect(SendCommand.partLine(outcome(5, .flowControlError), json: false) == "5 8")
        #expect(
            SendCommand.partLine(outcome(1_234_567_890_123, part: 1, of: 2), json: true)
                == #"{"type":"submit","msg_id":"1234567890123","result":0,"part":1,"total":2}"#
        )
        #expect(SendCommand.reportLine(report(77), json: false) == "77 DELIVRD 13800138000")
        #expect(
            SendCommand.reportLine(report(77), json: true)
                == #"{"type":"report","msg_id":"77","stat":"DELIVRD","dest":"13800138000","part":null,"total":null,"submit_time":"2611210800","done_time":"2611210801"}"#
        )
    }

    @Test func exitsZeroOnlyWhenEveryPartAndEveryAwaitedReportSucceeded() {
        let parts = [outcome(1, part: 1, of: 2), outcome(2, part: 2, of: 2)]
        let destinations = ["13800138000"]
        #expect(SendCommand.exitStatus(outcomes: parts, destinations: destinations, reports: nil) == 0)
        #expect(
            SendCommand.exitStatus(
                outcomes: [outcome(1), outcome(2, .flowControlError)],
                destinations: destinations,
                reports: nil
            ) == 1
        )
        #expect(SendCommand.exitStatus(outcomes: [], destinations: destinations, reports: nil) == 1)
        #expect(
            SendCommand.exitStatus(outcomes: parts, destinations: destinations, reports: [report(1), report(2)]) == 0
        )
        #expect(SendCommand.exitStatus(outcomes: parts, destinations: destinations, reports: [report(1)]) == 1)
        #expect(
            SendCommand.exitStatus(
                outcomes: parts,
                destinations: destinations,
                reports: [report(1), report(2, .undeliverable)]
            ) == 1
        )
        #expect(SendCommand.expectedReports(parts, destinations: ["a", "b"]).count == 4)
    }

    @Test func explainsFailuresWithTheConnectStatus() {
        let refused = CMPPClientError(code: .loginRejected, connectStatus: .authenticationError)
        #expect(
            ClientFailure.describe(refused, host: "ismg", port: 7890)
                == "error: the ISMG at ismg:7890 refused the login: Status 3 (authentication error)"
        )
        let unreachable = CMPPClientError(code: .noReadyLink)
        #expect(
            ClientFailure.describe(unreachable, host: "ismg", port: 7890)
                == "error: could not connect to ismg:7890 and log in"
        )
    }
}
