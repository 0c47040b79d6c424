import CMPPCore
import FeigeGateway
import Testing

@Suite("MessageIDRecency")
struct MessageIDRecencyTests {
    private func id(month: Int, day: Int, second: Int = 0, sequence: Int = 0) -> CMPPMessageID {
        CMPPMessageID(
            CMPPMessageID.Parts(month: month, day: day, hour: 0, minute: 0, second: second, gateway: 7, sequence: sequence)
        )
    }

    @Test("within a year the later stamp, then the higher sequence, is the later id")
    func sameYear() {
        #expect(MessageIDRecency.isLater(id(month: 3, day: 1, sequence: 1), than: id(month: 3, day: 1, sequence: 0)))
        #expect(MessageIDRecency.isLater(id(month: 3, day: 1, second: 1), than: id(month: 3, day: 1, sequence: 900)))
        #expect(!MessageIDRecency.isLater(id(month: 3, day: 1), than: id(month: 3, day: 1)))
        #expect(!MessageIDRecency.isLater(id(month: 2, day: 1), than: id(month: 3, day: 1)))
    }

    @Test("January's ids are later than December's, though numerically smaller")
    func yearTurn() {
        let december = id(month: 12, day: 31, second: 59)
        let january = id(month: 1, day: 1)
        #expect(january.rawValue < december.rawValue)
        #expect(MessageIDRecency.isLater(january, than: december))
        #expect(!MessageIDRecency.isLater(december, than: january))
        #expect(MessageIDRecency.later(december, january) == january)
    }
}
