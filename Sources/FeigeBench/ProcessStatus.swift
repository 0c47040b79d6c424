/// Memory figures from a Linux `/proc/<pid>/status` file (proc(5)), in bytes.
public struct ProcessStatus: Hashable, Sendable {
    /// VmHWM: the peak resident set size.
    public var peakResidentBytes: UInt64?
    /// VmRSS: the resident set size now.
    public var residentBytes: UInt64?

    public init(peakResidentBytes: UInt64?, residentBytes: UInt64?) {
        self.peakResidentBytes = peakResidentBytes
        self.residentBytes = residentBytes
    }

    /// Reads the `VmHWM:` and `VmRSS:` lines (`VmHWM:     12345 kB`) of `text`.
    public init(parsing text: String) {
        var peak: UInt64?
        var resident: UInt64?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("VmHWM:") {
                peak = Self.kilobytes(line)
            } else if line.hasPrefix("VmRSS:") {
                resident = Self.kilobytes(line)
            }
        }
        self.init(peakResidentBytes: peak, residentBytes: resident)
    }

    private static func kilobytes(_ line: Substring) -> UInt64? {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 3, fields[2] == "kB", let value = UInt64(fields[1]) else { return nil }
        return value * 1024
    }
}
