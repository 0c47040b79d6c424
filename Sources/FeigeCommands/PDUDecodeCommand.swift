import ArgumentParser
import SMSCodec

/// `feige pdu decode [--json] [--direction …] HEX...`: one dump (or one JSON line) per PDU-mode string.
public struct PDUDecodeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode PDU-mode hex strings (SMSC field + TPDU).",
        discussion: """
            The direction is not in the PDU. By default (--direction auto) a PDU is read as a modem reports it \
            (TP-MTI 00 DELIVER, 10 STATUS-REPORT), except that TP-MTI 01 is a SUBMIT (as read back from storage) \
            unless the whole PDU reads strictly as a SUBMIT-REPORT. An input that cannot be decoded prints an \
            error line and makes the command exit with 1 after the other inputs. The flags srr (SRR, or SRI in \
            a DELIVER), rd, rp and mms are the first-octet bits as sent: mms true means TP-MMS = 1, no more \
            messages waiting.
            """
    )

    /// How to tell apart the types that share a TP-MTI.
    public enum Direction: String, ExpressibleByArgument, CaseIterable, Sendable {
        case auto
        case fromNetwork = "from-network"
        case toNetwork = "to-network"

        var tpduDirection: TPDU.Direction {
            switch self {
            case .auto: .automatic
            case .fromNetwork: .fromNetwork
            case .toNetwork: .toNetwork
            }
        }
    }

    @Flag(help: "Print one JSON object per input line.")
    public var json = false

    @Option(help: "auto, from-network (SC→MS) or to-network (MS→SC).")
    public var direction: Direction = .auto

    @Argument(help: "PDU-mode hex strings, either case.")
    public var hex: [String]

    public init() {}

    public func validate() throws {
        guard !hex.isEmpty else { throw ValidationError("Give at least one PDU-mode hex string.") }
    }

    public func run() throws {
        try Self.output(for: hex, json: json, direction: direction).emit()
    }

    /// The lines to print for `inputs`, and the exit status: 1 when any input failed to decode.
    public static func output(for inputs: [String], json: Bool, direction: Direction = .auto) -> CommandOutput {
        var lines: [String] = []
        var failed = false
        for (index, input) in inputs.enumerated() {
            let object: JSONLine
            do {
                let bytes = try PDUHex.decode(input.trimmingWhitespace)
                object = try describe(SMSPDU(bytes: bytes, direction: direction.tpduDirection), bytes: bytes)
            } catch {
                failed = true
                object = .object([
                    "error": .string(error.reason), "field": .string(error.field), "offset": .int(error.offset),
                ])
            }
            if json {
                lines.append(object.serialized)
            } else {
                if index > 0 { lines.append("") }
                lines += dump(object)
            }
        }
        return CommandOutput(lines: lines, exitCode: failed ? 1 : 0)
    }

    /// The JSON object of a decoded PDU: every key present, `null` where the type has no such field.
    public static func describe(_ pdu: SMSPDU, bytes: [UInt8]) -> JSONLine {
        let tpdu = pdu.tpdu
        let smscLength = Int(bytes.first ?? 0)
        let firstOctet = smscLength + 1 < bytes.count ? bytes[smscLength + 1] : tpdu.firstOctet
        let dcs = tpdu.dataCodingScheme
        let userData = tpdu.userData
        let text = try? tpdu.text()
        var object: [String: JSONLine] = [
            "type": .string(tpdu.typeName),
            "smsc": .string(pdu.serviceCentre?.description),
            "firstOctet": .string(PDUHex.encode([firstOctet])),
            "number": .string(tpdu.address?.description),
            "numberType": .string(tpdu.address?.type.typeOfNumber.description),
            "mr": .int(tpdu.messageReference),
            "pid": .int(tpdu.protocolIdentifier?.rawValue),
            "dcs": .int(dcs?.rawValue),
            "encoding": .string(dcs?.alphabet.rawValue),
            "class": .int(dcs?.messageClass?.rawValue),
            "udh": userData?.header.map { header in
                .array(
                    header.elements.map {
                        .object(["iei": .int($0.identifier.rawValue), "data": .string(PDUHex.encode($0.data))])
                    }
                )
            } ?? .null,
            "concat": userData?.header?.concatenation.map { concatenation in
                .object([
                    "reference": .int(concatenation.reference), "total": .int(concatenation.total),
                    "sequence": .int(concatenation.sequence),
                ])
            } ?? .null,
            "text": .string(text ?? nil),
            "data": (text ?? nil) == nil ? .string(userData.map { PDUHex.encode($0.body) }) : .null,
            "scts": .string(tpdu.serviceCentreTimestamp?.iso8601),
            "dt": .string(tpdu.dischargeTime?.iso8601),
            "vp": .string(tpdu.validityPeriod?.description),
            "st": .string(tpdu.status.map { PDUHex.encode([$0.rawValue]) }),
            "cmgsLength": .int(SMSPDU.cmgsLength(ofPDU: bytes)),
            "srr": .null, "rd": .null, "rp": .null, "mms": .null,
        ]
        switch tpdu {
        case .submit(let submit):
            object["srr"] = .bool(submit.statusReportRequest)
            object["rd"] = .bool(submit.rejectDuplicates)
            object["rp"] = .bool(submit.replyPath)
        case .deliver(let deliver):
            object["srr"] = .bool(deliver.statusReportIndication)
            object["rp"] = .bool(deliver.replyPath)
            object["mms"] = .bool(!deliver.moreMessagesToSend)
        case .statusReport(let report):
            object["mms"] = .bool(!report.moreMessagesToSend)
        case .command(let command):
            object["srr"] = .bool(command.statusReportRequest)
        case .submitReport, .deliverReport:
            break
        }
        return .object(object)
    }

    /// The readable dump: `key: value` for every non-null key, in a reading order.
    static func dump(_ object: JSONLine) -> [String] {
        guard case .object(let members) = object else { return [object.serialized] }
        let order = [
            "error", "field", "offset", "type", "smsc", "firstOctet", "number", "numberType", "mr", "pid", "dcs",
            "encoding", "class", "scts", "dt", "vp", "st", "srr", "rd", "rp", "mms", "udh", "concat", "text", "data",
            "cmgsLength",
        ]
        return order.compactMap { key in
            switch members[key] {
            case nil, .null?: nil
            case .string(let value)?: "\(key): \(value)"
            case let value?: "\(key): \(value.serialized)"
            }
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks (no Foundation needed).
    var trimmingWhitespace: Substring {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return self[start...end]
    }
}
