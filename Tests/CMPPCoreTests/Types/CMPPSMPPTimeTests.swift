import CMPPCore
import Foundation
import Testing

@Suite("CMPPSMPPTime")
struct CMPPSMPPTimeTests {
    @Test("an empty field, or one of NULs and spaces, is no time")
    func empty() throws {
        #expect(try CMPPSMPPTime.parse("") == nil)
        #expect(try CMPPSMPPTime.parse("\0\0\0") == nil)
        #expect(try CMPPSMPPTime.parse("   ") == nil)
    }

    @Test("gocmpp's vector: 2015-11-05 13:15:55.1 at UTC+0:15")
    func gocmppVector() throws {
        let time = try #require(try CMPPSMPPTime.parse("151105131555101+"))
        guard case .absolute(let absolute) = time else {
            Issue.record("expected the absolute form")
            return
        }
        #expect(absolute.year == 2015 && absolute.month == 11 && absolute.day == 5)
        #expect(absolute.hour == 13 && absolute.minute == 15 && absolute.second == 55)
        #expect(absolute.tenths == 1 && absolute.utcOffsetQuarterHours == 1)
        #expect(abs(time.date(relativeTo: .distantPast).timeIntervalSince1970 - 1_446_728_455.1) < 0.001)
        #expect(time.string == "151105131555101+")
    }

    @Test("China Standard Time (32+) is 8 hours ahead of UTC; a minus sign is behind")
    func offsets() throws {
        let china = try #require(try CMPPSMPPTime.parse("260301120000032+"))
        #expect(china.date(relativeTo: .now).timeIntervalSince1970 == 1_772_337_600)
        let behind = try #require(try CMPPSMPPTime.parse("251231163000014-"))
        // 16:30 at UTC−3:30 is 20:00 UTC.
        #expect(behind.date(relativeTo: .now).timeIntervalSince1970 == 1_767_211_200)
    }

    @Test("trailing NULs of the 17-byte field are ignored")
    func trailingNUL() throws {
        #expect(try CMPPSMPPTime.parse("260301120000032+\0") == CMPPSMPPTime.parse("260301120000032+"))
    }

    @Test("the relative form moves the receive time on by calendar units")
    func relative() throws {
        let received = Date(timeIntervalSince1970: 1_769_853_600)  // 2026-01-31 10:00:00 UTC
        let twoDays = try #require(try CMPPSMPPTime.parse("000002000000000R"))
        #expect(twoDays == .relative(.init(days: 2)))
        #expect(twoDays.date(relativeTo: received) == received.addingTimeInterval(2 * 86_400))
        let mixed = try #require(try CMPPSMPPTime.parse("000000013015000R"))
        #expect(mixed.date(relativeTo: received) == received.addingTimeInterval(3600 + 30 * 60 + 15))
        // One month after 31 January is the last day of February.
        let oneMonth = try #require(try CMPPSMPPTime.parse("000100000000000R"))
        #expect(oneMonth.date(relativeTo: received).timeIntervalSince1970 == 1_772_272_800)
        // One year after 29 February 2024 is 28 February 2025.
        let leap = Date(timeIntervalSince1970: 1_709_251_199)
        let oneYear = try #require(try CMPPSMPPTime.parse("010000000000000R"))
        #expect(oneYear.date(relativeTo: leap) == leap.addingTimeInterval(365 * 86_400))
        #expect(oneMonth.string == "000100000000000R")
    }

    @Test("SMPP's 000 in tnn of a relative time is wanted but other digits are tolerated")
    func relativeTolerance() throws {
        #expect(try CMPPSMPPTime.parse("000002000000532R") == .relative(.init(days: 2)))
    }

    @Test(
        "malformed fields are typed errors, never a crash",
        arguments: [
            "15110513155510+",  // 15 characters
            "1511051315551011+",  // 17 characters
            "15110513155510a+",  // a letter among the digits
            "151105131555101Z",  // unknown form
            "151305131555101+",  // month 13
            "150229131555101+",  // 29 February 2015
            "151131131555101+",  // 31 November
            "151105241555101+",  // hour 24
            "151105136055101+",  // minute 60
            "151105131560101+",  // second 60
            "151105131555149+",  // offset of 49 quarter hours
        ]
    )
    func malformed(text: String) {
        #expect(throws: CMPPError(.invalidValue, reason: "")) { try CMPPSMPPTime.parse(text, field: "At_Time") }
    }

    @Test("the error names the field it was given")
    func errorNamesField() {
        do {
            _ = try CMPPSMPPTime.parse("garbage", field: "At_Time")
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "At_Time")
        }
    }

    @Test("a date written as an absolute time reads back to the same tenth of a second (years 2000–2099)")
    func roundTrip() throws {
        for seconds in [946_771_200, 1_446_728_455.1, 1_767_231_000, 1_709_251_199.9, 4_070_908_799] {
            let date = Date(timeIntervalSince1970: seconds)
            for offset in [32, 0, -20] {
                let time = CMPPSMPPTime(date: date, utcOffsetQuarterHours: offset)
                let parsed = try #require(try CMPPSMPPTime.parse(time.string))
                #expect(parsed == time)
                #expect(abs(parsed.date(relativeTo: .now).timeIntervalSince1970 - seconds) < 0.001)
            }
        }
        #expect(CMPPSMPPTime(date: Date(timeIntervalSince1970: 1_767_211_200)).string == "260101040000032+")
    }
}
