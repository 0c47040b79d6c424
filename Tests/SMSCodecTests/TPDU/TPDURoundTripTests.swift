import SMSCodec
import Testing

@Suite("TPDU round trips, article PDUs, direction and the discrepancies of spec §15")
struct TPDURoundTripTests {
    static let stamp = SMSTimestamp(
        year: 2024,
        month: 2,
        day: 29,
        hour: 23,
        minute: 59,
        second: 58,
        timeZoneQuarterHours: 22
    )

    static func text(_ text: String) -> UserData {
        UserData(alphabet: .gsm7, body: (try? GSM7Alphabet().septets(for: text)) ?? [])
    }

    static var concatenated: UserData {
        var header = UserDataHeader()
        header.concatenation = SMSConcatenation(reference: 0xBEEF, total: 2, sequence: 1, kind: .sixteenBit)
        return UserData(header: header, alphabet: .ucs2, body: UCS2.encode("你好😀"))
    }

    /// One message of every type, with every flag and optional field exercised somewhere.
    static let messages: [(TPDU.Direction, TPDU)] = [
        (.toNetwork, .submit(SMSSubmit(destination: SMSAddress("+8613880982844"), userData: text("Hi {all}")))),
        (
            .toNetwork,
            .submit(
                SMSSubmit(
                    destination: SMSAddress(type: .unknown, value: "*#abc1"),
                    userData: concatenated,
                    messageReference: 0xFE,
                    protocolIdentifier: .replaceType1,
                    validityPeriod: .absolute(stamp),
                    statusReportRequest: true,
                    rejectDuplicates: true,
                    replyPath: true
                )
            )
        ),
        (
            .toNetwork,
            .submit(
                SMSSubmit(
                    destination: SMSAddress("Feige"),
                    userData: UserData(alphabet: .eightBit, body: [0, 1, 2, 0xFF]),
                    dataCodingScheme: 0xF5,
                    validityPeriod: .enhanced(EnhancedValidityPeriod(octets: [0x42, 0x3C]))
                )
            )
        ),
        (
            .toNetwork,
            .submit(SMSSubmit(destination: SMSAddress("10086"), userData: text(""), validityPeriod: .relative(0xA7)))
        ),
        (
            .fromNetwork,
            .deliver(
                SMSDeliver(
                    originator: SMSAddress("Telfort"),
                    serviceCentreTimestamp: stamp,
                    userData: text("Welcome"),
                    dataCodingScheme: 0x10,
                    moreMessagesToSend: true,
                    statusReportIndication: true,
                    replyPath: true,
                    loopPrevention: true
                )
            )
        ),
        (
            .fromNetwork,
            .deliver(
                SMSDeliver(
                    originator: SMSAddress("+4915112345678"),
                    serviceCentreTimestamp: stamp,
                    userData: concatenated
                )
            )
        ),
        (
            .fromNetwork,
            .statusReport(
                SMSStatusReport(
                    messageReference: 0x40,
                    recipient: SMSAddress("+919790197346"),
                    serviceCentreTimestamp: stamp,
                    dischargeTime: stamp,
                    status: .validityPeriodExpired
                )
            )
        ),
        (
            .fromNetwork,
            .statusReport(
                SMSStatusReport(
                    messageReference: 1,
                    recipient: SMSAddress("123"),
                    serviceCentreTimestamp: stamp,
                    dischargeTime: stamp,
                    status: .smeBusy,
                    parameters: ReportParameters(protocolIdentifier: 0, dataCodingScheme: 0x08, userData: concatenated),
                    isCommandResult: true
                )
            )
        ),
        (.fromNetwork, .submitReport(SMSSubmitReport(serviceCentreTimestamp: stamp))),
        (
            .fromNetwork,
            .submitReport(
                SMSSubmitReport(
                    serviceCentreTimestamp: stamp,
                    failureCause: .serviceCentreBusy,
                    parameters: ReportParameters(protocolIdentifier: 0x00, dataCodingScheme: 0x00, userData: text("x"))
                )
            )
        ),
        (.toNetwork, .deliverReport(SMSDeliverReport())),
        (
            .toNetwork,
            .deliverReport(
                SMSDeliverReport(
                    failureCause: .memoryCapacityExceeded,
                    parameters: ReportParameters(protocolIdentifier: 0x7F)
                )
            )
        ),
        (
            .toNetwork,
            .command(
                SMSCommand(
                    commandType: .deleteMessage,
                    messageNumber: 0x34,
                    destination: SMSAddress("+6391"),
                    commandData: Array("a command".utf8),
                    messageReference: 0x42,
                    protocolIdentifier: 0xAB,
                    statusReportRequest: true
                )
            )
        ),
    ]

    @Test(arguments: messages.indices)
    func roundTrips(index: Int) throws {
        let (direction, tpdu) = Self.messages[index]
        let encoded = try tpdu.encoded()
        #expect(try TPDU.decode(encoded, direction: direction) == tpdu)
        let pdu = SMSPDU(serviceCentre: SMSAddress("+8613800280500"), tpdu: tpdu)
        let (hex, length) = try pdu.pduMode()
        #expect(length == encoded.count)
        #expect(try SMSPDU(hex: hex.lowercased(), direction: direction) == pdu)
    }

    /// shared/spec/sms-pdu.md §3.1: the article's UCS2 SUBMIT, TP-MR 0x19, `AT+CMGS=31`.
    @Test func articleSubmit() throws {
        let hex = "0891683108200805F011190D91683188902848F40008FF108FD9662F4E0067616D4B8BD577ED4FE1"
        let pdu = try SMSPDU(hex: hex)
        guard case .submit(let submit) = pdu.tpdu else {
            Issue.record("not a SUBMIT: \(pdu.tpdu.typeName)")
            return
        }
        #expect(pdu.serviceCentre?.description == "+8613800280500")
        #expect(submit.messageReference == 0x19)
        #expect(submit.destination.description == "+8613880982844")
        #expect(submit.validityPeriod == .relative(0xFF))
        #expect(submit.validityPeriod?.seconds == 63 * 7 * 86_400)
        #expect(try submit.userData.text() == "这是一条测试短信")
        #expect(try pdu.pduMode() == (hex, 31))
        // Built from parts, the same string comes out.
        let built = SMSPDU(
            serviceCentre: SMSAddress("+8613800280500"),
            tpdu: .submit(
                SMSSubmit(
                    destination: SMSAddress("+8613880982844"),
                    userData: UserData(alphabet: .ucs2, body: UCS2.encode("这是一条测试短信")),
                    messageReference: 0x19,
                    validityPeriod: .relative(0xFF)
                )
            )
        )
        #expect(try built.pduMode() == (hex, 31))
    }

    /// shared/spec/sms-pdu.md §3.2: the article's UCS2 DELIVER.
    @Test func articleDeliver() throws {
        let hex = "0891683108200805F0040D91683188902848F4000850208151754500108FD9662F4E0067616D4B8BD577ED4FE1"
        let pdu = try SMSPDU(hex: hex, direction: .fromNetwork)
        guard case .deliver(let deliver) = pdu.tpdu else {
            Issue.record("not a DELIVER")
            return
        }
        #expect(deliver.originator.description == "+8613880982844")
        #expect(!deliver.moreMessagesToSend)
        #expect(deliver.serviceCentreTimestamp.iso8601 == "2005-02-18T15:57:54+00:00")
        #expect(try deliver.userData.text() == "这是一条测试短信")
        #expect(try pdu.encoded() == PDUHex.decode(hex))
    }

    /// MTI 01 is a SUBMIT-REPORT from the network, a SUBMIT towards it; `.automatic` takes a stored SUBMIT for
    /// a SUBMIT and a strict SUBMIT-REPORT for one.
    @Test func directionDecidesTheType() throws {
        let submit = "0001000B917228001011F100000CC8329BFD065DDF72363904"
        #expect(try SMSPDU(hex: submit, direction: .automatic).tpdu.typeName == "submit")
        #expect(try SMSPDU(hex: submit, direction: .toNetwork).tpdu.typeName == "submit")
        #expect(throws: SMSCodecError.self) { try SMSPDU(hex: submit, direction: .fromNetwork) }

        let report = try SMSPDU(tpdu: .submitReport(SMSSubmitReport(serviceCentreTimestamp: Self.stamp))).pduMode().hex
        #expect(try SMSPDU(hex: report, direction: .automatic).tpdu.typeName == "submit-report")

        #expect(try SMSPDU(hex: "000000", direction: .toNetwork).tpdu.typeName == "deliver-report")
        // Read as a DELIVER, the same octets end inside TP-OA.
        #expect(throws: SMSCodecError(.truncated, reason: "")) { try SMSPDU(hex: "000000", direction: .automatic) }
        #expect(try SMSPDU(hex: "000242AB00340491361900", direction: .toNetwork).tpdu.typeName == "command")
        // Read as a STATUS-REPORT, the same octets give a TP-RA of 0xAB semi-octets.
        #expect {
            try SMSPDU(hex: "000242AB00340491361900", direction: .automatic)
        } throws: { ($0 as? SMSCodecError)?.field == "TP-RA" }
        // MTI 11 is reserved: read as a DELIVER from the network (§9.2.3.1), rejected towards it.
        let reserved = "0007" + "0B917228214365F700003130805120618005D4F29C2E03"
        #expect(try SMSPDU(hex: reserved, direction: .fromNetwork).tpdu.typeName == "deliver")
        #expect(throws: SMSCodecError(.invalidValue, reason: "")) { try SMSPDU(hex: reserved, direction: .toNetwork) }
    }

    /// warthog618/sms's SMS-COMMAND vector (shared/spec/sms-pdu.md §3.5).
    @Test func commandVector() throws {
        let tpdu = try PDUHex.decode("0242AB89340491361909612063" + "6F6D6D616E64")
        guard case .command(let command) = try TPDU.decode(tpdu, direction: .toNetwork) else {
            Issue.record("not a command")
            return
        }
        #expect(command.messageReference == 0x42)
        #expect(command.protocolIdentifier == 0xAB)
        #expect(command.commandType == 0x89)
        #expect(command.messageNumber == 0x34)
        #expect(command.destination.description == "+6391")
        #expect(String(decoding: command.commandData, as: UTF8.self) == "a command")
        #expect(try command.encoded() == tpdu)
    }

    // MARK: - shared/spec/sms-pdu.md §15

    /// §15.1: the national-language IEs are 0x24/0x25, not warthog's 24/25 decimal (WVG objects).
    @Test func nationalLanguageIdentifiersAreHex24And25() throws {
        let tpdu: [UInt8] =
            [0x44, 0x01, 0x81, 0xF1, 0x00, 0x00] + [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x00]
            + [0x06, 0x03, 0x18, 0x01, 0x01, 0xC8, 0x00]
        let userData = try TPDU.decode(tpdu, direction: .fromNetwork).userData
        #expect(userData?.header?.singleShift == nil)
        #expect(userData?.header?.elements.first?.identifier == 0x18)
        #expect(InformationElement.Identifier.nationalLanguageSingleShift.rawValue == 0x24)
        #expect(InformationElement.Identifier.nationalLanguageLockingShift.rawValue == 0x25)
    }

    /// §15.2: extension 0x0D is reserved (CR2), not a line feed: it falls back to the basic table (CR).
    @Test func extensionCR2IsNotALineFeed() {
        #expect(GSM7Alphabet().decode([0x1B, 0x0D]) == "\r")
    }

    /// §15.3: python-gsmmodem's "Flash SMS" is first octet 0x05 (RD) with DCS 0x00, not a flash message.
    @Test func notAFlashMessage() throws {
        let pdu = try SMSPDU(hex: "0005000B917228001011F10000094676788E064D9B53")
        guard case .submit(let submit) = pdu.tpdu else {
            Issue.record("not a SUBMIT")
            return
        }
        #expect(submit.rejectDuplicates)
        #expect(submit.dataCodingScheme.messageClass == nil)
        #expect(submit.firstOctet == 0x05)
    }

    /// §15.4: python-gsmmodem vector 8 — a filler inside the counted DA digits and a TP-UDL beyond the data.
    @Test func fillerInsideTheDigitsAndAnOverlongUDL() throws {
        let pdu = try SMSPDU(hex: "0041010C910661345542F60008A0050003000301306F3044")
        #expect(pdu.tpdu.address?.description == "+60164355246")
        #expect(pdu.tpdu.userDataTruncated)
        #expect(try pdu.tpdu.text() == "はい")
        // A filler followed by a digit is not lenient any more: a typed error naming TP-DA.
        #expect {
            try SMSPDU(hex: "0041010C9106613455F2160008020000")
        } throws: { ($0 as? SMSCodecError)?.field == "TP-DA" && ($0 as? SMSCodecError)?.offset == 5 }
    }

    /// §15.5: first octet 0x06 from the network is a STATUS-REPORT, not a SUBMIT-REPORT; §15.4 vector 11's RA
    /// semi-octets B…F map to `#` and friends.
    @Test func statusReportNotSubmitReport() throws {
        let pdu = try SMSPDU(hex: "0297F1061C0F910B487228297020F5317062419272803170624192138000")
        guard case .statusReport(let report) = pdu.tpdu else {
            Issue.record("not a STATUS-REPORT")
            return
        }
        #expect(report.messageReference == 28)
        #expect(report.recipient.description == "+#08427829207025")
        #expect(report.status.classification == .delivered)
    }

    /// §15.6: a two-digit year 98 is 1998 in the documented window, not 2098.
    @Test func ninetyEightIs1998() throws {
        let pdu = try SMSPDU(hex: "07916407058099F9040B916407950303F100008921222140140004D4E2940A")
        #expect(pdu.tpdu.serviceCentreTimestamp?.year == 1998)
    }

    /// §15.7: 0x09 decodes as Ç (U+00C7), the 3GPP glyph.
    @Test func septet09IsCapitalCCedilla() {
        #expect(GSM7Alphabet().decode([0x09]) == "\u{C7}")
    }

    /// §15.8: DCS 0x03 has class bits without the class flag: no class.
    @Test func classBitsWithoutTheFlagAreIgnored() {
        #expect(DataCodingScheme(rawValue: 0x03).messageClass == nil)
    }

    /// §15.9: the article SUBMIT is complete; its `AT+CMGS` length is 31.
    @Test func articleSubmitIsComplete() throws {
        let pdu = try SMSPDU(hex: "0891683108200805F011190D91683188902848F40008FF108FD9662F4E0067616D4B8BD577ED4FE1")
        #expect(!pdu.tpdu.userDataTruncated)
        #expect(pdu.cmgsLength == 31)
    }
}
