/// What a `feige bench --idle-links N` run measured; encoded as its `--json` object.
public struct IdleLinksResult: Hashable, Sendable, Encodable {
    /// Links asked for.
    public var requested: Int
    /// Links logged in and held open at the measurement.
    public var opened: Int
    /// `embedded` or `HOST:PORT`.
    public var target: String
    /// `durable`, `memory`, or `remote`.
    public var store: String
    /// The bench process's VmRSS before the links were opened.
    public var rssBeforeBytes: UInt64?
    /// The bench process's VmRSS with every link up.
    public var rssAfterBytes: UInt64?
    /// Embedded: (after − before) / opened, the gateway's side and the bench's own side of each link, since
    /// both live in one process. `null` for a remote gateway, whose memory cannot be seen from here.
    public var rssBytesPerLink: Double?
    /// Remote: (after − before) / opened, the bench's own (client) side of each link, to subtract from an
    /// embedded run's figure. `null` when embedded.
    public var clientRSSBytesPerLink: Double?
    /// Seconds it took to open and log in every link.
    public var secondsToOpen: Double
    /// The soft RLIMIT_NOFILE the run had.
    public var openFileLimit: UInt64
    /// Why fewer links than requested were opened, if so.
    public var failure: String?

    public init(
        requested: Int,
        opened: Int,
        target: String,
        store: String,
        rssBeforeBytes: UInt64?,
        rssAfterBytes: UInt64?,
        secondsToOpen: Double,
        openFileLimit: UInt64,
        failure: String?
    ) {
        self.requested = requested
        self.opened = opened
        self.target = target
        self.store = store
        self.rssBeforeBytes = rssBeforeBytes
        self.rssAfterBytes = rssAfterBytes
        var perLink: Double?
        if let rssBeforeBytes, let rssAfterBytes, opened > 0 {
            perLink = (Double(Int64(rssAfterBytes) - Int64(rssBeforeBytes)) / Double(opened)).rounded()
        }
        let embedded = target == BenchTarget.embedded.description
        self.rssBytesPerLink = embedded ? perLink : nil
        self.clientRSSBytesPerLink = embedded ? nil : perLink
        self.secondsToOpen = secondsToOpen
        self.openFileLimit = openFileLimit
        self.failure = failure
    }

    private enum CodingKeys: String, CodingKey {
        case requested, opened, target, store, rssBeforeBytes, rssAfterBytes, rssBytesPerLink, clientRSSBytesPerLink
        case secondsToOpen
        case openFileLimit, failure
    }

    /// Encodes every key, unknown figures as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(requested, forKey: .requested)
        try container.encode(opened, forKey: .opened)
        try container.encode(target, forKey: .target)
        try container.encode(store, forKey: .store)
        try container.encode(rssBeforeBytes, forKey: .rssBeforeBytes)
        try container.encode(rssAfterBytes, forKey: .rssAfterBytes)
        try container.encode(rssBytesPerLink, forKey: .rssBytesPerLink)
        try container.encode(clientRSSBytesPerLink, forKey: .clientRSSBytesPerLink)
        try container.encode(secondsToOpen, forKey: .secondsToOpen)
        try container.encode(openFileLimit, forKey: .openFileLimit)
        try container.encode(failure, forKey: .failure)
    }
}
