/// A bounds-checked cursor over the octets of a PDU, throwing typed errors that name the field and its offset.
///
/// Every read checks the remaining length first, so no input can make a decoder index out of range.
/// Offsets in errors count from the start of the whole PDU-mode input (SMSC field included).
///
/// The reader borrows the input's storage (see ``withReader(_:_:)``): slices of it cost no reference
/// counting, which is most of what a decode would otherwise spend outside the user data.
struct PDUReader {
    typealias Octets = Slice<UnsafeBufferPointer<UInt8>>

    let bytes: UnsafeBufferPointer<UInt8>
    /// Index in ``bytes`` of the next octet.
    var index: Int
    /// What ``bytes``' index 0 is in the whole input, for error offsets.
    let base: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, index: Int = 0, base: Int = 0) {
        self.bytes = bytes
        self.index = index
        self.base = base
    }

    /// The offset of the next octet in the whole input.
    var offset: Int { base + index }

    var remaining: Int { bytes.count - index }

    var isAtEnd: Bool { index >= bytes.count }

    mutating func readOctet(_ field: StaticString) throws(SMSCodecError) -> UInt8 {
        guard index < bytes.count else {
            throw truncated(field, needed: 1)
        }
        let octet = bytes[index]
        index += 1
        return octet
    }

    /// The next octet without consuming it, or `nil` at the end.
    func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    /// Checks that `count` octets remain, for `field`.
    func require(_ count: Int, _ field: StaticString) throws(SMSCodecError) {
        guard count <= remaining else {
            throw truncated(field, needed: count)
        }
    }

    /// The next `count` octets as a slice (no copy), consumed.
    mutating func readSlice(_ count: Int, _ field: StaticString) throws(SMSCodecError) -> Octets {
        try require(count, field)
        let slice = bytes[index..<(index + count)]
        index += count
        return slice
    }

    /// Everything from the next octet to the end, consumed.
    mutating func readRest() -> Octets {
        let slice = bytes[min(index, bytes.count)...]
        index = bytes.count
        return slice
    }

    /// Runs `body` with a reader over `bytes`; the reader must not escape it.
    static func withReader<T>(
        _ bytes: [UInt8],
        _ body: (inout PDUReader) throws(SMSCodecError) -> T
    ) throws(SMSCodecError) -> T {
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<T, SMSCodecError> in
            var reader = PDUReader(buffer)
            do throws(SMSCodecError) {
                return .success(try body(&reader))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    @inline(never)
    func truncated(_ field: StaticString, needed: Int) -> SMSCodecError {
        SMSCodecError(
            .truncated,
            field: "\(field)",
            offset: offset,
            reason: "\(field) needs \(needed) octet(s) but \(max(0, remaining)) remain"
        )
    }

    @inline(never)
    func invalid(_ field: StaticString, at offset: Int, _ reason: String) -> SMSCodecError {
        SMSCodecError(.invalidValue, field: "\(field)", offset: offset, reason: reason)
    }
}
