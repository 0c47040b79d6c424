import CMPPCore

/// Which of two Msg_Ids a generator made later (§7.4.3.2), for keeping the latest id a store holds.
///
/// A Msg_Id's stamp has month, day, time of day and sequence but no year, so the raw value drops when the
/// year turns (December's ids are numerically above January's). Stamps are compared on a circle one year
/// long instead: of two ids less than half a year apart, the one ahead on the circle is the later. The
/// gateway code is not compared; callers compare ids of one gateway.
package enum MessageIDRecency {
    /// Whether `candidate` was made after `reference`.
    package static func isLater(_ candidate: CMPPMessageID, than reference: CMPPMessageID) -> Bool {
        let remainder = (position(candidate) - position(reference)) % cycle
        let difference = remainder < 0 ? remainder + cycle : remainder
        return difference > 0 && difference < cycle / 2
    }

    /// The later of the two ids.
    package static func later(_ a: CMPPMessageID, _ b: CMPPMessageID) -> CMPPMessageID {
        isLater(a, than: b) ? a : b
    }

    /// One year of stamps, with 32-day months so every valid stamp has its own place.
    private static let cycle: Int64 = 12 * 32 * 86_400 * 65_536

    private static func position(_ id: CMPPMessageID) -> Int64 {
        let parts = id.parts
        let month = Int64(max(parts.month, 1) - 1)
        let secondOfMonth = ((Int64(parts.day) * 24 + Int64(parts.hour)) * 60 + Int64(parts.minute)) * 60
            + Int64(parts.second)
        return (month * 32 * 86_400 + secondOfMonth) * 65_536 + Int64(parts.sequence)
    }
}
