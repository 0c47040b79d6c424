/// The `Sequence_Id` of a message header (§7.3): increments by one per request and wraps; a response
/// carries its request's value.
public struct CMPPSequenceID: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public init(integerLiteral value: UInt32) {
        self.rawValue = value
    }

    /// The next value, wrapping from `UInt32.max` to 0 ("循环使用", §7.3).
    public var next: CMPPSequenceID { CMPPSequenceID(rawValue: rawValue &+ 1) }

    public var description: String { String(rawValue) }
}
