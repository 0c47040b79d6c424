import CMPPCore

/// One account's traffic for one day, as CMPP_QUERY_RESP reports it (§7.4.4.2), optionally for one
/// Service_Id (Query_Type 1) instead of all of them (Query_Type 0).
///
/// How each figure is counted (every figure belongs to the day the gateway **received** the message, in
/// the store's time zone, China time by default, so the figures of a day add up however late a report
/// comes):
///
/// | Field     | Counted as |
/// |-----------|------------|
/// | MT_TLMsg  | SUBMITs accepted with Result 0 (each part of a long message is one) |
/// | MT_Tlusr  | recipients of those SUBMITs (one per `Dest_terminal_Id`) |
/// | MT_Scs    | recipients whose final state is delivered (`DELIVRD`) |
/// | MT_FL     | recipients failed (any other Stat), expired, or cancelled by CMPP_CANCEL |
/// | MT_WT     | the rest: accepted or sent downstream without a final state (MT_Tlusr − MT_Scs − MT_FL) |
/// | MO_Scs    | MO messages routed to the account whose DELIVER the SP acknowledged |
/// | MO_FL     | MO messages routed to the account whose DELIVER expired in the outbox |
/// | MO_WT     | the rest of the MO messages routed to the account (still in its outbox) |
///
/// Unrouted MO messages belong to no account and are not counted.
public struct QueryStatistics: Hashable, Sendable {
    /// MT_TLMsg.
    public var mtMessages: Int
    /// MT_Tlusr.
    public var mtRecipients: Int
    /// MT_Scs.
    public var mtDelivered: Int
    /// MT_FL.
    public var mtFailed: Int
    /// MO messages routed to the account.
    public var moReceived: Int
    /// MO_Scs.
    public var moDelivered: Int
    /// MO_FL.
    public var moFailed: Int

    public init(
        mtMessages: Int = 0,
        mtRecipients: Int = 0,
        mtDelivered: Int = 0,
        mtFailed: Int = 0,
        moReceived: Int = 0,
        moDelivered: Int = 0,
        moFailed: Int = 0
    ) {
        self.mtMessages = mtMessages
        self.mtRecipients = mtRecipients
        self.mtDelivered = mtDelivered
        self.mtFailed = mtFailed
        self.moReceived = moReceived
        self.moDelivered = moDelivered
        self.moFailed = moFailed
    }

    /// MT_WT.
    public var mtWaiting: Int { mtRecipients - mtDelivered - mtFailed }
    /// MO_WT.
    public var moWaiting: Int { moReceived - moDelivered - moFailed }

    /// Adds another set of counts (e.g. another Service_Id's, for a Query_Type 0 total).
    public static func + (lhs: QueryStatistics, rhs: QueryStatistics) -> QueryStatistics {
        QueryStatistics(
            mtMessages: lhs.mtMessages + rhs.mtMessages,
            mtRecipients: lhs.mtRecipients + rhs.mtRecipients,
            mtDelivered: lhs.mtDelivered + rhs.mtDelivered,
            mtFailed: lhs.mtFailed + rhs.mtFailed,
            moReceived: lhs.moReceived + rhs.moReceived,
            moDelivered: lhs.moDelivered + rhs.moDelivered,
            moFailed: lhs.moFailed + rhs.moFailed
        )
    }

    /// Adds another set of counts in place.
    public static func += (lhs: inout QueryStatistics, rhs: QueryStatistics) {
        lhs = lhs + rhs
    }

    /// The CMPP_QUERY_RESP answering `query` with these counts; each is clamped to the 4-byte field.
    public func response(to query: CMPPQuery) -> CMPPQueryResponse {
        func field(_ value: Int) -> UInt32 { UInt32(clamping: value) }
        return CMPPQueryResponse(
            time: query.time,
            queryType: query.queryType,
            queryCode: query.queryCode,
            mtTotalMessages: field(mtMessages),
            mtTotalUsers: field(mtRecipients),
            mtSucceeded: field(mtDelivered),
            mtWaiting: field(mtWaiting),
            mtFailed: field(mtFailed),
            moSucceeded: field(moDelivered),
            moWaiting: field(moWaiting),
            moFailed: field(moFailed)
        )
    }
}
