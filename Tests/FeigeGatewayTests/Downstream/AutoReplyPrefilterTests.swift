import CMPPCore
import NIOCore
import Testing

@testable import FeigeGateway

@Suite("AutoReplyPrefilter")
struct AutoReplyPrefilterTests {
    static let rules = AutoReplyRules(rules: [
        .init(trigger: .keyword("PING"), replies: [.text("PONG")]),
        .init(trigger: .keyword("退订"), replies: [.text("ok")]),
    ])

    static func ucs2(_ text: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        for unit in text.utf16 { buffer.writeInteger(unit, endianness: .big) }
        return buffer
    }

    @Test func keywordsPassInEitherCaseAndFormat() {
        let filter = AutoReplyPrefilter(Self.rules)
        #expect(filter.mayMatch(ByteBuffer(string: "ping"), format: .ascii))
        #expect(filter.mayMatch(ByteBuffer(string: "  PiNg and a long tail of words"), format: .ascii))
        #expect(filter.mayMatch(Self.ucs2("PING 飞鸽"), format: .ucs2))
    }

    @Test func plainASCIIFirstWordsThatAreNoKeywordAreRefused() {
        let filter = AutoReplyPrefilter(Self.rules)
        #expect(!filter.mayMatch(ByteBuffer(string: "Hello world"), format: .ascii))
        #expect(!filter.mayMatch(ByteBuffer(string: "PINGS"), format: .ascii))
        #expect(!filter.mayMatch(ByteBuffer(string: "PIN"), format: .ascii))
        #expect(!filter.mayMatch(Self.ucs2("Feige bench 飞鸽"), format: .ucs2))
        #expect(!filter.mayMatch(ByteBuffer(), format: .ascii))
    }

    @Test func anythingElseIsLeftToTheFullCheck() {
        let filter = AutoReplyPrefilter(Self.rules)
        #expect(filter.mayMatch(Self.ucs2("退订"), format: .ucs2))
        #expect(filter.mayMatch(Self.ucs2("飞鸽"), format: .ucs2))
        #expect(filter.mayMatch(ByteBuffer(string: "x"), format: .gb18030))
        let any = AutoReplyPrefilter(AutoReplyRules(rules: [.init(trigger: .anyMessage, replies: [.echo])]))
        #expect(any.mayMatch(ByteBuffer(string: "Hello"), format: .ascii))
        #expect(!AutoReplyPrefilter(.none).mayMatch(ByteBuffer(string: "PING"), format: .ascii))
    }
}
