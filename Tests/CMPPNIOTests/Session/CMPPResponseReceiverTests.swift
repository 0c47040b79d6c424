import CMPPCore
import NIOCore
import NIOEmbedded
import Testing

@testable import CMPPNIO

@Suite("CMPPResponseReceiver")
struct CMPPResponseReceiverTests {
    @Test("a continuation is resumed with the response")
    func continuationSucceeds() async throws {
        let response = try await withUnsafeThrowingContinuation { continuation in
            CMPPResponseReceiver.continuation(continuation).succeed(SessionFixtures.submitResponse(7))
        }
        #expect(response == SessionFixtures.submitResponse(7))
    }

    @Test("a continuation is resumed with the failure")
    func continuationFails() async {
        await #expect(throws: CMPPSessionError(code: .linkClosed)) {
            _ = try await withUnsafeThrowingContinuation { continuation in
                CMPPResponseReceiver.continuation(continuation).fail(CMPPSessionError.linkClosed(wasSent: true))
            }
        }
    }

    @Test("a promise is fulfilled with the response or failed")
    func promise() throws {
        let loop = EmbeddedEventLoop()
        let succeeded = loop.makePromise(of: CMPPMessage.self)
        CMPPResponseReceiver.promise(succeeded).succeed(SessionFixtures.submitResponse(8))
        #expect(try succeeded.futureResult.wait() == SessionFixtures.submitResponse(8))
        let failed = loop.makePromise(of: CMPPMessage.self)
        CMPPResponseReceiver.promise(failed).fail(CMPPSessionError.linkClosed(wasSent: false))
        #expect(throws: CMPPSessionError(code: .linkClosed)) { try failed.futureResult.wait() }
    }
}
