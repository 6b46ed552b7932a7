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
    /// Its standard error is the caller's, or appended to the file `appendingStandardErrorTo` (created if missing).
    ///
    /// Peak memory is the child's own `VmHWM`, sampled from /proc every 5 ms while it runs: `ru_maxrss` from
    /// `wait4` would count the parent's high-water mark too, which a spawned child inherits on Linux. Processor
    /// time is the child's own, from `wait4`. The corresponding C functions are `posix_spawnp` and `wait4`.
    /// - Throws: `SystemError` ("cannot start") when the program cannot be started.
    public static func run(
        _ program: String, _ arguments: [String], appendingStandardErrorTo errorLog: String? = nil
    ) throws(SystemError) -> Measurement {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        if let errorLog {
            posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errorLog, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        }
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

    /// What a finished child process printed, and how it ended.
    public struct Output: Sendable {
        /// The exit status, or 128 + the signal that ended it.
        public let status: Int32
        /// What it wrote to standard output.
        public let standardOutput: [UInt8]
        /// What it wrote to standard error.
        public let standardError: [UInt8]

        /// Standard error as text (invalid UTF-8 replaced), without surrounding white space.
        public var errorText: String {
            String(decoding: standardError, as: UTF8.self).trimmingWhiteSpace()
        }
    }

    /// Runs a program (found on PATH) with standard input from /dev/null, collects its standard output and standard
    /// error (both read as they come, so neither pipe fills up), and waits for it.
    /// The corresponding C functions are `pipe`, `posix_spawnp`, `poll` and `waitpid`.
    /// - Throws: `SystemError` ("cannot start") when the program cannot be started or its pipes cannot be made.
    public static func capture(_ program: String, _ arguments: [String]) throws(SystemError) -> Output {
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { throw SystemError("cannot start", path: program, call: "pipe") }
        guard pipe(&errPipe) == 0 else {
            let failure = SystemError("cannot start", path: program, call: "pipe")
            Glibc.close(outPipe[0]); Glibc.close(outPipe[1])
            throw failure
        }
        // Not inherited by other children started meanwhile; dup2 in the child clears the flag on 1 and 2.
        for descriptor in outPipe + errPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], STDERR_FILENO)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let failure = posix_spawnp(&pid, program, &actions, nil, argv, environ)
        Glibc.close(outPipe[1])
        Glibc.close(errPipe[1])
        guard failure == 0 else {
            Glibc.close(outPipe[0]); Glibc.close(errPipe[0])
            throw SystemError("cannot start", path: program, call: "posix_spawnp", errno: Errno(rawValue: failure))
        }
        var collected: [[UInt8]] = [[], []]
        var open = [outPipe[0], errPipe[0]]
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while open.contains(where: { $0 >= 0 }) {
            var polled = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if poll(&polled, nfds_t(polled.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in polled.indices where open[index] >= 0 && polled[index].revents != 0 {
                let descriptor = open[index]
                let count = buffer.withUnsafeMutableBytes { raw in
                    retryingOnInterrupt { Glibc.read(descriptor, raw.baseAddress, raw.count) }
                }
                if count > 0 {
                    collected[index].append(contentsOf: buffer[0..<count])
                } else {
                    Glibc.close(open[index])
                    open[index] = -1
                }
            }
        }
        for descriptor in open where descriptor >= 0 { Glibc.close(descriptor) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Output(status: exitStatus, standardOutput: collected[0], standardError: collected[1])
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

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks.
    fileprivate func trimmingWhiteSpace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
