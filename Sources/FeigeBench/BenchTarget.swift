/// The gateway `feige bench` drives: one it starts in its own process, or one already running.
public enum BenchTarget: Hashable, Sendable, CustomStringConvertible {
    /// A ``FeigeGateway/Gateway`` started in the bench's process on a loopback port, with a temporary store
    /// and the demo account, and stopped (its data deleted) afterwards.
    case embedded
    /// A gateway listening at `host:port` (its long-connection port, §6.3).
    case remote(host: String, port: Int)

    /// Reads `embedded` or `HOST:PORT` (`[IPv6]:PORT` for an IPv6 address).
    /// - Throws: ``BenchConfigurationError`` when the text is neither.
    public init(parsing text: String) throws(BenchConfigurationError) {
        if text == "embedded" {
            self = .embedded
            return
        }
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw .invalidTarget(text)
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw .invalidTarget(text)
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (1...65_535).contains(port) else {
            throw .invalidTarget(text)
        }
        self = .remote(host: String(host), port: port)
    }

    public var description: String {
        switch self {
        case .embedded: "embedded"
        case .remote(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }
}
