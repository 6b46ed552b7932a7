import Glibc

/// One run of a child process: its wall time, peak resident memory and exit status.
struct ChildRun {
    let seconds: Double
    let peakResidentBytes: Int
    let status: Int32
}

/// Runs a program with its standard output sent to /dev/null, and measures it.
/// The corresponding C functions are `posix_spawn` and `wait4`.
func measure(_ program: String, _ arguments: [String]) -> ChildRun? {
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
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    var ended = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ended)
    let seconds = Double(ended.tv_sec - started.tv_sec) + Double(ended.tv_nsec - started.tv_nsec) / 1e9
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return ChildRun(seconds: seconds, peakResidentBytes: usage.ru_maxrss * 1024, status: exitStatus)
}

/// Whether a program can be found on PATH.
func isOnPath(_ program: String) -> Bool {
    let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains { access("\($0)/\(program)", X_OK) == 0 }
}
