public import Foundation
public import XCTest

/// The package's root folder, found from this file's place in it (Tests/TestSupport/).
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The resident set size of this process now, from /proc/self/statm.
public func residentMemoryBytes() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = statm.split(separator: " ")
    return (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
}

extension XCTestCase {
    /// A new, empty folder under the system's temporary folder, removed when the test ends.
    public func temporaryDirectory(_ label: String = "test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("saatava-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}

/// The sanitizer this test process runs under (`swift test --sanitize=address|thread`), or nil. Told from the
/// sanitizer's runtime being loaded (its `__asan_init` or `__tsan_init`), so that it needs no setting and holds for
/// whoever runs the tests, CI or a person.
public let activeSanitizer: String? = {
    if dlsym(nil, "__asan_init") != nil { return "address" }
    if dlsym(nil, "__tsan_init") != nil { return "thread" }
    return nil
}()

/// Skips a test that measures this process's memory when a sanitizer runs: its shadow memory, quarantine and
/// the history it keeps are counted in the process's resident figures, so the figures say nothing about saatava.
public func skipMemoryFiguresUnderSanitizer() throws {
    if let activeSanitizer {
        throw XCTSkip("memory figures are not measured under the \(activeSanitizer) sanitizer (its own memory counts)")
    }
}
