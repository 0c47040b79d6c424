import SMSCodec
import Testing

/// SplitMix64: a small seeded generator, so every run feeds the decoder the same inputs.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Decoder robustness")
struct RobustnessTests {
    /// 100 000 seeded random inputs, half pure noise and half vectors with flipped octets, in every direction:
    /// each decodes or fails with a typed error naming a field and an offset inside the input.
    @Test func randomBytesNeverCrash() throws {
        var generator = SeededGenerator(state: 0x5EED_F00D)
        let vectors = try PDUVector.all.map { try PDUHex.decode($0.pdu) }
        var decoded = 0
        var failed = 0
        for round in 0..<100_000 {
            var bytes: [UInt8]
            if round % 2 == 0 || vectors.isEmpty {
                bytes = (0..<Int.random(in: 0...48, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
            } else {
                bytes = vectors[Int.random(in: 0..<vectors.count, using: &generator)]
                for _ in 0..<Int.random(in: 1...3, using: &generator) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(
                        in: 0...255,
                        using: &generator
                    )
                }
            }
            let direction = TPDU.Direction.allCases[round % 3]
            do {
                let pdu = try SMSPDU(bytes: bytes, direction: direction)
                _ = try? pdu.tpdu.text()
                decoded += 1
            } catch {
                failed += 1
                guard let offset = error.offset, error.field != nil, offset <= bytes.count else {
                    Issue.record("untyped error \(error) for \(PDUHex.encode(bytes))")
                    return
                }
            }
        }
        #expect(decoded + failed == 100_000)
        #expect(decoded > 1000 && failed > 1000)
    }

    @Test(arguments: [
        ("0", "hex"), ("0G", "hex"), ("07", "SMSC"), ("0C91", "SMSC"), ("0004", "TP-OA"), ("00040B91", "TP-OA"),
        ("00040B917228214365F7", "TP-PID"), ("00040B917228214365F70000", "TP-SCTS"),
        ("00040B917228214365F7000031308051206180", "TP-UDL"),
        ("0044" + "0B917228214365F70000313080512061800A", "UDHL"),
        ("0044" + "0B917228214365F7000031308051206180" + "06" + "05000301020100", "TP-UDL"),
        ("0044" + "0B917228214365F700003130805120618008" + "09", "UDHL"),
        ("0011000B917228214365F70000", "TP-VP"),
        ("0006D60B911326880736F411101171955140", "TP-DT"),
        ("0006D60B911326880736F41110117195514011101171957140", "TP-ST"),
    ])
    func errorsNameTheField(hex: String, field: String) {
        #expect {
            try SMSPDU(hex: hex, direction: .automatic)
        } throws: { error in
            (error as? SMSCodecError)?.field == field
        }
    }

    @Test func hexIsCaseInsensitiveInAndUppercaseOut() throws {
        let lower = "0001000b917228001011f100000cc8329bfd065ddf72363904"
        #expect(try SMSPDU(hex: lower).pduMode().hex == lower.uppercased())
        #expect(PDUHex.encode([0xAB, 0x01]) == "AB01")
        #expect(throws: SMSCodecError(.invalidHex, reason: "")) { try PDUHex.decode("ABC") }
        #expect(throws: SMSCodecError(.invalidHex, reason: "")) { try PDUHex.decode("zz") }
    }

    @Test func trailingJunkIsIgnoredAndSeptetsAreClamped() throws {
        let clean = "0001000B917228001011F100000CC8329BFD065DDF72363904"
        let junk = try SMSPDU(hex: clean + "FFFF")
        #expect(try junk.pduMode().hex == clean)
        #expect(!junk.tpdu.userDataTruncated)
        let short = try SMSPDU(hex: String(clean.dropLast(4)))
        #expect(short.tpdu.userDataTruncated)
        #expect(try short.tpdu.text() == "Hello Worl")
    }

    @Test func overlongUserDataIsNotEncoded() {
        let submit = SMSSubmit(
            destination: SMSAddress("+1"),
            userData: UserData(alphabet: .eightBit, body: [UInt8](repeating: 0, count: 141))
        )
        #expect(throws: SMSCodecError(.tooLong, reason: "")) { try submit.encoded() }
    }
}
