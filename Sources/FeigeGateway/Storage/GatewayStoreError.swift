import CMPPCore

/// An error of a ``GatewayStore``.
///
/// Equality compares the ``code`` only. The ``description`` names the code, the Msg_Id or account
/// concerned and the source location: never message content or phone numbers.
public struct GatewayStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error: an open set.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case closed
            case duplicateMessageID
            case unknownMessage
            case invalidTransition
            case invalidArgument
            case corruptRecord
            case database
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The store was closed; nothing more is accepted.
        public static let closed = Code(.closed)
        /// A message, MO or outbox entry with this Msg_Id is already stored.
        public static let duplicateMessageID = Code(.duplicateMessageID)
        /// No stored message or recipient has this key.
        public static let unknownMessage = Code(.unknownMessage)
        /// The state asked for cannot follow (e.g. an outcome that is not final).
        public static let invalidTransition = Code(.invalidTransition)
        /// An argument is out of range (a day that is not `YYYYMMDD`, a negative limit, …).
        public static let invalidArgument = Code(.invalidArgument)
        /// A stored row cannot be read back (e.g. an outbox DELIVER that no longer decodes).
        public static let corruptRecord = Code(.corruptRecord)
        /// The database failed (I/O error, disk full, …); ``GatewayStoreError/underlying`` has its error.
        public static let database = Code(.database)

        public var description: String {
            switch base {
            case .closed: "store closed"
            case .duplicateMessageID: "duplicate Msg_Id"
            case .unknownMessage: "unknown message"
            case .invalidTransition: "invalid transition"
            case .invalidArgument: "invalid argument"
            case .corruptRecord: "corrupt record"
            case .database: "database error"
            }
        }
    }

    /// What kind of error this is; the only property compared by `==`.
    public var code: Code
    /// What went wrong, free of message content and phone numbers.
    public var reason: String
    /// The database's own error, for ``Code/database``.
    public var underlying: (any Error)?
    /// Where the error was raised.
    public var file: String
    public var line: Int

    public init(
        _ code: Code,
        reason: String,
        underlying: (any Error)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.reason = reason
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    public static func == (lhs: GatewayStoreError, rhs: GatewayStoreError) -> Bool {
        lhs.code == rhs.code
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
    }

    public var description: String {
        var text = "GatewayStoreError.\(code): \(reason)"
        if let underlying {
            text += " (\(underlying))"
        }
        return text + " [\(file):\(line)]"
    }

    // MARK: - Factories

    @inline(never)
    static func closed(file: String = #fileID, line: Int = #line) -> GatewayStoreError {
        GatewayStoreError(.closed, reason: "the store is closed", file: file, line: line)
    }

    @inline(never)
    static func duplicateMessageID(_ id: CMPPMessageID, file: String = #fileID, line: Int = #line)
        -> GatewayStoreError
    {
        GatewayStoreError(.duplicateMessageID, reason: "Msg_Id \(id) is already stored", file: file, line: line)
    }

    @inline(never)
    static func unknownMessage(_ what: String, file: String = #fileID, line: Int = #line) -> GatewayStoreError {
        GatewayStoreError(.unknownMessage, reason: "no stored \(what)", file: file, line: line)
    }

    @inline(never)
    static func invalidTransition(_ reason: String, file: String = #fileID, line: Int = #line) -> GatewayStoreError {
        GatewayStoreError(.invalidTransition, reason: reason, file: file, line: line)
    }

    @inline(never)
    static func invalidArgument(_ reason: String, file: String = #fileID, line: Int = #line) -> GatewayStoreError {
        GatewayStoreError(.invalidArgument, reason: reason, file: file, line: line)
    }

    @inline(never)
    static func corruptRecord(_ reason: String, file: String = #fileID, line: Int = #line) -> GatewayStoreError {
        GatewayStoreError(.corruptRecord, reason: reason, file: file, line: line)
    }

    @inline(never)
    static func database(_ error: any Error, file: String = #fileID, line: Int = #line)
        -> GatewayStoreError
    {
        GatewayStoreError(.database, reason: "the database failed", underlying: error, file: file, line: line)
    }
}
