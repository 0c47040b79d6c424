/// TP-PI, which optional parameters follow in an SMS-STATUS-REPORT, SMS-SUBMIT-REPORT or SMS-DELIVER-REPORT
/// (3GPP TS 23.040 §9.2.3.27): bit 0 TP-PID, bit 1 TP-DCS, bit 2 TP-UDL (and TP-UD), bit 7 another TP-PI octet
/// follows. Reserved bits 3…6 are kept but not interpreted.
public struct ParameterIndicator: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public init(protocolIdentifier: Bool, dataCodingScheme: Bool, userData: Bool) {
        self.rawValue = (protocolIdentifier ? 0x01 : 0) | (dataCodingScheme ? 0x02 : 0) | (userData ? 0x04 : 0)
    }

    public var hasProtocolIdentifier: Bool { rawValue & 0x01 != 0 }
    public var hasDataCodingScheme: Bool { rawValue & 0x02 != 0 }
    public var hasUserData: Bool { rawValue & 0x04 != 0 }
    public var isExtended: Bool { rawValue & 0x80 != 0 }
    /// Whether a reserved bit (3…6) is set.
    public var hasReservedBits: Bool { rawValue & 0x78 != 0 }
}

/// The optional tail of the report TPDUs (TS 23.040 §9.2.2.1a, §9.2.2.2a, §9.2.2.3):
/// `TP-PI | [TP-PID] [TP-DCS] [TP-UDL TP-UD]`.
public struct ReportParameters: Hashable, Sendable {
    public var protocolIdentifier: ProtocolIdentifier?
    public var dataCodingScheme: DataCodingScheme?
    public var userData: UserData?
    /// Whether TP-UDL claimed more octets than the input held (the user data was clamped).
    public var userDataTruncated: Bool

    public init(
        protocolIdentifier: ProtocolIdentifier? = nil,
        dataCodingScheme: DataCodingScheme? = nil,
        userData: UserData? = nil,
        userDataTruncated: Bool = false
    ) {
        self.protocolIdentifier = protocolIdentifier
        self.dataCodingScheme = dataCodingScheme
        self.userData = userData
        self.userDataTruncated = userDataTruncated
    }

    public var indicator: ParameterIndicator {
        ParameterIndicator(
            protocolIdentifier: protocolIdentifier != nil,
            dataCodingScheme: dataCodingScheme != nil,
            userData: userData != nil
        )
    }

    /// Reads TP-PI and what it announces (`nil` when `optional` and absent). With `optional`, a TP-PI with
    /// reserved bits set is taken for trailing fill (status reports read from storage) and ignored.
    static func decode(
        from reader: inout PDUReader,
        hasHeader: Bool,
        optional: Bool
    ) throws(SMSCodecError) -> ReportParameters? {
        guard !(optional && reader.isAtEnd) else { return nil }
        if optional, let octet = reader.peek(), ParameterIndicator(rawValue: octet).hasReservedBits {
            _ = reader.readRest()
            return nil
        }
        let indicator = try readIndicator(from: &reader)
        return try decode(announcedBy: indicator, from: &reader, hasHeader: hasHeader)
    }

    /// Reads TP-PI, skipping extension octets (their bits are reserved).
    static func readIndicator(from reader: inout PDUReader) throws(SMSCodecError) -> ParameterIndicator {
        let indicator = ParameterIndicator(rawValue: try reader.readOctet("TP-PI"))
        var last = indicator
        while last.isExtended, !reader.isAtEnd {
            last = ParameterIndicator(rawValue: try reader.readOctet("TP-PI"))
        }
        return indicator
    }

    /// Reads the parameters `indicator` announces.
    static func decode(
        announcedBy indicator: ParameterIndicator,
        from reader: inout PDUReader,
        hasHeader: Bool
    ) throws(SMSCodecError) -> ReportParameters {
        var parameters = ReportParameters()
        if indicator.hasProtocolIdentifier {
            parameters.protocolIdentifier = ProtocolIdentifier(rawValue: try reader.readOctet("TP-PID"))
        }
        if indicator.hasDataCodingScheme {
            parameters.dataCodingScheme = DataCodingScheme(rawValue: try reader.readOctet("TP-DCS"))
        }
        if indicator.hasUserData {
            let (userData, clamped) = try reader.readUserData(
                dataCodingScheme: parameters.dataCodingScheme ?? .init(rawValue: 0),
                hasHeader: hasHeader
            )
            parameters.userData = userData
            parameters.userDataTruncated = clamped
        }
        return parameters
    }

    /// Appends TP-PI, then the parameters.
    func encode(into octets: inout [UInt8]) {
        octets.append(indicator.rawValue)
        encodeParameters(into: &octets)
    }

    /// Appends the parameters without TP-PI.
    func encodeParameters(into octets: inout [UInt8]) {
        if let protocolIdentifier { octets.append(protocolIdentifier.rawValue) }
        if let dataCodingScheme { octets.append(dataCodingScheme.rawValue) }
        if let userData { userData.encodeWithLength(into: &octets) }
    }
}
