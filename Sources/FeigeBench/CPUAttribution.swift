/// Who used how much CPU during a run: the gateway's event loops, the client's event loops, and the rest of
/// the process.
///
/// In embedded mode the gateway and the client each run their own `MultiThreadedEventLoopGroup`, and every task
/// of the bench's client side (the submitting tasks, the delivery reader, the client's background work) runs
/// on the client's loops (``EventLoopTaskExecutor``), so the client's CPU is its loops' CPU. The rest of the
/// process (Swift's cooperative pool, where the gateway's dispatcher and simulated network run, and the
/// store's writer queue) is the gateway's: ``gatewaySeconds`` is its loops plus ``otherSeconds``, and
/// ``otherSeconds`` is shown on its own. Against a remote gateway the whole process is the client and the
/// gateway's CPU is unknown.
public struct CPUAttribution: Hashable, Sendable {
    /// The whole process.
    public var processSeconds: Double
    /// The gateway's event loops; `nil` for a remote gateway or without `/proc`.
    public var gatewayLoopSeconds: Double?
    /// The client's event loops; `nil` without `/proc`.
    public var clientLoopSeconds: Double?

    public init(processSeconds: Double, gatewayLoopSeconds: Double?, clientLoopSeconds: Double?) {
        self.processSeconds = processSeconds
        self.gatewayLoopSeconds = gatewayLoopSeconds
        self.clientLoopSeconds = clientLoopSeconds
    }

    /// The client's CPU: its event loops when a gateway shares the process, else the whole process.
    public var clientSeconds: Double {
        guard gatewayLoopSeconds != nil, let clientLoopSeconds else { return processSeconds }
        return clientLoopSeconds
    }

    /// The gateway's CPU: its loops and the threads that are neither group's loops; `nil` when unknown.
    public var gatewaySeconds: Double? {
        guard let gatewayLoopSeconds, let otherSeconds else { return nil }
        return gatewayLoopSeconds + otherSeconds
    }

    /// CPU of threads that are neither group's loops; `nil` when a group's figure is unknown.
    public var otherSeconds: Double? {
        guard let clientLoopSeconds else { return nil }
        return Swift.max(0, processSeconds - (gatewayLoopSeconds ?? 0) - clientLoopSeconds)
    }

    /// What was used between `start` and `end`.
    public static func between(_ start: CPUSample, _ end: CPUSample) -> CPUAttribution {
        func delta(_ a: Double?, _ b: Double?) -> Double? {
            guard let a, let b else { return nil }
            return Swift.max(0, b - a)
        }
        return CPUAttribution(
            processSeconds: Swift.max(0, end.processSeconds - start.processSeconds),
            gatewayLoopSeconds: delta(start.gatewayLoopSeconds, end.gatewayLoopSeconds),
            clientLoopSeconds: delta(start.clientLoopSeconds, end.clientLoopSeconds)
        )
    }
}

/// The cumulative CPU seconds of the process and of each group's loops at one moment.
public struct CPUSample: Hashable, Sendable {
    public var processSeconds: Double
    public var gatewayLoopSeconds: Double?
    public var clientLoopSeconds: Double?

    public init(processSeconds: Double, gatewayLoopSeconds: Double?, clientLoopSeconds: Double?) {
        self.processSeconds = processSeconds
        self.gatewayLoopSeconds = gatewayLoopSeconds
        self.clientLoopSeconds = clientLoopSeconds
    }

    /// Reads the figures now; `gateway` is `nil` for a remote gateway.
    public static func now(gateway: EventLoopThreads?, client: EventLoopThreads) -> CPUSample {
        CPUSample(
            processSeconds: SystemProbe.processCPUSeconds(),
            gatewayLoopSeconds: gateway?.cpuSeconds(),
            clientLoopSeconds: client.cpuSeconds()
        )
    }
}
