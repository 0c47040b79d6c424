/// SMS-COMMAND, a request from the MS about a message it submitted earlier (3GPP TS 23.040 §9.2.2.4), sent
/// with `AT+CMGC`.
///
/// `FO | TP-MR | TP-PID | TP-CT | TP-MN | TP-DA | TP-CDL | TP-CD`, first octet `- UDHI SRR - - - 1 0`.
public struct SMSCommand: Hashable, Sendable {
    /// TP-SRR (bit 5): a status report is requested.
    public var statusReportRequest: Bool
    /// TP-UDHI (bit 6): TP-CD starts with a header.
    public var hasHeader: Bool
    public var messageReference: UInt8
    public var protocolIdentifier: ProtocolIdentifier
    /// TP-CT.
    public var commandType: CommandType
    /// TP-MN: the TP-MR of the message the command is about.
    public var messageNumber: UInt8
    /// TP-DA of the message the command is about.
    public var destination: SMSAddress
    /// TP-CD (TP-CDL octets, at most 156).
    public var commandData: [UInt8]

    public init(
        commandType: CommandType,
        messageNumber: UInt8,
        destination: SMSAddress,
        commandData: [UInt8] = [],
        messageReference: UInt8 = 0,
        protocolIdentifier: ProtocolIdentifier = .default,
        statusReportRequest: Bool = false,
        hasHeader: Bool = false
    ) {
        self.statusReportRequest = statusReportRequest
        self.hasHeader = hasHeader
        self.messageReference = messageReference
        self.protocolIdentifier = protocolIdentifier
        self.commandType = commandType
        self.messageNumber = messageNumber
        self.destination = destination
        self.commandData = commandData
    }

    /// TP-CT, the command type (TS 23.040 §9.2.3.19): an open set.
    public struct CommandType: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral {
        public var rawValue: UInt8

        public init(rawValue: UInt8) {
            self.rawValue = rawValue
        }

        public init(integerLiteral value: UInt8) {
            self.rawValue = value
        }

        /// `0x00`: enquiry about the submitted message (a status report answers).
        public static let enquiry: CommandType = 0x00
        /// `0x01`: cancel the status report request.
        public static let cancelStatusReportRequest: CommandType = 0x01
        /// `0x02`: delete the submitted message.
        public static let deleteMessage: CommandType = 0x02
        /// `0x03`: enable a status report request.
        public static let enableStatusReportRequest: CommandType = 0x03
    }

    /// The first octet (TP-MTI `10`).
    public var firstOctet: UInt8 {
        0x02 | (statusReportRequest ? 0x20 : 0) | (hasHeader ? 0x40 : 0)
    }

    /// The TPDU octets.
    public func encoded() throws(SMSCodecError) -> [UInt8] {
        guard commandData.count <= 156 else {
            throw SMSCodecError(.tooLong, field: "TP-CD", reason: "\(commandData.count) octets exceed 156")
        }
        var octets: [UInt8] = [firstOctet, messageReference, protocolIdentifier.rawValue, commandType.rawValue]
        octets.append(messageNumber)
        octets += try destination.encodedTPAddress(field: "TP-DA")
        octets.append(UInt8(commandData.count))
        octets += commandData
        return octets
    }

    static func decode(from reader: inout PDUReader) throws(SMSCodecError) -> SMSCommand {
        let first = try reader.readOctet("TP-MTI")
        let reference = try reader.readOctet("TP-MR")
        let pid = ProtocolIdentifier(rawValue: try reader.readOctet("TP-PID"))
        let commandType = CommandType(rawValue: try reader.readOctet("TP-CT"))
        let messageNumber = try reader.readOctet("TP-MN")
        let destination = try SMSAddress.decodeTPAddress(from: &reader, field: "TP-DA")
        let length = Int(try reader.readOctet("TP-CDL"))
        // Lenient like TP-UDL: a TP-CDL beyond the input is clamped to it.
        let data = reader.readRest().prefix(length)
        return SMSCommand(
            commandType: commandType,
            messageNumber: messageNumber,
            destination: destination,
            commandData: Array(data),
            messageReference: reference,
            protocolIdentifier: pid,
            statusReportRequest: first & 0x20 != 0,
            hasHeader: first & 0x40 != 0
        )
    }
}
