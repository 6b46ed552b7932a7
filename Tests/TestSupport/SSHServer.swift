public import Foundation
import Glibc
import XCTest

/// A real OpenSSH server for tests: `/usr/sbin/sshd -D -e` on 127.0.0.1 at a free high port, with a throwaway host
/// key, a throwaway user key (the only authorized one) and the internal sftp server. It runs as root (as CI does);
/// elsewhere the tests that need it are skipped with the reason.
public final class SSHServer {
    /// The folder holding the keys, the config, the log and `remote/` (the upload folder).
    public let folder: URL
    public let port: Int
    /// The user key's private half (for `identityFile`).
    public var userKey: String { folder.appendingPathComponent("user_key").path }
    /// A known_hosts file holding this server's host key.
    public var knownHosts: String { folder.appendingPathComponent("known_hosts").path }
    /// A known_hosts file holding another host key: the server's is unknown to it.
    public var wrongKnownHosts: String { folder.appendingPathComponent("wrong_known_hosts").path }
    /// The folder uploads go to (absolute, used as `remoteDir`).
    public var remoteDir: String { folder.appendingPathComponent("remote").path }
    /// What sshd logged (`-E`, with the sftp server's file operations at INFO).
    public var log: String { (try? String(contentsOf: folder.appendingPathComponent("sshd.log"), encoding: .utf8)) ?? "" }
    public var user: String { NSUserName() }
    private var pid: pid_t?

    /// Makes the keys and the config; `start()` starts the server.
    public init(folder: URL) throws {
        guard getuid() == 0 else { throw XCTSkip("the SFTP tests start sshd, which needs root (CI runs the tests as root)") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") else {
            throw XCTSkip("/usr/sbin/sshd is missing: apt-get install openssh-server openssh-client (.ci/run does)")
        }
        self.folder = folder
        port = try Self.freePort()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("remote"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        for key in ["host_key", "user_key", "other_host_key"] {
            try Self.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "saatava-test", "-f",
                                                 folder.appendingPathComponent(key).path])
        }
        func publicKey(_ name: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent(name + ".pub"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try "[127.0.0.1]:\(port) \(try publicKey("host_key"))\n".write(toFile: knownHosts, atomically: true, encoding: .utf8)
        try "[127.0.0.1]:\(port) \(try publicKey("other_host_key"))\n".write(
            toFile: wrongKnownHosts, atomically: true, encoding: .utf8)
        try (try publicKey("user_key") + "\n").write(
            to: folder.appendingPathComponent("authorized_keys"), atomically: true, encoding: .utf8)
        try """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(folder.appendingPathComponent("host_key").path)
            PidFile none
            AuthorizedKeysFile \(folder.appendingPathComponent("authorized_keys").path)
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            PermitRootLogin prohibit-password
            Subsystem sftp internal-sftp -l INFO
            """.write(to: folder.appendingPathComponent("sshd_config"), atomically: true, encoding: .utf8)
    }

    deinit { stop() }

    /// Starts sshd (`-D -E log`) and waits until it accepts connections. It is spawned directly, not with
    /// Foundation's Process: a long-lived Process child kept the test's later `waitUntilExit` from returning.
    public func start() throws {
        let logPath = folder.appendingPathComponent("sshd.log").path
        let arguments = ["/usr/sbin/sshd", "-D", "-E", logPath, "-f", folder.appendingPathComponent("sshd_config").path]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/usr/sbin/sshd", &actions, nil, argv, environ) == 0 else {
            throw XCTSkip("cannot start /usr/sbin/sshd")
        }
        self.pid = pid
        for _ in 0..<250 {
            if log.contains("Server listening") { return }
            usleep(20_000)
        }
        throw XCTSkip("sshd did not start: \(log)")
    }

    /// Stops sshd and every session it started (each a child of the one we started).
    public func stop() {
        guard let pid else { return }
        killSessions()
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        self.pid = nil
    }

    /// Kills the sessions sshd is serving now (its child processes, by id), leaving the server up.
    public func killSessions() {
        guard let parent = pid else { return }
        for child in Self.children(of: parent) {
            for grandchild in Self.children(of: child) { kill(grandchild, SIGKILL) }
            kill(child, SIGKILL)
        }
    }

    private static func children(of pid: Int32) -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap(Int32.init).filter { candidate in
            guard let stat = try? String(contentsOfFile: "/proc/\(candidate)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[1]) == pid
        }
    }

    private static func freePort() throws -> Int {
        for _ in 0..<50 {
            let port = Int.random(in: 22_000...22_999)
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(socket) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if bound == 0 { return port }
        }
        throw XCTSkip("no free port in 22000–22999")
    }

    private static func run(_ program: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw XCTSkip("\(program) failed") }
    }
}
