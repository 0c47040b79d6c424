/// Which store the embedded gateway of `feige bench` runs with.
public enum BenchStore: String, Hashable, Sendable, CaseIterable, Codable {
    /// The SQLite store in a temporary directory, `synchronous=FULL`: what a production gateway runs.
    case durable
    /// `InMemoryGatewayStore`: what the gateway costs without its disk.
    case memory
}
