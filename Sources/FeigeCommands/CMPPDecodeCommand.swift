import ArgumentParser
import CMPPCore
import NIOCore
import SMSCodec

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

    /// The command's logic without I/O: decodes each frame and renders it.
    public static func decode(_ frames: [String], json: Bool) -> CommandOutput {
        var lines: [String] = []
        var failed = false
        for argument in frames {
            switch decodeFrame(argument) {
            case .success(let (totalLength, frame)):
                lines += json ? [jsonLine(totalLength: totalLength, frame: frame)] : textLines(totalLength: totalLength, frame: frame)
            case .failure(let message):
                failed = true
                lines.append(json ? JSONLine.object(["error": .string(message.text)]).serialized : "error: \(message.text)")
            }
        }
        return CommandOutput(lines: lines, exitCode: failed ? 1 : 0)
    }

    public func run() async throws {
        try Self.decode(frames, json: json).emit()
    }

    struct DecodeFailure: Error {
        var text: String
    }

    static func decodeFrame(_ argument: String) -> Result<(Int, CMPPFrame), DecodeFailure> {
        let bytes: [UInt8]
        do {
            bytes = try PDUHex.decode(argument.filter { $0 != " " && $0 != "\t" })
        } catch {
            return .failure(DecodeFailure(text: "not hex: an even number of hex digits is expected"))
        }
        do {
            let frame = try CMPPFrame(decoding: ByteBuffer(bytes: bytes))
            return .success((bytes.count, frame))
        } catch {
            return .failure(DecodeFailure(text: "\(error)"))
        }
    }

    // MARK: - Rendering

    static func jsonLine(totalLength: Int, frame: CMPPFrame) -> String {
        JSONLine.orderedObject([
            .init("Total_Length", .int(totalLength)),
            .init("Command_Id", .string(frame.message.commandID.name)),
            .init("Sequence_Id", .int(frame.sequenceID.rawValue)),
            .init("body", JSONLine(fields: frame.message.fields)),
        ]).serialized
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
            case .bytes(let bytes): ["\(indent)\(field.name): \(hex(bytes))"]
            case .list(let strings): ["\(indent)\(field.name): \(strings.joined(separator: ", "))"]
            case .object(let nested): ["\(indent)\(field.name):"] + textLines(nested, indent: indent + "  ")
            }
        }
    }
}

/// Msg_Content and other binary fields in lowercase hex, as the fact sheet and its vectors write them.
private func hex(_ bytes: [UInt8]) -> String {
    PDUHex.encode(bytes).lowercased()
}

extension JSONLine {
    /// A CMPP message's fields as an object in wire order, under the spec's field names.
    fileprivate init(fields: [CMPPField]) {
        self = .orderedObject(fields.map { Member($0.name, JSONLine($0.value)) })
    }

    fileprivate init(_ value: CMPPField.Value) {
        switch value {
        case .integer(let number): self = .int(number)
        case .string(let string): self = .string(string)
        case .bytes(let bytes): self = .string(hex(bytes))
        case .list(let strings): self = .array(strings.map(JSONLine.string))
        case .object(let fields): self.init(fields: fields)
        }
    }
}
