import CMPPCore
import NIOCore

/// Tells, from the raw bytes of an MT, whether ``AutoReplyRules`` may answer it — without decoding the
/// text. Most MT messages match no keyword, and at high rates the simulator should not decode them all.
///
/// Conservative: it answers "no" only when the first word is plain ASCII (in Msg_Fmt 0 or 8) and, compared
/// case-insensitively, is none of the keywords; anything else (a rule that answers every message, another
/// format, a non-ASCII character in the first word) is left to the full check.
struct AutoReplyPrefilter: Sendable {
    private let answersAnyMessage: Bool
    private let keywords: Set<[UInt8]>
    private let longestKeyword: Int

    init(_ rules: AutoReplyRules) {
        var answersAny = false
        var keywords: Set<[UInt8]> = []
        for rule in rules.rules {
            switch rule.trigger {
            case .anyMessage: answersAny = true
            case .keyword(let keyword): keywords.insert(Array(keyword.lowercased().utf8))
            }
        }
        self.answersAnyMessage = answersAny
        self.keywords = keywords
        self.longestKeyword = keywords.map(\.count).max() ?? 0
    }

    /// Whether a rule may match `content` in `format`.
    func mayMatch(_ content: ByteBuffer, format: CMPPMessageFormat) -> Bool {
        if answersAnyMessage { return true }
        if keywords.isEmpty { return false }
        let step: Int
        switch format {
        case .ascii: step = 1
        case .ucs2: step = 2
        default: return true
        }
        // One pass over the raw bytes: a `getInteger` per code unit paid NIO's access checks each time
        // (issue #6: this ran once per MT).
        var word: [UInt8] = []
        word.reserveCapacity(longestKeyword + 1)
        let plain = content.withUnsafeReadableBytes { bytes -> Bool in
            var index = 0
            let end = bytes.count - (step - 1)
            while index < end {
                let unit: UInt16
                if step == 1 {
                    unit = UInt16(bytes[index])
                } else {
                    unit = UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
                }
                index += step
                guard unit < 0x80 else { return false }  // not plain ASCII: let the full check decide
                let byte = UInt8(unit)
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    if word.isEmpty { continue }  // leading whitespace
                    break
                }
                word.append((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
                if word.count > longestKeyword { return true }  // longer than any keyword
            }
            return true
        }
        guard plain else { return true }
        if word.count > longestKeyword { return false }
        return keywords.contains(word)
    }
}
