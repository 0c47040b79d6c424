import Foundation

extension Date {
    /// Milliseconds since 1970: how stores keep instants (a `BIGINT` in any SQL database).
    var storeMilliseconds: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The instant `milliseconds` after 1970.
    init(storeMilliseconds milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// This instant as a store keeps it: truncated to the millisecond.
    var truncatedToStoreMilliseconds: Date {
        Date(storeMilliseconds: storeMilliseconds)
    }
}
