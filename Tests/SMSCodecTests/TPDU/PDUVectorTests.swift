import Foundation
import SMSCodec
import Testing

@Suite("PDU vectors of shared/vectors/pdu.json")
struct PDUVectorTests {
    @Test func vectorsArePresent() {
        #expect(
            PDUVector.all.count >= 36,
            "expected the vectors at \(PDUVector.fileURL.path); found \(PDUVector.all.count)"
        )
    }

    @Test(arguments: PDUVector.all)
    func decodesToTheRecordedValues(vector: PDUVector) throws {
        let bytes = try PDUHex.decode(vector.pdu)
        let pdu: SMSPDU
        do {
            pdu = try SMSPDU(bytes: bytes, direction: .automatic)
        } catch {
            // A malformed vector may be rejected, but only with a typed error that names a field.
            #expect(vector.isMalformed, "vector \(vector.id): \(error)")
            #expect(error.field != nil)
            return
        }
        let tpdu = pdu.tpdu
        if let type = vector.value("type") { #expect(tpdu.typeName == type as? String) }
        if let smsc = vector.value("smsc") { #expect(pdu.serviceCentre?.description == smsc as? String) }
        if let number = vector.value("number") { #expect(tpdu.address?.description == number as? String) }
        if let text = vector.value("text") {
            if tpdu.dataCodingScheme?.alphabet == .eightBit {
                // 8-bit data is not text; the sources show its octets as characters.
                #expect(tpdu.userData.map { String(decoding: $0.body, as: UTF8.self) } == text as? String)
                #expect(try tpdu.text() == nil)
            } else {
                #expect(try tpdu.text() == text as? String)
            }
        }
        if let dcs = vector.value("dcs") { #expect(tpdu.dataCodingScheme.map { Int($0.rawValue) } == dcs as? Int) }
        if let pid = vector.value("pid") { #expect(tpdu.protocolIdentifier.map { Int($0.rawValue) } == pid as? Int) }
        if let mr = vector.value("mr") { #expect(tpdu.messageReference.map(Int.init) == mr as? Int) }
        if let scts = vector.value("scts") { #expect(tpdu.serviceCentreTimestamp?.iso8601 == scts as? String) }
        if let dt = vector.value("dt") { #expect(tpdu.dischargeTime?.iso8601 == dt as? String) }
        if let st = vector.value("st") { #expect(tpdu.status.map { PDUHex.encode([$0.rawValue]) } == st as? String) }
        if let vp = vector.value("vp") { #expect(tpdu.validityPeriod?.description == vp as? String) }
        if let first = vector.value("first_octet") { #expect(PDUHex.encode([tpdu.firstOctet]) == first as? String) }
        if let length = vector.value("cmgs_length") { #expect(SMSPDU.cmgsLength(ofPDU: bytes) == length as? Int) }
        if let udh = vector.value("udh") {
            let expected = (udh as? [[String: Any]] ?? []).map { "\($0["iei"] ?? "")=\($0["data"] ?? "")" }
            let actual = tpdu.userData?.header?.elements.map { "\($0.identifier.rawValue)=\(PDUHex.encode($0.data))" }
            #expect(actual ?? [] == expected)
        }
    }

    /// shared/spec/sms-pdu.md §16: SUBMITs, and every other well-formed vector, re-encode byte for byte — except
    /// vector 6, whose sender set its fill bit to 1 (an encoder writes zero fill bits, TS 23.040 §9.2.3.24).
    @Test(arguments: PDUVector.all.filter { !$0.isMalformed && $0.id != 6 })
    func reEncodesByteForByte(vector: PDUVector) throws {
        let bytes = try PDUHex.decode(vector.pdu)
        let pdu = try SMSPDU(bytes: bytes, direction: .automatic)
        let (hex, length) = try pdu.pduMode()
        #expect(hex == vector.pdu.uppercased())
        #expect(length == SMSPDU.cmgsLength(ofPDU: bytes))
    }

    /// Every prefix of every vector gives a value or a typed error, never a crash.
    @Test func everyPrefixDecodesOrFailsWithATypedError() throws {
        var errors = 0
        for vector in PDUVector.all {
            let bytes = try PDUHex.decode(vector.pdu)
            for count in 0..<bytes.count {
                for direction in TPDU.Direction.allCases {
                    do {
                        _ = try SMSPDU(bytes: Array(bytes.prefix(count)), direction: direction)
                    } catch {
                        #expect(error.field != nil && error.offset != nil)
                        errors += 1
                    }
                }
            }
        }
        #expect(errors > 0)
    }
}
