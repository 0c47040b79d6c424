import ArgumentParser
import CMPPCore
import NIOCore

/// `feige cmpp decode [--json] HEX...`: decodes CMPP 2.0 frames given in hex, one frame per argument.
///
/// The body's fields are shown under the spec's names (`Msg_Id`, `Dest_terminal_Id`, …), a 64-bit Msg_Id
/// as a decimal string plus its parts, decodable content as `text`, and a status report's fields under
/// `report`. An undecodable frame prints an error and makes the command exit 1, after the other frames.
public struct CMPPDecodeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode CMPP 2.0 frames given in hex.",
        discussion: "Each argument is one whole frame, header included; spaces inside the hex are ignored."
    )

    @Flag(name: .long, help: "Print one JSON object per frame.")
    public var json = false

    @Argument(help: "The frames, in hex.")
    public var frames: [String]

    public init() {}

    /// What the command prints and its exit status.
    public struct Output: Sendable, Equatable {
        public var lines: [String]
        public var exitCode: Int32
    }

    /// The command's logic without I/O: decodes each frame and renders it.
    public static func decode(_ frames: [String], json: Bool) -> Output {
        var lines: [String] = []
        var failed = false
        for argument in frames {
            switch decodeFrame(argument) {
            case .success(let (totalLength, frame)):
                lines += json ? [jsonLine(totalLength: totalLength, frame: frame)] : textLines(totalLength: totalLength, frame: frame)
            case .failure(let message):
                failed = true
                lines.append(json ? JSONWriter.object([("error", .string(message.text))]) : "error: \(message.text)")
            }
        }
        return Output(lines: lines, exitCode: failed ? 1 : 0)
    }

    public func run() async throws {
        let output = Self.decode(frames, json: json)
        for line in output.lines {
            print(line)
        }
        if output.exitCode != 0 {
            throw ExitCode(output.exitCode)
        }
    }

    struct DecodeFailure: Error {
        var text: String
    }

    static func decodeFrame(_ argument: String) -> Result<(Int, CMPPFrame), DecodeFailure> {
        let digits = Array(argument.utf8.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") })
        guard digits.count % 2 == 0, let bytes = parseHex(digits) else {
            return .failure(DecodeFailure(text: "not hex: an even number of hex digits is expected"))
        }
        do {
            let frame = try CMPPFrame(decoding: ByteBuffer(bytes: bytes))
            return .success((bytes.count, frame))
        } catch {
            return .failure(DecodeFailure(text: "\(error)"))
        }
    }

    private static func parseHex(_ digits: [UInt8]) -> [UInt8]? {
        func nibble(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    // MARK: - Rendering

    static func jsonLine(totalLength: Int, frame: CMPPFrame) -> String {
        JSONWriter.object([
            ("Total_Length", .number(Int64(totalLength))),
            ("Command_Id", .string(frame.message.commandID.name)),
            ("Sequence_Id", .number(Int64(frame.sequenceID.rawValue))),
            ("body", JSONWriter.Value(fields: frame.message.fields)),
        ])
    }

    static func textLines(totalLength: Int, frame: CMPPFrame) -> [String] {
        ["\(frame.message.commandID.name)  Total_Length \(totalLength)  Sequence_Id \(frame.sequenceID)"]
            + textLines(frame.message.fields, indent: "  ")
    }

    private static func textLines(_ fields: [CMPPField], indent: String) -> [String] {
        fields.flatMap { field -> [String] in
            switch field.value {
            case .integer(let number): ["\(indent)\(field.name): \(number)"]
            case .string(let string): ["\(indent)\(field.name): \(string)"]
            case .bytes(let bytes): ["\(indent)\(field.name): \(JSONWriter.hex(bytes))"]
            case .list(let strings): ["\(indent)\(field.name): \(strings.joined(separator: ", "))"]
            case .object(let nested): ["\(indent)\(field.name):"] + textLines(nested, indent: indent + "  ")
            }
        }
    }
}

/// A small JSON writer that keeps keys in the order given.
///
/// Hand-written rather than Foundation's `JSONSerialization` because the output should list fields in wire
/// order, as the spec's tables do; `JSONSerialization` can only keep dictionary order unspecified or sort
/// the keys alphabetically.
enum JSONWriter {
    indirect enum Value {
        case number(Int64)
        case string(String)
        case array([Value])
        case object([(String, Value)])

        init(fields: [CMPPField]) {
            self = .object(fields.map { ($0.name, Value($0.value)) })
        }

        init(_ value: CMPPField.Value) {
            switch value {
            case .integer(let number): self = .number(number)
            case .string(let string): self = .string(string)
            case .bytes(let bytes): self = .string(JSONWriter.hex(bytes))
            case .list(let strings): self = .array(strings.map(Value.string))
            case .object(let fields): self.init(fields: fields)
            }
        }
    }

    static func object(_ members: [(String, Value)]) -> String {
        var out = ""
        write(.object(members), to: &out)
        return out
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func write(_ value: Value, to out: inout String) {
        switch value {
        case .number(let number):
            out += String(number)
        case .string(let string):
            writeString(string, to: &out)
        case .array(let values):
            out += "["
            for (index, element) in values.enumerated() {
                if index > 0 { out += ", " }
                write(element, to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, element)) in members.enumerated() {
                if index > 0 { out += ", " }
                writeString(key, to: &out)
                out += ": "
                write(element, to: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ string: String, to out: inout String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let digits = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
