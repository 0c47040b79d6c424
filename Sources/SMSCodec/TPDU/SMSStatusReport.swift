/// SMS-STATUS-REPORT, the service centre's report on a submitted message (3GPP TS 23.040 §9.2.2.3): `+CDS`,
/// or read from "SR" storage.
///
/// `FO | TP-MR | TP-RA | TP-SCTS | TP-DT | TP-ST | [TP-PI | [TP-PID] [TP-DCS] [TP-UDL TP-UD]]`, first octet
/// `- UDHI SRQ - LP MMS 1 0`. Most reports end after TP-ST. Correlate with the reference `+CMGS` returned,
/// which is what TP-MR carries here.
public struct SMSStatusReport: Hashable, Sendable {
    /// TP-SRQ (bit 5): the report answers an SMS-COMMAND (`true`) rather than an SMS-SUBMIT.
    public var isCommandResult: Bool
    /// TP-LP (bit 3).
    public var loopPrevention: Bool
    /// TP-MMS (bit 2) read as its meaning: `true` when the bit is 0.
    public var moreMessagesToSend: Bool
    /// TP-MR of the reported SMS-SUBMIT.
    public var messageReference: UInt8
    /// TP-RA, the recipient of the reported message.
    public var recipient: SMSAddress
    /// TP-SCTS: when the SC received the reported message.
    public var serviceCentreTimestamp: SMSTimestamp
    /// TP-DT: when it was delivered, or when the SC gave up.
    public var dischargeTime: SMSTimestamp
    /// TP-ST.
    public var status: DeliveryStatus
    /// TP-PI and the optional parameters; `nil` when the report ends after TP-ST.
    public var parameters: ReportParameters?

    public init(
        messageReference: UInt8,
        recipient: SMSAddress,
        serviceCentreTimestamp: SMSTimestamp,
        dischargeTime: SMSTimestamp,
        status: DeliveryStatus,
        parameters: ReportParameters? = nil,
        isCommandResult: Bool = false,
        moreMessagesToSend: Bool = false,
        loopPrevention: Bool = false
    ) {
        self.isCommandResult = isCommandResult
        self.loopPrevention = loopPrevention
        self.moreMessagesToSend = moreMessagesToSend
        self.messageReference = messageReference
        self.recipient = recipient
        self.serviceCentreTimestamp = serviceCentreTimestamp
        self.dischargeTime = dischargeTime
        self.status = status
        self.parameters = parameters
    }

    /// The first octet (TP-MTI `10`).
    public var firstOctet: UInt8 {
        0x02 | (moreMessagesToSend ? 0 : 0x04) | (loopPrevention ? 0x08 : 0) | (isCommandResult ? 0x20 : 0)
            | (parameters?.userData?.hasHeader == true ? 0x40 : 0)
    }

    // MARK: - Encoding

    /// The TPDU octets.
    public func encoded() throws(SMSCodecError) -> [UInt8] {
        try parameters?.userData?.validateLength()
        var octets: [UInt8] = [firstOctet, messageReference]
        octets += try recipient.encodedTPAddress(field: "TP-RA")
        octets += serviceCentreTimestamp.encoded
        octets += dischargeTime.encoded
        octets.append(status.rawValue)
        parameters?.encode(into: &octets)
        return octets
    }

    // MARK: - Decoding

    static func decode(from reader: inout PDUReader) throws(SMSCodecError) -> SMSStatusReport {
        let first = try reader.readOctet("TP-MTI")
        let reference = try reader.readOctet("TP-MR")
        let recipient = try SMSAddress.decodeTPAddress(from: &reader, field: "TP-RA")
        let timestamp = try SMSTimestamp.decode(from: &reader, field: "TP-SCTS")
        let dischargeTime = try SMSTimestamp.decode(from: &reader, field: "TP-DT")
        let status = DeliveryStatus(rawValue: try reader.readOctet("TP-ST"))
        let parameters = try ReportParameters.decode(from: &reader, hasHeader: first & 0x40 != 0, optional: true)
        return SMSStatusReport(
            messageReference: reference,
            recipient: recipient,
            serviceCentreTimestamp: timestamp,
            dischargeTime: dischargeTime,
            status: status,
            parameters: parameters,
            isCommandResult: first & 0x20 != 0,
            moreMessagesToSend: first & 0x04 == 0,
            loopPrevention: first & 0x08 != 0
        )
    }
}
