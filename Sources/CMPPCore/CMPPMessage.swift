import NIOCore

/// Every CMPP 2.0 message, one case per Command_Id (§7.7.1).
///
/// Messages with no body (CMPP_TERMINATE, its response, CMPP_ACTIVE_TEST) have no payload. The route
/// update requests and their PUSH counterparts share a payload type because they share a layout.
///
/// ## Related types
/// ``CMPPFrame`` adds the Sequence_Id; ``CMPPFrameDecoder`` and ``NIOCore/ByteBuffer/writeCMPPFrame(_:version:)``
/// put frames on and off the wire.
public enum CMPPMessage: Hashable, Sendable {
    // Every payload larger than two words is boxed (`indirect`), so a message is at most two words and a tag:
    // it moves through frames, the session's window and its actions, `NIOAny` and continuations as a small
    // value or one reference, never as the ~150 bytes of the largest (route) payload. The hot small ones
    // (SUBMIT_RESP, DELIVER_RESP) stay inline.
    indirect case connect(CMPPConnect)
    indirect case connectResponse(CMPPConnectResponse)
    case terminate
    case terminateResponse
    /// Boxed, as are ``deliver(_:)`` and ``forward(_:)``, the large payloads: a message then moves and
    /// copies as one reference (decoder to frame to caller, into `NIOAny`) instead of field by field.
    indirect case submit(CMPPSubmit)
    case submitResponse(CMPPSubmitResponse)
    indirect case deliver(CMPPDeliver)
    case deliverResponse(CMPPDeliverResponse)
    indirect case query(CMPPQuery)
    indirect case queryResponse(CMPPQueryResponse)
    case cancel(CMPPCancel)
    case cancelResponse(CMPPCancelResponse)
    case activeTest
    case activeTestResponse(CMPPActiveTestResponse)
    /// Boxed, like ``submit(_:)`` and ``deliver(_:)``: the payload is large and rare (ISMG to ISMG).
    indirect case forward(CMPPForward)
    case forwardResponse(CMPPForwardResponse)
    indirect case mtRoute(CMPPMTRoute)
    indirect case mtRouteResponse(CMPPMTRouteResponse)
    indirect case moRoute(CMPPMORoute)
    indirect case moRouteResponse(CMPPMORouteResponse)
    indirect case getRoute(CMPPGetRoute)
    indirect case getRouteResponse(CMPPGetRouteResponse)
    indirect case mtRouteUpdate(CMPPMTRouteUpdate)
    case mtRouteUpdateResponse(CMPPRouteUpdateResponse)
    indirect case moRouteUpdate(CMPPMORouteUpdate)
    case moRouteUpdateResponse(CMPPRouteUpdateResponse)
    indirect case pushMTRouteUpdate(CMPPMTRouteUpdate)
    case pushMTRouteUpdateResponse(CMPPRouteUpdateResponse)
    indirect case pushMORouteUpdate(CMPPMORouteUpdate)
    case pushMORouteUpdateResponse(CMPPRouteUpdateResponse)

    /// The Command_Id values of §7.7.1. A response is its request's value with the high bit set.
    public enum CommandID: UInt32, Hashable, Sendable, CaseIterable {
        /// 0x00000001 请求连接
        case connect = 0x0000_0001
        /// 0x80000001 请求连接应答
        case connectResponse = 0x8000_0001
        /// 0x00000002 终止连接
        case terminate = 0x0000_0002
        /// 0x80000002 终止连接应答
        case terminateResponse = 0x8000_0002
        /// 0x00000004 提交短信
        case submit = 0x0000_0004
        /// 0x80000004 提交短信应答
        case submitResponse = 0x8000_0004
        /// 0x00000005 短信下发
        case deliver = 0x0000_0005
        /// 0x80000005 下发短信应答
        case deliverResponse = 0x8000_0005
        /// 0x00000006 发送短信状态查询
        case query = 0x0000_0006
        /// 0x80000006 发送短信状态查询应答
        case queryResponse = 0x8000_0006
        /// 0x00000007 删除短信
        case cancel = 0x0000_0007
        /// 0x80000007 删除短信应答
        case cancelResponse = 0x8000_0007
        /// 0x00000008 激活测试
        case activeTest = 0x0000_0008
        /// 0x80000008 激活测试应答
        case activeTestResponse = 0x8000_0008
        /// 0x00000009 消息前转
        case forward = 0x0000_0009
        /// 0x80000009 消息前转应答
        case forwardResponse = 0x8000_0009
        /// 0x00000010 MT路由请求
        case mtRoute = 0x0000_0010
        /// 0x80000010 MT路由请求应答
        case mtRouteResponse = 0x8000_0010
        /// 0x00000011 MO路由请求
        case moRoute = 0x0000_0011
        /// 0x80000011 MO路由请求应答
        case moRouteResponse = 0x8000_0011
        /// 0x00000012 获取路由请求 (3.0: GET_MT_ROUTE)
        case getRoute = 0x0000_0012
        /// 0x80000012 获取路由请求应答
        case getRouteResponse = 0x8000_0012
        /// 0x00000013 MT路由更新
        case mtRouteUpdate = 0x0000_0013
        /// 0x80000013 MT路由更新应答
        case mtRouteUpdateResponse = 0x8000_0013
        /// 0x00000014 MO路由更新
        case moRouteUpdate = 0x0000_0014
        /// 0x80000014 MO路由更新应答
        case moRouteUpdateResponse = 0x8000_0014
        /// 0x00000015 MT路由更新 (GNS→ISMG)
        case pushMTRouteUpdate = 0x0000_0015
        /// 0x80000015 MT路由更新应答
        case pushMTRouteUpdateResponse = 0x8000_0015
        /// 0x00000016 MO路由更新 (GNS→ISMG)
        case pushMORouteUpdate = 0x0000_0016
        /// 0x80000016 MO路由更新应答
        case pushMORouteUpdateResponse = 0x8000_0016

        /// The bit that marks a response (§7.7.1).
        public static let responseBit: UInt32 = 0x8000_0000

        /// Whether this is a response.
        public var isResponse: Bool { rawValue & Self.responseBit != 0 }

        /// The response to this request, or `nil` if this is a response.
        public var response: CommandID? { isResponse ? nil : CommandID(rawValue: rawValue | Self.responseBit) }

        /// The spec's name, e.g. `CMPP_SUBMIT_RESP`.
        public var name: String {
            let base: String
            switch CommandID(rawValue: rawValue & ~Self.responseBit)! {
            case .connect: base = "CMPP_CONNECT"
            case .terminate: base = "CMPP_TERMINATE"
            case .submit: base = "CMPP_SUBMIT"
            case .deliver: base = "CMPP_DELIVER"
            case .query: base = "CMPP_QUERY"
            case .cancel: base = "CMPP_CANCEL"
            case .activeTest: base = "CMPP_ACTIVE_TEST"
            case .forward: base = "CMPP_FWD"
            case .mtRoute: base = "CMPP_MT_ROUTE"
            case .moRoute: base = "CMPP_MO_ROUTE"
            case .getRoute: base = "CMPP_GET_ROUTE"
            case .mtRouteUpdate: base = "CMPP_MT_ROUTE_UPDATE"
            case .moRouteUpdate: base = "CMPP_MO_ROUTE_UPDATE"
            case .pushMTRouteUpdate: base = "CMPP_PUSH_MT_ROUTE_UPDATE"
            case .pushMORouteUpdate: base = "CMPP_PUSH_MO_ROUTE_UPDATE"
            default: base = "?"
            }
            return isResponse ? base + "_RESP" : base
        }
    }

    /// This message's Command_Id.
    public var commandID: CommandID {
        switch self {
        case .connect: .connect
        case .connectResponse: .connectResponse
        case .terminate: .terminate
        case .terminateResponse: .terminateResponse
        case .submit: .submit
        case .submitResponse: .submitResponse
        case .deliver: .deliver
        case .deliverResponse: .deliverResponse
        case .query: .query
        case .queryResponse: .queryResponse
        case .cancel: .cancel
        case .cancelResponse: .cancelResponse
        case .activeTest: .activeTest
        case .activeTestResponse: .activeTestResponse
        case .forward: .forward
        case .forwardResponse: .forwardResponse
        case .mtRoute: .mtRoute
        case .mtRouteResponse: .mtRouteResponse
        case .moRoute: .moRoute
        case .moRouteResponse: .moRouteResponse
        case .getRoute: .getRoute
        case .getRouteResponse: .getRouteResponse
        case .mtRouteUpdate: .mtRouteUpdate
        case .mtRouteUpdateResponse: .mtRouteUpdateResponse
        case .moRouteUpdate: .moRouteUpdate
        case .moRouteUpdateResponse: .moRouteUpdateResponse
        case .pushMTRouteUpdate: .pushMTRouteUpdate
        case .pushMTRouteUpdateResponse: .pushMTRouteUpdateResponse
        case .pushMORouteUpdate: .pushMORouteUpdate
        case .pushMORouteUpdateResponse: .pushMORouteUpdateResponse
        }
    }
}

// MARK: - Decoding

extension CMPPMessage {
    /// Decodes the body of a message with Command_Id `commandID`, requiring every byte of `body` to be
    /// consumed.
    ///
    /// - Throws: ``CMPPError/Code/unknownCommand`` for a Command_Id outside §7.7.1;
    ///   ``CMPPError/Code/truncated`` when the body is short; ``CMPPError/Code/trailingBytes`` when bytes
    ///   are left over; ``CMPPError/Code/unsupportedVersion`` for a version without 2.x layouts; field
    ///   errors from the message readers.
    public static func decode(commandID: UInt32, body: inout ByteBuffer, version: CMPPVersion = .v2_0) throws
        -> CMPPMessage
    {
        guard let command = CommandID(rawValue: commandID) else {
            throw CMPPError(.unknownCommand, reason: "Command_Id 0x\(String(commandID, radix: 16)) is not in §7.7.1")
        }
        guard version.uses2xLayouts else { throw CMPPError.unsupportedVersion(version) }
        let message: CMPPMessage? =
            if command.isResponse {
                try decodeResponse(command, from: &body)
            } else {
                try decodeRequest(command, from: &body)
            }
        guard let message else {
            throw CMPPError(.truncated, reason: "the body of \(command.name) is too short")
        }
        guard body.readableBytes == 0 else {
            throw CMPPError(
                .trailingBytes,
                reason: "\(body.readableBytes) bytes left after the body of \(command.name)"
            )
        }
        return message
    }

    @inline(__always)
    private static func decodeRequest(_ command: CommandID, from body: inout ByteBuffer) throws -> CMPPMessage? {
        switch command {
        case .connect: try body.readCMPPConnect().map(CMPPMessage.connect)
        case .terminate: .terminate
        case .submit: try body.readCMPPSubmit().map(CMPPMessage.submit)
        case .deliver: try body.readCMPPDeliver().map(CMPPMessage.deliver)
        case .query: try body.readCMPPQuery().map(CMPPMessage.query)
        case .cancel: try body.readCMPPCancel().map(CMPPMessage.cancel)
        case .activeTest: .activeTest
        case .forward: try body.readCMPPForward().map(CMPPMessage.forward)
        case .mtRoute: try body.readCMPPMTRoute().map(CMPPMessage.mtRoute)
        case .moRoute: try body.readCMPPMORoute().map(CMPPMessage.moRoute)
        case .getRoute: try body.readCMPPGetRoute().map(CMPPMessage.getRoute)
        case .mtRouteUpdate: try body.readCMPPMTRouteUpdate().map(CMPPMessage.mtRouteUpdate)
        case .moRouteUpdate: try body.readCMPPMORouteUpdate().map(CMPPMessage.moRouteUpdate)
        case .pushMTRouteUpdate: try body.readCMPPMTRouteUpdate().map(CMPPMessage.pushMTRouteUpdate)
        case .pushMORouteUpdate: try body.readCMPPMORouteUpdate().map(CMPPMessage.pushMORouteUpdate)
        default: preconditionFailure("\(command.name) is a response")
        }
    }

    @inline(__always)
    private static func decodeResponse(_ command: CommandID, from body: inout ByteBuffer) throws -> CMPPMessage? {
        switch command {
        case .connectResponse: try body.readCMPPConnectResponse().map(CMPPMessage.connectResponse)
        case .terminateResponse: .terminateResponse
        case .submitResponse: try body.readCMPPSubmitResponse().map(CMPPMessage.submitResponse)
        case .deliverResponse: try body.readCMPPDeliverResponse().map(CMPPMessage.deliverResponse)
        case .queryResponse: try body.readCMPPQueryResponse().map(CMPPMessage.queryResponse)
        case .cancelResponse: try body.readCMPPCancelResponse().map(CMPPMessage.cancelResponse)
        case .activeTestResponse: try body.readCMPPActiveTestResponse().map(CMPPMessage.activeTestResponse)
        case .forwardResponse: try body.readCMPPForwardResponse().map(CMPPMessage.forwardResponse)
        case .mtRouteResponse: try body.readCMPPMTRouteResponse().map(CMPPMessage.mtRouteResponse)
        case .moRouteResponse: try body.readCMPPMORouteResponse().map(CMPPMessage.moRouteResponse)
        case .getRouteResponse: try body.readCMPPGetRouteResponse().map(CMPPMessage.getRouteResponse)
        case .mtRouteUpdateResponse: try body.readCMPPRouteUpdateResponse().map(CMPPMessage.mtRouteUpdateResponse)
        case .moRouteUpdateResponse: try body.readCMPPRouteUpdateResponse().map(CMPPMessage.moRouteUpdateResponse)
        case .pushMTRouteUpdateResponse:
            try body.readCMPPRouteUpdateResponse().map(CMPPMessage.pushMTRouteUpdateResponse)
        case .pushMORouteUpdateResponse:
            try body.readCMPPRouteUpdateResponse().map(CMPPMessage.pushMORouteUpdateResponse)
        default: preconditionFailure("\(command.name) is a request")
        }
    }
}

// MARK: - Encoding

extension ByteBuffer {
    /// Writes the body of `message` in the layout of `version`.
    /// - Throws: ``CMPPError/Code/unsupportedVersion`` for a version without 2.x layouts; field errors.
    @discardableResult
    public mutating func writeCMPPMessageBody(_ message: CMPPMessage, version: CMPPVersion = .v2_0) throws -> Int {
        guard version.uses2xLayouts else { throw CMPPError.unsupportedVersion(version) }
        switch message {
        case .connect(let connect): return try writeCMPPConnect(connect)
        case .connectResponse(let response): return try writeCMPPConnectResponse(response)
        case .terminate, .terminateResponse, .activeTest: return 0
        case .submit(let submit): return try writeCMPPSubmit(submit)
        case .submitResponse(let response): return try writeCMPPSubmitResponse(response)
        case .deliver(let deliver): return try writeCMPPDeliver(deliver)
        case .deliverResponse(let response): return try writeCMPPDeliverResponse(response)
        case .query(let query): return try writeCMPPQuery(query)
        case .queryResponse(let response): return try writeCMPPQueryResponse(response)
        case .cancel(let cancel): return writeCMPPCancel(cancel)
        case .cancelResponse(let response): return try writeCMPPCancelResponse(response)
        case .activeTestResponse(let response): return writeCMPPActiveTestResponse(response)
        case .forward(let forward): return try writeCMPPForward(forward)
        case .forwardResponse(let response): return try writeCMPPForwardResponse(response)
        case .mtRoute(let route): return try writeCMPPMTRoute(route)
        case .mtRouteResponse(let response): return try writeCMPPMTRouteResponse(response)
        case .moRoute(let route): return try writeCMPPMORoute(route)
        case .moRouteResponse(let response): return try writeCMPPMORouteResponse(response)
        case .getRoute(let request): return try writeCMPPGetRoute(request)
        case .getRouteResponse(let response): return try writeCMPPGetRouteResponse(response)
        case .mtRouteUpdate(let update), .pushMTRouteUpdate(let update): return try writeCMPPMTRouteUpdate(update)
        case .moRouteUpdate(let update), .pushMORouteUpdate(let update): return try writeCMPPMORouteUpdate(update)
        case .mtRouteUpdateResponse(let response), .moRouteUpdateResponse(let response),
            .pushMTRouteUpdateResponse(let response), .pushMORouteUpdateResponse(let response):
            return writeCMPPRouteUpdateResponse(response)
        }
    }
}
