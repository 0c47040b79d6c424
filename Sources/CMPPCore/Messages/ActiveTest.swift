import NIOCore

/// CMPP_ACTIVE_TEST_RESP (§7.4.7.2): the answer to a link test. The request, CMPP_ACTIVE_TEST, has no body
/// and is ``CMPPMessage/activeTest``.
///
/// The body is one `Reserved` byte (total 13). A Gansu test gateway sends the response without it
/// (total 12); SMSGate tolerates that and so do we (fact sheet §11 #6): ``reserved`` is then `nil`, and
/// encodes back to an empty body.
public struct CMPPActiveTestResponse: Hashable, Sendable {
    /// `Reserved` (1), or `nil` when the peer left it out.
    public var reserved: UInt8?

    public init(reserved: UInt8? = 0) {
        self.reserved = reserved
    }
}

// MARK: - Decoding

extension ByteBuffer {
    /// Reads a CMPP_ACTIVE_TEST_RESP body that fills the readable bytes; an empty body is accepted (§11 #6).
    public mutating func readCMPPActiveTestResponse() throws -> CMPPActiveTestResponse? {
        CMPPActiveTestResponse(reserved: self.readInteger(as: UInt8.self))
    }
}

// MARK: - Encoding

extension ByteBuffer {
    /// Writes a CMPP_ACTIVE_TEST_RESP body.
    @discardableResult
    public mutating func writeCMPPActiveTestResponse(_ response: CMPPActiveTestResponse) -> Int {
        response.reserved.map { writeInteger($0) } ?? 0
    }
}
