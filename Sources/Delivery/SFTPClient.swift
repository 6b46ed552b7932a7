import Foundation
import SystemIO

/// OpenSSH's `sftp` in batch mode (`sftp -b FILE`), with strict host-key checking against the destination's own
/// known_hosts, no prompts, and a 10-second connection timeout. A file goes up as `NAME.part` and is then renamed
/// to `NAME`, so the server never shows a partial file under its final name.
public struct SFTPClient: Sendable {
    public let destination: SFTPDestination
    /// The sftp program (found on PATH unless it is a path).
    public let program: String
    /// Where the batch files are written (removed after each call).
    public let scratchFolder: String

    public init(destination: SFTPDestination, scratchFolder: String, program: String = "sftp") {
        self.destination = destination
        self.scratchFolder = scratchFolder
        self.program = program
    }

    /// Uploads a local file to `remoteName` in the remote folder, through `remoteName.part`.
    /// - Returns: The remote path.
    /// - Throws: `DeliveryError` (temporary, or configuration: also when there is no sftp program to start), or
    ///   `SystemError` when the batch file cannot be written or sftp cannot be started for another reason.
    public func upload(_ localPath: String, as remoteName: String) throws -> String {
        let target = destination.remotePath(remoteName)
        _ = try session([
            "put \(Self.quoted(localPath)) \(Self.quoted(target + ".part"))",
            "rename \(Self.quoted(target + ".part")) \(Self.quoted(target))",
        ])
        return target
    }

    /// The size of `remoteName` in the remote folder, or nil when there is no such file (a `.part` does not count).
    /// - Throws: `DeliveryError` (temporary, or configuration: also when there is no sftp program to start), or
    ///   `SystemError` when the batch file cannot be written or sftp cannot be started for another reason.
    public func remoteSize(of remoteName: String) throws -> Int? {
        let listing = try session(["ls -ln \(Self.quoted(destination.remoteDir.isEmpty ? "." : destination.remoteDir))"])
        for line in String(decoding: listing, as: UTF8.self).split(whereSeparator: \.isNewline) {
            // -rw-r--r--    ? 0        0            3 Dec  1 13:26 dir/name
            let fields = line.split(separator: " ", maxSplits: 8, omittingEmptySubsequences: true)
            guard fields.count == 9, fields[0].hasPrefix("-"), let size = Int(fields[4]) else { continue }
            let path = String(fields[8])
            if path == remoteName || path.hasSuffix("/" + remoteName) { return size }
        }
        return nil
    }

    /// Runs one sftp session over the batch commands; returns its standard output.
    private func session(_ commands: [String]) throws -> [UInt8] {
        let batch = scratchFolder + "/sftp-batch-\(CurrentProcess.id).tmp"
        try AtomicFile.write(commands.joined(separator: "\n") + "\n", to: batch, mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: batch) }
        let output: ChildProcess.Output
        do {
            output = try ChildProcess.capture(program, [
                "-b", batch, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=\(destination.knownHosts)", "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "ConnectTimeout=10", "-o", "IdentitiesOnly=yes", "-o", "ServerAliveInterval=10",
                "-o", "ServerAliveCountMax=3", "-i", destination.identityFile, "-P", String(destination.port),
                "--", "\(destination.user)@\(Self.bracketed(destination.host))",
            ])
        } catch {
            // No program to run is the delivery's configuration; any other failure to start is this machine's.
            let noProgram: [Errno] = [.noSuchFileOrDirectory, .permissionDenied, Errno(rawValue: ENOEXEC)]
            guard error.call == "posix_spawnp", noProgram.contains(error.errno) else { throw error }
            throw DeliveryError(kind: .configuration, description: "\(destination.name): \(error) (is OpenSSH's sftp "
                + "installed?), nothing sent")
        }
        guard output.status != 0 else { return output.standardOutput }
        throw Self.classify(status: output.status, stderr: output.errorText, destination: destination)
    }

    /// Whose fault a failed session is. sftp's stderr holds ssh's and the server's messages, never a key or a
    /// password (batch mode asks for none), so it is quoted in the error.
    static func classify(status: Int32, stderr: String, destination: SFTPDestination) -> DeliveryError {
        // Split at every line end: ssh's warnings end theirs with CRLF, which Swift holds as one Character.
        let said = stderr.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("sftp>") }.suffix(4).joined(separator: "; ")
        let place = "\(destination.name) (\(destination.user)@\(destination.host):\(destination.port))"
        let configuration = [
            "Host key verification failed", "Permission denied", "No such file or directory", "not found",
            "no such identity", "Load key", "REMOTE HOST IDENTIFICATION HAS CHANGED",
        ]
        if configuration.contains(where: { stderr.localizedCaseInsensitiveContains($0) }) {
            return DeliveryError(kind: .configuration, description: "\(place): refused, nothing sent: \(said)")
        }
        return DeliveryError(kind: .temporary, description: "\(place): \(said.isEmpty ? "sftp exited with \(status)" : said)")
    }

    /// A path as one sftp batch argument: in double quotes, with `\`, `"` and the glob characters escaped.
    static func quoted(_ path: String) -> String {
        var text = "\""
        for character in path {
            if "\\\"*?[]".contains(character) { text.append("\\") }
            text.append(character)
        }
        return text + "\""
    }

    /// An IPv6 address in brackets, so that ssh does not read its colons as a port.
    private static func bracketed(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }
}
