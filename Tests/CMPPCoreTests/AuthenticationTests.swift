import CMPPCore
import Foundation
import Testing

@Suite("MD5 authenticators (§7.4.1)")
struct AuthenticationTests {
    let source = try! CMPPAuthenticator(bytes: hexBytes("90d00c1d517abd0b4f65f6bcf8535d16"))

    @Test func authenticatorSourceVector() {
        // Fact sheet §10 ex. 1.
        let computed = CMPPAuthentication.authenticatorSource(sourceAddress: "900001", secret: "888888", timestamp: 1_021_080_510)
        #expect(computed == source)
        #expect(computed.hexString == "90d00c1d517abd0b4f65f6bcf8535d16")
    }

    @Test func authenticatorISMGUsesOneStatusByteOn2x() {
        // §10 ex. 2 and §11 #1: the 2.0 vector hashes Status as one byte; the 3.0 vector as four.
        let oneByte = CMPPAuthentication.authenticatorISMG(status: .success, authenticatorSource: source, secret: "888888")
        #expect(oneByte.hexString == "6c0b846e25bab6daa4ed1c466e0f4bd8")
        let fourBytes = CMPPAuthentication.authenticatorISMG(
            status: .success,
            authenticatorSource: source,
            secret: "888888",
            statusEncoding: .standard(for: .v3_0)
        )
        #expect(fourBytes.hexString == "7942977274098cf210ab0c16c367bc8d")
        #expect(CMPPAuthentication.StatusEncoding.standard(for: .v2_0) == .oneByte)
    }

    @Test(arguments: CMPPAuthentication.StatusEncoding.allCases)
    func verificationAcceptsEveryKnownStatusEncoding(_ encoding: CMPPAuthentication.StatusEncoding) {
        let response = CMPPConnectResponse(
            status: .success,
            authenticatorISMG: CMPPAuthentication.authenticatorISMG(
                status: .success,
                authenticatorSource: source,
                secret: "888888",
                statusEncoding: encoding
            ),
            version: .v2_0
        )
        #expect(CMPPAuthentication.verify(response, authenticatorSource: source, secret: "888888") == encoding)
        #expect(CMPPAuthentication.verify(response, authenticatorSource: source, secret: "wrong") == nil)
    }

    @Test func shortSourceAddressIsPaddedButBothReadingsVerify() {
        // §11 #2: gocmpp pads to 6 bytes in the MD5, SMSGate does not.
        let padded = CMPPAuthentication.authenticatorSource(sourceAddress: "9001", secret: "s", timestamp: 102_150_405)
        let unpadded = CMPPAuthentication.authenticatorSource(
            sourceAddress: "9001",
            secret: "s",
            timestamp: 102_150_405,
            padSourceAddress: false
        )
        #expect(padded != unpadded)
        for authenticator in [padded, unpadded] {
            let connect = CMPPConnect(sourceAddress: "9001", authenticatorSource: authenticator, version: .v2_0, timestamp: 102_150_405)
            #expect(CMPPAuthentication.verify(connect, secret: "s"))
        }
    }

    @Test func timestampIsZeroPaddedAndZoned() {
        // §11 #3: January gives a 9-digit number but a 10-character string.
        let date = Date(timeIntervalSince1970: 1_704_207_845)  // 2024-01-02 15:04:05 UTC
        let china = CMPPTimestamp(date: date)
        #expect(china.rawValue == 102_230_405)
        #expect(china.string == "0102230405")
        let utc = CMPPTimestamp(date: date, timeZone: TimeZone(secondsFromGMT: 0)!)
        #expect(utc.string == "0102150405")
    }

    @Test func authenticatorDescriptionIsRedacted() {
        #expect(!"\(source)".contains("90d0"))
        #expect(!"\(CMPPConnect(sourceAddress: "900001", secret: "888888", timestamp: 1))".contains("<redacted>") == false)
    }
}
