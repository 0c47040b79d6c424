import SMSCodec
import Testing

@Suite("Segmentation with national language tables")
struct SMSSegmenterNationalLanguageTests {
    private let turkish = SMSSegmentationOptions(reference: 7, nationalLanguages: [.turkish])

    @Test func withoutOptingInTurkishTextIsUCS2() throws {
        #expect(try SMSSegmenter.chooseEncoding(for: "ğ").alphabet == .ucs2)
        #expect(try SMSSegmenter.chooseEncoding(for: "ğ", options: turkish).alphabet == .gsm7)
    }

    /// AOSP `testFragmentTurkishText` (shared/spec/sms-pdu.md §12): 2-septet characters with a single-shift NLI
    /// element fit 155 septets in one part and 149 per part with an 8-bit concatenation element too. The "ì"
    /// (default alphabet only) rules out the Turkish locking-shift table, leaving the single-shift one.
    @Test func singleShiftCapacities() throws {
        let fits = "ì" + String(repeating: "ğ", count: 77)
        let one = try SMSSegmenter.split(fits, options: turkish)
        #expect(one.count == 1)
        #expect(one[0].header?.encoded() == [0x03, 0x24, 0x01, 0x01])
        #expect(one[0].body.count == 155 && one[0].length == 160)
        #expect(try one[0].text() == fits)

        let overflows = fits + "ğ"
        let two = try SMSSegmenter.split(overflows, options: turkish)
        #expect(two.map(\.body.count) == [149, 8])
        #expect(two[0].header?.encoded() == [0x08, 0x00, 0x03, 0x07, 0x02, 0x01, 0x24, 0x01, 0x01])
        #expect(two.allSatisfy { $0.length == UserData.headerSeptets(headerOctets: 9) + $0.body.count })
        #expect(try two.map { try #require(try $0.text()) }.joined() == overflows)
    }

    /// The combination with the fewest parts wins, ties going to fewer header elements: ğ is one septet in the
    /// Turkish locking-shift table, so 78 of them fit one part with only IEI 0x25.
    @Test func fewestPartsThenFewestElements() throws {
        let text = String(repeating: "ğ", count: 78)
        let choice = try SMSSegmenter.chooseEncoding(for: text, options: turkish)
        #expect(choice.alphabet == .gsm7)
        #expect(choice.alphabetTables == (try GSM7Alphabet(lockingShift: .turkish)))
        let parts = try SMSSegmenter.split(text, options: turkish)
        #expect(parts.count == 1)
        #expect(parts[0].header?.encoded() == [0x03, 0x25, 0x01, 0x01])
        #expect(try parts[0].text() == text)
    }

    @Test func lockingAndSingleShiftTogether() throws {
        // ç, ã and ∞ need the Portuguese locking-shift table, which gives up Φ to its single-shift table.
        let options = SMSSegmentationOptions(nationalLanguages: [.portuguese])
        let text = "Informação: Φ ∞"
        let choice = try SMSSegmenter.chooseEncoding(for: text, options: options)
        #expect(choice.alphabetTables == (try GSM7Alphabet(lockingShift: .portuguese, singleShift: .portuguese)))
        let parts = try SMSSegmenter.split(text, options: options)
        #expect(parts[0].header?.encoded() == [0x06, 0x24, 0x01, 0x03, 0x25, 0x01, 0x03])
        #expect(try parts[0].text() == text)
    }

    @Test func spanishSingleShift() throws {
        let options = SMSSegmentationOptions(nationalLanguages: [.turkish, .spanish])
        let text = "¿Cómo está? Año"
        let choice = try SMSSegmenter.chooseEncoding(for: text, options: options)
        #expect(choice.alphabetTables == (try GSM7Alphabet(singleShift: .spanish)))
        #expect(try SMSSegmenter.split(text, options: options)[0].text() == text)
    }

    @Test func defaultTablesWinWhenTheyHoldTheText() throws {
        let choice = try SMSSegmenter.chooseEncoding(for: "plain [text]", options: turkish)
        #expect(choice.alphabetTables == GSM7Alphabet())
        #expect(try SMSSegmenter.split("plain", options: turkish)[0].header == nil)
    }

    @Test func textNoTableHoldsFallsBackToUCS2OrFailsWhenForced() throws {
        #expect(try SMSSegmenter.chooseEncoding(for: "ğ中", options: turkish).alphabet == .ucs2)
        var forced = turkish
        forced.encoding = .gsm7
        #expect(try SMSSegmenter.split("ğğ", options: forced)[0].alphabet == .gsm7)
        do {
            _ = try SMSSegmenter.split("ğğ中", options: forced)
            Issue.record("expected an error")
        } catch {
            #expect(error == SMSCodecError(.unencodableCharacter, reason: ""))
            #expect(error.offset == 2)
        }
    }
}
