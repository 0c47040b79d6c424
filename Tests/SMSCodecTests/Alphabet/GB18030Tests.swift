import SMSCodec
import Testing

@Suite("GB 18030 (CMPP Msg_Fmt 15)")
struct GB18030Tests {
    @Test(arguments: [
        ("中文短信", [0xD6, 0xD0, 0xCE, 0xC4, 0xB6, 0xCC, 0xD0, 0xC5]),
        ("abc", [0x61, 0x62, 0x63]),
        // Four-octet sequences: a CJK Extension B ideograph and an emoji.
        ("\u{20000}", [0x95, 0x32, 0x82, 0x36]),
        ("😁", [0x94, 0x39, 0xFC, 0x37]),
        ("€", [0xA2, 0xE3]),
        ("", []),
    ] as [(String, [UInt8])])
    func roundTrips(text: String, octets: [UInt8]) throws {
        #expect(try GB18030.encode(text) == octets)
        #expect(try GB18030.decode(octets) == text)
    }

    @Test(arguments: [[0xD6], [0x81, 0x20], [0x95, 0x32, 0x82], [0xFF]] as [[UInt8]])
    func invalidInputIsATypedError(octets: [UInt8]) {
        #expect(throws: SMSCodecError(.invalidValue, reason: "")) {
            try GB18030.decode(octets)
        }
    }
}
