import NIOCore

/// The body of CMPP_MO_ROUTE_UPDATE (§7.6.7.1, ISMG→GNS) and CMPP_PUSH_MO_ROUTE_UPDATE (§7.6.9.1,
/// GNS→ISMG), which share the 2.0 layout: body 67 bytes, total 79. Answered by a
/// ``CMPPRouteUpdateResponse``.
public struct CMPPMORouteUpdate: Hashable, Sendable {
    /// `Update_type` (1): 0 add, 1 delete, 2 update.
    public var updateType: UInt8
    /// `Route_Id`, `Destination_Id`, `Gateway_IP`, `Gateway_port`.
    public var gateway: CMPPRouteGateway
    /// `SP_Code` (21): the SP service number.
    public var spCode: String
    /// `Service_Id` (10): empty if the route has no such service.
    public var serviceID: String
    /// `Start_code` (4).
    public var startCode: UInt32
    /// `End_code` (4).
    public var endCode: UInt32

    public init(
        updateType: UInt8,
        gateway: CMPPRouteGateway,
        spCode: String,
        serviceID: String,
        startCode: UInt32,
        endCode: UInt32
    ) {
        self.updateType = updateType
        self.gateway = gateway
        self.spCode = spCode
        self.serviceID = serviceID
        self.startCode = startCode
        self.endCode = endCode
    }
}

// MARK: - Decoding

extension ByteBuffer {
    /// Reads an MO route update body (2.0 layout); `nil`, consuming nothing, when the body is short.
    public mutating func readCMPPMORouteUpdate() throws -> CMPPMORouteUpdate? {
        self.cmppParseUnwindingIfNeeded { buffer in
            guard let updateType = buffer.readInteger(as: UInt8.self),
                let gateway = buffer.readCMPPRouteGateway(),
                let spCode = buffer.readCMPPOctetString(length: 21),
                let serviceID = buffer.readCMPPOctetString(length: 10),
                let (startCode, endCode) = buffer.readMultipleIntegers(as: (UInt32, UInt32).self)
            else { return nil }
            return CMPPMORouteUpdate(
                updateType: updateType,
                gateway: gateway,
                spCode: spCode,
                serviceID: serviceID,
                startCode: startCode,
                endCode: endCode
            )
        }
    }
}

// MARK: - Encoding

extension ByteBuffer {
    /// Writes an MO route update body (2.0 layout).
    @discardableResult
    public mutating func writeCMPPMORouteUpdate(_ update: CMPPMORouteUpdate) throws -> Int {
        try self.cmppWriteRollingBackOnError { buffer in
            buffer.writeInteger(update.updateType)
            try buffer.writeCMPPRouteGateway(update.gateway)
            try buffer.writeCMPPOctetString(update.spCode, length: 21, field: "SP_Code")
            try buffer.writeCMPPOctetString(update.serviceID, length: 10, field: "Service_Id")
            buffer.writeMultipleIntegers(update.startCode, update.endCode)
        }
    }
}
