import NIOCore

/// An error of the CMPP codec: a malformed frame, a field that does not fit, an unknown command.
///
/// Equality compares the ``code`` only, so tests can write `#expect(throws: CMPPError.frameTooShort)`-style
/// checks (the swift-asn1 `ASN1Error` convention). Decoding errors carry the offending ``frame`` and,
/// when the header could be read, its ``commandID`` and ``sequenceID``, so the frame can be reproduced and a
/// caller can still answer the request (e.g. with a Result of 2, "command word error").
///
/// The ``description`` names the code, field, command and location only: never message content, phone
/// numbers or authenticators.
public struct CMPPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error: an open set, so new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case frameTooShort
            case frameTooLong
            case truncated
            case trailingBytes
            case unknownCommand
            case invalidValue
            case fieldTooLong
            case unsupportedVersion
            case invalidText
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// Total_Length is below the 12-byte header (§7.3). The stream cannot be resynchronised.
        public static let frameTooShort = Code(.frameTooShort)
        /// Total_Length is above the decoder's maximum (``CMPPDefaults/maximumFrameLength``).
        public static let frameTooLong = Code(.frameTooLong)
        /// The body ends before its fields do, or the stream ended inside a frame.
        public static let truncated = Code(.truncated)
        /// The body has bytes left after its last field.
        public static let trailingBytes = Code(.trailingBytes)
        /// The Command_Id is not one of §7.7.1. The frame was consumed; the stream is still in sync.
        public static let unknownCommand = Code(.unknownCommand)
        /// A field holds a value the codec cannot represent (e.g. a status report of the wrong length).
        public static let invalidValue = Code(.invalidValue)
        /// A value is longer than its fixed-width field, or a count exceeds its limit, on encode.
        public static let fieldTooLong = Code(.fieldTooLong)
        /// The layout for this protocol version is not implemented (only 2.x is).
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// Msg_Content does not decode in its Msg_Fmt (odd-length UCS2, lone surrogate, bad GB18030…).
        public static let invalidText = Code(.invalidText)

        public var description: String {
            switch base {
            case .frameTooShort: "frame too short"
            case .frameTooLong: "frame too long"
            case .truncated: "truncated"
            case .trailingBytes: "trailing bytes"
            case .unknownCommand: "unknown command"
            case .invalidValue: "invalid value"
            case .fieldTooLong: "field too long"
            case .unsupportedVersion: "unsupported version"
            case .invalidText: "invalid text"
            }
        }
    }

    /// What kind of error this is; the only property compared by `==`.
    public var code: Code
    /// The spec's name of the field being read or written, e.g. `Dest_terminal_Id`.
    public var field: String?
    /// The raw Command_Id of the frame, when the header was read.
    public var commandID: UInt32?
    /// The Sequence_Id of the frame, when the header was read: lets a caller answer a bad request.
    public var sequenceID: CMPPSequenceID?
    /// The whole offending frame (header included), when decoding. Not part of ``description``.
    public var frame: ByteBuffer?
    /// A human-readable explanation, free of message content.
    public var reason: String
    /// Where in the codec the error was raised.
    public var file: String
    /// The line in ``file``.
    public var line: Int

    public init(
        _ code: Code,
        field: String? = nil,
        reason: String,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.field = field
        self.reason = reason
        self.file = file
        self.line = line
    }

    public static func == (lhs: CMPPError, rhs: CMPPError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        var text = "CMPPError.\(code)"
        if let field { text += " in \(field)" }
        if let commandID {
            let name = CMPPMessage.CommandID(rawValue: commandID)?.name ?? "0x" + String(commandID, radix: 16)
            text += " (\(name)"
            if let sequenceID { text += ", Sequence_Id \(sequenceID)" }
            text += ")"
        }
        text += ": \(reason)"
        if let frame { text += " [frame of \(frame.readableBytes) bytes]" }
        return text + " at \(file):\(line)"
    }

    /// This error with the frame's identity attached, as the frame decoder rethrows it.
    func attaching(frame: ByteBuffer, commandID: UInt32, sequenceID: CMPPSequenceID) -> CMPPError {
        var error = self
        error.frame = frame
        error.commandID = commandID
        error.sequenceID = sequenceID
        return error
    }

    // MARK: - Factories (cold paths)

    @inline(never)
    static func truncated(_ field: String, file: String = #fileID, line: Int = #line) -> CMPPError {
        CMPPError(.truncated, field: field, reason: "the body ends inside \(field)", file: file, line: line)
    }

    @inline(never)
    static func fieldTooLong(
        _ field: String,
        length: Int,
        limit: Int,
        file: String = #fileID,
        line: Int = #line
    ) -> CMPPError {
        CMPPError(
            .fieldTooLong,
            field: field,
            reason: "\(length) bytes do not fit in \(limit)",
            file: file,
            line: line
        )
    }

    @inline(never)
    static func invalidValue(_ field: String, _ reason: String, file: String = #fileID, line: Int = #line)
        -> CMPPError
    {
        CMPPError(.invalidValue, field: field, reason: reason, file: file, line: line)
    }

    @inline(never)
    static func unsupportedVersion(_ version: CMPPVersion, file: String = #fileID, line: Int = #line) -> CMPPError {
        CMPPError(
            .unsupportedVersion,
            reason: "only the CMPP 2.x layouts are implemented, not \(version)",
            file: file,
            line: line
        )
    }

    @inline(never)
    static func invalidText(_ reason: String, file: String = #fileID, line: Int = #line) -> CMPPError {
        CMPPError(.invalidText, field: "Msg_Content", reason: reason, file: file, line: line)
    }
}
