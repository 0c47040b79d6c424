import CMPPCore

/// Why a request, a login or a whole link failed.
///
/// Equality compares the ``code`` only (the swift-asn1 `ASN1Error` convention), so a test can write
/// `#expect(throws: CMPPSessionError.responseTimeout)`. The ``description`` names the code, the command and
/// the Sequence_Id: never message content, phone numbers, secrets or authenticators.
public struct CMPPSessionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure: an open set, so new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case loginRejected
            case authenticatorMismatch
            case loginTimeout
            case responseTimeout
            case linkClosed
            case heartbeatTimeout
            case terminated
            case protocolViolation
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// CONNECT_RESP came back with a non-zero Status (see ``CMPPSessionError/connectStatus``).
        public static let loginRejected = Code(.loginRejected)
        /// CONNECT_RESP's AuthenticatorISMG did not verify and the check is strict.
        public static let authenticatorMismatch = Code(.authenticatorMismatch)
        /// No CONNECT_RESP (client) or no CONNECT (server) within the login timeout.
        public static let loginTimeout = Code(.loginTimeout)
        /// No response after N sends of the same frame, T apart (§6.2 "停发").
        public static let responseTimeout = Code(.responseTimeout)
        /// The link closed while the request was queued or in flight. ``CMPPSessionError/wasSent`` says
        /// whether the peer may have received it: a resend may then duplicate it.
        public static let linkClosed = Code(.linkClosed)
        /// N ACTIVE_TESTs went unanswered: the link was declared dead and closed.
        public static let heartbeatTimeout = Code(.heartbeatTimeout)
        /// The link is terminating (TERMINATE sent or received, or shutdown): no new requests are taken.
        public static let terminated = Code(.terminated)
        /// The peer broke the protocol: an undecodable frame, a request before login, a response to
        /// nothing we sent.
        public static let protocolViolation = Code(.protocolViolation)

        public var description: String {
            switch base {
            case .loginRejected: "login rejected"
            case .authenticatorMismatch: "AuthenticatorISMG mismatch"
            case .loginTimeout: "login timed out"
            case .responseTimeout: "no response"
            case .linkClosed: "link closed"
            case .heartbeatTimeout: "heartbeat unanswered"
            case .terminated: "link terminating"
            case .protocolViolation: "protocol violation"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// The command concerned, when there is one.
    public var commandID: CMPPMessage.CommandID?
    /// The Sequence_Id concerned, when there is one.
    public var sequenceID: CMPPSequenceID?
    /// For ``Code/loginRejected``: the Status the ISMG returned.
    public var connectStatus: CMPPConnectStatus?
    /// For ``Code/linkClosed``: whether the request had been written to the link (and so may have reached
    /// the peer) before the link closed.
    public var wasSent: Bool
    /// A short explanation, free of personal data.
    public var reason: String
    /// Where the error was made, for diagnostics.
    public var file: String
    public var line: Int

    public init(
        code: Code,
        commandID: CMPPMessage.CommandID? = nil,
        sequenceID: CMPPSequenceID? = nil,
        connectStatus: CMPPConnectStatus? = nil,
        wasSent: Bool = false,
        reason: String = "",
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.commandID = commandID
        self.sequenceID = sequenceID
        self.connectStatus = connectStatus
        self.wasSent = wasSent
        self.reason = reason
        self.file = file
        self.line = line
    }

    public static func == (lhs: CMPPSessionError, rhs: CMPPSessionError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        var text = "CMPPSessionError.\(code)"
        if let commandID { text += " \(commandID.name)" }
        if let sequenceID { text += " seq \(sequenceID)" }
        if let connectStatus { text += " status \(connectStatus.rawValue) (\(connectStatus))" }
        if code == .linkClosed { text += wasSent ? " after sending" : " before sending" }
        if !reason.isEmpty { text += ": \(reason)" }
        return text
    }

    // MARK: - Factories

    @inline(never)
    public static func loginRejected(_ status: CMPPConnectStatus, file: String = #fileID, line: Int = #line) -> Self {
        Self(code: .loginRejected, commandID: .connect, connectStatus: status, file: file, line: line)
    }

    @inline(never)
    public static func responseTimeout(
        _ commandID: CMPPMessage.CommandID,
        sequenceID: CMPPSequenceID,
        sends: Int,
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        Self(
            code: .responseTimeout, commandID: commandID, sequenceID: sequenceID,
            reason: "\(sends) sends unanswered", file: file, line: line
        )
    }

    @inline(never)
    public static func linkClosed(
        _ commandID: CMPPMessage.CommandID? = nil,
        sequenceID: CMPPSequenceID? = nil,
        wasSent: Bool,
        reason: String = "",
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        Self(
            code: .linkClosed, commandID: commandID, sequenceID: sequenceID, wasSent: wasSent,
            reason: reason, file: file, line: line
        )
    }
}
