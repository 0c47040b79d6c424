import FeigeGateway
import Foundation
import Testing

/// One broken configuration and the exact error it must give.
struct BrokenConfiguration: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var code: GatewayConfigurationError.Code
    var description: String

    var testDescription: String { name }
}

private let account = """
    accounts:
      - sp_id: "901234"
        secret: s3cret
        service_codes: ["1065"]

    """

@Suite("GatewayConfiguration errors")
struct GatewayConfigurationErrorTests {
    static let cases: [BrokenConfiguration] = [
        BrokenConfiguration(
            name: "YAML syntax error: an unclosed flow sequence",
            yaml: "accounts: [\n  {sp_id: 1\n",
            code: .syntax,
            description: "gateway.yaml:3:1: YAML syntax error: did not find expected ',' or '}' "
                + "(while parsing a flow mapping at line 2, column 3)"
        ),
        BrokenConfiguration(
            name: "YAML syntax error: a tab for indentation",
            yaml: "listen:\n\thost: 0.0.0.0\n",
            code: .syntax,
            description: "gateway.yaml:2:1: YAML syntax error: found character that cannot start any token "
                + "(while scanning for the next token at line 2, column 1)"
        ),
        BrokenConfiguration(
            name: "a key twice in one mapping",
            yaml: account + "gateway_code: 1\ngateway_code: 2\n",
            code: .duplicate,
            description: "gateway.yaml:5:1: key \"gateway_code\" appears more than once in this mapping"
        ),
        BrokenConfiguration(
            name: "empty file",
            yaml: "# nothing but a comment\n",
            code: .missingKey,
            description: "gateway.yaml: the file is empty; it needs at least an \"accounts\" list"
        ),
        BrokenConfiguration(
            name: "the document is a list",
            yaml: "- accounts\n",
            code: .wrongType,
            description: "gateway.yaml:1:1: expected a mapping, found a list"
        ),
        BrokenConfiguration(
            name: "a mistyped top-level key, with a suggestion",
            yaml: account + "gateway_cod: 12\n",
            code: .unknownKey,
            description: "gateway.yaml:5:1: gateway_cod: unknown key \"gateway_cod\" (did you mean \"gateway_code\"?); "
                + "allowed keys: listen, highest_version, gateway_code, data_directory, store, session, outbox_expiry, "
                + "shutdown_timeout, flow_control, cpu_wakeup_latency, accounts, simulator"
        ),
        BrokenConfiguration(
            name: "a mistyped account key",
            yaml: account + "    lenent: true\n",
            code: .unknownKey,
            description: "gateway.yaml:5:5: accounts[0].lenent: unknown key \"lenent\" (did you mean \"lenient\"?); "
                + "allowed keys: sp_id, secret, service_codes, service_ids, max_connections, submit_rate, "
                + "submit_burst, allowed_clients, lenient, faults"
        ),
        BrokenConfiguration(
            name: "no accounts",
            yaml: "gateway_code: 7\n",
            code: .missingKey,
            description: "gateway.yaml:1:1: missing required key \"accounts\""
        ),
        BrokenConfiguration(
            name: "an empty account list",
            yaml: "accounts: []\n",
            code: .invalidValue,
            description: "gateway.yaml:1:11: accounts: at least one account is needed"
        ),
        BrokenConfiguration(
            name: "an account without a secret",
            yaml: "accounts:\n  - sp_id: \"901234\"\n    service_codes: [\"1065\"]\n",
            code: .missingKey,
            description: "gateway.yaml:2:5: accounts[0]: missing required key \"secret\""
        ),
        BrokenConfiguration(
            name: "max_connections is not a number",
            yaml: account + "    max_connections: many\n",
            code: .invalidValue,
            description: "gateway.yaml:5:22: accounts[0].max_connections: expected a positive integer (at most 10000), "
                + "found \"many\""
        ),
        BrokenConfiguration(
            name: "max_connections is a list",
            yaml: account + "    max_connections: [1]\n",
            code: .wrongType,
            description: "gateway.yaml:5:22: accounts[0].max_connections: expected a positive integer (at most 10000), "
                + "found a list"
        ),
        BrokenConfiguration(
            name: "max_connections is empty",
            yaml: account + "    max_connections:\n",
            code: .wrongType,
            description: "gateway.yaml:5:21: accounts[0].max_connections: expected a positive integer (at most 10000), "
                + "found nothing"
        ),
        BrokenConfiguration(
            name: "a duplicate SP_Id in the second account",
            yaml: account + "  - sp_id: \"901234\"\n    secret: other\n    service_codes: [\"1066\"]\n",
            code: .duplicate,
            description: "gateway.yaml:5:12: accounts[1].sp_id: duplicate SP_Id \"901234\": accounts[0] has it already"
        ),
        BrokenConfiguration(
            name: "a service code claimed by two accounts",
            yaml: account + "  - sp_id: \"901235\"\n    secret: other\n    service_codes: [\"1066\", \"1065\"]\n",
            code: .duplicate,
            description: "gateway.yaml:7:29: accounts[1].service_codes[1]: duplicate service code \"1065\": "
                + "accounts[0] has it already, and MO routing needs one owner"
        ),
        BrokenConfiguration(
            name: "an SP_Id longer than Source_Addr's 6 bytes",
            yaml: "accounts:\n  - sp_id: \"9012345\"\n    secret: s\n    service_codes: [\"1065\"]\n",
            code: .invalidValue,
            description: "gateway.yaml:2:12: accounts[0].sp_id: expected an SP_Id of 1…6 characters, like 901234, "
                + "found \"9012345\""
        ),
        BrokenConfiguration(
            name: "a service code with letters",
            yaml: "accounts:\n  - sp_id: \"901234\"\n    secret: s\n    service_codes: 10AB\n",
            code: .invalidValue,
            description: "gateway.yaml:4:20: accounts[0].service_codes: expected a service code of 1…21 digits, "
                + "like 10658888, found \"10AB\""
        ),
        BrokenConfiguration(
            name: "an empty secret, whose value is never shown",
            yaml: "accounts:\n  - sp_id: \"901234\"\n    secret: \"\"\n    service_codes: [\"1065\"]\n",
            code: .invalidValue,
            description: "gateway.yaml:3:13: accounts[0].secret: the secret must not be empty"
        ),
        BrokenConfiguration(
            name: "a secret that is a mapping: its content is never shown",
            yaml: "accounts:\n  - sp_id: \"901234\"\n    secret: {password: hunter2}\n    service_codes: [\"1065\"]\n",
            code: .wrongType,
            description: "gateway.yaml:3:13: accounts[0].secret: expected the secret as text, found a mapping"
        ),
        BrokenConfiguration(
            name: "a bad CIDR block",
            yaml: account + "    allowed_clients: [10.0.0.0/33]\n",
            code: .invalidValue,
            description: "gateway.yaml:5:23: accounts[0].allowed_clients[0]: bad CIDR block \"10.0.0.0/33\": "
                + "the prefix length must be 0…32, not \"33\""
        ),
        BrokenConfiguration(
            name: "a CIDR block with host bits set",
            yaml: account + "    allowed_clients: 10.0.0.1/8\n",
            code: .invalidValue,
            description: "gateway.yaml:5:22: accounts[0].allowed_clients: bad CIDR block \"10.0.0.1/8\": "
                + "host bits are set after /8; did you mean 10.0.0.0/8?"
        ),
        BrokenConfiguration(
            name: "a CIDR block that is not an address",
            yaml: account + "    allowed_clients: [localhost]\n",
            code: .invalidValue,
            description: "gateway.yaml:5:23: accounts[0].allowed_clients[0]: bad CIDR block \"localhost\": "
                + "\"localhost\" is not an IPv4 or IPv6 address"
        ),
        BrokenConfiguration(
            name: "a bad duration",
            yaml: account + "session:\n  response_timeout: 3x\n",
            code: .invalidValue,
            description: "gateway.yaml:6:21: session.response_timeout: expected a duration like 500ms, 60s, 3m or 48h, "
                + "found \"3x\""
        ),
        BrokenConfiguration(
            name: "a zero duration where one is needed",
            yaml: account + "outbox_expiry: 0s\n",
            code: .invalidValue,
            description: "gateway.yaml:5:16: outbox_expiry: expected a duration above 0s, found \"0s\""
        ),
        BrokenConfiguration(
            name: "a shutdown timeout that is not a duration",
            yaml: account + "shutdown_timeout: soon\n",
            code: .invalidValue,
            description: "gateway.yaml:5:19: shutdown_timeout: expected a duration like 500ms, 60s, 3m or 48h, "
                + "found \"soon\""
        ),
        BrokenConfiguration(
            name: "a CPU wake-up latency that is neither off nor a duration",
            yaml: account + "cpu_wakeup_latency: fast\n",
            code: .invalidValue,
            description: "gateway.yaml:5:21: cpu_wakeup_latency: expected off, or a duration like 0us or 50us, "
                + "found \"fast\""
        ),
        BrokenConfiguration(
            name: "a CPU wake-up latency beyond the kernel's 32 bits of microseconds",
            yaml: account + "cpu_wakeup_latency: 3000s\n",
            code: .invalidValue,
            description: "gateway.yaml:5:21: cpu_wakeup_latency: expected at most 2147483647us, found \"3000s\""
        ),
        BrokenConfiguration(
            name: "a gateway code beyond 22 bits",
            yaml: account + "gateway_code: 4194304\n",
            code: .invalidValue,
            description: "gateway.yaml:5:15: gateway_code: expected a gateway code 0…4194303 (22 bits of the Msg_Id), "
                + "found \"4194304\""
        ),
        BrokenConfiguration(
            name: "a negative port",
            yaml: account + "listen:\n  long_port: -1\n",
            code: .invalidValue,
            description: "gateway.yaml:6:14: listen.long_port: expected a port number 0…65535, found \"-1\""
        ),
        BrokenConfiguration(
            name: "the same port for long and short connections",
            yaml: account + "listen:\n  long_port: 9000\n  short_port: 9000\n",
            code: .invalidValue,
            description: "gateway.yaml:7:15: listen.short_port: the short-connection port must differ from "
                + "long_port (9000)"
        ),
        BrokenConfiguration(
            name: "an unknown durability",
            yaml: account + "store:\n  durability: extra\n",
            code: .invalidValue,
            description: "gateway.yaml:6:15: store.durability: expected full or normal, found \"extra\""
        ),
        BrokenConfiguration(
            name: "a window of zero",
            yaml: account + "session: {window: 0}\n",
            code: .invalidValue,
            description: "gateway.yaml:5:19: session.window: expected a positive integer (at most 1024), found \"0\""
        ),
        BrokenConfiguration(
            name: "a dispatch backlog that is not an integer",
            yaml: account + "flow_control: {max_dispatch_backlog: lots}\n",
            code: .invalidValue,
            description: "gateway.yaml:5:38: flow_control.max_dispatch_backlog: expected a number of recipients "
                + "1…10000000, found \"lots\""
        ),
        BrokenConfiguration(
            name: "a fractional dispatch backlog",
            yaml: account + "flow_control:\n  max_dispatch_backlog: 1.5e4\n",
            code: .invalidValue,
            description: "gateway.yaml:6:25: flow_control.max_dispatch_backlog: expected a number of recipients "
                + "1…10000000, found \"1.5e4\""
        ),
        BrokenConfiguration(
            name: "a dispatch backlog of zero",
            yaml: account + "flow_control:\n  max_dispatch_backlog: 0\n",
            code: .invalidValue,
            description: "gateway.yaml:6:25: flow_control.max_dispatch_backlog: expected a number of recipients "
                + "1…10000000, found \"0\""
        ),
        BrokenConfiguration(
            name: "a negative dispatch backlog",
            yaml: account + "flow_control:\n  max_dispatch_backlog: -5\n",
            code: .invalidValue,
            description: "gateway.yaml:6:25: flow_control.max_dispatch_backlog: expected a number of recipients "
                + "1…10000000, found \"-5\""
        ),
        BrokenConfiguration(
            name: "an absurdly large dispatch backlog",
            yaml: account + "flow_control:\n  max_dispatch_backlog: 10000001\n",
            code: .invalidValue,
            description: "gateway.yaml:6:25: flow_control.max_dispatch_backlog: expected a number of recipients "
                + "1…10000000, found \"10000001\""
        ),
        BrokenConfiguration(
            name: "a dispatch backlog beyond Int",
            yaml: account + "flow_control:\n  max_dispatch_backlog: 99999999999999999999999\n",
            code: .invalidValue,
            description: "gateway.yaml:6:25: flow_control.max_dispatch_backlog: expected a number of recipients "
                + "1…10000000, found \"99999999999999999999999\""
        ),
        BrokenConfiguration(
            name: "a dispatch backlog given as a list",
            yaml: account + "flow_control:\n  max_dispatch_backlog: [1000]\n",
            code: .wrongType,
            description: "gateway.yaml:6:25: flow_control.max_dispatch_backlog: expected a number of recipients "
                + "1…10000000, found a list"
        ),
        BrokenConfiguration(
            name: "flow_control given as a number",
            yaml: account + "flow_control: 1000\n",
            code: .wrongType,
            description: "gateway.yaml:5:15: flow_control: expected a mapping, found \"1000\""
        ),
        BrokenConfiguration(
            name: "a mistyped flow_control key",
            yaml: account + "flow_control:\n  max_dispatch_backlg: 1000\n",
            code: .unknownKey,
            description: "gateway.yaml:6:3: flow_control.max_dispatch_backlg: unknown key \"max_dispatch_backlg\" "
                + "(did you mean \"max_dispatch_backlog\"?); allowed keys: max_dispatch_backlog"
        ),
        BrokenConfiguration(
            name: "submit_burst without submit_rate",
            yaml: account + "    submit_burst: 10\n",
            code: .invalidValue,
            description: "gateway.yaml:5:19: accounts[0].submit_burst: submit_burst needs a submit_rate"
        ),
        BrokenConfiguration(
            name: "a rate above 100%",
            yaml: account + "    faults:\n      close_link: 150%\n",
            code: .invalidValue,
            description: "gateway.yaml:6:19: accounts[0].faults.close_link: expected a rate like 5% or 0.05, "
                + "found \"150%\""
        ),
        BrokenConfiguration(
            name: "forced Results adding up to more than 100%",
            yaml: account + "    faults:\n      forced_results: {8: 60%, 9: 50%}\n",
            code: .invalidValue,
            description:
                "gateway.yaml:6:23: accounts[0].faults.forced_results: the rates add up to 110.0%, more than 100%"
        ),
        BrokenConfiguration(
            name: "a forced Result that is not a code",
            yaml: account + "    faults:\n      forced_results: {busy: 5%}\n",
            code: .invalidValue,
            description: "gateway.yaml:6:24: accounts[0].faults.forced_results.busy: expected a SUBMIT_RESP Result "
                + "code 1…255, found \"busy\""
        ),
        BrokenConfiguration(
            name: "a response delay without its rate",
            yaml: account + "    faults:\n      delay_responses: {delay: 2s}\n",
            code: .missingKey,
            description: "gateway.yaml:6:24: accounts[0].faults.delay_responses: missing required key \"rate\""
        ),
        BrokenConfiguration(
            name: "a delay range that ends before it starts",
            yaml: account + "simulator:\n  network:\n    rules:\n      - prefix: \"138\"\n        delay: 5s..1s\n",
            code: .invalidValue,
            description: "gateway.yaml:9:16: simulator.network.rules[0].delay: the delay range \"5s..1s\" ends "
                + "before it starts"
        ),
        BrokenConfiguration(
            name: "a rule with both number and prefix",
            yaml: account + "simulator:\n  network:\n    rules:\n      - {number: \"13800138000\", prefix: \"138\"}\n",
            code: .invalidValue,
            description: "gateway.yaml:8:9: simulator.network.rules[0]: a rule has either \"number\" or \"prefix\", "
                + "not both"
        ),
        BrokenConfiguration(
            name: "a rule with neither number nor prefix",
            yaml: account + "simulator:\n  network:\n    rules:\n      - stat: UNDELIV\n",
            code: .missingKey,
            description: "gateway.yaml:8:9: simulator.network.rules[0]: a rule needs \"number\" (one handset) or "
                + "\"prefix\" (a number range)"
        ),
        BrokenConfiguration(
            name: "two rules for the same prefix",
            yaml: account + "simulator:\n  network:\n    rules:\n      - prefix: \"138\"\n      - prefix: \"138\"\n",
            code: .duplicate,
            description: "gateway.yaml:9:17: simulator.network.rules[1].prefix: duplicate rule for prefix 138: "
                + "simulator.network.rules[0] has it already"
        ),
        BrokenConfiguration(
            name: "a Stat longer than its 7 bytes",
            yaml: account + "simulator:\n  network:\n    default: {stat: DELIVERED}\n",
            code: .invalidValue,
            description: "gateway.yaml:7:21: simulator.network.default.stat: expected a Stat of 1…7 characters, "
                + "like DELIVRD or MK:0001, found \"DELIVERED\""
        ),
        BrokenConfiguration(
            name: "error rates adding up to more than 100%",
            yaml: account + "simulator:\n  network:\n    default:\n      errors: {UNDELIV: 0.7, REJECTD: 0.4}\n",
            code: .invalidValue,
            description: "gateway.yaml:8:15: simulator.network.default.errors: the rates add up to 110.0%, "
                + "more than 100%"
        ),
        BrokenConfiguration(
            name: "an auto-reply without a reply",
            yaml: account + "simulator:\n  auto_replies:\n    - keyword: PING\n",
            code: .missingKey,
            description: "gateway.yaml:7:7: simulator.auto_replies[0]: an auto-reply needs \"reply\" "
                + "(a text or a list) or \"echo: true\""
        ),
        BrokenConfiguration(
            name: "a keyword of two words",
            yaml: account + "simulator:\n  auto_replies:\n    - {keyword: \"two words\", reply: x}\n",
            code: .invalidValue,
            description: "gateway.yaml:7:17: simulator.auto_replies[0].keyword: expected a keyword: one word, "
                + "found \"two words\""
        ),
        BrokenConfiguration(
            name: "enabled is not a boolean",
            yaml: account + "simulator:\n  enabled: maybe\n",
            code: .invalidValue,
            description: "gateway.yaml:6:12: simulator.enabled: expected true or false, found \"maybe\""
        ),
        BrokenConfiguration(
            name: "a CMPP version the gateway does not speak",
            yaml: account + "highest_version: 3.0\n",
            code: .invalidValue,
            description: "gateway.yaml:5:18: highest_version: expected 2.0 or 2.1, the CMPP versions this gateway "
                + "speaks, found \"3.0\""
        ),
        BrokenConfiguration(
            name: "a key that is not text",
            yaml: account + "? [listen]\n: 1\n",
            code: .wrongType,
            description: "gateway.yaml:5:3: a key must be text, not a list"
        ),
        BrokenConfiguration(
            name: "a section that is not a mapping",
            yaml: account + "store: full\n",
            code: .wrongType,
            description: "gateway.yaml:5:8: store: expected a mapping, found \"full\""
        ),
        BrokenConfiguration(
            name: "a host with a space",
            yaml: account + "listen: {host: \"0.0.0.0 \"}\n",
            code: .invalidValue,
            description:
                "gateway.yaml:5:16: listen.host: expected a host address like 127.0.0.1 or 0.0.0.0, found \"0.0.0.0 \""
        ),
        BrokenConfiguration(
            name: "an empty data directory",
            yaml: account + "data_directory: \"\"\n",
            code: .invalidValue,
            description: "gateway.yaml:5:17: data_directory: expected a directory path, found \"\""
        ),
        BrokenConfiguration(
            name: "a short port out of range",
            yaml: account + "listen:\n  short_port: 70000\n",
            code: .invalidValue,
            description:
                "gateway.yaml:6:15: listen.short_port: expected a port number 0…65535 or \"disabled\", found \"70000\""
        ),
        BrokenConfiguration(
            name: "a gateway code that is not a number",
            yaml: account + "gateway_code: BJ01\n",
            code: .invalidValue,
            description:
                "gateway.yaml:5:15: gateway_code: expected a gateway code 0…4194303 (22 bits of the Msg_Id), found \"BJ01\""
        ),
        BrokenConfiguration(
            name: "a frame length too small for a SUBMIT",
            yaml: account + "session:\n  max_frame_length: 1024\n",
            code: .invalidValue,
            description:
                "gateway.yaml:6:21: session.max_frame_length: expected a frame length 2472…1048576 (the longest 2.0 SUBMIT is 2472 bytes), found \"1024\""
        ),
        BrokenConfiguration(
            name: "a mistyped session key",
            yaml: account + "session:\n  windw: 8\n",
            code: .unknownKey,
            description:
                "gateway.yaml:6:3: session.windw: unknown key \"windw\" (did you mean \"window\"?); allowed keys: window, response_timeout, max_sends, heartbeat_interval, login_timeout, max_frame_length"
        ),
        BrokenConfiguration(
            name: "a Service_Id longer than 10 characters",
            yaml: account + "    service_ids: [TOOLONGSERVICE]\n",
            code: .invalidValue,
            description:
                "gateway.yaml:5:19: accounts[0].service_ids[0]: expected a Service_Id of 1…10 characters, found \"TOOLONGSERVICE\""
        ),
        BrokenConfiguration(
            name: "a submit rate that is not a number",
            yaml: account + "    submit_rate: fast\n",
            code: .invalidValue,
            description:
                "gateway.yaml:5:18: accounts[0].submit_rate: expected a rate in messages per second (1…10000000) or \"unlimited\", found \"fast\""
        ),
        BrokenConfiguration(
            name: "lenient is not a boolean",
            yaml: account + "    lenient: sometimes\n",
            code: .invalidValue,
            description: "gateway.yaml:5:14: accounts[0].lenient: expected true or false, found \"sometimes\""
        ),
        BrokenConfiguration(
            name: "a mistyped fault",
            yaml: account + "    faults: {drop_response: 1%}\n",
            code: .unknownKey,
            description:
                "gateway.yaml:5:14: accounts[0].faults.drop_response: unknown key \"drop_response\" (did you mean \"drop_responses\"?); allowed keys: drop_responses, delay_responses, forced_results, close_link, duplicate_reports"
        ),
        BrokenConfiguration(
            name: "auto_replies is not a list",
            yaml: account + "simulator:\n  auto_replies: {keyword: PING}\n",
            code: .wrongType,
            description: "gateway.yaml:6:17: simulator.auto_replies: expected a list, found a mapping"
        ),
        BrokenConfiguration(
            name: "a rule that is not a mapping",
            yaml: account + "simulator:\n  network:\n    rules: [\"138\"]\n",
            code: .wrongType,
            description: "gateway.yaml:7:13: simulator.network.rules[0]: expected a mapping, found \"138\""
        ),
        BrokenConfiguration(
            name: "a handset number with letters",
            yaml: account + "simulator:\n  network:\n    rules:\n      - number: 138-0013\n",
            code: .invalidValue,
            description:
                "gateway.yaml:8:17: simulator.network.rules[0].number: expected a handset number of 1…21 digits, found \"138-0013\""
        ),
        BrokenConfiguration(
            name: "an error rate that is not a rate",
            yaml: account + "simulator:\n  network:\n    default:\n      errors: {UNDELIV: often}\n",
            code: .invalidValue,
            description:
                "gateway.yaml:8:25: simulator.network.default.errors.UNDELIV: expected a rate like 5% or 0.05, found \"often\""
        ),
    ]

    @Test("every error names the file, line, column, setting and problem", arguments: cases)
    func brokenConfiguration(_ broken: BrokenConfiguration) {
        do {
            let configuration = try GatewayConfiguration.parse(yaml: broken.yaml, fileName: "gateway.yaml")
            Issue.record("parsed without error: \(configuration.accounts.count) accounts")
        } catch {
            #expect(error.description == broken.description)
            #expect(error.code == broken.code)
        }
    }

    @Test("no error ever shows a secret")
    func secretsStayHidden() {
        let secret = "TopSecret-4711"
        let yamls = [
            "accounts:\n  - sp_id: \"901234\"\n    secret: [\(secret)]\n    service_codes: [\"1065\"]\n",
            "accounts:\n  - sp_id: \"901234\"\n    secret: \(secret)\n    service_codes: [\"1065\"]\n    bogus: 1\n",
            "accounts:\n  - sp_id: \"901234\"\n    secret: \(secret)\n    service_codes: [\"1065\"\n",
            "accounts:\n  - sp_id: \"901234\"\n    secret: \(secret)\n    secret: \(secret)\n    service_codes: [\"1\"]\n",
        ]
        for yaml in yamls {
            #expect(throws: GatewayConfigurationError.self) {
                try GatewayConfiguration.parse(yaml: yaml)
            }
            do {
                _ = try GatewayConfiguration.parse(yaml: yaml)
            } catch {
                #expect(!error.description.contains(secret), "\(error)")
            }
        }
    }

    @Test("a missing file is an error naming the path, without a line")
    func missingFile() {
        let path = "/nonexistent/feige/gateway.yaml"
        do {
            _ = try GatewayConfiguration.load(path: path)
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.code == .unreadableFile)
            #expect(error.line == nil && error.column == nil)
            #expect(error.description == "\(path): cannot read the file (no such file)")
        }
    }

    @Test("a file that is not UTF-8, or a directory, is refused as unreadable")
    func unreadable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "feige-config-\(UInt64.random(in: 0...UInt64.max))"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let latin1 = directory.appendingPathComponent("latin1.yaml")
        try Data([0x61, 0x3A, 0x20, 0xE9, 0xFF, 0x0A]).write(to: latin1)
        for (path, message) in [
            (latin1.path, "the file is not UTF-8 text"), (directory.path, "cannot read the file (it is a directory)"),
        ] {
            do {
                _ = try GatewayConfiguration.load(path: path)
                Issue.record("loaded \(path)")
            } catch {
                #expect(error.code == .unreadableFile)
                #expect(error.description == "\(path): \(message)")
            }
        }
    }

    @Test("the error of a loaded file names the path it was given")
    func loadedFileName() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "feige-\(UInt64.random(in: 0...UInt64.max)).yaml"
        )
        try Data(
            "accounts:\n  - sp_id: 901234\n    secret: s\n    service_codes: [1065]\n    max_connections: 0\n".utf8
        )
        .write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            _ = try GatewayConfiguration.load(path: file.path)
            Issue.record("loaded a broken file")
        } catch {
            #expect(
                error.description
                    == "\(file.path):5:22: accounts[0].max_connections: expected a positive integer (at most 10000), found \"0\""
            )
        }
    }
}
