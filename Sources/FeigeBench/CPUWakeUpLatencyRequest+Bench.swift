import FeigeGateway

extension CPUWakeUpLatencyRequest {
    /// The request `--cpu-wakeup-latency-us` has the bench hold itself, for the run against a remote gateway or
    /// for the disk probe (an embedded gateway holds its own while busy); `nil` without a limit.
    /// - Throws: ``BenchError/cpuWakeUpLatency(_:)`` when the request cannot be made.
    public static func heldByBench(limit: Duration?) throws(BenchError) -> CPUWakeUpLatencyRequest? {
        guard let limit else { return nil }
        do throws(CPUWakeUpLatencyRequest.Error) {
            return try CPUWakeUpLatencyRequest(limit: limit)
        } catch {
            throw .cpuWakeUpLatency(error)
        }
    }
}
