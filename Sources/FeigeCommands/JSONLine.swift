/// A JSON value, written as one line: the output format of every `--json` flag of `feige`.
///
/// Objects are written with sorted keys, or in the order given (``orderedObject(_:)``) where the order means
/// something, as a CMPP body's fields in wire order do.
///
/// A small writer rather than `JSONSerialization`, so that output is byte-stable across platforms (no
/// `\/` escaping, integers never printed as floats) and nulls need no `NSNull`.
public enum JSONLine: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONLine])
    case object([String: JSONLine])
    case orderedObject([Member])

    /// A member of an ``orderedObject(_:)``.
    public struct Member: Hashable, Sendable {
        public var key: String
        public var value: JSONLine

        public init(_ key: String, _ value: JSONLine) {
            self.key = key
            self.value = value
        }
    }

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }

    /// `.string(value)`, or `.null` for `nil`.
    public static func string(_ value: String?) -> JSONLine {
        value.map(JSONLine.string) ?? .null
    }

    /// `.int(value)`, or `.null` for `nil`.
    public static func int<T: BinaryInteger>(_ value: T?) -> JSONLine {
        value.map { .int(Int($0)) } ?? .null
    }

    /// `.bool(value)`, or `.null` for `nil`.
    public static func bool(_ value: Bool?) -> JSONLine {
        value.map(JSONLine.bool) ?? .null
    }

    /// The value as compact JSON on one line, object keys sorted.
    public var serialized: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .null:
            output += "null"
        case .bool(let value):
            output += value ? "true" : "false"
        case .int(let value):
            output += String(value)
        case .string(let value):
            Self.writeString(value, to: &output)
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.write(to: &output)
            }
            output += "]"
        case .object(let members):
            Self.writeMembers(members.sorted { $0.key < $1.key }.map { Member($0.key, $0.value) }, to: &output)
        case .orderedObject(let members):
            Self.writeMembers(members, to: &output)
        }
    }

    private static func writeMembers(_ members: [Member], to output: inout String) {
        output += "{"
        for (index, member) in members.enumerated() {
            if index > 0 { output += "," }
            writeString(member.key, to: &output)
            output += ":"
            member.value.write(to: &output)
        }
        output += "}"
    }

    private static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16, uppercase: false)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
