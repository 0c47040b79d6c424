/// The row of daily QUERY counts (§7.4.4) a message adds to: its account, its day and its Service_Id.
struct DailyStatisticsKey: Hashable, Sendable {
    /// The SP_Id.
    var account: String
    /// `YYYYMMDD` in the store's zone.
    var day: String
    /// The message's Service_Id.
    var serviceID: String
}
