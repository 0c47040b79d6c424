/// The CPU time fields of a Linux `/proc/<pid>/stat` or `/proc/<pid>/task/<tid>/stat` line (proc(5)).
///
/// The second field, `(comm)`, is the thread's name and may itself hold spaces and parentheses, so fields are
/// counted from the *last* `)`: utime and stime are fields 14 and 15, in clock ticks (`sysconf(_SC_CLK_TCK)`).
public struct ProcStat: Hashable, Sendable {
    /// Time spent in user mode, in clock ticks.
    public var userTicks: UInt64
    /// Time spent in kernel mode, in clock ticks.
    public var systemTicks: UInt64

    public init(userTicks: UInt64, systemTicks: UInt64) {
        self.userTicks = userTicks
        self.systemTicks = systemTicks
    }

    /// User plus system ticks.
    public var totalTicks: UInt64 { userTicks + systemTicks }

    /// Parses one stat line; `nil` when it is not one.
    public init?(line: String) {
        guard let close = line.lastIndex(of: ")") else { return nil }
        // Fields 3… (state, ppid, …) follow ") ".
        let fields = line[line.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // utime is field 14, stime field 15: indices 11 and 12 counting from field 3.
        guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return nil }
        self.init(userTicks: user, systemTicks: system)
    }
}
