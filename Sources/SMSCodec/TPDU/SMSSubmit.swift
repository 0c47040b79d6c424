/// SMS-SUBMIT, a message from the MS to the service centre (3GPP TS 23.040 §9.2.2.2): what `AT+CMGS` sends and
/// what `AT+CMGL`/`AT+CMGR` read back from storage as "STO SENT"/"STO UNSENT".
///
/// `FO | TP-MR | TP-DA | TP-PID | TP-DCS | [TP-VP] | TP-UDL | TP-UD`, first octet
/// `RP UDHI SRR VPF VPF RD 0 1`. TP-UDHI follows ``userData`` (set when it has a header); TP-VPF follows
/// ``validityPeriod``.
public struct SMSSubmit: Hashable, Sendable {
    /// TP-RP (bit 7): a reply may go through the originator's service centre.
    public var replyPath: Bool
    /// TP-SRR (bit 5): a status report is requested.
    public var statusReportRequest: Bool
    /// TP-RD (bit 2): the SC should reject a duplicate (same TP-MR and TP-DA as a message it still holds).
    public var rejectDuplicates: Bool
    /// TP-MR, usually 0: most modems assign the reference and report it in `+CMGS: <mr>`.
    public var messageReference: UInt8
    /// TP-DA.
    public var destination: SMSAddress
    public var protocolIdentifier: ProtocolIdentifier
    public var dataCodingScheme: DataCodingScheme
    public var validityPeriod: ValidityPeriod?
    public var userData: UserData
    /// Set by decoding when TP-UDL claimed more octets than the input held.
    public var userDataTruncated: Bool

    public init(
        destination: SMSAddress,
        userData: UserData,
        dataCodingScheme: DataCodingScheme? = nil,
        messageReference: UInt8 = 0,
        protocolIdentifier: ProtocolIdentifier = .default,
        validityPeriod: ValidityPeriod? = nil,
        statusReportRequest: Bool = false,
        rejectDuplicates: Bool = false,
        replyPath: Bool = false
    ) {
        self.replyPath = replyPath
        self.statusReportRequest = statusReportRequest
        self.rejectDuplicates = rejectDuplicates
        self.messageReference = messageReference
        self.destination = destination
        self.protocolIdentifier = protocolIdentifier
        self.dataCodingScheme = dataCodingScheme ?? DataCodingScheme(alphabet: userData.alphabet)
        self.validityPeriod = validityPeriod
        self.userData = userData
        self.userDataTruncated = false
    }

    /// The first octet (TP-MTI `01`).
    public var firstOctet: UInt8 {
        0x01 | (rejectDuplicates ? 0x04 : 0) | (validityPeriod?.formatBits ?? 0) << 3
            | (statusReportRequest ? 0x20 : 0) | (userData.hasHeader ? 0x40 : 0) | (replyPath ? 0x80 : 0)
    }

    // MARK: - Encoding

    /// The TPDU octets.
    ///
    /// - Throws: ``SMSCodecError`` when the address cannot be encoded or the user data exceeds 140 octets.
    public func encoded() throws(SMSCodecError) -> [UInt8] {
        try userData.validateLength()
        var octets: [UInt8] = [firstOctet, messageReference]
        octets.reserveCapacity(32 + 140)
        octets += try destination.encodedTPAddress(field: "TP-DA")
        octets.append(protocolIdentifier.rawValue)
        octets.append(dataCodingScheme.rawValue)
        if let validityPeriod { octets += validityPeriod.encoded }
        userData.encodeWithLength(into: &octets)
        return octets
    }

    // MARK: - Decoding

    static func decode(from reader: inout PDUReader) throws(SMSCodecError) -> SMSSubmit {
        let first = try reader.readOctet("TP-MTI")
        let reference = try reader.readOctet("TP-MR")
        let destination = try SMSAddress.decodeTPAddress(from: &reader, field: "TP-DA")
        let pid = ProtocolIdentifier(rawValue: try reader.readOctet("TP-PID"))
        let dcs = DataCodingScheme(rawValue: try reader.readOctet("TP-DCS"))
        let validityPeriod = try ValidityPeriod.decode(format: first >> 3, from: &reader)
        let (userData, clamped) = try reader.readUserData(dataCodingScheme: dcs, hasHeader: first & 0x40 != 0)
        var submit = SMSSubmit(
            destination: destination,
            userData: userData,
            dataCodingScheme: dcs,
            messageReference: reference,
            protocolIdentifier: pid,
            validityPeriod: validityPeriod,
            statusReportRequest: first & 0x20 != 0,
            rejectDuplicates: first & 0x04 != 0,
            replyPath: first & 0x80 != 0
        )
        submit.userDataTruncated = clamped
        return submit
    }
}
