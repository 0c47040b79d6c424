// Uniform read access to the fields the TPDU types share, for dumps, tests and routing code that does not
// care which type it holds. Each is `nil` for types without the field.

extension TPDU {
    /// TP-OA, TP-DA or TP-RA.
    public var address: SMSAddress? {
        switch self {
        case .deliver(let message): message.originator
        case .submit(let message): message.destination
        case .statusReport(let message): message.recipient
        case .command(let message): message.destination
        case .submitReport, .deliverReport: nil
        }
    }

    /// TP-MR.
    public var messageReference: UInt8? {
        switch self {
        case .submit(let message): message.messageReference
        case .statusReport(let message): message.messageReference
        case .command(let message): message.messageReference
        case .deliver, .submitReport, .deliverReport: nil
        }
    }

    /// TP-PID.
    public var protocolIdentifier: ProtocolIdentifier? {
        switch self {
        case .deliver(let message): message.protocolIdentifier
        case .submit(let message): message.protocolIdentifier
        case .command(let message): message.protocolIdentifier
        case .statusReport(let message): message.parameters?.protocolIdentifier
        case .submitReport(let message): message.parameters.protocolIdentifier
        case .deliverReport(let message): message.parameters.protocolIdentifier
        }
    }

    /// TP-DCS.
    public var dataCodingScheme: DataCodingScheme? {
        switch self {
        case .deliver(let message): message.dataCodingScheme
        case .submit(let message): message.dataCodingScheme
        case .statusReport(let message): message.parameters?.dataCodingScheme
        case .submitReport(let message): message.parameters.dataCodingScheme
        case .deliverReport(let message): message.parameters.dataCodingScheme
        case .command: nil
        }
    }

    /// TP-UD.
    public var userData: UserData? {
        switch self {
        case .deliver(let message): message.userData
        case .submit(let message): message.userData
        case .statusReport(let message): message.parameters?.userData
        case .submitReport(let message): message.parameters.userData
        case .deliverReport(let message): message.parameters.userData
        case .command: nil
        }
    }

    /// Whether decoding clamped a TP-UDL that overstated the input.
    public var userDataTruncated: Bool {
        switch self {
        case .deliver(let message): message.userDataTruncated
        case .submit(let message): message.userDataTruncated
        case .statusReport(let message): message.parameters?.userDataTruncated ?? false
        case .submitReport(let message): message.parameters.userDataTruncated
        case .deliverReport(let message): message.parameters.userDataTruncated
        case .command: false
        }
    }

    /// TP-SCTS.
    public var serviceCentreTimestamp: SMSTimestamp? {
        switch self {
        case .deliver(let message): message.serviceCentreTimestamp
        case .statusReport(let message): message.serviceCentreTimestamp
        case .submitReport(let message): message.serviceCentreTimestamp
        case .submit, .deliverReport, .command: nil
        }
    }

    /// TP-DT.
    public var dischargeTime: SMSTimestamp? {
        if case .statusReport(let message) = self { message.dischargeTime } else { nil }
    }

    /// TP-VP.
    public var validityPeriod: ValidityPeriod? {
        if case .submit(let message) = self { message.validityPeriod } else { nil }
    }

    /// TP-ST.
    public var status: DeliveryStatus? {
        if case .statusReport(let message) = self { message.status } else { nil }
    }

    /// The text of the user data: GSM 7-bit or UCS2 decoded; `nil` for 8-bit or compressed data and types
    /// without user data.
    public func text() throws(SMSCodecError) -> String? {
        guard let userData, dataCodingScheme?.isCompressed != true else { return nil }
        return try userData.text()
    }
}
