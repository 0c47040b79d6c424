import NIOCore

/// CMPP_CONNECT (§7.4.1.1): the SP (or a gateway, §7.5.1; or an ISMG/GNS, §7.6.1) logs in.
///
/// ### Examples
/// ```
/// 00000027 00000001 00000017  393030303031  90d00c1d517abd0b4f65f6bcf8535d16  21  3cdc73be
/// Total    CONNECT  Seq       "900001"      AuthenticatorSource               Ver Timestamp 1021080510
/// ```
/// Body 27 bytes, total 39.
///
/// ## Related types
/// ``CMPPConnectResponse``, ``CMPPAuthentication``.
public struct CMPPConnect: Hashable, Sendable {
    /// `Source_Addr` (6): the SP_Id, or the source gateway / GNS code.
    public var sourceAddress: String
    /// `AuthenticatorSource` (16): see ``CMPPAuthentication/authenticatorSource(sourceAddress:secret:timestamp:padSourceAddress:)``.
    public var authenticatorSource: CMPPAuthenticator
    /// `Version` (1): the version the client wants.
    public var version: CMPPVersion
    /// `Timestamp` (4): `MMDDHHMMSS` as a decimal integer, the one hashed into ``authenticatorSource``.
    public var timestamp: CMPPTimestamp

    public init(
        sourceAddress: String,
        authenticatorSource: CMPPAuthenticator,
        version: CMPPVersion,
        timestamp: CMPPTimestamp
    ) {
        self.sourceAddress = sourceAddress
        self.authenticatorSource = authenticatorSource
        self.version = version
        self.timestamp = timestamp
    }

    /// A CONNECT authenticated with `secret`, its AuthenticatorSource computed from the other fields.
    public init(sourceAddress: String, secret: String, version: CMPPVersion = .v2_0, timestamp: CMPPTimestamp) {
        self.init(
            sourceAddress: sourceAddress,
            authenticatorSource: CMPPAuthentication.authenticatorSource(
                sourceAddress: sourceAddress,
                secret: secret,
                timestamp: timestamp
            ),
            version: version,
            timestamp: timestamp
        )
    }
}

/// CMPP_CONNECT_RESP (§7.4.1.2). Body 18 bytes on a 2.x link (Status is one byte), total 30.
public struct CMPPConnectResponse: Hashable, Sendable {
    /// `Status` (1).
    public var status: CMPPConnectStatus
    /// `AuthenticatorISMG` (16): see ``CMPPAuthentication/authenticatorISMG(status:authenticatorSource:secret:statusEncoding:)``;
    /// ``CMPPAuthenticator/empty`` when authentication failed.
    public var authenticatorISMG: CMPPAuthenticator
    /// `Version` (1): the highest version the server supports.
    public var version: CMPPVersion

    public init(status: CMPPConnectStatus, authenticatorISMG: CMPPAuthenticator, version: CMPPVersion) {
        self.status = status
        self.authenticatorISMG = authenticatorISMG
        self.version = version
    }
}

// MARK: - Decoding

extension ByteBuffer {
    /// Reads a CMPP_CONNECT body; `nil`, consuming nothing, when the body is short.
    public mutating func readCMPPConnect() throws -> CMPPConnect? {
        self.cmppParseUnwindingIfNeeded { buffer in
            guard let sourceAddress = buffer.readCMPPOctetString(length: 6),
                let authenticator = buffer.readCMPPAuthenticator(),
                let (version, timestamp) = buffer.readMultipleIntegers(as: (UInt8, UInt32).self)
            else { return nil }
            return CMPPConnect(
                sourceAddress: sourceAddress,
                authenticatorSource: authenticator,
                version: CMPPVersion(rawValue: version),
                timestamp: CMPPTimestamp(rawValue: timestamp)
            )
        }
    }

    /// Reads a CMPP_CONNECT_RESP body in the 2.x layout; `nil`, consuming nothing, when the body is short.
    public mutating func readCMPPConnectResponse() throws -> CMPPConnectResponse? {
        self.cmppParseUnwindingIfNeeded { buffer in
            guard let status = buffer.readInteger(as: UInt8.self),
                let authenticator = buffer.readCMPPAuthenticator(),
                let version = buffer.readInteger(as: UInt8.self)
            else { return nil }
            return CMPPConnectResponse(
                status: CMPPConnectStatus(rawValue: UInt32(status)),
                authenticatorISMG: authenticator,
                version: CMPPVersion(rawValue: version)
            )
        }
    }
}

// MARK: - Encoding

extension ByteBuffer {
    /// Writes a CMPP_CONNECT body.
    /// - Throws: ``CMPPError/Code/fieldTooLong`` when Source_Addr exceeds 6 bytes.
    @discardableResult
    public mutating func writeCMPPConnect(_ connect: CMPPConnect) throws -> Int {
        var written = try writeCMPPOctetString(connect.sourceAddress, length: 6, field: "Source_Addr")
        written += writeCMPPAuthenticator(connect.authenticatorSource)
        written += writeMultipleIntegers(connect.version.rawValue, connect.timestamp.rawValue)
        return written
    }

    /// Writes a CMPP_CONNECT_RESP body in the 2.x layout.
    /// - Throws: ``CMPPError/Code/fieldTooLong`` when Status does not fit its one byte.
    @discardableResult
    public mutating func writeCMPPConnectResponse(_ response: CMPPConnectResponse) throws -> Int {
        guard let status = UInt8(exactly: response.status.rawValue) else {
            throw CMPPError.fieldTooLong("Status", length: 4, limit: 1)
        }
        var written = writeInteger(status)
        written += writeCMPPAuthenticator(response.authenticatorISMG)
        written += writeInteger(response.version.rawValue)
        return written
    }
}
