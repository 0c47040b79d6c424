import FeigeBench
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `feige bench`'s progress line on standard error, rewritten in place with `\r` while a run goes on; it
/// prints nothing unless enabled (standard error is a terminal and `--json` is off).
final class BenchProgressLine: Sendable {
    private let enabled: Bool
    private let shown = Atomic<Bool>(false)

    init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Whether standard error is a terminal.
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// The callback to hand the runner, `nil` when disabled.
    var callback: (@Sendable (BenchProgress) -> Void)? {
        guard enabled else { return nil }
        return { [self] progress in show(progress) }
    }

    /// The text of one progress line.
    static func text(_ progress: BenchProgress) -> String {
        let elapsed = String(format: "%.1f s", progress.elapsedSeconds)
        if progress.linksOpened > 0 { return "\(elapsed)  \(progress.linksOpened) links open" }
        let rate = progress.elapsedSeconds > 0 ? Double(progress.submitted) / progress.elapsedSeconds : 0
        var text = "\(elapsed)  \(progress.submitted) submitted  " + String(format: "%.0f/s", rate)
        if progress.reports > 0 { text += "  \(progress.reports) reports" }
        return text
    }

    private func show(_ progress: BenchProgress) {
        shown.store(true, ordering: .relaxed)
        // ESC[K clears what a longer earlier line left.
        FileHandle.standardError.write(Data(("\r" + Self.text(progress) + "\u{1B}[K").utf8))
    }

    /// Ends the line, if one was shown, so later output starts on a fresh line.
    func finish() {
        guard enabled, shown.exchange(false, ordering: .relaxed) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
