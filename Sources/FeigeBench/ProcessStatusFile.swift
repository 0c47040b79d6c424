#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `/proc/self/status`, opened once and kept open, so the process's memory can still be read once it has no
/// file descriptor left to open it with: `feige bench --idle-links N` near the descriptor limit.
public final class ProcessStatusFile: Sendable {
    private let descriptor: Int32

    /// Opens the file; `nil` where there is none (not Linux) or it cannot be opened.
    public init?() {
        let descriptor = open("/proc/self/status", O_RDONLY)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// The status now, read from the start of the file again.
    public func read() -> ProcessStatus {
        ProcessStatus(parsing: SystemProbe.readWholeFile(descriptor))
    }
}
