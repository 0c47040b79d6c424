import CMPPCore

/// The simulator section of the gateway configuration: whether the simulated handset network is the
/// gateway's downstream, how it behaves, and how its handsets answer.
public struct SimulatorConfiguration: Hashable, Sendable {
    /// Whether the simulated network delivers the gateway's messages. Today it is the only downstream
    /// (issue #5 §5); a gateway without it keeps messages waiting.
    public var isEnabled: Bool
    /// The per-number and per-prefix delivery rules.
    public var network: SimulatedNetwork
    /// The handsets' auto-replies.
    public var autoReplies: AutoReplyRules

    public init(isEnabled: Bool = true, network: SimulatedNetwork, autoReplies: AutoReplyRules = .none) {
        self.isEnabled = isEnabled
        self.network = network
        self.autoReplies = autoReplies
    }

    /// The simulator of the embedded default and of a configuration file without a `simulator` section:
    /// every number starting with 1 (China's mobile numbers) is `DELIVRD` after 200 ms to 2 s; other
    /// numbers are `UNDELIV`; a handset answers `PING` with `PONG` and echoes messages that start with
    /// `ECHO`.
    public static let standard = SimulatorConfiguration(
        isEnabled: true,
        network: SimulatedNetwork(
            rules: [
                .init(.prefix("1"), .init(delay: .range(.milliseconds(200)...(.seconds(2))), finalStat: .delivered))
            ]
        ),
        autoReplies: AutoReplyRules(rules: [
            .init(trigger: .keyword("PING"), replies: [.text("PONG")]),
            .init(trigger: .keyword("ECHO"), replies: [.echo]),
        ])
    )
}
