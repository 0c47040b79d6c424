import NIOCore

/// CMPP_GET_ROUTE (§7.6.5.1; 3.0 renamed 0x12 GET_MT_ROUTE): an ISMG downloads the GNS's MO or MT routes
/// one at a time. Body 12 bytes, total 24.
///
/// The first request sends Last_route_Id −1; each next one the previous answer's Route_Id, until the
/// answer's Result is ``CMPPRouteResult/lastRoute``.
public struct CMPPGetRoute: Hashable, Sendable {
    /// `Source_Id` (6): the asking gateway's code.
    public var sourceID: String
    /// `Route_type` (2): `MO` or `MT`.
    public var routeType: String
    /// `Last_route_Id` (4, signed): −1 on the first request.
    public var lastRouteID: Int32

    public init(sourceID: String, routeType: String, lastRouteID: Int32 = -1) {
        self.sourceID = sourceID
        self.routeType = routeType
        self.lastRouteID = lastRouteID
    }
}

/// CMPP_GET_ROUTE_RESP (§7.6.5.2, 2.0 layout). Body 71 bytes, total 83.
public struct CMPPGetRouteResponse: Hashable, Sendable {
    /// `Route_Id`, `Destination_Id`, `Gateway_IP`, `Gateway_port`.
    public var gateway: CMPPRouteGateway
    /// `SP_Code` (21): empty for MT routes.
    public var spCode: String
    /// `Service_Id` (10).
    public var serviceID: String
    /// `Start_code` (4): MO: first service code; MT: start of the handset number segment.
    public var startCode: UInt32
    /// `End_code` (4).
    public var endCode: UInt32
    /// `Area_code` (4): empty for MO routes.
    public var areaCode: String
    /// `Result` (1).
    public var result: CMPPRouteResult

    public init(
        gateway: CMPPRouteGateway,
        spCode: String,
        serviceID: String,
        startCode: UInt32,
        endCode: UInt32,
        areaCode: String,
        result: CMPPRouteResult
    ) {
        self.gateway = gateway
        self.spCode = spCode
        self.serviceID = serviceID
        self.startCode = startCode
        self.endCode = endCode
        self.areaCode = areaCode
        self.result = result
    }
}

// MARK: - Decoding

extension ByteBuffer {
    /// Reads a CMPP_GET_ROUTE body (2.0 layout); `nil`, consuming nothing, when the body is short.
    public mutating func readCMPPGetRoute() throws -> CMPPGetRoute? {
        self.cmppParseUnwindingIfNeeded { buffer in
            guard let sourceID = buffer.readCMPPOctetString(length: 6),
                let routeType = buffer.readCMPPOctetString(length: 2),
                let lastRouteID = buffer.readInteger(as: Int32.self)
            else { return nil }
            return CMPPGetRoute(sourceID: sourceID, routeType: routeType, lastRouteID: lastRouteID)
        }
    }

    /// Reads a CMPP_GET_ROUTE_RESP body (2.0 layout); `nil`, consuming nothing, when the body is short.
    public mutating func readCMPPGetRouteResponse() throws -> CMPPGetRouteResponse? {
        self.cmppParseUnwindingIfNeeded { buffer in
            guard let gateway = buffer.readCMPPRouteGateway(),
                let spCode = buffer.readCMPPOctetString(length: 21),
                let serviceID = buffer.readCMPPOctetString(length: 10),
                let (startCode, endCode) = buffer.readMultipleIntegers(as: (UInt32, UInt32).self),
                let areaCode = buffer.readCMPPOctetString(length: 4),
                let result = buffer.readInteger(as: UInt8.self)
            else { return nil }
            return CMPPGetRouteResponse(
                gateway: gateway,
                spCode: spCode,
                serviceID: serviceID,
                startCode: startCode,
                endCode: endCode,
                areaCode: areaCode,
                result: CMPPRouteResult(rawValue: result)
            )
        }
    }
}

// MARK: - Encoding

extension ByteBuffer {
    /// Writes a CMPP_GET_ROUTE body (2.0 layout).
    @discardableResult
    public mutating func writeCMPPGetRoute(_ request: CMPPGetRoute) throws -> Int {
        try self.cmppWriteRollingBackOnError { buffer in
            try buffer.writeCMPPOctetString(request.sourceID, length: 6, field: "Source_Id")
            try buffer.writeCMPPOctetString(request.routeType, length: 2, field: "Route_type")
            buffer.writeInteger(request.lastRouteID)
        }
    }

    /// Writes a CMPP_GET_ROUTE_RESP body (2.0 layout).
    @discardableResult
    public mutating func writeCMPPGetRouteResponse(_ response: CMPPGetRouteResponse) throws -> Int {
        try self.cmppWriteRollingBackOnError { buffer in
            try buffer.writeCMPPRouteGateway(response.gateway)
            try buffer.writeCMPPOctetString(response.spCode, length: 21, field: "SP_Code")
            try buffer.writeCMPPOctetString(response.serviceID, length: 10, field: "Service_Id")
            buffer.writeMultipleIntegers(response.startCode, response.endCode)
            try buffer.writeCMPPOctetString(response.areaCode, length: 4, field: "Area_code")
            buffer.writeInteger(response.result.rawValue)
        }
    }
}
