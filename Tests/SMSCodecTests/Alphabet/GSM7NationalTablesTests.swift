import SMSCodec
import Testing

@Suite("GSM 7-bit national language tables")
struct GSM7NationalTablesTests {
    /// shared/spec/sms-pdu.md §12: the Turkish locking-shift positions that differ from the default alphabet.
    @Test(arguments: [
        (0x04, "€"), (0x07, "ı"), (0x0B, "Ğ"), (0x0C, "ğ"), (0x1C, "Ş"), (0x1D, "ş"), (0x40, "İ"), (0x60, "ç"),
    ] as [(UInt8, String)])
    func turkishLockingShift(code: UInt8, character: String) throws {
        let turkish = try GSM7Alphabet(lockingShift: .turkish)
        #expect(turkish.decode([code]) == character)
        #expect(try turkish.septets(for: character) == [code])
    }

    /// shared/spec/sms-pdu.md §12: the Turkish single-shift additions (AOSP `sExtendedTableIndexes[1]`).
    @Test(arguments: [
        (0x47, "Ğ"), (0x49, "İ"), (0x53, "Ş"), (0x63, "ç"), (0x65, "€"), (0x67, "ğ"), (0x69, "ı"), (0x73, "ş"),
    ] as [(UInt8, String)])
    func turkishSingleShift(code: UInt8, character: String) throws {
        let turkish = try GSM7Alphabet(singleShift: .turkish)
        #expect(turkish.decode([0x1B, code]) == character)
        #expect(try turkish.septets(for: character) == [0x1B, code])
    }

    @Test func portugueseAndSpanishSpotChecks() throws {
        let portuguese = try GSM7Alphabet(lockingShift: .portuguese, singleShift: .portuguese)
        #expect(portuguese.decode([0x15, 0x24, 0x7D, 0x60, 0x12]) == "∞º`~ª")
        #expect(portuguese.decode([0x1B, 0x1F, 0x1B, 0x12, 0x1B, 0x7F]) == "ÊΦâ")
        #expect(try portuguese.septets(for: "Ç") == [0x13])
        let spanish = try GSM7Alphabet(singleShift: .spanish)
        #expect(try spanish.septets(for: "Cómo") == [0x43, 0x1B, 0x6F, 0x6D, 0x6F])
        #expect(spanish.decode([0x1B, 0x09, 0x1B, 0x41]) == "çÁ")
    }

    @Test func spanishHasNoLockingShiftTable() {
        #expect(throws: SMSCodecError(.unsupported, reason: "")) {
            try GSM7Alphabet(lockingShift: .spanish)
        }
        #expect(throws: SMSCodecError(.unsupported, reason: "")) {
            try GSM7Alphabet(singleShift: .hindi)
        }
    }

    /// Every character of every table decodes and encodes back to itself. `singleShiftCount` counts the
    /// single-shift positions whose character differs from the locking-shift one at the same code: all of them
    /// except, for Portuguese, the nine (ç Ô ô Á á Ã Õ ã õ) that A.2.3 repeats at their A.3.3 positions.
    @Test(arguments: [
        (GSMNationalLanguage.default, GSMNationalLanguage.default, 10),
        (.turkish, .turkish, 17),
        (.default, .spanish, 19),
        (.portuguese, .portuguese, 37 - 9),
    ])
    func everyCharacterRoundTrips(
        locking: GSMNationalLanguage,
        single: GSMNationalLanguage,
        singleShiftCount: Int
    ) throws {
        let alphabet = try GSM7Alphabet(lockingShift: locking, singleShift: single)
        var seen = Set<String>()
        for code in UInt8(0)..<128 where code != 0x1B {
            let character = alphabet.decode([code])
            #expect(character.unicodeScalars.count == 1)
            #expect(alphabet.decode(try alphabet.septets(for: character)) == character)
            #expect(try alphabet.septets(for: character) == [code])
            seen.insert(character)
        }
        #expect(seen.count == 127)
        var shifted = 0
        for code in UInt8(0)..<128 where code != 0x1B {
            let character = alphabet.decode([0x1B, code])
            if character != alphabet.decode([code]) {
                shifted += 1
                #expect(alphabet.decode(try alphabet.septets(for: character)) == character)
            }
        }
        #expect(shifted == singleShiftCount)
    }

    /// A message whose UDH selects the Turkish tables with IEI 0x25 and 0x24 decodes through them.
    @Test func userDataWithNationalLanguageElements() throws {
        let turkish = try GSM7Alphabet(lockingShift: .turkish, singleShift: .turkish)
        let septets = try turkish.septets(for: "Işık ğüzel €")
        let header: [UInt8] = [0x06, 0x25, 0x01, 0x01, 0x24, 0x01, 0x01]
        let octets = header + GSM7Packing.pack(septets, fillBits: UserData.fillBits(headerOctets: header.count))
        let (userData, _) = try UserData.decode(
            length: UserData.headerSeptets(headerOctets: header.count) + septets.count,
            octets: octets,
            hasHeader: true,
            alphabet: .gsm7
        )
        #expect(userData.header?.lockingShift == .turkish)
        #expect(userData.header?.singleShift == .turkish)
        #expect(try userData.text() == "Işık ğüzel €")
        // Through the default tables the same septets read differently: the header matters.
        #expect(GSM7Alphabet().decode(septets) != "Işık ğüzel €")
    }
}

@Suite("National language regressions from other codecs (shared/spec/sms-pdu.md §15)")
struct GSM7NationalTablesRegressionTests {
    /// §15.1: warthog618/sms writes the NLI elements as IEI 24/25 decimal (0x18/0x19, WVG objects). Only 0x24 and
    /// 0x25 select tables.
    @Test func onlyIEI0x24And0x25SelectTables() throws {
        let wrong = UserDataHeader(elements: [
            InformationElement(identifier: 0x19, data: [0x01]),
            InformationElement(identifier: 0x18, data: [0x01]),
        ])
        #expect(wrong.lockingShift == nil && wrong.singleShift == nil)
        #expect(try UserData(header: wrong, alphabet: .gsm7, body: [0x07, 0x1B, 0x47]).text() == "ìG")
        let right = UserDataHeader(elements: [
            InformationElement(identifier: .nationalLanguageLockingShift, data: [0x01]),
            InformationElement(identifier: .nationalLanguageSingleShift, data: [0x01]),
        ])
        #expect(try UserData(header: right, alphabet: .gsm7, body: [0x07, 0x1B, 0x47]).text() == "ıĞ")
    }

    /// §15.2: warthog618/sms maps single-shift 0x0D to LF; the standard leaves it a control position, so
    /// `ESC 0x0D` falls back to the locking-shift table's CR.
    @Test(arguments: [GSMNationalLanguage.default, .turkish, .spanish, .portuguese])
    func singleShift0x0DIsNotLineFeed(language: GSMNationalLanguage) throws {
        #expect(try GSM7Alphabet(singleShift: language).decode([0x1B, 0x0D]) == "\r")
    }

    @Test func aTableThisCodecLacksIsATypedError() {
        let hindi = UserDataHeader(elements: [InformationElement(identifier: .nationalLanguageLockingShift, data: [6])])
        #expect(throws: SMSCodecError(.unsupported, reason: "")) {
            try UserData(header: hindi, alphabet: .gsm7, body: [0x41]).text()
        }
    }
}
