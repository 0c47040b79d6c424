import NIOCore

/// The body of CMPP_MT_ROUTE_UPDATE (§7.6.6.1, ISMG→GNS) and CMPP_PUSH_MT_ROUTE_UPDATE (§7.6.8.1,
/// GNS→ISMG), which share the 2.0 layout: body 44 bytes, total 56. Answered by a
/// ``CMPPRouteUpdateResponse``.
public struct CMPPMTRouteUpdate: Hashable, Sendable {
    /// `Update_type` (1): 0 add, 1 delete, 2 update.
    public var updateType: UInt8
    /// `Route_Id`, `Destination_Id`, `Gateway_IP`, `Gateway_port`. Route_Id is 0 when adding.
    public var gateway: CMPPRouteGateway
    /// `Start_Id` (6).
    public var startID: String
    /// `End_Id` (6).
    public var endID: String
    /// `Area_code` (4).
    public var areaCode: String

    public init(updateType: UInt8, gateway: CMPPRouteGateway, startID: String, endID: String, areaCode: String) {
        self.updateType = updateType
        self.gateway = gateway
        self.startID = startID
        self.endID = endID
        self.areaCode = areaCode
    }
}

// MARK: - Decoding

extension ByteBuffer {
    /// Reads an MT route update body (2.0 layout); `nil`, consuming nothing, when the body is short.
    public mutating func readCMPPMTRouteUpdate() throws -> CMPPMTRouteUpdate? {
        self.cmppParseUnwindingIfNeeded { buffer in
            guard let updateType = buffer.readInteger(as: UInt8.self),
                let gateway = buffer.readCMPPRouteGateway(),
                let startID = buffer.readCMPPOctetString(length: 6),
                let endID = buffer.readCMPPOctetString(length: 6),
                let areaCode = buffer.readCMPPOctetString(length: 4)
            else { return nil }
            return CMPPMTRouteUpdate(
                updateType: updateType,
                gateway: gateway,
                startID: startID,
                endID: endID,
                areaCode: areaCode
            )
        }
    }
}

// MARK: - Encoding

extension ByteBuffer {
    /// Writes an MT route update body (2.0 layout).
    @discardableResult
    public mutating func writeCMPPMTRouteUpdate(_ update: CMPPMTRouteUpdate) throws -> Int {
        try self.cmppWriteRollingBackOnError { buffer in
            buffer.writeInteger(update.updateType)
            try buffer.writeCMPPRouteGateway(update.gateway)
            try buffer.writeCMPPOctetString(update.startID, length: 6, field: "Start_Id")
            try buffer.writeCMPPOctetString(update.endID, length: 6, field: "End_Id")
            try buffer.writeCMPPOctetString(update.areaCode, length: 4, field: "Area_code")
        }
    }
}
