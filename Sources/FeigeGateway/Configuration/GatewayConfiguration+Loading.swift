import CMPPCore
import CMPPNIO
import Foundation
import NIOCore
import Yams

extension GatewayConfiguration {
    /// The top-level keys of a configuration file.
    static let topLevelKeys = [
        "listen", "highest_version", "gateway_code", "data_directory", "store", "session", "outbox_expiry",
        "shutdown_timeout", "flow_control", "cpu_wakeup_latency", "accounts", "simulator",
    ]

    /// Reads and checks the configuration file at `path`.
    /// - Throws: ``GatewayConfigurationError``, naming `path` as the file.
    public static func load(path: String) throws(GatewayConfigurationError) -> GatewayConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw GatewayConfigurationError(
                code: .unreadableFile,
                fileName: path,
                line: nil,
                column: nil,
                path: "",
                message: "cannot read the file (\(Self.reasonForUnreadableFile(at: path)))"
            )
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw GatewayConfigurationError(
                code: .unreadableFile,
                fileName: path,
                line: nil,
                column: nil,
                path: "",
                message: "the file is not UTF-8 text"
            )
        }
        return try parse(yaml: text, fileName: path)
    }

    /// Parses and checks configuration text; `fileName` is only used in errors.
    /// - Throws: ``GatewayConfigurationError`` at the first problem found.
    public static func parse(
        yaml: String,
        fileName: String = "gateway.yaml"
    ) throws(GatewayConfigurationError)
        -> GatewayConfiguration
    {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw syntaxError(error, yaml: yaml, fileName: fileName)
        } catch {
            throw GatewayConfigurationError(
                code: .syntax,
                fileName: fileName,
                line: nil,
                column: nil,
                path: "",
                message: "not valid YAML"
            )
        }
        guard let root else {
            throw GatewayConfigurationError(
                code: .missingKey,
                fileName: fileName,
                line: nil,
                column: nil,
                path: "",
                message: "the file is empty; it needs at least an \"accounts\" list"
            )
        }
        return try decode(ConfigurationValue(node: root, path: "", fileName: fileName))
    }

    // MARK: - Decoding

    static func decode(_ root: ConfigurationValue) throws(GatewayConfigurationError) -> GatewayConfiguration {
        let top = try root.mapping(allowedKeys: topLevelKeys)
        var configuration = GatewayConfiguration(accounts: [])

        if let listen = top.optional("listen") {
            let keys = try listen.mapping(allowedKeys: ["host", "long_port", "short_port"])
            if let host = keys.optional("host") {
                configuration.host = try host.asciiText(
                    expected: "a host address like 127.0.0.1 or 0.0.0.0",
                    lengths: 1...253
                )
            }
            if let port = keys.optional("long_port") {
                configuration.longConnectionPort = try port.integer(in: 0...65_535, expected: "a port number 0…65535")
            }
            if let port = keys.optional("short_port") {
                configuration.shortConnectionPort = try shortPort(port)
                if let short = configuration.shortConnectionPort, short != 0,
                    short == configuration.longConnectionPort
                {
                    throw port.error(.invalidValue, "the short-connection port must differ from long_port (\(short))")
                }
            }
        }
        if let version = top.optional("highest_version") {
            let what = "2.0 or 2.1, the CMPP versions this gateway speaks"
            switch try version.text(expected: what) {
            case "2.0": configuration.highestVersion = .v2_0
            case "2.1": configuration.highestVersion = .v2_1
            default: throw version.expected(what)
            }
        }
        if let code = top.optional("gateway_code") {
            configuration.gatewayCode = try code.integer(
                in: 0...maximumGatewayCode,
                expected: "a gateway code 0…\(maximumGatewayCode) (22 bits of the Msg_Id)"
            )
        }
        if let directory = top.optional("data_directory") {
            let path = try directory.text(expected: "a directory path")
            guard !path.isEmpty else { throw directory.expected("a directory path") }
            configuration.dataDirectory = path
        }
        if let store = top.optional("store") {
            let keys = try store.mapping(allowedKeys: ["durability"])
            if let durability = keys.optional("durability") {
                let what = "full or normal"
                guard let value = StoreDurability(rawValue: try durability.text(expected: what).lowercased()) else {
                    throw durability.expected(what)
                }
                configuration.storeDurability = value
            }
        }
        if let session = top.optional("session") {
            configuration.session = try sessionConfiguration(session)
        }
        if let expiry = top.optional("outbox_expiry") {
            configuration.outboxExpiry = try expiry.positiveDuration()
        }
        if let timeout = top.optional("shutdown_timeout") {
            configuration.shutdownTimeout = try timeout.positiveDuration()
        }
        if let flowControl = top.optional("flow_control") {
            let keys = try flowControl.mapping(allowedKeys: ["max_dispatch_backlog"])
            if let backlog = keys.optional("max_dispatch_backlog") {
                configuration.maximumDispatchBacklog = try backlog.integer(
                    in: 1...DispatchBacklog.maximumLimit,
                    expected: "a number of recipients 1…\(DispatchBacklog.maximumLimit)"
                )
            }
        }
        if let latency = top.optional("cpu_wakeup_latency") {
            configuration.cpuWakeUpLatencyLimit = try cpuWakeUpLatencyLimit(latency)
        }
        configuration.accounts = try accounts(top.required("accounts"))
        if let simulator = top.optional("simulator") {
            configuration.simulator = try SimulatorConfiguration(configuration: simulator)
        }
        return configuration
    }

    /// `off`, or the limit of a ``CPUWakeUpLatencyRequest``: 0us…``CPUWakeUpLatencyRequest/maximumLimit``.
    private static func cpuWakeUpLatencyLimit(
        _ value: ConfigurationValue
    ) throws(GatewayConfigurationError) -> Duration? {
        let what = "off, or a duration like 0us or 50us"
        let text = try value.text(expected: what)
        if text.trimmingWhitespace().lowercased() == "off" { return nil }
        guard let limit = Duration(configurationString: text) else { throw value.expected(what) }
        guard limit <= CPUWakeUpLatencyRequest.maximumLimit else {
            throw value.error(.invalidValue, "expected at most \(Int32.max)us, found \(value.foundDescription())")
        }
        return limit
    }

    private static func shortPort(_ value: ConfigurationValue) throws(GatewayConfigurationError) -> Int? {
        if value.isNull { return nil }
        if let text = value.node.scalar?.string.lowercased(), ["disabled", "off", "false", "no"].contains(text) {
            return nil
        }
        return try value.integer(in: 0...65_535, expected: "a port number 0…65535 or \"disabled\"")
    }

    private static func sessionConfiguration(
        _ value: ConfigurationValue
    ) throws(GatewayConfigurationError)
        -> CMPPSessionConfiguration
    {
        let keys = try value.mapping(allowedKeys: [
            "window", "response_timeout", "max_sends", "heartbeat_interval", "login_timeout", "max_frame_length",
        ])
        var session = CMPPSessionConfiguration()
        if let window = keys.optional("window") {
            session.window = try window.positiveInteger(maximum: 1024)
        }
        if let timeout = keys.optional("response_timeout") {
            session.responseTimeout = TimeAmount(try timeout.positiveDuration())
        }
        if let sends = keys.optional("max_sends") {
            session.maximumSends = try sends.positiveInteger(maximum: 10)
        }
        if let interval = keys.optional("heartbeat_interval") {
            session.heartbeatInterval = TimeAmount(try interval.positiveDuration())
        }
        if let timeout = keys.optional("login_timeout") {
            session.loginTimeout = TimeAmount(try timeout.positiveDuration())
        }
        if let length = keys.optional("max_frame_length") {
            // The longest 2.0 SUBMIT is 138 + 21 × 99 + 255 = 2472 bytes (fact sheet §9.3).
            session.maximumFrameLength = try length.integer(
                in: 2472...1_048_576,
                expected: "a frame length 2472…1048576 (the longest 2.0 SUBMIT is 2472 bytes)"
            )
        }
        return session
    }

    private static func accounts(_ value: ConfigurationValue) throws(GatewayConfigurationError) -> [GatewayAccount] {
        let items = try value.sequence()
        guard !items.isEmpty else { throw value.error(.invalidValue, "at least one account is needed") }
        var accounts: [GatewayAccount] = []
        var spIDs: [String: String] = [:]
        var serviceCodes: [String: String] = [:]
        for item in items {
            let (account, spIDNode, codeNodes) = try GatewayAccount.decode(item)
            if let first = spIDs[account.spID] {
                throw spIDNode.error(.duplicate, "duplicate SP_Id \"\(account.spID)\": \(first) has it already")
            }
            spIDs[account.spID] = item.path
            for (code, node) in zip(account.serviceCodes, codeNodes) {
                if let first = serviceCodes[code] {
                    throw node.error(
                        .duplicate,
                        "duplicate service code \"\(code)\": \(first) has it already, and MO routing needs one owner"
                    )
                }
                serviceCodes[code] = item.path
            }
            accounts.append(account)
        }
        return accounts
    }

    /// A YAML error as a configuration error at libyaml's mark, without the snippet of text Yams adds (it
    /// could show a secret).
    private static func syntaxError(_ error: YamlError, yaml: String, fileName: String) -> GatewayConfigurationError {
        func make(
            _ code: GatewayConfigurationError.Code,
            _ mark: (line: Int, column: Int)?,
            _ message: String
        )
            -> GatewayConfigurationError
        {
            GatewayConfigurationError(
                code: code,
                fileName: fileName,
                line: mark?.line,
                column: mark?.column,
                path: "",
                message: message
            )
        }
        func describe(_ problem: String, _ context: YamlError.Context?) -> String {
            guard let context else { return "YAML syntax error: \(problem)" }
            return
                "YAML syntax error: \(problem) (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return make(.syntax, (mark.line, mark.column), describe(problem, context))
        case .reader(let problem, let offset, _, _):
            return make(
                .syntax,
                offset.flatMap { Self.mark(ofCharacterOffset: $0, in: yaml) },
                "unreadable text: \(problem)"
            )
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return make(
                .duplicate,
                (context.mark.line, context.mark.column),
                "key \(keys) appears more than once in this mapping"
            )
        default:
            return make(.syntax, nil, "not valid YAML")
        }
    }

    /// The line and column of the `offset`-th character of `text`.
    private static func mark(ofCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int)? {
        var line = 1
        var column = 1
        for (index, character) in text.enumerated() {
            if index == offset { return (line, column) }
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return nil
    }

    private static func reasonForUnreadableFile(at path: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "no such file" }
        if isDirectory.boolValue { return "it is a directory" }
        return FileManager.default.isReadableFile(atPath: path) ? "read error" : "permission denied"
    }
}

extension TimeAmount {
    /// The same span, to the nanosecond.
    init(_ duration: Duration) {
        self = .nanoseconds(duration.nanoseconds)
    }
}
