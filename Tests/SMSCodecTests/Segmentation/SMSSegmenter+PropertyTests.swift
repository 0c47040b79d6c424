import PropertyBased
import SMSCodec
import Testing

@Suite("Segmentation and reassembly properties")
struct SMSSegmenterPropertyTests {
    /// A mix that exercises every rule: ASCII, GSM extension characters (ESC pairs), Turkish letters (national
    /// tables), Chinese (UCS2), emoji and flags (surrogate pairs, clusters), combining marks and CR LF.
    private static let pool: [Character] = Array("abcXYZ 019.,!?@£")
        + Array("[]{}~^|€\\")
        + Array("ğışİçŞĞ")
        + Array("中文短信")
        + ["😁", "👍🏽", "🇨🇳", "e\u{301}", "\r\n", "\n"]

    private static let text = Gen<Character?>.element(of: pool).map { $0 ?? "a" }.string(of: 0...420)

    private static let options = Gen<SMSSegmentationOptions?>.element(of: [
        SMSSegmentationOptions(),
        SMSSegmentationOptions(referenceKind: .sixteenBit, reference: 0xBEEF),
        SMSSegmentationOptions(reference: 0x1FF, nationalLanguages: [.turkish]),
        SMSSegmentationOptions(nationalLanguages: [.spanish, .portuguese, .turkish]),
        SMSSegmentationOptions(encoding: .ucs2, referenceKind: .sixteenBit),
    ]).map { $0 ?? SMSSegmentationOptions() }

    /// Text → split → reassemble (shuffled, with duplicates) → the same text; every part within its capacity.
    @Test func splitThenReassembleIsIdentity() async {
        await propertyCheck(count: 200, input: Self.text, Self.options, Gen.uint64()) { text, options, seed in
            let parts: [UserData]
            do {
                parts = try SMSSegmenter.split(text, options: options)
            } catch {
                Issue.record("split failed: \(error)")
                return
            }
            for part in parts {
                let limit = part.alphabet == .gsm7 ? 160 : 140
                #expect(part.length <= limit)
                #expect(part.alphabet != .ucs2 || !(0xD8...0xDB).contains(part.body.dropLast(1).last ?? 0))
            }
            #expect(parts.count == 1 || parts.allSatisfy { $0.header?.concatenation?.total == UInt8(parts.count) })

            var random = SplitMix64(seed: seed)
            var arrivals = parts + parts.filter { _ in random.next() % 3 == 0 }
            arrivals.shuffle(using: &random)
            var reassembler = SMSReassembler<ContinuousClock.Instant>(timeout: .seconds(60))
            let now = ContinuousClock.now
            let messages = arrivals.flatMap { reassembler.receive($0, from: "+86138", at: now) }
            #expect(messages.first?.text == text)
            #expect(messages.first?.isComplete == true)
        }
    }
}

/// A small seeded generator, so a shuffle is reproduced by the property test's seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
