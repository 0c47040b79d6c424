import CMPPCore
import Foundation
import NIOCore
import Testing

/// Bytes from hex, ignoring spaces; traps on bad hex (test input only).
func hexBytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.filter { !$0.isWhitespace && $0 != "|" }.utf8)
    precondition(digits.count % 2 == 0, "odd hex")
    return stride(from: 0, to: digits.count, by: 2).map { index in
        UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16)!
    }
}

func hexBuffer(_ hex: String) -> ByteBuffer {
    ByteBuffer(bytes: hexBytes(hex))
}

func hexString<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// The package root, found from this file's path (Tests/CMPPCoreTests/TestSupport.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// One entry of ../shared/vectors/cmpp.json.
struct CMPPVector: Sendable, CustomTestStringConvertible {
    var name: String
    var hex: String
    var fields: [String: JSONValue]
    var secret: String?

    var testDescription: String { name }

    /// Whether `hex` is a whole frame rather than a status report body.
    var isFrame: Bool { !name.hasPrefix("status report content") }

    static let url = packageRoot.appendingPathComponent("../shared/vectors/cmpp.json").standardized

    static func load() throws -> [CMPPVector] {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw VectorFileMissing(path: url.path)
        }
        let array = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [[String: Any]]
        return array.map { entry in
            CMPPVector(
                name: entry["name"] as! String,
                hex: entry["hex"] as! String,
                fields: (entry["fields"] as! [String: Any]).mapValues(JSONValue.init),
                secret: entry["secret"] as? String
            )
        }
    }

    /// The vectors, or none (with the load error recorded) so a missing file fails loudly.
    static let all: [CMPPVector] = {
        do {
            return try load()
        } catch {
            return [CMPPVector(name: "MISSING: \(error)", hex: "", fields: [:])]
        }
    }()
}

struct VectorFileMissing: Error, CustomStringConvertible {
    var path: String
    var description: String { "the test vectors are missing: expected \(path) (../shared/vectors/cmpp.json)" }
}

/// A JSON value from the vectors file, comparable to a ``CMPPField/Value``.
enum JSONValue: Equatable, Sendable {
    case number(Int64)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(_ any: Any) {
        switch any {
        case let number as NSNumber where !(any is String): self = .number(number.int64Value)
        case let string as String: self = .string(string)
        case let array as [Any]: self = .array(array.map(JSONValue.init))
        case let object as [String: Any]: self = .object(object.mapValues(JSONValue.init))
        default: fatalError("unexpected JSON \(any)")
        }
    }

    init(_ value: CMPPField.Value) {
        switch value {
        case .integer(let number): self = .number(number)
        case .string(let string): self = .string(string)
        case .bytes(let bytes): self = .string(hexString(bytes))
        case .list(let strings): self = .array(strings.map(JSONValue.string))
        case .object(let fields): self = .object(Dictionary(uniqueKeysWithValues: fields.map { ($0.name, JSONValue($0.value)) }))
        }
    }
}

/// Checks that every field the vector names is among `fields` with the same value.
func expectFields(_ fields: [CMPPField], match expected: [String: JSONValue], sourceLocation: SourceLocation = #_sourceLocation) {
    let actual = Dictionary(fields.map { ($0.name, JSONValue($0.value)) }, uniquingKeysWith: { first, _ in first })
    for (name, value) in expected {
        #expect(actual[name] == value, "field \(name)", sourceLocation: sourceLocation)
    }
}
