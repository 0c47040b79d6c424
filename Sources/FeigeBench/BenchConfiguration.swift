import CMPPCore
import FeigeGateway

/// Everything one `feige bench` load run needs: the gateway, the links and window, the load, the SUBMIT to send.
///
/// ``validated()`` checks the limits before anything connects: the window of CMPP §6.1 (W, 16 by default; the
/// bench allows up to 1024 to measure ISMGs that negotiate larger windows), and Msg_Length of §7.4.3.1
/// (at most 159 octets of ASCII, 140 of UCS2).
public struct BenchConfiguration: Hashable, Sendable {
    /// The gateway to drive.
    public var target: BenchTarget
    /// The SP_Id to log in with (§7.4.1.1 Source_Addr).
    public var spID: String
    /// The shared secret of the login (§7.4.1.1 AuthenticatorSource).
    public var secret: String
    /// Src_Id of every SUBMIT: must start with one of the account's service codes (§7.4.3.1).
    public var sourceID: String
    /// Dest_terminal_Id of every SUBMIT.
    public var destination: String
    /// K: long connections (links) to open.
    public var links: Int
    /// W: the sliding window of each link (§6.1).
    public var window: Int
    /// How many tasks submit at once; `nil` is K × W, one per window slot.
    public var callers: Int?
    /// How much to send.
    public var workload: BenchWorkload
    /// Msg_Length of each SUBMIT, in octets.
    public var size: Int
    /// Msg_Fmt of each SUBMIT: `.auto` and `.ascii` send ASCII (Msg_Fmt 0), `.ucs2` UCS2 (Msg_Fmt 8).
    public var encoding: CMPPSubmit.TextEncoding
    /// Registered_Delivery = 1, and wait for every status report.
    public var waitsForReports: Bool
    /// How long to wait for the reports after the last SUBMIT_RESP.
    public var reportTimeout: Duration
    /// How long the embedded gateway's simulated network takes to deliver each message and report it;
    /// `nil` keeps `feige gateway`'s standard 200 ms – 2 s. Ignored for a remote target.
    public var reportDelay: Duration?
    /// The embedded gateway's store; must be `nil` for a remote target (`.durable` is assumed when `nil`
    /// and embedded).
    public var store: BenchStore?
    /// SUBMITs per second to offer in all, spread evenly over the callers; `nil` sends as fast as the answers
    /// come. A paced SUBMIT that a slow answer held back past its due time counts its latency from the due
    /// time, not from when it went out (no coordinated omission: a stall delays the SUBMITs behind it, and
    /// they count the wait).
    public var rate: Int?
    /// With ``rate``: send the SUBMITs falling due within each tick together, at its end (`--tick-us`), as
    /// ``SubmitSchedule`` describes; `nil` sends each at its own time.
    public var tick: Duration?
    /// How long to send before measuring, with the same links, callers and rate; none of it is counted. What
    /// the measured part then sees is the gateway in its steady state: a fresh store's first pages and log
    /// file already grown, caches filled, the allocators warm (issue #6: at 10 000/s the first 200 ms of a
    /// fresh durable store held 1.2% of all SUBMITs above 2 ms, enough to move p99 of an 8 s run on its own).
    /// With ``waitsForReports`` the warm-up's reports are awaited before the measurement starts.
    public var warmup: Duration
    /// Whether a ``WakeUpProbe`` runs while the bench measures (`--wake-probe`): how late a sleeping thread
    /// wakes on this machine under this load.
    public var probesWakeUps: Bool
    /// The CPU wake-up latency to ask Linux for while the bench runs (`--cpu-wakeup-latency-us`): an embedded
    /// gateway runs with it as ``GatewayConfiguration/cpuWakeUpLatencyLimit`` (held while SPs submit), and
    /// against a remote gateway the bench holds the request itself for the run. `nil` asks nothing.
    public var cpuWakeUpLatencyLimit: Duration?

    public init(
        target: BenchTarget = .embedded,
        spID: String = BenchConfiguration.demoSPID,
        secret: String = BenchConfiguration.demoSecret,
        sourceID: String = BenchConfiguration.demoServiceCode,
        destination: String = BenchConfiguration.defaultDestination,
        links: Int = 1,
        window: Int = 16,
        callers: Int? = nil,
        workload: BenchWorkload = .messages(100_000),
        size: Int = 70,
        encoding: CMPPSubmit.TextEncoding = .auto,
        waitsForReports: Bool = false,
        reportTimeout: Duration = .seconds(60),
        reportDelay: Duration? = nil,
        store: BenchStore? = nil,
        rate: Int? = nil,
        tick: Duration? = nil,
        warmup: Duration = .zero,
        probesWakeUps: Bool = false,
        cpuWakeUpLatencyLimit: Duration? = nil
    ) {
        self.target = target
        self.spID = spID
        self.secret = secret
        self.sourceID = sourceID
        self.destination = destination
        self.links = links
        self.window = window
        self.callers = callers
        self.workload = workload
        self.size = size
        self.encoding = encoding
        self.waitsForReports = waitsForReports
        self.reportTimeout = reportTimeout
        self.reportDelay = reportDelay
        self.store = store
        self.rate = rate
        self.tick = tick
        self.warmup = warmup
        self.probesWakeUps = probesWakeUps
        self.cpuWakeUpLatencyLimit = cpuWakeUpLatencyLimit
    }

    /// The demo account's SP_Id (the embedded gateway's only account).
    public static let demoSPID = "900001"
    /// The demo account's secret.
    public static let demoSecret = "888888"
    /// The demo account's service code, the default Src_Id.
    public static let demoServiceCode = "1065"
    /// A mobile number the standard simulator delivers (it starts with 1).
    public static let defaultDestination = "13800138000"
    /// The largest window the bench accepts.
    public static let maximumWindow = 1024
    /// The most links one run may open.
    public static let maximumLinks = 1024
    /// The longest tick the bench accepts: a second, when a paced run's SUBMITs all go out at once.
    public static let maximumTick: Duration = .seconds(1)

    /// The store the run uses: the configured one, `.durable` for an embedded gateway when none is given,
    /// `nil` for a remote gateway.
    public var effectiveStore: BenchStore? {
        switch target {
        case .embedded: store ?? .durable
        case .remote: nil
        }
    }

    /// The number of submitting tasks.
    public var effectiveCallers: Int { callers ?? links * window }

    /// When a paced run's SUBMITs are due; `nil` when the run is not paced.
    public var schedule: SubmitSchedule? {
        rate.map { SubmitSchedule(rate: $0, tick: tick) }
    }

    /// Checks every limit and returns `self`.
    /// - Throws: the first ``BenchConfigurationError`` found.
    public func validated() throws(BenchConfigurationError) -> BenchConfiguration {
        guard links >= 1 else { throw .tooSmall(option: "--links", value: links, minimum: 1) }
        guard links <= Self.maximumLinks else {
            throw .tooLarge(option: "--links", value: links, maximum: Self.maximumLinks)
        }
        guard window >= 1 else { throw .tooSmall(option: "--window", value: window, minimum: 1) }
        guard window <= Self.maximumWindow else {
            throw .tooLarge(option: "--window", value: window, maximum: Self.maximumWindow)
        }
        if let callers {
            guard callers >= 1 else { throw .tooSmall(option: "--callers", value: callers, minimum: 1) }
        }
        switch workload {
        case .messages(let count):
            guard count >= 1 else { throw .tooSmall(option: "--messages", value: count, minimum: 1) }
        case .duration(let duration):
            guard duration > .zero else { throw .notPositive(option: "--seconds") }
        }
        guard reportTimeout > .zero else { throw .notPositive(option: "--report-timeout") }
        if let rate {
            guard rate >= 1 else { throw .tooSmall(option: "--rate", value: rate, minimum: 1) }
        }
        if let tick {
            guard rate != nil else { throw .needsRate(option: "--tick-us") }
            let microseconds = Int(tick.microseconds)
            guard tick >= .microseconds(1) else {
                throw .tooSmall(option: "--tick-us", value: microseconds, minimum: 1)
            }
            guard tick <= Self.maximumTick else {
                throw .tooLarge(option: "--tick-us", value: microseconds, maximum: Int(Self.maximumTick.microseconds))
            }
        }
        if let reportDelay, reportDelay < .zero { throw .negative(option: "--report-delay-ms") }
        guard warmup >= .zero else { throw .negative(option: "--warmup") }
        if let limit = cpuWakeUpLatencyLimit {
            guard limit >= .zero else { throw .negative(option: "--cpu-wakeup-latency-us") }
            guard limit <= CPUWakeUpLatencyRequest.maximumLimit else {
                let microseconds = Int(limit.microseconds)
                throw .tooLarge(option: "--cpu-wakeup-latency-us", value: microseconds, maximum: Int(Int32.max))
            }
        }
        if case .remote = target, store != nil { throw .storeNeedsEmbeddedTarget }
        switch encoding {
        case .auto, .ascii:
            guard size >= 1 else { throw .tooSmall(option: "--size", value: size, minimum: 1) }
            guard size <= BenchContent.maximumASCIISize else {
                throw .tooLarge(option: "--size", value: size, maximum: BenchContent.maximumASCIISize)
            }
        case .ucs2:
            guard size >= 2 else { throw .tooSmall(option: "--size", value: size, minimum: 2) }
            guard size <= BenchContent.maximumOctetSize else {
                throw .tooLarge(option: "--size", value: size, maximum: BenchContent.maximumOctetSize)
            }
            guard size.isMultiple(of: 2) else { throw .oddUCS2Size(size) }
        case .gb18030:
            throw .unsupportedEncoding(encoding.rawValue)
        }
        return self
    }
}

extension BenchConfiguration: CustomStringConvertible, CustomDebugStringConvertible {
    /// Every setting but the secret.
    public var description: String {
        "BenchConfiguration(target: \(target), spID: \(spID), secret: <redacted>, links: \(links), window: \(window), "
            + "callers: \(effectiveCallers), workload: \(workload), size: \(size), encoding: \(encoding.rawValue), "
            + "reports: \(waitsForReports), store: \(effectiveStore?.rawValue ?? "remote"), "
            + "rate: \(rate.map(String.init) ?? "unpaced"), tick: \(tick.map { "\($0)" } ?? "none"), "
            + "warmup: \(warmup), wake probe: \(probesWakeUps), "
            + "CPU wake-up latency: \(cpuWakeUpLatencyLimit?.configurationDescription ?? "not asked"))"
    }

    public var debugDescription: String { description }
}
