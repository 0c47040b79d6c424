import CMPPCore
import NIOCore
import NIOTestUtils
import Testing

@Suite("CMPPFrameDecoder")
struct CMPPFrameDecoderTests {
    private func encoded(_ frames: [CMPPFrame]) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        for frame in frames {
            try buffer.writeCMPPFrame(frame)
        }
        return buffer
    }

    @Test func passesByteToMessageDecoderVerifier() throws {
        let pairs = try messageFixtures.enumerated().map { index, fixture in
            let frame = CMPPFrame(sequenceID: CMPPSequenceID(rawValue: UInt32(index)), message: fixture.message)
            return (try encoded([frame]), [frame])
        }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
            CMPPFrameDecoder()
        }
    }

    @Test func waitsForTheWholeFrameWithoutConsuming() throws {
        let whole = try encoded([CMPPFrame(sequenceID: 1, message: messageFixtures[4].message)])
        var decoder = CMPPFrameDecoder()
        for length in [0, 5, 12, whole.readableBytes - 1] {
            var partial = whole.getSlice(at: 0, length: length)!
            #expect(try decoder.decode(buffer: &partial) == nil)
            #expect(partial.readableBytes == length)
        }
    }

    @Test(arguments: [0, 11])
    func totalLengthBelowTheHeaderIsRejected(_ length: UInt32) {
        var buffer = ByteBuffer()
        buffer.writeMultipleIntegers(length, UInt32(8), UInt32(3))
        var decoder = CMPPFrameDecoder()
        #expect(throws: CMPPError(.frameTooShort, reason: "")) { try decoder.decode(buffer: &buffer) }
    }

    @Test func oversizedFrameIsRejectedBeforeItArrives() {
        var buffer = ByteBuffer()
        buffer.writeMultipleIntegers(UInt32(CMPPDefaults.maximumFrameLength + 1), UInt32(4), UInt32(3))
        var decoder = CMPPFrameDecoder()
        let error = #expect(throws: CMPPError.self) { try decoder.decode(buffer: &buffer) }
        #expect(error?.code == .frameTooLong)
        #expect(error?.sequenceID == 3)
    }

    @Test func trailingGarbageInTheBodyIsRejected() throws {
        // ACTIVE_TEST_RESP with two body bytes instead of one.
        var buffer = hexBuffer("0000000e 80000008 00000017 00 ff")
        var decoder = CMPPFrameDecoder()
        let error = #expect(throws: CMPPError.self) { try decoder.decode(buffer: &buffer) }
        #expect(error?.code == .trailingBytes)
        #expect(error?.frame?.readableBytes == 14)
    }

    @Test func truncatedBodyIsRejected() {
        // SUBMIT_RESP whose Total_Length leaves out the Result byte.
        var buffer = hexBuffer("00000014 80000004 00000017 0000000000000001")
        var decoder = CMPPFrameDecoder()
        #expect(throws: CMPPError(.truncated, reason: "")) { try decoder.decode(buffer: &buffer) }
    }

    @Test func streamEndingInsideAFrameIsTruncated() {
        var buffer = hexBuffer("0000000d 80000008 000000")
        var decoder = CMPPFrameDecoder()
        #expect(throws: CMPPError(.truncated, reason: "")) { try decoder.decodeLast(buffer: &buffer, seenEOF: true) }
    }

    @Test func unknownCommandKeepsTheStreamInSync() throws {
        // Command 0x00000003 is unused (§7.7.1); the next frame must still decode.
        var buffer = hexBuffer("0000000f 00000003 0000002a 010203  0000000c 00000008 0000002b")
        var decoder = CMPPFrameDecoder()
        let error = #expect(throws: CMPPError.self) { try decoder.decode(buffer: &buffer) }
        #expect(error?.code == .unknownCommand)
        #expect(error?.sequenceID == 42)
        #expect(error?.commandID == 3)
        #expect(error?.frame?.readableBytes == 15)
        #expect(try decoder.decode(buffer: &buffer) == CMPPFrame(sequenceID: 43, message: .activeTest))
    }

    @Test func processorSurvivesABadBody() throws {
        let processor = NIOSingleStepByteToMessageProcessor(CMPPFrameDecoder())
        var received: [CMPPFrame] = []
        let input = hexBuffer("0000000f 00000003 0000002a 010203  0000000c 00000008 0000002b")
        #expect(throws: CMPPError.self) { try processor.process(buffer: input) { received.append($0) } }
        try processor.process(buffer: ByteBuffer()) { received.append($0) }
        #expect(received == [CMPPFrame(sequenceID: 43, message: .activeTest)])
    }

    @Test func errorDescriptionsLeaveOutContent() {
        var buffer = hexBuffer("00000020 80000004 00000017 0000000000000001 00 3133353030303032363936")
        var decoder = CMPPFrameDecoder()
        let error = #expect(throws: CMPPError.self) { try decoder.decode(buffer: &buffer) }
        let text = error?.description ?? ""
        #expect(text.contains("CMPP_SUBMIT_RESP"))
        #expect(!text.contains("13500002696"))
        #expect(!text.contains("3133"))
    }

    @Test func encoderWritesWhatTheDecoderReads() throws {
        var buffer = ByteBuffer()
        let frame = CMPPFrame(sequenceID: 9, message: .cancel(CMPPCancel(messageID: 1)))
        try CMPPFrameEncoder().encode(data: frame, out: &buffer)
        #expect(try CMPPFrame(decoding: buffer) == frame)
    }

    @Test func encodingAFieldTooLongThrowsAndWritesNothing() {
        var buffer = ByteBuffer()
        let connect = CMPPConnect(sourceAddress: "9000012", secret: "x", timestamp: 1)
        let error = #expect(throws: CMPPError.self) {
            try buffer.writeCMPPFrame(CMPPFrame(sequenceID: 1, message: .connect(connect)))
        }
        #expect(error?.code == .fieldTooLong)
        #expect(error?.field == "Source_Addr")
        #expect(buffer.readableBytes == 0)
    }

    @Test func moreThan99DestinationsIsRefused() {
        var submit = CMPPSubmit(messageFormat: .ascii, messageSource: "900001", sourceID: "1065", destinationTerminalIDs: [], content: ByteBuffer())
        submit.destinationTerminalIDs = Array(repeating: "13500002696", count: 100)
        var buffer = ByteBuffer()
        #expect(throws: CMPPError(.fieldTooLong, reason: "")) { try buffer.writeCMPPSubmit(submit) }
    }

    @Test func version3LayoutsAreNotImplementedYet() {
        var buffer = ByteBuffer()
        #expect(throws: CMPPError(.unsupportedVersion, reason: "")) {
            try buffer.writeCMPPFrame(CMPPFrame(sequenceID: 1, message: .activeTest), version: .v3_0)
        }
    }
}
