/// Text or data encoded once, ready to be cut into parts: the body units (septets or octets) of the whole
/// message and the places where a part may end.
///
/// The *atoms* are the runs that must stay in one part: a grapheme cluster's septets or octets, or, for a cluster
/// too large for a part, one Unicode scalar's (so `ESC x` pairs and surrogate pairs are never split).
/// Greedy packing of atoms in order gives the fewest parts.
struct SegmentPlan {
    var alphabet: SMSAlphabet
    var tables: GSM7Alphabet?
    /// The body units of the whole message: septets for GSM 7-bit, octets otherwise.
    var units: [UInt8]
    /// The end offset in ``units`` of every atom, ascending; a part may end only at one of these.
    var atomEnds: [Int]

    // MARK: - Encoding

    static func gsm7(
        _ text: String,
        tables: GSM7Alphabet,
        referenceKind: SMSConcatenation.ReferenceKind
    ) throws(SMSCodecError) -> SegmentPlan {
        let limit = multipartCapacity(alphabet: .gsm7, tables: tables, referenceKind: referenceKind)
        var builder = Builder(limit: limit)
        var position = 0
        for character in text {
            for scalar in character.unicodeScalars {
                guard let code = tables.code(for: scalar) else {
                    throw SMSCodecError(
                        .unencodableCharacter,
                        field: "text",
                        offset: position,
                        reason: "U+\(String(scalar.value, radix: 16, uppercase: true)) has no septet in the "
                            + "\(tables.lockingShift)/\(tables.singleShift) GSM 7-bit tables"
                    )
                }
                if code.escaped {
                    builder.units.append(GSM7Tables.escape)
                }
                builder.units.append(code.septet)
                builder.endScalar()
                position += 1
            }
            builder.endCluster()
        }
        return SegmentPlan(alphabet: .gsm7, tables: tables, units: builder.units, atomEnds: builder.atomEnds)
    }

    static func ucs2(_ text: String, referenceKind: SMSConcatenation.ReferenceKind) -> SegmentPlan {
        var builder = Builder(limit: multipartCapacity(alphabet: .ucs2, tables: nil, referenceKind: referenceKind))
        for character in text {
            for scalar in character.unicodeScalars {
                for unit in scalar.utf16 {
                    builder.units.append(UInt8(truncatingIfNeeded: unit >> 8))
                    builder.units.append(UInt8(truncatingIfNeeded: unit))
                }
                builder.endScalar()
            }
            builder.endCluster()
        }
        return SegmentPlan(alphabet: .ucs2, tables: nil, units: builder.units, atomEnds: builder.atomEnds)
    }

    static func utf8(_ text: String, referenceKind: SMSConcatenation.ReferenceKind) -> SegmentPlan {
        var builder = Builder(
            limit: multipartCapacity(alphabet: .eightBit, tables: nil, referenceKind: referenceKind)
        )
        for character in text {
            for scalar in character.unicodeScalars {
                builder.units += scalar.utf8
                builder.endScalar()
            }
            builder.endCluster()
        }
        return SegmentPlan(alphabet: .eightBit, tables: nil, units: builder.units, atomEnds: builder.atomEnds)
    }

    /// Collects units and atom boundaries: a cluster is one atom unless it is longer than `limit`, in which case
    /// each of its scalars is one.
    private struct Builder {
        let limit: Int
        var units: [UInt8] = []
        var atomEnds: [Int] = []
        private var clusterStart = 0
        private var scalarEnds: [Int] = []

        init(limit: Int) {
            self.limit = limit
        }

        mutating func endScalar() {
            scalarEnds.append(units.count)
        }

        mutating func endCluster() {
            if units.count - clusterStart > limit {
                atomEnds += scalarEnds
            } else {
                atomEnds.append(units.count)
            }
            scalarEnds.removeAll(keepingCapacity: true)
            clusterStart = units.count
        }
    }

    // MARK: - Headers and capacities

    /// The header of a part: the concatenation element (if any), then the single-shift (IEI 0x24) and
    /// locking-shift (IEI 0x25) elements when the tables are national ones (TS 23.040 §9.2.3.24.15/16).
    static func header(tables: GSM7Alphabet?, concatenation: SMSConcatenation?) -> UserDataHeader? {
        var header = UserDataHeader()
        header.concatenation = concatenation
        if let tables, tables.singleShift != .default {
            header.singleShift = tables.singleShift
        }
        if let tables, tables.lockingShift != .default {
            header.lockingShift = tables.lockingShift
        }
        return header.elements.isEmpty ? nil : header
    }

    /// The body units one part of a concatenated message holds.
    static func multipartCapacity(
        alphabet: SMSAlphabet,
        tables: GSM7Alphabet?,
        referenceKind: SMSConcatenation.ReferenceKind
    ) -> Int {
        let probe = SMSConcatenation(reference: 0, total: 1, sequence: 1, kind: referenceKind)
        return UserData.capacity(for: alphabet, header: header(tables: tables, concatenation: probe))
    }

    // MARK: - Cutting

    /// The unit ranges of the parts: one range when everything fits in a single message, else the greedy packing
    /// of atoms into parts with a concatenation element.
    func partRanges(referenceKind: SMSConcatenation.ReferenceKind) -> [Range<Int>] {
        let single = UserData.capacity(for: alphabet, header: Self.header(tables: tables, concatenation: nil))
        guard units.count > single else {
            return [0..<units.count]
        }
        // An atom is never longer than the multipart capacity (see Builder), so every part makes progress.
        let capacity = Self.multipartCapacity(alphabet: alphabet, tables: tables, referenceKind: referenceKind)
        var ranges: [Range<Int>] = []
        var start = 0
        var lastEnd = 0
        for end in atomEnds {
            if end - start > capacity {
                ranges.append(start..<lastEnd)
                start = lastEnd
            }
            lastEnd = end
        }
        ranges.append(start..<lastEnd)
        return ranges
    }

    /// The user data of every part.
    func parts(options: SMSSegmentationOptions) throws(SMSCodecError) -> [UserData] {
        guard options.maximumParts >= 1 else {
            throw SMSCodecError(
                .invalidValue,
                field: "maximumParts",
                reason: "a message needs at least one part, not \(options.maximumParts)"
            )
        }
        let ranges = partRanges(referenceKind: options.referenceKind)
        guard ranges.count > 1 else {
            return [UserData(header: Self.header(tables: tables, concatenation: nil), alphabet: alphabet, body: units)]
        }
        let maximum = min(options.maximumParts, Int(UInt8.max))
        guard ranges.count <= maximum else {
            throw SMSCodecError(
                .tooLong,
                field: "text",
                reason: "the message needs \(ranges.count) parts, more than the \(maximum) allowed"
            )
        }
        return ranges.enumerated().map { index, range in
            let concatenation = SMSConcatenation(
                reference: options.reference,
                total: UInt8(ranges.count),
                sequence: UInt8(index + 1),
                kind: options.referenceKind
            )
            return UserData(
                header: Self.header(tables: tables, concatenation: concatenation),
                alphabet: alphabet,
                body: Array(units[range])
            )
        }
    }
}
