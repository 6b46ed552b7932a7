import CMalloc
import Glibc
import Synchronization

/// Peak resident memory (`VmHWM`) from Linux's /proc: the most of a process's memory that was ever in RAM at once.
///
/// This only reads. Nothing here writes `/proc/self/clear_refs` (which would start the peak afresh and make outside
/// tools such as `/usr/bin/time` under-report the process's peak).
public enum ResidentMemory {
    /// The highest peak of this process read so far, in bytes.
    private static let highest = Atomic<Int>(0)

    /// The peak resident set size of this process since it started, in bytes; nil where the system does not tell
    /// it. Never less than a figure it returned before: Linux updates its high-water mark lazily and counts resident
    /// pages per thread between syncs, so two readings of `VmHWM` may go down by a few pages.
    /// The corresponding C function is `read` (of `/proc/self/status`).
    public static func peakBytes() -> Int? {
        guard let now = highWaterMark("/proc/self/status") else { return nil }
        return highest.max(now, ordering: .relaxed).newValue
    }

    /// The peak resident set size of another process since it started, in bytes, as its `VmHWM` says now; nil
    /// when the process is gone or the system does not tell it. The corresponding C function is `read` (of
    /// `/proc/PID/status`).
    public static func peakBytes(ofProcess pid: Int32) -> Int? {
        highWaterMark("/proc/\(pid)/status")
    }

    private static func highWaterMark(_ statusFile: String) -> Int? {
        guard let status = try? FileDescriptor.openForReading(statusFile).read(upTo: 16_384) else { return nil }
        let text = String(decoding: status, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.dropFirst("VmHWM:".count).filter(\.isNumber))
        else { return nil }
        return kilobytes * 1024
    }
}

/// This process.
public enum CurrentProcess {
    /// Its process id. The corresponding C function is `getpid`.
    public static var id: Int32 { getpid() }

    /// Ends the process with `status`. The corresponding C function is `exit`.
    public static func exit(_ status: Int32) -> Never { Glibc.exit(status) }

    /// Has the C allocator give memory back to the system once it is freed: blocks of 512 KiB or more (a big day's
    /// arrays) each in its own mapping, returned when freed, and the free top of the heap returned once it passes
    /// 1 MiB. By default both thresholds rise as big blocks are freed, up to 32 MiB, so that a run kept what one stage
    /// had freed while the next grew elsewhere, and its peak resident memory followed the history rather than the
    /// day. The corresponding C function is `mallopt`.
    public static func returnFreedMemory() {
        _ = mallopt(M_MMAP_THRESHOLD, 512 * 1024)
        _ = mallopt(M_TRIM_THRESHOLD, 1024 * 1024)
    }
}
