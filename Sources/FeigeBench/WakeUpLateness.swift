/// What ``WakeUpProbe`` measured: how late a thread that sleeps 5 ms at a time woke while the bench ran.
/// Encoded as `wakeUpLateness` in `--json` (`null` without `--wake-probe`).
///
/// It is the machine's scheduling delay under the load: a thread woken to do one SUBMIT's part (the gateway's
/// event loop, the store's writer, the client's loop) waits like this for a core. A SUBMIT's answer waits on
/// five such wake-ups, so wake-ups late by half a millisecond or more, a few in every thousand, are a part of
/// the latency tail that the gateway can only shrink by waking fewer threads per SUBMIT (issue #6, eighth
/// round).
public struct WakeUpLateness: Hashable, Sendable, Encodable {
    /// Sleeps the probe completed.
    public var wakeUps: Int
    /// How long after the end of its sleep each wake-up came, in µs.
    public var latenessMicros: LatencyPercentiles
    /// Wake-ups late by more than ``WakeUpProbe/lateThreshold`` (0.5 ms).
    public var lateWakeUps: Int
    /// The lateness of those, in all, in ms.
    public var lateMillis: Double

    public init(wakeUps: Int, latenessMicros: LatencyPercentiles, lateWakeUps: Int, lateMillis: Double) {
        self.wakeUps = wakeUps
        self.latenessMicros = latenessMicros
        self.lateWakeUps = lateWakeUps
        self.lateMillis = lateMillis
    }
}
