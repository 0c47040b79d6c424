import Foundation
import SMSCodec

/// The `YYYYMMDD` day a message counts for in CMPP_QUERY statistics (§7.4.4.1 `Time`), in a fixed zone.
///
/// Computed with civil-from-days arithmetic rather than `Calendar`, because it runs for every stored
/// message. Days follow the zone's offset at the moment in question.
package struct StatisticsDay {
    /// The zone days are counted in (China Standard Time for a CMPP gateway).
    package let timeZone: TimeZone

    package init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The `YYYYMMDD` string of the day `date` falls on.
    package func string(for date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
            + Int64(timeZone.secondsFromGMT(for: date))
        var days = seconds / 86_400
        if seconds % 86_400 < 0 {
            days -= 1
        }
        let (year, month, day) = CivilCalendar.date(days: Int(days))
        return Self.digits(Int64(year), 4) + Self.digits(Int64(month), 2) + Self.digits(Int64(day), 2)
    }

    /// Whether `text` has the `YYYYMMDD` shape of a QUERY's `Time` field.
    package static func isValid(_ text: String) -> Bool {
        text.utf8.count == 8 && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    private static func digits(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
