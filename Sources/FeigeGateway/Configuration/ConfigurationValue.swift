import Foundation
import Yams

/// One node of the configuration document with its path, for reading typed settings whose errors point
/// at the node's line and column.
///
/// The loader composes the YAML into `Yams.Node`s and reads them through this type rather than through
/// `Codable`, so that semantic errors — an unknown key, a port out of range, a duplicate SP_Id — carry a
/// line number too.
struct ConfigurationValue {
    let node: Node
    /// The setting's path, e.g. `accounts[1].faults.close_link`.
    let path: String
    let fileName: String

    // MARK: - Errors

    /// An error at this node (or at `node`, e.g. a mapping's key).
    func error(
        _ code: GatewayConfigurationError.Code,
        _ message: String,
        at node: Node? = nil
    )
        -> GatewayConfigurationError
    {
        let mark = (node ?? self.node).mark ?? self.node.mark
        return GatewayConfigurationError(
            code: code,
            fileName: fileName,
            line: mark?.line,
            column: mark?.column,
            path: path,
            message: message
        )
    }

    /// "expected …, found …" as a wrong-type error (`shape` is wrong: a list or mapping where a value
    /// belongs, or the reverse; or nothing at all) or an invalid-value error (a value that does not fit).
    func expected(_ what: String, sensitive: Bool = false, wrongShape: Bool = false) -> GatewayConfigurationError {
        let code: GatewayConfigurationError.Code =
            wrongShape || node.scalar == nil || isNull ? .wrongType : .invalidValue
        return error(code, "expected \(what), found \(foundDescription(sensitive: sensitive))")
    }

    /// How the node is shown in an error: a quoted scalar (shortened), `nothing`, `a mapping` or `a list`.
    func foundDescription(sensitive: Bool = false) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull { return "nothing" }
            if sensitive { return "a hidden value" }
            let text = scalar.string.count > 40 ? scalar.string.prefix(37) + "..." : Substring(scalar.string)
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\"\(escaped)\""
        }
    }

    // MARK: - Structure

    /// Whether the node is YAML null: nothing, `~` or `null`, unquoted.
    var isNull: Bool {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The node as a mapping whose keys must all be in `allowedKeys`.
    func mapping(allowedKeys: [String]) throws(GatewayConfigurationError) -> ConfigurationMapping {
        guard let mapping = node.mapping else { throw expected("a mapping", wrongShape: true) }
        var entries: [String: (key: Node, value: ConfigurationValue)] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                throw error(.wrongType, "a key must be text, not \(child(key, path: path).foundDescription())", at: key)
            }
            let childPath = path.isEmpty ? name : path + "." + name
            guard allowedKeys.contains(name) else {
                var message = "unknown key \"\(name)\""
                if let suggestion = Self.closest(to: name, in: allowedKeys) {
                    message += " (did you mean \"\(suggestion)\"?)"
                }
                message += "; allowed keys: " + allowedKeys.joined(separator: ", ")
                throw ConfigurationValue(node: key, path: childPath, fileName: fileName).error(.unknownKey, message)
            }
            entries[name] = (key, child(value, path: childPath))
        }
        return ConfigurationMapping(value: self, entries: entries)
    }

    /// The node's entries as key and value pairs, for mappings with free keys (e.g. `errors: {UNDELIV: 5%}`).
    func pairs() throws(GatewayConfigurationError) -> [(key: ConfigurationValue, value: ConfigurationValue)] {
        guard let mapping = node.mapping else { throw expected("a mapping", wrongShape: true) }
        return mapping.map { key, value in
            let name = key.scalar?.string ?? "?"
            let childPath = path.isEmpty ? name : path + "." + name
            return (child(key, path: childPath), child(value, path: childPath))
        }
    }

    /// The node as a list.
    func sequence() throws(GatewayConfigurationError) -> [ConfigurationValue] {
        guard let sequence = node.sequence else { throw expected("a list", wrongShape: true) }
        return sequence.enumerated().map { index, element in child(element, path: "\(path)[\(index)]") }
    }

    /// The node as a list, or a single scalar as a list of one.
    func scalarOrSequence() throws(GatewayConfigurationError) -> [ConfigurationValue] {
        node.scalar != nil && !isNull ? [self] : try sequence()
    }

    private func child(_ node: Node, path: String) -> ConfigurationValue {
        ConfigurationValue(node: node, path: path, fileName: fileName)
    }

    /// The allowed key within edit distance 2 of `name`, if one is.
    private static func closest(to name: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(Array(name.lowercased()), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
        return best.0
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// A mapping whose keys were checked against the allowed ones.
struct ConfigurationMapping {
    /// The mapping itself.
    let value: ConfigurationValue
    let entries: [String: (key: Node, value: ConfigurationValue)]

    /// The value of `key`, or `nil` when it is absent.
    func optional(_ key: String) -> ConfigurationValue? {
        entries[key]?.value
    }

    /// The value of `key`, or `nil` when it is absent or null.
    func optionalNonNull(_ key: String) -> ConfigurationValue? {
        guard let value = entries[key]?.value, !value.isNull else { return nil }
        return value
    }

    /// The value of `key`.
    /// - Throws: a missing-key error at the mapping when it is absent.
    func required(_ key: String) throws(GatewayConfigurationError) -> ConfigurationValue {
        guard let value = entries[key]?.value else {
            throw self.value.error(.missingKey, "missing required key \"\(key)\"")
        }
        return value
    }
}
