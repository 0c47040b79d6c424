import CMPPCore
import FeigeBench
import NIOCore
import Testing

@Suite("BenchContent")
struct BenchContentTests {
    @Test func asciiContentHasTheRequestedLength() {
        let submit = BenchContent.submit(for: BenchConfiguration(size: 159))
        #expect(submit.messageFormat == .ascii)
        #expect(submit.content.readableBytes == 159)
        #expect(submit.content.readableBytesView.allSatisfy { $0 < 0x80 })
        #expect(submit.registeredDelivery == 0)
        #expect(submit.pkTotal == 1 && submit.pkNumber == 1)
        #expect(submit.messageSource == "900001")
        #expect(submit.sourceID == "1065")
        #expect(submit.destinationTerminalIDs == ["13800138000"])
    }

    @Test func ucs2ContentIsWholeCharactersAndReportsAreAskedFor() {
        let submit = BenchContent.submit(for: BenchConfiguration(size: 140, encoding: .ucs2, waitsForReports: true))
        #expect(submit.messageFormat == .ucs2)
        #expect(submit.content.readableBytes == 140)
        #expect(submit.registeredDelivery == 1)
        #expect(Array(submit.content.readableBytesView.prefix(4)) == [0x98, 0xDE, 0x9E, 0x3D])
    }

    @Test func theSubmitEncodesWithinCMPPLimits() throws {
        let submit = BenchContent.submit(for: BenchConfiguration(size: 159))
        var buffer = ByteBuffer()
        let written = try buffer.writeCMPPFrame(CMPPFrame(sequenceID: 1, message: .submit(submit)))
        #expect(written == buffer.readableBytes)
        #expect(written > 159)
    }
}
