import Foundation
import SMSCodec
import Testing

@Suite("GSM 7-bit packing")
struct GSM7PackingTests {
    /// Vectors of shared/spec/sms-pdu.md §11.3 (python-gsmmodem, smspdudecoder, node-pdu).
    @Test(arguments: [
        ("123", "31D90C"),
        ("hello", "E8329BFD06"),
        ("12345678", "31D98C56B3DD70"),
        ("Hello World!", "C8329BFD065DDF723639"),
        ("[{abc}]~", "1BDE0615168F37A98D6FD303"),
        ("[10€]", "1B5E0CB6296F7C"),
        ("abcdefg", "61F1985C369F01"),
    ])
    func packsKnownText(text: String, packedHex: String) throws {
        let septets = try GSM7Alphabet().septets(for: text)
        let packed = GSM7Packing.pack(septets)
        #expect(hex(packed).hasPrefix(packedHex))
        let unpacked = GSM7Packing.unpack(packed, septetCount: septets.count)
        #expect(GSM7Alphabet().decode(unpacked) == text)
    }

    @Test func fillBitsShiftTheStream() {
        let septets: [UInt8] = [0x48, 0x65]
        // One fill bit: 'H' (0x48) starts at bit 1 of the first octet.
        let packed = GSM7Packing.pack(septets, fillBits: 1)
        #expect(packed == [0x90, 0x65])
        #expect(GSM7Packing.unpack(packed, septetCount: 2, fillBits: 1) == septets)
    }

    @Test func unpackClampsToAvailableOctets() {
        #expect(GSM7Packing.unpack([0x31, 0xD9], septetCount: 160).count == 2)
        #expect(GSM7Packing.unpack([], septetCount: 5).isEmpty)
    }

    @Test func defaultTableHas128Positions() throws {
        let alphabet = GSM7Alphabet()
        let all = (0..<128).map { UInt8($0) }.filter { $0 != 0x1B }
        let text = alphabet.decode(all)
        #expect(text.unicodeScalars.count == 127)
        #expect(try alphabet.septets(for: text) == all)
    }

    @Test func extensionFallbacks() {
        let alphabet = GSM7Alphabet()
        // ESC + undefined code → the basic character; ESC ESC → space; trailing ESC dropped.
        #expect(alphabet.decode([0x1B, 0x41]) == "A")
        #expect(alphabet.decode([0x1B, 0x1B]) == " ")
        #expect(alphabet.decode([0x41, 0x1B]) == "A")
    }

    @Test func cedillaIsNotSilentlyReplaced() {
        #expect(GSM7Alphabet().canEncode("Ç"))
        #expect(!GSM7Alphabet().canEncode("ç"))
        #expect(throws: SMSCodecError(.unencodableCharacter, reason: "")) {
            try GSM7Alphabet().septets(for: "façade")
        }
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02X", $0) }.joined()
    }
}
