import PropertyBased
import SMSCodec
import Testing

@Suite("GSM 7-bit properties")
struct GSM7PropertyTests {
    @Test func packThenUnpackIsIdentityForEveryFillBitCount() async {
        let septets = Gen.uint8(in: 0...127).array(of: 0...200)
        await propertyCheck(count: 200, input: septets) { septets in
            for fillBits in 0...6 {
                let packed = GSM7Packing.pack(septets, fillBits: fillBits)
                #expect(packed.count == GSM7Packing.packedLength(septets: septets.count, fillBits: fillBits))
                #expect(GSM7Packing.unpack(packed, septetCount: septets.count, fillBits: fillBits) == septets)
            }
        }
    }

    /// Every character an alphabet's tables hold, locking and single shift.
    private static func characters(of alphabet: GSM7Alphabet) -> [Character] {
        let codes = (UInt8(0)..<128).filter { $0 != 0x1B }
        let basic = codes.map { alphabet.decode([$0]) }
        let shifted = codes.map { alphabet.decode([0x1B, $0]) }
        return (basic + shifted).compactMap(\.first)
    }

    @Test(arguments: [
        (GSMNationalLanguage.default, GSMNationalLanguage.default),
        (.turkish, .turkish),
        (.default, .spanish),
        (.portuguese, .portuguese),
    ])
    func encodeThenDecodeIsIdentity(locking: GSMNationalLanguage, single: GSMNationalLanguage) async throws {
        let alphabet = try GSM7Alphabet(lockingShift: locking, singleShift: single)
        let text = Gen<Character?>.element(of: Self.characters(of: alphabet)).map { $0 ?? "@" }.string(of: 0...200)
        await propertyCheck(count: 100, input: text) { text in
            #expect(alphabet.canEncode(text))
            let septets = try alphabet.septets(for: text)
            #expect(septets.count == alphabet.septetCount(of: text))
            #expect(alphabet.decode(septets) == text)
        }
    }
}
