import NIOCore

/// A block of IPv4 or IPv6 addresses in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`, or a single address
/// without a prefix length): an account's allowed client addresses (issue #5 §2).
///
/// An IPv4 block also matches the IPv4-mapped form of its addresses (`::ffff:10.1.2.3`), which is how a
/// dual-stack listener reports IPv4 clients; an IPv6 block covering `::ffff:0:0/96` likewise matches plain
/// IPv4 addresses.
///
/// ### Examples
/// `127.0.0.1` = `127.0.0.1/32`; `0.0.0.0/0` matches every IPv4 client; `::/0` every IPv6 client;
/// `10.0.0.1/8` is refused: its host bits are set (did you mean `10.0.0.0/8`?).
public struct CIDRBlock: Hashable, Sendable, CustomStringConvertible {
    /// Why a text is not a CIDR block.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// What is wrong, in words.
        public var reason: String

        public var description: String { reason }
    }

    /// The network address, host bits zero.
    package let network: IPAddress
    /// The number of leading bits that must match: 0…32 for IPv4, 0…128 for IPv6.
    public let prefixLength: Int

    /// Parses `address/prefix` or a bare address (a block of one).
    /// - Throws: ``ParseError`` when the address or the prefix length is not valid, or host bits are set.
    public init(parsing text: String) throws(ParseError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(parts[0])) else {
            throw ParseError(reason: "\"\(parts[0])\" is not an IPv4 or IPv6 address")
        }
        var prefixLength = address.bitWidth
        if parts.count == 2 {
            guard let length = Int(parts[1]), parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                (0...address.bitWidth).contains(length)
            else {
                throw ParseError(reason: "the prefix length must be 0…\(address.bitWidth), not \"\(parts[1])\"")
            }
            prefixLength = length
        }
        let network = Self.masked(address, prefixLength: prefixLength)
        guard network == address else {
            throw ParseError(
                reason: "host bits are set after /\(prefixLength); did you mean \(network)/\(prefixLength)?"
            )
        }
        self.network = network
        self.prefixLength = prefixLength
    }

    /// Whether `address` is in the block.
    package func contains(_ address: IPAddress) -> Bool {
        var candidate = address
        if address.family != network.family {
            guard let converted = address.unmappedIPv4 ?? address.mappedIPv6 else { return false }
            candidate = converted
        }
        return Self.masked(candidate, prefixLength: prefixLength) == network
    }

    /// Whether the textual address `ipAddress` is in the block; `false` if it is not an address.
    public func contains(ipAddress: String) -> Bool {
        guard let address = IPAddress(ipAddress) else { return false }
        return contains(address)
    }

    /// Whether the peer `address` (an IPv4 or IPv6 socket address) is in the block.
    public func contains(_ address: SocketAddress) -> Bool {
        guard let ipAddress = address.ipAddress else { return false }
        return contains(ipAddress: ipAddress)
    }

    public var description: String { "\(network)/\(prefixLength)" }

    private static func masked(_ address: IPAddress, prefixLength: Int) -> IPAddress {
        // An IPv4 address sits in the low 32 of 128 bits, so its prefix starts 96 bits down.
        let bits = address.family == .v4 ? 96 + prefixLength : prefixLength
        let highMask: UInt64 = bits >= 64 ? .max : (bits == 0 ? 0 : .max << (64 - bits))
        let lowMask: UInt64 = bits <= 64 ? 0 : (bits == 128 ? .max : .max << (128 - bits))
        return IPAddress(family: address.family, high: address.high & highMask, low: address.low & lowMask)
    }
}
