import Foundation
import SMSCodec
import Testing

@Suite("TPDU fields: DCS, PID, VP, time stamps, status, addresses")
struct FieldTests {
    /// shared/spec/sms-pdu.md §6, including the pitfalls: 0xC8 is GSM 7-bit (MWI group), 0x03 has no class.
    @Test(arguments: [
        (UInt8(0x00), SMSAlphabet.gsm7, MessageClass?.none),
        (0x04, .eightBit, nil),
        (0x08, .ucs2, nil),
        (0x0C, .gsm7, nil),
        (0x10, .gsm7, .class0),
        (0x18, .ucs2, .class0),
        (0x03, .gsm7, nil),
        (0x11, .gsm7, .class1),
        (0x16, .eightBit, .class2),
        (0x48, .ucs2, nil),
        (0x80, .gsm7, nil),
        (0xC0, .gsm7, nil),
        (0xC8, .gsm7, nil),
        (0xD8, .gsm7, nil),
        (0xE8, .ucs2, nil),
        (0xF0, .gsm7, .class0),
        (0xF5, .eightBit, .class1),
        (0xF6, .eightBit, .class2),
        (0xF7, .eightBit, .class3),
    ])
    func dataCodingScheme(raw: UInt8, alphabet: SMSAlphabet, messageClass: MessageClass?) {
        let dcs = DataCodingScheme(rawValue: raw)
        #expect(dcs.alphabet == alphabet)
        #expect(dcs.messageClass == messageClass)
    }

    @Test func dataCodingSchemeGroups() {
        #expect(DataCodingScheme(rawValue: 0x28).isCompressed)
        #expect(DataCodingScheme(rawValue: 0x28).userDataAlphabet == .eightBit)
        #expect(!DataCodingScheme(rawValue: 0xA8).isCompressed)
        #expect(DataCodingScheme(rawValue: 0x40).isMarkedForAutomaticDeletion)
        #expect(DataCodingScheme(rawValue: 0x40).codingGroup == .automaticDeletion)
        #expect(DataCodingScheme(rawValue: 0x90).codingGroup == .reserved)
        let active = DataCodingScheme(rawValue: 0xC8).messageWaiting
        #expect(active == MessageWaitingIndication(kind: .voicemail, isActive: true, store: false))
        #expect(DataCodingScheme(rawValue: 0xD2).messageWaiting == .init(kind: .email, isActive: false, store: true))
        #expect(DataCodingScheme(rawValue: 0x00).messageWaiting == nil)
        #expect(DataCodingScheme(alphabet: .ucs2, messageClass: .class0).rawValue == 0x18)
        #expect(DataCodingScheme(alphabet: .eightBit).rawValue == 0x04)
    }

    @Test func protocolIdentifierMeanings() {
        #expect(ProtocolIdentifier(rawValue: 0x00).meaning == .smeToSme(0))
        #expect(ProtocolIdentifier(rawValue: 0x32).meaning == .telematicInterworking(device: 0x12))
        #expect(ProtocolIdentifier(rawValue: 0x40).meaning == .shortMessageType0)
        #expect(ProtocolIdentifier(rawValue: 0x43).meaning == .replaceShortMessage(type: 3))
        #expect(ProtocolIdentifier(rawValue: 0x7F).meaning == .simDataDownload)
        #expect(ProtocolIdentifier(rawValue: 0x90).meaning == .reserved)
        #expect(ProtocolIdentifier(rawValue: 0xC1).meaning == .serviceCentreSpecific(1))
    }

    /// §9.2.3.12.1 boundaries, python-gsmmodem's pairs, and the rounding up between steps.
    static let relativeCases: [(seconds: Int, value: UInt8)] = [
        (0, 0), (300, 0), (301, 1), (1800, 5), (43_200, 143), (43_201, 144), (57_600, 151),
        (86_400, 167), (86_401, 168), (172_800, 168), (259_200, 169), (2_592_000, 196),
        (2_592_001, 197), (3_024_000, 197), (3_110_400, 198), (38_102_400, 255),
    ]

    @Test(arguments: relativeCases)
    func relativeValidityRoundsUp(seconds: Int, value: UInt8) throws {
        #expect(try ValidityPeriod.relative(covering: seconds) == .relative(value))
        #expect(ValidityPeriod.seconds(ofRelative: value) >= seconds)
    }

    @Test func relativeValidityBeyond63WeeksIsAnError() {
        #expect(throws: SMSCodecError(.tooLong, reason: "")) {
            try ValidityPeriod.relative(covering: 63 * 7 * 86_400 + 1)
        }
    }

    @Test func relativeValidityDescriptions() {
        #expect(ValidityPeriod.relative(0xA7).description == "relative 0xA7 = 24 hours")
        #expect(ValidityPeriod.relative(0x90).description == "relative 0x90 = 12 hours 30 minutes")
        #expect(ValidityPeriod.relative(0xFF).description == "relative 0xFF = 63 weeks")
        #expect(ValidityPeriod.relative(0x00).description == "relative 0x00 = 5 minutes")
    }

    @Test func enhancedValidityFormats() {
        #expect(EnhancedValidityPeriod(octets: [0x01, 0xA7]).seconds == 86_400)
        #expect(EnhancedValidityPeriod(octets: [0x42, 0x3C]).seconds == 60)
        #expect(EnhancedValidityPeriod(octets: [0x42, 0x3C]).isSingleShot)
        #expect(EnhancedValidityPeriod(octets: [0x03, 0x10, 0x30, 0x00]).seconds == 3600 + 3 * 60)
        #expect(EnhancedValidityPeriod(octets: [0x00]).seconds == nil)
    }

    /// shared/spec/sms-pdu.md §8: quarter hours with the sign in bit 3.
    @Test(arguments: [
        ("3130805120618 0", "2013-03-08T15:02:16+02:00"),
        ("8111700212222B", "2018-11-07T20:21:22-08:00"),
        ("81117002122222", "2018-11-07T20:21:22+05:30"),
        ("8111700212228A", "2018-11-07T20:21:22-07:00"),
        ("89212221401400", "1998-12-22T12:04:41+00:00"),
    ])
    func timeZones(hex: String, iso: String) throws {
        let octets = try PDUHex.decode(hex.replacingOccurrences(of: " ", with: ""))
        // A DELIVER around the time stamp: FO, OA "1", PID, DCS, SCTS, UDL 0.
        let tpdu = [0x04, 0x01, 0x81, 0xF1, 0x00, 0x00] + octets + [0x00]
        let decoded = try TPDU.decode(tpdu, direction: .fromNetwork)
        #expect(decoded.serviceCentreTimestamp?.iso8601 == iso)
        #expect(try decoded.encoded() == tpdu)
    }

    @Test func timestampInstantAndCenturyWindow() throws {
        let stamp = SMSTimestamp(
            year: 2005,
            month: 2,
            day: 18,
            hour: 15,
            minute: 57,
            second: 54,
            timeZoneQuarterHours: -32
        )
        #expect(stamp.date == Date(timeIntervalSince1970: 1_108_742_274 + 8 * 3600))
        #expect(SMSTimestamp(date: stamp.date!, timeZoneQuarterHours: -32) == stamp)
        #expect(SMSTimestamp.centuryWindowStart == 1990)
        #expect(SMSTimestamp(year: 2005, month: 13, day: 1, hour: 0, minute: 0, second: 0).date == nil)
    }

    @Test func timestampWithANonDigitIsATypedError() {
        let tpdu: [UInt8] = [0x04, 0x01, 0x81, 0xF1, 0x00, 0x00, 0x31, 0x3A, 0x80, 0x51, 0x20, 0x61, 0x80, 0x00]
        #expect {
            try TPDU.decode(tpdu, direction: .fromNetwork)
        } throws: { error in
            let error = error as? SMSCodecError
            return error?.code == .invalidValue && error?.field == "TP-SCTS" && error?.offset == 7
        }
    }

    @Test(arguments: [
        (UInt8(0x00), DeliveryStatus.Classification.delivered), (0x01, .delivered), (0x1F, .delivered),
        (0x20, .pending), (0x25, .pending), (0x3F, .pending), (0x40, .failed), (0x46, .failed), (0x60, .failed),
        (0x7F, .failed), (0x80, .failed),
    ])
    func statusClassification(raw: UInt8, classification: DeliveryStatus.Classification) {
        #expect(DeliveryStatus(rawValue: raw).classification == classification)
    }

    /// shared/spec/sms-pdu.md §4.2: the semi-octet count of alphanumeric addresses, both ways.
    @Test(arguments: [
        ("abc", "06D061F118"), ("FRANCOIS", "0ED04669D0397C26A7"), ("MMoney", "0BD0CDE6DB5DCE03"),
        ("Design@Home", "14D0C4F23C7D760390EF7619"), ("a[]{}€", "14D0E10D6FE3DBA036A94D19"),
    ])
    func alphanumericAddresses(text: String, hex: String) throws {
        let address = SMSAddress(text)
        #expect(address.type == .alphanumeric)
        let command = SMSCommand(commandType: .enquiry, messageNumber: 1, destination: address)
        let encoded = try command.encoded()
        #expect(PDUHex.encode(encoded[5..<(encoded.count - 1)]) == hex)
        guard case .command(let decoded) = try TPDU.decode(encoded, direction: .toNetwork) else {
            Issue.record("not a command")
            return
        }
        #expect(decoded.destination.value == text)
    }

    @Test(arguments: [
        ("+9876543210", "0A918967452301"), ("+987654321", "099189674523F1"), ("*#123", "0581BA21F3"),
        ("123", "038121F3"),
    ])
    func numericAddresses(text: String, hex: String) throws {
        let command = SMSCommand(commandType: .enquiry, messageNumber: 1, destination: SMSAddress(text))
        let encoded = try command.encoded()
        #expect(PDUHex.encode(encoded[5..<(encoded.count - 1)]) == hex)
        guard case .command(let decoded) = try TPDU.decode(encoded, direction: .toNetwork) else {
            Issue.record("not a command")
            return
        }
        #expect(decoded.destination.description == text)
    }

    @Test func typesOfAddress() {
        #expect(TypeOfAddress(rawValue: 0xA1).typeOfNumber == .national)
        #expect(TypeOfAddress(rawValue: 0x11).typeOfNumber == .international)  // bit 7 clear: accepted
        #expect(TypeOfAddress(rawValue: 0xB1).typeOfNumber.description == "network-specific")
        #expect(TypeOfAddress.international.rawValue == 0x91)
        #expect(TypeOfAddress.alphanumeric.rawValue == 0xD0)
    }
}
