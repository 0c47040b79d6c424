import CMPPCore
import NIOCore
import SMSCodec
import Testing

/// A named message for parameterised tests.
struct MessageFixture: Sendable, CustomTestStringConvertible {
    var name: String
    var message: CMPPMessage
    /// The Total_Length the 2.0 layout gives (fact sheet §9.1, §8).
    var totalLength: Int

    var testDescription: String { name }
}

let gatewayFixture = CMPPRouteGateway(routeID: 7, destinationID: "079101", gatewayIP: "10.1.2.3", gatewayPort: 7890)
let reportFixture = CMPPStatusReport(
    messageID: 0xB4C5_5300_0001_0000,
    stat: .delivered,
    submitTime: "1511120955",
    doneTime: "1511120957",
    destinationTerminalID: "13412340000",
    smscSequence: 0x1234_5678
)

let messageFixtures: [MessageFixture] = [
    MessageFixture(
        name: "CONNECT",
        message: .connect(CMPPConnect(sourceAddress: "900001", secret: "888888", timestamp: 1_021_080_510)),
        totalLength: 39
    ),
    MessageFixture(
        name: "CONNECT_RESP",
        message: .connectResponse(CMPPConnectResponse(status: .authenticationError, authenticatorISMG: .empty, version: .v2_0)),
        totalLength: 30
    ),
    MessageFixture(name: "TERMINATE", message: .terminate, totalLength: 12),
    MessageFixture(name: "TERMINATE_RESP", message: .terminateResponse, totalLength: 12),
    MessageFixture(
        name: "SUBMIT, two destinations, UDH",
        message: .submit(
            CMPPSubmit(
                pkTotal: 2,
                pkNumber: 1,
                registeredDelivery: 1,
                serviceID: "TPCQ",
                feeUserType: 3,
                feeTerminalID: "13900000000",
                tpUDHI: 1,
                messageFormat: .ucs2,
                messageSource: "900001",
                feeType: "02",
                feeCode: "000010",
                validityTime: "151105131555101+",
                sourceID: "1065900001",
                destinationTerminalIDs: ["13500002696", "8613500002697"],
                content: ByteBuffer(bytes: [5, 0, 3, 0x2E, 2, 1, 0x6D, 0x4B]),
                reserve: "r"
            )
        ),
        totalLength: 138 + 42 + 8
    ),
    MessageFixture(
        name: "SUBMIT_RESP",
        message: .submitResponse(CMPPSubmitResponse(messageID: 0x7FD9_13C1_2D34_B9C9, result: .flowControlError)),
        totalLength: 21
    ),
    MessageFixture(
        name: "DELIVER, MO",
        message: .deliver(
            CMPPDeliver(
                messageID: 42,
                destinationID: "10085",
                serviceID: "MCN2210101",
                messageFormat: .gb18030,
                sourceTerminalID: "8618775648141",
                content: .message(ByteBuffer(bytes: [0xB2, 0xE2, 0xCA, 0xD4]))
            )
        ),
        totalLength: 85 + 4
    ),
    MessageFixture(
        name: "DELIVER, status report",
        message: .deliver(
            CMPPDeliver(messageID: 43, destinationID: "10085", sourceTerminalID: "13412340000", content: .statusReport(reportFixture))
        ),
        totalLength: 145
    ),
    MessageFixture(
        name: "DELIVER_RESP",
        message: .deliverResponse(CMPPDeliverResponse(messageID: 43, result: .success)),
        totalLength: 21
    ),
    MessageFixture(
        name: "QUERY",
        message: .query(CMPPQuery(time: "20240131", queryType: 1, queryCode: "TPCQ")),
        totalLength: 39
    ),
    MessageFixture(
        name: "QUERY_RESP",
        message: .queryResponse(
            CMPPQueryResponse(
                time: "20240131",
                queryType: 1,
                queryCode: "TPCQ",
                mtTotalMessages: 1,
                mtTotalUsers: 2,
                mtSucceeded: 3,
                mtWaiting: 4,
                mtFailed: 5,
                moSucceeded: 6,
                moWaiting: 7,
                moFailed: 8
            )
        ),
        totalLength: 63
    ),
    MessageFixture(name: "CANCEL", message: .cancel(CMPPCancel(messageID: 99)), totalLength: 20),
    MessageFixture(name: "CANCEL_RESP", message: .cancelResponse(CMPPCancelResponse(successID: 1)), totalLength: 13),
    MessageFixture(name: "ACTIVE_TEST", message: .activeTest, totalLength: 12),
    MessageFixture(name: "ACTIVE_TEST_RESP", message: .activeTestResponse(CMPPActiveTestResponse()), totalLength: 13),
    MessageFixture(
        name: "FWD, MO",
        message: .forward(
            CMPPForward(
                sourceID: "100201",
                destinationID: "111112",
                nodesCount: 1,
                forwardType: .mo,
                messageID: 5,
                sourceTerminalID: "13500002696",
                destinationIDs: ["10659001"],
                content: .message(ByteBuffer(string: "hello"))
            )
        ),
        totalLength: 152 + 21 + 5
    ),
    MessageFixture(
        name: "FWD, MT status report",
        message: .forward(
            CMPPForward(
                sourceID: "100201",
                destinationID: "111112",
                forwardType: .mtStatusReport,
                messageID: 6,
                destinationIDs: [""],
                content: .mtStatusReport(reportFixture)
            )
        ),
        totalLength: 152 + 21 + 60
    ),
    MessageFixture(
        name: "FWD, MO status report",
        message: .forward(
            CMPPForward(
                sourceID: "100201",
                destinationID: "111112",
                forwardType: .moStatusReport,
                messageID: 7,
                destinationIDs: ["13500002696"],
                content: .moStatusReport(
                    CMPPMOStatusReport(
                        messageID: 5,
                        stat: .rejected,
                        deliverTime: "2401311200",
                        deliverResponseTime: "2401311201",
                        destinationID: "10659001"
                    )
                )
            )
        ),
        totalLength: 152 + 21 + 60
    ),
    MessageFixture(
        name: "FWD_RESP",
        message: .forwardResponse(CMPPForwardResponse(messageID: 5, pkTotal: 1, pkNumber: 1, result: .forwardingDecisionError)),
        totalLength: 23
    ),
    MessageFixture(
        name: "MT_ROUTE",
        message: .mtRoute(CMPPMTRoute(sourceID: "079101", terminalID: "13912345678")),
        totalLength: 39
    ),
    MessageFixture(
        name: "MT_ROUTE_RESP",
        message: .mtRouteResponse(
            CMPPMTRouteResponse(gateway: gatewayFixture, startID: "139123", endID: "139124", areaCode: "0791", result: .normal)
        ),
        totalLength: 56
    ),
    MessageFixture(
        name: "MO_ROUTE",
        message: .moRoute(CMPPMORoute(sourceID: "079101", spCode: "1065900001", serviceID: "TPCQ", serviceCode: 1500)),
        totalLength: 53
    ),
    MessageFixture(
        name: "MO_ROUTE_RESP",
        message: .moRouteResponse(
            CMPPMORouteResponse(gateway: gatewayFixture, spID: "900001", startCode: 1000, endCode: 2000, result: .lastRoute)
        ),
        totalLength: 69
    ),
    MessageFixture(
        name: "GET_ROUTE",
        message: .getRoute(CMPPGetRoute(sourceID: "079101", routeType: "MT", lastRouteID: -1)),
        totalLength: 24
    ),
    MessageFixture(
        name: "GET_ROUTE_RESP",
        message: .getRouteResponse(
            CMPPGetRouteResponse(
                gateway: gatewayFixture,
                spCode: "",
                serviceID: "",
                startCode: 1_391_230,
                endCode: 1_391_239,
                areaCode: "0791",
                result: .noMatchingRoute
            )
        ),
        totalLength: 83
    ),
    MessageFixture(
        name: "MT_ROUTE_UPDATE",
        message: .mtRouteUpdate(
            CMPPMTRouteUpdate(updateType: 0, gateway: gatewayFixture, startID: "139123", endID: "139124", areaCode: "0791")
        ),
        totalLength: 56
    ),
    MessageFixture(name: "MT_ROUTE_UPDATE_RESP", message: .mtRouteUpdateResponse(CMPPRouteUpdateResponse(result: 0)), totalLength: 13),
    MessageFixture(
        name: "MO_ROUTE_UPDATE",
        message: .moRouteUpdate(
            CMPPMORouteUpdate(updateType: 2, gateway: gatewayFixture, spCode: "10659001", serviceID: "TPCQ", startCode: 1, endCode: 9)
        ),
        totalLength: 79
    ),
    MessageFixture(name: "MO_ROUTE_UPDATE_RESP", message: .moRouteUpdateResponse(CMPPRouteUpdateResponse(result: 1)), totalLength: 13),
    MessageFixture(
        name: "PUSH_MT_ROUTE_UPDATE",
        message: .pushMTRouteUpdate(
            CMPPMTRouteUpdate(updateType: 1, gateway: gatewayFixture, startID: "139123", endID: "139123", areaCode: "0791")
        ),
        totalLength: 56
    ),
    MessageFixture(
        name: "PUSH_MT_ROUTE_UPDATE_RESP",
        message: .pushMTRouteUpdateResponse(CMPPRouteUpdateResponse(result: 0)),
        totalLength: 13
    ),
    MessageFixture(
        name: "PUSH_MO_ROUTE_UPDATE",
        message: .pushMORouteUpdate(
            CMPPMORouteUpdate(updateType: 0, gateway: gatewayFixture, spCode: "10659001", serviceID: "", startCode: 0, endCode: 0)
        ),
        totalLength: 79
    ),
    MessageFixture(
        name: "PUSH_MO_ROUTE_UPDATE_RESP",
        message: .pushMORouteUpdateResponse(CMPPRouteUpdateResponse(result: 1)),
        totalLength: 13
    ),
]

@Suite("Every message round-trips")
struct RoundTripTests {
    @Test(arguments: messageFixtures)
    func roundTrip(_ fixture: MessageFixture) throws {
        let frame = CMPPFrame(sequenceID: 0xFFFF_FFFF, message: fixture.message)
        var buffer = ByteBuffer()
        let length = try buffer.writeCMPPFrame(frame)
        #expect(length == fixture.totalLength)
        #expect(buffer.getInteger(at: 0, as: UInt32.self) == UInt32(fixture.totalLength))
        #expect(buffer.getInteger(at: 4, as: UInt32.self) == fixture.message.commandID.rawValue)
        #expect(try CMPPFrame(decoding: buffer) == frame)
    }

    @Test func fixturesCoverEveryCommandID() {
        let covered = Set(messageFixtures.map(\.message.commandID))
        #expect(covered == Set(CMPPMessage.CommandID.allCases))
    }

    @Test func responsesSetTheHighBit() {
        for command in CMPPMessage.CommandID.allCases where !command.isResponse {
            #expect(command.response?.rawValue == command.rawValue | 0x8000_0000)
            #expect(command.response?.name == command.name + "_RESP")
        }
        #expect(CMPPMessage.CommandID.getRoute.name == "CMPP_GET_ROUTE")
        #expect(CMPPMessage.CommandID.forward.name == "CMPP_FWD")
    }
}

@Suite("Golden bytes of the fact sheet's §10 examples")
struct GoldenTests {
    @Test func statusReportDeliverIs145Bytes() throws {
        // §10 ex. 6 inside a 2.0 DELIVER: Registered_Delivery 1, Msg_Length 0x3C, total 145.
        let report = "b4c553000001000044454c49565244313531313132303935353135313131323039353731333431323334303030300000000000000000000012345678"
        let frame = CMPPFrame(
            sequenceID: 0x17,
            message: .deliver(
                CMPPDeliver(messageID: 1, destinationID: "10085", sourceTerminalID: "13412340000", content: .statusReport(reportFixture))
            )
        )
        var buffer = ByteBuffer()
        try buffer.writeCMPPFrame(frame)
        let expected =
            "00000091" + "00000005" + "00000017" + "0000000000000001" + hexString(Array("10085".utf8)) + String(repeating: "00", count: 16)
            + String(repeating: "00", count: 10) + "000000" + hexString(Array("13412340000".utf8)) + String(repeating: "00", count: 10)
            + "01" + "3c" + report + String(repeating: "00", count: 8)
        #expect(hexString(buffer.readableBytesView) == expected)
    }

    @Test func longMessageFirstPart() throws {
        // §10 ex. 7: Pk 1/1 while the UDH says part 1 of 3 (§11 #9): merge on the UDH.
        var content = [UInt8]([0x05, 0x00, 0x03, 0x2E, 0x03, 0x01])
        content += try CMPPMessageFormat.ucs2.encodeText(String(repeating: "测", count: 67))
        let submit = CMPPSubmit(
            tpUDHI: 1,
            messageFormat: .ucs2,
            messageSource: "400437",
            feeType: "01",
            sourceID: "10085",
            destinationTerminalIDs: ["18164835687"],
            content: ByteBuffer(bytes: content)
        )
        var buffer = ByteBuffer()
        #expect(try buffer.writeCMPPFrame(CMPPFrame(sequenceID: 1, message: .submit(submit))) == 299)
        #expect(buffer.getInteger(at: 12 + 117 + 21, as: UInt8.self) == 0x8C)
        let concatenation = try #require(try submit.concatenation())
        #expect(concatenation == SMSConcatenation(reference: 0x2E, total: 3, sequence: 1))
        #expect(try submit.text() == String(repeating: "测", count: 67))
    }

    @Test func linkAndTerminate() throws {
        // §10 ex. 8.
        let frames: [(CMPPMessage, String)] = [
            (.activeTest, "0000000c0000000800000017"),
            (.activeTestResponse(CMPPActiveTestResponse()), "0000000d800000080000001700"),
            (.terminate, "0000000c0000000200000017"),
            (.terminateResponse, "0000000c8000000200000017"),
        ]
        for (message, hex) in frames {
            var buffer = ByteBuffer()
            try buffer.writeCMPPFrame(CMPPFrame(sequenceID: 0x17, message: message))
            #expect(hexString(buffer.readableBytesView) == hex)
        }
    }
}
