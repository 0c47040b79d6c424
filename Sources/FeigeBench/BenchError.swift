import CMPPCore
import CMPPNIO
import FeigeGateway

/// Why a bench could not run at all (a failure during the run is counted in the result instead).
public enum BenchError: Error, Sendable, CustomStringConvertible {
    /// The gateway answered CMPP_CONNECT with a non-zero Status (§7.4.1.2).
    case loginRefused(target: String, status: CMPPConnectStatus)
    /// No link could be opened and logged in.
    case cannotConnect(target: String, reason: String)
    /// Not all K links came up in time.
    case linksNotReady(target: String, ready: Int, wanted: Int)
    /// The embedded gateway did not start.
    case gatewayFailedToStart(String)
    /// `--cpu-wakeup-latency-us` asked for a request this process cannot make.
    case cpuWakeUpLatency(CPUWakeUpLatencyRequest.Error)

    public var description: String {
        switch self {
        case .loginRefused(let target, let status):
            "\(Self.name(target)) refused the login: Status \(status.rawValue) (\(status))"
        case .cannotConnect(let target, let reason):
            "could not connect to \(Self.name(target)) and log in: \(reason)"
        case .linksNotReady(let target, let ready, let wanted):
            "only \(ready) of \(wanted) links to \(Self.name(target)) logged in"
        case .gatewayFailedToStart(let reason):
            "the embedded gateway did not start: \(reason)"
        case .cpuWakeUpLatency(let error):
            "--cpu-wakeup-latency-us: \(error)"
        }
    }

    /// "the embedded gateway" or "the gateway at HOST:PORT".
    private static func name(_ target: String) -> String {
        target == BenchTarget.embedded.description ? "the embedded gateway" : "the gateway at \(target)"
    }

    /// The bench's reading of a client or session error raised while logging in.
    static func login(_ error: any Error, target: String) -> BenchError {
        if let error = error as? CMPPClientError {
            if let status = error.connectStatus { return .loginRefused(target: target, status: status) }
            if let underlying = error.underlying { return login(underlying, target: target) }
            return .cannotConnect(target: target, reason: "\(error)")
        }
        if let error = error as? CMPPSessionError, let status = error.connectStatus {
            return .loginRefused(target: target, status: status)
        }
        return .cannotConnect(target: target, reason: "\(error)")
    }
}
