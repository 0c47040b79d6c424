#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the bench reads about its own process from the operating system: per-thread CPU time, the
/// process's CPU time, its memory, and its file-descriptor limit. Per-thread figures need Linux's `/proc`;
/// elsewhere they are `nil` and the bench says "n/a".
public enum SystemProbe {
    /// The calling thread's kernel id (what `gettid()` returns), read from the `/proc/thread-self` link
    /// (`/proc/<pid>/task/<tid>`); `nil` where there is none.
    public static func currentThreadID() -> Int32? {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBufferPointer {
            readlink("/proc/thread-self", $0.baseAddress!, $0.count - 1)
        }
        guard count > 0 else { return nil }
        let path = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path.split(separator: "/").last.flatMap { Int32($0) }
        #else
        return nil
        #endif
    }

    /// Clock ticks per second, the unit of ``ProcStat``.
    public static var clockTicksPerSecond: Double {
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return ticks > 0 ? Double(ticks) : 100
    }

    /// CPU seconds (user + system) of thread `tid` of this process so far; `nil` if unreadable.
    public static func threadCPUSeconds(_ tid: Int32) -> Double? {
        guard let text = readSmallFile("/proc/self/task/\(tid)/stat"), let stat = ProcStat(line: text) else {
            return nil
        }
        return Double(stat.totalTicks) / clockTicksPerSecond
    }

    /// CPU seconds (user + system) of the whole process so far, threads that have ended included: from
    /// `/proc/self/stat` on Linux (the same figure `getrusage(RUSAGE_SELF)` gives, in the ticks the per-thread
    /// figures use), from `getrusage` elsewhere.
    public static func processCPUSeconds() -> Double {
        #if os(Linux)
        guard let text = readSmallFile("/proc/self/stat"), let stat = ProcStat(line: text) else { return 0 }
        return Double(stat.totalTicks) / clockTicksPerSecond
        #else
        var usage = rusage()
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
        #endif
    }

    /// VmHWM and VmRSS of this process.
    public static func processStatus() -> ProcessStatus {
        ProcessStatus(parsing: readSmallFile("/proc/self/status") ?? "")
    }

    /// Raises the soft `RLIMIT_NOFILE` towards `wanted` (at most to the hard limit) and returns the soft
    /// limit in force afterwards.
    @discardableResult
    public static func raiseOpenFileLimit(to wanted: UInt64) -> UInt64 {
        var limit = rlimit()
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return 0 }
        let current = UInt64(limit.rlim_cur)
        guard current < wanted else { return current }
        let hard = UInt64(limit.rlim_max)
        limit.rlim_cur = rlim_t(min(wanted, hard))
        guard setrlimit(resource, &limit) == 0 else { return current }
        return UInt64(limit.rlim_cur)
    }

    /// The contents of a small file such as one under `/proc` (whose size `stat` reports as 0), or `nil`.
    static func readSmallFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return readWholeFile(descriptor)
    }

    /// The contents of the open file `descriptor`, read from its start (`pread`, so the descriptor can be
    /// read again later).
    static func readWholeFile(_ descriptor: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var offset: off_t = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
            offset += off_t(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
