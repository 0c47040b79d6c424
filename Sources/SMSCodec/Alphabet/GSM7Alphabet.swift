/// Converts text to and from GSM 7-bit septets (3GPP TS 23.038 §6.2.1), with a chosen pair of shift tables.
///
/// The default alphabet is `GSM7Alphabet()`. National language tables are selected by the UDH's IEI 0x25
/// (locking shift) and IEI 0x24 (single shift); Spanish, for instance, has only a single-shift table.
///
/// Decoding never fails: an `ESC x` whose `x` the single-shift table does not define decodes as the
/// locking-shift table's character for `x`, `ESC ESC` as a space, and a trailing lone ESC is dropped
/// (TS 23.038 §6.2.1.1; AOSP `testDecodeExtendedFallback`).
///
/// Encoding is lossless: a character with no septet is an error, never a substitute. In particular ç (U+00E7)
/// is not mapped to Ç (0x09); text with ç goes out in UCS2 or with a national table that has it.
///
/// ### Examples
/// `try GSM7Alphabet().septets(for: "[10€]")` → `1B 3C 31 30 1B 65 1B 3E`.
public struct GSM7Alphabet: Hashable, Sendable {
    /// The locking-shift table in use (the default alphabet unless the UDH says otherwise).
    public let lockingShift: GSMNationalLanguage
    /// The single-shift table in use (the default extension table unless the UDH says otherwise).
    public let singleShift: GSMNationalLanguage

    private let storage: Storage

    /// The alphabet with the given tables.
    ///
    /// - Throws: ``SMSCodecError/Code/unsupported`` when the standard defines no such table or this codec
    ///   does not carry it.
    public init(lockingShift: GSMNationalLanguage = .default, singleShift: GSMNationalLanguage = .default) throws(
        SMSCodecError
    ) {
        if lockingShift == .default, singleShift == .default, let cached = Self.defaultStorage {
            self.lockingShift = lockingShift
            self.singleShift = singleShift
            self.storage = cached
            return
        }
        guard let basic = GSM7Tables.lockingShift(for: lockingShift) else {
            throw SMSCodecError(
                .unsupported,
                field: "locking shift",
                reason: "no locking-shift table for national language \(lockingShift)"
            )
        }
        guard let extended = GSM7Tables.singleShift(for: singleShift) else {
            throw SMSCodecError(
                .unsupported,
                field: "single shift",
                reason: "no single-shift table for national language \(singleShift)"
            )
        }
        self.lockingShift = lockingShift
        self.singleShift = singleShift
        self.storage = Storage(basic: basic, extended: extended)
    }

    /// The default alphabet with its extension table.
    public init() {
        self = Self.default
    }

    /// The lookup tables of the default pair, built once: `UserData.text()` asks for them per message.
    private static let defaultStorage: Storage? = GSM7Tables.lockingShift(for: .default).flatMap { basic in
        GSM7Tables.singleShift(for: .default).map { Storage(basic: basic, extended: $0) }
    }

    /// The default alphabet, its lookup tables built once.
    static let `default`: GSM7Alphabet = {
        // The default tables always exist.
        try! GSM7Alphabet(lockingShift: .default, singleShift: .default)
    }()

    public static func == (lhs: GSM7Alphabet, rhs: GSM7Alphabet) -> Bool {
        lhs.lockingShift == rhs.lockingShift && lhs.singleShift == rhs.singleShift
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(lockingShift)
        hasher.combine(singleShift)
    }

    // MARK: - Encoding

    /// How many septets `scalar` costs: 1 from the locking-shift table, 2 (ESC + code) from the single-shift
    /// table, `nil` when this alphabet cannot represent it.
    @inlinable
    public func septetCount(of scalar: Unicode.Scalar) -> Int? {
        code(for: scalar).map { $0.escaped ? 2 : 1 }
    }

    /// Whether every character of `text` has a septet in this alphabet.
    public func canEncode(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.allSatisfy { code(for: $0) != nil }
    }

    /// The septet count of `text`, or `nil` when a character cannot be encoded.
    public func septetCount(of text: some StringProtocol) -> Int? {
        var total = 0
        for scalar in text.unicodeScalars {
            guard let count = septetCount(of: scalar) else { return nil }
            total += count
        }
        return total
    }

    /// The septets (unpacked, one per element) of `text`; extension characters become `ESC code`.
    ///
    /// - Throws: ``SMSCodecError/Code/unencodableCharacter`` naming the character's position (in Unicode
    ///   scalars) for the first character this alphabet lacks.
    public func septets(for text: some StringProtocol) throws(SMSCodecError) -> [UInt8] {
        var septets: [UInt8] = []
        septets.reserveCapacity(text.utf8.count)
        for (position, scalar) in text.unicodeScalars.enumerated() {
            guard let code = code(for: scalar) else {
                throw SMSCodecError(
                    .unencodableCharacter,
                    field: "text",
                    offset: position,
                    reason: "U+\(String(scalar.value, radix: 16, uppercase: true)) has no septet in the "
                        + "\(lockingShift)/\(singleShift) GSM 7-bit tables"
                )
            }
            if code.escaped {
                septets.append(GSM7Tables.escape)
            }
            septets.append(code.septet)
        }
        return septets
    }

    /// The septet for `scalar`, and whether it must be preceded by ESC.
    @usableFromInline
    func code(for scalar: Unicode.Scalar) -> (septet: UInt8, escaped: Bool)? {
        if let septet = storage.basicCodes[scalar] {
            return (septet, false)
        }
        if let septet = storage.extendedCodes[scalar] {
            return (septet, true)
        }
        return nil
    }

    // MARK: - Decoding

    /// The text of unpacked septets (values 0…127; the high bit is ignored).
    public func decode(_ septets: some Collection<UInt8>) -> String {
        if let text = septets.withContiguousStorageIfAvailable({ decode(buffer: $0) }) {
            return text
        }
        return Array(septets).withUnsafeBufferPointer { decode(buffer: $0) }
    }

    /// Writes UTF-8 straight into the string's storage from tables of precomputed UTF-8 (at most 4 octets per
    /// septet, since ESC + code gives one character).
    func decode(buffer septets: UnsafeBufferPointer<UInt8>) -> String {
        let basic = storage.basicPacked
        let extended = storage.extendedPacked
        return String(unsafeUninitializedCapacity: septets.count * 4) { out in
            var written = 0
            @inline(__always) func append(_ packed: UInt64) {
                let length = Int(packed >> 32)
                var bytes = UInt32(truncatingIfNeeded: packed)
                for offset in 0..<length {
                    out[written + offset] = UInt8(truncatingIfNeeded: bytes)
                    bytes >>= 8
                }
                written += length
            }
            var escaped = false
            for raw in septets {
                let septet = Int(raw & 0x7F)
                if escaped {
                    escaped = false
                    let packed = extended[septet]
                    if packed != 0 {
                        append(packed)
                    } else if septet == Int(GSM7Tables.escape) {
                        append(1 << 32 | 0x20)
                    } else {
                        append(basic[septet])
                    }
                } else if septet == Int(GSM7Tables.escape) {
                    escaped = true
                } else {
                    append(basic[septet])
                }
            }
            return written
        }
    }
}

extension GSM7Alphabet {
    /// Lookup tables built once per alphabet: both directions, with the UTF-8 of every basic character
    /// precomputed so decoding appends bytes instead of building characters.
    @usableFromInline
    final class Storage: Sendable {
        @usableFromInline let basicCodes: [Unicode.Scalar: UInt8]
        @usableFromInline let extendedCodes: [Unicode.Scalar: UInt8]
        /// Per septet, the character's UTF-8 octets (first octet lowest) in bits 0…31 and their count above.
        let basicPacked: [UInt64]
        /// The same for the single-shift table; 0 where it defines nothing.
        let extendedPacked: [UInt64]

        init(basic: [Unicode.Scalar], extended: [UInt8: Unicode.Scalar]) {
            precondition(basic.count == 128, "a locking-shift table has 128 positions")
            var basicCodes: [Unicode.Scalar: UInt8] = [:]
            for (code, scalar) in basic.enumerated() where code != Int(GSM7Tables.escape) {
                // The first position wins where a table repeats a character.
                if basicCodes[scalar] == nil {
                    basicCodes[scalar] = UInt8(code)
                }
            }
            var extendedCodes: [Unicode.Scalar: UInt8] = [:]
            var extendedScalars = [Unicode.Scalar?](repeating: nil, count: 128)
            for (code, scalar) in extended.sorted(by: { $0.key < $1.key }) {
                extendedScalars[Int(code & 0x7F)] = scalar
                if basicCodes[scalar] == nil, extendedCodes[scalar] == nil {
                    extendedCodes[scalar] = code
                }
            }
            self.basicCodes = basicCodes
            self.extendedCodes = extendedCodes
            self.extendedPacked = extendedScalars.map { $0.map(Self.packedUTF8) ?? 0 }
            self.basicPacked = basic.enumerated().map { code, scalar in
                // ESC as a character never reaches here; a stray one decodes as nothing.
                code == Int(GSM7Tables.escape) ? 0 : Self.packedUTF8(of: scalar)
            }
        }

        static func packedUTF8(of scalar: Unicode.Scalar) -> UInt64 {
            let utf8 = Array(String(scalar).utf8)
            var bytes: UInt64 = 0
            for (index, octet) in utf8.enumerated() {
                bytes |= UInt64(octet) << UInt64(8 * index)
            }
            return UInt64(utf8.count) << 32 | bytes
        }
    }
}
