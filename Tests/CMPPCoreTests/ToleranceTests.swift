import CMPPCore
import NIOCore
import SMSCodec
import Testing

/// The deviations of real gateways the fact sheet's §11 lists, and what the codec does with each.
@Suite("§11 tolerances")
struct ToleranceTests {
    @Test func activeTestResponseWithoutReservedByte() throws {
        // §11 #6: a Gansu test gateway sends a 12-byte ACTIVE_TEST_RESP.
        let bytes = hexBuffer("0000000c 80000008 00000017")
        let frame = try CMPPFrame(decoding: bytes)
        #expect(frame.message == .activeTestResponse(CMPPActiveTestResponse(reserved: nil)))
        var encoded = ByteBuffer()
        try encoded.writeCMPPFrame(frame)
        #expect(encoded == bytes)
    }

    @Test(arguments: [UInt8(0x01), 0x40, 0x41])
    func udhiAsSetByTheSpecOrByTheField(_ tpUDHI: UInt8) throws {
        // §11 #8: field traffic sends 0x40 instead of 0x01.
        let submit = CMPPSubmit(
            tpUDHI: tpUDHI,
            messageFormat: .ascii,
            messageSource: "900001",
            sourceID: "1065",
            destinationTerminalIDs: ["13500002696"],
            content: ByteBuffer(bytes: [0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x02] + Array("hi".utf8))
        )
        #expect(submit.hasUserDataHeader)
        #expect(try submit.concatenation() == SMSConcatenation(reference: 0x1234, total: 2, sequence: 2, kind: .sixteenBit))
        #expect(try submit.text() == "hi")
    }

    @Test func udhiZeroMeansNoHeader() throws {
        let submit = CMPPSubmit(
            messageFormat: .ascii,
            messageSource: "900001",
            sourceID: "1065",
            destinationTerminalIDs: ["1"],
            content: ByteBuffer(bytes: [0x05, 0x00, 0x03, 1, 2, 1])
        )
        #expect(try submit.concatenation() == nil)
        #expect(try submit.text()?.utf8.count == 6)
    }

    @Test func threeZeroLengthStatusReportOnA2_0Link() throws {
        // §11 #10: a 71-byte (3.0 layout) report on a 2.0 link.
        var report = reportFixture
        report.layout = .cmpp30
        report.destinationTerminalID = "8613412340000123456789"  // 22 characters: only fits 3.0's 32
        let deliver = CMPPDeliver(messageID: 1, destinationID: "10085", sourceTerminalID: "13412340000", content: .statusReport(report))
        var buffer = ByteBuffer()
        #expect(try buffer.writeCMPPFrame(CMPPFrame(sequenceID: 1, message: .deliver(deliver))) == 85 + 71)
        let decoded = try CMPPFrame(decoding: buffer)
        guard case .deliver(let back) = decoded.message else {
            Issue.record("not a DELIVER")
            return
        }
        #expect(back.statusReport?.layout == .cmpp30)
        #expect(back.statusReport?.destinationTerminalID == "8613412340000123456789")
    }

    @Test func anyNonZeroRegisteredDeliveryIsAReport() throws {
        // §11 #10: SMSGate treats every non-zero Registered_Delivery as a report; the value survives.
        let deliver = CMPPDeliver(
            messageID: 1,
            destinationID: "10085",
            sourceTerminalID: "1",
            registeredDelivery: 2,
            content: .statusReport(reportFixture)
        )
        var buffer = ByteBuffer()
        try buffer.writeCMPPFrame(CMPPFrame(sequenceID: 1, message: .deliver(deliver)))
        #expect(try CMPPFrame(decoding: buffer).message == .deliver(deliver))
    }

    @Test func statusReportOfAnotherLengthIsATypedError() {
        var body = ByteBuffer(bytes: Array(repeating: 0x30, count: 59))
        #expect(throws: CMPPError(.invalidValue, reason: "")) { try body.readCMPPStatusReport() }
    }

    @Test func fourByteCancelResponse() throws {
        // §11 #5: SMSGate sends Success_Id in four bytes on 2.0 links (total 16).
        let bytes = hexBuffer("00000010 80000007 00000017 00000001")
        let frame = try CMPPFrame(decoding: bytes)
        #expect(frame.message == .cancelResponse(CMPPCancelResponse(successID: 1, isFourByteSuccessID: true)))
        var encoded = ByteBuffer()
        try encoded.writeCMPPFrame(frame)
        #expect(encoded == bytes)
    }

    @Test(arguments: [UInt8(0x20), 0x21, 0x00, 0x01])
    func versionsSpokenAs2x(_ raw: UInt8) {
        // §11 #4: 0x20, gocmpp's 0x21, and SMSGate's 0x00/0x01 all mean the 2.x layouts.
        #expect(CMPPVersion(rawValue: raw).uses2xLayouts)
        #expect(!CMPPVersion.v3_0.uses2xLayouts)
    }

    @Test func result9MeansOtherErrorIn2_0ButHasA2_1Meaning() {
        // §11 #7.
        #expect(CMPPResult(rawValue: 9).meaning(in: .v2_0) == "other error (9)")
        #expect(CMPPResult(rawValue: 9).meaning(in: .v2_1) == "charged number not served by this gateway")
        #expect(CMPPResult.flowControlError.meaning(in: .v2_0) == "flow control error")
    }

    @Test func forwardGatewayCodesArePaddedWithASCIIZeroButNULPaddingIsRead() throws {
        // §11 #12: the spec right-aligns with '0'; gocmpp left-aligns with NULs.
        var buffer = ByteBuffer()
        try buffer.writeCMPPZeroPaddedOctetString("1002", length: 6, field: "Source_Id")
        #expect(buffer.readCMPPOctetString(length: 6) == "001002")
        var goStyle = ByteBuffer(bytes: Array("1002".utf8) + [0, 0])
        #expect(goStyle.readCMPPZeroPaddedOctetString(length: 6) == "001002")
    }

    @Test func authenticatorsWithNULBytesAreNotCStrings() throws {
        // §11 #16: a digest with 0x00 in it keeps all 16 bytes.
        let digest = try CMPPAuthenticator(bytes: [0x00, 0x11] + Array(repeating: 0x00, count: 13) + [0xFF])
        let connect = CMPPConnect(sourceAddress: "900001", authenticatorSource: digest, version: .v2_0, timestamp: 1)
        var buffer = ByteBuffer()
        try buffer.writeCMPPFrame(CMPPFrame(sequenceID: 1, message: .connect(connect)))
        #expect(try CMPPFrame(decoding: buffer).message == .connect(connect))
    }

    @Test func asciiContentOf160BytesIsAccepted() throws {
        // §11 #11: several implementations send up to 160 ASCII bytes; the codec enforces only the byte field.
        let submit = CMPPSubmit(
            messageFormat: .ascii,
            messageSource: "900001",
            sourceID: "1065",
            destinationTerminalIDs: ["1"],
            content: ByteBuffer(repeating: UInt8(ascii: "a"), count: 160)
        )
        var buffer = ByteBuffer()
        try buffer.writeCMPPFrame(CMPPFrame(sequenceID: 1, message: .submit(submit)))
        #expect(try CMPPFrame(decoding: buffer).message == .submit(submit))
    }
}
