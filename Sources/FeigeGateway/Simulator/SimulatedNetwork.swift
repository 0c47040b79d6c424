import CMPPCore
import Foundation

/// The simulated handset network behind the gateway: per-number and per-prefix rules that say how long
/// delivery takes and how it ends, so an SP can test every status report (§7.4.5.1 `Stat`) without a
/// real SMSC.
///
/// A destination is matched against the rules — an exact number beats any prefix, and a longer prefix
/// beats a shorter one — and the matching rule's ``Behaviour`` decides. A destination no rule matches
/// gets ``defaultBehaviour``, which is `UNDELIV` unless configured otherwise: a number the network does
/// not know cannot be reached.
///
/// Destinations are compared without a leading `+86` or `86` (an 11-digit number behind it), the country
/// prefixes the 2.0 revision history allows in `Dest_terminal_Id` (fact sheet §6.4), so a rule for
/// `138` also matches `8613800138000`.
///
/// ### Examples
/// ```yaml
/// network:
///   rules:
///     - prefix: "138"           # DELIVRD after 1–3 s, but 5 % UNDELIV
///       delay: 1s..3s
///       errors: { UNDELIV: 5% }
///     - number: "13900000000"   # this handset is switched off
///       stat: EXPIRED
///       delay: 10s
/// ```
///
/// ## Related types
/// ``SimulatedOutcome``, ``AutoReplyRules``, ``CMPPSMPPTime`` (ValId_Time and At_Time).
public struct SimulatedNetwork: Hashable, Sendable {
    /// What happens to a message once the network has it.
    public struct Behaviour: Hashable, Sendable {
        /// How long the network takes to reach the final state.
        public var delay: SimulatedDelay
        /// The final `Stat` when no error is drawn.
        public var finalStat: CMPPStat
        /// Errors that replace ``finalStat`` at the given rates (e.g. `UNDELIV` 5 %), drawn once per message.
        public var errors: [WeightedOutcome<CMPPStat>]

        public init(delay: SimulatedDelay, finalStat: CMPPStat = .delivered, errors: [WeightedOutcome<CMPPStat>] = []) {
            self.delay = delay
            self.finalStat = finalStat
            self.errors = errors
        }
    }

    /// Which destinations a rule applies to.
    public enum NumberPattern: Hashable, Sendable, CustomStringConvertible {
        /// This number only.
        case exact(String)
        /// Every number that starts with these digits.
        case prefix(String)

        public var description: String {
            switch self {
            case .exact(let number): "number \(number)"
            case .prefix(let prefix): "prefix \(prefix)"
            }
        }
    }

    /// A pattern and what happens to the numbers it matches.
    public struct Rule: Hashable, Sendable {
        /// The numbers the rule applies to.
        public var pattern: NumberPattern
        /// What happens to messages to them.
        public var behaviour: Behaviour

        public init(_ pattern: NumberPattern, _ behaviour: Behaviour) {
            self.pattern = pattern
            self.behaviour = behaviour
        }
    }

    /// What happens to numbers no rule matches unless configured otherwise: `UNDELIV` after one second.
    public static let unknownNumberBehaviour = Behaviour(delay: .fixed(.seconds(1)), finalStat: .undeliverable)

    /// The rules, in the order given. For two rules with the same pattern, the later one applies.
    public let rules: [Rule]
    /// What happens to numbers no rule matches.
    public let defaultBehaviour: Behaviour

    private let exact: [String: Behaviour]
    private let prefixes: [String: Behaviour]
    private let longestPrefix: Int

    public init(rules: [Rule], defaultBehaviour: Behaviour = SimulatedNetwork.unknownNumberBehaviour) {
        self.rules = rules
        self.defaultBehaviour = defaultBehaviour
        var exact: [String: Behaviour] = [:]
        var prefixes: [String: Behaviour] = [:]
        for rule in rules {
            switch rule.pattern {
            case .exact(let number): exact[number] = rule.behaviour
            case .prefix(let prefix): prefixes[prefix] = rule.behaviour
            }
        }
        self.exact = exact
        self.prefixes = prefixes
        self.longestPrefix = prefixes.keys.map(\.count).max() ?? 0
    }

    /// The behaviour for `destination`: its exact rule, else its longest matching prefix, else the default.
    public func behaviour(for destination: String) -> Behaviour {
        let number = Self.nationalNumber(destination)
        if !exact.isEmpty, let behaviour = exact[number] { return behaviour }
        // UTF-8 length instead of `count`, which walks the characters (issue #6: once per recipient). It is
        // never less than the character count, and a prefix longer than the number is the whole number, so the
        // prefixes tried are the same.
        var length = min(number.utf8.count, longestPrefix)
        while length > 0 {
            if let behaviour = prefixes[String(number.prefix(length))] { return behaviour }
            length -= 1
        }
        return defaultBehaviour
    }

    /// Decides what becomes of a message to `destination`.
    ///
    /// The network takes the message at `submittedAt`, or at `scheduledAt` (the SUBMIT's At_Time) if that is
    /// later — nothing happens before it. The matching behaviour's delay is drawn and added, and the final
    /// Stat drawn from its error rates. If that moment is past `validUntil` (the SUBMIT's ValId_Time) the
    /// message was never delivered in time: the outcome is `EXPIRED` at the validity's end (or at
    /// `submittedAt`, when the validity had already ended on arrival).
    ///
    /// - Parameter rng: the source of the draws; a ``SeedableRandomNumberGenerator`` makes them repeatable.
    public func decide<RNG: RandomNumberGenerator>(
        destination: String,
        submittedAt: Date,
        validUntil: Date?,
        scheduledAt: Date?,
        rng: inout RNG
    ) -> SimulatedOutcome {
        let behaviour = behaviour(for: destination)
        let start = max(submittedAt, scheduledAt ?? submittedAt)
        let delay = behaviour.delay.draw(using: &rng)
        let stat = behaviour.errors.drawOutcome(using: &rng) ?? behaviour.finalStat
        let doneAt = start.addingTimeInterval(delay.timeInterval)
        if let validUntil, doneAt > validUntil {
            return SimulatedOutcome(stat: .expired, doneAt: max(validUntil, submittedAt))
        }
        return SimulatedOutcome(stat: stat, doneAt: doneAt)
    }

    /// `destination` without a `+86` prefix, or an `86` in front of 11 digits.
    static func nationalNumber(_ destination: String) -> String {
        if destination.hasPrefix("+86") { return String(destination.dropFirst(3)) }
        // `count` walks the characters: only a number of 13 or more UTF-8 bytes can have 13 of them.
        if destination.utf8.count >= 13, destination.hasPrefix("86"), destination.count == 13 {
            return String(destination.dropFirst(2))
        }
        return destination
    }
}
