import CMPPCore
import NIOCore

extension CMPPClient {
    /// Everything a ``CMPPClient`` needs: where the ISMG is, how to log in, the per-link timing, and the
    /// pool's own policies (links, reconnect, resends, flow control, deliveries).
    ///
    /// Only ``host``, ``port`` and ``credentials`` have no default; every other value follows CMPP 2.0 §6
    /// (window 16, T 60 s, N 3, C 3 min) or a conservative production choice, documented on each property.
    public struct Configuration: Hashable, Sendable {
        /// How requests reach the ISMG (§6 通信方式).
        public enum Mode: String, Hashable, Sendable, CaseIterable {
            /// K long connections kept up (port 7890): CONNECT once, then any number of requests, with
            /// ACTIVE_TEST while idle.
            case long
            /// Short connections (§6.2, port 7900): each request opens its own TCP connection, logs in, sends
            /// the one request, waits for its response and TERMINATEs. At most K are open at once.
            case short
        }

        /// What happens to a request that was written to a link when the link dropped, before its response.
        ///
        /// A request that was never written is always moved to another link: it cannot have reached the ISMG.
        public enum InFlightPolicy: String, Hashable, Sendable, CaseIterable {
            /// Send it again on another (or a new) link, at most ``Configuration/maximumRequestAttempts`` times in
            /// all. The ISMG may have received the first copy, so a resent SUBMIT can be delivered twice: the
            /// usual choice of SPs, who prefer a rare duplicate to a lost message.
            case resend
            /// Fail it with ``CMPPClientError/Code/linkLost``: the caller decides (at-most-once).
            case fail
        }

        /// Retrying a SUBMIT the ISMG answered with Result 8 (流量控制错, flow control).
        public struct FlowControlRetry: Hashable, Sendable {
            /// How many times a SUBMIT refused with Result 8 is sent again; 0 returns the first Result 8.
            public var maximumRetries: Int
            /// The waits between those retries.
            public var backoff: CMPPReconnectBackoff

            public init(
                maximumRetries: Int = 3,
                backoff: CMPPReconnectBackoff = CMPPReconnectBackoff(
                    initial: .milliseconds(500),
                    maximum: .seconds(10)
                )
            ) {
                self.maximumRetries = max(0, maximumRetries)
                self.backoff = backoff
            }
        }

        /// The ISMG's host name or address.
        public var host: String
        /// The ISMG's port: 7890 for long connections, 7900 for short ones (§6.3), or whatever the operator
        /// assigned.
        public var port: Int
        /// Source_Addr and the shared secret (§7.4.1.1).
        public var credentials: CMPPCredentials
        /// W, T, N, C and the login timeout of each link.
        public var session: CMPPSessionConfiguration
        /// K: how many links are kept up (long mode) or may be open at once (short mode). The ISMG limits
        /// connections per account and refuses extras with CONNECT_RESP Status 5; ask the operator for the limit.
        public var links: Int
        /// Long or short connections.
        public var mode: Mode
        /// The back-off between attempts to open a link.
        public var reconnect: CMPPReconnectBackoff
        /// What happens to requests in flight when their link drops.
        public var inFlightOnLinkLoss: InFlightPolicy
        /// How many links one request may be tried on, when links drop under it.
        public var maximumRequestAttempts: Int
        /// Retries of a SUBMIT refused with Result 8.
        public var flowControlRetry: FlowControlRetry
        /// How long to wait for the TCP connection; also how long a request waits for a ready link before it
        /// fails with ``CMPPClientError/Code/noReadyLink``.
        public var connectTimeout: TimeAmount
        /// How long the parts of a long MO message wait for the missing ones before the message is delivered
        /// flagged incomplete (``CMPPMOMessage/isComplete``).
        public var reassemblyTimeout: TimeAmount
        /// The most long MO messages that may wait for parts at once; beyond it the oldest is delivered
        /// incomplete.
        public var maximumPendingMOMessages: Int
        /// How long a submitted part is remembered for matching its status report: by default 48 hours, the
        /// SP's default wait for a report (§7.4.5.1 note 3).
        public var reportTrackingHorizon: TimeAmount
        /// The most submitted parts remembered for matching reports (200 000 by default, some tens of MB);
        /// beyond it the oldest is forgotten, and its report comes unmatched. Raise it with the SP's 48-hour volume.
        public var maximumTrackedParts: Int
        /// How long a status report that matches no recorded part is held back while report-requesting SUBMITs
        /// await their SUBMIT_RESP: it may have overtaken its own part's response (on another link, or before
        /// the caller took the response in). Held reports go unmatched once no SUBMIT awaits its response.
        public var reportMatchGrace: TimeAmount
        /// The delivery buffer's low watermark: below it the buffer asks for more.
        public var deliveryBufferLowWatermark: Int
        /// The delivery buffer's high watermark. The buffer never holds more deliveries than the links' windows
        /// let in (K × W unanswered DELIVERs), since each DELIVER_RESP waits for the hand-over.
        public var deliveryBufferHighWatermark: Int
        /// How long a graceful shutdown (or ``CMPPClient/shutdown()``) lets the links finish their requests in
        /// flight and their TERMINATE exchange (§7.4.2) before it closes those still open. A request whose link
        /// is closed so fails with ``CMPPClientError/Code/linkLost``: the ISMG may have taken it.
        public var shutdownTimeout: TimeAmount

        /// ``shutdownTimeout`` when none is given: 10 s, time for a responsive ISMG to answer and terminate, well
        /// inside a service manager's stop timeout (systemd's is 90 s). Without it an ISMG that answers nothing
        /// holds the shutdown for T × (N + 1) per request and 2 T more per link: minutes by the spec's defaults.
        public static let defaultShutdownTimeout: TimeAmount = .seconds(10)

        public init(
            host: String,
            port: Int = 7890,
            credentials: CMPPCredentials,
            session: CMPPSessionConfiguration = CMPPSessionConfiguration(),
            links: Int = 1,
            mode: Mode = .long,
            reconnect: CMPPReconnectBackoff = CMPPReconnectBackoff(),
            inFlightOnLinkLoss: InFlightPolicy = .resend,
            maximumRequestAttempts: Int = 3,
            flowControlRetry: FlowControlRetry = FlowControlRetry(),
            connectTimeout: TimeAmount = .seconds(10),
            reassemblyTimeout: TimeAmount = .seconds(60),
            maximumPendingMOMessages: Int = 1024,
            reportTrackingHorizon: TimeAmount = .hours(48),
            maximumTrackedParts: Int = 200_000,
            reportMatchGrace: TimeAmount = .milliseconds(500),
            deliveryBufferLowWatermark: Int = 16,
            deliveryBufferHighWatermark: Int = 64,
            shutdownTimeout: TimeAmount = Configuration.defaultShutdownTimeout
        ) {
            self.host = host
            self.port = port
            self.credentials = credentials
            self.session = session
            self.links = max(1, links)
            self.mode = mode
            self.reconnect = reconnect
            self.inFlightOnLinkLoss = inFlightOnLinkLoss
            self.maximumRequestAttempts = max(1, maximumRequestAttempts)
            self.flowControlRetry = flowControlRetry
            self.connectTimeout = connectTimeout
            self.reassemblyTimeout = reassemblyTimeout
            self.maximumPendingMOMessages = max(1, maximumPendingMOMessages)
            self.reportTrackingHorizon = reportTrackingHorizon
            self.maximumTrackedParts = max(1, maximumTrackedParts)
            self.reportMatchGrace = max(.zero, reportMatchGrace)
            self.deliveryBufferLowWatermark = max(0, deliveryBufferLowWatermark)
            self.deliveryBufferHighWatermark = max(1, deliveryBufferHighWatermark, deliveryBufferLowWatermark)
            self.shutdownTimeout = max(.zero, shutdownTimeout)
        }
    }
}
