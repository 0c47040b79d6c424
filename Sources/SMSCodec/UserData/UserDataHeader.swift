/// A User Data Header (3GPP TS 23.040 §9.2.3.24): `UDHL | IE | IE | …` at the start of TP-UD when TP-UDHI is set.
///
/// The header is a list of ``InformationElement``s kept in their order, unknown ones included; typed views
/// read and replace the elements this codec interprets (concatenation, ports, national language tables).
///
/// ### Examples
/// `05 00 03 C3 02 01` — UDHL 5, IEI 0x00 (8-bit concatenation), reference 0xC3, 2 parts, part 1.
public struct UserDataHeader: Hashable, Sendable {
    /// The elements in header order.
    public var elements: [InformationElement]

    public init(elements: [InformationElement] = []) {
        self.elements = elements
    }

    /// The octets the header takes in TP-UD, its length octet (UDHL) included.
    public var encodedLength: Int {
        1 + elements.reduce(0) { $0 + $1.encodedLength }
    }

    /// The header's octets, UDHL first.
    public func encoded() -> [UInt8] {
        var octets: [UInt8] = []
        octets.reserveCapacity(encodedLength)
        octets.append(UInt8(truncatingIfNeeded: encodedLength - 1))
        for element in elements {
            octets.append(element.identifier.rawValue)
            octets.append(UInt8(truncatingIfNeeded: element.data.count))
            octets.append(contentsOf: element.data)
        }
        return octets
    }

    /// Reads a header from the start of `octets` (UDHL first).
    ///
    /// - Parameter offset: where `octets` starts in the whole input, for error reporting.
    /// - Returns: the header and the number of octets it takes (UDHL + 1).
    /// - Throws: ``SMSCodecError/Code/truncated`` when UDHL or an element's length runs past the input or the
    ///   header, naming the field and offset.
    public static func decode(
        _ octets: some Collection<UInt8>,
        offset: Int = 0
    ) throws(SMSCodecError) -> (header: UserDataHeader, length: Int) {
        guard let udhl = octets.first.map(Int.init) else {
            throw SMSCodecError(.truncated, field: "UDHL", offset: offset, reason: "no header length octet")
        }
        // Index the input in place; only each element's data is copied.
        let count = octets.count
        let start = octets.startIndex
        func octet(_ position: Int) -> UInt8 { octets[octets.index(start, offsetBy: position)] }
        guard udhl + 1 <= count else {
            throw SMSCodecError(
                .truncated,
                field: "UDHL",
                offset: offset,
                reason: "header length \(udhl) exceeds the \(count - 1) octets of user data"
            )
        }
        var elements: [InformationElement] = []
        elements.reserveCapacity(2)
        var index = 1
        while index < udhl + 1 {
            guard index + 1 < udhl + 1 else {
                throw SMSCodecError(
                    .truncated,
                    field: "UDH IE",
                    offset: offset + index,
                    reason: "information element header runs past the end of the UDH"
                )
            }
            let identifier = InformationElement.Identifier(rawValue: octet(index))
            let length = Int(octet(index + 1))
            guard index + 2 + length <= udhl + 1 else {
                throw SMSCodecError(
                    .truncated,
                    field: "UDH IE",
                    offset: offset + index,
                    reason: "information element 0x\(String(identifier.rawValue, radix: 16)) of \(length) octets "
                        + "runs past the end of the UDH"
                )
            }
            let dataStart = octets.index(start, offsetBy: index + 2)
            let data = Array(octets[dataStart..<octets.index(dataStart, offsetBy: length)])
            elements.append(InformationElement(identifier: identifier, data: data))
            index += 2 + length
        }
        return (UserDataHeader(elements: elements), udhl + 1)
    }

    // MARK: - Typed views

    /// The concatenation element (IEI 0x00 or 0x08), if a valid one is present. Setting replaces any
    /// concatenation element in place, or appends one; `nil` removes them.
    public var concatenation: SMSConcatenation? {
        get { elements.lazy.compactMap(SMSConcatenation.init).first }
        set {
            replace(
                where: { $0 == .concatenated8BitReference || $0 == .concatenated16BitReference },
                with: newValue?.element
            )
        }
    }

    /// The application ports (IEI 0x04 or 0x05), if present.
    public var ports: ApplicationPorts? {
        get { elements.lazy.compactMap(ApplicationPorts.init).first }
        set {
            replace(where: { $0 == .applicationPort8Bit || $0 == .applicationPort16Bit }, with: newValue?.element)
        }
    }

    /// The national language single-shift table (IEI 0x24), if signalled.
    public var singleShift: GSMNationalLanguage? {
        get { language(of: .nationalLanguageSingleShift) }
        set { setLanguage(newValue, of: .nationalLanguageSingleShift) }
    }

    /// The national language locking-shift table (IEI 0x25), if signalled.
    public var lockingShift: GSMNationalLanguage? {
        get { language(of: .nationalLanguageLockingShift) }
        set { setLanguage(newValue, of: .nationalLanguageLockingShift) }
    }

    private func language(of identifier: InformationElement.Identifier) -> GSMNationalLanguage? {
        guard let element = elements.first(where: { $0.identifier == identifier }), element.data.count == 1 else {
            return nil
        }
        return GSMNationalLanguage(rawValue: element.data[0])
    }

    private mutating func setLanguage(_ language: GSMNationalLanguage?, of identifier: InformationElement.Identifier) {
        replace(
            where: { $0 == identifier },
            with: language.map { InformationElement(identifier: identifier, data: [$0.rawValue]) }
        )
    }

    private mutating func replace(
        where matches: (InformationElement.Identifier) -> Bool,
        with element: InformationElement?
    ) {
        let position = elements.firstIndex { matches($0.identifier) }
        elements.removeAll { matches($0.identifier) }
        guard let element else { return }
        elements.insert(element, at: min(position ?? elements.count, elements.count))
    }
}
