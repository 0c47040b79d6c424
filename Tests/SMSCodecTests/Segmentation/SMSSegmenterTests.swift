import SMSCodec
import Testing

@Suite("Segmentation")
struct SMSSegmenterTests {
    private func texts(of parts: [UserData]) throws -> [String] {
        try parts.map { try #require(try $0.text()) }
    }

    /// AOSP `testFragmentText`: 160 characters → 1 part; 161 → 2 parts of 153 + 8.
    @Test func gsm7LimitsWithAnEightBitReference() throws {
        let single = try SMSSegmenter.split(String(repeating: "a", count: 160))
        #expect(single.count == 1)
        #expect(single[0].header == nil)
        #expect(single[0].body.count == 160)

        let parts = try SMSSegmenter.split(String(repeating: "a", count: 161), options: .init(reference: 0x1C3))
        #expect(parts.map(\.body.count) == [153, 8])
        #expect(parts.map(\.length) == [160, 15])
        #expect(parts[0].header?.encoded() == [0x05, 0x00, 0x03, 0xC3, 0x02, 0x01])
        #expect(parts[1].header?.encoded() == [0x05, 0x00, 0x03, 0xC3, 0x02, 0x02])
    }

    @Test func gsm7LimitsWithASixteenBitReference() throws {
        let options = SMSSegmentationOptions(referenceKind: .sixteenBit, reference: 0x0180)
        let parts = try SMSSegmenter.split(String(repeating: "b", count: 305), options: options)
        #expect(parts.map(\.body.count) == [152, 152, 1])
        #expect(parts[2].header?.encoded() == [0x06, 0x08, 0x04, 0x01, 0x80, 0x03, 0x03])
        #expect(parts.allSatisfy { $0.length <= 160 })
    }

    @Test func ucs2Limits() throws {
        let seventy = String(repeating: "中", count: 70)
        let single = try SMSSegmenter.split(seventy)
        #expect(single.count == 1 && single[0].alphabet == .ucs2 && single[0].body.count == 140)

        let parts = try SMSSegmenter.split(seventy + "文")
        #expect(parts.map(\.body.count) == [134, 8])
        #expect(try texts(of: parts).joined() == seventy + "文")

        let sixteen = try SMSSegmenter.split(seventy + "文", options: .init(referenceKind: .sixteenBit))
        #expect(sixteen.map(\.body.count) == [132, 10])
    }

    /// Rule 1: an extension character costs 2 septets and its `ESC x` pair is never split.
    @Test func escapeAtThePartBoundary() throws {
        let text = String(repeating: "a", count: 152) + "€" + String(repeating: "b", count: 10)
        let parts = try SMSSegmenter.split(text)
        #expect(parts.map(\.body.count) == [152, 12])
        #expect(parts[1].body.prefix(3) == [0x1B, 0x65, 0x62])
        #expect(try texts(of: parts).joined() == text)
        // One septet less before it and the pair ends the first part exactly.
        let exactText = String(repeating: "a", count: 151) + "€" + "b" + String(repeating: "c", count: 10)
        let exact = try SMSSegmenter.split(exactText)
        #expect(exact[0].body.count == 153 && exact[0].body.suffix(2) == [0x1B, 0x65])
    }

    /// Rule 2: a part never ends with a high surrogate.
    @Test func emojiAtThePartBoundary() throws {
        let text = String(repeating: "中", count: 66) + "😁" + "xxxxx"
        let parts = try SMSSegmenter.split(text)
        #expect(parts.map(\.body.count) == [132, 14])
        #expect(try texts(of: parts) == [String(repeating: "中", count: 66), "😁xxxxx"])
    }

    @Test func graphemeClustersStayTogether() throws {
        // A flag is two regional indicators (4 UTF-16 units); e + combining acute is one cluster.
        let text = String(repeating: "中", count: 65) + "🇨🇳" + "e\u{301}"
        let parts = try SMSSegmenter.split(text)
        #expect(try texts(of: parts) == [String(repeating: "中", count: 65), "🇨🇳e\u{301}"])
        // CR LF is one cluster in GSM 7-bit too.
        let crlfText = String(repeating: "a", count: 152) + "\r\n" + String(repeating: "z", count: 10)
        let crlf = try SMSSegmenter.split(crlfText)
        #expect(crlf.map(\.body.count) == [152, 12])
    }

    @Test func clustersLargerThanAPartAreSplitBetweenScalars() throws {
        let zalgo = "a" + String(repeating: "\u{301}", count: 100)
        let parts = try SMSSegmenter.split(zalgo)
        #expect(parts.map(\.body.count) == [134, 68])
        #expect(try texts(of: parts).joined() == zalgo)
    }

    @Test func encodingChoice() throws {
        #expect(try SMSSegmenter.chooseEncoding(for: "Hello [€]").alphabet == .gsm7)
        #expect(try SMSSegmenter.chooseEncoding(for: "Hello ç").alphabet == .ucs2)
        #expect(try SMSSegmenter.chooseEncoding(for: "").alphabet == .gsm7)
        let forced = try SMSSegmenter.chooseEncoding(for: "Hello", options: .init(encoding: .ucs2))
        #expect(forced.alphabet == .ucs2 && forced.alphabetTables == nil)
    }

    @Test func forcingGSM7OnTextItCannotHoldNamesThePosition() {
        do {
            _ = try SMSSegmenter.split("ab中c", options: .init(encoding: .gsm7))
            Issue.record("expected an error")
        } catch {
            #expect(error == SMSCodecError(.unencodableCharacter, reason: ""))
            #expect(error.offset == 2)
            #expect(error.field == "text")
        }
    }

    @Test func eightBitTextIsItsUTF8() throws {
        let parts = try SMSSegmenter.split("héllo", options: .init(encoding: .eightBit))
        #expect(parts.count == 1 && parts[0].alphabet == .eightBit)
        #expect(parts[0].body == Array("héllo".utf8))
        let long = try SMSSegmenter.split(String(repeating: "é", count: 70) + "x", options: .init(encoding: .eightBit))
        #expect(long.map(\.body.count) == [134, 7])
    }

    @Test func binaryData() throws {
        #expect(try SMSSegmenter.split(data: Array(repeating: 0xAB, count: 140)).map(\.body.count) == [140])
        let parts = try SMSSegmenter.split(data: Array(0...255) + Array(0...13))
        #expect(parts.map(\.body.count) == [134, 134, 2])
        #expect(parts.flatMap(\.body) == Array(0...255) + Array(0...13))
        #expect(parts.allSatisfy { $0.alphabet == .eightBit && $0.header?.concatenation?.total == 3 })
        #expect(try SMSSegmenter.split(data: []).map(\.body) == [[]])
    }

    @Test func emptyTextIsOneEmptyPart() throws {
        let parts = try SMSSegmenter.split("")
        #expect(parts == [UserData(alphabet: .gsm7, body: [])])
    }

    @Test func tooManyParts() throws {
        #expect(throws: SMSCodecError(.tooLong, reason: "")) {
            try SMSSegmenter.split(String(repeating: "a", count: 161), options: .init(maximumParts: 1))
        }
        #expect(throws: SMSCodecError(.tooLong, reason: "")) {
            try SMSSegmenter.split(data: Array(repeating: 0, count: 134 * 255 + 1))
        }
        #expect(throws: SMSCodecError(.invalidValue, reason: "")) {
            try SMSSegmenter.split("a", options: .init(maximumParts: 0))
        }
        #expect(try SMSSegmenter.split(data: Array(repeating: 0, count: 134 * 255)).count == 255)
    }

    @Test func partCountForAUI() throws {
        #expect(try SMSSegmenter.partCount(for: String(repeating: "a", count: 161)) == (.gsm7, 2))
        #expect(try SMSSegmenter.partCount(for: "中") == (.ucs2, 1))
    }
}
