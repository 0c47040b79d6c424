import NIOCore

/// CMPP_QUERY (§7.4.4.1): the SP asks for a day's service statistics (not a per-message status).
/// Body 27 bytes, total 39.
public struct CMPPQuery: Hashable, Sendable {
    /// `Time` (8): the day, `YYYYMMDD`.
    public var time: String
    /// `Query_Type` (1): 0 totals, 1 by service type.
    public var queryType: UInt8
    /// `Query_Code` (10): the Service_Id when Query_Type is 1.
    public var queryCode: String
    /// `Reserve` (8).
    public var reserve: String

    public init(time: String, queryType: UInt8, queryCode: String = "", reserve: String = "") {
        self.time = time
        self.queryType = queryType
        self.queryCode = queryCode
        self.reserve = reserve
    }
}

/// CMPP_QUERY_RESP (§7.4.4.2). Body 51 bytes, total 63.
public struct CMPPQueryResponse: Hashable, Sendable {
    /// `Time` (8).
    public var time: String
    /// `Query_Type` (1).
    public var queryType: UInt8
    /// `Query_Code` (10).
    public var queryCode: String
    /// `MT_TLMsg` (4): messages received from the SP.
    public var mtTotalMessages: UInt32
    /// `MT_Tlusr` (4): users received from the SP.
    public var mtTotalUsers: UInt32
    /// `MT_Scs` (4): forwarded successfully.
    public var mtSucceeded: UInt32
    /// `MT_WT` (4): waiting to be forwarded.
    public var mtWaiting: UInt32
    /// `MT_FL` (4): forwarding failed.
    public var mtFailed: UInt32
    /// `MO_Scs` (4): delivered to the SP.
    public var moSucceeded: UInt32
    /// `MO_WT` (4): waiting for delivery to the SP.
    public var moWaiting: UInt32
    /// `MO_FL` (4): delivery to the SP failed.
    public var moFailed: UInt32

    public init(
        time: String,
        queryType: UInt8,
        queryCode: String,
        mtTotalMessages: UInt32,
        mtTotalUsers: UInt32,
        mtSucceeded: UInt32,
        mtWaiting: UInt32,
        mtFailed: UInt32,
        moSucceeded: UInt32,
        moWaiting: UInt32,
        moFailed: UInt32
    ) {
        self.time = time
        self.queryType = queryType
        self.queryCode = queryCode
        self.mtTotalMessages = mtTotalMessages
        self.mtTotalUsers = mtTotalUsers
        self.mtSucceeded = mtSucceeded
        self.mtWaiting = mtWaiting
        self.mtFailed = mtFailed
        self.moSucceeded = moSucceeded
        self.moWaiting = moWaiting
        self.moFailed = moFailed
    }
}

// MARK: - Decoding

extension ByteBuffer {
    /// Reads a CMPP_QUERY body; `nil`, consuming nothing, when the body is short.
    public mutating func readCMPPQuery() throws -> CMPPQuery? {
        self.cmppParseUnwindingIfNeeded { buffer in
            guard let time = buffer.readCMPPOctetString(length: 8),
                let queryType = buffer.readInteger(as: UInt8.self),
                let queryCode = buffer.readCMPPOctetString(length: 10),
                let reserve = buffer.readCMPPOctetString(length: 8)
            else { return nil }
            return CMPPQuery(time: time, queryType: queryType, queryCode: queryCode, reserve: reserve)
        }
    }

    /// Reads a CMPP_QUERY_RESP body; `nil`, consuming nothing, when the body is short.
    public mutating func readCMPPQueryResponse() throws -> CMPPQueryResponse? {
        self.cmppParseUnwindingIfNeeded { buffer in
            guard let time = buffer.readCMPPOctetString(length: 8),
                let queryType = buffer.readInteger(as: UInt8.self),
                let queryCode = buffer.readCMPPOctetString(length: 10),
                let (mtMessages, mtUsers, mtSucceeded, mtWaiting, mtFailed) = buffer.readMultipleIntegers(
                    as: (UInt32, UInt32, UInt32, UInt32, UInt32).self
                ),
                let (moSucceeded, moWaiting, moFailed) = buffer.readMultipleIntegers(as: (UInt32, UInt32, UInt32).self)
            else { return nil }
            return CMPPQueryResponse(
                time: time,
                queryType: queryType,
                queryCode: queryCode,
                mtTotalMessages: mtMessages,
                mtTotalUsers: mtUsers,
                mtSucceeded: mtSucceeded,
                mtWaiting: mtWaiting,
                mtFailed: mtFailed,
                moSucceeded: moSucceeded,
                moWaiting: moWaiting,
                moFailed: moFailed
            )
        }
    }
}

// MARK: - Encoding

extension ByteBuffer {
    /// Writes a CMPP_QUERY body.
    @discardableResult
    public mutating func writeCMPPQuery(_ query: CMPPQuery) throws -> Int {
        try self.cmppWriteRollingBackOnError { buffer in
            try buffer.writeCMPPOctetString(query.time, length: 8, field: "Time")
            buffer.writeInteger(query.queryType)
            try buffer.writeCMPPOctetString(query.queryCode, length: 10, field: "Query_Code")
            try buffer.writeCMPPOctetString(query.reserve, length: 8, field: "Reserve")
        }
    }

    /// Writes a CMPP_QUERY_RESP body.
    @discardableResult
    public mutating func writeCMPPQueryResponse(_ response: CMPPQueryResponse) throws -> Int {
        try self.cmppWriteRollingBackOnError { buffer in
            try buffer.writeCMPPOctetString(response.time, length: 8, field: "Time")
            buffer.writeInteger(response.queryType)
            try buffer.writeCMPPOctetString(response.queryCode, length: 10, field: "Query_Code")
            buffer.writeMultipleIntegers(
                response.mtTotalMessages,
                response.mtTotalUsers,
                response.mtSucceeded,
                response.mtWaiting,
                response.mtFailed,
                response.moSucceeded,
                response.moWaiting,
                response.moFailed
            )
        }
    }
}
