import Crypto
import Foundation

/// The MD5 authenticators of CMPP_CONNECT and CMPP_CONNECT_RESP (§7.4.1).
///
/// ### Examples
/// Source_Addr `900001`, secret `888888`, timestamp 1021080510 →
/// `AuthenticatorSource = 90d00c1d517abd0b4f65f6bcf8535d16`; with Status 0 on a 2.x link,
/// `AuthenticatorISMG = 6c0b846e25bab6daa4ed1c466e0f4bd8` (fact sheet §10 ex. 1–2).
public enum CMPPAuthentication {
    /// How `Status` is serialised into the AuthenticatorISMG MD5 input. The 2.0 text does not say
    /// (fact sheet §6.2, §11 #1), so verification can try each form.
    public enum StatusEncoding: Hashable, Sendable, CaseIterable {
        /// The 1-byte Status field as it is on a 2.x wire ([GO] for 2.x; the fact sheet's 2.0 vector).
        case oneByte
        /// 4 bytes big-endian: the 3.0 width, which [SG] also uses on 2.0 links.
        case fourBytes
        /// The decimal digits as ASCII ([IT] `String.valueOf(status)`).
        case asciiDecimal

        /// The form the wire layout of `version` implies: one byte on 2.x, four bytes on 3.0.
        public static func standard(for version: CMPPVersion) -> StatusEncoding {
            version.uses2xLayouts ? .oneByte : .fourBytes
        }
    }

    /// `AuthenticatorSource = MD5(Source_Addr ‖ 9 × 0x00 ‖ secret ‖ timestamp)` (§7.4.1.1).
    ///
    /// `Source_Addr` is NUL-padded to its 6-byte field width inside the MD5, the literal reading of
    /// "Source_Addr+9字节的0" that gocmpp adopted (fact sheet §11 #2); SMSGate hashes the unpadded bytes,
    /// which only differs for addresses shorter than 6 characters — pass `padSourceAddress: false` to match
    /// such a peer. The timestamp is the zero-padded 10-digit `MMDDHHMMSS` string (§11 #3).
    public static func authenticatorSource(
        sourceAddress: String,
        secret: String,
        timestamp: CMPPTimestamp,
        padSourceAddress: Bool = true
    ) -> CMPPAuthenticator {
        var input = Array(sourceAddress.utf8)
        if padSourceAddress, input.count < 6 {
            input += repeatElement(0, count: 6 - input.count)
        }
        input += repeatElement(0, count: 9)
        input += secret.utf8
        input += timestamp.string.utf8
        return CMPPAuthenticator(digest: Insecure.MD5.hash(data: input))
    }

    /// `AuthenticatorISMG = MD5(Status ‖ AuthenticatorSource ‖ secret)` (§7.4.1.2), with Status serialised
    /// as `statusEncoding` (by default one byte, as the 2.0 Status field is; fact sheet §11 #1).
    public static func authenticatorISMG(
        status: CMPPConnectStatus,
        authenticatorSource: CMPPAuthenticator,
        secret: String,
        statusEncoding: StatusEncoding = .oneByte
    ) -> CMPPAuthenticator {
        var input: [UInt8]
        switch statusEncoding {
        case .oneByte:
            input = [UInt8(truncatingIfNeeded: status.rawValue)]
        case .fourBytes:
            let value = status.rawValue
            input = [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
        case .asciiDecimal:
            input = Array(String(status.rawValue).utf8)
        }
        input += authenticatorSource.bytes
        input += secret.utf8
        return CMPPAuthenticator(digest: Insecure.MD5.hash(data: input))
    }

    /// Whether `connect` carries the AuthenticatorSource `secret` yields, accepting both readings of a short
    /// Source_Addr (§11 #2): the tolerant server side of ``authenticatorSource(sourceAddress:secret:timestamp:padSourceAddress:)``.
    public static func verify(_ connect: CMPPConnect, secret: String) -> Bool {
        [true, false].contains { pad in
            authenticatorSource(
                sourceAddress: connect.sourceAddress,
                secret: secret,
                timestamp: connect.timestamp,
                padSourceAddress: pad
            ) == connect.authenticatorSource
        }
    }

    /// The Status encoding under which `response` carries the AuthenticatorISMG `secret` yields, trying
    /// every form peers are known to use (§11 #1); `nil` if none matches.
    public static func verify(
        _ response: CMPPConnectResponse,
        authenticatorSource: CMPPAuthenticator,
        secret: String
    ) -> StatusEncoding? {
        StatusEncoding.allCases.first { encoding in
            authenticatorISMG(
                status: response.status,
                authenticatorSource: authenticatorSource,
                secret: secret,
                statusEncoding: encoding
            ) == response.authenticatorISMG
        }
    }
}
