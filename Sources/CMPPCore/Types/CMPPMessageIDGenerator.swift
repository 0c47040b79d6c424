import Foundation
import SMSCodec
import Synchronization

/// Makes ``CMPPMessageID``s for one gateway that never repeat while the process runs (§7.4.3.2).
///
/// The 16-bit sequence restarts at 0 each new second. When more than 65 536 ids are asked for within one
/// second the sequence would wrap onto ids already handed out, so the generator **borrows the next
/// second**: it stamps ids with second + 1 and carries on from sequence 0. The stamp then runs ahead of the
/// wall clock for as long as the burst lasts (65 536 ids per borrowed second), and the generator never goes
/// back to an earlier stamp, also not when the system clock steps backwards. Sustained rates above
/// 65 536 ids/s thus shift the stamps into the future; CMPP has no wider id to offer.
///
/// Limits of the format itself: a Msg_Id holds no year, so ids recur after a year, and a restarted
/// process starts again from the clock, so a restart within the same second, or after the clock stepped
/// back, could repeat ids the previous process made. A gateway that persists its ids avoids this by starting
/// the new generator after the last id it stored (``init(gateway:timeZone:startingAfter:now:)`` or
/// ``advance(past:now:)``).
///
/// Thread-safe: one `Mutex`-guarded counter.
public final class CMPPMessageIDGenerator: Sendable {
    private struct State {
        /// The Unix second the last id was stamped with.
        var second: Int64
        /// The sequence of the last id.
        var sequence: Int
        /// The id bits of ``second``'s stamp and the gateway code (sequence 0), made once per second:
        /// the zone lookup and civil-date arithmetic are not per id.
        var stampedSecond: Int64 = .min
        var stampBits: UInt64 = 0
    }

    /// The gateway code in the id's 22-bit field.
    public let gateway: Int
    /// The zone the month/day/hour fields are written in (China: UTC+8).
    public let timeZone: TimeZone
    private let state: Mutex<State>

    /// - Parameters:
    ///   - gateway: the ISMG code as an integer, 0…4 194 303.
    ///   - timeZone: the zone of the date fields; China Standard Time by default.
    /// - Throws: ``CMPPError/Code/invalidValue`` when `gateway` does not fit in 22 bits.
    public init(gateway: Int, timeZone: TimeZone = CMPPTimestamp.chinaStandardTime) throws {
        guard (0...0x3F_FFFF).contains(gateway) else {
            throw CMPPError.invalidValue("Msg_Id", "gateway \(gateway) does not fit in 22 bits")
        }
        self.gateway = gateway
        self.timeZone = timeZone
        self.state = Mutex(State(second: .min, sequence: 0))
    }

    /// Makes a generator whose first id is stamped strictly after `last`: the id the previous run of the
    /// gateway made last (e.g. the highest one its store holds), so a restart in the same second or after
    /// the clock stepped back never reissues an id.
    ///
    /// - Parameters:
    ///   - last: the id to start after; `nil` starts from the clock alone.
    ///   - now: the current time, used to place `last`'s year-less stamp (see ``advance(past:now:)``).
    /// - Throws: ``CMPPError/Code/invalidValue`` when `gateway` does not fit in 22 bits or `last`'s stamp is
    ///   not a date.
    public convenience init(
        gateway: Int,
        timeZone: TimeZone = CMPPTimestamp.chinaStandardTime,
        startingAfter last: CMPPMessageID?,
        now: Date = Date()
    ) throws {
        try self.init(gateway: gateway, timeZone: timeZone)
        if let last {
            try advance(past: last, now: now)
        }
    }

    /// Moves the generator so that every later id is stamped after `id`; does nothing when it is already
    /// past it.
    ///
    /// A Msg_Id's stamp has no year (§7.4.3.2), so `id` is read as the moment nearest to `now` with its
    /// month, day and time of day in ``timeZone`` (last year's December id read in January is last year's;
    /// an id slightly ahead of a clock that stepped back is read as in the near future, and the generator
    /// carries on after it). The gateway code of `id` is not looked at.
    ///
    /// - Throws: ``CMPPError/Code/invalidValue`` when the stamp is not a date in any nearby year
    ///   (e.g. month 0 or 13, or 31 April).
    public func advance(past id: CMPPMessageID, now: Date = Date()) throws {
        let parts = id.parts
        guard let second = Self.unixSecond(of: parts, near: now, timeZone: timeZone) else {
            throw CMPPError.invalidValue("Msg_Id", "the stamp of \(id) is not a date")
        }
        state.withLock { state in
            if second > state.second || (second == state.second && parts.sequence > state.sequence) {
                state.second = second
                state.sequence = parts.sequence
            }
        }
    }

    /// The Unix second, nearest to `now`, whose civil time in `timeZone` has the stamp's month, day, hour,
    /// minute and second; `nil` when no year around `now` has such a moment.
    private static func unixSecond(of parts: CMPPMessageID.Parts, near now: Date, timeZone: TimeZone) -> Int64? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let year = calendar.component(.year, from: now)
        var best: Date?
        for candidateYear in [year - 1, year, year + 1] {
            let components = DateComponents(
                year: candidateYear,
                month: parts.month,
                day: parts.day,
                hour: parts.hour,
                minute: parts.minute,
                second: parts.second
            )
            // `Calendar` rolls impossible dates over (31 April → 1 May); keep only exact ones.
            guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else {
                continue
            }
            if best.map({ abs(date.timeIntervalSince(now)) < abs($0.timeIntervalSince(now)) }) ?? true {
                best = date
            }
        }
        return best.map { Int64($0.timeIntervalSince1970.rounded(.down)) }
    }

    /// Makes the next id for the current time.
    public func next() -> CMPPMessageID {
        next(at: Date())
    }

    /// Makes the next id as if the clock read `date`; later ids never get an earlier stamp.
    public func next(at date: Date) -> CMPPMessageID {
        let now = Int64(date.timeIntervalSince1970.rounded(.down))
        let rawValue = state.withLock { state -> UInt64 in
            if now > state.second {
                state.second = now
                state.sequence = 0
            } else if state.sequence == 0xFFFF {
                // 65 536 ids in this second already: borrow the next one rather than wrap onto used ids.
                state.second += 1
                state.sequence = 0
            } else {
                state.sequence += 1
            }
            if state.stampedSecond != state.second {
                state.stampedSecond = state.second
                state.stampBits = stampBits(of: state.second)
            }
            return state.stampBits | UInt64(state.sequence)
        }
        return CMPPMessageID(rawValue: rawValue)
    }

    /// The id bits of the stamp for `second` with this gateway's code and sequence 0 (§7.4.3.2).
    private func stampBits(of second: Int64) -> UInt64 {
        let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(second))))
        let civil = CivilTime(unixSeconds: second + offset)
        return CMPPMessageID(
            CMPPMessageID.Parts(
                month: civil.month,
                day: civil.day,
                hour: civil.hour,
                minute: civil.minute,
                second: civil.second,
                gateway: gateway,
                sequence: 0
            )
        ).rawValue
    }
}

/// Month, day and time of day of a count of seconds since 1970-01-01 00:00 in some zone, without going
/// through `Calendar` (which is slow and not needed for a fixed offset).
struct CivilTime {
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    init(unixSeconds: Int64) {
        var days = unixSeconds / 86_400
        var secondOfDay = unixSeconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let date = CivilCalendar.date(days: Int(days))
        self.day = date.day
        self.month = date.month
        self.hour = Int(secondOfDay / 3600)
        self.minute = Int(secondOfDay / 60 % 60)
        self.second = Int(secondOfDay % 60)
    }
}
