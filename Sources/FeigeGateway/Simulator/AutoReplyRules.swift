/// The simulated handsets' auto-replies: rules that answer an MT message with MO messages, so a tester
/// can exercise MO (CMPP_DELIVER, §7.4.5.1) without any other tool (issue #5 §6).
///
/// Rules are tried in order and the first that matches answers; its replies are sent in order. A rule
/// matches an MT message when it has no keyword, or when its keyword equals the message's first word,
/// ignoring case (words are separated by any white space, the ideographic space included).
///
/// ### Examples
/// ```yaml
/// auto_replies:
///   - keyword: PING      # "ping me" → "PONG"
///     reply: PONG
///   - keyword: ECHO      # "echo 你好" → "echo 你好"
///     echo: true
///     delay: 2s
/// ```
public struct AutoReplyRules: Hashable, Sendable {
    /// One rule.
    public struct Rule: Hashable, Sendable {
        /// Which MT messages the rule answers.
        public enum Trigger: Hashable, Sendable {
            /// Every message.
            case anyMessage
            /// Messages whose first word is this keyword, ignoring case.
            case keyword(String)
        }

        /// One reply.
        public enum Reply: Hashable, Sendable {
            /// The MT message's text, unchanged.
            case echo
            /// A fixed text.
            case text(String)
        }

        /// Which MT messages the rule answers.
        public var trigger: Trigger
        /// The replies, sent in order; at least one.
        public var replies: [Reply]
        /// How long after the MT the replies are sent.
        public var delay: Duration

        public init(trigger: Trigger, replies: [Reply], delay: Duration = .milliseconds(500)) {
            self.trigger = trigger
            self.replies = replies
            self.delay = delay
        }

        func matches(firstWord: Substring?) -> Bool {
            switch trigger {
            case .anyMessage:
                return true
            case .keyword(let keyword):
                guard let firstWord else { return false }
                return firstWord.lowercased() == keyword.lowercased()
            }
        }
    }

    /// The rules, tried in order.
    public var rules: [Rule]

    /// No auto-replies.
    public static let none = AutoReplyRules(rules: [])

    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// The MO messages the handset `handset` sends back after receiving `mtText` from `serviceCode` (the
    /// MT's Src_Id); empty when no rule matches.
    public func replies(to mtText: String, from serviceCode: String, to handset: String) -> [PlannedMO] {
        let firstWord = mtText.split(maxSplits: 1, omittingEmptySubsequences: true, whereSeparator: \.isWhitespace)
            .first
        guard let rule = rules.first(where: { $0.matches(firstWord: firstWord) }) else { return [] }
        return rule.replies.map { reply in
            let text: String
            switch reply {
            case .echo: text = mtText
            case .text(let fixed): text = fixed
            }
            return PlannedMO(sourceTerminalID: handset, destinationID: serviceCode, text: text, delay: rule.delay)
        }
    }
}
