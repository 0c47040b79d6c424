/// Why a gateway configuration file was refused: the file, the line and column, the setting, and what is
/// wrong, so the operator can fix it at start-up (issue #5 §2).
///
/// Its ``description`` reads like a compiler diagnostic:
/// ```
/// gateway.yaml:12:5: accounts[1].max_connections: expected a positive integer, found "many"
/// ```
/// An error never quotes a secret: values of `secret` are never shown, and an unknown key is named, not
/// its value.
public struct GatewayConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error: an open set, so new kinds can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case unreadableFile
            case syntax
            case unknownKey
            case missingKey
            case wrongType
            case invalidValue
            case duplicate
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The file could not be read, or is not UTF-8.
        public static let unreadableFile = Code(.unreadableFile)
        /// The text is not valid YAML (libyaml's scanner, parser or composer refused it).
        public static let syntax = Code(.syntax)
        /// A key the gateway does not know, most often a typo.
        public static let unknownKey = Code(.unknownKey)
        /// A required key is absent.
        public static let missingKey = Code(.missingKey)
        /// A value of the wrong shape: a list where a number belongs, text where a mapping belongs, …
        public static let wrongType = Code(.wrongType)
        /// A value of the right shape but not allowed: out of range, a bad duration, a bad CIDR block, …
        public static let invalidValue = Code(.invalidValue)
        /// A key twice in one mapping, or an SP_Id, service code or number rule that must be unique.
        public static let duplicate = Code(.duplicate)

        public var description: String {
            switch base {
            case .unreadableFile: "unreadable file"
            case .syntax: "syntax error"
            case .unknownKey: "unknown key"
            case .missingKey: "missing key"
            case .wrongType: "wrong type"
            case .invalidValue: "invalid value"
            case .duplicate: "duplicate"
            }
        }
    }

    /// The kind of error.
    public var code: Code
    /// The file name as given to the loader.
    public var fileName: String
    /// The line, from 1; `nil` when the error is about the whole file.
    public var line: Int?
    /// The column, from 1, counted in Unicode scalars; `nil` when the error is about the whole file.
    public var column: Int?
    /// The setting, e.g. `accounts[1].max_connections`; empty for the document itself.
    public var path: String
    /// What is wrong.
    public var message: String

    public init(code: Code, fileName: String, line: Int?, column: Int?, path: String, message: String) {
        self.code = code
        self.fileName = fileName
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    public var description: String {
        var text = fileName
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": "
        if !path.isEmpty { text += path + ": " }
        return text + message
    }
}
