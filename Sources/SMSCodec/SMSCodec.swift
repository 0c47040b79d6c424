/// SMSCodec: GSM SMS text and PDUs, per 3GPP TS 23.038 (alphabets) and TS 23.040 (TPDUs).
///
/// The module has no dependencies beyond the standard library and Foundation, and knows nothing of modems,
/// sockets or CMPP: the CMPP codec uses it for message text and long-message headers, the modem driver for
/// PDU-mode strings.
public enum SMSCodec {}
