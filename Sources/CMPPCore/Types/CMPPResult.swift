/// The `Result` of CMPP_SUBMIT_RESP (§7.4.3.2), CMPP_DELIVER_RESP (§7.4.5.2) and CMPP_FWD_RESP (§7.5.4.2):
/// an open set.
///
/// 0–8 mean the same in all three. From 9 up, 2.0 says "其他错误" (other errors), except that FWD_RESP
/// gives 9 its own meaning, forwarding decision error. CMPP 2.1 and 3.0 named 9–13 for SUBMIT_RESP;
/// gocmpp and Wireshark apply those names to 2.0 as well (fact sheet §11 #7). We follow the 2.0 text —
/// 9 is ``otherError`` — and expose the later meanings through ``meaning(in:)`` for peers that
/// negotiated 2.1 or later. One byte on a 2.x link, four in 3.0, hence the `UInt32` raw value.
public struct CMPPResult: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public init(integerLiteral value: UInt32) {
        self.rawValue = value
    }

    /// 0 正确.
    public static let success = CMPPResult(rawValue: 0)
    /// 1 消息结构错.
    public static let messageStructureError = CMPPResult(rawValue: 1)
    /// 2 命令字错: also the answer to an unknown Command_Id.
    public static let commandError = CMPPResult(rawValue: 2)
    /// 3 消息序号重复.
    public static let duplicateSequence = CMPPResult(rawValue: 3)
    /// 4 消息长度错.
    public static let messageLengthError = CMPPResult(rawValue: 4)
    /// 5 资费代码错.
    public static let feeCodeError = CMPPResult(rawValue: 5)
    /// 6 超过最大信息长.
    public static let messageTooLong = CMPPResult(rawValue: 6)
    /// 7 业务代码错.
    public static let serviceCodeError = CMPPResult(rawValue: 7)
    /// 8 流量控制错: the sender exceeded its rate or window; SMSGate resends after a delay.
    public static let flowControlError = CMPPResult(rawValue: 8)
    /// 9 其他错误 in SUBMIT_RESP and DELIVER_RESP under 2.0 ("9~", fact sheet §11 #7).
    public static let otherError = CMPPResult(rawValue: 9)
    /// 9 前转判断错 in CMPP_FWD_RESP only: this SP should not go through this ISMG (§7.5.4.2).
    public static let forwardingDecisionError = CMPPResult(rawValue: 9)

    /// What the code means to a peer speaking `version`: 2.0 lumps 9 and above together; 2.1+ names 9–13.
    public func meaning(in version: CMPPVersion) -> String {
        switch rawValue {
        case 0...8: description
        case 9 where version >= .v2_1: "charged number not served by this gateway"
        case 10 where version >= .v2_1: "Src_Id error"
        case 11 where version >= .v2_1: "Msg_src error"
        case 12 where version >= .v2_1: "Fee_terminal_Id error"
        case 13 where version >= .v2_1: "Dest_terminal_Id error"
        default: "other error (\(rawValue))"
        }
    }

    public var description: String {
        switch rawValue {
        case 0: "success"
        case 1: "message structure error"
        case 2: "command error"
        case 3: "duplicate sequence"
        case 4: "message length error"
        case 5: "fee code error"
        case 6: "message too long"
        case 7: "service code error"
        case 8: "flow control error"
        default: "other error (\(rawValue))"
        }
    }
}
