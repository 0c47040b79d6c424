/// A PDU-mode message as `AT+CMGS`, `+CMT`, `+CMGR` and `+CDS` carry it (3GPP TS 27.005 §3.1): the service
/// centre address field of the RP layer, then the TPDU (TS 23.040 §9.2).
///
/// The SMSC field's first octet counts the octets that follow, Type-of-Address included; `00` means none
/// (use the one from `AT+CSCA`). The `<length>` of `AT+CMGS` and friends is ``cmgsLength``: the TPDU octets,
/// **not** counting the SMSC field.
///
/// ### Examples
/// ```swift
/// let pdu = try SMSPDU(hex: "0891683108200805F011190D91683188902848F40008FF108FD9662F4E0067616D4B8BD577ED4FE1",
///                      direction: .automatic)
/// pdu.cmgsLength // 31
/// ```
public struct SMSPDU: Hashable, Sendable {
    /// The SMSC address, `nil` for the `00` field.
    public var serviceCentre: SMSAddress?
    public var tpdu: TPDU

    public init(serviceCentre: SMSAddress? = nil, tpdu: TPDU) {
        self.serviceCentre = serviceCentre
        self.tpdu = tpdu
    }

    /// Decodes PDU-mode octets: SMSC field, then the TPDU. This is the hot path; octets after the user data
    /// are ignored.
    ///
    /// - Throws: ``SMSCodecError`` naming the field (`SMSC`, `TP-OA`, `TP-SCTS`, …) and its octet offset.
    public init(bytes: [UInt8], direction: TPDU.Direction = .automatic) throws(SMSCodecError) {
        self = try PDUReader.withReader(bytes) { (reader) throws(SMSCodecError) in
            let serviceCentre = try SMSAddress.decodeServiceCentre(from: &reader)
            return SMSPDU(serviceCentre: serviceCentre, tpdu: try TPDU.decode(from: &reader, direction: direction))
        }
    }

    /// Decodes a PDU-mode hex string (either case).
    ///
    /// - Throws: ``SMSCodecError/Code/invalidHex`` for odd length or non-hex characters, otherwise as
    ///   ``init(bytes:direction:)``.
    public init(hex: some StringProtocol, direction: TPDU.Direction = .automatic) throws(SMSCodecError) {
        try self.init(bytes: PDUHex.decode(hex), direction: direction)
    }

    /// The PDU-mode octets: SMSC field, then the TPDU.
    public func encoded() throws(SMSCodecError) -> [UInt8] {
        try SMSAddress.encodedServiceCentre(serviceCentre) + tpdu.encoded()
    }

    /// The PDU-mode hex string (uppercase) and the `AT+CMGS` length (TPDU octets, SMSC field not counted).
    public func pduMode() throws(SMSCodecError) -> (hex: String, cmgsLength: Int) {
        let smsc = try SMSAddress.encodedServiceCentre(serviceCentre)
        let tpdu = try tpdu.encoded()
        return (PDUHex.encode(smsc + tpdu), tpdu.count)
    }

    /// The `AT+CMGS`/`+CMT`/`+CMGR` length of PDU-mode octets as received: all octets after the SMSC field.
    public static func cmgsLength(ofPDU bytes: [UInt8]) -> Int {
        guard let smscLength = bytes.first else { return 0 }
        return max(0, bytes.count - 1 - Int(smscLength))
    }

    /// The `AT+CMGS` length: the octets of the TPDU as encoded.
    public var cmgsLength: Int {
        (try? tpdu.encoded().count) ?? 0
    }
}
