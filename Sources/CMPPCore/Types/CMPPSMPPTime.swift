import Foundation
import SMSCodec

/// A CMPP_SUBMIT `ValId_Time` or `At_Time` (§7.4.3.1): the SMPP 3.3 time format, 16 characters
/// `YYMMDDhhmmsstnnp` in a 17-byte Octet String; an empty field means "none" (no validity given,
/// or deliver now).
///
/// The 2.0 text only says "格式遵循SMPP3.3协议" (follows SMPP 3.3); the fact sheet (§6.4, §13) infers the
/// 16-character form from SMPP and from gocmpp's test data (`151105131555101+`). Two forms exist:
///
/// - **absolute** (`p` is `+` or `-`): a local date and time, `t` tenths of a second, and `nn` the local
///   time's offset from UTC in quarter hours (`32+` is China Standard Time, UTC+8);
/// - **relative** (`p` is `R`): a period after the moment the gateway received the message — `YY` years,
///   `MM` months, `DD` days, `hh:mm:ss`. SMPP wants `tnn` = `000` here; other digits are tolerated and
///   ignored.
///
/// Two-digit years are read as 20YY: CMPP dates from 2002.
///
/// ### Examples
/// ```
/// 151105131555101+   2015-11-05 13:15:55.1 at UTC+0:15 (gocmpp's test vector)
/// 260301120000032+   2026-03-01 12:00:00 China Standard Time = 04:00:00 UTC
/// 000002000000000R   two days after submission
/// ```
///
/// ## Related types
/// ``CMPPSubmit/validityTime``, ``CMPPSubmit/atTime``.
public enum CMPPSMPPTime: Hashable, Sendable, CustomStringConvertible {
    /// A date and time in a stated offset from UTC.
    case absolute(Absolute)
    /// A period after the message was received.
    case relative(Relative)

    /// The absolute form's fields, as written.
    public struct Absolute: Hashable, Sendable {
        /// The full year, 2000…2099.
        public var year: Int
        /// 1…12.
        public var month: Int
        /// 1…31, checked against the month.
        public var day: Int
        /// 0…23.
        public var hour: Int
        /// 0…59.
        public var minute: Int
        /// 0…59.
        public var second: Int
        /// Tenths of a second, 0…9.
        public var tenths: Int
        /// The local time's offset from UTC in quarter hours, −48…48 (`nn` with the sign of `p`).
        public var utcOffsetQuarterHours: Int

        public init(
            year: Int,
            month: Int,
            day: Int,
            hour: Int,
            minute: Int,
            second: Int,
            tenths: Int = 0,
            utcOffsetQuarterHours: Int = 32
        ) {
            self.year = year
            self.month = month
            self.day = day
            self.hour = hour
            self.minute = minute
            self.second = second
            self.tenths = tenths
            self.utcOffsetQuarterHours = utcOffsetQuarterHours
        }

        /// The instant these fields name.
        public var date: Date {
            let days = Int64(CivilCalendar.days(year: year, month: month, day: day))
            let localSeconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
            let utcSeconds = localSeconds - Int64(utcOffsetQuarterHours * 15 * 60)
            return Date(timeIntervalSince1970: Double(utcSeconds) + Double(tenths) / 10)
        }
    }

    /// The relative form's fields: a period of calendar units.
    public struct Relative: Hashable, Sendable {
        /// 0…99.
        public var years: Int
        /// 0…99.
        public var months: Int
        /// 0…99.
        public var days: Int
        /// 0…99.
        public var hours: Int
        /// 0…99.
        public var minutes: Int
        /// 0…99.
        public var seconds: Int

        public init(years: Int = 0, months: Int = 0, days: Int = 0, hours: Int = 0, minutes: Int = 0, seconds: Int = 0)
        {
            self.years = years
            self.months = months
            self.days = days
            self.hours = hours
            self.minutes = minutes
            self.seconds = seconds
        }

        /// `reference` moved on by this period: years and months on the UTC calendar (a day past the end of
        /// the target month is clamped to its last day), then days, hours, minutes and seconds as elapsed time.
        public func date(after reference: Date) -> Date {
            let unix = Int64(reference.timeIntervalSince1970.rounded(.down))
            let fraction = reference.timeIntervalSince1970 - Double(unix)
            var days = unix / 86_400
            var secondOfDay = unix % 86_400
            if secondOfDay < 0 {
                secondOfDay += 86_400
                days -= 1
            }
            var civil = CivilCalendar.date(days: Int(days))
            let monthIndex = civil.year * 12 + (civil.month - 1) + years * 12 + months
            civil.year = monthIndex / 12
            civil.month = monthIndex % 12 + 1
            civil.day = min(civil.day, CivilCalendar.daysInMonth(year: civil.year, month: civil.month))
            let movedDays = Int64(CivilCalendar.days(year: civil.year, month: civil.month, day: civil.day))
            let total =
                (movedDays + Int64(self.days)) * 86_400 + secondOfDay + Int64(hours * 3600 + minutes * 60 + seconds)
            return Date(timeIntervalSince1970: Double(total) + fraction)
        }
    }

    /// Parses a `ValId_Time` or `At_Time` field; `nil` when it is empty (trailing NULs and spaces are
    /// ignored).
    ///
    /// - Parameter field: the spec's field name, for the error.
    /// - Throws: ``CMPPError/Code/invalidValue`` when the text is not 16 characters of the form
    ///   `YYMMDDhhmmsstnnp`, or a part is out of range (month 13, 31 February, offset beyond ±48).
    public static func parse(_ text: String, field: String = "ValId_Time") throws(CMPPError) -> CMPPSMPPTime? {
        let trimmed = text.utf8.reversed().drop { $0 == 0 || $0 == 0x20 }.reversed()
        if trimmed.isEmpty { return nil }
        let bytes = Array(trimmed)
        guard bytes.count == 16 else {
            throw CMPPError(
                .invalidValue,
                field: field,
                reason: "expected 16 characters YYMMDDhhmmsstnnp, found \(bytes.count)"
            )
        }
        var digits = [Int]()
        digits.reserveCapacity(15)
        for byte in bytes[0..<15] {
            guard (0x30...0x39).contains(byte) else {
                throw CMPPError(.invalidValue, field: field, reason: "the first 15 characters must be digits")
            }
            digits.append(Int(byte - 0x30))
        }
        func pair(_ index: Int) -> Int { digits[index] * 10 + digits[index + 1] }
        switch bytes[15] {
        case UInt8(ascii: "R"):
            return .relative(
                Relative(
                    years: pair(0),
                    months: pair(2),
                    days: pair(4),
                    hours: pair(6),
                    minutes: pair(8),
                    seconds: pair(10)
                )
            )
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[15] == UInt8(ascii: "+") ? 1 : -1
            let absolute = Absolute(
                year: 2000 + pair(0),
                month: pair(2),
                day: pair(4),
                hour: pair(6),
                minute: pair(8),
                second: pair(10),
                tenths: digits[12],
                utcOffsetQuarterHours: sign * pair(13)
            )
            guard (1...12).contains(absolute.month) else {
                throw CMPPError(.invalidValue, field: field, reason: "month \(absolute.month) is not 1…12")
            }
            let monthLength = CivilCalendar.daysInMonth(year: absolute.year, month: absolute.month)
            guard (1...monthLength).contains(absolute.day) else {
                throw CMPPError(
                    .invalidValue,
                    field: field,
                    reason: "day \(absolute.day) is not in month \(absolute.month) of \(absolute.year)"
                )
            }
            guard absolute.hour < 24, absolute.minute < 60, absolute.second < 60 else {
                throw CMPPError(.invalidValue, field: field, reason: "the time of day is out of range")
            }
            guard abs(absolute.utcOffsetQuarterHours) <= 48 else {
                throw CMPPError(
                    .invalidValue,
                    field: field,
                    reason: "the UTC offset nn must be 00…48 quarter hours, not \(pair(13))"
                )
            }
            return .absolute(absolute)
        default:
            throw CMPPError(
                .invalidValue,
                field: field,
                reason: "the 16th character must be '+', '-' (absolute) or 'R' (relative)"
            )
        }
    }

    /// The instant meant: the absolute date, or `receivedAt` moved on by the relative period.
    public func date(relativeTo receivedAt: Date) -> Date {
        switch self {
        case .absolute(let absolute): absolute.date
        case .relative(let relative): relative.date(after: receivedAt)
        }
    }

    /// The absolute time of `date` written in `utcOffsetQuarterHours` (China Standard Time by default),
    /// rounded to the nearest tenth of a second. Only years 2000…2099 read back the same.
    public init(date: Date, utcOffsetQuarterHours: Int = 32) {
        let tenthsSinceEpoch = Int64((date.timeIntervalSince1970 * 10).rounded())
        var localTenths = tenthsSinceEpoch + Int64(utcOffsetQuarterHours * 15 * 60 * 10)
        var tenths = localTenths % 10
        if tenths < 0 { tenths += 10 }
        localTenths -= tenths
        let localSeconds = localTenths / 10
        var days = localSeconds / 86_400
        var secondOfDay = localSeconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let civil = CivilCalendar.date(days: Int(days))
        self = .absolute(
            Absolute(
                year: Int(civil.year),
                month: Int(civil.month),
                day: Int(civil.day),
                hour: Int(secondOfDay / 3600),
                minute: Int(secondOfDay / 60 % 60),
                second: Int(secondOfDay % 60),
                tenths: Int(tenths),
                utcOffsetQuarterHours: utcOffsetQuarterHours
            )
        )
    }

    /// The 16-character wire form.
    public var string: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value % 100) }
        switch self {
        case .absolute(let a):
            let sign = a.utcOffsetQuarterHours < 0 ? "-" : "+"
            return two(a.year % 100) + two(a.month) + two(a.day) + two(a.hour) + two(a.minute) + two(a.second)
                + String(a.tenths % 10) + two(abs(a.utcOffsetQuarterHours)) + sign
        case .relative(let r):
            return two(r.years) + two(r.months) + two(r.days) + two(r.hours) + two(r.minutes) + two(r.seconds)
                + "000R"
        }
    }

    public var description: String { string }
}
