#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// The temporary file the disk probes write to, in the directory under test; removed by ``remove()``.
struct DiskFlushFile {
    private let descriptor: Int32
    private let path: String

    init(directory: String) throws(DiskFlushError) {
        var template = Array((directory.isEmpty ? "." : directory).utf8CString.dropLast())
        template += Array("/.feige-flush-probe-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw .cannotCreate(directory: directory, errno: errno) }
        self.descriptor = descriptor
        self.path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Writes `block` as block number `index` of the file.
    func write(_ block: [UInt8], at index: Int) throws(DiskFlushError) {
        let written = block.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(index * block.count)) }
        guard written == block.count else { throw .writeFailed(errno: written < 0 ? errno : EIO) }
    }

    /// Makes what was written durable: `fdatasync` (`fsync` where there is none).
    func flush() throws(DiskFlushError) {
        #if canImport(Darwin)
        let flushed = fsync(descriptor)
        #else
        let flushed = fdatasync(descriptor)
        #endif
        guard flushed == 0 else { throw .flushFailed(errno: errno) }
    }

    func remove() {
        close(descriptor)
        unlink(path)
    }

    /// The monotonic clock, in nanoseconds.
    static func now() -> UInt64 {
        NIODeadline.now().uptimeNanoseconds
    }

    /// Sleeps until the monotonic clock reads `deadline`.
    static func sleep(until deadline: UInt64) {
        let now = now()
        guard deadline > now else { return }
        _ = usleep(UInt32(clamping: (deadline - now) / 1000))
    }
}
