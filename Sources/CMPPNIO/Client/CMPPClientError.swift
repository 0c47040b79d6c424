import CMPPCore

/// Why a ``CMPPClient`` request failed before a response came back.
///
/// A response with a non-zero Result (SUBMIT_RESP Result 8, say) is not an error: it is returned. This error
/// means the request got no answer: no link could be had, the link was lost under it, the client is shutting
/// down, or the message could not be built. ``underlying`` keeps the session or socket error behind it
/// (a ``CMPPSessionError`` with the CONNECT_RESP Status for a refused login).
///
/// Equality compares the ``code`` only, so a test can write `#expect(throws: CMPPClientError.noReadyLink)`.
/// The ``description`` never holds message content, phone numbers or secrets.
public struct CMPPClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure: an open set, so new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case noReadyLink
            case loginRejected
            case linkLost
            case requestFailed
            case shutdown
            case alreadyRunning
            case invalidMessage
            case unexpectedResponse
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// No link became ready within the connect timeout; ``CMPPClientError/underlying`` holds the last
        /// connect error, if any.
        public static let noReadyLink = Code(.noReadyLink)
        /// The ISMG refused the login with a Status that retrying will not change (1–4, §7.4.1.2);
        /// ``CMPPClientError/connectStatus`` holds it.
        public static let loginRejected = Code(.loginRejected)
        /// The link dropped after the request was written, and the in-flight policy is ``CMPPClient/Configuration/InFlightPolicy/fail``,
        /// or the request was tried on as many links as allowed.
        public static let linkLost = Code(.linkLost)
        /// The link gave up on the request (no response after N sends, §6.2, or a protocol error);
        /// ``CMPPClientError/underlying`` says which.
        public static let requestFailed = Code(.requestFailed)
        /// The client is shutting down or has shut down: no new requests are taken.
        public static let shutdown = Code(.shutdown)
        /// ``CMPPClient/run()`` was called a second time.
        public static let alreadyRunning = Code(.alreadyRunning)
        /// The message could not be built: text the chosen encoding cannot carry, more than 255 parts, no
        /// destination, or a field too long.
        public static let invalidMessage = Code(.invalidMessage)
        /// The ISMG answered with a response of another type than the request's.
        public static let unexpectedResponse = Code(.unexpectedResponse)

        public var description: String {
            switch base {
            case .noReadyLink: "no link ready"
            case .loginRejected: "login rejected"
            case .linkLost: "link lost"
            case .requestFailed: "request failed"
            case .shutdown: "client shut down"
            case .alreadyRunning: "already running"
            case .invalidMessage: "invalid message"
            case .unexpectedResponse: "unexpected response"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// The command concerned, when there is one.
    public var commandID: CMPPMessage.CommandID?
    /// For ``Code/loginRejected``: the Status the ISMG returned.
    public var connectStatus: CMPPConnectStatus?
    /// The session or socket error behind this one.
    public var underlying: (any Error)?
    /// A short explanation, free of personal data.
    public var reason: String
    /// Where the error was made, for diagnostics.
    public var file: String
    public var line: Int

    public init(
        code: Code,
        commandID: CMPPMessage.CommandID? = nil,
        connectStatus: CMPPConnectStatus? = nil,
        underlying: (any Error)? = nil,
        reason: String = "",
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.commandID = commandID
        self.connectStatus = connectStatus
        self.underlying = underlying
        self.reason = reason
        self.file = file
        self.line = line
    }

    public static func == (lhs: CMPPClientError, rhs: CMPPClientError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        var text = "CMPPClientError.\(code)"
        if let commandID { text += " \(commandID.name)" }
        if let connectStatus { text += " status \(connectStatus.rawValue) (\(connectStatus))" }
        if !reason.isEmpty { text += ": \(reason)" }
        if let underlying { text += " [\(underlying)]" }
        return text
    }

    // MARK: - Factories

    /// `noReadyLink`, carrying the last connect error.
    public static let noReadyLink = CMPPClientError(code: .noReadyLink)
    /// `shutdown`.
    public static let shutdown = CMPPClientError(code: .shutdown)
    /// `linkLost`.
    public static let linkLost = CMPPClientError(code: .linkLost)
    /// `loginRejected`.
    public static let loginRejected = CMPPClientError(code: .loginRejected)
    /// `invalidMessage`.
    public static let invalidMessage = CMPPClientError(code: .invalidMessage)
    /// `requestFailed`.
    public static let requestFailed = CMPPClientError(code: .requestFailed)
    /// `alreadyRunning`.
    public static let alreadyRunning = CMPPClientError(code: .alreadyRunning)
    /// `unexpectedResponse`.
    public static let unexpectedResponse = CMPPClientError(code: .unexpectedResponse)

    @inline(never)
    static func noReadyLink(after lastError: (any Error)?, file: String = #fileID, line: Int = #line) -> Self {
        if let rejected = lastError as? CMPPSessionError, rejected.code == .loginRejected {
            return Self(
                code: .noReadyLink,
                connectStatus: rejected.connectStatus,
                underlying: lastError,
                reason: "no link logged in within the connect timeout",
                file: file,
                line: line
            )
        }
        return Self(
            code: .noReadyLink,
            underlying: lastError,
            reason: "no link logged in within the connect timeout",
            file: file,
            line: line
        )
    }

    @inline(never)
    static func loginRejected(_ error: CMPPSessionError, file: String = #fileID, line: Int = #line) -> Self {
        Self(
            code: .loginRejected,
            commandID: .connect,
            connectStatus: error.connectStatus,
            underlying: error,
            file: file,
            line: line
        )
    }

    @inline(never)
    static func linkLost(
        _ commandID: CMPPMessage.CommandID,
        attempts: Int,
        underlying: any Error,
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        Self(
            code: .linkLost,
            commandID: commandID,
            underlying: underlying,
            reason: "link lost after \(attempts) attempt\(attempts == 1 ? "" : "s")",
            file: file,
            line: line
        )
    }

    @inline(never)
    static func requestFailed(
        _ commandID: CMPPMessage.CommandID,
        underlying: any Error,
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        Self(code: .requestFailed, commandID: commandID, underlying: underlying, file: file, line: line)
    }

    @inline(never)
    static func invalidMessage(
        _ reason: String,
        underlying: (any Error)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        Self(code: .invalidMessage, commandID: .submit, underlying: underlying, reason: reason, file: file, line: line)
    }

    @inline(never)
    static func unexpectedResponse(
        _ commandID: CMPPMessage.CommandID,
        got response: CMPPMessage.CommandID,
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        Self(
            code: .unexpectedResponse,
            commandID: commandID,
            reason: "got \(response.name)",
            file: file,
            line: line
        )
    }
}
