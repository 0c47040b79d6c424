import CMPPCore

extension SimulatorConfiguration {
    /// Reads the `simulator:` section; an absent part keeps ``standard``'s.
    init(configuration value: ConfigurationValue) throws(GatewayConfigurationError) {
        self = .standard
        let keys = try value.mapping(allowedKeys: ["enabled", "network", "auto_replies"])
        if let enabled = keys.optional("enabled") {
            isEnabled = try enabled.boolean()
        }
        if let network = keys.optional("network") {
            self.network = try SimulatedNetwork(configuration: network)
        }
        if let replies = keys.optional("auto_replies") {
            autoReplies = replies.isNull ? .none : try AutoReplyRules(configuration: replies)
        }
    }
}

extension SimulatedNetwork {
    /// Reads `network:`: `rules` (a list) and a `default` behaviour.
    init(configuration value: ConfigurationValue) throws(GatewayConfigurationError) {
        let keys = try value.mapping(allowedKeys: ["rules", "default"])
        var defaultBehaviour = SimulatedNetwork.unknownNumberBehaviour
        if let node = keys.optional("default") {
            let behaviourKeys = try node.mapping(allowedKeys: Behaviour.configurationKeys)
            defaultBehaviour = try Behaviour(configuration: behaviourKeys)
        }
        var rules: [Rule] = []
        var seen: [NumberPattern: String] = [:]
        for item in try keys.optionalNonNull("rules")?.sequence() ?? [] {
            let ruleKeys = try item.mapping(allowedKeys: ["number", "prefix"] + Behaviour.configurationKeys)
            let pattern: NumberPattern
            let patternNode: ConfigurationValue
            switch (ruleKeys.optional("number"), ruleKeys.optional("prefix")) {
            case (let number?, nil):
                pattern = .exact(try number.digits(expected: "a handset number of 1…21 digits", lengths: 1...21))
                patternNode = number
            case (nil, let prefix?):
                pattern = .prefix(try prefix.digits(expected: "a number prefix of 1…21 digits", lengths: 1...21))
                patternNode = prefix
            case (.some, .some):
                throw item.error(.invalidValue, "a rule has either \"number\" or \"prefix\", not both")
            case (nil, nil):
                throw item.error(.missingKey, "a rule needs \"number\" (one handset) or \"prefix\" (a number range)")
            }
            if let first = seen[pattern] {
                throw patternNode.error(.duplicate, "duplicate rule for \(pattern): \(first) has it already")
            }
            seen[pattern] = item.path
            rules.append(Rule(pattern, try Behaviour(configuration: ruleKeys)))
        }
        self.init(rules: rules, defaultBehaviour: defaultBehaviour)
    }
}

extension SimulatedNetwork.Behaviour {
    static let configurationKeys = ["stat", "delay", "errors"]

    /// The delay of a rule that gives none.
    static let defaultDelay = SimulatedDelay.fixed(.seconds(1))

    /// Reads `stat`, `delay` and `errors` from a rule or the default.
    init(configuration keys: ConfigurationMapping) throws(GatewayConfigurationError) {
        self.init(delay: Self.defaultDelay)
        if let stat = keys.optional("stat") {
            finalStat = try Self.stat(stat)
        }
        if let delay = keys.optional("delay") {
            self.delay = try delay.delay()
        }
        if let errors = keys.optional("errors") {
            for (stat, rate) in try errors.pairs() {
                self.errors.append(WeightedOutcome(try Self.stat(stat), probability: try rate.probability()))
            }
            try checkTotal(self.errors.totalProbability(), of: errors)
        }
    }

    private static func stat(_ value: ConfigurationValue) throws(GatewayConfigurationError) -> CMPPStat {
        CMPPStat(
            rawValue: try value.asciiText(expected: "a Stat of 1…7 characters, like DELIVRD or MK:0001", lengths: 1...7)
        )
    }
}

extension AutoReplyRules {
    /// Reads `auto_replies:`, a list of rules.
    init(configuration value: ConfigurationValue) throws(GatewayConfigurationError) {
        var rules: [Rule] = []
        for item in try value.sequence() {
            let keys = try item.mapping(allowedKeys: ["keyword", "reply", "echo", "delay"])
            var trigger = Rule.Trigger.anyMessage
            if let keyword = keys.optional("keyword") {
                let text = try keyword.text(expected: "a keyword").trimmingWhitespace()
                guard !text.isEmpty, !text.contains(where: \.isWhitespace) else {
                    throw keyword.expected("a keyword: one word")
                }
                trigger = .keyword(text)
            }
            var replies: [Rule.Reply] = []
            if let echo = keys.optional("echo"), try echo.boolean() {
                replies.append(.echo)
            }
            if let reply = keys.optional("reply") {
                for node in try reply.scalarOrSequence() {
                    replies.append(.text(try node.text(expected: "a reply text")))
                }
            }
            guard !replies.isEmpty else {
                throw item.error(.missingKey, "an auto-reply needs \"reply\" (a text or a list) or \"echo: true\"")
            }
            var rule = Rule(trigger: trigger, replies: replies)
            if let delay = keys.optional("delay") {
                rule.delay = try delay.duration()
            }
            rules.append(rule)
        }
        self.init(rules: rules)
    }
}
