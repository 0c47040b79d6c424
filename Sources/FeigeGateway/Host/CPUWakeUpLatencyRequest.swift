import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A request to Linux that idle CPUs wake within ``limit``: the kernel's CPU latency QoS interface
/// (`/dev/cpu_dma_latency`, Documentation/power/pm_qos_interface.rst), held while the file stays open.
///
/// The kernel then keeps idle CPUs out of the idle states that take longer than ``limit`` to leave. On a
/// virtual machine whose idle driver is `haltpoll` a limit of 0 keeps an idle vCPU polling instead of halting:
/// a thread woken on it runs at once, without the hypervisor first scheduling the vCPU again, and the waker
/// sends no interrupt (issue #6, tenth round). On physical machines it keeps the cores out of their deep
/// sleep states. Either way idle CPUs draw more power, which is why the gateway holds it only while busy
/// (``WakeUpLatencyHolder``).
///
/// Opening the file needs root or write access to it (a udev rule); the request ends when ``release()`` is
/// called or the request is freed, and when the process exits.
public final class CPUWakeUpLatencyRequest: Sendable {
    /// The kernel's CPU latency QoS device.
    public static let devicePath = "/dev/cpu_dma_latency"

    /// The largest limit the kernel takes: its value is a 32-bit count of microseconds.
    public static let maximumLimit = Duration.microseconds(Int64(Int32.max))

    /// Why a request could not be made.
    public enum Error: Swift.Error, Hashable, CustomStringConvertible {
        /// The limit is negative or beyond ``CPUWakeUpLatencyRequest/maximumLimit``.
        case limitOutOfRange(Duration)
        /// The device does not exist: not Linux, or a kernel without CPU latency QoS.
        case unavailable(path: String)
        /// This process may not write the device (it needs root, or a udev rule that grants access).
        case notPermitted(path: String)
        /// Opening or writing the device failed otherwise.
        case failed(path: String, errno: Int32)

        public var description: String {
            switch self {
            case .limitOutOfRange(let limit):
                "a CPU wake-up latency limit must be 0…\(Int32.max) µs, not \(limit)"
            case .unavailable(let path):
                "\(path) does not exist: this system offers no CPU latency request (Linux PM QoS)"
            case .notPermitted(let path):
                "\(path) is not writable by this process: a CPU wake-up latency request needs root or a udev rule "
                    + "that grants write access"
            case .failed(let path, let errno):
                "\(path): \(String(cString: strerror(errno)))"
            }
        }
    }

    /// The limit asked for.
    public let limit: Duration
    /// The open device while the request holds; `nil` once released.
    private let descriptor: Mutex<Int32?>

    /// Asks the kernel that idle CPUs wake within `limit` (rounded down to whole microseconds), until
    /// ``release()``.
    /// - Parameter path: the device; another file only in tests.
    /// - Throws: ``Error``.
    public init(limit: Duration, path: String = CPUWakeUpLatencyRequest.devicePath) throws(Error) {
        guard limit >= .zero, limit <= Self.maximumLimit else { throw .limitOutOfRange(limit) }
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            switch code {
            case ENOENT: throw .unavailable(path: path)
            case EACCES, EPERM: throw .notPermitted(path: path)
            default: throw .failed(path: path, errno: code)
            }
        }
        // The kernel reads a binary s32 in the machine's byte order (it also takes a hex string).
        var microseconds = Int32(limit.microseconds)
        let written = withUnsafeBytes(of: &microseconds) { write(descriptor, $0.baseAddress, $0.count) }
        guard written == MemoryLayout<Int32>.size else {
            let code = written < 0 ? errno : EIO
            close(descriptor)
            throw .failed(path: path, errno: code)
        }
        self.limit = limit
        self.descriptor = Mutex(descriptor)
    }

    /// Whether the request still holds.
    public var isHeld: Bool { descriptor.withLock { $0 != nil } }

    /// Ends the request; the kernel lets CPUs sleep as deeply as before. Calling it again does nothing.
    public func release() {
        let descriptor = self.descriptor.withLock { descriptor in
            defer { descriptor = nil }
            return descriptor
        }
        if let descriptor { close(descriptor) }
    }

    deinit {
        release()
    }
}
