import Foundation
import SMSCodec
import Testing

/// One entry of `../shared/vectors/pdu.json`, kept as the parsed JSON object so that a key recorded as `null`
/// (must be absent) differs from a key not recorded (not checked).
struct PDUVector: CustomTestStringConvertible, Sendable {
    let id: Int
    let pdu: String
    /// The recorded values as JSON text, re-read on use (JSON objects are not `Sendable`).
    private let json: Data

    init(object: [String: Any]) throws {
        self.id = object["id"] as? Int ?? -1
        self.pdu = object["pdu"] as? String ?? ""
        self.json = try JSONSerialization.data(withJSONObject: object)
    }

    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] ?? [:]
    }

    var isMalformed: Bool { object["malformed"] != nil }

    /// Whether the vector records `key`, possibly as `null`.
    func records(_ key: String) -> Bool { object[key] != nil }

    /// The recorded value: `.some(nil)` for `null`.
    func value(_ key: String) -> Any?? {
        guard let value = object[key] else { return .none }
        return .some(value is NSNull ? nil : value)
    }

    var testDescription: String { "vector \(id)" }

    /// The vectors file, found from this source file: `<package>/../shared/vectors/pdu.json`.
    static let fileURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TPDU
        .deletingLastPathComponent()  // SMSCodecTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("../shared/vectors/pdu.json")
        .standardizedFileURL

    /// Every vector; an unreadable file gives an empty list, which ``PDUVectorTests/vectorsArePresent()`` reports.
    static let all: [PDUVector] = {
        guard let data = try? Data(contentsOf: fileURL),
            let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return [] }
        return list.compactMap { try? PDUVector(object: $0) }
    }()
}
