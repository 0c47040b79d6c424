import ArgumentParser
import CMPPCore
import CMPPNIO
import FeigeCommands
import Testing

@Suite("feige listen")
struct ListenCommandTests {
    @Test func parses() throws {
        let command = try ListenCommand.parse(["--host", "ismg", "--sp-id", "901234", "--secret", "s", "--json"])
        #expect(command.json)
        #expect(command.client.port == 7890)
    }

    @Test func printsMessagesAndReports() {
        let message = CMPPMOMessage(
            sourceTerminalID: "13800138000",
            destinationID: "10657",
            serviceID: "SVC",
            tpPID: 0,
            messageFormat: .ucs2,
            data: [],
            text: "你好",
            messageIDs: [11, 12],
            partTotal: 3,
            missingParts: [3],
            reference: 9
        )
        #expect(
            ListenCommand.line(.message(message), json: false)
                == "MO 13800138000 10657 11,12 你好 [incomplete: missing 3]"
        )
        #expect(
            ListenCommand.line(.message(message), json: true)
                == #"{"type":"message","src":"13800138000","dest_id":"10657","service_id":"SVC","msg_fmt":8,"msg_ids":["11","12"],"text":"你好","data":null,"parts":3,"complete":false,"missing":[3]}"#
        )
        let binary = CMPPMOMessage(
            sourceTerminalID: "1",
            destinationID: "2",
            serviceID: "",
            tpPID: 0,
            messageFormat: .binary,
            data: [0xAB, 0x01],
            text: nil,
            messageIDs: [5],
            partTotal: 1
        )
        #expect(ListenCommand.line(.message(binary), json: false) == "MO 1 2 5 ab01")
        let report = CMPPDeliveryReport(
            report: CMPPStatusReport(
                messageID: 77,
                stat: .expired,
                submitTime: "2611210800",
                doneTime: "2611210801",
                destinationTerminalID: "13800138000",
                smscSequence: 1
            ),
            deliverMessageID: 99,
            destinationID: "10657",
            serviceID: "",
            matched: nil
        )
        #expect(ListenCommand.line(.report(report), json: false) == "REPORT 77 EXPIRED 13800138000")
    }
}
