import ArgumentParser
import SMSCodec

/// `feige pdu encode --to NUMBER [options] TEXT`: the SMS-SUBMIT PDUs of a message, one line per part:
/// `<AT+CMGS length> <PDU-mode hex>`.
public struct PDUEncodeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode a text as SMS-SUBMIT PDUs, one line per part: <AT+CMGS length> <hex>.",
        discussion: """
            Long texts are split into concatenated parts (153 GSM 7-bit / 67 UCS2 characters with an 8-bit \
            reference, 152/66 with a 16-bit one). The AT+CMGS length counts the TPDU only, not the SMSC field.
            """
    )

    @Option(help: "Destination: +international digits, national digits, or text (alphanumeric).")
    public var to: String

    @Option(help: "Service centre number for the SMSC field; omitted: 00, the modem's AT+CSCA.")
    public var smsc: String?

    @Flag(help: "Request a status report (TP-SRR).")
    public var report = false

    @Flag(help: "Ask the SC to reject a duplicate (TP-RD).")
    public var rejectDuplicates = false

    @Option(help: "Relative validity, e.g. 30m, 1h, 7d, 2w, 1h30m (rounded up to the next TP-VP step).")
    public var validity: String?

    @Option(name: .customLong("class"), help: "Message class 0-3 (0 = flash).")
    public var messageClass: Int?

    @Option(help: "auto, gsm7, ucs2 or 8bit.")
    public var encoding: SMSSegmentationOptions.Encoding = .auto

    @Option(help: "Concatenation reference 0-65535 (above 255: a 16-bit reference element).")
    public var reference: Int = 0

    @Flag(help: "Send as a flash message (class 0).")
    public var flash = false

    @Flag(help: "Print the parts as a JSON list of {\"cmgsLength\", \"pdu\"}.")
    public var json = false

    @Argument(help: "The message text.")
    public var text: String

    public init() {}

    public func validate() throws {
        guard !to.trimmingWhitespace.isEmpty else { throw ValidationError("--to must name a destination.") }
        if let messageClass, !(0...3).contains(messageClass) {
            throw ValidationError("--class must be 0, 1, 2 or 3, not \(messageClass).")
        }
        if flash, let messageClass, messageClass != 0 {
            throw ValidationError("--flash means class 0; it cannot go with --class \(messageClass).")
        }
        guard (0...0xFFFF).contains(reference) else {
            throw ValidationError("--reference must be 0-65535, not \(reference).")
        }
        if let validity {
            guard let seconds = Self.seconds(of: validity) else {
                throw ValidationError("--validity '\(validity)' is not a duration like 30m, 12h, 7d or 2w.")
            }
            guard (try? ValidityPeriod.relative(covering: seconds)) != nil else {
                throw ValidationError("--validity '\(validity)' exceeds 63 weeks, the longest relative validity.")
            }
        }
    }

    public func run() throws {
        try output().emit()
    }

    /// The lines to print: one `<length> <hex>` per part (or one JSON list), or an error line with status 1.
    public func output() -> CommandOutput {
        do {
            let parts = try pdus()
            if json {
                let list = JSONLine.array(
                    parts.map { .object(["cmgsLength": .int($0.cmgsLength), "pdu": .string($0.hex)]) }
                )
                return CommandOutput(lines: [list.serialized])
            }
            return CommandOutput(lines: parts.map { "\($0.cmgsLength) \($0.hex)" })
        } catch {
            let object = JSONLine.object([
                "error": .string(error.reason), "field": .string(error.field), "offset": .int(error.offset),
            ])
            return CommandOutput(lines: [json ? object.serialized : "error: \(error)"], exitCode: 1)
        }
    }

    /// The PDU-mode strings of every part and their `AT+CMGS` lengths.
    public func pdus() throws(SMSCodecError) -> [(hex: String, cmgsLength: Int)] {
        let options = SMSSegmentationOptions(
            encoding: encoding,
            referenceKind: reference > 0xFF ? .sixteenBit : .eightBit,
            reference: UInt16(truncatingIfNeeded: reference)
        )
        let validityPeriod = try validity.flatMap(Self.seconds(of:)).map(ValidityPeriod.relative(covering:))
        let messageClass = flash ? MessageClass.class0 : self.messageClass.flatMap { MessageClass(rawValue: UInt8($0)) }
        let destination = SMSAddress(to.trimmingWhitespace.description)
        let serviceCentre = smsc.map { SMSAddress($0.trimmingWhitespace.description) }
        return try SMSSegmenter.split(text, options: options).map { (userData) throws(SMSCodecError) in
            let submit = SMSSubmit(
                destination: destination,
                userData: userData,
                dataCodingScheme: DataCodingScheme(alphabet: userData.alphabet, messageClass: messageClass),
                validityPeriod: validityPeriod,
                statusReportRequest: report,
                rejectDuplicates: rejectDuplicates
            )
            return try SMSPDU(serviceCentre: serviceCentre, tpdu: .submit(submit)).pduMode()
        }
    }

    /// Seconds of a duration like `90s`, `30m`, `12h`, `7d`, `2w` or `1h30m`; `nil` when malformed or zero.
    static func seconds(of text: String) -> Int? {
        var total = 0
        var number: Int?
        for character in text.lowercased() {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (product, overflow) = (number ?? 0).multipliedReportingOverflow(by: 10)
                guard !overflow, product <= Int(Int32.max) else { return nil }
                number = product + digit
                continue
            }
            let unit: Int
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86_400
            case "w": unit = 7 * 86_400
            default: return nil
            }
            guard let value = number else { return nil }
            total += value * unit
            number = nil
        }
        return number == nil && total > 0 ? total : nil
    }
}

extension SMSSegmentationOptions.Encoding: ExpressibleByArgument {}
