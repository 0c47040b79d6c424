import NIOCore

// MARK: - Unwinding

extension ByteBuffer {
    /// Runs `body`; if it returns `nil` (input too short) or throws, moves the reader index back to where it
    /// was, so a reader never consumes bytes unless it succeeds (STYLE C.4; NIOSOCKS `parseUnwindingIfNeeded`).
    mutating func cmppParseUnwindingIfNeeded<Result>(
        _ body: (inout ByteBuffer) throws -> Result?
    ) rethrows -> Result? {
        let start = self.readerIndex
        do {
            if let result = try body(&self) {
                return result
            }
        } catch {
            self.moveReaderIndex(to: start)
            throw error
        }
        self.moveReaderIndex(to: start)
        return nil
    }
}

extension ByteBuffer {
    /// Runs a writer, rolling the writer index back if it throws, so a failed encode leaves no partial body.
    mutating func cmppWriteRollingBackOnError(_ body: (inout ByteBuffer) throws -> Void) throws -> Int {
        let start = writerIndex
        do {
            try body(&self)
        } catch {
            moveWriterIndex(to: start)
            throw error
        }
        return writerIndex - start
    }
}

// MARK: - Octet String (§7.1)

extension ByteBuffer {
    /// Reads a fixed-width Octet String of `length` bytes (§7.1) and returns the text before its first NUL.
    ///
    /// Right-padding with binary zero is the convention every implementation writes; decoding stops at the
    /// first NUL ([GO] `ReadCString`). Bytes are read as UTF-8 (invalid sequences become U+FFFD): fields
    /// are ASCII in practice. Strings of up to 15 bytes, which covers phone numbers, codes and Stat, are
    /// stored inline by Swift and cost no allocation. Returns `nil`, consuming nothing, when fewer than
    /// `length` bytes are readable.
    public mutating func readCMPPOctetString(length: Int) -> String? {
        guard self.readableBytes >= length else { return nil }
        let string = self.withUnsafeReadableBytes { raw in
            String(cmppOctetString: UnsafeRawBufferPointer(rebasing: raw[..<length]))
        }
        self.moveReaderIndex(forwardBy: length)
        return string
    }

    /// Writes `value` left-aligned in a fixed-width Octet String of `length` bytes, right-padded with binary
    /// zero (§7.1 "右补0则补二进制的零").
    ///
    /// - Throws: ``CMPPError/Code/fieldTooLong`` when the UTF-8 form of `value` is longer than the field;
    ///   nothing is truncated silently. Nothing is written on error.
    @discardableResult
    public mutating func writeCMPPOctetString(_ value: String, length: Int, field: StaticString) throws -> Int {
        try cmppCheckOctetString(value, fits: length, field: field)
        return self.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { raw in
            var writer = CMPPByteWriter(raw, length: length)
            writer.writeOctetString(value, length: length)
            return length
        }
    }

    /// Reads a fixed-width Octet String that §7.5.4.1 specifies as right-aligned and left-padded with ASCII
    /// `'0'` (FWD `Source_Id`/`Destination_Id`), accepting gocmpp's left-aligned, NUL-padded form too
    /// (fact sheet §11 #12) and normalising it: `"1002\0\0"` reads as `"001002"`, as the spec writes it.
    /// So decoding and re-encoding is stable whichever form came in.
    public mutating func readCMPPZeroPaddedOctetString(length: Int) -> String? {
        guard let value = readCMPPOctetString(length: length) else { return nil }
        let count = value.utf8.count
        return count < length ? String(repeating: "0", count: length - count) + value : value
    }

    /// Writes `value` right-aligned in a fixed-width Octet String, left-padded with ASCII `'0'`
    /// (§7.1 "左补0则补ASCII表示的零"): the padding §7.5.4.1 prescribes for FWD `Source_Id`/`Destination_Id`.
    ///
    /// - Throws: ``CMPPError/Code/fieldTooLong`` when `value` is longer than the field.
    @discardableResult
    public mutating func writeCMPPZeroPaddedOctetString(_ value: String, length: Int, field: StaticString) throws
        -> Int
    {
        let count = value.utf8.count
        guard count <= length else {
            throw CMPPError.fieldTooLong("\(field)", length: count, limit: length)
        }
        self.writeRepeatingByte(UInt8(ascii: "0"), count: length - count)
        self.writeString(value)
        return length
    }
}

// MARK: - Counts

extension ByteBuffer {
    /// Writes a one-byte length or count (Msg_Length, DestUsr_tl), refusing values above `limit`.
    mutating func writeCMPPCount(_ count: Int, limit: Int, field: StaticString) throws {
        guard count <= limit else {
            throw CMPPError.fieldTooLong("\(field)", length: count, limit: limit)
        }
        self.writeInteger(UInt8(truncatingIfNeeded: count))
    }
}

// MARK: - Raw cursors

/// A cursor over a body's bytes, so that a hot message is decoded in one `withUnsafeReadableBytes` pass.
///
/// Every `ByteBuffer` call costs a dynamic exclusivity check on its storage plus bounds checks and index
/// arithmetic; with one call per field these dominated the SUBMIT/DELIVER profile. The caller checks that
/// the whole layout is readable first, so the reads here are unchecked (bounds are debug-checked only).
struct CMPPByteReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    @inline(__always)
    mutating func readInteger<Integer: FixedWidthInteger>(as: Integer.Type = Integer.self) -> Integer {
        let value = Integer(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Integer.self))
        offset &+= MemoryLayout<Integer>.size
        return value
    }

    /// A fixed-width Octet String (§7.1): see ``NIOCore/ByteBuffer/readCMPPOctetString(length:)``.
    @inline(__always)
    mutating func readOctetString(length: Int) -> String {
        let string = String(cmppOctetString: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset &+ length]))
        offset &+= length
        return string
    }
}

/// A cursor over reserved writable bytes, so that a hot message is encoded in one
/// `writeWithUnsafeMutableBytes` call; see ``CMPPByteReader`` for why. The caller reserves the exact
/// length and validates every field first, so nothing is written when encoding fails.
struct CMPPByteWriter {
    let bytes: UnsafeMutableRawBufferPointer
    private(set) var offset = 0

    /// Zero-fills the first `length` bytes, so Octet Strings need no padding of their own and empty ones
    /// cost nothing.
    init(_ bytes: UnsafeMutableRawBufferPointer, length: Int) {
        self.bytes = bytes
        bytes.baseAddress!.initializeMemory(as: UInt8.self, repeating: 0, count: length)
    }

    @inline(__always)
    mutating func writeInteger<Integer: FixedWidthInteger>(_ value: Integer) {
        bytes.storeBytes(of: value.bigEndian, toByteOffset: offset, as: Integer.self)
        offset &+= MemoryLayout<Integer>.size
    }

    /// Writes `value` left-aligned in `length` bytes, already zero-filled by ``init(_:length:)``; the caller
    /// has checked that it fits with ``cmppCheckOctetString(_:fits:field:)``.
    @inline(__always)
    mutating func writeOctetString(_ value: String, length: Int) {
        if !value.isEmpty {
            let target = bytes.baseAddress! + offset
            let copied: Void? = value.utf8.withContiguousStorageIfAvailable { utf8 in
                target.copyMemory(from: utf8.baseAddress!, byteCount: utf8.count)
            }
            if copied == nil {
                for (index, byte) in value.utf8.enumerated() {
                    target.storeBytes(of: byte, toByteOffset: index, as: UInt8.self)
                }
            }
        }
        offset &+= length
    }

    @inline(__always)
    mutating func writeBytes(_ source: UnsafeRawBufferPointer) {
        if let base = source.baseAddress {
            (bytes.baseAddress! + offset).copyMemory(from: base, byteCount: source.count)
        }
        offset &+= source.count
    }
}

/// Throws ``CMPPError/Code/fieldTooLong`` when the UTF-8 form of `value` does not fit in `length` bytes.
@inline(__always)
func cmppCheckOctetString(_ value: String, fits length: Int, field: StaticString) throws(CMPPError) {
    let count = value.utf8.count
    guard count <= length else {
        throw CMPPError.fieldTooLong("\(field)", length: count, limit: length)
    }
}

/// Throws ``CMPPError/Code/fieldTooLong`` when a one-byte count exceeds `limit`.
@inline(__always)
func cmppCheckCount(_ count: Int, limit: Int, field: StaticString) throws(CMPPError) {
    guard count <= limit else {
        throw CMPPError.fieldTooLong("\(field)", length: count, limit: limit)
    }
}

extension String {
    /// The text of a fixed-width Octet String field (§7.1): the bytes before the first NUL, as UTF-8.
    ///
    /// An empty field gives the immortal `""` without touching the decoder; up to 15 bytes (phone numbers,
    /// codes, Stat) are stored inline by Swift and cost no allocation.
    @inline(__always)
    init(cmppOctetString field: UnsafeRawBufferPointer) {
        var end = 0
        while end < field.count, field[end] != 0 { end &+= 1 }
        if end == 0 {
            self = ""
        } else {
            // Up to 15 bytes this builds a small string in place and, for ASCII, skips UTF-8 validation;
            // other bytes are validated and invalid sequences repaired to U+FFFD, as String(decoding:) does.
            self = String(unsafeUninitializedCapacity: end) { target in
                UnsafeMutableRawBufferPointer(target).copyMemory(from: UnsafeRawBufferPointer(rebasing: field[..<end]))
                return end
            }
        }
    }
}
