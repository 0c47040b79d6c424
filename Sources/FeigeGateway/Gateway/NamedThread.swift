import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts the gateway's own threads (the store's writer and checkpointer, the bench's probe) under a name the
/// system shows: `top -H`, `perf`, `/proc/PID/task/TID/comm`.
///
/// Foundation's `Thread.name` does not reach the system on Linux when set before `start()`, so these threads
/// showed under the name of whichever libdispatch thread created them (`com.apple.root.default-qos`), beside
/// the global executor's own — which made profiles of the store hard to read (issue #6, eighth round). The
/// name is set from inside the thread, cut to the 15 bytes Linux keeps.
package enum NamedThread {
    /// The most bytes of a name the system keeps (Linux: 16 with the terminating NUL).
    package static let maximumNameLength = 15

    /// Starts a thread named `name` that runs `body`.
    package static func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            nameCurrentThread(name)
            body()
        }
        thread.name = name
        thread.start()
    }

    /// The name the system shows for the calling thread (empty where it cannot be read).
    package static func currentName() -> String {
        #if canImport(Darwin)
        var buffer = [CChar](repeating: 0, count: 64)
        guard pthread_getname_np(pthread_self(), &buffer, buffer.count) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #else
        // Linux keeps it in the thread's `comm`, with a newline.
        guard let text = try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8) else { return "" }
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
        #endif
    }

    private static func nameCurrentThread(_ name: String) {
        var bytes = Array(name.utf8.prefix(maximumNameLength))
        // A name cut in the middle of a character would show as garbage: drop the partial character.
        while !bytes.isEmpty, String(validating: bytes, as: UTF8.self) == nil { bytes.removeLast() }
        #if canImport(Darwin)
        _ = pthread_setname_np(String(decoding: bytes, as: UTF8.self))
        #else
        // `pthread_setname_np` is not visible to Swift from glibc (a GNU extension), nor is `prctl` (variadic):
        // the calling thread's `comm` file takes the name. A failure leaves the inherited name.
        let descriptor = open("/proc/thread-self/comm", O_WRONLY)
        guard descriptor >= 0 else { return }
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        #endif
    }
}
