import NIOCore

/// One CMPP message with its header's Sequence_Id (§7.3): what goes over the wire.
///
/// Total_Length and Command_Id follow from the message, so only the Sequence_Id is stored.
public struct CMPPFrame: Hashable, Sendable {
    /// `Sequence_Id`: a response carries its request's value.
    public var sequenceID: CMPPSequenceID
    /// The message.
    public var message: CMPPMessage

    public init(sequenceID: CMPPSequenceID, message: CMPPMessage) {
        self.sequenceID = sequenceID
        self.message = message
    }
}

/// The 12-byte message header (§7.3).
public struct CMPPHeader: Hashable, Sendable {
    /// `Total_Length`: header and body.
    public var totalLength: UInt32
    /// `Command_Id`, raw: it may be one we do not know.
    public var commandID: UInt32
    /// `Sequence_Id`.
    public var sequenceID: CMPPSequenceID

    public init(totalLength: UInt32, commandID: UInt32, sequenceID: CMPPSequenceID) {
        self.totalLength = totalLength
        self.commandID = commandID
        self.sequenceID = sequenceID
    }
}

extension ByteBuffer {
    /// Reads a header; `nil`, consuming nothing, when fewer than 12 bytes are readable.
    public mutating func readCMPPHeader() -> CMPPHeader? {
        guard let (length, command, sequence) = readMultipleIntegers(as: (UInt32, UInt32, UInt32).self) else {
            return nil
        }
        return CMPPHeader(totalLength: length, commandID: command, sequenceID: CMPPSequenceID(rawValue: sequence))
    }

    /// Writes a whole frame: the header with a Total_Length placeholder, the body, then the patched length
    /// (STYLE C.6). Nothing is written if encoding fails.
    ///
    /// - Returns: the number of bytes written, which is the frame's Total_Length.
    /// - Throws: ``CMPPError`` when a field does not fit or `version` has no 2.x layouts.
    @discardableResult
    public mutating func writeCMPPFrame(_ frame: CMPPFrame, version: CMPPVersion = .v2_0) throws -> Int {
        let start = writerIndex
        let command = frame.message.commandID.rawValue
        // Raw writes: each ByteBuffer integer call costs an exclusivity check and a bounds check.
        writeWithUnsafeMutableBytes(minimumWritableBytes: CMPPDefaults.headerLength) { raw in
            var writer = CMPPByteWriter(raw, length: CMPPDefaults.headerLength)
            writer.writeInteger(UInt32(0))
            writer.writeInteger(command)
            writer.writeInteger(frame.sequenceID.rawValue)
            return CMPPDefaults.headerLength
        }
        do {
            try writeCMPPMessageBody(frame.message, version: version)
        } catch {
            moveWriterIndex(to: start)
            throw error
        }
        let length = writerIndex - start
        let lengthOffset = start - readerIndex
        withUnsafeMutableReadableBytes { raw in
            raw.storeBytes(of: UInt32(length).bigEndian, toByteOffset: lengthOffset, as: UInt32.self)
        }
        return length
    }
}
