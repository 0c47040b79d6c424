import ArgumentParser
import FeigeCommands
import Testing

@Suite("feige pdu decode|encode")
struct PDUCommandTests {
    static let article = "0891683108200805F0040D91683188902848F4000850208151754500108FD9662F4E0067616D4B8BD577ED4FE1"
    static let keys = [
        "type", "smsc", "firstOctet", "number", "numberType", "mr", "pid", "dcs", "encoding", "class", "udh", "concat",
        "text", "data", "scts", "dt", "vp", "st", "srr", "rd", "rp", "mms", "cmgsLength",
    ]

    @Test func jsonHasExactlyTheKeys() {
        let output = PDUDecodeCommand.output(for: [Self.article], json: true)
        #expect(output.exitCode == 0)
        #expect(output.lines.count == 1)
        let line = output.lines[0]
        let expected =
            #"{"class":null,"cmgsLength":36,"concat":null,"data":null,"dcs":8,"dt":null,"encoding":"ucs2","#
            + #""firstOctet":"04","mms":true,"mr":null,"number":"+8613880982844","numberType":"international","#
            + #""pid":0,"rd":null,"rp":false,"scts":"2005-02-18T15:57:54+00:00","smsc":"+8613800280500","srr":false,"#
            + #""st":null,"text":"这是一条测试短信","type":"deliver","udh":null,"vp":null}"#
        #expect(line == expected)
        for key in Self.keys { #expect(line.contains("\"\(key)\":")) }
    }

    @Test func jsonOfAConcatenated8BitMessageAndAStatusReport() {
        let wapPush = "0041000B915121551532F40004" + "0B" + "0605040B8423F0" + "DEADBEEF"
        let report = "0006D60B911326880736F4111011719551401110117195714000"
        let command = "000242AB00340491361900"
        let output = PDUDecodeCommand.output(for: [wapPush, command], json: true, direction: .toNetwork)
        #expect(output.lines[0].contains(#""udh":[{"data":"0B8423F0","iei":5}]"#))
        #expect(output.lines[0].contains(#""text":null"#))
        #expect(output.lines[0].contains(#""data":"DEADBEEF""#))
        #expect(output.lines[0].contains(#""encoding":"8bit""#))
        // Towards the network MTI 10 is a COMMAND; the default direction reads it as a STATUS-REPORT.
        #expect(output.lines[1].contains(#""type":"command""#))
        #expect(output.lines[1].contains(#""number":"+6391""#))
        let automatic = PDUDecodeCommand.output(for: [report], json: true)
        #expect(automatic.lines[0].contains(#""st":"00""#))
        #expect(automatic.lines[0].contains(#""dt":"2011-01-11T17:59:17+01:00""#))
    }

    @Test func concatObject() {
        let part = "07919730071111F1400B919746121611F10000811170021222230E06080412340201C8329BFD6601"
        let line = PDUDecodeCommand.output(for: [part], json: true).lines[0]
        #expect(line.contains(#""concat":{"reference":4660,"sequence":1,"total":2}"#))
        #expect(line.contains(#""text":"Hello,""#))
    }

    @Test func errorLineAndExitStatusAfterTheOthers() {
        let output = PDUDecodeCommand.output(for: ["0G", Self.article, "0004"], json: true)
        #expect(output.exitCode == 1)
        #expect(output.lines.count == 3)
        #expect(output.lines[0] == #"{"error":"character 1 is not a hex digit","field":"hex","offset":1}"#)
        #expect(output.lines[1].hasPrefix(#"{"class""#))
        #expect(output.lines[2].contains(#""field":"TP-OA","offset":2"#))
    }

    @Test func readableDump() {
        let output = PDUDecodeCommand.output(for: [Self.article], json: false)
        #expect(output.lines.contains("type: deliver"))
        #expect(output.lines.contains("text: 这是一条测试短信"))
        #expect(!output.lines.contains { $0.hasPrefix("vp:") })
    }

    @Test func encodeTheArticleSubmit() throws {
        let command = try PDUEncodeCommand.parse([
            "--to", "+8613880982844", "--smsc", "+8613800280500", "--validity", "63w", "这是一条测试短信",
        ])
        let output = command.output()
        #expect(output.exitCode == 0)
        #expect(output.lines == ["31 0891683108200805F011000D91683188902848F40008FF108FD9662F4E0067616D4B8BD577ED4FE1"])
    }

    @Test func encodeSplitsAndSetsTheFlags() throws {
        let text = String(repeating: "x", count: 161)
        let command = try PDUEncodeCommand.parse([
            "--to", "10086", "--report", "--reject-duplicates", "--flash", "--reference", "7", "--validity", "1h", text,
        ])
        let lines = command.output().lines
        #expect(lines.count == 2)
        // SUBMIT with UDHI, SRR, VPF relative and RD; DCS 0x10 (flash); VP 0x0B = 1 h; UDH ref 7, part 1 of 2.
        #expect(lines[0].hasPrefix("151 00750005810180F600100BA0050003070201"))
        #expect(lines[1].contains("050003070202"))
        let json = try PDUEncodeCommand.parse(["--to", "1", "--json", "--encoding", "ucs2", "hi"]).output()
        #expect(json.lines == [#"[{"cmgsLength":12,"pdu":"0001000181F100080400680069"}]"#])
    }

    @Test func encodeErrorIsTyped() throws {
        let output = try PDUEncodeCommand.parse(["--to", "1", "--encoding", "gsm7", "--json", "中"]).output()
        #expect(output.exitCode == 1)
        #expect(output.lines.first?.contains(#""field":"text""#) == true)
    }

    @Test(arguments: [
        ["--to", "1", "--class", "5", "x"], ["--to", "", "x"], ["--to", "1", "--validity", "3x", "x"],
        ["--to", "1", "--validity", "64w", "x"], ["--to", "1", "--flash", "--class", "1", "x"],
        ["--to", "1", "--reference", "70000", "x"], ["--to", "1", "--encoding", "latin1", "x"],
    ])
    func badOptionsAreValidationErrors(arguments: [String]) {
        #expect(throws: (any Error).self) { try PDUEncodeCommand.parse(arguments) }
        #expect(PDUEncodeCommand.exitCode(for: ValidationError("")) != .success)
    }

    @Test func theGroupIsRegistered() throws {
        let command = try FeigeCommand.parseAsRoot(["pdu", "decode", "--json", Self.article])
        #expect(command is PDUDecodeCommand)
    }
}
