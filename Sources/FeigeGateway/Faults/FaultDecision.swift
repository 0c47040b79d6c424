import CMPPCore

/// What the gateway does with one received request under fault injection.
public enum FaultDecision: Hashable, Sendable {
    /// Answer, possibly with a forced Result (SUBMIT only) and possibly late. `respond(nil, nil)` is the
    /// normal answer, ``noFault``.
    case respond(forcedResult: CMPPResult?, delay: Duration?)
    /// Process the request but send no response: the SP must resend after T (§6).
    case dropResponse
    /// Close the link instead of answering: the SP must reconnect.
    case closeLink

    /// Answer normally.
    public static let noFault = FaultDecision.respond(forcedResult: nil, delay: nil)

    /// Whether no fault is injected.
    public var isNoFault: Bool { self == .noFault }
}

/// What the gateway does with one status report under fault injection.
public enum StatusReportFaultDecision: Hashable, Sendable {
    /// Deliver it once, as it should be.
    case deliver
    /// Deliver it twice: the SP must recognise the duplicate by its Msg_Id.
    case deliverTwice

    /// How many CMPP_DELIVERs carry the report.
    public var copies: Int {
        switch self {
        case .deliver: 1
        case .deliverTwice: 2
        }
    }
}
