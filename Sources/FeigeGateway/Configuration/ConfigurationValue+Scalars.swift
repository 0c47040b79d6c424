import Foundation
import Yams

extension ConfigurationValue {
    /// The scalar's text, whatever YAML type it resolved to (so `sp_id: 900001` and `sp_id: "900001"`
    /// read the same).
    func text(expected what: String, sensitive: Bool = false) throws(GatewayConfigurationError) -> String {
        guard let scalar = node.scalar, !isNull else { throw expected(what, sensitive: sensitive) }
        return scalar.string
    }

    /// Text of ASCII characters, `lengths` long, every character passing `allowed`.
    func asciiText(
        expected what: String,
        lengths: ClosedRange<Int>,
        allowed: (UInt8) -> Bool = { (0x21...0x7E).contains($0) }
    ) throws(GatewayConfigurationError) -> String {
        let value = try text(expected: what)
        guard lengths.contains(value.utf8.count), value.utf8.allSatisfy(allowed) else { throw expected(what) }
        return value
    }

    /// Digits only, `lengths` long.
    func digits(expected what: String, lengths: ClosedRange<Int>) throws(GatewayConfigurationError) -> String {
        try asciiText(expected: what, lengths: lengths, allowed: { (0x30...0x39).contains($0) })
    }

    /// A whole number in `range`.
    func integer(in range: ClosedRange<Int>, expected what: String) throws(GatewayConfigurationError) -> Int {
        let value = try text(expected: what)
        let digits = value.hasPrefix("-") || value.hasPrefix("+") ? value.dropFirst() : Substring(value)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let number = Int(value),
            range.contains(number)
        else { throw expected(what) }
        return number
    }

    /// A positive whole number, at most `maximum`.
    func positiveInteger(maximum: Int) throws(GatewayConfigurationError) -> Int {
        try integer(in: 1...maximum, expected: "a positive integer (at most \(maximum))")
    }

    /// `true`/`false` (also `yes`/`no`, `on`/`off`).
    func boolean() throws(GatewayConfigurationError) -> Bool {
        switch try text(expected: "true or false").lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw expected("true or false")
        }
    }

    /// A duration `500ms`, `60s`, `3m` or `48h`, within `range`.
    func duration(
        in range: ClosedRange<Duration> = .zero...(.seconds(360_000_000))
    ) throws(GatewayConfigurationError)
        -> Duration
    {
        let what = "a duration like 500ms, 60s, 3m or 48h"
        guard let duration = Duration(configurationString: try text(expected: what)) else { throw expected(what) }
        guard range.contains(duration) else {
            throw error(
                .invalidValue,
                "expected a duration from \(range.lowerBound.configurationDescription) to "
                    + "\(range.upperBound.configurationDescription), found \(foundDescription())"
            )
        }
        return duration
    }

    /// A positive duration.
    func positiveDuration() throws(GatewayConfigurationError) -> Duration {
        let duration = try duration()
        guard duration > .zero else {
            throw error(.invalidValue, "expected a duration above 0s, found \(foundDescription())")
        }
        return duration
    }

    /// A delay: one duration, or a range `low..high`.
    func delay() throws(GatewayConfigurationError) -> SimulatedDelay {
        let what = "a delay like 2s or 500ms..3s"
        let value = try text(expected: what)
        let bounds = value.components(separatedBy: "..")
        switch bounds.count {
        case 1:
            guard let duration = Duration(configurationString: value) else { throw expected(what) }
            return .fixed(duration)
        case 2:
            guard let low = Duration(configurationString: bounds[0]),
                let high = Duration(configurationString: bounds[1])
            else { throw expected(what) }
            guard low <= high else {
                throw error(.invalidValue, "the delay range \(foundDescription()) ends before it starts")
            }
            return low == high ? .fixed(low) : .range(low...high)
        default:
            throw expected(what)
        }
    }

    /// A probability: `5%` or a fraction `0.05`.
    func probability() throws(GatewayConfigurationError) -> Probability {
        let what = "a rate like 5% or 0.05"
        let value = try text(expected: what).trimmingWhitespace()
        let probability: Probability?
        if value.hasSuffix("%") {
            probability = Double(value.dropLast().trimmingWhitespace()).flatMap { Probability(percent: $0) }
        } else {
            probability = Double(value).flatMap { Probability(fraction: $0) }
        }
        guard let probability else { throw expected(what) }
        return probability
    }
}
