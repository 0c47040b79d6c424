import NIOCore

/// Splits a byte stream into ``CMPPFrame``s (§7.3): a `NIOSingleStepByteToMessageDecoder`, to be wrapped in
/// a `ByteToMessageHandler` or embedded through `NIOSingleStepByteToMessageProcessor`.
///
/// It waits for the 12-byte header, checks Total_Length against 12 and ``maximumFrameLength``, waits for the
/// whole frame, takes it off the buffer and only then decodes the body. So an error in the body (unknown
/// Command_Id, bad field, trailing bytes) leaves the stream positioned at the next frame: a caller that
/// embeds the decoder can answer the bad request — ``CMPPError/sequenceID`` says with which Sequence_Id —
/// and go on. A bad Total_Length cannot be resynchronised from and must close the connection.
///
/// Errors are ``CMPPError``s carrying the frame, its Command_Id and Sequence_Id.
public struct CMPPFrameDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = CMPPFrame

    /// The layouts to decode with.
    public var version: CMPPVersion
    /// The largest Total_Length accepted.
    public var maximumFrameLength: Int

    public init(version: CMPPVersion = .v2_0, maximumFrameLength: Int = CMPPDefaults.maximumFrameLength) {
        self.version = version
        self.maximumFrameLength = maximumFrameLength
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> CMPPFrame? {
        guard let (length, command, sequence) = buffer.withUnsafeReadableBytes({ raw -> (UInt32, UInt32, UInt32)? in
            guard raw.count >= CMPPDefaults.headerLength else { return nil }
            var reader = CMPPByteReader(raw)
            return (reader.readInteger(), reader.readInteger(), reader.readInteger())
        }) else { return nil }
        let sequenceID = CMPPSequenceID(rawValue: sequence)
        guard length >= CMPPDefaults.headerLength else {
            throw CMPPError(.frameTooShort, reason: "Total_Length \(length) is below the 12-byte header")
                .attaching(frame: buffer.getSlice(at: buffer.readerIndex, length: 12)!, commandID: command, sequenceID: sequenceID)
        }
        guard length <= maximumFrameLength else {
            throw CMPPError(.frameTooLong, reason: "Total_Length \(length) exceeds \(maximumFrameLength)")
                .attaching(frame: buffer.getSlice(at: buffer.readerIndex, length: 12)!, commandID: command, sequenceID: sequenceID)
        }
        guard let frame = buffer.readSlice(length: Int(length)) else { return nil }
        var body = frame
        body.moveReaderIndex(forwardBy: CMPPDefaults.headerLength)
        do {
            let message = try CMPPMessage.decode(commandID: command, body: &body, version: version)
            return CMPPFrame(sequenceID: sequenceID, message: message)
        } catch let error as CMPPError {
            throw error.attaching(frame: frame, commandID: command, sequenceID: sequenceID)
        }
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> CMPPFrame? {
        if let frame = try decode(buffer: &buffer) {
            return frame
        }
        guard buffer.readableBytes == 0 else {
            let bytes = buffer.readableBytes
            let partial = buffer.readSlice(length: bytes)!
            var error = CMPPError(.truncated, reason: "the stream ended \(bytes) bytes into a frame")
            error.frame = partial
            throw error
        }
        return nil
    }
}

/// Encodes ``CMPPFrame``s for a channel pipeline; see ``NIOCore/ByteBuffer/writeCMPPFrame(_:version:)``.
public struct CMPPFrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = CMPPFrame

    /// The layouts to encode with.
    public var version: CMPPVersion

    public init(version: CMPPVersion = .v2_0) {
        self.version = version
    }

    public func encode(data: CMPPFrame, out: inout ByteBuffer) throws {
        try out.writeCMPPFrame(data, version: version)
    }
}

extension CMPPFrame {
    /// Decodes exactly one frame from `bytes`, which must hold nothing else.
    /// - Throws: ``CMPPError``: the decoder's errors, ``CMPPError/Code/truncated`` if the frame is incomplete,
    ///   ``CMPPError/Code/trailingBytes`` if bytes follow it.
    public init(decoding bytes: ByteBuffer, version: CMPPVersion = .v2_0) throws {
        var buffer = bytes
        var decoder = CMPPFrameDecoder(version: version)
        guard let frame = try decoder.decode(buffer: &buffer) else {
            var error = CMPPError(.truncated, reason: "\(bytes.readableBytes) bytes hold no complete frame")
            error.frame = bytes
            throw error
        }
        guard buffer.readableBytes == 0 else {
            var error = CMPPError(.trailingBytes, reason: "\(buffer.readableBytes) bytes follow the frame")
            error.frame = bytes
            throw error
        }
        self = frame
    }
}
