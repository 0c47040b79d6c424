import CMPPNIO
import NIOCore
import Synchronization

/// The in-process ISMG the client benchmark drives: logs in SP 900001 (secret 888888) and answers each
/// SUBMIT at once with a fresh Msg_Id and Result 0. No store, no reports: it measures the client and the
/// session layer, not a gateway (that is `feige bench`'s job).
final class BenchISMG: CMPPServerDelegate {
    private let nextMessageID = Atomic<UInt64>(1)

    func login(_ connect: CMPPConnect, peer: SocketAddress?) async -> CMPPServerLoginDecision {
        .verifying(connect, account: "900001", secret: "888888")
    }

    func connectionOpened(_ connection: CMPPServerConnection) {}

    func received(_ request: CMPPInboundRequest, on connection: CMPPServerConnection) {
        switch request.message {
        case .submit:
            let id = nextMessageID.add(1, ordering: .relaxed).oldValue
            request.respond(.submitResponse(CMPPSubmitResponse(messageID: CMPPMessageID(rawValue: id), result: .success)))
        default:
            request.respond(.terminateResponse)
        }
    }

    func connectionClosed(_ connection: CMPPServerConnection, error: CMPPSessionError?) {}
}
