/// An MO message the simulated network will send to the SP: a handset "answers" an MT message
/// (issue #5 §6). The gateway sends it as CMPP_DELIVER with Registered_Delivery 0 (§7.4.5.1) after
/// ``delay``, routed by ``destinationID``.
public struct PlannedMO: Hashable, Sendable {
    /// `Src_terminal_Id`: the handset that answers, i.e. the MT's destination.
    public var sourceTerminalID: String
    /// `Dest_Id`: the number the handset answers, i.e. the MT's Src_Id (the SP's service code or a longer
    /// number under it); the gateway routes the MO by its longest service-code prefix.
    public var destinationID: String
    /// The text of the reply; the gateway picks Msg_Fmt (ASCII or UCS2) to carry it.
    public var text: String
    /// How long after the MT reached the handset the reply is sent.
    public var delay: Duration

    public init(sourceTerminalID: String, destinationID: String, text: String, delay: Duration) {
        self.sourceTerminalID = sourceTerminalID
        self.destinationID = destinationID
        self.text = text
        self.delay = delay
    }
}
