import Foundation

/// An IPv4 or IPv6 address as 128 bits, for matching client addresses against ``CIDRBlock``s.
///
/// Parses the textual forms `SocketAddress.ipAddress` gives: dotted-quad IPv4 (no leading zeros, which
/// some parsers read as octal), and IPv6 with `::` compression, an embedded IPv4 tail
/// (`::ffff:192.0.2.1`) and an optional zone (`fe80::1%eth0`, ignored).
package struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address family.
    package enum Family: Hashable, Sendable {
        case v4
        case v6
    }

    package let family: Family
    /// The upper 64 bits (IPv6), 0 for IPv4.
    package let high: UInt64
    /// The lower 64 bits; an IPv4 address is the low 32.
    package let low: UInt64

    package init(family: Family, high: UInt64, low: UInt64) {
        self.family = family
        self.high = high
        self.low = low
    }

    /// The address in `text`; `nil` if it is not a literal IPv4 or IPv6 address.
    package init?(_ text: String) {
        if text.contains(":") {
            guard let (high, low) = Self.parseIPv6(text) else { return nil }
            self.init(family: .v6, high: high, low: low)
        } else {
            guard let value = Self.parseIPv4(Substring(text)) else { return nil }
            self.init(family: .v4, high: 0, low: UInt64(value))
        }
    }

    /// The width of the address in bits: 32 or 128.
    package var bitWidth: Int { family == .v4 ? 32 : 128 }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), as a dual-stack listener
    /// reports IPv4 clients.
    package var unmappedIPv4: IPAddress? {
        guard family == .v6, high == 0, low >> 32 == 0xFFFF else { return nil }
        return IPAddress(family: .v4, high: 0, low: low & 0xFFFF_FFFF)
    }

    /// This IPv4 address as an IPv4-mapped IPv6 address.
    package var mappedIPv6: IPAddress? {
        guard family == .v4 else { return nil }
        return IPAddress(family: .v6, high: 0, low: 0xFFFF << 32 | low)
    }

    package var description: String {
        switch family {
        case .v4:
            return (0..<4).map { String(low >> (24 - 8 * $0) & 0xFF) }.joined(separator: ".")
        case .v6:
            let groups = (0..<8).map { index in
                String((index < 4 ? high : low) >> (48 - 16 * (index % 4)) & 0xFFFF, radix: 16)
            }
            return groups.joined(separator: ":")
        }
    }

    // MARK: - Parsing

    private static func parseIPv4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                part.count == 1 || part.first != "0", let octet = UInt32(part), octet <= 255
            else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    private static func parseIPv6(_ text: String) -> (UInt64, UInt64)? {
        var address = Substring(text)
        if let zone = address.firstIndex(of: "%") {
            address = address[..<zone]
        }
        let halves = address.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, allowIPv4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            var result: [UInt16] = []
            for (index, piece) in pieces.enumerated() {
                if allowIPv4Tail, index == pieces.count - 1, piece.contains(".") {
                    guard let ipv4 = parseIPv4(piece) else { return nil }
                    result.append(UInt16(ipv4 >> 16))
                    result.append(UInt16(ipv4 & 0xFFFF))
                } else {
                    guard (1...4).contains(piece.count), let group = UInt16(piece, radix: 16) else { return nil }
                    result.append(group)
                }
            }
            return result
        }
        var all: [UInt16]
        if halves.count == 2 {
            guard let head = groups(halves[0], allowIPv4Tail: false),
                let tail = groups(halves[1], allowIPv4Tail: true),
                head.count + tail.count <= 7
            else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let only = groups(halves[0], allowIPv4Tail: true), only.count == 8 else { return nil }
            all = only
        }
        let high = all[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = all[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return (high, low)
    }
}
