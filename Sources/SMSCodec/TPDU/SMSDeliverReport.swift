/// SMS-DELIVER-REPORT, the MS's answer to an SMS-DELIVER (3GPP TS 23.040 §9.2.2.1a), sent by a TE with
/// `AT+CNMA=<n>,<length>` in phase 2+ routing.
///
/// `FO | [TP-FCS] | TP-PI | [TP-PID] [TP-DCS] [TP-UDL TP-UD]`; TP-FCS only in the RP-ERROR form.
/// First octet `- UDHI - - - - 0 0`.
public struct SMSDeliverReport: Hashable, Sendable {
    /// TP-FCS, present in the RP-ERROR form.
    public var failureCause: FailureCause?
    public var parameters: ReportParameters

    public init(failureCause: FailureCause? = nil, parameters: ReportParameters = ReportParameters()) {
        self.failureCause = failureCause
        self.parameters = parameters
    }

    /// The first octet (TP-MTI `00`).
    public var firstOctet: UInt8 {
        parameters.userData?.hasHeader == true ? 0x40 : 0
    }

    /// The TPDU octets.
    public func encoded() throws(SMSCodecError) -> [UInt8] {
        try parameters.userData?.validateLength()
        var octets: [UInt8] = [firstOctet]
        if let failureCause { octets.append(failureCause.rawValue) }
        parameters.encode(into: &octets)
        return octets
    }

    static func decode(from reader: inout PDUReader) throws(SMSCodecError) -> SMSDeliverReport {
        let first = try reader.readOctet("TP-MTI")
        let failureCause = try FailureCause.decodeIfPresent(from: &reader)
        let parameters =
            try ReportParameters.decode(from: &reader, hasHeader: first & 0x40 != 0, optional: false)
            ?? ReportParameters()
        return SMSDeliverReport(failureCause: failureCause, parameters: parameters)
    }
}
