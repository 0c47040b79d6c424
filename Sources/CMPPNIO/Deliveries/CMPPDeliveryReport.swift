import CMPPCore

/// A status report the ISMG delivered (CMPP_DELIVER with Registered_Delivery 1, §7.4.5.1), with the submitted
/// part it reports on.
///
/// ``matched`` is `nil` when the client does not know the report's Msg_Id: the part was sent by another
/// process or before a restart, or longer ago than the tracking horizon (48 h by default). Such a report is
/// still delivered, so the caller can match it against its own records.
public struct CMPPDeliveryReport: Hashable, Sendable {
    /// The report: Msg_Id of the submitted part, Stat, times, destination.
    public var report: CMPPStatusReport
    /// The Msg_Id of the DELIVER that carried the report (not the submitted part's).
    public var deliverMessageID: CMPPMessageID
    /// The DELIVER's Dest_Id: the SP service code.
    public var destinationID: String
    /// The DELIVER's Service_Id.
    public var serviceID: String
    /// The submitted part this report is about, or `nil` when its Msg_Id is unknown.
    public var matched: CMPPSubmittedPart?

    public init(
        report: CMPPStatusReport,
        deliverMessageID: CMPPMessageID,
        destinationID: String,
        serviceID: String,
        matched: CMPPSubmittedPart?
    ) {
        self.report = report
        self.deliverMessageID = deliverMessageID
        self.destinationID = destinationID
        self.serviceID = serviceID
        self.matched = matched
    }

    /// The submitted part's Msg_Id.
    public var messageID: CMPPMessageID { report.messageID }
    /// Stat: `DELIVRD` when the handset got the part.
    public var stat: CMPPStat { report.stat }
    /// Dest_terminal_Id: the handset the report is for.
    public var destinationTerminalID: String { report.destinationTerminalID }
}
