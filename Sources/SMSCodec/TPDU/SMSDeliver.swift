/// SMS-DELIVER, a message from the service centre to the MS (3GPP TS 23.040 §9.2.2.1): what `+CMT` reports
/// and `AT+CMGR`/`AT+CMGL` read as "REC UNREAD"/"REC READ".
///
/// `FO | TP-OA | TP-PID | TP-DCS | TP-SCTS | TP-UDL | TP-UD`, first octet `RP UDHI SRI - LP MMS 0 0`.
public struct SMSDeliver: Hashable, Sendable {
    /// TP-RP (bit 7): a reply may go through the originator's service centre.
    public var replyPath: Bool
    /// TP-SRI (bit 5): a status report will be returned to the originating SME.
    public var statusReportIndication: Bool
    /// TP-LP (bit 3): loop prevention, for forwarded messages.
    public var loopPrevention: Bool
    /// TP-MMS (bit 2) read as its meaning: `true` when the bit is **0**, i.e. more messages are waiting in the SC.
    public var moreMessagesToSend: Bool
    /// TP-OA.
    public var originator: SMSAddress
    public var protocolIdentifier: ProtocolIdentifier
    public var dataCodingScheme: DataCodingScheme
    /// TP-SCTS.
    public var serviceCentreTimestamp: SMSTimestamp
    public var userData: UserData
    /// Set by decoding when TP-UDL claimed more octets than the input held.
    public var userDataTruncated: Bool

    public init(
        originator: SMSAddress,
        serviceCentreTimestamp: SMSTimestamp,
        userData: UserData,
        dataCodingScheme: DataCodingScheme? = nil,
        protocolIdentifier: ProtocolIdentifier = .default,
        moreMessagesToSend: Bool = false,
        statusReportIndication: Bool = false,
        replyPath: Bool = false,
        loopPrevention: Bool = false
    ) {
        self.replyPath = replyPath
        self.statusReportIndication = statusReportIndication
        self.loopPrevention = loopPrevention
        self.moreMessagesToSend = moreMessagesToSend
        self.originator = originator
        self.protocolIdentifier = protocolIdentifier
        self.dataCodingScheme = dataCodingScheme ?? DataCodingScheme(alphabet: userData.alphabet)
        self.serviceCentreTimestamp = serviceCentreTimestamp
        self.userData = userData
        self.userDataTruncated = false
    }

    /// The first octet (TP-MTI `00`).
    public var firstOctet: UInt8 {
        (moreMessagesToSend ? 0 : 0x04) | (loopPrevention ? 0x08 : 0) | (statusReportIndication ? 0x20 : 0)
            | (userData.hasHeader ? 0x40 : 0) | (replyPath ? 0x80 : 0)
    }

    // MARK: - Encoding

    /// The TPDU octets.
    public func encoded() throws(SMSCodecError) -> [UInt8] {
        try userData.validateLength()
        var octets: [UInt8] = [firstOctet]
        octets.reserveCapacity(32 + 140)
        octets += try originator.encodedTPAddress(field: "TP-OA")
        octets.append(protocolIdentifier.rawValue)
        octets.append(dataCodingScheme.rawValue)
        octets += serviceCentreTimestamp.encoded
        userData.encodeWithLength(into: &octets)
        return octets
    }

    // MARK: - Decoding

    static func decode(from reader: inout PDUReader) throws(SMSCodecError) -> SMSDeliver {
        let first = try reader.readOctet("TP-MTI")
        let originator = try SMSAddress.decodeTPAddress(from: &reader, field: "TP-OA")
        let pid = ProtocolIdentifier(rawValue: try reader.readOctet("TP-PID"))
        let dcs = DataCodingScheme(rawValue: try reader.readOctet("TP-DCS"))
        let timestamp = try SMSTimestamp.decode(from: &reader, field: "TP-SCTS")
        let (userData, clamped) = try reader.readUserData(dataCodingScheme: dcs, hasHeader: first & 0x40 != 0)
        var deliver = SMSDeliver(
            originator: originator,
            serviceCentreTimestamp: timestamp,
            userData: userData,
            dataCodingScheme: dcs,
            protocolIdentifier: pid,
            moreMessagesToSend: first & 0x04 == 0,
            statusReportIndication: first & 0x20 != 0,
            replyPath: first & 0x80 != 0,
            loopPrevention: first & 0x08 != 0
        )
        deliver.userDataTruncated = clamped
        return deliver
    }
}
