import FeigeGateway
import Foundation
import Testing

@Suite("StatisticsDay")
struct StatisticsDayTests {
    @Test("days are counted in China time: 16:00 UTC is the next day")
    func chinaTime() {
        let days = StatisticsDay(timeZone: TimeZone(secondsFromGMT: 8 * 3600)!)
        #expect(days.string(for: Date(timeIntervalSince1970: 1_704_210_000)) == "20240102")  // 15:40 UTC
        #expect(days.string(for: Date(timeIntervalSince1970: 1_704_211_200)) == "20240103")  // 16:00 UTC
        #expect(days.string(for: Date(timeIntervalSince1970: 1_709_164_800)) == "20240229")  // leap day
        #expect(days.string(for: Date(timeIntervalSince1970: -1)) == "19700101")
    }

    @Test("QUERY days must be eight digits")
    func validation() {
        #expect(StatisticsDay.isValid("20240102"))
        #expect(!StatisticsDay.isValid("2024012"))
        #expect(!StatisticsDay.isValid("2024-1-2"))
        #expect(!StatisticsDay.isValid("２０２４０１０２"))
    }
}
