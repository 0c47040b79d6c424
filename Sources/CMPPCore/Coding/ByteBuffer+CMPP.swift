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
            let field = UnsafeRawBufferPointer(rebasing: raw[..<length])
            let end = field.firstIndex(of: 0) ?? length
            return String(decoding: UnsafeRawBufferPointer(rebasing: field[..<end]), as: UTF8.self)
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
        let count = value.utf8.count
        guard count <= length else {
            throw CMPPError.fieldTooLong("\(field)", length: count, limit: length)
        }
        self.writeString(value)
        self.writeRepeatingByte(0, count: length - count)
        return length
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
