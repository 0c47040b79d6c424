import NIOCore
import SMSCodec

/// One field of a decoded message under the spec's name (e.g. `Dest_terminal_Id`), for tools that show
/// frames — `feige cmpp decode` — and for tests that compare against published vectors.
///
/// Unlike `description`s, field lists include content, numbers and authenticators: they are for
/// inspecting a frame on purpose, never for logs.
public struct CMPPField: Hashable, Sendable {
    /// The field's name as the spec (and the fact sheet) writes it.
    public var name: String
    /// Its value.
    public var value: Value

    public init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }

    /// A field value.
    public enum Value: Hashable, Sendable {
        /// An unsigned or signed integer field.
        case integer(Int64)
        /// An Octet String, or a 64-bit Msg_Id as its decimal digits.
        case string(String)
        /// Binary data (Msg_Content, authenticators), shown as hex.
        case bytes([UInt8])
        /// A list of Octet Strings (Dest_terminal_Id).
        case list([String])
        /// A nested structure (Msg_Id parts, a status report).
        case object([CMPPField])
    }
}

extension CMPPField.Value {
    static func int<I: BinaryInteger>(_ value: I) -> Self { .integer(Int64(value)) }
}

extension CMPPMessage {
    /// The body's fields in wire order under the spec's names, plus derived entries: `Msg_Id_parts` after
    /// each Msg_Id, `text` after a decodable Msg_Content, `report` for a status report.
    public var fields: [CMPPField] {
        switch self {
        case .connect(let m):
            [
                CMPPField("Source_Addr", .string(m.sourceAddress)),
                CMPPField("AuthenticatorSource", .bytes(m.authenticatorSource.bytes)),
                CMPPField("Version", .int(m.version.rawValue)),
                CMPPField("Timestamp", .int(m.timestamp.rawValue)),
            ]
        case .connectResponse(let m):
            [
                CMPPField("Status", .int(m.status.rawValue)),
                CMPPField("AuthenticatorISMG", .bytes(m.authenticatorISMG.bytes)),
                CMPPField("Version", .int(m.version.rawValue)),
            ]
        case .terminate, .terminateResponse, .activeTest:
            []
        case .submit(let m):
            CMPPField.messageID(m.messageID) + [
                CMPPField("Pk_total", .int(m.pkTotal)),
                CMPPField("Pk_number", .int(m.pkNumber)),
                CMPPField("Registered_Delivery", .int(m.registeredDelivery)),
                CMPPField("Msg_level", .int(m.messageLevel)),
                CMPPField("Service_Id", .string(m.serviceID)),
                CMPPField("Fee_UserType", .int(m.feeUserType)),
                CMPPField("Fee_terminal_Id", .string(m.feeTerminalID)),
                CMPPField("TP_pId", .int(m.tpPID)),
                CMPPField("TP_udhi", .int(m.tpUDHI)),
                CMPPField("Msg_Fmt", .int(m.messageFormat.rawValue)),
                CMPPField("Msg_src", .string(m.messageSource)),
                CMPPField("FeeType", .string(m.feeType)),
                CMPPField("FeeCode", .string(m.feeCode)),
                CMPPField("ValId_Time", .string(m.validityTime)),
                CMPPField("At_Time", .string(m.atTime)),
                CMPPField("Src_Id", .string(m.sourceID)),
                CMPPField("DestUsr_tl", .int(m.destinationTerminalIDs.count)),
                CMPPField("Dest_terminal_Id", .list(m.destinationTerminalIDs)),
            ] + CMPPField.content(m.content, text: try? m.text(), concatenation: try? m.concatenation())
                + [CMPPField("Reserve", .string(m.reserve))]
        case .submitResponse(let m):
            CMPPField.messageID(m.messageID) + [CMPPField("Result", .int(m.result.rawValue))]
        case .deliver(let m):
            CMPPField.messageID(m.messageID) + [
                CMPPField("Dest_Id", .string(m.destinationID)),
                CMPPField("Service_Id", .string(m.serviceID)),
                CMPPField("TP_pid", .int(m.tpPID)),
                CMPPField("TP_udhi", .int(m.tpUDHI)),
                CMPPField("Msg_Fmt", .int(m.messageFormat.rawValue)),
                CMPPField("Src_terminal_Id", .string(m.sourceTerminalID)),
                CMPPField("Registered_Delivery", .int(m.registeredDelivery)),
            ] + CMPPField.deliverContent(m) + [CMPPField("Reserved", .string(m.reserved))]
        case .deliverResponse(let m):
            CMPPField.messageID(m.messageID) + [CMPPField("Result", .int(m.result.rawValue))]
        case .query(let m):
            [
                CMPPField("Time", .string(m.time)),
                CMPPField("Query_Type", .int(m.queryType)),
                CMPPField("Query_Code", .string(m.queryCode)),
                CMPPField("Reserve", .string(m.reserve)),
            ]
        case .queryResponse(let m):
            [
                CMPPField("Time", .string(m.time)),
                CMPPField("Query_Type", .int(m.queryType)),
                CMPPField("Query_Code", .string(m.queryCode)),
                CMPPField("MT_TLMsg", .int(m.mtTotalMessages)),
                CMPPField("MT_Tlusr", .int(m.mtTotalUsers)),
                CMPPField("MT_Scs", .int(m.mtSucceeded)),
                CMPPField("MT_WT", .int(m.mtWaiting)),
                CMPPField("MT_FL", .int(m.mtFailed)),
                CMPPField("MO_Scs", .int(m.moSucceeded)),
                CMPPField("MO_WT", .int(m.moWaiting)),
                CMPPField("MO_FL", .int(m.moFailed)),
            ]
        case .cancel(let m):
            CMPPField.messageID(m.messageID)
        case .cancelResponse(let m):
            [CMPPField("Success_Id", .int(m.successID))]
        case .activeTestResponse(let m):
            m.reserved.map { [CMPPField("Reserved", .int($0))] } ?? []
        case .forward(let m):
            [
                CMPPField("Source_Id", .string(m.sourceID)),
                CMPPField("Destination_Id", .string(m.destinationID)),
                CMPPField("NodesCount", .int(m.nodesCount)),
                CMPPField("Msg_Fwd_Type", .int(m.forwardType.rawValue)),
            ] + CMPPField.messageID(m.messageID) + [
                CMPPField("Pk_total", .int(m.pkTotal)),
                CMPPField("Pk_number", .int(m.pkNumber)),
                CMPPField("Registered_Delivery", .int(m.registeredDelivery)),
                CMPPField("Msg_level", .int(m.messageLevel)),
                CMPPField("Service_Id", .string(m.serviceID)),
                CMPPField("Fee_UserType", .int(m.feeUserType)),
                CMPPField("Fee_terminal_Id", .string(m.feeTerminalID)),
                CMPPField("TP_pid", .int(m.tpPID)),
                CMPPField("TP_udhi", .int(m.tpUDHI)),
                CMPPField("Msg_Fmt", .int(m.messageFormat.rawValue)),
                CMPPField("Msg_src", .string(m.messageSource)),
                CMPPField("FeeType", .string(m.feeType)),
                CMPPField("FeeCode", .string(m.feeCode)),
                CMPPField("Valid_Time", .string(m.validTime)),
                CMPPField("At_Time", .string(m.atTime)),
                CMPPField("Src_Id", .string(m.sourceTerminalID)),
                CMPPField("DestUsr_tl", .int(m.destinationIDs.count)),
                CMPPField("Dest_Id", .list(m.destinationIDs)),
            ] + CMPPField.forwardContent(m) + [CMPPField("Reserve", .string(m.reserve))]
        case .forwardResponse(let m):
            CMPPField.messageID(m.messageID) + [
                CMPPField("Pk_total", .int(m.pkTotal)),
                CMPPField("Pk_number", .int(m.pkNumber)),
                CMPPField("Result", .int(m.result.rawValue)),
            ]
        case .mtRoute(let m):
            [CMPPField("Source_Id", .string(m.sourceID)), CMPPField("Terminal_Id", .string(m.terminalID))]
        case .mtRouteResponse(let m):
            CMPPField.gateway(m.gateway) + [
                CMPPField("Start_Id", .string(m.startID)),
                CMPPField("End_Id", .string(m.endID)),
                CMPPField("Area_code", .string(m.areaCode)),
                CMPPField("Result", .int(m.result.rawValue)),
            ]
        case .moRoute(let m):
            [
                CMPPField("Source_Id", .string(m.sourceID)),
                CMPPField("SP_Code", .string(m.spCode)),
                CMPPField("Service_Id", .string(m.serviceID)),
                CMPPField("Service_Code", .int(m.serviceCode)),
            ]
        case .moRouteResponse(let m):
            CMPPField.gateway(m.gateway) + [
                CMPPField("SP_Id", .string(m.spID)),
                CMPPField("Start_code", .int(m.startCode)),
                CMPPField("End_code", .int(m.endCode)),
                CMPPField("Result", .int(m.result.rawValue)),
            ]
        case .getRoute(let m):
            [
                CMPPField("Source_Id", .string(m.sourceID)),
                CMPPField("Route_type", .string(m.routeType)),
                CMPPField("Last_route_Id", .int(m.lastRouteID)),
            ]
        case .getRouteResponse(let m):
            CMPPField.gateway(m.gateway) + [
                CMPPField("SP_Code", .string(m.spCode)),
                CMPPField("Service_Id", .string(m.serviceID)),
                CMPPField("Start_code", .int(m.startCode)),
                CMPPField("End_code", .int(m.endCode)),
                CMPPField("Area_code", .string(m.areaCode)),
                CMPPField("Result", .int(m.result.rawValue)),
            ]
        case .mtRouteUpdate(let m), .pushMTRouteUpdate(let m):
            [CMPPField("Update_type", .int(m.updateType))] + CMPPField.gateway(m.gateway) + [
                CMPPField("Start_Id", .string(m.startID)),
                CMPPField("End_Id", .string(m.endID)),
                CMPPField("Area_code", .string(m.areaCode)),
            ]
        case .moRouteUpdate(let m), .pushMORouteUpdate(let m):
            [CMPPField("Update_type", .int(m.updateType))] + CMPPField.gateway(m.gateway) + [
                CMPPField("SP_Code", .string(m.spCode)),
                CMPPField("Service_Id", .string(m.serviceID)),
                CMPPField("Start_code", .int(m.startCode)),
                CMPPField("End_code", .int(m.endCode)),
            ]
        case .mtRouteUpdateResponse(let m), .moRouteUpdateResponse(let m), .pushMTRouteUpdateResponse(let m),
            .pushMORouteUpdateResponse(let m):
            [CMPPField("Result", .int(m.result))]
        }
    }
}

extension CMPPStatusReport {
    /// The report's fields under the spec's names (§7.4.5.1).
    public var fields: [CMPPField] {
        CMPPField.messageID(messageID) + [
            CMPPField("Stat", .string(stat.rawValue)),
            CMPPField("Submit_time", .string(submitTime)),
            CMPPField("Done_time", .string(doneTime)),
            CMPPField("Dest_terminal_Id", .string(destinationTerminalID)),
            CMPPField("SMSC_sequence", .int(smscSequence)),
        ]
    }
}

extension CMPPMOStatusReport {
    /// The report's fields under the spec's names (§7.5.4.1).
    public var fields: [CMPPField] {
        CMPPField.messageID(messageID) + [
            CMPPField("Stat", .string(stat.rawValue)),
            CMPPField("CMPP_DELIVER_time", .string(deliverTime)),
            CMPPField("CMPP_DELIVER_RESP_time", .string(deliverResponseTime)),
            CMPPField("Dest_Id", .string(destinationID)),
            CMPPField("Reserved", .int(reserved)),
        ]
    }
}

extension CMPPField {
    static func messageID(_ id: CMPPMessageID) -> [CMPPField] {
        let parts = id.parts
        return [
            CMPPField("Msg_Id", .string(id.description)),
            CMPPField(
                "Msg_Id_parts",
                .object([
                    CMPPField("month", .int(parts.month)),
                    CMPPField("day", .int(parts.day)),
                    CMPPField("hour", .int(parts.hour)),
                    CMPPField("minute", .int(parts.minute)),
                    CMPPField("second", .int(parts.second)),
                    CMPPField("gateway", .int(parts.gateway)),
                    CMPPField("sequence", .int(parts.sequence)),
                ])
            ),
        ]
    }

    static func gateway(_ gateway: CMPPRouteGateway) -> [CMPPField] {
        [
            CMPPField("Route_Id", .int(gateway.routeID)),
            CMPPField("Destination_Id", .string(gateway.destinationID)),
            CMPPField("Gateway_IP", .string(gateway.gatewayIP)),
            CMPPField("Gateway_port", .int(gateway.gatewayPort)),
        ]
    }

    static func content(_ bytes: ByteBuffer, text: String??, concatenation: SMSConcatenation??) -> [CMPPField] {
        var fields = [
            CMPPField("Msg_Length", .int(bytes.readableBytes)),
            CMPPField("Msg_Content", .bytes(Array(bytes.readableBytesView))),
        ]
        if case .some(.some(let concatenation)) = concatenation {
            fields.append(
                CMPPField(
                    "concatenation",
                    .object([
                        CMPPField("reference", .int(concatenation.reference)),
                        CMPPField("total", .int(concatenation.total)),
                        CMPPField("sequence", .int(concatenation.sequence)),
                    ])
                )
            )
        }
        if case .some(.some(let text)) = text {
            fields.append(CMPPField("text", .string(text)))
        }
        return fields
    }

    static func deliverContent(_ deliver: CMPPDeliver) -> [CMPPField] {
        switch deliver.content {
        case .message(let bytes):
            return content(bytes, text: try? deliver.text(), concatenation: try? deliver.concatenation())
        case .statusReport(let report):
            var bytes = ByteBuffer()
            _ = try? bytes.writeCMPPStatusReport(report)
            return content(bytes, text: nil, concatenation: nil) + [CMPPField("report", .object(report.fields))]
        }
    }

    static func forwardContent(_ forward: CMPPForward) -> [CMPPField] {
        var bytes = ByteBuffer()
        switch forward.content {
        case .message(let message):
            return content(message, text: try? forward.text(), concatenation: try? forward.concatenation())
        case .mtStatusReport(let report):
            _ = try? bytes.writeCMPPStatusReport(report)
            return content(bytes, text: nil, concatenation: nil) + [CMPPField("report", .object(report.fields))]
        case .moStatusReport(let report):
            _ = try? bytes.writeCMPPMOStatusReport(report)
            return content(bytes, text: nil, concatenation: nil) + [CMPPField("report", .object(report.fields))]
        }
    }
}
