/// Protocol limits and recommended values of CMPP 2.0, as named constants.
///
/// The spec gives no maximum frame size (§7.3 only says Total_Length counts header and body), so the
/// framer's bound is derived from the largest legal frame; see ``maximumFrameLength``.
public enum CMPPDefaults {
    /// The length of the message header: Total_Length, Command_Id and Sequence_Id, 4 bytes each (§7.3).
    public static let headerLength = 12

    /// The largest Total_Length the frame decoder accepts: 4096 bytes.
    ///
    /// CMPP 2.0 states no maximum. The largest frame a 2.0 peer can legally build is a CMPP_FWD (§7.5.4.1)
    /// with 99 destinations (`DestUsr_tl < 100`) and a Msg_Length at its one-byte maximum of 255:
    /// 152 + 21 × 99 + 255 = 2486 bytes (a CMPP_SUBMIT peaks at 2472). The 3.0 SUBMIT peaks at
    /// 163 + 32 × 99 + 255 = 3586. 4096 covers both versions with room for a sloppy peer, matches the bound
    /// SMSGate's Netty framer uses in production, and stops a corrupt length field from making us buffer
    /// up to 4 GiB before failing.
    public static let maximumFrameLength = 4096

    /// The most destinations one CMPP_SUBMIT or CMPP_FWD may carry: `DestUsr_tl < 100` (§7.4.3.1).
    public static let maximumDestinations = 99

    /// The recommended sliding-window size W: unanswered requests in flight (§6.2).
    public static let windowSize = 16

    /// The recommended idle interval C between CMPP_ACTIVE_TEST probes on a long connection (§6.2).
    public static let activeTestInterval: Duration = .seconds(180)

    /// The recommended response timeout T (§6.2).
    public static let responseTimeout: Duration = .seconds(60)

    /// The recommended number of sends N before a link or message is given up (§6.2).
    public static let maximumSendAttempts = 3
}
