/// Why a `feige bench` configuration cannot run: each case's description is the message the command prints.
public enum BenchConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `--target` is neither `embedded` nor `HOST:PORT`.
    case invalidTarget(String)
    /// A count that must be at least `minimum` is not (`--links`, `--window`, `--messages`, …).
    case tooSmall(option: String, value: Int, minimum: Int)
    /// A count above what the bench or CMPP allows (the window of §6.1, Msg_Length of §7.4.3.1).
    case tooLarge(option: String, value: Int, maximum: Int)
    /// A duration that must be a positive number of seconds is not (`--seconds`, `--report-timeout`).
    case notPositive(option: String)
    /// A delay below zero (`--report-delay-ms`).
    case negative(option: String)
    /// An option that shapes a paced run without `--rate` (`--tick-us`).
    case needsRate(option: String)
    /// `--messages` and `--seconds` together.
    case messagesAndSeconds
    /// `--store` with a gateway the bench did not start.
    case storeNeedsEmbeddedTarget
    /// `--size` that the encoding cannot fill (UCS2 takes whole 2-octet characters).
    case oddUCS2Size(Int)
    /// An encoding the bench does not generate.
    case unsupportedEncoding(String)

    public var description: String {
        switch self {
        case .invalidTarget(let text):
            "--target must be 'embedded' or HOST:PORT (e.g. 127.0.0.1:7890 or [::1]:7890), not '\(text)'"
        case .tooSmall(let option, let value, let minimum):
            "\(option) must be at least \(minimum), not \(value)"
        case .tooLarge(let option, let value, let maximum):
            "\(option) must be at most \(maximum), not \(value)"
        case .notPositive(let option):
            "\(option) must be a positive number of seconds"
        case .negative(let option):
            "\(option) must not be negative"
        case .needsRate(let option):
            "\(option) shapes a paced run: it needs --rate"
        case .messagesAndSeconds:
            "--messages and --seconds cannot be used together"
        case .storeNeedsEmbeddedTarget:
            "--store only applies to the embedded gateway; a gateway at HOST:PORT runs the store it was started with"
        case .oddUCS2Size(let size):
            "--size \(size) is odd: UCS2 content is made of 2-octet characters"
        case .unsupportedEncoding(let name):
            "--encoding must be auto, ascii or ucs2, not '\(name)'"
        }
    }
}
