import NIOCore

/// CMPP_MT_ROUTE (§7.6.3.1): an ISMG asks the GNS which gateway serves a handset number.
/// Body 27 bytes, total 39.
public struct CMPPMTRoute: Hashable, Sendable {
    /// `Source_Id` (6): the asking gateway's code.
    public var sourceID: String
    /// `Terminal_Id` (21): the handset number.
    public var terminalID: String

    public init(sourceID: String, terminalID: String) {
        self.sourceID = sourceID
        self.terminalID = terminalID
    }
}

/// CMPP_MT_ROUTE_RESP (§7.6.3.2, 2.0 layout). Body 44 bytes, total 56.
public struct CMPPMTRouteResponse: Hashable, Sendable {
    /// `Route_Id`, `Destination_Id`, `Gateway_IP`, `Gateway_port`.
    public var gateway: CMPPRouteGateway
    /// `Start_Id` (6): start of the handset number segment.
    public var startID: String
    /// `End_Id` (6): end of the segment.
    public var endID: String
    /// `Area_code` (4): the handset's province code.
    public var areaCode: String
    /// `Result` (1).
    public var result: CMPPRouteResult

    public init(gateway: CMPPRouteGateway, startID: String, endID: String, areaCode: String, result: CMPPRouteResult) {
        self.gateway = gateway
        self.startID = startID
        self.endID = endID
        self.areaCode = areaCode
        self.result = result
    }
}

// MARK: - Decoding

extension ByteBuffer {
    /// Reads a CMPP_MT_ROUTE body; `nil`, consuming nothing, when the body is short.
    public mutating func readCMPPMTRoute() throws -> CMPPMTRoute? {
        self.cmppParseUnwindingIfNeeded { buffer in
            guard let sourceID = buffer.readCMPPOctetString(length: 6),
                let terminalID = buffer.readCMPPOctetString(length: 21)
            else { return nil }
            return CMPPMTRoute(sourceID: sourceID, terminalID: terminalID)
        }
    }

    /// Reads a CMPP_MT_ROUTE_RESP body (2.0 layout); `nil`, consuming nothing, when the body is short.
    public mutating func readCMPPMTRouteResponse() throws -> CMPPMTRouteResponse? {
        self.cmppParseUnwindingIfNeeded { buffer in
            guard let gateway = buffer.readCMPPRouteGateway(),
                let startID = buffer.readCMPPOctetString(length: 6),
                let endID = buffer.readCMPPOctetString(length: 6),
                let areaCode = buffer.readCMPPOctetString(length: 4),
                let result = buffer.readInteger(as: UInt8.self)
            else { return nil }
            return CMPPMTRouteResponse(
                gateway: gateway,
                startID: startID,
                endID: endID,
                areaCode: areaCode,
                result: CMPPRouteResult(rawValue: result)
            )
        }
    }
}

// MARK: - Encoding

extension ByteBuffer {
    /// Writes a CMPP_MT_ROUTE body.
    @discardableResult
    public mutating func writeCMPPMTRoute(_ route: CMPPMTRoute) throws -> Int {
        try self.cmppWriteRollingBackOnError { buffer in
            try buffer.writeCMPPOctetString(route.sourceID, length: 6, field: "Source_Id")
            try buffer.writeCMPPOctetString(route.terminalID, length: 21, field: "Terminal_Id")
        }
    }

    /// Writes a CMPP_MT_ROUTE_RESP body (2.0 layout).
    @discardableResult
    public mutating func writeCMPPMTRouteResponse(_ response: CMPPMTRouteResponse) throws -> Int {
        try self.cmppWriteRollingBackOnError { buffer in
            try buffer.writeCMPPRouteGateway(response.gateway)
            try buffer.writeCMPPOctetString(response.startID, length: 6, field: "Start_Id")
            try buffer.writeCMPPOctetString(response.endID, length: 6, field: "End_Id")
            try buffer.writeCMPPOctetString(response.areaCode, length: 4, field: "Area_code")
            buffer.writeInteger(response.result.rawValue)
        }
    }
}
