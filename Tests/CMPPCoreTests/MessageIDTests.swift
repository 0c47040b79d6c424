import CMPPCore
import Foundation
import PropertyBased
import Testing

@Suite("Msg_Id (§7.4.3.2)")
struct MessageIDTests {
    @Test(arguments: [
        (UInt64(0x7FD9_13C1_2D34_B9C9), CMPPMessageID.Parts(month: 7, day: 31, hour: 22, minute: 17, second: 15, gateway: 77108, sequence: 47561)),
        (UInt64(0xB4C5_5300_0001_0000), CMPPMessageID.Parts(month: 11, day: 9, hour: 17, minute: 21, second: 12, gateway: 1, sequence: 0)),
    ])
    func unpacksAndPacks(_ raw: UInt64, _ parts: CMPPMessageID.Parts) throws {
        #expect(CMPPMessageID(rawValue: raw).parts == parts)
        #expect(try CMPPMessageID(validating: parts).rawValue == raw)
    }

    @Test func digitString() {
        #expect(CMPPMessageID(rawValue: 0x7FD9_13C1_2D34_B9C9).digitString == "0731221715007710847561")
    }

    @Test func validatingRejectsOutOfRangeParts() {
        let parts = CMPPMessageID.Parts(month: 13, day: 1, hour: 0, minute: 0, second: 0, gateway: 0, sequence: 0)
        #expect(throws: CMPPError(.invalidValue, reason: "")) { try CMPPMessageID(validating: parts) }
    }

    @Test func packUnpackIsIdentityForEveryID() async {
        await propertyCheck(count: 1000, input: Gen<UInt64>.uint64()) { raw in
            let id = CMPPMessageID(rawValue: raw)
            #expect(CMPPMessageID(id.parts) == id)
        }
    }

    @Test func generatorStampsChinaTime() throws {
        let generator = try CMPPMessageIDGenerator(gateway: 79101)
        let date = Date(timeIntervalSince1970: 1_704_207_845)  // 2024-01-02 15:04:05 UTC = 23:04:05 CST
        let parts = generator.next(at: date).parts
        #expect(parts == CMPPMessageID.Parts(month: 1, day: 2, hour: 23, minute: 4, second: 5, gateway: 79101, sequence: 0))
        #expect(generator.next(at: date).parts.sequence == 1)
    }

    @Test func moreThan65536IDsInOneSecondBorrowTheNextSecond() throws {
        let generator = try CMPPMessageIDGenerator(gateway: 1, timeZone: TimeZone(secondsFromGMT: 0)!)
        let date = Date(timeIntervalSince1970: 1_704_207_845)
        var seen = Set<CMPPMessageID>()
        for _ in 0..<200_000 {
            seen.insert(generator.next(at: date))
        }
        #expect(seen.count == 200_000)
        // 200 000 = 3 × 65 536 + 3 392: the last id is stamped three seconds ahead.
        let last = generator.next(at: date).parts
        #expect(last.second == 8)
        #expect(last.sequence == 3392)
        // When the clock catches up, ids continue after the borrowed stamp, not from 0 again.
        let caughtUp = generator.next(at: Date(timeIntervalSince1970: 1_704_207_848)).parts
        #expect(caughtUp.second == 8 && caughtUp.sequence == 3393)
    }

    @Test func clockGoingBackwardsNeverRepeats() throws {
        let generator = try CMPPMessageIDGenerator(gateway: 1)
        let first = generator.next(at: Date(timeIntervalSince1970: 1_704_207_845))
        let second = generator.next(at: Date(timeIntervalSince1970: 1_704_207_800))
        #expect(first != second)
        #expect(second.parts.second == first.parts.second)
    }

    @Test func concurrentCallersGetDistinctIDs() async throws {
        let generator = try CMPPMessageIDGenerator(gateway: 3)
        let ids = await withTaskGroup(of: [CMPPMessageID].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<5000).map { _ in generator.next() } }
            }
            return await group.reduce(into: [CMPPMessageID]()) { $0 += $1 }
        }
        #expect(Set(ids).count == 40_000)
    }

    @Test func restartInTheSameSecondStartsAfterTheLastStoredID() throws {
        let now = Date(timeIntervalSince1970: 1_704_207_845)  // 2024-01-02 23:04:05 CST
        let before = try CMPPMessageIDGenerator(gateway: 7)
        let issued = (0..<5).map { _ in before.next(at: now) }
        let restarted = try CMPPMessageIDGenerator(gateway: 7, startingAfter: issued.last, now: now)
        let next = restarted.next(at: now)
        #expect(!issued.contains(next))
        #expect(next.parts.second == 5 && next.parts.sequence == 5)
    }

    @Test func restartAfterTheClockSteppedBackCarriesOnAfterTheStoredID() throws {
        let earlier = Date(timeIntervalSince1970: 1_704_207_845)
        let stored = try CMPPMessageIDGenerator(gateway: 7).next(at: earlier)
        // The clock now reads 40 s earlier than when `stored` was made.
        let now = earlier.addingTimeInterval(-40)
        let restarted = try CMPPMessageIDGenerator(gateway: 7, startingAfter: stored, now: now)
        let next = restarted.next(at: now)
        #expect(next.parts.minute == stored.parts.minute && next.parts.second == stored.parts.second)
        #expect(next.parts.sequence == stored.parts.sequence + 1)
    }

    @Test func aDecemberIDReadInJanuaryIsLastYearsAndDoesNotHoldTheClockBack() throws {
        let utc = TimeZone(secondsFromGMT: 0)!
        let december = CMPPMessageID(
            CMPPMessageID.Parts(month: 12, day: 31, hour: 23, minute: 59, second: 59, gateway: 7, sequence: 9)
        )
        let now = Date(timeIntervalSince1970: 1_704_067_210)  // 2024-01-01 00:00:10 UTC
        let generator = try CMPPMessageIDGenerator(gateway: 7, timeZone: utc, startingAfter: december, now: now)
        let next = generator.next(at: now).parts
        #expect(next.month == 1 && next.day == 1 && next.second == 10 && next.sequence == 0)
    }

    @Test func advancingToAnEarlierIDChangesNothing() throws {
        let now = Date(timeIntervalSince1970: 1_704_207_845)
        let generator = try CMPPMessageIDGenerator(gateway: 7)
        let first = generator.next(at: now)
        let second = generator.next(at: now)
        try generator.advance(past: first, now: now)
        #expect(generator.next(at: now).parts.sequence == second.parts.sequence + 1)
    }

    @Test func advancingPastAnImpossibleStampThrows() throws {
        let generator = try CMPPMessageIDGenerator(gateway: 7)
        let april31 = CMPPMessageID(
            CMPPMessageID.Parts(month: 4, day: 31, hour: 0, minute: 0, second: 0, gateway: 7, sequence: 0)
        )
        #expect(throws: CMPPError(.invalidValue, reason: "")) { try generator.advance(past: april31) }
        #expect(throws: CMPPError(.invalidValue, reason: "")) { try generator.advance(past: .zero) }
    }

    @Test func gatewayMustFit22Bits() {
        #expect(throws: CMPPError(.invalidValue, reason: "")) { try CMPPMessageIDGenerator(gateway: 0x40_0000) }
    }
}
