import CMPPCore
import NIOCore
import Testing

@Suite("CMPPMessage.refusal")
struct RefusalTests {
    @Test("every request outside the session's own gets a response of its command, which encodes", arguments: messageFixtures)
    func refusal(fixture: MessageFixture) throws {
        let commandID = fixture.message.commandID
        guard let refusal = fixture.message.refusal else {
            // Only responses and the session's own requests have none.
            #expect(commandID.isResponse || [.connect, .terminate, .activeTest].contains(commandID))
            return
        }
        #expect(!commandID.isResponse)
        #expect(refusal.commandID == commandID.response)
        var buffer = ByteBuffer()
        try buffer.writeCMPPFrame(CMPPFrame(sequenceID: 1, message: refusal))
        #expect(try CMPPFrame(decoding: buffer).message == refusal)
    }

    @Test("a refused SUBMIT or DELIVER says command word error; a refused CANCEL did not cancel")
    func results() throws {
        for fixture in messageFixtures {
            switch (fixture.message, fixture.message.refusal) {
            case (.submit, .submitResponse(let response)?):
                #expect(response.result == .commandError)
            case (.deliver(let deliver), .deliverResponse(let response)?):
                #expect(response.result == .commandError && response.messageID == deliver.messageID)
            case (.cancel, .cancelResponse(let response)?):
                #expect(response.successID == 1)
            default:
                continue
            }
        }
    }
}
