extension Duration {
    /// The units a configuration duration may use, with their length in microseconds.
    private static let configurationUnits: [(suffix: String, microseconds: Int64)] = [
        ("us", 1), ("ms", 1000), ("s", 1_000_000), ("m", 60_000_000), ("h", 3_600_000_000),
    ]

    /// Parses a configuration duration: a whole number and a unit, `20us`, `500ms`, `60s`, `3m` or `48h`.
    ///
    /// `nil` for anything else — no unit, another unit, a sign, a fraction, or a value beyond 100 000 hours.
    public init?(configurationString text: String) {
        let trimmed = text.trimmingWhitespace()
        for unit in Self.configurationUnits.sorted(by: { $0.suffix.count > $1.suffix.count }) {
            guard trimmed.hasSuffix(unit.suffix) else { continue }
            let number = trimmed.dropLast(unit.suffix.count)
            guard !number.isEmpty, number.utf8.allSatisfy({ (0x30...0x39).contains($0) }), number.count <= 12,
                let value = Int64(number)
            else { return nil }
            let microseconds = value.multipliedReportingOverflow(by: unit.microseconds)
            guard !microseconds.overflow, microseconds.partialValue <= 100_000 * 3_600_000_000 else { return nil }
            self = .microseconds(microseconds.partialValue)
            return
        }
        return nil
    }

    /// The shortest configuration form of this duration (`48h`, `90s`, `250ms`, `20us`), as the configuration
    /// file writes it; sub-microsecond parts are dropped.
    public var configurationDescription: String {
        let microseconds = self.microseconds
        if microseconds == 0 { return "0s" }
        for unit in Self.configurationUnits.reversed() where microseconds % unit.microseconds == 0 {
            return "\(microseconds / unit.microseconds)\(unit.suffix)"
        }
        return "\(microseconds)us"
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    func trimmingWhitespace() -> String {
        String(self.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
