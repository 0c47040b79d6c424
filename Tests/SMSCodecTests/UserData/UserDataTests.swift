import SMSCodec
import Testing

@Suite("User Data and its header")
struct UserDataTests {
    /// shared/spec/sms-pdu.md §10.3: header length → fill bits and header septets.
    @Test(arguments: [(0, 0, 0), (6, 1, 7), (7, 0, 8), (4, 3, 5), (9, 5, 11), (12, 2, 14), (5, 2, 6)])
    func fillBits(headerOctets: Int, fillBits: Int, headerSeptets: Int) {
        #expect(UserData.fillBits(headerOctets: headerOctets) == fillBits)
        #expect(UserData.headerSeptets(headerOctets: headerOctets) == headerSeptets)
    }

    @Test func firstTextSeptetAfterAConcatenationHeader() throws {
        // python-gsmmodem vector 6: UD = 05 00 03 C3 01 01 | 91 …, the first text septet is 0x91 >> 1 = 'H'.
        let octets: [UInt8] = [0x05, 0x00, 0x03, 0xC3, 0x01, 0x01, 0x91, 0x65, 0x36]
        let (userData, clamped) = try UserData.decode(length: 12, octets: octets, hasHeader: true, alphabet: .gsm7)
        #expect(clamped)
        #expect(userData.header?.concatenation == SMSConcatenation(reference: 0xC3, total: 1, sequence: 1))
        #expect(try userData.text()?.hasPrefix("H") == true)
    }

    @Test(arguments: [SMSConcatenation.ReferenceKind.eightBit, .sixteenBit])
    func roundTripsWithEveryHeaderShape(kind: SMSConcatenation.ReferenceKind) throws {
        var header = UserDataHeader()
        header.concatenation = SMSConcatenation(reference: 0x1234, total: 3, sequence: 2, kind: kind)
        header.singleShift = .turkish
        for alphabet in SMSAlphabet.allCases {
            let body: [UInt8] = alphabet == .gsm7 ? [0x48, 0x1B, 0x65, 0x7F] : [0x00, 0x41, 0xFF]
            let userData = UserData(header: header, alphabet: alphabet, body: body)
            let (decoded, clamped) = try UserData.decode(
                length: userData.length,
                octets: userData.encoded() + [0xEE],
                hasHeader: true,
                alphabet: alphabet
            )
            #expect(!clamped)
            #expect(decoded == userData)
        }
    }

    @Test func invalidConcatenationIsIgnored() {
        let zeroTotal = InformationElement(identifier: .concatenated8BitReference, data: [1, 0, 0])
        #expect(SMSConcatenation(zeroTotal) == nil)
        let beyondTotal = InformationElement(identifier: .concatenated8BitReference, data: [1, 2, 3])
        #expect(UserDataHeader(elements: [beyondTotal]).concatenation == nil)
    }

    @Test func malformedHeadersAreTypedErrors() {
        #expect(throws: SMSCodecError(.truncated, reason: "")) {
            try UserDataHeader.decode([0x05, 0x00, 0x03])
        }
        #expect(throws: SMSCodecError(.truncated, reason: "")) {
            try UserDataHeader.decode([0x03, 0x00, 0x05, 0x01])
        }
    }

    @Test func unknownElementsSurvive() throws {
        let octets: [UInt8] = [0x09, 0x70, 0x02, 0xAB, 0xCD, 0x00, 0x03, 0x01, 0x02, 0x01, 0x41]
        let (header, length) = try UserDataHeader.decode(octets)
        #expect(length == 10)
        #expect(header.elements.first?.identifier == 0x70)
        #expect(header.encoded() == Array(octets.prefix(10)))
    }
}
