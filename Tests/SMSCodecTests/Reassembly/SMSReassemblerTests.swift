import SMSCodec
import Testing

@Suite("Reassembly")
struct SMSReassemblerTests {
    private typealias Reassembler = SMSReassembler<ContinuousClock.Instant>
    private let start = ContinuousClock.now

    private func ucs2Part(_ units: [UInt16], reference: UInt16 = 9, total: UInt8, sequence: UInt8) -> UserData {
        var header = UserDataHeader()
        header.concatenation = SMSConcatenation(reference: reference, total: total, sequence: sequence)
        let body = units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        return UserData(header: header, alphabet: .ucs2, body: body)
    }

    /// shared/spec/sms-pdu.md §13 rule 3 (warthog618/sms "ucs2 split surrogate"): the raw UTF-16 of all parts is
    /// joined before decoding.
    @Test func surrogatePairSplitBetweenParts() {
        var reassembler = Reassembler(timeout: .seconds(60))
        let first = ucs2Part([0xD83D, 0xDE01, 0xD83D], total: 2, sequence: 1)
        let second = ucs2Part([0xDE01, 0xD83D, 0xDE01], total: 2, sequence: 2)
        #expect(reassembler.receive(second, from: "10086", at: start).isEmpty)
        let messages = reassembler.receive(first, from: "10086", at: start)
        #expect(messages.count == 1)
        #expect(messages.first?.text == "😁😁😁")
        #expect(messages.first?.isComplete == true)
        #expect(messages.first?.missingSequences == [])
        #expect(reassembler.pendingCount == 0)
    }

    @Test func outOfOrderWithDuplicates() throws {
        let text = String(repeating: "0123456789", count: 40)
        let parts = try SMSSegmenter.split(text, options: .init(reference: 200))
        #expect(parts.count == 3)
        var reassembler = Reassembler(timeout: .seconds(60))
        var delivered: [SMSReassembledMessage] = []
        for part in [parts[2], parts[0], parts[2], parts[0], parts[1], parts[1]] {
            delivered += reassembler.receive(part, from: "+8613800138000", at: start)
        }
        #expect(delivered.count == 1)
        #expect(delivered.first?.text == text)
        #expect(delivered.first?.reference == 200 && delivered.first?.referenceKind == .eightBit)
        #expect(delivered.first?.parts == parts.map(Optional.some))
        // The late duplicate opened a new pending message; it stays incomplete.
        #expect(reassembler.pendingCount == 1)
    }

    @Test func partsWithoutAValidConcatenationElementAreSingleMessages() {
        var reassembler = Reassembler(timeout: .seconds(60))
        let plain = UserData(alphabet: .gsm7, body: [0x48, 0x69])
        #expect(reassembler.receive(plain, from: "a", at: start).map(\.text) == ["Hi"])
        let invalid = UserDataHeader(elements: [
            InformationElement(identifier: .concatenated8BitReference, data: [1, 2, 3])
        ])
        let part = UserData(header: invalid, alphabet: .gsm7, body: [0x41])
        let messages = reassembler.receive(part, from: "a", at: start)
        #expect(messages.count == 1 && messages[0].reference == nil && messages[0].isComplete)
        #expect(reassembler.pendingCount == 0)
    }

    @Test func keyedByOriginatorKindReferenceAndTotal() {
        var reassembler = Reassembler(timeout: .seconds(60))
        let parts: [(UserData, String)] = [
            (ucs2Part([0x41], reference: 5, total: 2, sequence: 1), "a"),
            (ucs2Part([0x42], reference: 5, total: 2, sequence: 2), "b"),
            (ucs2Part([0x43], reference: 5, total: 3, sequence: 2), "a"),
            (ucs2Part([0x44], reference: 6, total: 2, sequence: 2), "a"),
        ]
        for (part, originator) in parts {
            #expect(reassembler.receive(part, from: originator, at: start).isEmpty)
        }
        var sixteen = UserDataHeader()
        sixteen.concatenation = SMSConcatenation(reference: 5, total: 2, sequence: 2, kind: .sixteenBit)
        let other = UserData(header: sixteen, alphabet: .ucs2, body: [0, 0x45])
        #expect(reassembler.receive(other, from: "a", at: start).isEmpty)
        #expect(reassembler.pendingCount == 5)
        let done = reassembler.receive(ucs2Part([0x5A], reference: 5, total: 2, sequence: 2), from: "a", at: start)
        #expect(done.map(\.text) == ["AZ"])
    }

    @Test func timeoutYieldsIncompleteMessages() throws {
        var reassembler = Reassembler(timeout: .seconds(30))
        let parts = try SMSSegmenter.split(String(repeating: "中", count: 150))
        #expect(parts.count == 3)
        _ = reassembler.receive(parts[0], from: "x", at: start)
        _ = reassembler.receive(parts[2], from: "x", at: start + .seconds(10))
        #expect(reassembler.nextDeadline == start + .seconds(40))
        #expect(reassembler.expire(at: start + .seconds(39)).isEmpty)
        let expired = reassembler.expire(at: start + .seconds(40))
        #expect(expired.count == 1)
        let message = try #require(expired.first)
        #expect(!message.isComplete)
        #expect(message.missingSequences == [2])
        #expect(message.parts[1] == nil)
        #expect(message.text == String(repeating: "中", count: 67 + 16))
        #expect(reassembler.pendingCount == 0 && reassembler.nextDeadline == nil)
    }

    @Test func oldestPendingMessageIsEvictedWhenFull() {
        var reassembler = Reassembler(timeout: .seconds(30), maximumPendingMessages: 2)
        _ = reassembler.receive(ucs2Part([0x41], reference: 1, total: 3, sequence: 1), from: "a", at: start)
        _ = reassembler.receive(ucs2Part([0x42], reference: 2, total: 2, sequence: 1), from: "a", at: start)
        // Adding to message 1 again makes message 2 the least recently added-to.
        _ = reassembler.receive(ucs2Part([0x41], reference: 1, total: 3, sequence: 2), from: "a", at: start)
        let evicted = reassembler.receive(ucs2Part([0x43], reference: 3, total: 2, sequence: 1), from: "a", at: start)
        #expect(evicted.map(\.reference) == [2])
        #expect(evicted.first?.missingSequences == [2])
        #expect(evicted.first?.text == "B")
        #expect(reassembler.pendingCount == 2)
        let flushed = reassembler.flush()
        #expect(flushed.map(\.reference) == [1, 3])
        #expect(reassembler.pendingCount == 0)
    }

    @Test func gsm7PartsDecodeThroughTheirOwnTables() throws {
        let text = String(repeating: "Işık ğüzel €[]", count: 20)
        let options = SMSSegmentationOptions(reference: 77, nationalLanguages: [.turkish])
        let parts = try SMSSegmenter.split(text, options: options)
        // The locking-shift table holds ş ı ğ € in one septet each: as many parts as single shift, fewer septets.
        #expect(parts.count == 3 && parts.allSatisfy { $0.header?.lockingShift == .turkish })
        var reassembler = Reassembler(timeout: .seconds(30))
        let messages = parts.reversed().flatMap { reassembler.receive($0, from: "tr", at: start) }
        #expect(messages.map(\.text) == [text])
    }

    @Test func binaryPartsHaveDataButNoText() throws {
        let data = (0..<300).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var reassembler = Reassembler(timeout: .seconds(30))
        let messages = try SMSSegmenter.split(data: data).flatMap { reassembler.receive($0, from: "d", at: start) }
        #expect(messages.count == 1)
        #expect(messages.first?.data == data)
        #expect(messages.first?.text == nil)
    }
}
