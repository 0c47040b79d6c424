/// SMS-SUBMIT-REPORT, the service centre's answer to an SMS-SUBMIT (3GPP TS 23.040 §9.2.2.2a). A TE sees it
/// only as the optional `<ackpdu>` of `+CMGS` (TS 27.005 §3.5.1, with `AT+CSMS=1`).
///
/// RP-ACK form `FO | TP-PI | TP-SCTS | [TP-PID] [TP-DCS] [TP-UDL TP-UD]`; RP-ERROR form with TP-FCS after the
/// first octet. First octet `- UDHI - - - - 0 1`.
public struct SMSSubmitReport: Hashable, Sendable {
    /// TP-FCS, present in the RP-ERROR form.
    public var failureCause: FailureCause?
    /// TP-SCTS.
    public var serviceCentreTimestamp: SMSTimestamp
    public var parameters: ReportParameters

    public init(
        serviceCentreTimestamp: SMSTimestamp,
        failureCause: FailureCause? = nil,
        parameters: ReportParameters = ReportParameters()
    ) {
        self.failureCause = failureCause
        self.serviceCentreTimestamp = serviceCentreTimestamp
        self.parameters = parameters
    }

    /// The first octet (TP-MTI `01`).
    public var firstOctet: UInt8 {
        0x01 | (parameters.userData?.hasHeader == true ? 0x40 : 0)
    }

    /// The TPDU octets.
    public func encoded() throws(SMSCodecError) -> [UInt8] {
        try parameters.userData?.validateLength()
        var octets: [UInt8] = [firstOctet]
        if let failureCause { octets.append(failureCause.rawValue) }
        octets.append(parameters.indicator.rawValue)
        octets += serviceCentreTimestamp.encoded
        parameters.encodeParameters(into: &octets)
        return octets
    }

    static func decode(from reader: inout PDUReader) throws(SMSCodecError) -> SMSSubmitReport {
        let first = try reader.readOctet("TP-MTI")
        let failureCause = try FailureCause.decodeIfPresent(from: &reader)
        // TP-SCTS sits between TP-PI and the parameters TP-PI announces.
        let indicator = try ReportParameters.readIndicator(from: &reader)
        let timestamp = try SMSTimestamp.decode(from: &reader, field: "TP-SCTS")
        let parameters = try ReportParameters.decode(
            announcedBy: indicator,
            from: &reader,
            hasHeader: first & 0x40 != 0
        )
        return SMSSubmitReport(serviceCentreTimestamp: timestamp, failureCause: failureCause, parameters: parameters)
    }
}
