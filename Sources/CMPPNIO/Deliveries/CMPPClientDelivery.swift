/// One thing the ISMG delivered to the SP with CMPP_DELIVER (§7.4.5.1), as ``CMPPClient/deliveries`` hands it
/// over: an MO message or a status report.
public enum CMPPClientDelivery: Hashable, Sendable {
    /// A message from a handset; a long one arrives merged.
    case message(CMPPMOMessage)
    /// A status report on a submitted part.
    case report(CMPPDeliveryReport)
}
