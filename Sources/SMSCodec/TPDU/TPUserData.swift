// TP-UDL and TP-UD as the TPDUs read and write them (3GPP TS 23.040 §9.2.3.16, §9.2.3.24), on top of `UserData`.

extension PDUReader {
    /// Reads TP-UDL and TP-UD in the alphabet `dataCodingScheme` gives. Octets after the user data are
    /// ignored; a TP-UDL that overstates the input is clamped, with `clamped` set.
    mutating func readUserData(
        dataCodingScheme: DataCodingScheme,
        hasHeader: Bool
    ) throws(SMSCodecError) -> (userData: UserData, clamped: Bool) {
        let length = Int(try readOctet("TP-UDL"))
        let offset = self.offset
        return try UserData.decode(
            length: length,
            octets: readRest(),
            hasHeader: hasHeader,
            alphabet: dataCodingScheme.userDataAlphabet,
            offset: offset
        )
    }
}

extension UserData {
    /// Appends TP-UDL and TP-UD.
    func encodeWithLength(into octets: inout [UInt8]) {
        octets.append(UInt8(truncatingIfNeeded: length))
        octets.append(contentsOf: encoded())
    }

    /// TP-UDHI: whether TP-UD starts with a header.
    var hasHeader: Bool { header != nil }

    /// Checks that the user data fits a short message: at most 140 octets, and TP-UDL at most 255.
    func validateLength() throws(SMSCodecError) {
        let octets =
            alphabet == .gsm7
            ? GSM7Packing.packedLength(septets: length) : length
        guard octets <= 140 else {
            throw SMSCodecError(
                .tooLong,
                field: "TP-UD",
                reason: "user data of \(octets) octets exceeds the 140 a short message carries"
            )
        }
    }
}
