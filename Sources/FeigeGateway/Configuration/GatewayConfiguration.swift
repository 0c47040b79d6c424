import CMPPNIO

/// Everything `feige gateway` needs to run: where it listens, its ISMG code, where and how durably it
/// stores messages, the CMPP session timing, its flow control, the SP accounts, and the simulated handset
/// network.
///
/// Read from a YAML file with ``load(path:)`` or ``parse(yaml:fileName:)`` (every option is shown in
/// `config/gateway.example.yaml`); without a file the gateway uses ``embeddedDefault`` (issue #5 §9).
///
/// ## Related types
/// ``GatewayConfigurationError``, ``GatewayAccount``, ``SimulatorConfiguration``, ``FaultProfile``.
public struct GatewayConfiguration: Hashable, Sendable {
    /// How durably the store commits: the SQLite `synchronous` level it runs with in WAL mode.
    public enum StoreDurability: String, Hashable, Sendable, CaseIterable {
        /// Every commit reaches the disk before a SUBMIT is answered with Result 0 (`synchronous=FULL`):
        /// nothing acknowledged is lost, even on power failure.
        case full
        /// Commits survive a crash of the gateway but not of the machine (`synchronous=NORMAL`): faster.
        case normal
    }

    /// The address to listen on: `127.0.0.1` (loopback only), `0.0.0.0`, `::`, or one interface's address.
    public var host: String
    /// The long-connection port (§6.3: 7890); 0 picks a free port.
    public var longConnectionPort: Int
    /// The short-connection port (§6.3: 7900); `nil` when short connections are disabled.
    public var shortConnectionPort: Int?
    /// The highest CMPP version the gateway accepts in CMPP_CONNECT and announces in CONNECT_RESP
    /// (§7.4.1): 2.0 (0x20) by default, so a higher version gets Status 4; 2.1 (0x21) also admits clients
    /// such as gocmpp that ask for it (the 2.1 wire layouts are 2.0's, fact sheet §12).
    public var highestVersion: CMPPVersion
    /// The gateway code written into every Msg_Id (§7.4.3.2, bits 38–17): 0…4 194 303 (22 bits).
    public var gatewayCode: Int
    /// Where the store and its write-ahead log live.
    public var dataDirectory: String
    /// How durably the store commits.
    public var storeDurability: StoreDurability
    /// The CMPP timing of every link: W, T, N, C and the login timeout (§6).
    public var session: CMPPSessionConfiguration
    /// How long a status report or MO waits in an offline SP's outbox (issue #5 §6; 48 h by default,
    /// §7.4.5.1 note 3).
    public var outboxExpiry: Duration
    /// How long a graceful shutdown lets the SPs' links finish their requests in flight and their TERMINATE
    /// exchange (§7.4.2) before it closes those still open (10 s by default). What they leave undone is done
    /// again after a restart: an unanswered DELIVER stays in the outbox.
    public var shutdownTimeout: Duration
    /// The dispatch backlog — MT recipients committed (SUBMIT_RESP Result 0) but not yet handed to the
    /// downstream — at which every account's SUBMITs are answered Result 8, flow control error (§7.4.3.2),
    /// until dispatch catches up (below 90% of it): 1…``DispatchBacklog/maximumLimit``,
    /// ``DispatchBacklog/defaultLimit`` (100 000, about 70 MB of queued messages) by default. See
    /// ``DispatchBacklog``.
    public var maximumDispatchBacklog: Int
    /// While SPs submit (at least 100 a second), ask Linux that idle CPUs wake within this
    /// (``CPUWakeUpLatencyRequest``, held by ``WakeUpLatencyHolder``); `nil`, the default, asks nothing. A
    /// limit of zero keeps idle CPUs polling instead of sleeping: on a VM whose idle vCPUs halt, the answer to a
    /// SUBMIT then waits for no vCPU to be scheduled again (issue #6). Needs write access to
    /// `/dev/cpu_dma_latency` (root, or a udev rule); idle CPUs then draw more power while the gateway is busy.
    public var cpuWakeUpLatencyLimit: Duration?
    /// The SP accounts. With a configuration file only these exist.
    public var accounts: [GatewayAccount]
    /// The simulated handset network.
    public var simulator: SimulatorConfiguration

    public init(
        host: String = GatewayDefaults.host,
        longConnectionPort: Int = GatewayDefaults.longConnectionPort,
        shortConnectionPort: Int? = GatewayDefaults.shortConnectionPort,
        highestVersion: CMPPVersion = .v2_0,
        gatewayCode: Int = GatewayConfiguration.defaultGatewayCode,
        dataDirectory: String = GatewayDefaults.dataDirectory,
        storeDurability: StoreDurability = .full,
        session: CMPPSessionConfiguration = CMPPSessionConfiguration(),
        outboxExpiry: Duration = GatewayDefaults.outboxExpiry,
        shutdownTimeout: Duration = GatewayDefaults.shutdownTimeout,
        maximumDispatchBacklog: Int = DispatchBacklog.defaultLimit,
        cpuWakeUpLatencyLimit: Duration? = nil,
        accounts: [GatewayAccount],
        simulator: SimulatorConfiguration = .standard
    ) {
        self.host = host
        self.longConnectionPort = longConnectionPort
        self.shortConnectionPort = shortConnectionPort
        self.highestVersion = highestVersion
        self.gatewayCode = gatewayCode
        self.dataDirectory = dataDirectory
        self.storeDurability = storeDurability
        self.session = session
        self.outboxExpiry = outboxExpiry
        self.shutdownTimeout = shutdownTimeout
        self.maximumDispatchBacklog = maximumDispatchBacklog
        self.cpuWakeUpLatencyLimit = cpuWakeUpLatencyLimit
        self.accounts = accounts
        self.simulator = simulator
    }

    /// The gateway code when none is configured: 1. A gateway that shares SPs with another must set its own,
    /// or their Msg_Ids may collide.
    public static let defaultGatewayCode = 1

    /// The largest gateway code: 22 bits (§7.4.3.2).
    public static let maximumGatewayCode = 0x3F_FFFF

    /// What `feige gateway` runs without a configuration file (issue #5 §9): loopback only, data in
    /// `./feige-data/`, the standard simulator, and the one lenient demo account (SP_Id 900001, secret
    /// 888888, service code 1065).
    ///
    /// It is lenient the way test tools need, like its demo account: it admits clients that ask for 2.1
    /// (0x21), as gocmpp and PyPI's pycmpp do (fact sheet §11 #4); 2.1 uses 2.0's wire layouts.
    public static let embeddedDefault = GatewayConfiguration(highestVersion: .v2_1, accounts: [.demo])

    /// The SQLite store this configuration asks for: in ``dataDirectory``, committing as ``storeDurability``
    /// says. What ``Gateway`` opens when it is given no store.
    public var storeConfiguration: SQLiteGatewayStore.Configuration {
        SQLiteGatewayStore.Configuration(
            directory: dataDirectory,
            synchronous: storeDurability == .full ? .full : .normal
        )
    }

    /// The accounts indexed for logins, SUBMIT admission and MO routing.
    /// - Throws: ``AccountDirectory/Error`` for a repeated SP_Id or service code (a loaded file has been
    ///   checked for both already).
    public func makeAccountDirectory() throws(AccountDirectory.Error) -> AccountDirectory {
        try AccountDirectory(accounts: accounts)
    }
}
