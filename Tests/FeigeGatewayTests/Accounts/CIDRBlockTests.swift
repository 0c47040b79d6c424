import FeigeGateway
import NIOCore
import Testing

@Suite("CIDRBlock")
struct CIDRBlockTests {
    private func block(_ text: String) throws -> CIDRBlock {
        try CIDRBlock(parsing: text)
    }

    @Test("/0 matches every address of its family, and mapped IPv4 for IPv4")
    func zeroPrefix() throws {
        let all4 = try block("0.0.0.0/0")
        #expect(all4.contains(ipAddress: "0.0.0.0") && all4.contains(ipAddress: "255.255.255.255"))
        #expect(all4.contains(ipAddress: "::ffff:8.8.8.8"))
        #expect(!all4.contains(ipAddress: "2001:db8::1"))
        let all6 = try block("::/0")
        #expect(all6.contains(ipAddress: "::") && all6.contains(ipAddress: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))
        #expect(all6.contains(ipAddress: "10.1.2.3"))  // as ::ffff:10.1.2.3
    }

    @Test("/32 and a bare IPv4 address match that address only")
    func hostPrefix4() throws {
        for text in ["192.0.2.7/32", "192.0.2.7"] {
            let host = try block(text)
            #expect(host.prefixLength == 32)
            #expect(host.contains(ipAddress: "192.0.2.7"))
            #expect(!host.contains(ipAddress: "192.0.2.6") && !host.contains(ipAddress: "192.0.2.8"))
            #expect(host.contains(ipAddress: "::ffff:192.0.2.7") && host.contains(ipAddress: "::FFFF:c000:207"))
        }
    }

    @Test("/128 and a bare IPv6 address match that address only")
    func hostPrefix6() throws {
        for text in ["2001:db8::1/128", "2001:db8:0:0:0:0:0:1"] {
            let host = try block(text)
            #expect(host.prefixLength == 128)
            #expect(host.contains(ipAddress: "2001:db8::1") && host.contains(ipAddress: "2001:0db8::0001"))
            #expect(!host.contains(ipAddress: "2001:db8::2") && !host.contains(ipAddress: "2001:db8::"))
            #expect(host.contains(ipAddress: "fe80::1%eth0") == false)
        }
    }

    @Test("blocks between the edges: the first and last address are in, their neighbours out")
    func boundaries() throws {
        let ten = try block("10.0.0.0/8")
        #expect(ten.contains(ipAddress: "10.0.0.0") && ten.contains(ipAddress: "10.255.255.255"))
        #expect(!ten.contains(ipAddress: "9.255.255.255") && !ten.contains(ipAddress: "11.0.0.0"))
        let odd = try block("172.16.0.0/12")
        #expect(odd.contains(ipAddress: "172.31.255.255") && !odd.contains(ipAddress: "172.32.0.0"))
        let v6 = try block("2001:db8::/32")
        #expect(v6.contains(ipAddress: "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"))
        #expect(!v6.contains(ipAddress: "2001:db9::"))
        let wide = try block("2001:db8:1234:5678:8000::/65")
        #expect(wide.contains(ipAddress: "2001:db8:1234:5678:ffff::1"))
        #expect(!wide.contains(ipAddress: "2001:db8:1234:5678:7fff::1"))
        let mapped = try block("::ffff:0:0/96")
        #expect(mapped.contains(ipAddress: "127.0.0.1"))
    }

    @Test("socket addresses from NIO are matched by their IP")
    func socketAddress() throws {
        let loopback = try block("127.0.0.0/8")
        #expect(loopback.contains(try SocketAddress(ipAddress: "127.0.0.1", port: 7890)))
        #expect(!loopback.contains(try SocketAddress(ipAddress: "::1", port: 7890)))
        #expect(try block("::1/128").contains(try SocketAddress(ipAddress: "::1", port: 7890)))
    }

    @Test(
        "malformed blocks are refused with a reason",
        arguments: [
            "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/8/8", "10.0.0.1/8", "256.0.0.0/8",
            "10.0.0/8", "010.0.0.0/8", "1.2.3.4.5", "", "localhost", "::1::", "1:2:3:4:5:6:7:8:9", "12345::/16",
            "2001:db8::1/64", "g::1",
        ]
    )
    func malformed(text: String) {
        #expect(throws: CIDRBlock.ParseError.self) { try CIDRBlock(parsing: text) }
    }

    @Test("a text that is not an address is not contained")
    func notAnAddress() throws {
        #expect(!(try block("0.0.0.0/0")).contains(ipAddress: "example.com"))
    }
}
