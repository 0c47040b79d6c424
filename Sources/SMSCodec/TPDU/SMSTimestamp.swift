import Foundation

/// A service-centre time stamp: TP-SCTS, TP-DT or an absolute TP-VP (3GPP TS 23.040 §9.2.3.11, §9.2.3.12.2,
/// §9.2.3.13).
///
/// Seven octets `YY MM DD hh mm ss TZ`, each two BCD digits in swapped order (low nibble = tens). TZ counts
/// quarter hours from GMT; bit 3 of its octet (the high bit of the tens digit) is the sign, 1 = negative:
/// `0x80` → +02:00, `0x2B` → −08:00, `0x22` → +05:30, `0x8A` → −07:00.
///
/// The fields are kept as read; ``date`` and ``iso8601`` are computed on demand, without Foundation
/// formatters.
///
/// **Century window**: the year has two digits. `90`…`99` read as 1990…1999 (SMS did not exist before),
/// `00`…`89` as 2000…2089.
public struct SMSTimestamp: Hashable, Sendable, CustomStringConvertible {
    // Stored compactly (8 octets instead of 56): time stamps are copied with every decoded TPDU.
    private var storedYear: Int16
    private var storedMonth: UInt8
    private var storedDay: UInt8
    private var storedHour: UInt8
    private var storedMinute: UInt8
    private var storedSecond: UInt8
    private var storedTimeZone: Int8

    /// The full year, 1990…2089 when decoded.
    public var year: Int {
        get { Int(storedYear) }
        set { storedYear = Int16(truncatingIfNeeded: newValue) }
    }

    public var month: Int {
        get { Int(storedMonth) }
        set { storedMonth = UInt8(truncatingIfNeeded: newValue) }
    }

    public var day: Int {
        get { Int(storedDay) }
        set { storedDay = UInt8(truncatingIfNeeded: newValue) }
    }

    public var hour: Int {
        get { Int(storedHour) }
        set { storedHour = UInt8(truncatingIfNeeded: newValue) }
    }

    public var minute: Int {
        get { Int(storedMinute) }
        set { storedMinute = UInt8(truncatingIfNeeded: newValue) }
    }

    public var second: Int {
        get { Int(storedSecond) }
        set { storedSecond = UInt8(truncatingIfNeeded: newValue) }
    }

    /// Offset from GMT in quarter hours, −79…79.
    public var timeZoneQuarterHours: Int {
        get { Int(storedTimeZone) }
        set { storedTimeZone = Int8(truncatingIfNeeded: newValue) }
    }

    public init(
        year: Int,
        month: Int,
        day: Int,
        hour: Int,
        minute: Int,
        second: Int,
        timeZoneQuarterHours: Int = 0
    ) {
        self.storedYear = Int16(truncatingIfNeeded: year)
        self.storedMonth = UInt8(truncatingIfNeeded: month)
        self.storedDay = UInt8(truncatingIfNeeded: day)
        self.storedHour = UInt8(truncatingIfNeeded: hour)
        self.storedMinute = UInt8(truncatingIfNeeded: minute)
        self.storedSecond = UInt8(truncatingIfNeeded: second)
        self.storedTimeZone = Int8(truncatingIfNeeded: timeZoneQuarterHours)
    }

    /// The first year of the two-digit window: `90` reads as 1990, `89` as 2089.
    public static let centuryWindowStart = 1990

    /// The wall-clock time of `date` at an offset of `timeZoneQuarterHours` from GMT.
    public init(date: Date, timeZoneQuarterHours: Int = 0) {
        let local = Int((date.timeIntervalSince1970).rounded(.down)) + timeZoneQuarterHours * 900
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondsOfDay = local - days * 86_400
        let (year, month, day) = CivilCalendar.date(days: days)
        self.init(
            year: year,
            month: month,
            day: day,
            hour: secondsOfDay / 3600,
            minute: secondsOfDay / 60 % 60,
            second: secondsOfDay % 60,
            timeZoneQuarterHours: timeZoneQuarterHours
        )
    }

    /// The offset from GMT in seconds.
    public var timeZoneOffsetSeconds: Int { timeZoneQuarterHours * 900 }

    /// The instant, or `nil` when a field is out of range (month 13, hour 25, …).
    public var date: Date? {
        guard isValid else { return nil }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - timeZoneOffsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Whether every field is in its calendar range.
    public var isValid: Bool {
        (1...12).contains(month) && (1...31).contains(day) && (0...23).contains(hour) && (0...59).contains(minute)
            && (0...59).contains(second) && (-79...79).contains(timeZoneQuarterHours)
    }

    /// ISO 8601 with the offset: `2005-02-18T15:57:54+00:00`.
    public var iso8601: String {
        let offset = abs(timeZoneQuarterHours) * 15
        var text = Self.padded(year, 4) + "-" + Self.padded(month) + "-" + Self.padded(day)
        text += "T" + Self.padded(hour) + ":" + Self.padded(minute) + ":" + Self.padded(second)
        text += (timeZoneQuarterHours < 0 ? "-" : "+") + Self.padded(offset / 60) + ":" + Self.padded(offset % 60)
        return text
    }

    public var description: String { iso8601 }

    private static func padded(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    // MARK: - Wire format

    /// Reads seven octets; a digit nibble above 9 is an error naming `field`.
    static func decode(from reader: inout PDUReader, field: StaticString) throws(SMSCodecError) -> SMSTimestamp {
        let start = reader.offset
        let octets = try reader.readSlice(7, field)
        let first = octets.startIndex
        func bcd(_ position: Int) throws(SMSCodecError) -> Int {
            let octet = octets[first + position]
            let tens = octet & 0x0F
            let units = octet >> 4
            guard tens <= 9, units <= 9 else {
                throw reader.invalid(field, at: start + position, "octet \(position) is not two BCD digits")
            }
            return Int(tens) * 10 + Int(units)
        }
        let yy = try bcd(0)
        let month = try bcd(1)
        let day = try bcd(2)
        let hour = try bcd(3)
        let minute = try bcd(4)
        let second = try bcd(5)
        let zone = octets[first + 6]
        let tens = Int(zone & 0x07)
        let units = Int(zone >> 4)
        guard units <= 9 else {
            throw reader.invalid(field, at: start + 6, "time zone is not two BCD digits")
        }
        let quarters = (tens * 10 + units) * (zone & 0x08 == 0 ? 1 : -1)
        let year = yy >= centuryWindowStart % 100 ? 1900 + yy : 2000 + yy
        return SMSTimestamp(
            year: year,
            month: month,
            day: day,
            hour: hour,
            minute: minute,
            second: second,
            timeZoneQuarterHours: quarters
        )
    }

    /// The seven octets; fields beyond two digits are written modulo 100.
    var encoded: [UInt8] {
        func bcd(_ value: Int) -> UInt8 {
            let value = abs(value) % 100
            return UInt8(value % 10) << 4 | UInt8(value / 10)
        }
        let quarters = min(abs(timeZoneQuarterHours), 79)
        let zone = bcd(quarters) | (timeZoneQuarterHours < 0 ? 0x08 : 0)
        return [bcd(year), bcd(month), bcd(day), bcd(hour), bcd(minute), bcd(second), zone]
    }
}
