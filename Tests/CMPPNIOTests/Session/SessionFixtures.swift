import CMPPCore
import CMPPNIO
import NIOCore

/// Messages and instants the session tests share.
enum SessionFixtures {
    /// An arbitrary starting instant; tests add `TimeAmount`s to it.
    static let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000_000)

    static func submit(_ text: String = "hi", to number: String = "13800138000") -> CMPPMessage {
        .submit(
            CMPPSubmit(
                messageFormat: .ascii,
                messageSource: "900001",
                sourceID: "1065",
                destinationTerminalIDs: [number],
                content: ByteBuffer(string: text)
            )
        )
    }

    static func submitResponse(_ messageID: UInt64 = 42) -> CMPPMessage {
        .submitResponse(CMPPSubmitResponse(messageID: CMPPMessageID(rawValue: messageID), result: .success))
    }

    static func deliver(_ text: String = "mo") -> CMPPMessage {
        .deliver(
            CMPPDeliver(
                messageID: 7,
                destinationID: "1065",
                sourceTerminalID: "13800138000",
                content: .message(ByteBuffer(string: text))
            )
        )
    }

    static func deliverResponse(_ messageID: UInt64 = 7) -> CMPPMessage {
        .deliverResponse(CMPPDeliverResponse(messageID: CMPPMessageID(rawValue: messageID), result: .success))
    }

    static let credentials = CMPPCredentials(spID: "900001", secret: "888888", ismgAuthenticatorCheck: .strict)

    static let connect = CMPPConnect(sourceAddress: "900001", secret: "888888", timestamp: 1_021_080_510)

    /// Short timings so tests read easily: W 4, T 10 s, N 3, C 60 s, login 5 s.
    static let configuration = CMPPSessionConfiguration(
        window: 4,
        responseTimeout: .seconds(10),
        maximumSends: 3,
        heartbeatInterval: .seconds(60),
        loginTimeout: .seconds(5)
    )
}
