import CMPPNIO
import NIOCore

/// What `feige gateway` does when given no configuration: the embedded defaults of issue #5 §9.
///
/// It listens on loopback only, keeps its data in `./feige-data/`, runs the simulated handset network,
/// and has one lenient demo account that it prints at start-up.
public enum GatewayDefaults {
    /// The address the embedded gateway binds: loopback only, so a default start exposes nothing.
    public static let host = "127.0.0.1"
    /// Long connections, SP ↔ ISMG (§6.3).
    public static let longConnectionPort = 7890
    /// Short connections, SP ↔ ISMG (§6.3).
    public static let shortConnectionPort = 7900
    /// Where the store and its write-ahead log live, relative to the working directory.
    public static let dataDirectory = "feige-data"
    /// How long a report or MO message waits in an account's outbox for an offline SP: the 48 hours an SP
    /// waits for a status report by default (§7.4.5.1 note 3).
    public static let outboxExpiry: Duration = .seconds(48 * 3600)
    /// How long a graceful shutdown (SIGTERM, SIGINT) lets the SPs' links finish their requests in flight and
    /// their TERMINATE before it closes them: ``CMPPNIO/CMPPServer/Configuration/defaultShutdownTimeout``.
    public static let shutdownTimeout: Duration = Duration(CMPPServer.Configuration.defaultShutdownTimeout)

    /// The demo account: SP_Id 900001, secret 888888, service code 1065.
    public enum DemoAccount {
        public static let spID = "900001"
        public static let secret = "888888"
        public static let serviceCode = "1065"
    }
}
