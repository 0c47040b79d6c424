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
        var word: [UInt8] = []
        word.reserveCapacity(longestKeyword + 1)
        var index = content.readerIndex
        let end = content.writerIndex - (step - 1)
        while index < end {
            let unit: UInt16
            if step == 1 {
                unit = UInt16(content.getInteger(at: index, as: UInt8.self) ?? 0)
            } else {
                unit = content.getInteger(at: index, endianness: .big, as: UInt16.self) ?? 0
            }
            index += step
            guard unit < 0x80 else { return true }  // not plain ASCII: let the full check decide
            let byte = UInt8(unit)
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                if word.isEmpty { continue }  // leading whitespace
                break
            }
            word.append((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
            if word.count > longestKeyword { return false }
        }
        return keywords.contains(word)
    }
}
