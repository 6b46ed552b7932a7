@testable import Delivery
import Foundation
import SystemIO
import TestSupport
import XCTest

/// The sftp client against a real OpenSSH server on 127.0.0.1 (sshd started by the test, as root).
final class SFTPClientTests: XCTestCase {
    private var root: URL!
    private var server: SSHServer!

    override func setUpWithError() throws {
        root = try temporaryDirectory("sftp")
        server = try SSHServer(folder: root.appendingPathComponent("server"))
        try server.start()
    }

    override func tearDown() {
        server?.stop()
        server = nil
    }

    private func client(knownHosts: String? = nil, port: Int? = nil, scratchFolder: String? = nil,
                        program: String = "sftp") -> SFTPClient {
        SFTPClient(
            destination: SFTPDestination(name: "agency", host: "127.0.0.1", port: port ?? server.port, user: server.user,
                                         identityFile: server.userKey, knownHosts: knownHosts ?? server.knownHosts,
                                         remoteDir: server.remoteDir),
            scratchFolder: scratchFolder ?? root.path, program: program)
    }

    private func local(_ name: String, _ text: String) throws -> String {
        let path = root.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func test_upload_arrivesUnderItsFinalName_andLsSeesItsSize() throws {
        let path = try local("transfer.json", "{\"claims\": []}\n")
        XCTAssertNil(try client().remoteSize(of: "2026-05-04-transfer.json"))
        let remote = try client().upload(path, as: "2026-05-04-transfer.json")
        XCTAssertEqual(remote, server.remoteDir + "/2026-05-04-transfer.json")
        XCTAssertEqual(try String(contentsOfFile: remote, encoding: .utf8), "{\"claims\": []}\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: remote + ".part"))
        XCTAssertEqual(try client().remoteSize(of: "2026-05-04-transfer.json"), 15)
    }

    func test_unknownHostKey_isAConfigurationError_andNothingIsSent() throws {
        let path = try local("a.csv", "x\n")
        XCTAssertThrowsError(try client(knownHosts: server.wrongKnownHosts).upload(path, as: "a.csv")) { error in
            let failure = error as? DeliveryError
            XCTAssertEqual(failure?.kind, .configuration, "\(error)")
            XCTAssertTrue(failure?.description.contains("Host key verification failed") ?? false, "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: server.remoteDir), [])
    }

    func test_serverDown_isTemporary() throws {
        server.stop()
        let path = try local("a.csv", "x\n")
        XCTAssertThrowsError(try client().upload(path, as: "a.csv")) { error in
            XCTAssertEqual((error as? DeliveryError)?.kind, .temporary, "\(error)")
            XCTAssertTrue("\(error)".contains("Connection refused"), "\(error)")
        }
    }

    /// An sftp that cannot be started is the delivery's configuration (64), not the file's.
    func test_anSftpThatCannotBeStarted_isAConfigurationError() throws {
        let path = try local("a.csv", "x\n")
        let program = root.appendingPathComponent("no-sftp").path
        XCTAssertThrowsError(try client(program: program).upload(path, as: "a.csv")) {
            let failure = $0 as? DeliveryError
            XCTAssertEqual(failure?.kind, .configuration, "\($0)")
            XCTAssertTrue(failure?.description.contains("no-sftp: cannot start") ?? false, "\($0)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: server.remoteDir), [])
    }

    /// A batch file that cannot be written is this machine's fault, neither the destination's nor the file's: it is
    /// thrown as the system's error, for the run to stop on.
    func test_aBatchFileThatCannotBeWritten_isTheSystemsError() throws {
        let path = try local("a.csv", "x\n")
        let missing = root.appendingPathComponent("no-such-folder").path
        XCTAssertThrowsError(try client(scratchFolder: missing).upload(path, as: "a.csv")) {
            XCTAssertTrue($0 is SystemError, "\($0)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: server.remoteDir), [])
    }

    /// ssh's warnings end their lines with CRLF: the error quotes them as one line, without carriage returns.
    func test_anErrorQuotesSftpsLines_withoutTheirCarriageReturns() {
        let error = SFTPClient.classify(
            status: 255, stderr: "@@@@@@@\r\nREMOTE HOST IDENTIFICATION HAS CHANGED!\r\nHost key verification failed.\r\n",
            destination: client().destination)
        XCTAssertEqual(error.kind, .configuration)
        XCTAssertFalse(error.description.contains("\r"), error.description)
        XCTAssertTrue(error.description.hasSuffix("REMOTE HOST IDENTIFICATION HAS CHANGED!; Host key verification failed."),
                      error.description)
    }

    func test_pathsAreQuotedForTheBatchFile() {
        XCTAssertEqual(SFTPClient.quoted("/a b/c\"d*[1]"), "\"/a b/c\\\"d\\*\\[1\\]\"")
    }
}
