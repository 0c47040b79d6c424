import CMPPCore
import NIOCore

/// The timing and flow-control parameters of one CMPP link, either role (§6 通信方式).
///
/// The spec's recommended values are the defaults: a window W of 16, a response timeout T of 60 s, N = 3
/// sends in all, and an ACTIVE_TEST after C = 3 minutes of idleness. "参数C、T、N原则上应可配置": each is
/// configurable. Implementations disagree on them in the field (fact sheet §2, §11 #13–14), so tests and
/// simulators usually shorten them.
///
/// ## Related types
/// The session state machines read these values; ``CMPPCredentials`` holds the login side.
public struct CMPPSessionConfiguration: Hashable, Sendable {
    /// W: the most of our requests that may be unacknowledged at once. A request beyond it waits
    /// (back-pressure); it is not failed.
    ///
    /// The same bound applies the other way: once this many of the peer's requests are unanswered, the
    /// link stops reading until one is answered, so a peer that ignores the window is slowed, not failed.
    public var window: Int
    /// T: how long to wait for a response before the same frame (same Sequence_Id) is sent again.
    public var responseTimeout: TimeAmount
    /// N: how many times a request is sent in all before it fails (1 send + N−1 resends, §6.2).
    /// ACTIVE_TEST follows the same rule: N unanswered probes and the link is dead.
    public var maximumSends: Int
    /// C: idle time (nothing received) after which an ACTIVE_TEST is sent on a long connection.
    public var heartbeatInterval: TimeAmount
    /// How long a login may take: CONNECT to CONNECT_RESP (client), or accept to CONNECT (server).
    public var loginTimeout: TimeAmount
    /// The largest Total_Length accepted from the peer.
    public var maximumFrameLength: Int

    public init(
        window: Int = CMPPDefaults.windowSize,
        responseTimeout: TimeAmount = .seconds(60),
        maximumSends: Int = CMPPDefaults.maximumSendAttempts,
        heartbeatInterval: TimeAmount = .seconds(180),
        loginTimeout: TimeAmount = .seconds(30),
        maximumFrameLength: Int = CMPPDefaults.maximumFrameLength
    ) {
        self.window = window
        self.responseTimeout = responseTimeout
        self.maximumSends = maximumSends
        self.heartbeatInterval = heartbeatInterval
        self.loginTimeout = loginTimeout
        self.maximumFrameLength = maximumFrameLength
    }
}
