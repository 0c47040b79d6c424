import NIOCore

/// The `Result` of CMPP_MT_ROUTE_RESP, CMPP_MO_ROUTE_RESP and CMPP_GET_ROUTE_RESP in 2.0 (§7.6.3.2,
/// §7.6.4.2, §7.6.5.2): an open set.
public struct CMPPRouteResult: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public init(integerLiteral value: UInt8) {
        self.rawValue = value
    }

    /// 0: a route follows.
    public static let normal = CMPPRouteResult(rawValue: 0)
    /// 1: no matching route.
    public static let noMatchingRoute = CMPPRouteResult(rawValue: 1)
    /// 2: this is the last route ("这是最后1条路由"): GET_ROUTE iteration ends (2.0 only; 3.0 reuses 2).
    public static let lastRoute = CMPPRouteResult(rawValue: 2)

    public var description: String {
        switch rawValue {
        case 0: "normal"
        case 1: "no matching route"
        case 2: "last route"
        default: "route result \(rawValue)"
        }
    }
}

/// The one-byte `Result` body shared by CMPP_MT_ROUTE_UPDATE_RESP, CMPP_MO_ROUTE_UPDATE_RESP (§7.6.6.2,
/// §7.6.7.2: 0 data valid, awaiting verification; 1 data invalid) and CMPP_PUSH_MT/MO_ROUTE_UPDATE_RESP
/// (§7.6.8.2, §7.6.9.2: 0 changed; 1 change failed). Total 13 in 2.0.
public struct CMPPRouteUpdateResponse: Hashable, Sendable {
    /// `Result` (1): 0 accepted, 1 rejected.
    public var result: UInt8

    public init(result: UInt8) {
        self.result = result
    }

    /// Whether the update was accepted (Result 0).
    public var accepted: Bool { result == 0 }
}

/// The gateway a route leads to: the fields every 2.0 route response and update begins with.
public struct CMPPRouteGateway: Hashable, Sendable {
    /// `Route_Id` (4): numbered from 0 by the GNS.
    public var routeID: UInt32
    /// `Destination_Id` (6): the target gateway code.
    public var destinationID: String
    /// `Gateway_IP` (15): dotted IPv4, left-aligned.
    public var gatewayIP: String
    /// `Gateway_port` (2): 7890 or 7900.
    public var gatewayPort: UInt16

    public init(routeID: UInt32, destinationID: String, gatewayIP: String, gatewayPort: UInt16) {
        self.routeID = routeID
        self.destinationID = destinationID
        self.gatewayIP = gatewayIP
        self.gatewayPort = gatewayPort
    }
}

extension ByteBuffer {
    /// Reads Route_Id, Destination_Id, Gateway_IP and Gateway_port; `nil` when short (caller unwinds).
    mutating func readCMPPRouteGateway() -> CMPPRouteGateway? {
        guard let routeID = readInteger(as: UInt32.self),
            let destinationID = readCMPPOctetString(length: 6),
            let gatewayIP = readCMPPOctetString(length: 15),
            let gatewayPort = readInteger(as: UInt16.self)
        else { return nil }
        return CMPPRouteGateway(routeID: routeID, destinationID: destinationID, gatewayIP: gatewayIP, gatewayPort: gatewayPort)
    }

    /// Writes Route_Id, Destination_Id, Gateway_IP and Gateway_port.
    mutating func writeCMPPRouteGateway(_ gateway: CMPPRouteGateway) throws {
        writeInteger(gateway.routeID)
        try writeCMPPOctetString(gateway.destinationID, length: 6, field: "Destination_Id")
        try writeCMPPOctetString(gateway.gatewayIP, length: 15, field: "Gateway_IP")
        writeInteger(gateway.gatewayPort)
    }

    /// Reads a route update response body; `nil` when empty.
    public mutating func readCMPPRouteUpdateResponse() throws -> CMPPRouteUpdateResponse? {
        readInteger(as: UInt8.self).map(CMPPRouteUpdateResponse.init(result:))
    }

    /// Writes a route update response body.
    @discardableResult
    public mutating func writeCMPPRouteUpdateResponse(_ response: CMPPRouteUpdateResponse) -> Int {
        writeInteger(response.result)
    }
}
