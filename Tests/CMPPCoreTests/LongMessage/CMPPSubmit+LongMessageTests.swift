import CMPPCore
import NIOCore
import SMSCodec
import Testing

@Suite("Long messages as CMPP_SUBMITs")
struct CMPPSubmitLongMessageTests {
    private let template = CMPPSubmit(
        registeredDelivery: 1,
        serviceID: "TPCQ",
        messageFormat: .ascii,
        messageSource: "900001",
        sourceID: "1065900001",
        destinationTerminalIDs: ["13800138000"],
        content: ByteBuffer()
    )

    @Test func shortASCIIIsOneSubmitWithoutHeader() throws {
        let parts = try CMPPSubmit.parts(of: String(repeating: "a", count: 160), reference: 7, template: template)
        #expect(parts.count == 1)
        #expect(parts[0].messageFormat == .ascii)
        #expect(parts[0].tpUDHI == 0)
        #expect(parts[0].pkTotal == 1 && parts[0].pkNumber == 1)
        #expect(parts[0].content.readableBytes == 160)
        #expect(parts[0].serviceID == "TPCQ" && parts[0].registeredDelivery == 1)
    }

    /// A text that fits one message skips the segmenter; the SUBMIT must be the one its single part gives.
    @Test(arguments: [
        "", "a", "Feige bench 飞鸽", String(repeating: "飞", count: 70), String(repeating: "飞", count: 68) + "😀",
        "e\u{301}🇨🇳", String(repeating: "[", count: 80), "hello ^{}\\[~]| @", String(repeating: "z", count: 80),
    ])
    func oneMessageMatchesTheSegmenter(_ text: String) throws {
        let parts = try CMPPSubmit.parts(of: text, reference: 7, template: template)
        let ascii = text.utf8.allSatisfy { $0 < 0x80 } && GSM7Alphabet().canEncode(text)
        var options = SMSSegmentationOptions(reference: 7)
        options.encoding = ascii ? .gsm7 : .ucs2
        let expected = try SMSSegmenter.split(text, options: options)
        try #require(expected.count == 1 && expected[0].header == nil)
        let body = ascii ? Array(GSM7Alphabet().decode(expected[0].body).utf8) : expected[0].body
        #expect(parts.count == 1)
        #expect(parts[0].messageFormat == (ascii ? .ascii : .ucs2))
        #expect(parts[0].tpUDHI == 0 && parts[0].pkTotal == 1 && parts[0].pkNumber == 1)
        #expect(Array(parts[0].content.readableBytesView) == body)
        #expect(try parts[0].text() == text)
    }

    @Test func longASCIIIsSplitBySeptets() throws {
        let parts = try CMPPSubmit.parts(of: String(repeating: "a", count: 161), reference: 7, template: template)
        #expect(parts.map(\.content.readableBytes) == [6 + 153, 6 + 8])
        #expect(parts.map(\.tpUDHI) == [1, 1])
        #expect(parts.map(\.pkNumber) == [1, 2])
        #expect(parts.allSatisfy { $0.pkTotal == 2 && $0.messageFormat == .ascii })
        #expect(try parts[1].concatenation() == SMSConcatenation(reference: 7, total: 2, sequence: 2))
        // Extension characters cost two septets: 80 "[" fill one message, 81 need two.
        let brackets = try CMPPSubmit.parts(of: String(repeating: "[", count: 81), reference: 1, template: template)
        #expect(brackets.count == 2)
        #expect(try CMPPSubmit.parts(of: String(repeating: "[", count: 80), reference: 1, template: template).count == 1)
        #expect(try brackets.map { try $0.text() ?? "" }.joined() == String(repeating: "[", count: 81))
    }

    @Test func chinese300CharactersIsFiveUCS2Parts() throws {
        let text = String(repeating: "飞鸽传书，", count: 60)
        let parts = try CMPPSubmit.parts(of: text, reference: 0x2E, template: template)
        #expect(parts.count == 5)
        #expect(parts.allSatisfy { $0.messageFormat == .ucs2 && $0.tpUDHI == 1 && $0.pkTotal == 5 })
        #expect(parts.dropLast().allSatisfy { $0.content.readableBytes == 140 })
        #expect(Array(parts[0].content.readableBytesView.prefix(6)) == [0x05, 0x00, 0x03, 0x2E, 0x05, 0x01])
        #expect(try parts.map { try $0.text() ?? "" }.joined() == text)
    }

    @Test func autoFallsBackToUCS2ForASCIIThatGSM7Lacks() throws {
        let parts = try CMPPSubmit.parts(of: "run `make`", reference: 0, template: template)
        #expect(parts.map(\.messageFormat) == [.ucs2])
        #expect(throws: CMPPError(.invalidText, reason: "")) {
            try CMPPSubmit.parts(of: "短信", encoding: .ascii, reference: 0, template: template)
        }
    }

    @Test func gb18030PartsHoldWholeCharacters() throws {
        let text = String(repeating: "测", count: 70) + "😀" + String(repeating: "试", count: 70)
        let parts = try CMPPSubmit.parts(
            of: text,
            encoding: .gb18030,
            reference: 0x1234,
            referenceKind: .sixteenBit,
            template: template
        )
        #expect(parts.count == 3)
        #expect(parts.allSatisfy { $0.messageFormat == .gb18030 && $0.content.readableBytes <= 140 })
        #expect(try parts[0].concatenation() == SMSConcatenation(reference: 0x1234, total: 3, sequence: 1, kind: .sixteenBit))
        #expect(try parts.map { try $0.text() ?? "" }.joined() == text)
        let single = try CMPPSubmit.parts(of: "测试", encoding: .gb18030, reference: 0, template: template)
        #expect(single.count == 1 && single[0].tpUDHI == 0 && single[0].content.readableBytes == 4)
    }

    @Test func binaryDataIsSplitIntoOctetParts() throws {
        let parts = try CMPPSubmit.parts(ofData: Array(repeating: 0xAB, count: 300), reference: 9, template: template)
        #expect(parts.map(\.content.readableBytes) == [140, 140, 6 + 32])
        #expect(parts.allSatisfy { $0.messageFormat == .binary })
    }

    @Test func partsSurviveTheWire() throws {
        let parts = try CMPPSubmit.parts(of: String(repeating: "长", count: 100), reference: 3, template: template)
        for (index, part) in parts.enumerated() {
            var buffer = ByteBuffer()
            try buffer.writeCMPPFrame(CMPPFrame(sequenceID: CMPPSequenceID(rawValue: UInt32(index)), message: .submit(part)))
            var decoder = CMPPFrameDecoder()
            let frame = try #require(try decoder.decode(buffer: &buffer))
            #expect(frame.message == .submit(part))
        }
    }
}
