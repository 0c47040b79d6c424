import NIOCore

/// CMPP_MO_ROUTE (§7.6.4.1): an ISMG asks the GNS which gateway serves an SP service code.
/// Body 41 bytes, total 53.
public struct CMPPMORoute: Hashable, Sendable {
    /// `Source_Id` (6): the asking gateway's code.
    public var sourceID: String
    /// `SP_Code` (21): the SP service code.
    public var spCode: String
    /// `Service_Id` (10): the requested service type.
    public var serviceID: String
    /// `Service_Code` (4): the requested service code; 0 when Service_Id is empty.
    public var serviceCode: UInt32

    public init(sourceID: String, spCode: String, serviceID: String = "", serviceCode: UInt32 = 0) {
        self.sourceID = sourceID
        self.spCode = spCode
        self.serviceID = serviceID
        self.serviceCode = serviceCode
    }
}

/// CMPP_MO_ROUTE_RESP (§7.6.4.2, 2.0 layout). Body 57 bytes, total 69.
public struct CMPPMORouteResponse: Hashable, Sendable {
    /// `Route_Id`, `Destination_Id`, `Gateway_IP`, `Gateway_port`.
    public var gateway: CMPPRouteGateway
    /// `SP_Id` (21): the SP enterprise code (21 bytes in 2.0; 6 in 3.0).
    public var spID: String
    /// `Start_code` (4): start of the MO route's service codes.
    public var startCode: UInt32
    /// `End_code` (4).
    public var endCode: UInt32
    /// `Result` (1).
    public var result: CMPPRouteResult

    public init(gateway: CMPPRouteGateway, spID: String, startCode: UInt32, endCode: UInt32, result: CMPPRouteResult) {
        self.gateway = gateway
        self.spID = spID
        self.startCode = startCode
        self.endCode = endCode
        self.result = result
    }
}

// MARK: - Decoding

extension ByteBuffer {
    /// Reads a CMPP_MO_ROUTE body; `nil`, consuming nothing, when the body is short.
    public mutating func readCMPPMORoute() throws -> CMPPMORoute? {
        self.cmppParseUnwindingIfNeeded { buffer in
            guard let sourceID = buffer.readCMPPOctetString(length: 6),
                let spCode = buffer.readCMPPOctetString(length: 21),
                let serviceID = buffer.readCMPPOctetString(length: 10),
                let serviceCode = buffer.readInteger(as: UInt32.self)
            else { return nil }
            return CMPPMORoute(sourceID: sourceID, spCode: spCode, serviceID: serviceID, serviceCode: serviceCode)
        }
    }

    /// Reads a CMPP_MO_ROUTE_RESP body (2.0 layout); `nil`, consuming nothing, when the body is short.
    public mutating func readCMPPMORouteResponse() throws -> CMPPMORouteResponse? {
        self.cmppParseUnwindingIfNeeded { buffer in
            guard let gateway = buffer.readCMPPRouteGateway(),
                let spID = buffer.readCMPPOctetString(length: 21),
                let (startCode, endCode, result) = buffer.readMultipleIntegers(as: (UInt32, UInt32, UInt8).self)
            else { return nil }
            return CMPPMORouteResponse(
                gateway: gateway,
                spID: spID,
                startCode: startCode,
                endCode: endCode,
                result: CMPPRouteResult(rawValue: result)
            )
        }
    }
}

// MARK: - Encoding

extension ByteBuffer {
    /// Writes a CMPP_MO_ROUTE body.
    @discardableResult
    public mutating func writeCMPPMORoute(_ route: CMPPMORoute) throws -> Int {
        try self.cmppWriteRollingBackOnError { buffer in
            try buffer.writeCMPPOctetString(route.sourceID, length: 6, field: "Source_Id")
            try buffer.writeCMPPOctetString(route.spCode, length: 21, field: "SP_Code")
            try buffer.writeCMPPOctetString(route.serviceID, length: 10, field: "Service_Id")
            buffer.writeInteger(route.serviceCode)
        }
    }

    /// Writes a CMPP_MO_ROUTE_RESP body (2.0 layout).
    @discardableResult
    public mutating func writeCMPPMORouteResponse(_ response: CMPPMORouteResponse) throws -> Int {
        try self.cmppWriteRollingBackOnError { buffer in
            try buffer.writeCMPPRouteGateway(response.gateway)
            try buffer.writeCMPPOctetString(response.spID, length: 21, field: "SP_Id")
            buffer.writeMultipleIntegers(response.startCode, response.endCode, response.result.rawValue)
        }
    }
}
