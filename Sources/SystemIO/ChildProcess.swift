import Glibc

/// Child processes: started, waited for and measured.
public enum ChildProcess {
    /// One finished run of a child process: its wall time, processor time (user and system, on every core), peak
    /// resident memory and exit status.
    public struct Measurement: Sendable {
        /// Wall time from start to exit, on the monotonic clock.
        public let seconds: Double
        /// The child's own user and system time, on every core.
        public let processorSeconds: Double
        /// The child's own peak resident set size as last sampled, in bytes (0 when it was never readable).
        public let peakResidentBytes: Int
        /// The exit status, or 128 + the signal that ended it.
        public let status: Int32
    }

    /// Runs a program (found on PATH) with its standard output sent to /dev/null, waits for it and measures it.
    ///
    /// Peak memory is the child's own `VmHWM`, sampled from /proc every 5 ms while it runs: `ru_maxrss` from
    /// `wait4` would count the parent's high-water mark too, which a spawned child inherits on Linux. Processor
    /// time is the child's own, from `wait4`. The corresponding C functions are `posix_spawnp` and `wait4`.
    /// - Throws: `SystemError` ("cannot start") when the program cannot be started.
    public static func run(_ program: String, _ arguments: [String]) throws(SystemError) -> Measurement {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let started = monotonicSeconds()
        var pid: pid_t = 0
        let failure = posix_spawnp(&pid, program, &actions, nil, argv, environ)
        guard failure == 0 else {
            throw SystemError("cannot start", path: program, call: "posix_spawnp", errno: Errno(rawValue: failure))
        }
        var status: Int32 = 0
        var peak = 0
        var usage = rusage()
        while true {
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid || (reaped < 0 && errno != EINTR) { break }
            peak = max(peak, ResidentMemory.peakBytes(ofProcess: pid) ?? 0)
            usleep(5_000)
        }
        let seconds = monotonicSeconds() - started
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        func inSeconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return Measurement(
            seconds: seconds, processorSeconds: inSeconds(usage.ru_utime) + inSeconds(usage.ru_stime),
            peakResidentBytes: peak, status: exitStatus)
    }

    /// Whether a program can be found on PATH, executable. The corresponding C function is `access`.
    public static func isOnPath(_ program: String) -> Bool {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { access("\($0)/\(program)", X_OK) == 0 }
    }

    private static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
