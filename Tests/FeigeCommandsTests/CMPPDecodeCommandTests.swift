import ArgumentParser
import FeigeCommands
import Foundation
import Testing

@Suite("feige cmpp decode")
struct CMPPDecodeCommandTests {
    static let submit =
        "000000bd0000000400000017000000000000000001010101746573740000000000000231333530303030323639360000000000000000000000000839303030303130323130000000003135313130353133313535353130312b000000000000000000000000000000000000393030303031000000000000000000000000000000013133353030303032363936000000000000000000001e6d4b8bd50067006f0063006d007000700020007300750062006d006900740000000000000000"
    static let deliverMO =
        "00000056 00000005 0a27a515 7fd913c12d34b9c9 3130303835000000000000000000000000000000004d434e323231303130310000003836313837373536343831343100000000000000000001720000000000000000"
    static let statusReport =
        "00000091000000050000001700000000000000013130303835000000000000000000000000000000000000000000000000000000000031333431323334303030300000000000000000000001" + "3c"
        + "b4c553000001000044454c49565244313531313132303935353135313131323039353731333431323334303030300000000000000000000012345678"
        + "0000000000000000"

    private func object(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func submitAsJSON() throws {
        let output = CMPPDecodeCommand.decode([Self.submit], json: true)
        #expect(output.exitCode == 0)
        let json = try object(try #require(output.lines.first))
        #expect(json["Total_Length"] as? Int == 189)
        #expect(json["Command_Id"] as? String == "CMPP_SUBMIT")
        #expect(json["Sequence_Id"] as? Int == 23)
        let body = try #require(json["body"] as? [String: Any])
        #expect(body["Msg_Id"] as? String == "0")
        #expect(body["Pk_total"] as? Int == 1)
        #expect(body["Registered_Delivery"] as? Int == 1)
        #expect(body["Dest_terminal_Id"] as? [String] == ["13500002696"])
        #expect(body["Msg_Content"] as? String == "6d4b8bd50067006f0063006d007000700020007300750062006d00690074")
        #expect(body["text"] as? String == "测试gocmpp submit")
        #expect(body["Msg_Id_parts"] is [String: Any])
        // Keys come in wire order.
        let line = try #require(output.lines.first)
        #expect(line.range(of: "\"Pk_total\"")!.lowerBound < line.range(of: "\"Dest_terminal_Id\"")!.lowerBound)
    }

    @Test func deliverWithSpacesInTheHex() throws {
        let output = CMPPDecodeCommand.decode([Self.deliverMO], json: true)
        let body = try #require(try object(output.lines[0])["body"] as? [String: Any])
        #expect(body["Msg_Id"] as? String == "9212416233171106249")
        let parts = try #require(body["Msg_Id_parts"] as? [String: Int])
        #expect(parts == ["month": 7, "day": 31, "hour": 22, "minute": 17, "second": 15, "gateway": 77108, "sequence": 47561])
        #expect(body["Src_terminal_Id"] as? String == "8618775648141")
        #expect(body["text"] as? String == "r")
    }

    @Test func statusReportGetsAReport() throws {
        let output = CMPPDecodeCommand.decode([Self.statusReport], json: true)
        #expect(output.exitCode == 0)
        let body = try #require(try object(output.lines[0])["body"] as? [String: Any])
        let report = try #require(body["report"] as? [String: Any])
        #expect(report["Stat"] as? String == "DELIVRD")
        #expect(report["Msg_Id"] as? String == "13025908756704198656")
        #expect(report["Submit_time"] as? String == "1511120955")
        #expect(report["Done_time"] as? String == "1511120957")
        #expect(report["Dest_terminal_Id"] as? String == "13412340000")
        #expect(report["SMSC_sequence"] as? Int == 305_419_896)
        #expect((report["Msg_Id_parts"] as? [String: Int])?["month"] == 11)
    }

    @Test func badFramePrintsAnErrorAfterTheOthersAndExits1() throws {
        let output = CMPPDecodeCommand.decode(["0000000c 00000003 00000001", "zz", "0000000c0000000800000017"], json: true)
        #expect(output.exitCode == 1)
        #expect(output.lines.count == 3)
        #expect(try object(output.lines[0])["error"] is String)
        #expect(try object(output.lines[1])["error"] is String)
        #expect(try object(output.lines[2])["Command_Id"] as? String == "CMPP_ACTIVE_TEST")
    }

    @Test func humanReadableDump() {
        let output = CMPPDecodeCommand.decode([Self.submit], json: false)
        #expect(output.lines.first == "CMPP_SUBMIT  Total_Length 189  Sequence_Id 23")
        #expect(output.lines.contains("  Dest_terminal_Id: 13500002696"))
        #expect(output.lines.contains("  text: 测试gocmpp submit"))
    }

    @Test func isRegisteredUnderFeige() throws {
        let command = try FeigeCommand.parseAsRoot(["cmpp", "decode", "--json", "0000000c0000000800000017"])
        #expect(command is CMPPDecodeCommand)
    }
}
