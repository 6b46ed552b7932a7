import Glibc

/// One run of a child process: its wall time, processor time (user and system, on every core), peak resident
/// memory and exit status.
public struct ChildRun: Sendable {
    public let seconds: Double
    public let processorSeconds: Double
    public let peakResidentBytes: Int
    public let status: Int32

    /// The faster of two runs (the first when they tie).
    static func faster(_ first: ChildRun, _ second: ChildRun) -> ChildRun {
        second.seconds < first.seconds ? second : first
    }
}

/// Runs a program with its standard output sent to /dev/null, and measures it.
///
/// Peak memory is the child's own `VmHWM`, sampled from /proc every 5 ms while it runs: `ru_maxrss` from `wait4`
/// would count the parent's high-water mark too, which a spawned child inherits on Linux. Processor time is the
/// child's own, from `wait4`. The corresponding C functions are `posix_spawn` and `wait4`.
public func runMeasured(_ program: String, _ arguments: [String]) -> ChildRun? {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var started = timespec()
    clock_gettime(CLOCK_MONOTONIC, &started)
    var pid: pid_t = 0
    guard posix_spawnp(&pid, program, &actions, nil, argv, environ) == 0 else { return nil }
    var status: Int32 = 0
    var peak = 0
    var usage = rusage()
    while true {
        let reaped = wait4(pid, &status, WNOHANG, &usage)
        if reaped == pid || (reaped < 0 && errno != EINTR) { break }
        peak = max(peak, highWaterMark(of: pid))
        usleep(5_000)
    }
    var ended = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ended)
    let seconds = Double(ended.tv_sec - started.tv_sec) + Double(ended.tv_nsec - started.tv_nsec) / 1e9
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    func inSeconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return ChildRun(seconds: seconds, processorSeconds: inSeconds(usage.ru_utime) + inSeconds(usage.ru_stime),
                    peakResidentBytes: peak, status: exitStatus)
}

/// The peak resident set size of a running process (`VmHWM` in /proc/PID/status), in bytes; 0 if unreadable.
private func highWaterMark(of pid: pid_t) -> Int {
    let descriptor = open("/proc/\(pid)/status", O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return 0 }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
    guard count > 0 else { return 0 }
    let text = String(decoding: buffer[0..<count], as: UTF8.self)
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
    return (Int(line.filter(\.isNumber)) ?? 0) * 1024
}

/// Whether a program can be found on PATH.
func isOnPath(_ program: String) -> Bool {
    let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains { access("\($0)/\(program)", X_OK) == 0 }
}
