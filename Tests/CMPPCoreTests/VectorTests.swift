import CMPPCore
import NIOCore
import Testing

@Suite("Shared CMPP vectors (../shared/vectors/cmpp.json)")
struct VectorTests {
    @Test func vectorFileIsPresent() throws {
        let vectors = try CMPPVector.load()
        #expect(vectors.count >= 10)
    }

    @Test("decodes to its fields and encodes back to the same bytes", arguments: CMPPVector.all.filter(\.isFrame))
    func frameVector(_ vector: CMPPVector) throws {
        let bytes = hexBuffer(vector.hex)
        let frame = try CMPPFrame(decoding: bytes)
        expectFields(frame.message.fields, match: vector.fields)
        var encoded = ByteBuffer()
        let length = try encoded.writeCMPPFrame(frame)
        #expect(length == bytes.readableBytes)
        #expect(hexString(encoded.readableBytesView) == vector.hex)
    }

    @Test func statusReportVector() throws {
        let vector = try #require(CMPPVector.all.first { !$0.isFrame })
        var body = hexBuffer(vector.hex)
        let report = try body.readCMPPStatusReport()
        expectFields(report.fields, match: vector.fields)
        #expect(report.stat == .delivered)
        var encoded = ByteBuffer()
        try encoded.writeCMPPStatusReport(report)
        #expect(hexString(encoded.readableBytesView) == vector.hex)
    }

    @Test func connectAuthenticatorMatchesTheVectorSecret() throws {
        let vector = try #require(CMPPVector.all.first { $0.secret != nil })
        guard case .connect(let connect) = try CMPPFrame(decoding: hexBuffer(vector.hex)).message else {
            Issue.record("not a CONNECT")
            return
        }
        #expect(CMPPAuthentication.verify(connect, secret: try #require(vector.secret)))
        #expect(!CMPPAuthentication.verify(connect, secret: "888889"))
    }
}
