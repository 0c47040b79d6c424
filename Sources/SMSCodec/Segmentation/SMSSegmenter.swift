/// Splits text or binary data into the user data of concatenated short messages (3GPP TS 23.040 §9.2.3.24.1,
/// TS 23.038 §6.2; shared/spec/sms-pdu.md §13).
///
/// Capacities come from the actual header (``UserData/capacity(for:header:)``), so national language elements
/// shrink parts as they should: 160/153/152 septets, 140/134/133 octets, 70/67/66 UCS2 units with no header, an
/// 8-bit or a 16-bit concatenation element; 155 septets with a single-shift element alone, 149 with it and an
/// 8-bit concatenation element.
///
/// A part never splits an `ESC x` pair or a surrogate pair, and keeps each grapheme cluster (a flag, an emoji
/// with modifiers, a letter with combining marks, CR LF) whole when the cluster fits in a part; a cluster larger
/// than a part is split between Unicode scalars. A single part carries no concatenation element, but does carry
/// national language elements when it uses a national table.
///
/// ### Examples
/// 161 × "a" → two parts of 153 and 8 septets, headers `05 00 03 rr 02 01` and `05 00 03 rr 02 02`.
public enum SMSSegmenter {
    /// The parts of `text`: one `UserData` per short message, in order, with a UDH carrying the concatenation
    /// element (and national language elements when used) when more than one part is needed. An empty text is
    /// one empty part.
    ///
    /// - Throws: ``SMSCodecError/Code/unencodableCharacter`` when ``SMSSegmentationOptions/Encoding/gsm7`` is
    ///   forced on text the GSM 7-bit tables cannot hold (the offset names the character, in Unicode scalars);
    ///   ``SMSCodecError/Code/tooLong`` when the text needs more than ``SMSSegmentationOptions/maximumParts``;
    ///   ``SMSCodecError/Code/invalidValue`` when `maximumParts` is below 1.
    public static func split(_ text: String, options: SMSSegmentationOptions = .init()) throws(SMSCodecError)
        -> [UserData]
    {
        try plan(for: text, options: options).parts(options: options)
    }

    /// Binary data (8-bit, TS 23.038 §4) split into parts of 140 octets, or 134/133 with a concatenation element.
    ///
    /// - Throws: ``SMSCodecError/Code/tooLong`` when the data needs more than ``SMSSegmentationOptions/maximumParts``.
    public static func split(data: [UInt8], options: SMSSegmentationOptions = .init()) throws(SMSCodecError)
        -> [UserData]
    {
        try SegmentPlan(alphabet: .eightBit, tables: nil, units: data, atomEnds: Array(data.indices.map { $0 + 1 }))
            .parts(options: options)
    }

    /// The alphabet (and national tables) `split` would choose for `text`, without splitting.
    ///
    /// `alphabetTables` is the GSM 7-bit alphabet (with its shift tables) for ``SMSAlphabet/gsm7`` and `nil`
    /// otherwise.
    ///
    /// - Throws: as ``split(_:options:)`` does for the choice of alphabet.
    public static func chooseEncoding(
        for text: String,
        options: SMSSegmentationOptions = .init()
    ) throws(SMSCodecError) -> (alphabet: SMSAlphabet, alphabetTables: GSM7Alphabet?) {
        let plan = try plan(for: text, options: options)
        return (plan.alphabet, plan.tables)
    }

    /// How many parts `split` would produce for `text`, and in which alphabet: for a UI's character counter.
    ///
    /// - Throws: as ``split(_:options:)`` does, except that more parts than `maximumParts` is not an error here.
    public static func partCount(
        for text: String,
        options: SMSSegmentationOptions = .init()
    ) throws(SMSCodecError) -> (alphabet: SMSAlphabet, parts: Int) {
        let plan = try plan(for: text, options: options)
        return (plan.alphabet, plan.partRanges(referenceKind: options.referenceKind).count)
    }

    // MARK: - Choosing the encoding

    static func plan(for text: String, options: SMSSegmentationOptions) throws(SMSCodecError) -> SegmentPlan {
        let kind = options.referenceKind
        switch options.encoding {
        case .ucs2:
            return SegmentPlan.ucs2(text, referenceKind: kind)
        case .eightBit:
            return SegmentPlan.utf8(text, referenceKind: kind)
        case .gsm7:
            return try gsm7Plan(for: text, options: options)
        case .auto:
            do {
                return try gsm7Plan(for: text, options: options)
            } catch {
                return SegmentPlan.ucs2(text, referenceKind: kind)
            }
        }
    }

    /// The GSM 7-bit plan with the fewest parts: the default tables when they hold the text, else the national
    /// table pair (from the opted-in languages) that needs the fewest parts, ties going to fewer header elements,
    /// then to fewer septets, then to the order of ``SMSSegmentationOptions/nationalLanguages``.
    private static func gsm7Plan(for text: String, options: SMSSegmentationOptions) throws(SMSCodecError)
        -> SegmentPlan
    {
        let kind = options.referenceKind
        let defaultFailure: SMSCodecError
        do {
            return try SegmentPlan.gsm7(text, tables: GSM7Alphabet(), referenceKind: kind)
        } catch {
            defaultFailure = error
        }
        var languages: [GSMNationalLanguage] = [.default]
        for language in options.nationalLanguages where !languages.contains(language) {
            languages.append(language)
        }
        var best: (plan: SegmentPlan, rank: (parts: Int, elements: Int, septets: Int))?
        var furthestFailure = defaultFailure
        for locking in languages where GSM7Tables.lockingShift(for: locking) != nil {
            for single in languages where GSM7Tables.singleShift(for: single) != nil {
                guard locking != .default || single != .default,
                    let tables = try? GSM7Alphabet(lockingShift: locking, singleShift: single)
                else { continue }
                let plan: SegmentPlan
                do {
                    plan = try SegmentPlan.gsm7(text, tables: tables, referenceKind: kind)
                } catch {
                    if (error.offset ?? 0) > (furthestFailure.offset ?? 0) {
                        furthestFailure = error
                    }
                    continue
                }
                let parts = plan.partRanges(referenceKind: kind).count
                let elements = (locking == .default ? 0 : 1) + (single == .default ? 0 : 1)
                let rank = (parts, elements, plan.units.count)
                if let current = best, current.rank <= rank {
                    continue
                }
                best = (plan, rank)
            }
        }
        guard let best else { throw furthestFailure }
        return best.plan
    }
}
