import CMPPNIO
import Testing

@Suite("CMPPSessionError and CMPPCredentials")
struct CMPPSessionErrorTests {
    @Test("equality compares the code only")
    func equalityByCode() {
        let a = CMPPSessionError.responseTimeout(.submit, sequenceID: 7, sends: 3)
        let b = CMPPSessionError(code: .responseTimeout, reason: "other")
        #expect(a == b)
        #expect(a != CMPPSessionError.linkClosed(wasSent: true))
    }

    @Test("descriptions name the command and status, never the secret")
    func descriptions() {
        let rejected = CMPPSessionError.loginRejected(.authenticationError)
        #expect(rejected.description.contains("CMPP_CONNECT"))
        #expect(rejected.description.contains("status 3"))
        let closed = CMPPSessionError.linkClosed(.submit, sequenceID: 9, wasSent: true)
        #expect(closed.description.contains("seq 9"))
        #expect(closed.description.contains("after sending"))
        let credentials = CMPPCredentials(spID: "900001", secret: "888888")
        #expect(!credentials.description.contains("888888"))
        #expect(credentials.description.contains("900001"))
    }
}
