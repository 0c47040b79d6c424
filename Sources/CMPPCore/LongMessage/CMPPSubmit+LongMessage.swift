import NIOCore
import SMSCodec

extension CMPPSubmit {
    /// How ``parts(of:encoding:reference:referenceKind:template:)`` encodes a text.
    public enum TextEncoding: String, Hashable, Sendable, CaseIterable {
        /// ASCII (Msg_Fmt 0) when every character is ASCII and in the GSM 7-bit alphabet, so the ISMG can send
        /// it as 7-bit text (160 characters a message); UCS2 (Msg_Fmt 8) otherwise.
        case auto
        /// Msg_Fmt 0. The text must be ASCII that GSM 7-bit can carry (a backtick, for one, cannot).
        case ascii
        /// Msg_Fmt 8: UTF-16BE, 70 characters a message, 67 a part.
        case ucs2
        /// Msg_Fmt 15: GB18030, 140 octets a message, 134 a part.
        case gb18030
    }

    /// The SUBMITs that carry `text`: one per part, in order.
    ///
    /// Each is a copy of `template` with Msg_Fmt, TP_udhi, Pk_total, Pk_number and Msg_Content set. A text that
    /// fits one message goes out as one SUBMIT with no header; a longer one is split by SMSCodec's
    /// ``SMSSegmenter`` into parts whose Msg_Content starts with a concatenation header
    /// (`05 00 03 ref total seq`, or `06 08 04 …` with a 16-bit reference), TP_udhi = 1 and
    /// Pk_total/Pk_number = total/part (fact sheet §9.4). Parts never split a GSM escape pair, a surrogate pair
    /// or, where it fits, a grapheme cluster.
    ///
    /// ASCII parts are sized in GSM 7-bit septets, as the ISMG will send them: `[`, `]`, `{`, `}`, `\`, `^`,
    /// `~` and `|` cost two. A single ASCII message can therefore carry 160 bytes, one more than §7.4.3.1's
    /// "Msg_Length < 160" allows; gocmpp and hujm2023 size ASCII content at 160 too (fact sheet §9.2, §11 #11),
    /// and so does Feige's gateway.
    ///
    /// - Parameters:
    ///   - reference: the concatenation reference shared by the parts (the low 8 bits with an 8-bit reference).
    ///   - template: every other field of the SUBMITs.
    /// - Throws: ``CMPPError/Code/invalidText`` when the forced encoding cannot carry the text, or the text needs
    ///   more than 255 parts.
    public static func parts(
        of text: String,
        encoding: TextEncoding = .auto,
        reference: UInt16,
        referenceKind: SMSConcatenation.ReferenceKind = .eightBit,
        template: CMPPSubmit
    ) throws(CMPPError) -> [CMPPSubmit] {
        let options = SMSSegmentationOptions(referenceKind: referenceKind, reference: reference)
        switch encoding {
        case .auto where isASCIIThatGSM7Carries(text), .ascii:
            guard isASCIIThatGSM7Carries(text) else {
                throw CMPPError.invalidText("Msg_Fmt 0 needs ASCII that GSM 7-bit can carry")
            }
            if let single = singleASCIIPart(text, template: template) { return [single] }
            let alphabet = GSM7Alphabet()
            let parts = try segment { () throws(SMSCodecError) in
                try SMSSegmenter.split(text, options: options.with(encoding: .gsm7))
            }
            // The ISMG turns ASCII into septets; the septets of each part decode back to its ASCII.
            return assemble(parts, format: .ascii, template: template) { Array(alphabet.decode($0.body).utf8) }
        case .auto, .ucs2:
            if let single = singleUCS2Part(text, template: template) { return [single] }
            let parts = try segment { () throws(SMSCodecError) in
                try SMSSegmenter.split(text, options: options.with(encoding: .ucs2))
            }
            return assemble(parts, format: .ucs2, template: template) { $0.body }
        case .gb18030:
            let parts = try GB18030Parts.split(text, options: options)
            return assemble(parts, format: .gb18030, template: template) { $0.body }
        }
    }

    /// The SUBMITs that carry binary `data` (Msg_Fmt 4): 140 octets in one message, 134 a part.
    ///
    /// - Throws: ``CMPPError/Code/invalidText`` when the data needs more than 255 parts.
    public static func parts(
        ofData data: [UInt8],
        reference: UInt16,
        referenceKind: SMSConcatenation.ReferenceKind = .eightBit,
        template: CMPPSubmit
    ) throws(CMPPError) -> [CMPPSubmit] {
        let options = SMSSegmentationOptions(referenceKind: referenceKind, reference: reference)
        let parts = try segment { () throws(SMSCodecError) in try SMSSegmenter.split(data: data, options: options) }
        return assemble(parts, format: .binary, template: template) { $0.body }
    }

    // MARK: - One message, no segmenter

    // A text that fits one message needs no split, so it skips SMSSegmenter's per-grapheme plan (most of the
    // cost of `submit(text)` for a short text). The SUBMIT is the one the segmenter's single part would give:
    // no header, TP_udhi 0, Pk_total = Pk_number = 1.

    /// UCS2 (UTF-16BE) in one message: at most 70 UTF-16 code units, 140 octets.
    private static func singleUCS2Part(_ text: String, template: CMPPSubmit) -> CMPPSubmit? {
        let units = text.utf16.count
        guard units <= SMSAlphabet.ucs2.singleMessageCapacity else { return nil }
        var content = ByteBuffer()
        content.writeWithUnsafeMutableBytes(minimumWritableBytes: 2 * units) { raw in
            var offset = 0
            for unit in text.utf16 {
                raw[offset] = UInt8(truncatingIfNeeded: unit >> 8)
                raw[offset + 1] = UInt8(truncatingIfNeeded: unit)
                offset += 2
            }
            return offset
        }
        return singlePart(format: .ucs2, content: content, template: template)
    }

    /// ASCII that GSM 7-bit carries (checked by the caller), in one message: at most 80 characters, so at most
    /// 160 septets even if every one is a two-septet escape. Longer texts may still fit; the segmenter decides.
    private static func singleASCIIPart(_ text: String, template: CMPPSubmit) -> CMPPSubmit? {
        let bytes = text.utf8.count
        guard bytes <= SMSAlphabet.gsm7.singleMessageCapacity / 2 else { return nil }
        var content = ByteBuffer()
        content.reserveCapacity(bytes)
        content.writeString(text)
        return singlePart(format: .ascii, content: content, template: template)
    }

    private static func singlePart(format: CMPPMessageFormat, content: ByteBuffer, template: CMPPSubmit) -> CMPPSubmit {
        var submit = template
        submit.messageFormat = format
        submit.pkTotal = 1
        submit.pkNumber = 1
        submit.tpUDHI = 0
        submit.content = content
        return submit
    }

    // MARK: - Helpers

    private static func isASCIIThatGSM7Carries(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 } && GSM7Alphabet().canEncode(text)
    }

    private static func segment(_ split: () throws(SMSCodecError) -> [UserData]) throws(CMPPError) -> [UserData] {
        do {
            return try split()
        } catch {
            throw CMPPError.invalidText(error.reason)
        }
    }

    private static func assemble(
        _ parts: [UserData],
        format: CMPPMessageFormat,
        template: CMPPSubmit,
        body: (UserData) -> [UInt8]
    ) -> [CMPPSubmit] {
        parts.enumerated().map { index, part in
            var submit = template
            submit.messageFormat = format
            submit.pkTotal = UInt8(parts.count)
            submit.pkNumber = UInt8(index + 1)
            let header = part.header?.encoded() ?? []
            submit.tpUDHI = header.isEmpty ? 0 : CMPPUserData.headerIndicator
            var content = ByteBuffer()
            content.reserveCapacity(header.count + part.body.count)
            content.writeBytes(header)
            content.writeBytes(body(part))
            submit.content = content
            return submit
        }
    }
}

extension SMSSegmentationOptions {
    fileprivate func with(encoding: Encoding) -> SMSSegmentationOptions {
        var options = self
        options.encoding = encoding
        return options
    }
}

/// Splits text into GB18030 parts, which SMSCodec has no segmenter for: GB18030 is not an SMS alphabet, only
/// a CMPP Msg_Fmt. Parts hold whole grapheme clusters (1, 2 or 4 octets a character), 140 octets in one
/// message, 134 (8-bit reference) or 133 (16-bit) after the concatenation header.
private enum GB18030Parts {
    static func split(_ text: String, options: SMSSegmentationOptions) throws(CMPPError) -> [UserData] {
        var characters: [[UInt8]] = []
        for character in text {
            do {
                characters.append(try GB18030.encode(String(character)))
            } catch {
                throw CMPPError.invalidText("the text cannot be encoded in GB18030")
            }
        }
        let whole = characters.flatMap { $0 }
        guard whole.count > SMSAlphabet.eightBit.singleMessageCapacity else {
            return [UserData(alphabet: .eightBit, body: whole)]
        }
        let probe = UserDataHeader(
            elements: [SMSConcatenation(reference: 0, total: 1, sequence: 1, kind: options.referenceKind).element]
        )
        let capacity = UserData.capacity(for: .eightBit, header: probe)
        var bodies: [[UInt8]] = [[]]
        for octets in characters {
            if bodies[bodies.count - 1].count + octets.count > capacity, !bodies[bodies.count - 1].isEmpty {
                bodies.append([])
            }
            bodies[bodies.count - 1] += octets
        }
        guard bodies.count <= 255 else {
            throw CMPPError.invalidText("the text needs \(bodies.count) parts; a long message has at most 255")
        }
        return bodies.enumerated().map { index, body in
            var header = UserDataHeader()
            header.concatenation = SMSConcatenation(
                reference: options.reference,
                total: UInt8(bodies.count),
                sequence: UInt8(index + 1),
                kind: options.referenceKind
            )
            return UserData(header: header, alphabet: .eightBit, body: body)
        }
    }
}
