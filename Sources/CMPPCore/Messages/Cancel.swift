import NIOCore

/// CMPP_CANCEL (§7.4.6.1): the SP asks the gateway to delete a message it submitted. Total 20.
public struct CMPPCancel: Hashable, Sendable {
    /// `Msg_Id` (8): the id from the SUBMIT_RESP.
    public var messageID: CMPPMessageID

    public init(messageID: CMPPMessageID) {
        self.messageID = messageID
    }
}

/// CMPP_CANCEL_RESP (§7.4.6.2). Success_Id is one byte in 2.0, total 13.
///
/// SMSGate sends the 3.0 four-byte form (total 16) on 2.0 links too (fact sheet §11 #5); we accept that
/// body as well and remember its width, so it encodes back unchanged.
public struct CMPPCancelResponse: Hashable, Sendable {
    /// `Success_Id`: 0 success, 1 failure.
    public var successID: UInt32
    /// Whether Success_Id was (or is to be) sent in four bytes, the 3.0 width.
    public var isFourByteSuccessID: Bool

    public init(successID: UInt32, isFourByteSuccessID: Bool = false) {
        self.successID = successID
        self.isFourByteSuccessID = isFourByteSuccessID
    }

    /// Whether the cancel succeeded (Success_Id 0).
    public var succeeded: Bool { successID == 0 }
}

// MARK: - Decoding

extension ByteBuffer {
    /// Reads a CMPP_CANCEL body; `nil`, consuming nothing, when the body is short.
    public mutating func readCMPPCancel() throws -> CMPPCancel? {
        self.readInteger(as: UInt64.self).map { CMPPCancel(messageID: CMPPMessageID(rawValue: $0)) }
    }

    /// Reads a CMPP_CANCEL_RESP body that fills the readable bytes: one byte, or four as SMSGate sends
    /// (§11 #5); `nil` when the body is empty.
    public mutating func readCMPPCancelResponse() throws -> CMPPCancelResponse? {
        if self.readableBytes == 4 {
            return CMPPCancelResponse(successID: self.readInteger(as: UInt32.self)!, isFourByteSuccessID: true)
        }
        return self.readInteger(as: UInt8.self).map { CMPPCancelResponse(successID: UInt32($0)) }
    }
}

// MARK: - Encoding

extension ByteBuffer {
    /// Writes a CMPP_CANCEL body.
    @discardableResult
    public mutating func writeCMPPCancel(_ cancel: CMPPCancel) -> Int {
        writeInteger(cancel.messageID.rawValue)
    }

    /// Writes a CMPP_CANCEL_RESP body: one byte unless ``CMPPCancelResponse/isFourByteSuccessID``.
    @discardableResult
    public mutating func writeCMPPCancelResponse(_ response: CMPPCancelResponse) throws -> Int {
        if response.isFourByteSuccessID {
            return writeInteger(response.successID)
        }
        guard let byte = UInt8(exactly: response.successID) else {
            throw CMPPError.fieldTooLong("Success_Id", length: 4, limit: 1)
        }
        return writeInteger(byte)
    }
}
