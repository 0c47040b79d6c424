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
    /// Whether a keyword starts with each ASCII byte (lowercase): most texts are ruled out by their first.
    private let startsKeyword: [Bool]

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
        var startsKeyword = [Bool](repeating: false, count: 128)
        for keyword in keywords {
            if let first = keyword.first, first < 0x80 { startsKeyword[Int(first)] = true }
        }
        self.startsKeyword = startsKeyword
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
        // (issue #6: this runs once per MT).
        var word: [UInt8] = []
        let scan = content.withUnsafeReadableBytes { bytes -> FirstWord in
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
                guard unit < 0x80 else { return .notPlainASCII }
                let byte = UInt8(unit)
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    if word.isEmpty { continue }  // leading whitespace
                    break
                }
                let lowered = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
                if word.isEmpty {
                    // Most texts are ruled out by their first letter, before anything is allocated.
                    guard startsKeyword[Int(lowered)] else { return .noKeyword }
                    word.reserveCapacity(longestKeyword + 1)
                }
                word.append(lowered)
                if word.count > longestKeyword { return .noKeyword }
            }
            return .word
        }
        switch scan {
        case .notPlainASCII: return true  // let the full check decide
        case .noKeyword: return false
        case .word: break
        }
        return keywords.contains(word)
    }
}

/// How the first word of a text compares with the keywords, as far as ``AutoReplyPrefilter`` can tell.
private enum FirstWord {
    /// Not plain ASCII: the full check decides.
    case notPlainASCII
    /// It can be no keyword.
    case noKeyword
    /// It was read whole: look it up.
    case word
}
