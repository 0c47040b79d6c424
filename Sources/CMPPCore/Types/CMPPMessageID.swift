/// A 64-bit `Msg_Id` (§7.4.3.2, §7.4.5.1): the time the gateway made it, the gateway's code and a sequence.
///
/// Bits, numbered from the most significant (64) down to 1, big-endian on the wire:
///
/// | bits  | width | part     |
/// |-------|-------|----------|
/// | 64–61 | 4     | month    |
/// | 60–56 | 5     | day      |
/// | 55–51 | 5     | hour     |
/// | 50–45 | 6     | minute   |
/// | 44–39 | 6     | second   |
/// | 38–17 | 22    | gateway  |
/// | 16–1  | 16    | sequence |
///
/// ### Examples
/// `7FD913C12D34B9C9` is 07-31 22:17:15, gateway 77108, sequence 47561 (fact sheet §10 ex. 5).
///
/// - SeeAlso: ``CMPPMessageIDGenerator`` makes unique ids.
public struct CMPPMessageID: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    public var rawValue: UInt64

    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public init(integerLiteral value: UInt64) {
        self.rawValue = value
    }

    /// The id a CMPP_SUBMIT carries: the SP leaves it empty, the gateway fills it in (§7.4.3.1).
    public static let zero = CMPPMessageID(rawValue: 0)

    /// The parts of a Msg_Id, each right-aligned in its bit field.
    public struct Parts: Hashable, Sendable {
        /// 1–12 (4 bits).
        public var month: Int
        /// 1–31 (5 bits).
        public var day: Int
        /// 0–23 (5 bits).
        public var hour: Int
        /// 0–59 (6 bits).
        public var minute: Int
        /// 0–59 (6 bits).
        public var second: Int
        /// The ISMG code converted to an integer (22 bits, at most 4 194 303).
        public var gateway: Int
        /// The per-gateway sequence (16 bits), wrapping.
        public var sequence: Int

        public init(month: Int, day: Int, hour: Int, minute: Int, second: Int, gateway: Int, sequence: Int) {
            self.month = month
            self.day = day
            self.hour = hour
            self.minute = minute
            self.second = second
            self.gateway = gateway
            self.sequence = sequence
        }
    }

    /// Packs the parts. Each part is masked to its field width, so out-of-range values cannot spill into
    /// their neighbours; use ``init(validating:)`` to reject them instead.
    public init(_ parts: Parts) {
        let month = UInt64(truncatingIfNeeded: parts.month) & 0xF
        let day = UInt64(truncatingIfNeeded: parts.day) & 0x1F
        let hour = UInt64(truncatingIfNeeded: parts.hour) & 0x1F
        let minute = UInt64(truncatingIfNeeded: parts.minute) & 0x3F
        let second = UInt64(truncatingIfNeeded: parts.second) & 0x3F
        let gateway = UInt64(truncatingIfNeeded: parts.gateway) & 0x3F_FFFF
        let sequence = UInt64(truncatingIfNeeded: parts.sequence) & 0xFFFF
        self.rawValue =
            month << 60 | day << 55 | hour << 50 | minute << 44 | second << 38 | gateway << 16 | sequence
    }

    /// Packs the parts, throwing ``CMPPError/Code/invalidValue`` when one is outside its range.
    public init(validating parts: Parts) throws {
        func check(_ value: Int, _ range: ClosedRange<Int>, _ name: String) throws {
            guard range.contains(value) else {
                throw CMPPError.invalidValue("Msg_Id", "\(name) \(value) is outside \(range)")
            }
        }
        try check(parts.month, 1...12, "month")
        try check(parts.day, 1...31, "day")
        try check(parts.hour, 0...23, "hour")
        try check(parts.minute, 0...59, "minute")
        try check(parts.second, 0...59, "second")
        try check(parts.gateway, 0...0x3F_FFFF, "gateway")
        try check(parts.sequence, 0...0xFFFF, "sequence")
        self.init(parts)
    }

    /// The parts of this id.
    public var parts: Parts {
        Parts(
            month: Int(rawValue >> 60),
            day: Int(rawValue >> 55 & 0x1F),
            hour: Int(rawValue >> 50 & 0x1F),
            minute: Int(rawValue >> 44 & 0x3F),
            second: Int(rawValue >> 38 & 0x3F),
            gateway: Int(rawValue >> 16 & 0x3F_FFFF),
            sequence: Int(rawValue & 0xFFFF)
        )
    }

    /// The unsigned decimal value, as Msg_Id is usually logged and stored.
    public var description: String { String(rawValue) }

    /// The 22-digit text form SMSGate and go-sms-protocol print: `MMDDHHMMSS`, the gateway in 7 digits
    /// and the sequence in 5.
    public var digitString: String {
        let parts = self.parts
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(parts.month, 2) + pad(parts.day, 2) + pad(parts.hour, 2) + pad(parts.minute, 2)
            + pad(parts.second, 2) + pad(parts.gateway, 7) + pad(parts.sequence, 5)
    }
}
