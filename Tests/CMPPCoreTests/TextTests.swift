import CMPPCore
import NIOCore
import SMSCodec
import Testing

@Suite("Msg_Fmt text")
struct TextTests {
    @Test func ucs2WithSurrogatePairs() throws {
        let text = "短信😀"
        let bytes = try CMPPMessageFormat.ucs2.encodeText(text)
        #expect(bytes.count == 8)
        #expect(try CMPPMessageFormat.ucs2.decodeText(bytes) == text)
    }

    @Test(arguments: [[UInt8(0x00)], [0xD8, 0x3D, 0x00, 0x41], [0xDE, 0x00]])
    func badUCS2IsATypedError(_ bytes: [UInt8]) {
        #expect(throws: CMPPError(.invalidText, reason: "")) { try CMPPMessageFormat.ucs2.decodeText(bytes) }
    }

    @Test func gb18030WorksOnThisPlatform() throws {
        let bytes = try CMPPMessageFormat.gb18030.encodeText("测试")
        #expect(bytes == [0xB2, 0xE2, 0xCA, 0xD4])
        #expect(try CMPPMessageFormat.gb18030.decodeText(bytes) == "测试")
    }

    @Test func binaryFormatsHaveNoText() throws {
        #expect(try CMPPMessageFormat.binary.decodeText([1, 2, 3]) == nil)
        #expect(try CMPPMessageFormat.simCardWrite.decodeText([1]) == nil)
        #expect(throws: CMPPError.self) { try CMPPMessageFormat.binary.encodeText("x") }
    }

    @Test func asciiRefusesNonASCIIOnEncode() {
        #expect(throws: CMPPError(.invalidText, reason: "")) { try CMPPMessageFormat.ascii.encodeText("é") }
    }

    @Test func overlongHeadersAreTypedErrors() {
        for content: [UInt8] in [[0x05, 0x00, 0x03], [0x03, 0x00, 0x05, 0x01]] {
            #expect(throws: CMPPError(.invalidValue, reason: "")) {
                try CMPPUserData.concatenation(of: ByteBuffer(bytes: content), tpUDHI: 1)
            }
        }
    }

    @Test func concatenationIsReadFromTheHeader() throws {
        for concatenation in [
            SMSConcatenation(reference: 0x2E, total: 3, sequence: 1),
            SMSConcatenation(reference: 0xBEEF, total: 9, sequence: 9, kind: .sixteenBit),
        ] {
            let header = UserDataHeader(elements: [concatenation.element]).encoded()
            #expect(try CMPPUserData.concatenation(of: ByteBuffer(bytes: header), tpUDHI: 1) == concatenation)
            #expect(try CMPPUserData.concatenation(of: ByteBuffer(bytes: header), tpUDHI: 0) == nil)
        }
        // Another IE (0x0A, text formatting) before the concatenation IE is skipped.
        let mixed = ByteBuffer(bytes: [0x09, 0x0A, 0x02, 0x00, 0x01, 0x00, 0x03, 0x07, 0x02, 0x01])
        #expect(try CMPPUserData.concatenation(of: mixed, tpUDHI: 1) == SMSConcatenation(reference: 7, total: 2, sequence: 1))
        // Part 0 is ignored, as TS 23.040 tells receivers.
        #expect(try CMPPUserData.concatenation(of: ByteBuffer(bytes: [5, 0, 3, 7, 2, 0]), tpUDHI: 1) == nil)
    }
}
